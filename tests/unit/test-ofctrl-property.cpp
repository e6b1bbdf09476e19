/* Property test of the ofctrl tables: random sequences of add / remove /
 * set / add-group / clear / put / reconnect, with keys shared by owners,
 * duplicates, re-adds and puts skipped (as when the switch is backlogged).
 * Every put's messages go to a model switch; after every put it must hold
 * exactly what the smallest-UUID rule gives for the desired state, with the
 * right cookies, and every group in use under its own ID with the right
 * buckets. */
#include <config.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "tests/unit/ofctrl-test-util.h"

namespace ovn_test {
namespace {

/* Fewer iterations under valgrind, which is ~50x slower. */
int
scaled(int n)
{
    const char *scale = getenv("OVN_UNIT_SCALE");
    return scale && std::string(scale) == "valgrind" ? n / 20 : n;
}

struct PoolFlow {
    ovs::FlowSpec spec;
    FlowKeyText key;
    std::string actions;        /* Canonical. */
};

class Model {
public:
    Model()
    {
        const char *matches[] = {
            "metadata=0x1,reg14=0x1", "metadata=0x1,reg14=0x2",
            "metadata=0x2", "ip,nw_dst=10.0.0.1", "",
        };
        const char *actions[] = {
            "drop", "resubmit(,9)", "output:1",
            "set_field:0x5->reg15,resubmit(,37)",
        };
        for (int table : {0, 8}) {
            for (int priority : {100, 200}) {
                for (const char *m : matches) {
                    std::vector<PoolFlow> variants;
                    for (const char *a : actions) {
                        std::string text = "table=" + std::to_string(table)
                            + ",priority=" + std::to_string(priority)
                            + (*m ? std::string(",") + m : "")
                            + ",actions=" + a;
                        PoolFlow f{ovs::parse_flow(text),
                                   FlowKeyText(table, priority,
                                               canonical_match(m)),
                                   canonical_actions(a)};
                        variants.push_back(std::move(f));
                    }
                    pool.push_back(std::move(variants));
                }
            }
        }
        /* Pairs of owners share a cookie (their first 32 bits). */
        owners = {owner(1, 1), owner(1, 2), owner(2), owner(3, 1),
                  owner(3, 2), owner(7)};
        group_texts = {
            "type=select,bucket=actions=output:1,bucket=actions=output:2",
            "type=all,bucket=actions=output:3",
            "type=all,bucket=actions=output:4",
            "type=indirect,bucket=actions=output:5",
        };
        for (const std::string &g : group_texts) {
            canonical_groups[g] = canonical_group(g);
        }
    }

    std::vector<std::vector<PoolFlow>> pool;   /* [key][actions variant] */
    std::vector<ovs::Uuid> owners;
    std::vector<std::string> group_texts;
    std::map<std::string, std::string> canonical_groups;
};

/* What should be desired, kept the simplest way. */
struct Desired {
    std::map<ovs::Uuid, std::map<FlowKeyText, std::string>> flows;
    std::map<ovs::Uuid, std::set<std::string>> groups;
    std::map<std::string, uint32_t> group_ids;

