#include <config.h>

#include "ovn/controller/lflow-member-flows.h"

#include <iterator>
#include <utility>

namespace ovn {

const MemberFlows *
MemberFlowsStore::find(const ovs::Uuid &lflow, const ovs::Uuid &dp) const
{
    auto it = by_lflow_.find(lflow);
    if (it == by_lflow_.end()) {
        return nullptr;
    }
    auto m = it->second.find(dp);
    return m != it->second.end() ? &m->second : nullptr;
}

void
MemberFlowsStore::set(const ovs::Uuid &lflow, const ovs::Uuid &dp,
                      MemberFlows m)
{
    by_lflow_[lflow][dp] = std::move(m);
}

void
MemberFlowsStore::erase(const ovs::Uuid &lflow, const ovs::Uuid &dp)
{
    auto it = by_lflow_.find(lflow);
    if (it != by_lflow_.end()) {
        it->second.erase(dp);
        if (it->second.empty()) {
            by_lflow_.erase(it);
        }
    }
}

void
MemberFlowsStore::erase_testing_other(const ovs::Uuid &lflow)
{
    auto it = by_lflow_.find(lflow);
    if (it == by_lflow_.end()) {
        return;
    }
    for (auto m = it->second.begin(); m != it->second.end();) {
        m = m->second.tests_other ? it->second.erase(m) : std::next(m);
    }
    if (it->second.empty()) {
        by_lflow_.erase(it);
    }
}

}  // namespace ovn
