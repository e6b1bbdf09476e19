/* ovn/controller/encaps (Tunnels) on in-memory Open_vSwitch and
 * Southbound databases. */
#include <config.h>

#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "lib/c-ptr.h"
#include "lib/shim/ovsdb-idl-shim.h"
#include "lib/shim/vswitch-idl-shim.h"
#include "lib/smap-owner.h"
#include "ovn/controller/bfd.h"
#include "ovn/controller/encaps.h"
#include "ovn/controller/ovs-tracked.h"
#include "ovn/lib/sb-rows.h"
#include "ovn/lib/sb-shim.h"
#include "tests/unit/chassis-fixture.h"
#include "tests/unit/ovs-fixture.h"

namespace {

namespace sb = ovn::sb;

/* This chassis hv1 and another, hv2, at 192.168.0.2 with csum=true. */
class TunnelsTest : public ovn_test::ChassisFixture {
protected:
    void
    SetUp() override
    {
        ChassisFixture::SetUp();
        hv2_ = add_peer("hv2", "geneve", "192.168.0.2");
    }

    /* Another chassis, whose encap has csum=true. */
    sb::Chassis
    add_peer(const char *name, const char *type, const char *ip)
    {
        const sb::Chassis ch = add_chassis(name, type, ip);
        ovs::Smap options;
        options.add("csum", "true");
        sb_shim_chassis_set_encap_options(ch.get(), options.get());
        return ch;
    }

    bool
    run(bool with_txn = true)
    {
        return tunnels_.run(with_txn ? ovs_txn_.get() : nullptr, br_,
                            sb_.get(), hv1_);
    }

    sb::Chassis hv2_;
    ovn::Tunnels tunnels_;
};

TEST_F(TunnelsTest, ExistingPortOfAnotherChassisIsItsTunnel)
{
    ovs_fixture_tunnel(ovs_txn_.get(), br_, "ovn-hv2-0", "hv2@192.168.0.2",
                       "192.168.0.2", 9);
    EXPECT_TRUE(run());
    EXPECT_FALSE(tunnels_.incomplete());
    const ovn::Tunnel *t = tunnels_.find("hv2");
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(t->ofport, 9);
    EXPECT_EQ(t->chassis, hv2_.uuid());
    /* None to this chassis itself. */
    EXPECT_EQ(tunnels_.find("hv1"), nullptr);
    /* The same again: no change. */
    EXPECT_FALSE(run());
}

TEST_F(TunnelsTest, MissingPortWaitsForATransaction)
{
    EXPECT_FALSE(run(false));
    EXPECT_TRUE(tunnels_.incomplete());
    EXPECT_TRUE(tunnels_.tunnels().empty());
    /* With one, the port is added (usable once it has an OpenFlow
     * port). */
    EXPECT_FALSE(run(true));
    EXPECT_FALSE(tunnels_.incomplete());
}

TEST_F(TunnelsTest, PortOfAChassisThatMovedIsNotUsed)
{
    ovs_fixture_tunnel(ovs_txn_.get(), br_, "ovn-hv2-0", "hv2@10.9.9.9",
                       "10.9.9.9", 9);
    EXPECT_FALSE(run(false));
    EXPECT_TRUE(tunnels_.incomplete());
    EXPECT_EQ(tunnels_.find("hv2"), nullptr);
}

TEST_F(TunnelsTest, ChassisWithABadEncapIsSkipped)
{
    add_peer("hv3", "geneve", "not-an-ip");
    add_peer("hv4", "vxlan", "192.168.0.4");
    ovs_fixture_tunnel(ovs_txn_.get(), br_, "ovn-hv2-0", "hv2@192.168.0.2",
                       "192.168.0.2", 9);
    EXPECT_TRUE(run(false));
    /* Nothing to add for hv3 and hv4: not even incomplete. */
    EXPECT_FALSE(tunnels_.incomplete());
    EXPECT_EQ(tunnels_.tunnels().size(), 1u);
    EXPECT_NE(tunnels_.find("hv2"), nullptr);
}

}  // namespace

namespace {

/* bfd.h's list of br-int's tunnel ports, kept across changes that leave
 * it as it was: the Port rows that the IDL's change tracking would name
 * are given here, the in-memory IDL tracking none. */
class BfdTunnelPortsTest : public ovn_test::ChassisFixture {
protected:
    std::vector<std::string>
    names(unsigned int seqno, const ovn::PortChanges &changes = {})
    {
        std::vector<std::string> v;
        for (const auto &[name, iface] : ports_.get(br_, seqno, changes)) {
            EXPECT_NE(iface, nullptr);
            v.push_back(name);
        }
        std::sort(v.begin(), v.end());
        return v;
    }

