/* Property test of the ofctrl tables: random sequences of add / append a
 * conjunction / remove / flood-remove / set / add-group / clear / put /
 * reconnect, by physical and logical owners, with keys shared by owners,
 * duplicates, re-adds, puts skipped (as when the switch is backlogged),
 * puts the switch refuses (one flow rejected, the bundle rolled back),
 * changes made while a put awaits its acknowledgement, meters with
 * flows that use them, and flows and conjunctions that differ only in
 * their controller meter (one switch flow for them).  Every put's
 * messages go to a model switch once it "acknowledges" them; after every
 * acknowledged put it must hold exactly what the winner rule gives for
 * the desired state (conjunction-only flows merged), with the right
 * cookies, and every group in use under its own ID with the right buckets.
 * While a put is in flight, no group or meter ID the switch still holds is
 * handed out for another group or meter, and the model switch checks that
 * no meter is deleted while a flow uses it nor a flow added before its
 * meter. */
#include <config.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <random>
#include <set>
#include <string>
#include <tuple>
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

using Conj = std::tuple<uint32_t, int, int>;   /* id, clause, n_clauses */

struct PoolFlow {
    ovs::FlowSpec spec;
    FlowKeyText key;
    std::string actions;        /* Canonical. */
    std::set<Conj> conj;        /* Non-empty: conjunction-only. */
};

/* 23.03's precedence: allow (0) before drop (1) before conjunction (2). */
int
precedence_class(const std::string &actions, bool conj)
{
    return conj ? 2 : actions == "drop" ? 1 : 0;
}

std::string
conj_text(const std::set<Conj> &conjs)
{
    std::string s;
    for (const auto &[id, clause, n] : conjs) {
        s += (s.empty() ? "" : ",") + std::string("conjunction(")
             + std::to_string(id) + "," + std::to_string(clause + 1) + "/"
             + std::to_string(n) + ")";
    }
    return canonical_actions(s);
}

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
        const std::vector<std::set<Conj>> conjs = {
            {{1, 0, 2}}, {{1, 1, 2}}, {{2, 0, 2}}, {{1, 0, 2}, {3, 1, 3}},
        };
        for (int table : {0, 8}) {
            for (int priority : {100, 200}) {
                for (const char *m : matches) {
                    std::string prefix = "table=" + std::to_string(table)
                        + ",priority=" + std::to_string(priority)
                        + (*m ? std::string(",") + m : "") + ",actions=";
                    FlowKeyText key(table, priority, canonical_match(m));
                    std::vector<PoolFlow> variants;
                    for (const char *a : actions) {
                        variants.push_back({ovs::parse_flow(prefix + a), key,
                                            canonical_actions(a), {}});
                    }
                    pool.push_back(std::move(variants));
                    std::vector<PoolFlow> conj_variants;
                    for (const std::set<Conj> &c : conjs) {
                        std::string text = conj_text(c);
                        conj_variants.push_back(
                            {ovs::parse_flow(prefix + text), key, text, c});
                    }
                    conj_pool.push_back(std::move(conj_variants));
                }
            }
        }
        /* Pairs of owners share a cookie (their first 32 bits); physical
         * and logical owners share UUIDs. */
        const ovs::Uuid uuids[] = {owner(1, 1), owner(1, 2), owner(2),
                                   owner(3, 1), owner(3, 2), owner(7)};
        for (const ovs::Uuid &u : uuids) {
            owners.push_back({ovn::FlowProducer::PHYSICAL, u});
            owners.push_back({ovn::FlowProducer::LOGICAL, u});
        }
        group_texts = {
            "type=select,bucket=actions=output:1,bucket=actions=output:2",
            "type=all,bucket=actions=output:3",
            "type=all,bucket=actions=output:4",
            "type=indirect,bucket=actions=output:5",
        };
        for (const std::string &g : group_texts) {
            canonical_groups[g] = canonical_group(g);
        }
        meter_texts = {
            "kbps burst bands=type=drop rate=100 burst_size=10",
            "pktps bands=type=drop rate=5",
            "pktps bands=type=drop rate=7",
        };
    }

    std::vector<std::vector<PoolFlow>> pool;   /* [key][actions variant] */
    std::vector<std::vector<PoolFlow>> conj_pool;
    std::vector<ovn::OwnerRef> owners;
    std::vector<std::string> group_texts;
    std::map<std::string, std::string> canonical_groups;
    std::vector<std::string> meter_texts;
    /* Controller meters, none half of the time. */
    const uint32_t ctrl_meters[4] = {0, 0, 5, 9};
};

