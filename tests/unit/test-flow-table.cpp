/* Desired flows, installed flows and the put diff (ofctrl issue sections 1
 * and 2), one rule per test. */
#include <config.h>

#include <initializer_list>

#include "tests/unit/ofctrl-test-util.h"

namespace ovn_test {
namespace {

using ovn::AddFlowResult;

class DesiredFlows : public OfctrlTablesTest {};
class InstalledFlows : public OfctrlTablesTest {
protected:
    /* What a previous run of ours left on the switch: 'flows', owned by
     * owner(1), put by tables of their own. */
    void install_previously(std::initializer_list<const char *> flows)
    {
        ovn::OfctrlTables previous;
        for (const char *flow : flows) {
            ovs::FlowSpec spec = ovs::parse_flow(flow);
            previous.add_flow(spec.table_id, spec.priority, spec.match,
                              spec.actions, owner(1));
        }
        previous.put(sw);
    }

    /* Takes 'flow' as dumped from the switch with owner(1)'s cookie. */
    bool adopt(const char *flow, bool foreign = false)
    {
        ovs::FlowSpec spec = ovs::parse_flow(flow);
        return tables.flows().adopt_installed(
            spec.table_id, spec.priority, spec.match, spec.actions.data(),
            spec.actions.size(), owner(1).first_word(), foreign);
    }
};

const char FLOW_A[] = "table=8,priority=100,metadata=0x1,reg14=0x1,"
                      "actions=resubmit(,9)";
const char FLOW_A_OTHER_ACTIONS[] = "table=8,priority=100,metadata=0x1,"
                                    "reg14=0x1,actions=drop";
const char FLOW_B[] = "table=8,priority=100,metadata=0x1,reg14=0x2,"
                      "actions=resubmit(,9)";
const char MATCH_A[] = "metadata=0x1,reg14=0x1";
const char MATCH_B[] = "metadata=0x1,reg14=0x2";

TEST_F(DesiredFlows, SameKeySameOwnerSameActionsIsDropped)
{
    EXPECT_EQ(AddFlowResult::ADDED, add(owner(1), FLOW_A));
    EXPECT_EQ(AddFlowResult::DUPLICATE, add(owner(1), FLOW_A));
    EXPECT_EQ(1u, tables.flows().stats().n_desired);
    EXPECT_EQ(1u, tables.flows().dump_desired().size());
}

TEST_F(DesiredFlows, SameKeySameOwnerNewActionsReplaceTheOldOnes)
{
    add(owner(1), FLOW_A);
    EXPECT_EQ(AddFlowResult::REPLACED, add(owner(1), FLOW_A_OTHER_ACTIONS));

    std::vector<std::string> desired = tables.flows().dump_desired();
    ASSERT_EQ(1u, desired.size());
    EXPECT_NE(std::string::npos, desired[0].find("actions=drop"));
    put();
    ASSERT_NE(nullptr, switch_flow(8, 100, MATCH_A));
    EXPECT_EQ("drop", switch_flow(8, 100, MATCH_A)->actions);
}

TEST_F(DesiredFlows, SameKeyDifferentOwnersAreBothKept)
{
    EXPECT_EQ(AddFlowResult::ADDED, add(owner(1), FLOW_A));
    EXPECT_EQ(AddFlowResult::ADDED, add(owner(2), FLOW_A_OTHER_ACTIONS));
    EXPECT_EQ(2u, tables.flows().stats().n_desired);
    EXPECT_EQ(1u, tables.flows().stats().n_keys);
}

TEST_F(DesiredFlows, RemovingAnOwnerRemovesOnlyItsFlows)
{
    add(owner(1), FLOW_A);
    add(owner(1), FLOW_B);
    add(owner(2), FLOW_A);
    put();

    tables.remove_flows(owner(1));
    EXPECT_EQ(1u, tables.flows().stats().n_desired);
    ovn::PutStats stats = put();
    EXPECT_EQ(1u, stats.flow_dels);               /* FLOW_B. */
    EXPECT_EQ(1u, stats.flow_adds);               /* FLOW_A, owner 2. */
    EXPECT_EQ(nullptr, switch_flow(8, 100, MATCH_B));
    ASSERT_NE(nullptr, switch_flow(8, 100, MATCH_A));
    EXPECT_EQ(owner(2).first_word(), switch_flow(8, 100, MATCH_A)->cookie);
}

TEST_F(DesiredFlows, RemovingAnUnknownOwnerDoesNothing)
{
    add(owner(1), FLOW_A);
    tables.remove_flows(owner(9));
    EXPECT_EQ(1u, tables.flows().stats().n_desired);
}

TEST_F(DesiredFlows, RemovingOneFlowOfAnOwnerKeepsItsOtherFlows)
{
    const char FLOW_C[] = "table=8,priority=100,metadata=0x1,reg14=0x3,"
                          "actions=resubmit(,9)";
    add_logical(owner(1), FLOW_A, 1);
    add_logical(owner(1), FLOW_B, 1);
    add_logical(owner(1), FLOW_C, 1);
    add_logical(owner(2), FLOW_B, 2);
    put();

    /* The middle of the owner's list, then its head and its tail. */
    ovs::FlowSpec b = ovs::parse_flow(FLOW_B);
    EXPECT_EQ(1u, logical().remove_flow(8, 100, b.match, owner(1)));
    EXPECT_EQ(0u, logical().remove_flow(8, 100, b.match, owner(1)));
    EXPECT_EQ(0u, logical().remove_flow(8, 100, b.match, owner(9)));
    EXPECT_EQ(3u, tables.flows().stats().n_desired);

    /* Owner 2 still wants B: the switch keeps it, under owner 2. */
    ovn::PutStats stats = put();
    EXPECT_EQ(0u, stats.flow_dels);
    ASSERT_NE(nullptr, switch_flow(8, 100, MATCH_B));
    EXPECT_EQ(2u, switch_flow(8, 100, MATCH_B)->cookie);

    ovs::FlowSpec a = ovs::parse_flow(FLOW_A);
    ovs::FlowSpec c = ovs::parse_flow(FLOW_C);
    EXPECT_EQ(1u, logical().remove_flow(8, 100, c.match, owner(1)));
    EXPECT_EQ(1u, logical().remove_flow(8, 100, a.match, owner(1)));
    EXPECT_EQ(1u, tables.flows().stats().n_owners);
    stats = put();
    EXPECT_EQ(2u, stats.flow_dels);
    EXPECT_EQ(nullptr, switch_flow(8, 100, MATCH_A));
    ASSERT_NE(nullptr, switch_flow(8, 100, MATCH_B));

    /* The owner can have flows again. */
    add_logical(owner(1), FLOW_A, 1);
    EXPECT_EQ(1u, put().flow_adds);
}

/* A match handed over compressed is the same key as the full one. */
TEST_F(DesiredFlows, ACompressedMatchIsTheSameKeyAsTheFullOne)
{
    ovs::FlowSpec a = ovs::parse_flow(FLOW_A);
    const ovs::MiniMatch mini(a.match);
    const ovs::MatchRef compressed(*mini.get(), mini.hash());
    ovn::DesiredFlowTable &t = logical();

    EXPECT_EQ(AddFlowResult::ADDED,
              t.add_flow(8, 100, compressed, a.actions, 1, owner(1)));
    EXPECT_EQ(AddFlowResult::DUPLICATE,
              t.add_flow(8, 100, a.match, a.actions, 1, owner(1)));
    EXPECT_EQ(AddFlowResult::ADDED,
              t.add_flow(8, 100, a.match, a.actions, 2, owner(2)));
    EXPECT_EQ(1u, tables.flows().stats().n_keys);
    put();
    ASSERT_NE(nullptr, switch_flow(8, 100, MATCH_A));

    /* The key outlives what it was copied from. */
    EXPECT_EQ(1u, t.remove_flow(8, 100, a.match, owner(1)));
    EXPECT_EQ(1u, t.remove_flow(8, 100, compressed, owner(2)));
    EXPECT_EQ(0u, tables.flows().stats().n_desired);
    EXPECT_EQ(1u, put().flow_dels);
    EXPECT_EQ(nullptr, switch_flow(8, 100, MATCH_A));
}

/* One datapath leaving a Logical_Flow's datapaths: its flows on that
 * datapath go, nothing else does. */
TEST_F(DesiredFlows, RemovingAnOwnersFlowsOfOneDatapathKeepsEverythingElse)
{
    const char ON_1[] = "table=8,priority=100,metadata=0x1,reg14=0x3,"
                        "actions=resubmit(,9)";
    const char ON_2[] = "table=8,priority=100,metadata=0x2,reg14=0x3,"
                        "actions=resubmit(,9)";
    /* A metadata that is masked is not that datapath's. */
    const char MASKED[] = "table=8,priority=90,metadata=0x1/0xff,"
                          "actions=resubmit(,9)";
    const char CONJ_1[] = "table=9,priority=10,metadata=0x1,ip,"
                          "actions=conjunction(5,1/2)";
    const char OTHER_CONJ_1[] = "table=9,priority=10,metadata=0x1,ip,"
                                "actions=conjunction(9,1/2)";
    add_logical(owner(1), FLOW_A, 1);
    add_logical(owner(1), FLOW_B, 1);
    add_logical(owner(1), ON_2, 1);
    add_logical(owner(1), MASKED, 1);
    append_conj(owner(1), CONJ_1);
    add_logical(owner(2), ON_1, 2);
    append_conj(owner(2), OTHER_CONJ_1);
    /* The physical flows of the same UUID are another owner's. */
    add(owner(1), ON_1);
    std::string error;
    const uint32_t group = add_group(owner(1),
                                     "type=all,bucket=actions=output:1");
    const uint32_t meter = *logical().add_meter(
        owner(1), "kbps bands=type=drop rate=100", &error);
    put();
    ASSERT_NE(nullptr, switch_flow(9, 10, "metadata=0x1,ip"));
    EXPECT_EQ("conjunction(5,1/2),conjunction(9,1/2)",
              switch_flow(9, 10, "metadata=0x1,ip")->actions);

    EXPECT_EQ(3u, logical().remove_flows_with_metadata(owner(1), 1));
    EXPECT_EQ(0u, logical().remove_flows_with_metadata(owner(1), 1));
    EXPECT_EQ(0u, logical().remove_flows_with_metadata(owner(9), 1));
    /* Left: owner 1's ON_2 and MASKED, owner 2's two, the physical one. */
    EXPECT_EQ(5u, tables.flows().stats().n_desired);

    ovn::PutStats stats = put();
    EXPECT_EQ(2u, stats.flow_dels);               /* FLOW_A and FLOW_B. */
    EXPECT_EQ(1u, stats.flow_mods);               /* The merged one. */
    EXPECT_EQ(0u, stats.group_dels + stats.meter_dels);
    EXPECT_EQ(nullptr, switch_flow(8, 100, MATCH_A));
    EXPECT_EQ(nullptr, switch_flow(8, 100, MATCH_B));
    ASSERT_NE(nullptr, switch_flow(8, 100, "metadata=0x2,reg14=0x3"));
    ASSERT_NE(nullptr, switch_flow(8, 90, "metadata=0x1/0xff"));
    ASSERT_NE(nullptr, switch_flow(8, 100, "metadata=0x1,reg14=0x3"));
    EXPECT_EQ("conjunction(9,1/2)",
              switch_flow(9, 10, "metadata=0x1,ip")->actions);
    /* The owner's groups and meters are its other flows' still. */
    EXPECT_EQ(1u, tables.groups().size());
    EXPECT_TRUE(tables.meters().id_in_use(meter));
    EXPECT_NE(0u, group);

    /* Its last flows gone, it is no owner any more. */
    EXPECT_EQ(1u, logical().remove_flows_with_metadata(owner(1), 2));
    EXPECT_EQ(2u, logical().remove_flows_with_metadata(owner(2), 1));
    /* Owner 1's MASKED, and the physical owner 1. */
    EXPECT_EQ(2u, tables.flows().stats().n_owners);
}

/* "table=8,priority=100,metadata=MD,reg14=PORT,actions=ACTIONS". */
std::string
on_datapath(int md, int port, const char *actions = "resubmit(,9)")
{
    return "table=8,priority=100,metadata=" + std::to_string(md)
           + ",reg14=" + std::to_string(port) + ",actions=" + actions;
}

/* The desired flows of owner(1), as dumped. */
std::vector<std::string>
flows_of_owner_1(const ovn::OfctrlTables &tables)
{
    const std::string mine = "owner=logical:" + owner(1).to_string();
    std::vector<std::string> flows;
    for (const std::string &f : tables.flows().dump_desired()) {
        if (f.find(mine) != std::string::npos) {
            flows.push_back(f.substr(0, f.find(" owner=")));
        }
    }
    return flows;
}

/* A Logical_Flow of a datapath group: its flows on many datapaths, added
 * in any order, some taken away or replaced one by one; each datapath that
 * leaves takes exactly its own flows, whichever were added first or
 * last. */
TEST_F(DesiredFlows, AnOwnerOnManyDatapathsLosesExactlyOneDatapathsFlows)
{
    /* Three ports on each of datapaths 1 to 4, interleaved. */
    for (int port = 1; port <= 3; port++) {
        for (int md = 1; md <= 4; md++) {
            add_logical(owner(1), on_datapath(md, port), 1);
        }
        if (port == 2) {
            /* Flows on no one datapath, in between. */
            add_logical(owner(1), "table=8,priority=50,reg14=0x9,"
                                  "actions=drop", 1);
            add_logical(owner(1), "table=8,priority=90,metadata=0x1/0xff,"
                                  "actions=drop", 1);
        }
    }
    /* Another owner on the same datapaths, the same keys. */
    add_logical(owner(2), on_datapath(1, 1), 2);
    add_logical(owner(2), on_datapath(2, 3), 2);
    put();

    /* One by one: datapath 2's last flow added, datapath 3's first. */
    ovs::FlowSpec last = ovs::parse_flow(on_datapath(2, 3));
    EXPECT_EQ(1u, logical().remove_flow(last.table_id, last.priority,
                                         last.match, owner(1)));
    ovs::FlowSpec first = ovs::parse_flow(on_datapath(3, 1));
    EXPECT_EQ(1u, logical().remove_flow(first.table_id, first.priority,
                                         first.match, owner(1)));
    /* New actions for one, and a new flow, on datapaths already there. */
    EXPECT_EQ(AddFlowResult::REPLACED,
              add_logical(owner(1), on_datapath(4, 2, "drop"), 1));
    add_logical(owner(1), on_datapath(2, 7), 1);

    EXPECT_EQ(0u, logical().remove_flows_with_metadata(owner(1), 5));
    EXPECT_EQ(3u, logical().remove_flows_with_metadata(owner(1), 2));
    EXPECT_EQ(2u, logical().remove_flows_with_metadata(owner(1), 3));
    EXPECT_EQ(0u, logical().remove_flows_with_metadata(owner(1), 3));
    EXPECT_EQ((std::vector<std::string>{
                  "table=8, priority=100, reg14=0x1,metadata=0x1 "
                  "actions=resubmit(,9)",
                  "table=8, priority=100, reg14=0x1,metadata=0x4 "
                  "actions=resubmit(,9)",
                  "table=8, priority=100, reg14=0x2,metadata=0x1 "
                  "actions=resubmit(,9)",
                  "table=8, priority=100, reg14=0x2,metadata=0x4 "
                  "actions=drop",
                  "table=8, priority=100, reg14=0x3,metadata=0x1 "
                  "actions=resubmit(,9)",
                  "table=8, priority=100, reg14=0x3,metadata=0x4 "
                  "actions=resubmit(,9)",
                  "table=8, priority=50, reg14=0x9 actions=drop",
                  "table=8, priority=90, metadata=0x1/0xff actions=drop",
              }),
              flows_of_owner_1(tables));

    /* A datapath that comes back, then leaves again with the others. */
    add_logical(owner(1), on_datapath(2, 1), 1);
    EXPECT_EQ(1u, logical().remove_flows_with_metadata(owner(1), 2));
    EXPECT_EQ(3u, logical().remove_flows_with_metadata(owner(1), 1));
    EXPECT_EQ(3u, logical().remove_flows_with_metadata(owner(1), 4));
    EXPECT_EQ((std::vector<std::string>{
                  "table=8, priority=50, reg14=0x9 actions=drop",
                  "table=8, priority=90, metadata=0x1/0xff actions=drop",
              }),
              flows_of_owner_1(tables));
    /* The other owner kept its flows on those datapaths. */
    EXPECT_EQ(4u, tables.flows().stats().n_desired);
    put();
    ASSERT_NE(nullptr, switch_flow(8, 100, "metadata=0x1,reg14=0x1"));
    ASSERT_NE(nullptr, switch_flow(8, 100, "metadata=0x2,reg14=0x3"));
    EXPECT_EQ(nullptr, switch_flow(8, 100, "metadata=0x4,reg14=0x1"));
}

TEST_F(DesiredFlows, SetFlowReplacesAllOfTheOwnersFlows)
{
    add(owner(1), FLOW_A);
    add(owner(1), FLOW_B);
    set(owner(1), FLOW_A_OTHER_ACTIONS);

    std::vector<std::string> desired = tables.flows().dump_desired();
    ASSERT_EQ(1u, desired.size());
    EXPECT_NE(std::string::npos, desired[0].find("reg14=0x1"));
    EXPECT_NE(std::string::npos, desired[0].find("actions=drop"));
}

TEST_F(DesiredFlows, ClearingAndReAddingTheSameFlowsSendsNothing)
{
    add(owner(1), FLOW_A);
    add(owner(2), FLOW_B);
    put();

    tables.clear();
    EXPECT_EQ(0u, tables.flows().stats().n_desired);
    add(owner(2), FLOW_B);
    add(owner(1), FLOW_A);
    EXPECT_EQ(0u, put().total());
    EXPECT_EQ(2u, sw.flows.size());
}

TEST_F(DesiredFlows, DesiredFlowsPersistAcrossPuts)
{
    add(owner(1), FLOW_A);
    put();
    put();
    put();
    EXPECT_EQ(1u, tables.flows().stats().n_desired);
    EXPECT_EQ(1u, sw.flows.size());
}

TEST_F(InstalledFlows, SmallestOwnerUuidWinsWhateverTheInsertionOrder)
{
    add(owner(2), FLOW_A_OTHER_ACTIONS);
    add(owner(1), FLOW_A);
    put();
    ASSERT_NE(nullptr, switch_flow(8, 100, MATCH_A));
    EXPECT_EQ("resubmit(,9)", switch_flow(8, 100, MATCH_A)->actions);
    EXPECT_EQ(owner(1).first_word(), switch_flow(8, 100, MATCH_A)->cookie);

    ovn::OfctrlTables reversed;
    ModelSwitch sw2;
    ovs::FlowSpec a = ovs::parse_flow(FLOW_A);
    ovs::FlowSpec a2 = ovs::parse_flow(FLOW_A_OTHER_ACTIONS);
    reversed.add_flow(a.table_id, a.priority, a.match, a.actions, owner(1));
    reversed.add_flow(a2.table_id, a2.priority, a2.match, a2.actions,
                      owner(2));
    reversed.put(sw2);
    EXPECT_EQ(sw.flows.size(), sw2.flows.size());
    EXPECT_EQ(sw.flows.begin()->second.actions,
              sw2.flows.begin()->second.actions);
}

TEST_F(InstalledFlows, WhenTheWinnerIsRemovedTheNextOwnerTakesOver)
{
    add(owner(1), FLOW_A);
    add(owner(2), FLOW_A_OTHER_ACTIONS);
    add(owner(3), FLOW_A_OTHER_ACTIONS);
    put();

    tables.remove_flows(owner(1));
    ovn::PutStats stats = put();
    /* A new owner means a new cookie, which only an ADD can set. */
    EXPECT_EQ(1u, stats.flow_adds);
    EXPECT_EQ(0u, stats.flow_dels);
    ASSERT_NE(nullptr, switch_flow(8, 100, MATCH_A));
    EXPECT_EQ("drop", switch_flow(8, 100, MATCH_A)->actions);
    EXPECT_EQ(owner(2).first_word(), switch_flow(8, 100, MATCH_A)->cookie);
}

TEST_F(InstalledFlows, TakeoverWithSameCookieAndActionsSendsNothing)
{
    /* Two owners whose UUIDs share their first 32 bits. */
    add(owner(1, 1), FLOW_A);
    add(owner(1, 2), FLOW_A);
    put();
    tables.remove_flows(owner(1, 1));
    EXPECT_EQ(0u, put().total());
    EXPECT_EQ(1u, sw.flows.size());
}

TEST_F(InstalledFlows, TakeoverWithSameCookieNewActionsIsAModify)
{
    add(owner(1, 1), FLOW_A);
    add(owner(1, 2), FLOW_A_OTHER_ACTIONS);
    put();
    tables.remove_flows(owner(1, 1));
    ovn::PutStats stats = put();
    EXPECT_EQ(1u, stats.flow_mods);
    EXPECT_EQ(1u, stats.total());
    EXPECT_EQ("drop", switch_flow(8, 100, MATCH_A)->actions);
}

TEST_F(InstalledFlows, KeysNoLongerDesiredAreDeleted)
{
    add(owner(1), FLOW_A);
    put();
    tables.remove_flows(owner(1));
    ovn::PutStats stats = put();
    EXPECT_EQ(1u, stats.flow_dels);
    EXPECT_TRUE(sw.flows.empty());
    EXPECT_EQ(0u, tables.flows().stats().n_keys);
}

TEST_F(InstalledFlows, CookieIsTheFirst32BitsOfTheWinningOwner)
{
    ovs::Uuid o = ovs::Uuid::parse("deadbeef-1234-5678-9abc-def012345678");
    add(o, FLOW_A);
    put();
    EXPECT_EQ(0xdeadbeefu, switch_flow(8, 100, MATCH_A)->cookie);
}

TEST_F(InstalledFlows, NewActionsForTheSameOwnerAreAModify)
{
    add(owner(1), FLOW_A);
    put();
    set(owner(1), FLOW_A_OTHER_ACTIONS);
    ovn::PutStats stats = put();
    EXPECT_EQ(1u, stats.flow_mods);
    EXPECT_EQ(1u, stats.total());
}

TEST_F(InstalledFlows, APutAfterOneChangeSendsOneMessage)
{
    for (int i = 1; i <= 100; i++) {
        add(owner(1, i), "table=1,priority=10,reg14=" + std::to_string(i)
                         + ",actions=drop");
    }
    EXPECT_EQ(100u, put().flow_adds);

    add(owner(2), FLOW_A);
    EXPECT_EQ(1u, put().total());
    EXPECT_EQ(0u, put().total());
}

TEST_F(InstalledFlows, ChangesAccumulateUntilThePutThatSendsThem)
{
    add(owner(1), FLOW_A);
    add(owner(2), FLOW_B);
    put();

    /* Several changes with no put in between (the switch was busy). */
    tables.remove_flows(owner(2));
    add(owner(3), FLOW_B);               /* Same key back, new owner. */
    add(owner(4), "table=9,priority=1,actions=drop");
    add(owner(5), "table=9,priority=2,actions=drop");
    tables.remove_flows(owner(5));       /* Never reaches the switch. */

    ovn::PutStats stats = put();
    EXPECT_EQ(2u, stats.flow_adds);      /* FLOW_B re-cookied; table 9. */
    EXPECT_EQ(0u, stats.flow_dels);
    EXPECT_EQ(3u, sw.flows.size());
    EXPECT_EQ(0u, put().total());
}

TEST_F(InstalledFlows, AfterTheSwitchIsClearedEveryFlowIsReinstalled)
{
    add(owner(1), FLOW_A);
    add(owner(2), FLOW_B);
    put();

    sw.flows.clear();                    /* What a reconnect does. */
    tables.switch_cleared();
    EXPECT_EQ(2u, put().flow_adds);
    EXPECT_EQ(2u, sw.flows.size());
}

TEST_F(InstalledFlows, ARemovedButInstalledFlowIsForgottenWhenTheSwitchIs)
{
    add(owner(1), FLOW_A);
    put();
    tables.remove_flows(owner(1));
    sw.flows.clear();
    tables.switch_cleared();
    EXPECT_EQ(0u, put().total());
    EXPECT_EQ(0u, tables.flows().stats().n_keys);
}

TEST_F(InstalledFlows, FlowsDumpedFromTheSwitchAreDiffedNotReinstalled)
{
    /* A previous run installed A and B; this one wants A and C, and
     * learns from the switch's dump what it holds. */
    const char FLOW_C[] = "table=8,priority=100,metadata=0x1,reg14=0x3,"
                          "actions=resubmit(,9)";
    install_previously({FLOW_A, FLOW_B});
    add(owner(1), FLOW_A);
    add(owner(1), FLOW_C);
    for (const char *flow : {FLOW_A, FLOW_B}) {
        EXPECT_TRUE(adopt(flow));
    }
    EXPECT_EQ(2u, tables.flows().stats().n_installed);

    ovn::PutStats stats = put();
    EXPECT_EQ(1u, stats.flow_adds);               /* C. */
    EXPECT_EQ(0u, stats.flow_mods);               /* A is there as is. */
    EXPECT_EQ(1u, stats.flow_dels);               /* B: stale. */
    EXPECT_EQ(2u, sw.flows.size());
    EXPECT_EQ(nullptr, switch_flow(8, 100, MATCH_B));
    EXPECT_EQ(0u, put().total());
}

TEST_F(InstalledFlows, ADumpedFlowWithOtherActionsIsModified)
{
    add(owner(1), FLOW_A);
    put();
    tables.switch_cleared();
    EXPECT_TRUE(adopt(FLOW_A_OTHER_ACTIONS));
    /* The same key twice in a dump: the first one counts. */
    EXPECT_FALSE(adopt(FLOW_A_OTHER_ACTIONS));
    ovn::PutStats stats = put();
    EXPECT_EQ(1u, stats.flow_mods);
    EXPECT_EQ(1u, stats.total());
}

TEST_F(InstalledFlows, ADumpedFlowWithTimeoutsOrFlagsIsNotTakenAsOurs)
{
    /* The switch holds A with our very cookie and actions, but with an
     * idle timeout (or flags, or an importance) that ours never have: the
     * put must replace it by an ADD (a MODIFY would keep the timeout), and
     * a foreign flow that nothing desires goes. */
    install_previously({FLOW_A, FLOW_B});
    add(owner(1), FLOW_A);
    for (const char *flow : {FLOW_A, FLOW_B}) {
        EXPECT_TRUE(adopt(flow, true));
    }
    ovn::PutStats stats = put();
    EXPECT_EQ(1u, stats.flow_adds);               /* A, anew. */
    EXPECT_EQ(0u, stats.flow_mods);
    EXPECT_EQ(1u, stats.flow_dels);               /* B. */
    EXPECT_NE(nullptr, switch_flow(8, 100, MATCH_A));
    EXPECT_EQ(nullptr, switch_flow(8, 100, MATCH_B));
    /* From then on, A is ours as installed. */
    EXPECT_EQ(0u, put().total());
}

TEST_F(InstalledFlows, InstalledDumpShowsCookiesAndDesiredDumpOwners)
{
    add(owner(1), FLOW_A);
    put();
    std::vector<std::string> installed = tables.flows().dump_installed();
    ASSERT_EQ(1u, installed.size());
    EXPECT_EQ(0u, installed[0].find("cookie=0x1000000, table=8, "
                                    "priority=100, "));
    std::vector<std::string> desired = tables.flows().dump_desired();
    ASSERT_EQ(1u, desired.size());
    EXPECT_NE(std::string::npos,
              desired[0].find("owner=" + owner(1).to_string()));
}

TEST(FlowInputBoundary, BadFlowTextNamesTheInputAndLeavesTablesUnchanged)
{
    ovn::OfctrlTables tables;
    ovs::FlowSpec good = ovs::parse_flow(FLOW_A);
    tables.add_flow(good.table_id, good.priority, good.match, good.actions,
                    owner(1));

    const char *bad[] = {
        "table=8,priority=100,reg14=0x1,actions=no_such_action",
        "table=8,priority=100,no_such_field=1,actions=drop",
        "table=8,priority=notanumber,actions=drop",
    };
    for (const char *text : bad) {
        try {
            ovs::FlowSpec spec = ovs::parse_flow(text);
            tables.add_flow(spec.table_id, spec.priority, spec.match,
                            spec.actions, owner(2));
            ADD_FAILURE() << "accepted " << text;
        } catch (const ovs::ParseError &e) {
            EXPECT_NE(std::string::npos, std::string(e.what()).find(text));
            EXPECT_FALSE(e.message().empty());
        }
    }
    EXPECT_EQ(1u, tables.flows().stats().n_desired);
}

}  // namespace
}  // namespace ovn_test