    /* The UUID of the Port of br-int whose interface is 'iface'. */
    ovs::Uuid
    port_of(const ovsrec_interface *iface) const
    {
        const ovsrec_port *port = ovs_fixture_port_of(br_, iface);
        EXPECT_NE(port, nullptr);
        return port ? ovs::Uuid(*ovs_shim_port_uuid(port)) : ovs::Uuid();
    }

    ovn::PortChanges
    changed(const ovsrec_interface *iface) const
    {
        ovn::PortChanges changes;
        changes.changed.push_back(port_of(iface));
        return changes;
    }

    ovn::BfdTunnelPorts ports_;
};

TEST_F(BfdTunnelPortsTest, FollowsTunnelsComingAndGoingNotVifs)
{
    const ovsrec_interface *hv2 = ovs_fixture_tunnel(
        ovs_txn_.get(), br_, "ovn-hv2-0", "hv2@192.168.0.2", "192.168.0.2",
        10);
    EXPECT_EQ(names(1), std::vector<std::string>{"hv2"});

    /* A new VIF changes the set of ports, not the list. */
    const ovsrec_interface *vif = ovs_fixture_vif(ovs_txn_.get(), br_,
                                                  "vif1", "lp1", 5);
    EXPECT_EQ(names(2, changed(vif)), std::vector<std::string>{"hv2"});

    /* A new port with an ovn-chassis-id is in it. */
    const ovsrec_interface *hv3 = ovs_fixture_tunnel(
        ovs_txn_.get(), br_, "ovn-hv3-0", "hv3", "192.168.0.3", 11);
    EXPECT_EQ(names(3, changed(hv3)),
              (std::vector<std::string>{"hv2", "hv3"}));

    /* A tunnel's port deleted is gone from the list. */
    ovn::PortChanges deleted;
    deleted.deleted.push_back(port_of(hv2));
    ovs_fixture_remove_port(br_, hv2);
    EXPECT_EQ(names(4, deleted), std::vector<std::string>{"hv3"});

    /* Another bridge: walked. */
    const ovsrec_bridge *br_ex = ovs_fixture_bridge(ovs_txn_.get(), "br-ex");
    ovs_fixture_tunnel(ovs_txn_.get(), br_ex, "ovn-hv4-0", "hv4",
                       "192.168.0.4", 12);
    EXPECT_EQ(ports_.get(br_ex, 5, {}).size(), 1u);
}

TEST_F(BfdTunnelPortsTest, OnlyTheNamedPortsAreLookedAt)
{
    const ovsrec_interface *hv2 = ovs_fixture_tunnel(
        ovs_txn_.get(), br_, "ovn-hv2-0", "hv2", "192.168.0.2", 10);
    const ovsrec_interface *vif = ovs_fixture_vif(ovs_txn_.get(), br_,
                                                  "vif1", "lp1", 5);
    EXPECT_EQ(names(1), std::vector<std::string>{"hv2"});
    /* An interface's ofport: no Port row changed. */
    ovs_fixture_set_ofport(vif, 6);
    EXPECT_EQ(names(2), std::vector<std::string>{"hv2"});
    /* A tunnel that the changes do not name is not looked for... */
    ovs_fixture_tunnel(ovs_txn_.get(), br_, "ovn-hv3-0", "hv3", "192.168.0.3",
                       11);
    EXPECT_EQ(names(3), std::vector<std::string>{"hv2"});
    /* ...unless ports may have moved from another bridge: br-int's are
     * walked. */
    ovn::PortChanges moved;
    moved.moved = true;
    EXPECT_EQ(names(4, moved), (std::vector<std::string>{"hv2", "hv3"}));
    /* A change of a listed tunnel's Port row (another interface) has the
     * list made again. */
    const ovs::Uuid hv2_port = port_of(hv2);
    const ovsrec_interface *other = ovs_fixture_vif(ovs_txn_.get(), nullptr,
                                                    "ovn-hv2-1", nullptr, 12);
    ovs_fixture_set_port_interface(
        ovs_shim_bridge_port_by_uuid(br_, &hv2_port.get()), other);
    ovn::PortChanges replaced;
    replaced.changed.push_back(hv2_port);
    const ovn::BfdTunnelPorts::List &list = ports_.get(br_, 5, replaced);
    ASSERT_EQ(list.size(), 2u);
    EXPECT_TRUE(list[0].second == other || list[1].second == other);
}

TEST_F(BfdTunnelPortsTest, InvalidatedListIsWalkedAgain)
{
    ovs_fixture_tunnel(ovs_txn_.get(), br_, "ovn-hv2-0", "hv2",
                       "192.168.0.2", 10);
    EXPECT_EQ(names(1).size(), 1u);
    /* The same seqno gives the same list, however the rows changed... */
    ovs_fixture_clear_ports(br_);
    EXPECT_EQ(names(1).size(), 1u);
    /* ...unless the caller lost the tracked changes. */
    ports_.invalidate();
    EXPECT_TRUE(names(1).empty());
}

}  // namespace
