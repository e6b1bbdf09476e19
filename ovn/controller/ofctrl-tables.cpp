#include <config.h>

#include "ovn/controller/ofctrl-tables.h"

#include "lib/ofp-encode.h"

namespace ovn {

AddFlowResult
OfctrlTables::add_flow(uint8_t table_id, uint16_t priority,
                       const ovs::Match &match, const ovs::Ofpacts &actions,
                       const ovs::Uuid &owner)
{
    return flows_.add_flow(table_id, priority, match, actions, owner);
}

void
OfctrlTables::remove_flows(const ovs::Uuid &owner)
{
    flows_.remove_flows(owner);
    groups_.remove_owner(owner);
}

AddFlowResult
OfctrlTables::set_flow(uint8_t table_id, uint16_t priority,
                       const ovs::Match &match, const ovs::Ofpacts &actions,
                       const ovs::Uuid &owner)
{
    remove_flows(owner);
    return flows_.add_flow(table_id, priority, match, actions, owner);
}

std::optional<uint32_t>
OfctrlTables::add_group(const ovs::Uuid &owner, std::string_view text,
                        std::string *error)
{
    return groups_.add_group(owner, text, error);
}

void
OfctrlTables::clear()
{
    flows_.clear();
    groups_.clear();
}

void
OfctrlTables::switch_cleared()
{
    flows_.forget_installed();
    groups_.forget_installed();
}

PutStats
OfctrlTables::put(OfctrlSink &sink)
{
    PutStats stats;

    groups_.emit_adds([&](uint32_t id, const ovs::GroupMod &group) {
        MessageOrigin origin;
        origin.group_id = id;
        sink.send(ovs::encode_group_add(group, id), origin);
        stats.group_adds++;
    });

    flows_.diff([&](const FlowChange &c) {
        ovs::FlowModArgs args;
        args.table_id = c.table_id;
        args.priority = c.priority;
        args.match = c.match;
        args.ofpacts = c.ofpacts;
        args.ofpacts_len = c.ofpacts_len;
        args.cookie = c.cookie;
        switch (c.command) {
        case FlowChange::ADD:
            args.command = OFPFC_ADD;
            stats.flow_adds++;
            break;
        case FlowChange::MODIFY:
            args.command = OFPFC_MODIFY_STRICT;
            stats.flow_mods++;
            break;
        case FlowChange::DELETE:
            args.command = OFPFC_DELETE_STRICT;
            stats.flow_dels++;
            break;
        }
        MessageOrigin origin;
        origin.owner = c.owner;
        origin.flow_key = c.key;
        sink.send(ovs::encode_flow_mod(args), origin);
    });

    groups_.emit_deletes([&](uint32_t id) {
        sink.send(ovs::encode_group_delete(id), MessageOrigin());
        stats.group_dels++;
    });
    return stats;
}

}  // namespace ovn

namespace ovn {

std::string
OfctrlTables::reject(const MessageOrigin &origin)
{
    if (origin.flow_key) {
        std::string flow = flows_.reject(origin.flow_key, origin.owner);
        return flow.empty() ? "" : "flow " + flow + " owner="
                                   + origin.owner.to_string();
    } else if (origin.group_id) {
        std::string group = groups_.reject(origin.group_id);
        return group.empty() ? "" : "group " + group;
    }
    return "";
}

}  // namespace ovn
