#include <config.h>

#include "ovn/controller/lflow-side.h"

#include "ovn/controller/binding.h"
#include "ovn/controller/ofctrl.h"

namespace ovn {

const std::map<ovs::Uuid, sb::DatapathBinding> &
SideFlowInput::datapaths() const
{
    return local_datapaths ? *local_datapaths : bindings->local_datapaths();
}

bool
SideFlowInput::is_local_datapath(sb::DatapathBinding dp) const
{
    return dp && datapaths().count(dp.uuid());
}

void
SideFlowOwners::add_flow(uint8_t table_id, uint16_t priority,
                         const ovs::Match &match, const ovs::Ofpacts &acts,
                         const ovs::Uuid &owner, const ovs::Uuid &datapath)
{
    auto [it, inserted] = datapath_of_.emplace(owner, datapath);
    if (inserted) {
        by_datapath_[datapath].insert(owner);
    }
    ofctrl_flow_table(FlowProducer::LOGICAL).add_flow(
        table_id, priority, match, acts, owner.first_word(), owner);
}

bool
SideFlowOwners::remove(const ovs::Uuid &owner)
{
    auto it = datapath_of_.find(owner);
    if (it == datapath_of_.end()) {
        return false;
    }
    auto dp = by_datapath_.find(it->second);
    dp->second.erase(owner);
    if (dp->second.empty()) {
        by_datapath_.erase(dp);
    }
    datapath_of_.erase(it);
    ofctrl_flow_table(FlowProducer::LOGICAL).remove_flows(owner);
    return true;
}

void
SideFlowOwners::remove_datapath(const ovs::Uuid &datapath)
{
    auto dp = by_datapath_.find(datapath);
    if (dp == by_datapath_.end()) {
        return;
    }
    for (const ovs::Uuid &owner : dp->second) {
        datapath_of_.erase(owner);
        ofctrl_flow_table(FlowProducer::LOGICAL).remove_flows(owner);
    }
    by_datapath_.erase(dp);
}

void
SideFlowOwners::remove_all()
{
    for (const auto &[owner, dp] : datapath_of_) {
        ofctrl_flow_table(FlowProducer::LOGICAL).remove_flows(owner);
    }
    datapath_of_.clear();
    by_datapath_.clear();
}

}  // namespace ovn
