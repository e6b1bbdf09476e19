/* ovn/controller/binding on in-memory Open_vSwitch and Southbound
 * databases (tests/unit/ovs-fixture.h, sb-fixture.h): no daemon. */
#include <config.h>

#include <gtest/gtest.h>

#include "lib/c-ptr.h"
#include "lib/shim/ovsdb-idl-shim.h"
#include "lib/shim/vswitch-idl-shim.h"
#include "ovn/controller/binding.h"
#include "ovn/lib/sb-rows.h"
#include "ovn/lib/sb-shim.h"
#include "tests/unit/ovs-fixture.h"
#include "tests/unit/sb-fixture.h"

namespace {

namespace sb = ovn::sb;

constexpr const char NO_SERVER[] = "unix:/nonexistent/ovn-cxx/db.sock";

class BindingsTest : public ::testing::Test {
protected:
    void
    SetUp() override
    {
        sb::Indexes *ix;
        sb_.reset(sb_gen_idl_create(NO_SERVER, true, &ix));
        ix_.reset(ix);
        sb_txn_.reset(ovs_shim_idl_txn_create(sb_.get()));
        ovs_.reset(ovs_shim_vswitch_idl_create(NO_SERVER));
        ovs_txn_.reset(ovs_shim_idl_txn_create(ovs_.get()));

        const char *types[] = {"geneve"};
        hv1_ = sb::Chassis(sb_shim_chassis_register(
                               sb_txn_.get(), "hv1", "h1", types, 1,
                               "10.0.0.1"));
        sw0_ = sb::DatapathBinding(sb_fixture_datapath(sb_txn_.get(), 1,
                                                       "sw0"));
        sw1_ = sb::DatapathBinding(sb_fixture_datapath(sb_txn_.get(), 2,
                                                       "sw1"));
        lp1_ = sb::PortBinding(sb_fixture_port(sb_txn_.get(), sw0_.get(),
                                               "lp1", 1, "", nullptr, 0,
                                               nullptr));
        lp2_ = sb::PortBinding(sb_fixture_port(sb_txn_.get(), sw1_.get(),
                                               "lp2", 1, "", nullptr, 0,
                                               nullptr));
        patch_ = sb::PortBinding(sb_fixture_port(sb_txn_.get(), sw0_.get(),
                                                 "patch1", 2, "patch",
                                                 nullptr, 0, nullptr));
        br_ = ovs_fixture_bridge(ovs_txn_.get(), "br-int");
    }

    bool
    run(bool with_txn = true)
    {
        return bindings_.run(ix_.get(), with_txn ? sb_txn_.get() : nullptr,
                             br_, hv1_);
    }

