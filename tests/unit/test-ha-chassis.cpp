/* Tests for ovn/controller/ha-chassis: the order of an HA group's chassis
 * and whether this chassis is the active one, as OVN 23.03 decides it
 * (priorities, then BFD's active tunnels), and HaPorts claiming and
 * releasing a distributed gateway port as that changes. */

#include <config.h>

#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ovn/controller/ha-chassis.h"
#include "ovn/lib/sb-rows.h"
#include "tests/unit/chassis-fixture.h"
#include "tests/unit/sb-fixture-ha.h"
#include "tests/unit/sb-fixture.h"

namespace {

namespace sb = ovn::sb;
using ovn::ha_chassis_is_active;
using ovn::ha_chassis_ordered;
using Tunnels = std::set<std::string>;

/* Chassis hv1 (this one, from the fixture), hv2 and hv3; router lr0 with
 * its distributed gateway port's chassisredirect port cr-lr0-pub. */
class HaChassisTest : public ovn_test::ChassisFixture {
protected:
    void
    SetUp() override
    {
        ChassisFixture::SetUp();
        hv2_ = add_chassis("hv2", "geneve", "10.0.0.2");
        hv3_ = add_chassis("hv3", "geneve", "10.0.0.3");
        lr0_ = sb::DatapathBinding(sb_fixture_datapath(sb_txn_.get(), 3,
                                                       "lr0"));
        cr_ = sb::PortBinding(sb_fixture_port(sb_txn_.get(), lr0_.get(),
                                              "cr-lr0-pub", 2,
                                              "chassisredirect", nullptr, 0,
                                              nullptr));
    }

    /* Gives cr-lr0-pub an HA_Chassis_Group of 'members' with
     * 'priorities'. */
    void
    group(const std::vector<sb::Chassis> &members,
          const std::vector<int64_t> &priorities)
    {
        std::vector<const sbrec_chassis *> rows;
        for (sb::Chassis ch : members) {
            rows.push_back(ch.get());
        }
        sb_fixture_port_set_ha_chassis_group(
            cr_.get(), sb_fixture_ha_chassis_group(
                           sb_txn_.get(), "lr0-pub", rows.data(), nullptr,
                           priorities.data(), rows.size()));
    }

    std::vector<std::string>
    ordered_names()
    {
        std::vector<std::string> names;
        for (sb::Chassis ch : ha_chassis_ordered(cr_)) {
            names.emplace_back(ch.name());
        }
        return names;
    }

