/* ovn/controller/lflow (and its conjunction IDs and reference index) on
 * in-memory Open_vSwitch and Southbound databases: which Logical_Flows
 * give which desired flows, owned by whom.  No daemon: the flows are
 * ofctrl's desired flows. */
#include <config.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "lib/c-ptr.h"
#include "lib/shim/ovsdb-idl-shim.h"
#include "lib/shim/vswitch-idl-shim.h"
#include "ovn/controller/binding.h"
#include "ovn/controller/lflow-conj-ids.h"
#include "ovn/controller/lflow-refs.h"
#include "ovn/controller/lflow.h"
#include "ovn/controller/ofctrl.h"
#include "ovn/lib/sb-rows.h"
#include "ovn/lib/sb-shim.h"
#include "tests/unit/chassis-fixture.h"
#include "tests/unit/ovs-fixture.h"
#include "tests/unit/sb-fixture.h"

namespace {

namespace sb = ovn::sb;

const ovs::Uuid LFLOW_A(0x11111111, 0x2222, 0x3333, 0x44444444);
const ovs::Uuid LFLOW_B(0x55555555, 0x6666, 0x7777, 0x88888888);
const ovs::Uuid DP_1(0xaaaaaaaa, 0xbbbb, 0xcccc, 0xdddddddd);
const ovs::Uuid DP_2(0x01010101, 0x0202, 0x0303, 0x04040404);

TEST(LflowConjIds, FirstChoiceIsTheHashOfBothUuids)
{
    ovn::LflowConjIds ids;
    const uint32_t first = ovn::LflowConjIds::first_choice(LFLOW_A, DP_1);
    EXPECT_EQ(ids.alloc(LFLOW_A, DP_1, 3), first);
    uint32_t n;
    EXPECT_EQ(ids.find(LFLOW_A, DP_1, &n), first);
    EXPECT_EQ(n, 3u);
    /* Another datapath, another range. */
    EXPECT_EQ(ids.alloc(LFLOW_A, DP_2, 1),
              ovn::LflowConjIds::first_choice(LFLOW_A, DP_2));
    EXPECT_EQ(ids.size(), 4u);
}

TEST(LflowConjIds, ACollisionProbesUpPastTheTakenIds)
{
    ovn::LflowConjIds ids;
    EXPECT_EQ(ids.alloc_from(LFLOW_A, DP_1, 4, 100), 100u);
    /* 101 is taken: the first free range of 2 starts after 103. */
    EXPECT_EQ(ids.alloc_from(LFLOW_B, DP_1, 2, 101), 104u);
    EXPECT_EQ(ids.alloc_from(LFLOW_B, DP_2, 1, 98), 98u);
    /* 98 and 100..105 are taken; 99 alone is too small for 2. */
    EXPECT_EQ(ids.alloc_from(LFLOW_A, DP_2, 2, 98), 106u);
}

TEST(LflowConjIds, RangesNeverWrapNorUseZero)
{
    ovn::LflowConjIds ids;
    /* Three IDs from UINT32_MAX - 1 would wrap: start again from 1. */
    EXPECT_EQ(ids.alloc_from(LFLOW_A, DP_1, 3, UINT32_MAX - 1), 1u);
    EXPECT_EQ(ids.alloc_from(LFLOW_B, DP_1, 1, 0), 4u);
    EXPECT_EQ(ids.alloc_from(LFLOW_B, DP_2, 2, UINT32_MAX - 1),
              UINT32_MAX - 1);
}

TEST(LflowConjIds, ReallocatingAPairReleasesItsOldRange)
{
    ovn::LflowConjIds ids;
    const uint32_t a = ids.alloc(LFLOW_A, DP_1, 2);
    EXPECT_EQ(ids.alloc(LFLOW_A, DP_1, 2), a);
    EXPECT_EQ(ids.size(), 2u);
    ids.free(LFLOW_A);
    EXPECT_EQ(ids.find(LFLOW_A, DP_1), 0u);
    EXPECT_EQ(ids.alloc(LFLOW_A, DP_1, 0), 0u);
}

TEST(LflowConjIds, ReleasingOneDatapathKeepsTheOthersAndFreesItsIds)
{
    ovn::LflowConjIds ids;
    const uint32_t on_1 = ids.alloc(LFLOW_A, DP_1, 2);
    const uint32_t on_2 = ids.alloc(LFLOW_A, DP_2, 1);
    ids.free(LFLOW_A, DP_1);
    EXPECT_EQ(ids.find(LFLOW_A, DP_1), 0u);
    EXPECT_EQ(ids.find(LFLOW_A, DP_2), on_2);
    EXPECT_EQ(ids.size(), 1u);
    /* Its IDs are free for others; coming back, it gets its first choice
     * again, as a recompute would give it. */
    EXPECT_EQ(ids.alloc_from(LFLOW_B, DP_1, 2, on_1), on_1);
    ids.free(LFLOW_B);
    EXPECT_EQ(ids.alloc(LFLOW_A, DP_1, 2), on_1);
    ids.free(LFLOW_A, DP_1);
    ids.free(LFLOW_A, DP_2);
    EXPECT_EQ(ids.size(), 0u);
}

TEST(LflowRefs, ResourcesNameTheirDependentLflows)
{
    ovn::LflowRefs refs;
    refs.add(ovn::LflowRefType::ADDRESS_SET, "as1", LFLOW_A);
    refs.add(ovn::LflowRefType::ADDRESS_SET, "as1", LFLOW_B);
    refs.add(ovn::LflowRefType::PORT_GROUP, "as1", LFLOW_B);
    std::set<ovs::Uuid> found;
    refs.find(ovn::LflowRefType::ADDRESS_SET, "as1", &found);
    EXPECT_EQ(found, (std::set<ovs::Uuid>{LFLOW_A, LFLOW_B}));
    EXPECT_EQ(refs.count(ovn::LflowRefType::PORT_GROUP, "as1"), 1u);
    EXPECT_EQ(refs.count(ovn::LflowRefType::PORT_GROUP, "as2"), 0u);

    refs.remove_lflow(LFLOW_B);
    found.clear();
    refs.find(ovn::LflowRefType::ADDRESS_SET, "as1", &found);
    EXPECT_EQ(found, (std::set<ovs::Uuid>{LFLOW_A}));
    EXPECT_EQ(refs.n_resources(), 1u);
}

/* sw0 (key 1) with VIFs lp1 (key 1, on vif1 here) and lp2 (key 2, not
 * here); sw1 (key 2) with no port here. */
class LflowTest : public ovn_test::ChassisFixture {
protected:
    LflowTest() : ChassisFixture(true) {}

