/* Shared flows (ofctrl issue 9): many owners per flow, conjunction
 * merging, the 64 KiB guard, flood removal, the winner rule, producers'
 * namespaces, cookies and controller meters, the two-phase put and empty
 * puts; one rule per test. */
#include <config.h>

#include <algorithm>
#include <set>

#include "tests/unit/ofctrl-test-util.h"

namespace ovn_test {
namespace {

using ovn::AddFlowResult;

class SharedFlows : public OfctrlTablesTest {};
class ConjunctionMerge : public OfctrlTablesTest {};
class FloodRemoval : public OfctrlTablesTest {};
class WinnerRule : public OfctrlTablesTest {};
class Producers : public OfctrlTablesTest {};
class TwoPhasePut : public OfctrlTablesTest {};
class Meters : public OfctrlTablesTest {};

const char MATCH[] = "ip,nw_src=10.0.0.1";
const char ALLOW[] = "table=44,priority=2000,ip,nw_src=10.0.0.1,"
                     "actions=resubmit(,45)";
const char DROP[] = "table=44,priority=2000,ip,nw_src=10.0.0.1,"
                    "actions=drop";
std::string
conj(uint32_t id, int clause, int n)
{
    return "table=44,priority=2000,ip,nw_src=10.0.0.1,actions=conjunction("
           + std::to_string(id) + "," + std::to_string(clause) + "/"
           + std::to_string(n) + ")";
}

const ModelFlow *
flow_of(OfctrlTablesTest &, const ModelSwitch &sw)
{
    auto it = sw.flows.find(FlowKeyText(44, 2000, canonical_match(MATCH)));
    return it == sw.flows.end() ? nullptr : &it->second;
}

TEST_F(SharedFlows, AFlowStaysUntilItsLastOwnerRemovesIt)
{
    add_logical(owner(1), ALLOW, 0x1);
    add_logical(owner(2), ALLOW, 0x1);
    put();
    ASSERT_NE(nullptr, flow_of(*this, sw));

    logical().remove_flows(owner(1));
    EXPECT_EQ(0u, put().total());
    ASSERT_NE(nullptr, flow_of(*this, sw));

    logical().remove_flows(owner(2));
    EXPECT_EQ(1u, put().flow_dels);
    EXPECT_EQ(nullptr, flow_of(*this, sw));
}

TEST_F(SharedFlows, RemovingAnOwnerCostsItsOwnFlowsOnly)
{
    /* 1000 owners share one key; each removal touches that key only. */
    for (uint32_t i = 1; i <= 1000; i++) {
        append_conj(owner(1, i), conj(i, 1, 2));
    }
    put();
    for (uint32_t i = 1; i < 1000; i++) {
        logical().remove_flows(owner(1, i));
        EXPECT_EQ(1u, tables.flows().stats().n_tracked);
        ASSERT_EQ(1u, put().flow_mods);
    }
    ASSERT_NE(nullptr, flow_of(*this, sw));
    EXPECT_EQ(canonical_actions("conjunction(1000,1/2)"),
              flow_of(*this, sw)->actions);
}

TEST_F(ConjunctionMerge, ConjunctionsAreMergedSortedAndNeverDuplicated)
{
    EXPECT_EQ(AddFlowResult::ADDED, append_conj(owner(1), conj(7, 1, 2)));
    EXPECT_EQ(AddFlowResult::ADDED, append_conj(owner(2), conj(3, 2, 2)));
    EXPECT_EQ(AddFlowResult::APPENDED,
              append_conj(owner(1), conj(3, 1, 2)));
    /* Already there, for either owner: nothing new. */
    EXPECT_EQ(AddFlowResult::DUPLICATE,
              append_conj(owner(1), conj(7, 1, 2)));
    append_conj(owner(1), conj(3, 2, 2));
    put();
    ASSERT_NE(nullptr, flow_of(*this, sw));
    EXPECT_EQ(canonical_actions("conjunction(3,1/2),conjunction(3,2/2),"
                                "conjunction(7,1/2)"),
              flow_of(*this, sw)->actions);
    EXPECT_EQ(0u, flow_of(*this, sw)->cookie);

    /* Both owners are linked: the flow keeps what the other one wants. */
    logical().remove_flows(owner(1));
    EXPECT_EQ(1u, put().flow_mods);
    EXPECT_EQ(canonical_actions("conjunction(3,2/2)"),
              flow_of(*this, sw)->actions);
}

TEST_F(ConjunctionMerge, OnlyConjunctionOnlyFlowsAreMerged)
{
    append_conj(owner(1), conj(1, 1, 2));
    add_logical(owner(2), ALLOW, 0x2000000);
    put();
    ASSERT_NE(nullptr, flow_of(*this, sw));
    EXPECT_EQ("resubmit(,45)", flow_of(*this, sw)->actions);
}

TEST_F(ConjunctionMerge, AFlowOver64KiBIsLeftOutAndTheRestGoesOn)
{
    /* 5000 conjunctions of 16 bytes: more than a FLOW_MOD can carry. */
    for (uint32_t i = 1; i <= 5000; i++) {
        append_conj(owner(1, i), conj(i, 1, 2));
    }
    add_logical(owner(9), "table=44,priority=1,actions=drop", 0x9);
    ovn::PutStats stats = put();
    EXPECT_EQ(1u, stats.too_long);
    EXPECT_EQ(1u, stats.flow_adds);
    EXPECT_EQ(nullptr, flow_of(*this, sw));
    EXPECT_EQ(1u, sw.flows.size());
    /* Not retried on every put; only when the key changes again. */
    EXPECT_EQ(0u, put().total());

    logical().flood_remove_flows({owner(1, 1)});
    append_conj(owner(1, 1), conj(1, 1, 2));
    stats = put();
    EXPECT_EQ(0u, stats.too_long);
    ASSERT_NE(nullptr, flow_of(*this, sw));
}

TEST_F(FloodRemoval, RemovesOwnersSharingAFlowTransitively)
{
    const char OTHER[] = "table=44,priority=2000,ip,nw_src=10.0.0.2,"
                         "actions=conjunction(5,1/2)";
    append_conj(owner(1), conj(1, 1, 2));   /* 1 and 2 share MATCH. */
    append_conj(owner(2), conj(2, 1, 2));
    append_conj(owner(2), OTHER);           /* 2 and 3 share the other. */
    append_conj(owner(3), "table=44,priority=2000,ip,nw_src=10.0.0.2,"
                          "actions=conjunction(6,1/2)");
    append_conj(owner(4), "table=44,priority=2000,ip,nw_src=10.0.0.3,"
                          "actions=conjunction(7,1/2)");
    add_logical(owner(5), ALLOW, 5);        /* Same key, not merged. */
    tables.add_flow(44, 2000, ovs::parse_match(MATCH),
                    ovs::parse_actions("conjunction(8,1/2)"), owner(1));
    put();

    std::set<ovs::Uuid> removed = logical().flood_remove_flows({owner(1)});
    EXPECT_EQ((std::set<ovs::Uuid>{owner(1), owner(2), owner(3)}),
              removed);
    std::vector<std::string> desired = tables.flows().dump_desired();
    EXPECT_EQ(3u, desired.size());
    for (const std::string &line : desired) {
        EXPECT_TRUE(line.find("owner=logical:" + owner(4).to_string())
                    != std::string::npos
                    || line.find("owner=logical:" + owner(5).to_string())
                    != std::string::npos
                    /* Physical owner 1 is another owner. */
                    || line.find("owner=" + owner(1).to_string())
                    != std::string::npos) << line;
    }
}

TEST_F(WinnerRule, AllowBeatsDropBeatsConjunctionWhateverTheOrder)
{
    /* The conjunction has the smallest owner, the allow the largest: the
     * precedence comes before the owner. */
    std::vector<int> order = {0, 1, 2};
    do {
        ovn::OfctrlTables t;
        ModelSwitch s;
        for (int i : order) {
            ovs::FlowSpec spec = ovs::parse_flow(
                i == 0 ? conj(1, 1, 2) : i == 1 ? DROP : ALLOW);
            t.table(ovn::FlowProducer::LOGICAL).add_flow(
                spec.table_id, spec.priority, spec.match, spec.actions,
                owner(i + 1).first_word(), owner(i + 1));
        }
        t.put(s);
        auto key = FlowKeyText(44, 2000, canonical_match(MATCH));
        ASSERT_EQ("resubmit(,45)", s.flows.at(key).actions);
        EXPECT_EQ(owner(3).first_word(), s.flows.at(key).cookie);

        t.table(ovn::FlowProducer::LOGICAL).remove_flows(owner(3));
        t.put(s);
        EXPECT_EQ("drop", s.flows.at(key).actions);

        t.table(ovn::FlowProducer::LOGICAL).remove_flows(owner(2));
        t.put(s);
        EXPECT_EQ(canonical_actions("conjunction(1,1/2)"),
                  s.flows.at(key).actions);
        EXPECT_TRUE(s.violations.empty());
    } while (std::next_permutation(order.begin(), order.end()));
}

TEST_F(WinnerRule, EqualPrecedenceGoesToTheSmallestOwner)
{
    add_logical(owner(3), ALLOW, 3);
    add_logical(owner(2), "table=44,priority=2000,ip,nw_src=10.0.0.1,"
                          "actions=resubmit(,46)", 2);
    put();
    EXPECT_EQ("resubmit(,46)", flow_of(*this, sw)->actions);
    EXPECT_EQ(2u, flow_of(*this, sw)->cookie);
}

/* The switch's key is (table, priority, match): flows that differ only in
 * their controller meter compete for one switch flow like other owners'
 * flows, in either order, and the loser takes over when the winner goes. */
TEST_F(WinnerRule, FlowsThatDifferOnlyInTheirMeterShareOneSwitchFlow)
{
    const std::string other = "table=44,priority=2000,ip,nw_src=10.0.0.1,"
                              "actions=resubmit(,46)";
    for (bool metered_first : {true, false}) {
        ovn::OfctrlTables t;
        ModelSwitch s;
        auto add = [&](uint32_t n, const std::string &flow,
                       uint32_t meter) {
            ovs::FlowSpec spec = ovs::parse_flow(flow);
            t.table(ovn::FlowProducer::LOGICAL).add_flow(
                spec.table_id, spec.priority, spec.match, spec.actions, n,
                owner(n), meter);
        };
        if (metered_first) {
            add(1, other, 5);
            add(2, ALLOW, 0);
        } else {
            add(2, ALLOW, 0);
            add(1, other, 5);
        }
        ovn::PutStats stats = t.put(s);
        EXPECT_EQ(1u, stats.flow_adds);
        EXPECT_EQ(1u, stats.total());
        auto key = FlowKeyText(44, 2000, canonical_match(MATCH));
        ASSERT_EQ(1u, s.flows.size());
        EXPECT_EQ("resubmit(,46)", s.flows.at(key).actions);
        EXPECT_EQ(1u, s.flows.at(key).cookie);

        t.table(ovn::FlowProducer::LOGICAL).remove_flows(owner(1));
        stats = t.put(s);
        EXPECT_EQ(0u, stats.flow_dels);
        ASSERT_EQ(1u, s.flows.count(key));
        EXPECT_EQ("resubmit(,45)", s.flows.at(key).actions);
        EXPECT_EQ(2u, s.flows.at(key).cookie);

        t.table(ovn::FlowProducer::LOGICAL).remove_flows(owner(2));
        EXPECT_EQ(1u, t.put(s).flow_dels);
        EXPECT_TRUE(s.flows.empty());
    }
}

/* One owner's flows for one key, with different meters: no meter first,
 * then the smallest meter, whatever the order they came in. */
TEST_F(WinnerRule, WithinOneOwnerNoMeterThenTheSmallestMeterWins)
{
    auto actions = [](int table) {
        return "table=44,priority=2000,ip,nw_src=10.0.0.1,actions=resubmit(,"
               + std::to_string(table) + ")";
    };
    std::vector<uint32_t> meters = {0, 3, 7};
    do {
        ovn::OfctrlTables t;
        ModelSwitch s;
        for (uint32_t meter : meters) {
            ovs::FlowSpec spec = ovs::parse_flow(actions(50 + meter));
            t.table(ovn::FlowProducer::LOGICAL).add_flow(
                spec.table_id, spec.priority, spec.match, spec.actions, 1,
                owner(1), meter);
        }
        EXPECT_EQ(1u, t.put(s).total());
        auto key = FlowKeyText(44, 2000, canonical_match(MATCH));
        ASSERT_EQ(1u, s.flows.size());
        EXPECT_EQ("resubmit(,50)", s.flows.at(key).actions);
    } while (std::next_permutation(meters.begin(), meters.end()));

    std::vector<uint32_t> metered = {3, 7};
    do {
        ovn::OfctrlTables t;
        ModelSwitch s;
        for (uint32_t meter : metered) {
            ovs::FlowSpec spec = ovs::parse_flow(actions(50 + meter));
            t.table(ovn::FlowProducer::LOGICAL).add_flow(
                spec.table_id, spec.priority, spec.match, spec.actions, 1,
                owner(1), meter);
        }
        t.put(s);
        auto key = FlowKeyText(44, 2000, canonical_match(MATCH));
        ASSERT_EQ(1u, s.flows.size());
        EXPECT_EQ("resubmit(,53)", s.flows.at(key).actions);
    } while (std::next_permutation(metered.begin(), metered.end()));
}

/* Conjunction-only flows merge only with those of the same meter; the
 * others lose the key like any other flow. */
TEST_F(WinnerRule, ConjunctionsOfAnotherMeterAreNotMerged)
{
    ovs::FlowSpec a = ovs::parse_flow(conj(1, 1, 2));
    ovs::FlowSpec b = ovs::parse_flow(conj(2, 1, 2));
    ovs::FlowSpec c = ovs::parse_flow(conj(3, 1, 2));
    auto &logical = tables.table(ovn::FlowProducer::LOGICAL);
    logical.add_or_append_conj_flow(a.table_id, a.priority, a.match,
                                    a.actions, 0, owner(1), 0);
    logical.add_or_append_conj_flow(b.table_id, b.priority, b.match,
                                    b.actions, 0, owner(2), 0);
    logical.add_or_append_conj_flow(c.table_id, c.priority, c.match,
                                    c.actions, 0, owner(3), 4);
    put();
    EXPECT_EQ(canonical_actions("conjunction(1,1/2),conjunction(2,1/2)"),
              flow_of(*this, sw)->actions);

    /* Owner 3 shares no flow with owners 1 and 2. */
    EXPECT_EQ(std::set<ovs::Uuid>({owner(3)}),
              logical.flood_remove_flows({owner(3)}));
    EXPECT_EQ(0u, put().total());

    logical.add_or_append_conj_flow(c.table_id, c.priority, c.match,
                                    c.actions, 0, owner(3), 4);
    logical.flood_remove_flows({owner(1)});
    put();
    EXPECT_EQ(canonical_actions("conjunction(3,1/2)"),
              flow_of(*this, sw)->actions);
}

TEST_F(Producers, EachProducerHasItsOwnOwners)
{
    /* The same UUID owns a physical and a logical flow and group. */
    tables.add_flow(44, 2000, ovs::parse_match(MATCH),
                    ovs::parse_actions("resubmit(,45)"), owner(1));
    add_logical(owner(1), "table=44,priority=10,actions=drop", 7);
    std::string error;
    uint32_t id = *logical().add_group(
        owner(1), "type=all,bucket=actions=output:1", &error);
    put();
    EXPECT_EQ(2u, sw.flows.size());

    tables.remove_flows(owner(1));      /* Physical. */
    put();
    EXPECT_EQ(1u, sw.flows.size());
    EXPECT_EQ(1u, sw.groups.count(id));
    EXPECT_EQ(7u, sw.flows.begin()->second.cookie);

    logical().remove_flows(owner(1));
    put();
    EXPECT_TRUE(sw.flows.empty());
    EXPECT_TRUE(sw.groups.empty());
}

TEST_F(Producers, TheProducerGivesTheCookie)
{
    add_logical(owner(1), ALLOW, 0xabcdef);
    put();
    EXPECT_EQ(0xabcdefu, flow_of(*this, sw)->cookie);
}

TEST_F(Producers, AnOwnerHasOneDesiredFlowPerControllerMeter)
{
    /* As in 23.03's desired table; the switch still gets one flow. */
    EXPECT_EQ(AddFlowResult::ADDED, add_logical(owner(1), ALLOW, 1, 0));
    EXPECT_EQ(AddFlowResult::ADDED, add_logical(owner(1), ALLOW, 1, 5));
    EXPECT_EQ(AddFlowResult::DUPLICATE, add_logical(owner(1), ALLOW, 1, 5));
    EXPECT_EQ(1u, tables.flows().stats().n_keys);
    EXPECT_EQ(2u, tables.flows().stats().n_desired);
    EXPECT_EQ(1u, put().flow_adds);
    EXPECT_EQ(1u, sw.flows.size());
}

TEST_F(TwoPhasePut, NothingIsInstalledBeforeTheSwitchAcknowledges)
{
    add(owner(1), "table=8,priority=1,actions=drop");
    sw.clear_log();
    tables.begin_put(sw);
    EXPECT_EQ(0u, tables.flows().stats().n_installed);
    EXPECT_EQ(1u, tables.flows().stats().n_pending);
    tables.commit_put();
    EXPECT_EQ(1u, tables.flows().stats().n_installed);
    EXPECT_EQ(0u, tables.flows().stats().n_pending);
}

/* Remembers the origin of every message, applying none. */
class RefusingSink : public ovn::OfctrlSink {
public:
    void send(ovs::OfpbufPtr, const ovn::MessageOrigin &origin) override
    {
        origins.push_back(origin);
    }
    std::vector<ovn::MessageOrigin> origins;
};

TEST_F(TwoPhasePut, ARejectedFlowCostsARetryOfItsPutOnly)
{
    for (int i = 0; i < 1000; i++) {
        add(owner(1), "table=8,priority=1,reg14=" + std::to_string(i)
                      + ",actions=drop");
    }
    put();
    ASSERT_EQ(1000u, sw.flows.size());

    /* The next put has one good and one bad flow; the switch refuses the
     * bad one, so the bundle is rolled back. */
    add(owner(2), "table=9,priority=1,actions=drop");
    add(owner(3), "table=9,priority=2,actions=drop");
    RefusingSink refused;
    EXPECT_EQ(2u, tables.begin_put(refused).total());
    ASSERT_EQ(2u, refused.origins.size());
    const ovn::MessageOrigin *bad = &refused.origins[0];
    if (bad->owner != owner(3)) {
        bad = &refused.origins[1];
    }
    EXPECT_NE("", tables.reject(*bad));
    tables.abort_put();

    /* Only the good flow is sent again: no delete-all, no reinstall. */
    ovn::PutStats stats = put();
    EXPECT_EQ(1u, stats.total());
    EXPECT_EQ(1u, stats.flow_adds);
    EXPECT_EQ(1001u, sw.flows.size());
    EXPECT_EQ(1001u, tables.flows().stats().n_installed);
}

TEST_F(TwoPhasePut, AnAbortedPutIsSentAgainAgainstWhatTheSwitchHolds)
{
    add(owner(1), "table=8,priority=1,actions=drop");
    put();
    tables.remove_flows(owner(1));
    add(owner(2), "table=8,priority=2,actions=drop");
    RefusingSink lost;
    EXPECT_EQ(2u, tables.begin_put(lost).total());
    tables.abort_put();
    ovn::PutStats stats = put();
    EXPECT_EQ(1u, stats.flow_dels);
    EXPECT_EQ(1u, stats.flow_adds);
    EXPECT_EQ(1u, sw.flows.size());
}

TEST_F(TwoPhasePut, AGroupIdComesBackOnlyAfterItsDeleteIsAcknowledged)
{
    uint32_t id = add_group(owner(1), "type=all,bucket=actions=output:1");
    put();
    tables.remove_flows(owner(1));
    sw.clear_log();
    tables.begin_put(sw);               /* The DELETE is in flight. */
    ASSERT_EQ(1u, sw.log.size());
    uint32_t other = add_group(owner(2), "type=all,bucket=actions=output:2");
    EXPECT_NE(id, other);
    tables.commit_put();
    EXPECT_FALSE(tables.groups().id_in_use(id));
    EXPECT_EQ(id, add_group(owner(3), "type=all,bucket=actions=output:3"));
    put();
    EXPECT_TRUE(sw.violations.empty());
}

TEST_F(TwoPhasePut, ChangesThatCancelOutSendNothing)
{
    add(owner(1), "table=8,priority=1,actions=drop");
    put();
    add(owner(2), "table=8,priority=2,actions=drop");
    tables.remove_flows(owner(2));
    tables.remove_flows(owner(1));
    add(owner(1), "table=8,priority=1,actions=drop");
    EXPECT_TRUE(tables.has_changes());
    EXPECT_EQ(0u, put().total());
    EXPECT_TRUE(sw.log.empty());
}

const char METER[] = "kbps burst bands=type=drop rate=100 burst_size=10";

TEST_F(Meters, OneTextOneIdAndTheMeterGoesBeforeItsFlows)
{
    std::string error;
    uint32_t id = *logical().add_meter(owner(1), METER, &error);
    EXPECT_EQ(id, *logical().add_meter(owner(2), METER, &error));
    EXPECT_NE(id, *logical().add_meter(owner(2), "pktps bands=type=drop "
                                       "rate=5", &error));
    add_logical(owner(1), "table=8,priority=1,actions=meter:"
                          + std::to_string(id) + ",resubmit(,9)", 1);
    ovn::PutStats stats = put();
    EXPECT_EQ(2u, stats.meter_adds);
    ASSERT_FALSE(sw.log.empty());
    EXPECT_EQ("meter ADD " + std::to_string(id), sw.log[0]);
    EXPECT_EQ(2u, sw.meters.size());
}

TEST_F(Meters, AMeterGoesOnlyAfterThePutThatRemovedItsFlowsIsAcknowledged)
{
    std::string error;
    uint32_t id = *logical().add_meter(owner(1), METER, &error);
    add_logical(owner(1), "table=8,priority=1,actions=meter:"
                          + std::to_string(id) + ",resubmit(,9)", 1);
    put();

    logical().remove_flows(owner(1));
    ovn::PutStats first = put();
    EXPECT_EQ(1u, first.flow_dels);
    EXPECT_EQ(0u, first.meter_dels);
    EXPECT_TRUE(tables.meters().id_in_use(id));

    /* The next put deletes it; until the switch acknowledges that, its ID
     * stays taken. */
    sw.clear_log();
    EXPECT_EQ(1u, tables.begin_put(sw).meter_dels);
    EXPECT_NE(id, *logical().add_meter(owner(2), "pktps bands=type=drop "
                                       "rate=5", &error));
    tables.commit_put();
    EXPECT_FALSE(tables.meters().id_in_use(id));
    EXPECT_EQ(0u, sw.meters.count(id));
    EXPECT_TRUE(sw.violations.empty());
}

TEST_F(Meters, TheListNamesEachMeterAsItsOwnersCalledItSortedByName)
{
    std::string error;
    uint32_t id = *logical().add_meter(owner(1), METER, &error, "m-b");
    EXPECT_EQ(id, *logical().add_meter(owner(2), METER, &error, "m-a"));
    uint32_t other = *logical().add_meter(owner(2), "pktps bands=type=drop "
                                          "rate=5", &error);
    const std::string s = std::to_string(id), o = std::to_string(other);
    EXPECT_EQ((std::vector<std::string>{"m-a: " + s, "m-b: " + s,
                                        "pktps bands=type=drop rate=5: " + o}),
              tables.meters().list());

    /* A name goes with the last owner that gave it. */
    logical().remove_flows(owner(2));
    EXPECT_EQ(std::vector<std::string>{"m-b: " + s},
              tables.meters().list());
    logical().remove_flows(owner(1));
    EXPECT_TRUE(tables.meters().list().empty());
}

TEST_F(Meters, AMeterTakenBackBeforeItsDeleteStays)
{
    std::string error;
    uint32_t id = *logical().add_meter(owner(1), METER, &error);
    put();
    logical().remove_flows(owner(1));
    put();
    EXPECT_EQ(id, *logical().add_meter(owner(2), METER, &error));
    EXPECT_EQ(0u, put().total());
    EXPECT_EQ(1u, sw.meters.count(id));
}

TEST_F(Meters, ABadMeterIsRefusedAndChangesNothing)
{
    std::string error;
    EXPECT_FALSE(logical().add_meter(owner(1), "meter=3 pktps "
                                     "bands=type=drop rate=5", &error));
    EXPECT_NE(std::string::npos, error.find("allocated by ofctrl"));
    EXPECT_FALSE(logical().add_meter(owner(1), "pktps bands=type=nope "
                                     "rate=5", &error));
    EXPECT_FALSE(logical().add_meter(owner(1), "bands=type=drop rate=5",
                                     &error));
    EXPECT_EQ(0u, tables.meters().size());
    EXPECT_EQ(0u, put().total());
}

}  // namespace
}  // namespace ovn_test
