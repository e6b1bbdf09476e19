#include <config.h>

#include "ovn/controller/ofctrl-tables.h"

#include "lib/ofp-encode.h"
#include "lib/ovs-internal.h"
#include "openvswitch/vlog.h"

VLOG_DEFINE_THIS_MODULE(ofctrl_tables);

COVERAGE_DEFINE(ofctrl_flow_add);
COVERAGE_DEFINE(ofctrl_flow_delete);
COVERAGE_DEFINE(ofctrl_flow_modify);
COVERAGE_DEFINE(ofctrl_msg_too_long);

namespace ovn {

AddFlowResult
DesiredFlowTable::add_flow(uint8_t table_id, uint16_t priority,
                           const ovs::MatchRef &match,
                           const ovs::Ofpacts &actions, uint32_t cookie,
                           const ovs::Uuid &owner, uint32_t meter_id)
{
    return tables_.flows_.add_flow(producer_, table_id, priority, meter_id,
                                   match, actions.data(), actions.size(),
                                   cookie, owner);
}

AddFlowResult
DesiredFlowTable::add_or_append_conj_flow(uint8_t table_id,
                                          uint16_t priority,
                                          const ovs::MatchRef &match,
                                          const ovs::Ofpacts &actions,
                                          uint32_t cookie,
                                          const ovs::Uuid &owner,
                                          uint32_t meter_id)
{
    return tables_.flows_.add_or_append_conj_flow(
        producer_, table_id, priority, meter_id, match, actions.data(),
        actions.size(), cookie, owner);
}

void
DesiredFlowTable::remove_flows(const ovs::Uuid &owner)
{
    tables_.flows_.remove_flows(producer_, owner);
    tables_.groups_.remove_owner(OwnerRef{producer_, owner});
    tables_.meters_.remove_owner(OwnerRef{producer_, owner});
}

size_t
DesiredFlowTable::remove_flow(uint8_t table_id, uint16_t priority,
                              const ovs::MatchRef &match,
                              const ovs::Uuid &owner)
{
    return tables_.flows_.remove_flow(producer_, table_id, priority, match,
                                      owner);
}

size_t
DesiredFlowTable::remove_flows_with_metadata(const ovs::Uuid &owner,
                                             uint64_t metadata)
{
    return tables_.flows_.remove_flows_with_metadata(producer_, owner,
                                                     metadata);
}

std::set<ovs::Uuid>
DesiredFlowTable::flood_remove_flows(const std::set<ovs::Uuid> &owners)
{
    std::set<ovs::Uuid> removed
        = tables_.flows_.flood_remove_flows(producer_, owners);
    for (const ovs::Uuid &owner : removed) {
        tables_.groups_.remove_owner(OwnerRef{producer_, owner});
        tables_.meters_.remove_owner(OwnerRef{producer_, owner});
    }
    return removed;
}

AddFlowResult
DesiredFlowTable::set_flow(uint8_t table_id, uint16_t priority,
                           const ovs::Match &match,
                           const ovs::Ofpacts &actions, uint32_t cookie,
                           const ovs::Uuid &owner)
{
    remove_flows(owner);
    return add_flow(table_id, priority, match, actions, cookie, owner);
}

std::optional<uint32_t>
DesiredFlowTable::add_group(const ovs::Uuid &owner, std::string_view text,
                            std::string *error)
{
    return tables_.groups_.add_group(OwnerRef{producer_, owner}, text,
                                     error);
}

std::optional<uint32_t>
DesiredFlowTable::add_meter(const ovs::Uuid &owner, std::string_view text,
                            std::string *error, std::string_view name)
{
    return tables_.meters_.add_meter(OwnerRef{producer_, owner}, text,
                                     error, name);
}

void
OfctrlTables::clear()
{
    flows_.clear();
    groups_.clear();
    meters_.clear();
}

void
OfctrlTables::switch_cleared()
{
    flows_.forget_installed();
    groups_.forget_installed();
    meters_.forget_installed();
}

bool
OfctrlSink::send_flow_mod(const ovs::FlowModArgs &args,
                          const MessageOrigin &origin)
{
    ovs::OfpbufPtr msg = ovs::encode_flow_mod(args);
    if (msg->size + ovs::BUNDLE_ADD_HEADER_LEN > UINT16_MAX) {
        return false;
    }
    send(std::move(msg), origin);
    return true;
}

PutStats
OfctrlTables::begin_put(OfctrlSink &sink)
{
    PutStats stats;

    meters_.emit([&](ovs::OfpbufPtr msg, bool is_delete) {
        (is_delete ? stats.meter_dels : stats.meter_adds)++;
        MessageOrigin origin;
        origin.outside_bundle = true;
        sink.send(std::move(msg), origin);
    });

    groups_.emit_adds([&](uint32_t id, const ovs::GroupMod &group) {
        MessageOrigin origin;
        origin.group_id = id;
        sink.send(ovs::encode_group_add(group, id), origin);
        stats.group_adds++;
    });

    flows_.begin_diff([&](const FlowChange &c) {
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
            break;
        case FlowChange::MODIFY:
            args.command = OFPFC_MODIFY_STRICT;
            break;
        case FlowChange::DELETE:
            args.command = OFPFC_DELETE_STRICT;
            break;
        }
        MessageOrigin origin;
        origin.owner = c.owner;
        origin.flow_key = c.key;
        origin.flow = c.flow;
        if (!sink.send_flow_mod(args, origin)) {
            /* OpenFlow cannot carry it (upstream 23.03 reconnects in a
             * loop here).  Leave it out; the rest of the put goes on. */
            static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);
            COVERAGE_INC(ofctrl_msg_too_long);
            stats.too_long++;
            VLOG_WARN_RL(&rl, "flow of %zu bytes of actions does not fit in "
                         "an OpenFlow message, leaving it out: table=%d, "
                         "priority=%d, owners: %s", c.ofpacts_len,
                         c.table_id, c.priority,
                         flows_.describe_owners(c.key).c_str());
            return false;
        }
        switch (c.command) {
        case FlowChange::ADD:
            COVERAGE_INC(ofctrl_flow_add);
            stats.flow_adds++;
            break;
        case FlowChange::MODIFY:
            COVERAGE_INC(ofctrl_flow_modify);
            stats.flow_mods++;
            break;
        case FlowChange::DELETE:
            COVERAGE_INC(ofctrl_flow_delete);
            stats.flow_dels++;
            break;
        }
        return true;
    });

    groups_.emit_deletes([&](uint32_t id) {
        sink.send(ovs::encode_group_delete(id), MessageOrigin());
        stats.group_dels++;
    });
    return stats;
}

void
OfctrlTables::commit_put()
{
    flows_.commit();
    groups_.commit();
    meters_.commit();
}

void
OfctrlTables::abort_put()
{
    flows_.abort();
    groups_.abort();
    meters_.abort();
}

PutStats
OfctrlTables::put(OfctrlSink &sink)
{
    PutStats stats = begin_put(sink);
    commit_put();
    return stats;
}

std::string
OfctrlTables::reject(const MessageOrigin &origin)
{
    if (origin.flow_key && origin.flow) {
        std::string flow = flows_.reject(origin.flow_key, origin.flow);
        return flow.empty() ? "" : "flow " + flow;
    } else if (origin.group_id) {
        std::string group = groups_.reject(origin.group_id);
        return group.empty() ? "" : "group " + group;
    }
    return "";
}

}  // namespace ovn