    void
    SetUp() override
    {
        ChassisFixture::SetUp();

        sw0_ = sb_fixture_switch(sb_txn_.get(), 1, "sw0");
        sw1_ = sb_fixture_switch(sb_txn_.get(), 2, "sw1");
        sb_fixture_port(sb_txn_.get(), sw0_, "lp1", 1, "", nullptr, 0,
                        nullptr);
        sb_fixture_port(sb_txn_.get(), sw0_, "lp2", 2, "", nullptr, 0,
                        nullptr);
        ovs_fixture_vif(ovs_txn_.get(), br_, "vif1", "lp1", 5);
        ASSERT_TRUE(bindings_.run(sb_.get(), ix_.get(), sb_txn_.get(), br_,
                                  hv1_));
    }

    ovn::LflowInput
    input() const
    {
        ovn::LflowInput in;
        in.sb = sb_.get();
        in.ix = ix_.get();
        in.chassis = hv1_;
        in.chassis_name = "hv1";
        in.bindings = &bindings_;
        return in;
    }

    ovs::Uuid
    lflow(const sbrec_datapath_binding *dp, int64_t table, int64_t priority,
          const char *match, const char *actions)
    {
        return sb::LogicalFlow(sb_fixture_lflow(sb_txn_.get(), dp, nullptr,
                                                table, priority, match,
                                                actions)).uuid();
    }

    /* The local datapaths once sw1 is local too. */
    std::map<ovs::Uuid, sb::DatapathBinding>
    both_local() const
    {
        std::map<ovs::Uuid, sb::DatapathBinding> local;
        for (const sbrec_datapath_binding *dp : {sw0_, sw1_}) {
            local.emplace(sb::DatapathBinding(dp).uuid(),
                          sb::DatapathBinding(dp));
        }
        return local;
    }

    /* The desired flows 'owner' has, without the owner. */
    static std::vector<std::string>
    flows_of(const ovs::Uuid &owner)
    {
        std::vector<std::string> flows;
        const std::string tag = " owner=logical:" + owner.to_string();
        for (const std::string &f : ovn::ofctrl_dump_desired()) {
            if (f.size() >= tag.size()
                && !f.compare(f.size() - tag.size(), tag.size(), tag)) {
                flows.push_back(f.substr(0, f.size() - tag.size()));
            }
        }
        return flows;
    }