    void remove(const ovs::Uuid &o)
    {
        flows.erase(o);
        groups.erase(o);
    }
};

void
check_switch(const Desired &desired, const Model &model,
             const ModelSwitch &sw, int seq, int step)
{
    std::map<FlowKeyText, ModelFlow> expected;
    /* std::map iterates owners in UUID order: the first owner of a key is
     * the smallest. */
    for (const auto &[o, flows] : desired.flows) {
        for (const auto &[key, actions] : flows) {
            expected.emplace(key, ModelFlow{actions, o.first_word()});
        }
    }
    ASSERT_TRUE(sw.violations.empty())
        << "sequence " << seq << " step " << step << ": "
        << sw.violations.front();
    ASSERT_EQ(expected.size(), sw.flows.size())
        << "sequence " << seq << " step " << step;
    for (const auto &[key, flow] : expected) {
        auto it = sw.flows.find(key);
        ASSERT_NE(sw.flows.end(), it)
            << "sequence " << seq << " step " << step << ": missing "
            << std::get<2>(key);
        ASSERT_EQ(flow.actions, it->second.actions)
            << "sequence " << seq << " step " << step;
        ASSERT_EQ(flow.cookie, it->second.cookie)
            << "sequence " << seq << " step " << step;
    }

    std::set<std::string> held;
    for (const auto &[o, texts] : desired.groups) {
        held.insert(texts.begin(), texts.end());
    }
    ASSERT_EQ(held.size(), sw.groups.size())
        << "sequence " << seq << " step " << step;
    for (const std::string &text : held) {
        uint32_t id = desired.group_ids.at(text);
        auto it = sw.groups.find(id);
        ASSERT_NE(sw.groups.end(), it)
            << "sequence " << seq << " step " << step << ": group " << id;
        ASSERT_EQ(model.canonical_groups.at(text), it->second)
            << "sequence " << seq << " step " << step << ": group " << id;
    }
}

TEST(OfctrlProperty, SwitchAlwaysHoldsTheSmallestOwnerRuleForDesiredState)
{
    const Model model;
    const int n_sequences = scaled(2000);
    const int n_steps = 60;

    for (int seq = 0; seq < n_sequences; seq++) {
        std::mt19937 rng(seq);
        auto pick = [&](size_t n) {
            return std::uniform_int_distribution<size_t>(0, n - 1)(rng);
        };

        ovn::OfctrlTables tables(8);
        ModelSwitch sw;
        Desired desired;

        for (int step = 0; step < n_steps; step++) {
            const ovs::Uuid &o = model.owners[pick(model.owners.size())];
            const int op = pick(100);
            if (op < 40) {
                /* Add (often a duplicate or a same-key replacement). */
                const PoolFlow &f = model.pool[pick(model.pool.size())]
                                              [pick(4)];
                tables.add_flow(f.spec.table_id, f.spec.priority,
                                f.spec.match, f.spec.actions, o);
                desired.flows[o][f.key] = f.actions;
            } else if (op < 52) {
                tables.remove_flows(o);
                desired.remove(o);
            } else if (op < 60) {
                const PoolFlow &f = model.pool[pick(model.pool.size())]
                                              [pick(4)];
                tables.set_flow(f.spec.table_id, f.spec.priority,
                                f.spec.match, f.spec.actions, o);
                desired.remove(o);
                desired.flows[o] = {{f.key, f.actions}};
            } else if (op < 70) {
                const std::string &text
                    = model.group_texts[pick(model.group_texts.size())];
                std::string error;
                std::optional<uint32_t> id = tables.add_group(o, text,
                                                              &error);
                ASSERT_TRUE(id.has_value()) << error;
                auto known = desired.group_ids.find(text);
                bool held = false;
                for (const auto &[other, texts] : desired.groups) {
                    held |= texts.count(text) > 0;
                }
                if (held) {
                    /* Shared: the same text keeps its ID. */
                    ASSERT_EQ(known->second, *id);
                }
                desired.groups[o].insert(text);
                desired.group_ids[text] = *id;
            } else if (op < 72) {
                tables.clear();
                desired = Desired{{}, {}, desired.group_ids};
            } else if (op < 74) {
                /* The switch reconnected and was wiped. */
                sw.flows.clear();
                sw.groups.clear();
                tables.switch_cleared();
            } else if (op < 84) {
                /* The switch is backlogged: no put this time. */
            } else {
                tables.put(sw);
                check_switch(desired, model, sw, seq, step);
                if (testing::Test::HasFatalFailure()) {
                    return;
                }
            }
            /* Empty owners hold nothing. */
            if (desired.flows.count(o) && desired.flows[o].empty()) {
                desired.flows.erase(o);
            }
        }
        tables.put(sw);
        check_switch(desired, model, sw, seq, n_steps);
        if (testing::Test::HasFatalFailure()) {
            return;
        }
    }
}

}  // namespace
}  // namespace ovn_test