    ovs::IdlPtr sb_;
    sb::IndexesPtr ix_;
    ovs::IdlTxnPtr sb_txn_;
    ovs::IdlPtr ovs_;
    ovs::IdlTxnPtr ovs_txn_;
    sb::Chassis hv1_;
    sb::DatapathBinding sw0_, sw1_;
    sb::PortBinding lp1_, lp2_, patch_;
    const ovsrec_bridge *br_ = nullptr;
    ovn::Bindings bindings_;
};

TEST_F(BindingsTest, NoInterfaceNoBinding)
{
    EXPECT_TRUE(run());
    EXPECT_TRUE(bindings_.bindings().empty());
    EXPECT_TRUE(bindings_.local_datapaths().empty());
    EXPECT_FALSE(lp1_.chassis());
}

TEST_F(BindingsTest, InterfaceNamingAVifClaimsItAndMakesItsDatapathLocal)
{
    ovs_fixture_vif(ovs_txn_.get(), br_, "vif1", "lp1", 5);
    EXPECT_TRUE(run());
    const ovn::LocalBinding *b = bindings_.find("lp1");
    ASSERT_NE(b, nullptr);
    EXPECT_EQ(b->pb, lp1_);
    EXPECT_EQ(b->ofport, 5);
    EXPECT_EQ(lp1_.chassis(), hv1_);
    EXPECT_EQ(bindings_.local_datapaths().size(), 1u);
    EXPECT_TRUE(bindings_.is_local_datapath(sw0_));
    EXPECT_FALSE(bindings_.is_local_datapath(sw1_));
    EXPECT_TRUE(bindings_.datapaths_changed());
    EXPECT_EQ(bindings_.changed_port_bindings(),
              std::set<ovs::Uuid>{lp1_.uuid()});

    /* Nothing new: no change. */
    bindings_.clear_changes();
    EXPECT_TRUE(run());
    EXPECT_TRUE(bindings_.changed_port_bindings().empty());
    EXPECT_FALSE(bindings_.datapaths_changed());
}

TEST_F(BindingsTest, OnlyVifsAreBound)
{
    ovs_fixture_vif(ovs_txn_.get(), br_, "p", "patch1", 6);
    ovs_fixture_vif(ovs_txn_.get(), br_, "x", "no-such-port", 7);
    ovs_fixture_vif(ovs_txn_.get(), br_, "y", nullptr, 8);
    EXPECT_TRUE(run());
    EXPECT_TRUE(bindings_.bindings().empty());
    EXPECT_FALSE(patch_.chassis());
}

TEST_F(BindingsTest, ClaimWaitsForATransaction)
{
    ovs_fixture_vif(ovs_txn_.get(), br_, "vif1", "lp1", 5);
    EXPECT_FALSE(run(false));
    EXPECT_FALSE(lp1_.chassis());
    /* Bound all the same: its flows need not wait. */
    EXPECT_NE(bindings_.find("lp1"), nullptr);
    EXPECT_TRUE(run(true));
    EXPECT_EQ(lp1_.chassis(), hv1_);
}

TEST_F(BindingsTest, InterfaceGoneReleasesThePort)
{
    ovs_fixture_vif(ovs_txn_.get(), br_, "vif1", "lp1", 5);
    ovs_fixture_vif(ovs_txn_.get(), br_, "vif2", "lp2", 6);
    EXPECT_TRUE(run());
    EXPECT_EQ(bindings_.local_datapaths().size(), 2u);
    bindings_.clear_changes();

    ovs_fixture_clear_ports(br_);
    ovs_fixture_vif(ovs_txn_.get(), br_, "vif2", "lp2", 6);
    EXPECT_TRUE(run());
    EXPECT_FALSE(lp1_.chassis());
    EXPECT_EQ(lp1_.up(), std::optional<bool>(false));
    EXPECT_EQ(lp2_.chassis(), hv1_);
    EXPECT_EQ(bindings_.find("lp1"), nullptr);
    EXPECT_FALSE(bindings_.is_local_datapath(sw0_));
    EXPECT_TRUE(bindings_.datapaths_changed());
    EXPECT_EQ(bindings_.changed_port_bindings(),
              std::set<ovs::Uuid>{lp1_.uuid()});
}

TEST_F(BindingsTest, PortHeldByThisChassisWithoutInterfaceIsReleased)
{
    /* Left claimed by an earlier process. */
    sb_shim_port_binding_set_chassis(lp2_.get(), hv1_.get());
    EXPECT_TRUE(run());
    EXPECT_FALSE(lp2_.chassis());
}

TEST_F(BindingsTest, TwoInterfacesWithOneIfaceIdBindOnlyOne)
{
    ovs_fixture_vif(ovs_txn_.get(), br_, "vif1", "lp1", 5);
    ovs_fixture_vif(ovs_txn_.get(), br_, "vif1b", "lp1", 6);
    EXPECT_TRUE(run());
    EXPECT_EQ(bindings_.bindings().size(), 1u);
    /* Which one depends on the order of the bridge's ports. */
    const int64_t ofport = bindings_.find("lp1")->ofport;
    EXPECT_TRUE(ofport == 5 || ofport == 6) << ofport;
}

}  // namespace