    const sbrec_datapath_binding *sw0_ = nullptr;
    const sbrec_datapath_binding *sw1_ = nullptr;
    ovn::Bindings bindings_;
    ovn::Lflows lflows_;
};

TEST_F(LflowTest, IngressFlowGoesToTable8PlusItsTableWithMetadata)
{
    const ovs::Uuid u = lflow(sw0_, 3, 50, "eth.dst == 50:54:00:00:00:01",
                              "outport = \"lp1\"; output;");
    lflows_.run(input());
    EXPECT_EQ(flows_of(u), (std::vector<std::string>{
        "table=11, priority=50, metadata=0x1,dl_dst=50:54:00:00:00:01 "
        "actions=set_field:0x1->reg15,resubmit(,37)"}));
    EXPECT_EQ(lflows_.stats().errors, 0u);
}

TEST_F(LflowTest, NonLocalDatapathGetsNoFlows)
{
    const ovs::Uuid u = lflow(sw1_, 0, 100, "1", "next;");
    lflows_.run(input());
    EXPECT_TRUE(flows_of(u).empty());
}

TEST_F(LflowTest, MatchOnANonLocalInportIsLeftOut)
{
    const ovs::Uuid here = lflow(sw0_, 0, 100, "inport == \"lp1\"", "next;");
    const ovs::Uuid there = lflow(sw0_, 0, 100, "inport == \"lp2\"",
                                  "next;");
    const ovs::Uuid nowhere = lflow(sw0_, 0, 100, "inport == \"lp9\"",
                                    "next;");
    lflows_.run(input());
    EXPECT_EQ(flows_of(here).size(), 1u);
    EXPECT_TRUE(flows_of(there).empty());
    EXPECT_TRUE(flows_of(nowhere).empty());
    /* lp9 may appear: the flow depends on it. */
    EXPECT_EQ(lflows_.refs().count(ovn::LflowRefType::PORT_BINDING, "lp9"),
              1u);
}

TEST_F(LflowTest, PortGroupsHoldOnlyRelatedPorts)
{
    const char *ports[] = {"lp1", "lp2"};
    sb_fixture_port_group(sb_txn_.get(), "1_pg1", ports, 2);
    const ovs::Uuid u = lflow(sw0_, 0, 100, "inport == @pg1", "next;");
    lflows_.run(input());
    EXPECT_EQ(flows_of(u), (std::vector<std::string>{
        "table=8, priority=100, reg14=0x1,metadata=0x1 "
        "actions=resubmit(,9)"}));
    EXPECT_EQ(lflows_.refs().count(ovn::LflowRefType::PORT_GROUP, "1_pg1"),
              1u);
}

TEST_F(LflowTest, ConjunctiveMatchUsesTheFlowsConjunctionIds)
{
    const char *addrs[] = {"10.0.0.1", "10.0.0.2"};
    sb_fixture_address_set(sb_txn_.get(), "as1", addrs, 2);
    const ovs::Uuid u = lflow(sw0_, 0, 100,
                              "ip4.src == $as1 && tcp.dst == {80, 443}",
                              "next;");
    lflows_.run(input());
    const uint32_t id = lflows_.conj_ids().find(u, sb::DatapathBinding(
                                                       sw0_).uuid());
    ASSERT_NE(id, 0u);
    EXPECT_EQ(id, ovn::LflowConjIds::first_choice(
                      u, sb::DatapathBinding(sw0_).uuid()));
    const std::vector<std::string> flows = flows_of(u);
    EXPECT_EQ(flows.size(), 5u);
    const std::string conj = "conj_id=" + std::to_string(id);
    EXPECT_EQ(std::count_if(flows.begin(), flows.end(),
                            [&](const std::string &f) {
                                return f.find(conj) != std::string::npos;
                            }), 1);
    EXPECT_EQ(lflows_.refs().count(ovn::LflowRefType::ADDRESS_SET, "as1"),
              1u);
}

TEST_F(LflowTest, BadFlowGetsNoFlowsOthersDo)
{
    const ovs::Uuid bad = lflow(sw0_, 0, 100, "ip4.src == ", "next;");
    const ovs::Uuid bad_actions = lflow(sw0_, 0, 100, "ip", "bogus;");
    const ovs::Uuid good = lflow(sw0_, 0, 90, "ip4", "next;");
    lflows_.run(input());
    EXPECT_TRUE(flows_of(bad).empty());
    EXPECT_TRUE(flows_of(bad_actions).empty());
    EXPECT_EQ(flows_of(good).size(), 1u);
    EXPECT_EQ(lflows_.stats().errors, 2u);
}

TEST_F(LflowTest, RecomputeGivesTheSameFlows)
{
    lflow(sw0_, 0, 100, "inport == \"lp1\" && ip4", "ct_next;");
    lflow(sw0_, 5, 10, "tcp.dst == {1, 2} && ip4.dst == {10.0.0.1, 10.0.0.2}",
          "drop;");
    lflows_.run(input());
    const std::vector<std::string> before = ovn::ofctrl_dump_desired();
    lflows_.run(input());
    EXPECT_EQ(ovn::ofctrl_dump_desired(), before);
}

TEST_F(LflowTest, DatapathBecomingLocalIsCompiledAloneLeavingIsNot)
{
    const sbrec_datapath_binding *dps[] = {sw0_, sw1_};
    const sbrec_logical_dp_group *g = sb_fixture_dp_group(sb_txn_.get(),
                                                          dps, 2);
    const ovs::Uuid u = sb::LogicalFlow(sb_fixture_lflow(
                            sb_txn_.get(), nullptr, g, 0, 100, "ip4",
                            "next;")).uuid();
    const sb::DatapathBinding sw0(sw0_), sw1(sw1_);
    std::map<ovs::Uuid, sb::DatapathBinding> local{{sw0.uuid(), sw0}};
    ovn::LflowInput in = input();
    in.local_datapaths = &local;
    lflows_.run(in);
    EXPECT_EQ(flows_of(u).size(), 1u);

    /* sw1 becomes local: the group's flow is compiled on sw1 alone. */
    local.emplace(sw1.uuid(), sw1);
    size_t before = lflows_.stats().lflows_compiled;
    std::set<ovs::Uuid> done;
    ASSERT_TRUE(lflows_.handle_changed_bindings(in, &done));
    EXPECT_EQ(lflows_.stats().lflows_compiled - before, 1u);
    const std::vector<std::string> both = flows_of(u);
    EXPECT_EQ(both.size(), 2u);
    lflows_.run(in);
    EXPECT_EQ(flows_of(u), both);

    /* sw1 stops being local: its flow there goes, nothing compiled. */
    local.erase(sw1.uuid());
    before = lflows_.stats().lflows_compiled;
    done.clear();
    ASSERT_TRUE(lflows_.handle_changed_bindings(in, &done));
    EXPECT_EQ(lflows_.stats().lflows_compiled - before, 0u);
    EXPECT_EQ(lflows_.stats().dp_decrements, 1u);
    const std::vector<std::string> one = flows_of(u);
    lflows_.run(in);
    EXPECT_EQ(flows_of(u), one);
    EXPECT_EQ(one.size(), 1u);
}

/* sw1 becomes local, then stops being local: its localport is related
 * while it is (so that a match on it is kept), its VIF bound elsewhere
 * never is, and only sw1's ports are looked at again, not sw0's nor the
 * Southbound's. */
TEST_F(LflowTest, ADatapathThatComesOrGoesRelatesOnlyItsOwnPorts)
{
    sb_fixture_port(sb_txn_.get(), sw1_, "lp3", 1, "localport", nullptr, 0,
                    nullptr);
    sb_fixture_port(sb_txn_.get(), sw1_, "lp4", 2, "", nullptr, 0, nullptr);
    const ovs::Uuid localport = lflow(sw1_, 0, 100, "inport == \"lp3\"",
                                      "next;");
    const ovs::Uuid elsewhere = lflow(sw1_, 0, 100, "inport == \"lp4\"",
                                      "next;");
    lflows_.run(input());
    ASSERT_TRUE(flows_of(localport).empty());

    std::map<ovs::Uuid, sb::DatapathBinding> local = both_local();
    ovn::LflowInput in = input();
    in.local_datapaths = &local;
    std::set<ovs::Uuid> done;
    ASSERT_TRUE(lflows_.handle_changed_bindings(in, &done));
    EXPECT_EQ(flows_of(localport), (std::vector<std::string>{
        "table=8, priority=100, reg14=0x1,metadata=0x2 "
        "actions=resubmit(,9)"}));
    EXPECT_TRUE(flows_of(elsewhere).empty());
    EXPECT_EQ(lflows_.stats().ports_related_checked, 2u);

    local.erase(sb::DatapathBinding(sw1_).uuid());
    done.clear();
    ASSERT_TRUE(lflows_.handle_changed_bindings(in, &done));
    EXPECT_TRUE(flows_of(localport).empty());
    EXPECT_EQ(lflows_.stats().ports_related_checked, 4u);

    /* Nothing moved: nothing looked at again. */
    done.clear();
    ASSERT_TRUE(lflows_.handle_changed_bindings(in, &done));
    EXPECT_EQ(lflows_.stats().ports_related_checked, 4u);
}

/* A datapath group's flow gets the flows of a datapath that becomes
 * local without being compiled again for those it had: the same flows as
 * a recompute, for one compilation. */
TEST_F(LflowTest, ADatapathThatBecomesLocalCompilesOnlyItsOwnFlows)
{
    const sbrec_datapath_binding *both[] = {sw0_, sw1_};
    const sbrec_logical_dp_group *g = sb_fixture_dp_group(sb_txn_.get(),
                                                          both, 2);
    const ovs::Uuid shared = sb::LogicalFlow(
        sb_fixture_lflow(sb_txn_.get(), nullptr, g, 2, 10,
                         "ip4.dst == {10.0.0.1, 10.0.0.2}", "next;"))
        .uuid();
    const ovs::Uuid own = lflow(sw1_, 0, 100, "1", "next;");
    lflows_.run(input());
    ASSERT_EQ(flows_of(shared).size(), 2u);
    ASSERT_TRUE(flows_of(own).empty());

    std::map<ovs::Uuid, sb::DatapathBinding> local = both_local();
    ovn::LflowInput in = input();
    in.local_datapaths = &local;
    const size_t compiled = lflows_.stats().lflows_compiled;
    std::set<ovs::Uuid> done;
    ASSERT_TRUE(lflows_.handle_changed_bindings(in, &done));
    /* sw1 for each: the group's flow on sw0 is left as it is. */
    EXPECT_EQ(lflows_.stats().lflows_compiled - compiled, 2u);
    EXPECT_EQ(lflows_.stats().dp_increments, 1u);
    EXPECT_EQ(flows_of(shared).size(), 4u);
    EXPECT_EQ(flows_of(own).size(), 1u);
    const std::vector<std::string> joined = ovn::ofctrl_dump_desired();
    lflows_.run(in);
    EXPECT_EQ(ovn::ofctrl_dump_desired(), joined);

    /* And back. */
    local.erase(sb::DatapathBinding(sw1_).uuid());
    done.clear();
    ASSERT_TRUE(lflows_.handle_changed_bindings(in, &done));
    EXPECT_EQ(flows_of(shared).size(), 2u);
    EXPECT_TRUE(flows_of(own).empty());
}

/* Datapaths that become local together each get the flows of every group
 * that contains them, and only there: a group's flow is looked at on the
 * datapaths that joined it, not on the group's others. */
TEST_F(LflowTest, DatapathsJoiningTogetherEachGetTheirGroupsFlows)
{
    const sbrec_datapath_binding *sw2 = sb_fixture_switch(sb_txn_.get(), 3,
                                                          "sw2");
    const sbrec_datapath_binding *sw3 = sb_fixture_switch(sb_txn_.get(), 4,
                                                          "sw3");
    const sbrec_datapath_binding *all[] = {sw0_, sw1_, sw2, sw3};
    const sbrec_datapath_binding *some[] = {sw0_, sw2};
    const ovs::Uuid wide = sb::LogicalFlow(sb_fixture_lflow(
        sb_txn_.get(), nullptr, sb_fixture_dp_group(sb_txn_.get(), all, 4),
        2, 10, "ip4", "next;")).uuid();
    const ovs::Uuid narrow = sb::LogicalFlow(sb_fixture_lflow(
        sb_txn_.get(), nullptr, sb_fixture_dp_group(sb_txn_.get(), some, 2),
        3, 10, "ip6", "next;")).uuid();
    lflows_.run(input());
    ASSERT_EQ(flows_of(wide).size(), 1u);
    ASSERT_EQ(flows_of(narrow).size(), 1u);

    /* sw1 and sw2 join; sw3 stays away. */
    std::map<ovs::Uuid, sb::DatapathBinding> local = both_local();
    local.emplace(sb::DatapathBinding(sw2).uuid(), sb::DatapathBinding(sw2));
    ovn::LflowInput in = input();
    in.local_datapaths = &local;
    std::set<ovs::Uuid> done;
    ASSERT_TRUE(lflows_.handle_changed_bindings(in, &done));
    EXPECT_EQ(flows_of(wide), (std::vector<std::string>{
        "table=10, priority=10, ip,metadata=0x1 actions=resubmit(,11)",
        "table=10, priority=10, ip,metadata=0x2 actions=resubmit(,11)",
        "table=10, priority=10, ip,metadata=0x3 actions=resubmit(,11)"}));
    EXPECT_EQ(flows_of(narrow), (std::vector<std::string>{
        "table=11, priority=10, ipv6,metadata=0x1 actions=resubmit(,12)",
        "table=11, priority=10, ipv6,metadata=0x3 actions=resubmit(,12)"}));
    EXPECT_EQ(lflows_.stats().dp_increments, 3u);
    /* The same as compiling them all again. */
    const std::vector<std::string> joined = ovn::ofctrl_dump_desired();
    lflows_.run(in);
    EXPECT_EQ(ovn::ofctrl_dump_desired(), joined);
}

/* The flows a datapath takes away when it stops being local are those
 * of the key they were compiled with: a new tunnel key that comes with
 * its leaving does not leave the old flows behind. */
TEST_F(LflowTest, ADatapathLeavingWithANewKeyTakesItsOldFlowsAway)
{
    const sbrec_datapath_binding *both[] = {sw0_, sw1_};
    const sbrec_logical_dp_group *g = sb_fixture_dp_group(sb_txn_.get(),
                                                          both, 2);
    const ovs::Uuid shared = sb::LogicalFlow(
        sb_fixture_lflow(sb_txn_.get(), nullptr, g, 0, 100, "ip4",
                         "next;")).uuid();
    std::map<ovs::Uuid, sb::DatapathBinding> local = both_local();
    ovn::LflowInput in = input();
    in.local_datapaths = &local;
    lflows_.run(in);
    ASSERT_EQ(flows_of(shared), (std::vector<std::string>{
        "table=8, priority=100, ip,metadata=0x1 actions=resubmit(,9)",
        "table=8, priority=100, ip,metadata=0x2 actions=resubmit(,9)"}));

    sb_fixture_datapath_set_tunnel_key(sw1_, 7);
    local.erase(sb::DatapathBinding(sw1_).uuid());
    std::set<ovs::Uuid> done;
    ASSERT_TRUE(lflows_.handle_changed_bindings(in, &done));
    EXPECT_EQ(flows_of(shared), (std::vector<std::string>{
        "table=8, priority=100, ip,metadata=0x1 actions=resubmit(,9)"}));
}

/* A datapath that stops being local takes its flows away and compiles
 * nothing: the group's flow keeps its flows, and their conjunction IDs,
 * on the others; the tables are a recompute's, and so they are when it
 * comes back. */
TEST_F(LflowTest, ADatapathThatStopsBeingLocalCompilesNothing)
{
    const sbrec_datapath_binding *both[] = {sw0_, sw1_};
    const sbrec_logical_dp_group *g = sb_fixture_dp_group(sb_txn_.get(),
                                                          both, 2);
    const ovs::Uuid shared = sb::LogicalFlow(
        sb_fixture_lflow(sb_txn_.get(), nullptr, g, 2, 10,
                         "ip4.src == {10.0.0.1, 10.0.0.2} "
                         "&& tcp.dst == {80, 443}", "next;"))
        .uuid();
    const ovs::Uuid own = lflow(sw1_, 0, 100, "1", "next;");
    std::map<ovs::Uuid, sb::DatapathBinding> local = both_local();
    ovn::LflowInput in = input();
    in.local_datapaths = &local;
    lflows_.run(in);
    /* Two clauses of two values and the conjunction's flow, on each. */
    ASSERT_EQ(flows_of(shared).size(), 10u);
    ASSERT_EQ(flows_of(own).size(), 1u);
    ASSERT_EQ(lflows_.conj_ids().size(), 2u);
    const std::vector<std::string> both_flows = ovn::ofctrl_dump_desired();

    local.erase(sb::DatapathBinding(sw1_).uuid());
    const size_t compiled = lflows_.stats().lflows_compiled;
    std::set<ovs::Uuid> done;
    ASSERT_TRUE(lflows_.handle_changed_bindings(in, &done));
    EXPECT_EQ(lflows_.stats().lflows_compiled, compiled);
    EXPECT_EQ(lflows_.stats().dp_decrements, 2u);
    EXPECT_EQ(flows_of(shared).size(), 5u);
    EXPECT_TRUE(flows_of(own).empty());
    EXPECT_EQ(lflows_.conj_ids().size(), 1u);
    EXPECT_EQ(lflows_.conj_ids().find(shared, sb::DatapathBinding(sw1_)
                                              .uuid()), 0u);
    const std::vector<std::string> left = ovn::ofctrl_dump_desired();
    lflows_.run(in);
    EXPECT_EQ(ovn::ofctrl_dump_desired(), left);

    /* Back (after a recompute), away and back again (without one). */
    for (int i = 0; i < 2; i++) {
        local = both_local();
        done.clear();
        ASSERT_TRUE(lflows_.handle_changed_bindings(in, &done));
        EXPECT_EQ(ovn::ofctrl_dump_desired(), both_flows);
        local.erase(sb::DatapathBinding(sw1_).uuid());
        done.clear();
        ASSERT_TRUE(lflows_.handle_changed_bindings(in, &done));
        EXPECT_EQ(ovn::ofctrl_dump_desired(), left);
    }
    EXPECT_EQ(lflows_.stats().dp_decrements, 6u);
}

/* A port bound here joins, port by port, the flows of the groups that
 * hold it, split per datapath by the Southbound ("<key>_<name>") or not,
 * and only those: a group that does not hold it compiles nothing. */
TEST_F(LflowTest, ABoundPortJoinsOnlyTheFlowsOfItsGroups)
{
    sb_fixture_port(sb_txn_.get(), sw0_, "lp3", 3, "", nullptr, 0,
                    nullptr);
    ovs_fixture_vif(ovs_txn_.get(), br_, "vif3", "lp3", 7);
    const char *with[] = {"lp1", "lp2", "lp3"};
    const char *without[] = {"lp1", "lp3"};
    sb_fixture_port_group(sb_txn_.get(), "1_pg1", with, 3);
    sb_fixture_port_group(sb_txn_.get(), "1_pg2", without, 2);
    sb_fixture_port_group(sb_txn_.get(), "pg3", with, 3);
    const ovs::Uuid in_pg1 = lflow(sw0_, 0, 100, "inport == @pg1 && ip4",
                                   "next;");
    const ovs::Uuid in_pg2 = lflow(sw0_, 0, 100, "inport == @pg2 && ip4",
                                   "next;");
    const ovs::Uuid out_pg3 = lflow(sw0_, 0, 100,
                                    "outport == @pg3 && ip4", "next;");
    ASSERT_TRUE(bindings_.run(sb_.get(), ix_.get(), sb_txn_.get(), br_,
                              hv1_));
    bindings_.clear_changes();
    lflows_.run(input());
    ASSERT_EQ(flows_of(in_pg1).size(), 2u);
    ASSERT_EQ(flows_of(in_pg2).size(), 2u);
    ASSERT_EQ(flows_of(out_pg3).size(), 2u);
    const std::vector<std::string> pg2_flows = flows_of(in_pg2);

    /* lp2 bound here: pg1's and pg3's flows get lp2's flow alone. */
    ovs_fixture_vif(ovs_txn_.get(), br_, "vif2", "lp2", 6);
    ASSERT_TRUE(bindings_.run(sb_.get(), ix_.get(), sb_txn_.get(), br_,
                              hv1_));
    const ovn::LflowStats before = lflows_.stats();
    std::set<ovs::Uuid> done;
    ASSERT_TRUE(lflows_.handle_changed_bindings(input(), &done));
    EXPECT_EQ(lflows_.stats().lflows_compiled, before.lflows_compiled);
    EXPECT_EQ(lflows_.stats().pg_increments - before.pg_increments, 2u);
    EXPECT_EQ(flows_of(in_pg1).size(), 3u);
    EXPECT_EQ(flows_of(out_pg3).size(), 3u);
    EXPECT_EQ(flows_of(in_pg2), pg2_flows);

    /* The same tables as a recompute. */
    const std::vector<std::string> flows = ovn::ofctrl_dump_desired();
    lflows_.run(input());
    EXPECT_EQ(ovn::ofctrl_dump_desired(), flows);
}

/* A port that joins or leaves a port group gets or loses the flows that
 * another port of the group got when the Logical_Flow was compiled whole,
 * with its own key, without compiling: the same tables as a recompute,
 * for plain and conjunctive matches, several matches a port, either
 * pipeline, and a group of the datapath's own ("<key>_<name>").  A port
 * bound or released here recompiles only the Logical_Flows that name it
 * themselves (their flows on a port not related here are left out, and
 * is_chassis_resident() changes). */
TEST_F(LflowTest, APortJoiningAGroupGetsAnotherPortsFlowsWithItsKey)
{
    const char *names[] = {"lp1", "lp2", "lp3", "lp4", "lp5"};
    for (int i = 3; i <= 5; i++) {
        sb_fixture_port(sb_txn_.get(), sw0_, names[i - 1], i, "", nullptr,
                        0, nullptr);
    }
    sb_fixture_port_group(sb_txn_.get(), "pg1", names, 5);
    sb_fixture_port_group(sb_txn_.get(), "1_pg2", names, 5);
    const char *addrs[] = {"10.0.0.1", "10.0.0.2", "10.0.0.3"};
    sb_fixture_address_set(sb_txn_.get(), "as1", addrs, 3);
    const std::vector<ovs::Uuid> followers = {
        lflow(sw0_, 4, 1002, "outport == @pg1 && ip4 && ip4.src == $as1",
              "next;"),
        lflow(sw0_, 5, 1001, "inport == @pg1 && (ct.new || ct.est) && ip4",
              "ct_commit; next;"),
        lflow(sw0_, 6, 1000, "inport == @pg2 && tcp.dst == {80, 443}",
              "drop;"),
        lflow(sw0_, 7, 900, "outport == @pg2 && ip6", "reg0[1] = 1; next;"),
        lflow(sw0_, 8, 800,
              "outport == @pg1 && ip4.src == $as1 && tcp.dst == {80, 443}",
              "next;"),
        lflow(sw0_, 9, 700, "(inport == @pg1 && ip4) || (ip6 && udp)",
              "next;"),
        lflow(sw0_, 10, 600,
              "outport == @pg2 && ct.est && ct_mark.blocked == 0", "next;"),
    };
    /* Another flow tests the group's field: compiled, port by port. */
    const ovs::Uuid compiled
        = lflow(sw0_, 11, 500,
                "(inport == @pg1 && ip4) || (inport == \"lp1\" && ip6)",
                "next;");
    ovs_fixture_vif(ovs_txn_.get(), br_, "vif2", "lp2", 6);
    ASSERT_TRUE(bindings_.run(sb_.get(), ix_.get(), sb_txn_.get(), br_,
                              hv1_));
    bindings_.clear_changes();
    lflows_.run(input());
    for (const ovs::Uuid &u : followers) {
        ASSERT_FALSE(flows_of(u).empty());
    }
    ASSERT_FALSE(flows_of(compiled).empty());
    /* Flows that name lp3 and lp4 themselves. */
    const ovs::Uuid names_lp3 = lflow(sw0_, 12, 400,
                                      "inport == \"lp3\" && ip4", "next;");
    const ovs::Uuid resident_lp4
        = lflow(sw0_, 13, 300, "is_chassis_resident(\"lp4\") && ip4",
                "next;");
    lflows_.run(input());
    ASSERT_TRUE(flows_of(names_lp3).empty());
    ASSERT_TRUE(flows_of(resident_lp4).empty());

    auto step = [&](const char *what, size_t n_compiled) {
        SCOPED_TRACE(what);
        ASSERT_TRUE(bindings_.run(sb_.get(), ix_.get(), sb_txn_.get(), br_,
                                  hv1_));
        const ovn::LflowStats before = lflows_.stats();
        std::set<ovs::Uuid> done;
        ASSERT_TRUE(lflows_.handle_changed_bindings(input(), &done));
        bindings_.clear_changes();
        EXPECT_EQ(lflows_.stats().lflows_compiled - before.lflows_compiled,
                  n_compiled);
        EXPECT_EQ(lflows_.stats().pg_member_flows - before.pg_member_flows,
                  followers.size());
        EXPECT_EQ(lflows_.stats().pg_increments - before.pg_increments,
                  followers.size() + 1);
        const std::vector<std::string> flows = ovn::ofctrl_dump_desired();
        lflows_.run(input());
        EXPECT_EQ(ovn::ofctrl_dump_desired(), flows);
    };
    /* lp3, lp4, lp5 join one at a time, then lp4 and lp3 leave. */
    const ovsrec_interface *vif3 = ovs_fixture_vif(ovs_txn_.get(), br_,
                                                   "vif3", "lp3", 7);
    step("lp3 joins", 1);
    EXPECT_EQ(flows_of(names_lp3).size(), 1u);
    const ovsrec_interface *vif4 = ovs_fixture_vif(ovs_txn_.get(), br_,
                                                   "vif4", "lp4", 8);
    step("lp4 joins", 1);
    EXPECT_EQ(flows_of(resident_lp4).size(), 1u);
    const std::vector<std::string> four = flows_of(followers[0]);
    ovs_fixture_vif(ovs_txn_.get(), br_, "vif5", "lp5", 9);
    step("lp5 joins", 0);
    EXPECT_GT(flows_of(followers[0]).size(), four.size());
    ovs_fixture_remove_port(br_, vif4);
    step("lp4 leaves", 1);
    EXPECT_TRUE(flows_of(resident_lp4).empty());
    ovs_fixture_remove_port(br_, vif3);
    step("lp3 leaves", 1);
    EXPECT_TRUE(flows_of(names_lp3).empty());
    EXPECT_LT(flows_of(followers[0]).size(), four.size());
}

/* 'flows' without their priority and conjunction IDs, sorted: two
 * Logical_Flows with the same match and actions at two priorities give
 * the same. */
std::vector<std::string>
without_priority_and_conj_ids(std::vector<std::string> flows)
{
    static const std::regex priority(", priority=[0-9]+, ");
    static const std::regex conj("(conjunction\\(|conj_id=)[0-9]+");
    for (std::string &f : flows) {
        f = std::regex_replace(f, priority, ", ");
        f = std::regex_replace(f, conj, "$1ID");
    }
    std::sort(flows.begin(), flows.end());
    return flows;
}

/* A Logical_Flow whose match names a large address set once, its flows
 * following the addresses one by one, is compiled with two addresses,
 * the others getting the flows of one of them with their own: the flows
 * are those of the same match with the addresses written out.  Matches
 * whose flows do not follow the set, and sets with a masked value, are
 * compiled whole. */
TEST_F(LflowTest, ALargeAddressSetIsCompiledWithTwoOfItsAddresses)
{
    ovs_fixture_vif(ovs_txn_.get(), br_, "vif2", "lp2", 6);
    ASSERT_TRUE(bindings_.run(sb_.get(), ix_.get(), sb_txn_.get(), br_,
                              hv1_));
    const char *ports[] = {"lp1", "lp2"};
    sb_fixture_port_group(sb_txn_.get(), "pg1", ports, 2);
    /* Enough for the others to go in several parts. */
    std::vector<std::string> addrs;
    for (int i = 1; i <= 600; i++) {
        addrs.push_back("10.0." + std::to_string(i / 16) + "."
                        + std::to_string(i % 16 * 3 + 1));
    }
    std::vector<std::string> masked = addrs;
    masked.push_back("10.1.0.0/16");
    auto c_strings = [](const std::vector<std::string> &v) {
        std::vector<const char *> c;
        for (const std::string &s : v) {
            c.push_back(s.c_str());
        }
        return c;
    };
    sb_fixture_address_set(sb_txn_.get(), "big", c_strings(addrs).data(),
                           addrs.size());
    sb_fixture_address_set(sb_txn_.get(), "bigm", c_strings(masked).data(),
                           masked.size());
    auto written_out = [](const std::vector<std::string> &v) {
        std::string text = "{";
        for (const std::string &a : v) {
            text += (text.size() > 1 ? ", " : "") + a;
        }
        return text + "}";
    };

    struct Case {
        const char *match;      /* SET: the set, or its addresses. */
        const char *set;
        bool bulk;
    };
    const Case cases[] = {
        {"outport == @pg1 && ip4 && ip4.src == SET", "big", true},
        {"ip4.dst == SET && tcp.dst == {80, 443}", "big", true},
        {"inport == \"lp1\" && ip4.src == SET", "big", true},
        /* The set's values in one disjunction with another field's. */
        {"ip4.src == SET || ip4.dst == 10.9.9.9", "big", false},
        /* Another flow tests the set's field. */
        {"ip4.src == SET || ip4.src == 10.9.9.9", "big", false},
        /* A masked value. */
        {"outport == @pg1 && ip4.src == SET", "bigm", false},
    };
    std::vector<std::pair<ovs::Uuid, ovs::Uuid>> lflows;
    int table = 1;
    for (const Case &c : cases) {
        std::string m(c.match);
        const size_t at = m.find("SET");
        std::string with_set = m, with_addrs = m;
        with_set.replace(at, 3, std::string("$") + c.set);
        with_addrs.replace(at, 3, written_out(!strcmp(c.set, "big")
                                              ? addrs : masked));
        const ovs::Uuid a = lflow(sw0_, table, 100, with_set.c_str(),
                                  "next;");
        const ovs::Uuid b = lflow(sw0_, table++, 200, with_addrs.c_str(),
                                  "next;");
        lflows.emplace_back(a, b);
    }
    lflows_.run(input());

    size_t n_bulk = 0;
    for (size_t i = 0; i < lflows.size(); i++) {
        SCOPED_TRACE(cases[i].match);
        n_bulk += cases[i].bulk;
        const std::vector<std::string> flows = flows_of(lflows[i].first);
        EXPECT_GE(flows.size(), addrs.size());
        EXPECT_EQ(without_priority_and_conj_ids(flows),
                  without_priority_and_conj_ids(flows_of(lflows[i].second)));
    }
    EXPECT_EQ(lflows_.stats().as_bulk, n_bulk);
    EXPECT_EQ(lflows_.stats().errors, 0u);
}

}  // namespace
