/* Tests for ovn/controller/gateway: which l3gateway and l2gateway ports
 * this chassis hosts and claims. */

#include <config.h>

#include <optional>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "lib/c-ptr.h"
#include "lib/shim/ovsdb-idl-shim.h"
#include "ovn/controller/gateway.h"
#include "ovn/lib/sb-rows.h"
#include "ovn/lib/sb-shim.h"
#include "tests/unit/sb-fixture.h"

namespace {

namespace sb = ovn::sb;

constexpr const char NO_SERVER[] = "unix:/nonexistent/ovn-cxx/db.sock";

/* Gateway router gw (gw-ls3) and switch ls3 (ls3-gw), both ports of type
 * l3gateway naming 'host'; a VIF on ls3. */
class GatewayTest : public ::testing::Test {
protected:
    void
    SetUp() override
    {
        sb::Indexes *ix;
        sb_.reset(sb_gen_idl_create(NO_SERVER, true, &ix));
        ix_.reset(ix);
        txn_.reset(ovs_shim_idl_txn_create(sb_.get()));
        const char *types[] = {"geneve"};
        hv1_ = sb::Chassis(sb_shim_chassis_register(
                               txn_.get(), "hv1", "h1", types, 1,
                               "10.0.0.1"));
        gw_ = sb::DatapathBinding(sb_fixture_datapath(txn_.get(), 7, "gw"));
        ls3_ = sb::DatapathBinding(sb_fixture_datapath(txn_.get(), 8,
                                                       "ls3"));
        gw_ls3_ = port(gw_, "gw-ls3", "l3gateway");
        ls3_gw_ = port(ls3_, "ls3-gw", "l3gateway");
        vif_ = port(ls3_, "ls3-port1", "");
        host("hv1");
    }

    sb::PortBinding
    port(sb::DatapathBinding dp, const char *name, const char *type)
    {
        return sb::PortBinding(sb_fixture_port(txn_.get(), dp.get(), name,
                                               ++key_, type, nullptr, 0,
                                               nullptr));
    }

    void
    host(const char *chassis)
    {
        for (sb::PortBinding pb : {gw_ls3_, ls3_gw_}) {
            sb_fixture_port_set_option(pb.get(), "l3gateway-chassis",
                                       chassis);
        }
    }

    ovs::IdlPtr sb_;
    sb::IndexesPtr ix_;
    ovs::IdlTxnPtr txn_;
    int64_t key_ = 0;
    sb::Chassis hv1_;
    sb::DatapathBinding gw_, ls3_;
    sb::PortBinding gw_ls3_, ls3_gw_, vif_;
    ovn::GatewayPorts gateways_;
};

TEST_F(GatewayTest, PortsNamingThisChassisAreClaimedAndTheirDatapathsLocal)
{
    EXPECT_TRUE(gateways_.run(sb_.get(), txn_.get(), hv1_, true));
    EXPECT_TRUE(gw_ls3_.chassis() == hv1_);
    EXPECT_TRUE(ls3_gw_.chassis() == hv1_);
    EXPECT_FALSE(vif_.chassis());
    EXPECT_TRUE(gateways_.is_resident(gw_ls3_));
    EXPECT_FALSE(gateways_.is_resident(vif_));
    EXPECT_EQ(gateways_.datapaths().size(), 2u);
    EXPECT_EQ(gateways_.lports(),
              (std::set<std::string>{"gw-ls3", "ls3-gw"}));
}

TEST_F(GatewayTest, PortsNamingAnotherChassisAreNotClaimed)
{
    host("hv2");
    gateways_.run(sb_.get(), txn_.get(), hv1_, true);
    EXPECT_FALSE(gw_ls3_.chassis());
    EXPECT_TRUE(gateways_.datapaths().empty());
}

TEST_F(GatewayTest, ClaimedPortNamingAnotherChassisIsReleased)
{
    gateways_.run(sb_.get(), txn_.get(), hv1_, true);
    host("hv2");
    gateways_.run(sb_.get(), txn_.get(), hv1_, true);
    EXPECT_FALSE(gw_ls3_.chassis());
    EXPECT_FALSE(ls3_gw_.chassis());
    EXPECT_FALSE(gateways_.is_resident(gw_ls3_));
    EXPECT_TRUE(gateways_.datapaths().empty());
}

TEST_F(GatewayTest, WithoutTransactionTheClaimWaits)
{
    gateways_.run(sb_.get(), nullptr, hv1_, true);
    EXPECT_FALSE(gw_ls3_.chassis());
    /* Hosted here all the same: the datapaths are local. */
    EXPECT_TRUE(gateways_.is_resident(gw_ls3_));
}

TEST_F(GatewayTest, L2gatewayPortIsClaimedAndSetUpButNoRouterPort)
{
    const sb::PortBinding l2gw = port(ls3_, "l2gw", "l2gateway");
    sb_fixture_port_set_option(l2gw.get(), "l2gateway-chassis", "hv1");
    gateways_.run(sb_.get(), txn_.get(), hv1_, true);
    EXPECT_TRUE(l2gw.chassis() == hv1_);
    EXPECT_EQ(l2gw.up(), std::optional<bool>(true));
    EXPECT_TRUE(gateways_.is_l2_resident(l2gw));
    EXPECT_FALSE(gateways_.is_l3_resident(l2gw));
    EXPECT_TRUE(gateways_.is_l3_resident(gw_ls3_));
    EXPECT_FALSE(gateways_.is_l2_resident(gw_ls3_));
    EXPECT_TRUE(gateways_.lports().count("l2gw"));
}

TEST_F(GatewayTest, L2gatewayOptionDoesNotPlaceAnL3gatewayPort)
{
    /* Each type has its own option. */
    sb_fixture_port_set_option(gw_ls3_.get(), "l3gateway-chassis", "hv2");
    sb_fixture_port_set_option(gw_ls3_.get(), "l2gateway-chassis", "hv1");
    gateways_.run(sb_.get(), txn_.get(), hv1_, true);
    EXPECT_FALSE(gateways_.is_resident(gw_ls3_));
    EXPECT_FALSE(gw_ls3_.chassis());
}

}  // namespace
