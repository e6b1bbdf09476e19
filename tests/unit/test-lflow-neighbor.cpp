/* ovn/controller/lflow-neighbor: tables 66 and 67 from MAC_Binding and
 * Static_MAC_Binding rows, as 23.03 computes them (the expected flows
 * are Debian's ovn-controller's), and what a change to one row costs. */
#include <config.h>

#include "ovn/controller/lflow-neighbor.h"
#include "tests/unit/lflow-side-test.h"

namespace {

using Flows = std::vector<std::string>;

class NeighborTest : public SideFlowTest {
protected:
    ovn::sb::MacBinding
    mac_binding(ovn::sb::DatapathBinding dp, const char *lport,
                const char *ip, const char *mac)
    {
        return ovn::sb::MacBinding(
            sb_fixture_mac_binding(txn_.get(), dp.get(), lport, ip, mac));
    }

    ovn::NeighborFlows neighbor_;
};

TEST_F(NeighborTest, MacBindingIpv4GetsTables66And67AtPriority100)
{
    const ovn::sb::MacBinding mb = mac_binding(sw0_, "lp1", "10.0.0.50",
                                               "00:00:00:00:00:50");
    neighbor_.run(input());
    EXPECT_EQ(flows_of(mb.uuid()), (Flows{
        "table=66, priority=100, reg0=0xa000032,reg15=0x1,metadata=0x1 "
        "actions=set_field:00:00:00:00:00:50->eth_dst,"
        "set_field:0x40/0x40->reg10",
        "table=67, priority=100, arp,reg0=0xa000032,reg14=0x1,metadata=0x1,"
        "dl_src=00:00:00:00:00:50 actions=set_field:0x40/0x40->reg10",
    }));
}

TEST_F(NeighborTest, MacBindingIpv6MatchesXxreg0AndNeighborAdverts)
{
    const ovn::sb::MacBinding mb = mac_binding(sw0_, "lp2", "fd00::50",
                                               "00:00:00:00:00:51");
    neighbor_.run(input());
    EXPECT_EQ(flows_of(mb.uuid()), (Flows{
        "table=66, priority=100, reg0=0xfd000000,reg1=0,reg2=0,reg3=0x50,"
        "reg15=0x2,metadata=0x1 actions=set_field:00:00:00:00:00:51->eth_dst,"
        "set_field:0x40/0x40->reg10",
        "table=67, priority=100, icmp6,reg0=0xfd000000,reg1=0,reg2=0,"
        "reg3=0x50,reg14=0x2,metadata=0x1,dl_src=00:00:00:00:00:51,"
        "icmp_code=0 actions=set_field:0x40/0x40->reg10",
    }));
}

TEST_F(NeighborTest, StaticBindingIsBelowLearnedUnlessItOverrides)
{
    const ovn::sb::StaticMacBinding low(sb_fixture_static_mac_binding(
        txn_.get(), sw0_.get(), "lp1", "10.0.0.60", "00:00:00:00:00:60",
        false));
    const ovn::sb::StaticMacBinding high(sb_fixture_static_mac_binding(
        txn_.get(), sw0_.get(), "lp2", "fd00::60", "00:00:00:00:00:61",
        true));
    neighbor_.run(input());
    const Flows l = flows_of(low.uuid());
    const Flows h = flows_of(high.uuid());
    ASSERT_EQ(l.size(), 2u);
    ASSERT_EQ(h.size(), 2u);
    for (const std::string &f : l) {
        EXPECT_NE(f.find("priority=50, "), std::string::npos) << f;
    }
    for (const std::string &f : h) {
        EXPECT_NE(f.find("priority=150, "), std::string::npos) << f;
    }
}

TEST_F(NeighborTest, RowsOfDatapathsNotLocalHaveNoFlows)
{
    const ovn::sb::MacBinding mb = mac_binding(sw1_, "lp3", "10.0.0.50",
                                               "00:00:00:00:00:50");
    const ovn::sb::MacBinding no_port = mac_binding(sw0_, "nope",
                                                    "10.0.0.51",
                                                    "00:00:00:00:00:51");
    neighbor_.run(input());
    EXPECT_TRUE(flows_of(mb.uuid()).empty());
    EXPECT_TRUE(flows_of(no_port.uuid()).empty());
    EXPECT_EQ(neighbor_.n_owners(), 0u);
}

TEST_F(NeighborTest, BadMacOrIpGetsNoFlowsOthersKeepTheirs)
{
    const ovn::sb::MacBinding good = mac_binding(sw0_, "lp1", "10.0.0.50",
                                                 "00:00:00:00:00:50");
    const ovn::sb::MacBinding bad_mac = mac_binding(sw0_, "lp1",
                                                    "10.0.0.51", "zz:00");
    const ovn::sb::MacBinding bad_ip = mac_binding(sw0_, "lp1", "ten",
                                                   "00:00:00:00:00:52");
    neighbor_.run(input());
    EXPECT_EQ(flows_of(good.uuid()).size(), 2u);
    EXPECT_TRUE(flows_of(bad_mac.uuid()).empty());
    EXPECT_TRUE(flows_of(bad_ip.uuid()).empty());
}

TEST_F(NeighborTest, AddingAndRemovingOneRowTouchesOnlyItsFlows)
{
    const ovn::sb::MacBinding a = mac_binding(sw0_, "lp1", "10.0.0.50",
                                              "00:00:00:00:00:50");
    neighbor_.run(input());
    const Flows before = all_flows();

    const ovn::sb::MacBinding b = mac_binding(sw0_, "lp2", "10.0.0.70",
                                              "00:00:00:00:00:70");
    neighbor_.handle_mac_binding(input(), b.uuid());
    Flows after = all_flows();
    EXPECT_EQ(after.size(), before.size() + 2);
    EXPECT_EQ(flows_of(b.uuid()).size(), 2u);
    EXPECT_EQ(flows_of(a.uuid()).size(), 2u);

    const ovs::Uuid b_uuid = b.uuid();
    sb_fixture_mac_binding_delete(b.get());
    neighbor_.handle_mac_binding(input(), b_uuid);
    EXPECT_EQ(all_flows(), before);
}

TEST_F(NeighborTest, ChangedRowReplacesItsFlows)
{
    const ovn::sb::MacBinding mb = mac_binding(sw0_, "lp1", "10.0.0.50",
                                               "00:00:00:00:00:50");
    neighbor_.run(input());
    sb_fixture_mac_binding_set_mac(mb.get(), "00:00:00:00:00:99");
    neighbor_.handle_mac_binding(input(), mb.uuid());
    const Flows f = flows_of(mb.uuid());
    ASSERT_EQ(f.size(), 2u);
    for (const std::string &s : f) {
        EXPECT_EQ(s.find("00:00:00:00:00:50"), std::string::npos) << s;
        EXPECT_NE(s.find("00:00:00:00:00:99"), std::string::npos) << s;
    }
}

TEST_F(NeighborTest, DatapathLeavingAndComingBackTakesAndBringsItsRows)
{
    const ovn::sb::MacBinding mb = mac_binding(sw0_, "lp1", "10.0.0.50",
                                               "00:00:00:00:00:50");
    neighbor_.run(input());
    const Flows before = all_flows();
    neighbor_.remove_datapath(sw0_.uuid());
    EXPECT_TRUE(flows_of(mb.uuid()).empty());
    neighbor_.add_datapath(input(), sw0_);
    EXPECT_EQ(all_flows(), before);
}

TEST_F(NeighborTest, RecomputeGivesTheSameFlows)
{
    mac_binding(sw0_, "lp1", "10.0.0.50", "00:00:00:00:00:50");
    neighbor_.run(input());
    const Flows before = all_flows();
    neighbor_.run(input());
    EXPECT_EQ(all_flows(), before);
}

}  // namespace