struct Entry {
    std::string actions;        /* Canonical. */
    uint32_t cookie;
    std::set<Conj> conj;        /* Non-empty: conjunction-only. */
};

/* A desired flow's key: the switch's key and the controller meter. */
using MeteredKey = std::pair<FlowKeyText, uint32_t>;

/* What should be desired, kept the simplest way. */
struct Desired {
    std::map<ovn::OwnerRef, std::map<MeteredKey, Entry>> flows;
    std::map<ovn::OwnerRef, std::set<std::string>> groups;
    std::map<std::string, uint32_t> group_ids;
    std::map<ovn::OwnerRef, std::set<std::string>> meters;
    std::map<std::string, uint32_t> meter_ids;

    void remove(const ovn::OwnerRef &o)
    {
        flows.erase(o);
        groups.erase(o);
        meters.erase(o);
    }

    /* The winner rule, written independently of FlowTable: the winning
     * owner and entry of 'key' and the switch flow it makes. */
    bool expected(const FlowKeyText &key, ovn::OwnerRef *winner,
                  ModelFlow *flow, uint32_t *winner_meter = nullptr) const
    {
        const Entry *best = nullptr;
        uint32_t best_meter = 0;
        for (const auto &[o, entries] : flows) {
            for (auto it = entries.lower_bound({key, 0});
                 it != entries.end() && it->first.first == key; ++it) {
                const Entry &e = it->second;
                const uint32_t meter = it->first.second;
                /* The meter counts after the owner: none first. */
                auto rank = [](const ovn::OwnerRef &r, uint32_t m,
                               const Entry &x) {
                    return std::make_tuple(
                        precedence_class(x.actions, !x.conj.empty()),
                        r.uuid, r.producer, m);
                };
                if (!best
                    || rank(o, meter, e) < rank(*winner, best_meter,
                                                *best)) {
                    best = &e;
                    best_meter = meter;
                    *winner = o;
                }
            }
        }
        if (!best) {
            return false;
        }
        if (winner_meter) {
            *winner_meter = best_meter;
        }
        flow->cookie = best->cookie;
        flow->actions = best->actions;
        if (!best->conj.empty()) {
            /* Merged with the same producer's and meter's. */
            std::set<Conj> merged;
            for (const auto &[o, entries] : flows) {
                auto it = entries.find({key, best_meter});
                if (o.producer == winner->producer && it != entries.end()
                    && !it->second.conj.empty()) {
                    merged.insert(it->second.conj.begin(),
                                  it->second.conj.end());
                }
            }
            flow->actions = conj_text(merged);
        }
        return true;
    }

    /* Owners that flood removal of 'start' must remove. */
    std::set<ovs::Uuid> flood(ovn::FlowProducer producer,
                              const std::set<ovs::Uuid> &start) const
    {
        std::set<ovs::Uuid> result(start);
        bool grew = true;
        while (grew) {
            grew = false;
            for (const auto &[o, entries] : flows) {
                if (o.producer != producer || !result.count(o.uuid)) {
                    continue;
                }
                for (const auto &[key, e] : entries) {
                    if (e.conj.empty()) {
                        continue;
                    }
                    for (const auto &[o2, entries2] : flows) {
                        /* 'key' includes the meter: only the same meter's
                         * conjunctions merge. */
                        auto it = entries2.find(key);
                        if (o2.producer == producer && it != entries2.end()
                            && !it->second.conj.empty()
                            && result.insert(o2.uuid).second) {
                            grew = true;
                        }
                    }
                }
            }
        }
        return result;
    }
};