    sb::Chassis hv2_;
    sb::Chassis hv3_;
    sb::DatapathBinding lr0_;
    sb::PortBinding cr_;
};

TEST_F(HaChassisTest, OrderedByDecreasingPriorityThenName)
{
    group({hv3_, hv1_, hv2_}, {10, 30, 10});
    EXPECT_EQ((std::vector<std::string>{"hv1", "hv2", "hv3"}),
              ordered_names());
}

TEST_F(HaChassisTest, GatewayChassisWhenThereIsNoGroup)
{
    sb_fixture_gateway_chassis(sb_txn_.get(), cr_.get(), "lr0-pub_hv2",
                               hv2_.get(), 20);
    sb_fixture_gateway_chassis(sb_txn_.get(), cr_.get(), "lr0-pub_hv1",
                               hv1_.get(), 10);
    EXPECT_EQ((std::vector<std::string>{"hv2", "hv1"}), ordered_names());

    /* The group, when there is one, wins over Gateway_Chassis. */
    group({hv3_}, {1});
    EXPECT_EQ((std::vector<std::string>{"hv3"}), ordered_names());
}

TEST_F(HaChassisTest, MemberNamingNoChassisIsLeftOut)
{
    const sbrec_chassis *rows[] = {hv1_.get(), nullptr};
    const char *names[] = {nullptr, "hv9"};
    const int64_t priorities[] = {10, 20};
    sb_fixture_port_set_ha_chassis_group(
        cr_.get(), sb_fixture_ha_chassis_group(sb_txn_.get(), "lr0-pub",
                                               rows, names, priorities, 2));
    EXPECT_EQ((std::vector<std::string>{"hv1"}), ordered_names());
}

TEST_F(HaChassisTest, NobodyIsActiveInAnEmptyGroup)
{
    EXPECT_FALSE(ha_chassis_is_active({}, hv1_, Tunnels{"hv2"}));
    EXPECT_FALSE(ha_chassis_is_active({hv1_}, sb::Chassis(), Tunnels{}));
}

TEST_F(HaChassisTest, GroupOfOneNeedsNoBfd)
{
    EXPECT_TRUE(ha_chassis_is_active({hv1_}, hv1_, Tunnels{}));
    EXPECT_FALSE(ha_chassis_is_active({hv2_}, hv1_, Tunnels{}));
    EXPECT_FALSE(ha_chassis_is_active({hv2_}, hv1_, Tunnels{"hv2"}));
}

TEST_F(HaChassisTest, WithoutActiveTunnelsNobodyTakesTheGroup)
{
    /* Cut off from every other chassis of the group, even the chassis of
     * highest priority does not take the port. */
    EXPECT_FALSE(ha_chassis_is_active({hv1_, hv2_}, hv1_, Tunnels{}));
    EXPECT_FALSE(ha_chassis_is_active({hv2_, hv1_}, hv1_, Tunnels{}));
}

TEST_F(HaChassisTest, HighestPriorityReachableChassisIsActive)
{
    /* hv1 first: active as soon as BFD reaches another member. */
    EXPECT_TRUE(ha_chassis_is_active({hv1_, hv2_}, hv1_, Tunnels{"hv2"}));
    EXPECT_TRUE(ha_chassis_is_active({hv1_, hv2_, hv3_}, hv1_,
                                     Tunnels{"hv3"}));
    /* hv1 second: the first is reachable, and so active. */
    EXPECT_FALSE(ha_chassis_is_active({hv2_, hv1_}, hv1_, Tunnels{"hv2"}));
    EXPECT_FALSE(ha_chassis_is_active({hv2_, hv1_, hv3_}, hv1_,
                                      Tunnels{"hv2", "hv3"}));
}

TEST_F(HaChassisTest, FailoverWhenTheFirstChassisTunnelGoesDown)
{
    /* hv2's BFD session is down, hv3's up: hv1, second, takes over. */
    EXPECT_TRUE(ha_chassis_is_active({hv2_, hv1_, hv3_}, hv1_,
                                     Tunnels{"hv3"}));
    /* And hv3, last, stays standby while hv1 is reachable from it. */
    EXPECT_FALSE(ha_chassis_is_active({hv2_, hv1_, hv3_}, hv3_,
                                      Tunnels{"hv1"}));
    /* An active tunnel to a chassis outside the group changes nothing. */
    EXPECT_TRUE(ha_chassis_is_active({hv2_, hv1_}, hv1_, Tunnels{"hv9"}));
}

TEST_F(HaChassisTest, NotAMemberIsNeverActive)
{
    EXPECT_FALSE(ha_chassis_is_active({hv2_, hv3_}, hv1_, Tunnels{}));
    EXPECT_FALSE(ha_chassis_is_active({hv2_, hv3_}, hv1_, Tunnels{"hv9"}));
}

TEST_F(HaChassisTest, HaPortsClaimsAndReleasesAsBfdChanges)
{
    group({hv1_, hv2_}, {20, 10});
    ovn::HaPorts ports;

    /* No BFD yet: hv1 is a member (lr0 is local) but not active. */
    EXPECT_TRUE(ports.run(sb_.get(), sb_txn_.get(), hv1_, Tunnels{},
                          true));
    EXPECT_FALSE(ports.is_active(cr_));
    EXPECT_EQ((std::set<std::string>{"cr-lr0-pub"}), ports.lports());
    EXPECT_EQ(1u, ports.datapaths().count(lr0_.uuid()));
    EXPECT_FALSE(cr_.chassis());

    /* BFD reaches hv2: hv1, of higher priority, claims the port. */
    ports.clear_changes();
    EXPECT_TRUE(ports.run(sb_.get(), sb_txn_.get(), hv1_, Tunnels{"hv2"},
                          false));
    EXPECT_TRUE(ports.is_active(cr_));
    EXPECT_TRUE(ports.is_active("cr-lr0-pub"));
    EXPECT_EQ((std::set<std::string>{"cr-lr0-pub"}), ports.changed_lports());
    EXPECT_EQ(hv1_, cr_.chassis());

    /* Nothing changed: nothing to report. */
    ports.clear_changes();
    EXPECT_FALSE(ports.run(sb_.get(), sb_txn_.get(), hv1_, Tunnels{"hv2"},
                           false));
    EXPECT_TRUE(ports.changed_lports().empty());

    /* BFD lost hv2: cut off, hv1 releases the port. */
    EXPECT_TRUE(ports.run(sb_.get(), sb_txn_.get(), hv1_, Tunnels{},
                          false));
    EXPECT_FALSE(ports.is_active(cr_));
    EXPECT_FALSE(cr_.chassis());
}

TEST_F(HaChassisTest, HaPortsStandbyChassisDoesNotClaim)
{
    group({hv1_, hv2_}, {10, 20});
    ovn::HaPorts ports;
    ports.run(sb_.get(), sb_txn_.get(), hv1_, Tunnels{"hv2"}, true);
    EXPECT_FALSE(ports.is_active(cr_));
    EXPECT_EQ((std::set<std::string>{"cr-lr0-pub"}), ports.lports());
    EXPECT_FALSE(cr_.chassis());

    /* Without a transaction, the claim waits for one. */
    ports.run(sb_.get(), nullptr, hv1_, Tunnels{"hv3"}, false);
    EXPECT_TRUE(ports.is_active(cr_));
    EXPECT_FALSE(cr_.chassis());
    ports.run(sb_.get(), sb_txn_.get(), hv1_, Tunnels{"hv3"}, false);
    EXPECT_EQ(hv1_, cr_.chassis());
}

}  // namespace