namespace ovn_test {
namespace {

/* Remembers the origin of every message, as ofctrl does for a bundle. */
class RecordingSink : public ovn::OfctrlSink {
public:
    void send(ovs::OfpbufPtr, const ovn::MessageOrigin &origin) override
    {
        origins.push_back(origin);
    }
    std::vector<ovn::MessageOrigin> origins;
};

class RejectedFlows : public OfctrlTablesTest {};

TEST_F(RejectedFlows, ARejectedFlowIsLeftOutAndTheOthersStay)
{
    add(owner(1), FLOW_A);
    add(owner(1), FLOW_B);
    add(owner(2), "table=9,priority=1,actions=drop");
    RecordingSink first;
    tables.put(first);
    ASSERT_EQ(3u, first.origins.size());

    /* The switch refused one of owner 1's flows: it goes, the rest is
     * resent. */
    const ovn::MessageOrigin *refused = nullptr;
    for (const ovn::MessageOrigin &o : first.origins) {
        if (o.flow_key && o.owner == owner(1)) {
            refused = &o;
            break;
        }
    }
    ASSERT_NE(nullptr, refused);
    std::string what = tables.reject(*refused);
    EXPECT_NE(std::string::npos, what.find("owner=" + owner(1).to_string()));
    tables.switch_cleared();
    EXPECT_EQ(2u, put().flow_adds);
    EXPECT_EQ(2u, tables.flows().stats().n_desired);
}

TEST_F(RejectedFlows, RejectingTheOnlyFlowOfAnOwnerForgetsTheOwner)
{
    add(owner(1), FLOW_A);
    RecordingSink sink;
    tables.put(sink);
    ASSERT_EQ(1u, sink.origins.size());
    EXPECT_FALSE(tables.reject(sink.origins[0]).empty());
    EXPECT_EQ(0u, tables.flows().stats().n_owners);
    /* Rejecting again finds nothing. */
    EXPECT_TRUE(tables.reject(sink.origins[0]).empty());
}

TEST_F(RejectedFlows, ARejectedGroupIsReleasedByEveryOwner)
{
    uint32_t id = add_group(owner(1), "type=all,bucket=actions=output:1");
    add_group(owner(2), "type=all,bucket=actions=output:1");
    RecordingSink sink;
    tables.put(sink);
    ASSERT_EQ(1u, sink.origins.size());
    EXPECT_EQ(id, sink.origins[0].group_id);

    EXPECT_NE(std::string::npos,
              tables.reject(sink.origins[0]).find("group_id="));
    tables.switch_cleared();
    EXPECT_EQ(0u, put().total());
    EXPECT_EQ(0u, tables.groups().size());
}

}  // namespace
}  // namespace ovn_test

