/* Shared fixture for the ofctrl table tests: owners with readable UUIDs and
 * flows written in ovs-ofctl syntax. */
#ifndef TESTS_UNIT_OFCTRL_TEST_UTIL_H
#define TESTS_UNIT_OFCTRL_TEST_UTIL_H 1

#include <gtest/gtest.h>

#include <string>

#include "lib/ofp-text.h"
#include "lib/uuid-value.h"
#include "ovn/controller/ofctrl-tables.h"
#include "tests/unit/model-switch.h"

namespace ovn_test {

/* Owner N: UUID N0000000-0000-0000-0000-00000000000N-ish, so that a smaller
 * N is a smaller UUID and its cookie (the first 32 bits) is N << 24. */
inline ovs::Uuid
owner(uint32_t n, uint32_t low = 0)
{
    return ovs::Uuid(n << 24, 0, 0, low);
}

class OfctrlTablesTest : public ::testing::Test {
protected:
    /* 'flow' is "table=T,priority=P,MATCH,actions=A". */
    ovn::AddFlowResult add(const ovs::Uuid &o, const std::string &flow)
    {
        ovs::FlowSpec spec = ovs::parse_flow(flow);
        return tables.add_flow(spec.table_id, spec.priority, spec.match,
                               spec.actions, o);
    }
    ovn::AddFlowResult set(const ovs::Uuid &o, const std::string &flow)
    {
        ovs::FlowSpec spec = ovs::parse_flow(flow);
        return tables.set_flow(spec.table_id, spec.priority, spec.match,
                               spec.actions, o);
    }
    /* A logical flow (cookie given by the producer) and a logical
     * conjunction clause flow (cookie 0, as 23.03 gives them). */
    ovn::AddFlowResult add_logical(const ovs::Uuid &o,
                                   const std::string &flow,
                                   uint32_t cookie, uint32_t meter = 0)
    {
        ovs::FlowSpec spec = ovs::parse_flow(flow);
        return tables.table(ovn::FlowProducer::LOGICAL).add_flow(
            spec.table_id, spec.priority, spec.match, spec.actions, cookie,
            o, meter);
    }
    ovn::AddFlowResult append_conj(const ovs::Uuid &o,
                                   const std::string &flow)
    {
        ovs::FlowSpec spec = ovs::parse_flow(flow);
        return tables.table(ovn::FlowProducer::LOGICAL)
            .add_or_append_conj_flow(spec.table_id, spec.priority,
                                     spec.match, spec.actions, 0, o);
    }
    ovn::DesiredFlowTable &logical()
    {
        return tables.table(ovn::FlowProducer::LOGICAL);
    }
    uint32_t add_group(const ovs::Uuid &o, const std::string &text)
    {
        std::string error;
        std::optional<uint32_t> id = tables.add_group(o, text, &error);
        EXPECT_TRUE(id.has_value()) << error;
        return id.value_or(0);
    }
    ovn::PutStats put()
    {
        sw.clear_log();
        ovn::PutStats stats = tables.put(sw);
        EXPECT_TRUE(sw.violations.empty())
            << "first violation: " << sw.violations.front();
        return stats;
    }
    /* The switch's flow for a key, or nullptr. */
    const ModelFlow *switch_flow(int table, int priority,
                                 const std::string &match)
    {
        auto it = sw.flows.find(FlowKeyText(table, priority,
                                            canonical_match(match)));
        return it == sw.flows.end() ? nullptr : &it->second;
    }

    ovn::OfctrlTables tables;
    ModelSwitch sw;
};

}  // namespace ovn_test

#endif  /* tests/unit/ofctrl-test-util.h */