void
check_switch(const Desired &desired, const Model &model,
             const ModelSwitch &sw, int seq, int step)
{
    std::set<FlowKeyText> keys;
    for (const auto &[o, flows] : desired.flows) {
        for (const auto &[key, entry] : flows) {
            keys.insert(key.first);
        }
    }
    std::map<FlowKeyText, ModelFlow> expected;
    for (const FlowKeyText &key : keys) {
        ovn::OwnerRef winner;
        ModelFlow flow;
        if (desired.expected(key, &winner, &flow)) {
            expected.emplace(key, flow);
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
            << "sequence " << seq << " step " << step << ": "
            << std::get<2>(key);
        ASSERT_EQ(flow.cookie, it->second.cookie)
            << "sequence " << seq << " step " << step;
    }

    std::set<std::string> held_meters;
    for (const auto &[o, texts] : desired.meters) {
        held_meters.insert(texts.begin(), texts.end());
    }
    for (const std::string &text : held_meters) {
        ASSERT_EQ(1u, sw.meters.count(desired.meter_ids.at(text)))
            << "sequence " << seq << " step " << step << ": meter "
            << text;
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

/* Holds a put's messages, as the switch holds a bundle, until the test
 * decides whether the switch takes them. */
class BundleSink : public ovn::OfctrlSink {
public:
    void send(ovs::OfpbufPtr msg, const ovn::MessageOrigin &origin) override
    {
        msgs.emplace_back(std::move(msg), origin);
    }
    std::vector<std::pair<ovs::OfpbufPtr, ovn::MessageOrigin>> msgs;
};

/* The key of flow_mod 'msg', or false if it is not one. */
bool
flow_mod_key(const ofpbuf &msg, FlowKeyText *key)
{
    ModelSwitch probe;
    probe.send(ovs::OfpbufPtr(ofpbuf_clone(&msg)), ovn::MessageOrigin());
    if (!probe.last_flow_key) {
        return false;
    }
    *key = *probe.last_flow_key;
    return true;
}

TEST(OfctrlProperty, SwitchAlwaysHoldsTheWinnerRuleForDesiredState)
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
        std::map<uint32_t, std::string> meter_text_of_id;
        std::unique_ptr<BundleSink> in_flight;

        for (int step = 0; step < n_steps; step++) {
            const ovn::OwnerRef &o = model.owners[pick(model.owners.size())];
            ovn::DesiredFlowTable &t = tables.table(o.producer);
            const int op = pick(100);
            if (op < 30) {
                /* Add (often a duplicate or a same-key replacement). */
                const PoolFlow &f = model.pool[pick(model.pool.size())]
                                              [pick(4)];
                const uint32_t meter = model.ctrl_meters[pick(4)];
                t.add_flow(f.spec.table_id, f.spec.priority, f.spec.match,
                           f.spec.actions, o.uuid.first_word(), o.uuid,
                           meter);
                desired.flows[o][{f.key, meter}]
                    = {f.actions, o.uuid.first_word(), {}};
            } else if (op < 42) {
                /* Append conjunctions (logical flows with cookie 0, as
                 * 23.03 gives its conjunction clause flows). */
                const PoolFlow &f
                    = model.conj_pool[pick(model.conj_pool.size())][pick(4)];
                const uint32_t meter = model.ctrl_meters[pick(4)];
                t.add_or_append_conj_flow(f.spec.table_id, f.spec.priority,
                                          f.spec.match, f.spec.actions, 0,
                                          o.uuid, meter);
                auto &entries = desired.flows[o];
                auto it = entries.find({f.key, meter});
                if (it != entries.end() && !it->second.conj.empty()) {
                    it->second.conj.insert(f.conj.begin(), f.conj.end());
                    it->second.actions = conj_text(it->second.conj);
                } else {
                    entries[{f.key, meter}] = {f.actions, 0, f.conj};
                }
            } else if (op < 50) {
                t.remove_flows(o.uuid);
                desired.remove(o);
            } else if (op < 54) {
                const ovn::OwnerRef &o2
                    = model.owners[pick(model.owners.size())];
                std::set<ovs::Uuid> start = {o.uuid};
                if (o2.producer == o.producer) {
                    start.insert(o2.uuid);
                }
                std::set<ovs::Uuid> expected
                    = desired.flood(o.producer, start);
                ASSERT_EQ(expected, t.flood_remove_flows(start))
                    << "sequence " << seq << " step " << step;
                for (const ovs::Uuid &u : expected) {
                    desired.remove({o.producer, u});
                }
            } else if (op < 58) {
                const PoolFlow &f = model.pool[pick(model.pool.size())]
                                              [pick(4)];
                t.set_flow(f.spec.table_id, f.spec.priority, f.spec.match,
                           f.spec.actions, o.uuid.first_word(), o.uuid);
                desired.remove(o);
                desired.flows[o] = {{{f.key, 0},
                                     {f.actions, o.uuid.first_word(), {}}}};
            } else if (op < 61) {
                /* A meter and a flow of the owner that uses it. */
                const size_t i = pick(model.meter_texts.size());
                const std::string &text = model.meter_texts[i];
                std::string error;
                std::optional<uint32_t> id = t.add_meter(o.uuid, text,
                                                         &error);
                ASSERT_TRUE(id.has_value()) << error;
                /* An ID the switch holds is never given to another
                 * meter. */
                auto known = meter_text_of_id.find(*id);
                ASSERT_TRUE(!sw.meters.count(*id)
                            || known == meter_text_of_id.end()
                            || known->second == text)
                    << "sequence " << seq << " step " << step
                    << ": meter ID " << *id << " reused while the switch "
                    << "holds it";
                meter_text_of_id[*id] = text;
                desired.meters[o].insert(text);
                desired.meter_ids[text] = *id;
                const std::string actions = "meter:" + std::to_string(*id)
                                            + ",resubmit(,9)";
                const std::string match = "reg13=" + std::to_string(i + 1);
                ovs::FlowSpec f = ovs::parse_flow(
                    "table=50,priority=1," + match + ",actions=" + actions);
                t.add_flow(f.table_id, f.priority, f.match, f.actions,
                           o.uuid.first_word(), o.uuid);
                desired.flows[o][{FlowKeyText(50, 1, canonical_match(match)),
                                  0}]
                    = {canonical_actions(actions), o.uuid.first_word(), {}};
            } else if (op < 66) {
                const std::string &text
                    = model.group_texts[pick(model.group_texts.size())];
                std::string error;
                std::optional<uint32_t> id = t.add_group(o.uuid, text,
                                                         &error);
                ASSERT_TRUE(id.has_value()) << error;
                bool held = false;
                for (const auto &[other, texts] : desired.groups) {
                    held |= texts.count(text) > 0;
                }
                if (held) {
                    /* Shared: the same text keeps its ID. */
                    ASSERT_EQ(desired.group_ids.at(text), *id);
                }
                /* An ID the switch holds (acknowledged) is never given to
                 * another group. */
                auto on_switch = sw.groups.find(*id);
                ASSERT_TRUE(on_switch == sw.groups.end()
                            || on_switch->second
                               == model.canonical_groups.at(text))
                    << "sequence " << seq << " step " << step
                    << ": group ID " << *id << " reused while the switch "
                    << "holds " << on_switch->second;
                desired.groups[o].insert(text);
                desired.group_ids[text] = *id;
            } else if (op < 68) {
                tables.clear();
                desired = Desired{{}, {}, desired.group_ids, {},
                                  desired.meter_ids};
            } else if (op < 70) {
                /* The switch reconnected and was wiped (a put in flight is
                 * lost). */
                in_flight.reset();
                sw.flows.clear();
                sw.groups.clear();
                sw.meters.clear();
                tables.switch_cleared();
            } else if (op < 76) {
                /* The switch is backlogged: no put this time. */
            } else if (in_flight) {
                /* The switch answers the put in flight. */
                if (op < 88) {
                    for (auto &[msg, origin] : in_flight->msgs) {
                        sw.send(std::move(msg), origin);
                    }
                    in_flight.reset();
                    tables.commit_put();
                    if (!tables.has_changes()) {
                        /* Nothing changed while it was in flight. */
                        check_switch(desired, model, sw, seq, step);
                    }
                } else {
                    /* It rejects one flow: the bundle is rolled back. */
                    std::vector<size_t> flows;
                    for (size_t i = 0; i < in_flight->msgs.size(); i++) {
                        if (in_flight->msgs[i].second.flow) {
                            flows.push_back(i);
                        }
                    }
                    /* (Only when nothing changed since the put: then
                     * the message is the key's current winner.) */
                    if (!flows.empty() && !tables.has_changes()) {
                        auto &[msg, origin]
                            = in_flight->msgs[flows[pick(flows.size())]];
                        FlowKeyText key;
                        ASSERT_TRUE(flow_mod_key(*msg, &key));
                        ovn::OwnerRef winner;
                        ModelFlow flow;
                        uint32_t meter = 0;
                        if (!tables.reject(origin).empty()) {
                            ASSERT_TRUE(desired.expected(key, &winner,
                                                         &flow, &meter));
                            const MeteredKey mkey(key, meter);
                            /* A merged flow takes every conjunction
                             * flow of its producer and key with it. */
                            const bool conj_won = !desired.flows[winner]
                                                   [mkey].conj.empty();
                            auto merged_into = [&](const ovn::OwnerRef &r,
                                                   const Entry &e) {
                                return conj_won && !e.conj.empty()
                                       && r.producer == winner.producer;
                            };
                            size_t n_merged = 0;
                            for (auto &[owner, entries] : desired.flows) {
                                auto it = entries.find(mkey);
                                n_merged += (it != entries.end()
                                             && merged_into(owner,
                                                            it->second));
                            }
                            for (auto &[owner, entries] : desired.flows) {
                                auto it = entries.find(mkey);
                                if (it != entries.end()
                                    && (owner == winner
                                        || (n_merged > 1
                                            && merged_into(owner,
                                                           it->second)))) {
                                    entries.erase(it);
                                }
                            }
                        }
                    }
                    /* Meter mods were not in the bundle: the switch took
                     * them. */
                    for (auto &[msg, origin] : in_flight->msgs) {
                        if (origin.outside_bundle) {
                            sw.send(std::move(msg), origin);
                        }
                    }
                    in_flight.reset();
                    tables.abort_put();
                }
            } else {
                in_flight = std::make_unique<BundleSink>();
                tables.begin_put(*in_flight);
            }
            if (testing::Test::HasFatalFailure()) {
                return;
            }
            /* Empty owners hold nothing. */
            for (auto it = desired.flows.begin();
                 it != desired.flows.end();) {
                it = it->second.empty() ? desired.flows.erase(it)
                                        : std::next(it);
            }
        }
        if (in_flight) {
            for (auto &[msg, origin] : in_flight->msgs) {
                sw.send(std::move(msg), origin);
            }
            in_flight.reset();
            tables.commit_put();
        }
        tables.put(sw);
        check_switch(desired, model, sw, seq, n_steps);
        /* Released meters go one acknowledged put after their flows. */
        tables.put(sw);
        size_t n_held_meters = 0;
        {
            std::set<std::string> held;
            for (const auto &[o, texts] : desired.meters) {
                held.insert(texts.begin(), texts.end());
            }
            n_held_meters = held.size();
        }
        EXPECT_EQ(n_held_meters, sw.meters.size())
            << "sequence " << seq;
        EXPECT_TRUE(sw.violations.empty()) << "sequence " << seq << ": "
                                           << sw.violations.front();
        if (testing::Test::HasFatalFailure()) {
            return;
        }
    }
}

}  // namespace
}  // namespace ovn_test