namespace ovn_test {
namespace {

class FlowTableMemory : public OfctrlTablesTest {};

TEST_F(FlowTableMemory, GrowsWithFlowsAndShrinksBackWhenTheyAreGone)
{
    const size_t empty = tables.flows().memory_bytes();
    for (int i = 1; i <= 1000; i++) {
        add(owner(1, i), "table=1,priority=10,metadata=0x1,reg14="
                         + std::to_string(i) + ",actions=resubmit(,2)");
    }
    put();
    const size_t full = tables.flows().memory_bytes();
    /* A key with its inline match, a desired flow with its actions (in its
     * owner's doubly linked list) and an owner each: more than 100 and
     * (without malloc overhead) less than 272 bytes a flow.  The key
     * index's 16-byte slots are 3/8 to 3/4 full as it grows: 1000 keys
     * take 2048 slots, 33 bytes a key, its worst. */
    EXPECT_GT(full - empty, 1000u * 100);
    EXPECT_LT(full - empty, 1000u * 272);

    for (int i = 1; i <= 1000; i++) {
        tables.remove_flows(owner(1, i));
    }
    put();
    /* Only the owners' hash buckets stay allocated; the key index has
     * shrunk back. */
    EXPECT_LT(tables.flows().memory_bytes() - empty, 1000u * 32);
}

/* memory_bytes() keeps a running count of the keys and flows: after any
 * sequence of adds, replacements, merged conjunctions, removals and puts
 * (installed flows outliving their owners until the put), it is what a
 * walk of the whole table counts, and nothing once every flow is gone. */
TEST_F(FlowTableMemory, RunningCountIsWhatAWalkCounts)
{
    const ovn::FlowTable &flows = tables.flows();
    auto expect_counted = [&](const char *when) {
        EXPECT_EQ(flows.count_entry_bytes(), flows.entry_bytes()) << when;
    };
    EXPECT_EQ(0u, flows.entry_bytes());

    uint32_t state = 12345;
    auto next = [&state](uint32_t n) {
        state = state * 1103515245u + 12345u;
        return (state >> 16) % n;
    };
    for (int step = 0; step < 400; step++) {
        const uint32_t o = 1 + next(20);
        const std::string reg = std::to_string(next(30));
        switch (next(6)) {
        case 0:
        case 1:
            /* Two owners may share a key; the actions' length varies. */
            add(owner(1, o), "table=1,priority=10,reg14=" + reg
                             + ",actions=" + (next(2) ? "drop"
                                              : "load:1->reg15,"
                                                "resubmit(,2)"));
            break;
        case 2:
            set(owner(1, o), "table=2,priority=5,reg13=" + reg
                             + ",actions=resubmit(,3)");
            break;
        case 3:
            append_conj(owner(1, o), "table=3,priority=20,reg12=" + reg
                                     + ",actions=conjunction("
                                     + std::to_string(o) + ",1/2)");
            break;
        case 4:
            tables.remove_flows(owner(1, o));
            logical().remove_flows(owner(1, o));
            break;
        case 5:
            put();
            break;
        }
        expect_counted("during the sequence");
    }
    put();
    expect_counted("after a put");

    for (uint32_t o = 1; o <= 20; o++) {
        tables.remove_flows(owner(1, o));
        logical().remove_flows(owner(1, o));
    }
    expect_counted("with the removed flows still installed");
    put();
    expect_counted("after the last put");
    EXPECT_EQ(0u, flows.entry_bytes());
}

}  // namespace
}  // namespace ovn_test
