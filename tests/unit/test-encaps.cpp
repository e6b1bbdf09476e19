/* ovn/controller/encaps (Tunnels) on in-memory Open_vSwitch and
 * Southbound databases. */
#include <config.h>

#include <gtest/gtest.h>

#include "lib/c-ptr.h"
#include "lib/shim/ovsdb-idl-shim.h"
#include "lib/shim/vswitch-idl-shim.h"
#include "lib/smap-owner.h"
#include "ovn/controller/encaps.h"
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
