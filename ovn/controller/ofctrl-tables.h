/* OfctrlTables: everything ofctrl_put() needs to know besides the switch
 * connection: the desired and installed flows (FlowTable), the groups
 * (GroupTable), and the put diff that turns their changes into OpenFlow
 * messages for an OfctrlSink.
 *
 * Keeping the connection out makes the diff testable without a switch; the
 * switch connection in ofctrl.cpp is one OfctrlSink (it wraps each put in a
 * bundle). */
#ifndef OVN_CONTROLLER_OFCTRL_TABLES_H
#define OVN_CONTROLLER_OFCTRL_TABLES_H 1

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "lib/c-ptr.h"
#include "lib/uuid-value.h"
#include "ovn/controller/flow-table.h"
#include "ovn/controller/group-table.h"

namespace ovn {

/* What a message of a put is about, so that a switch error about it can
 * be traced back to the row that asked for it. */
struct MessageOrigin {
    /* The winning owner of an added or modified flow; zero otherwise. */
    ovs::Uuid owner;
    /* The key of an added or modified flow (see FlowTable::reject()). */
    const FlowKey *flow_key = nullptr;
    /* The ID of an added group. */
    uint32_t group_id = 0;
};

/* Receives the messages of one put, in the order they must reach the
 * switch. */
class OfctrlSink {
public:
    virtual ~OfctrlSink() = default;
    /* 'msg' is an encoded OpenFlow 1.5 flow_mod or group_mod. */
    virtual void send(ovs::OfpbufPtr msg, const MessageOrigin &origin) = 0;
};

/* What one put sent. */
struct PutStats {
    size_t flow_adds = 0;
    size_t flow_mods = 0;
    size_t flow_dels = 0;
    size_t group_adds = 0;
    size_t group_dels = 0;

    size_t total() const noexcept
    {
        return flow_adds + flow_mods + flow_dels + group_adds + group_dels;
    }
};

class OfctrlTables {
public:
    explicit OfctrlTables(uint32_t max_group_id = GroupTable::DEFAULT_MAX_ID)
        : groups_(max_group_id) {}

    FlowTable &flows() noexcept { return flows_; }
    const FlowTable &flows() const noexcept { return flows_; }
    GroupTable &groups() noexcept { return groups_; }
    const GroupTable &groups() const noexcept { return groups_; }

    /* ofctrl_add_flow(), ofctrl_remove_flows(), ofctrl_set_flow() (which is
     * remove_flows() then add_flow()). */
    AddFlowResult add_flow(uint8_t table_id, uint16_t priority,
                           const ovs::Match &, const ovs::Ofpacts &,
                           const ovs::Uuid &owner);
    /* Removes 'owner''s flows and releases its groups. */
    void remove_flows(const ovs::Uuid &owner);
    AddFlowResult set_flow(uint8_t table_id, uint16_t priority,
                           const ovs::Match &, const ovs::Ofpacts &,
                           const ovs::Uuid &owner);
    std::optional<uint32_t> add_group(const ovs::Uuid &owner,
                                      std::string_view text,
                                      std::string *error);

    /* Drops every desired flow and group (before a full recompute).  What
     * the switch holds is remembered, so re-adding the same state sends
     * nothing. */
    void clear();

    /* The switch was emptied (after a reconnect): the next put installs
     * every desired flow and group. */
    void switch_cleared();

    /* Sends 'sink' what changed since the last put: new groups, then flow
     * adds, modifies and deletes, then deletes of unused groups. */
    PutStats put(OfctrlSink &sink);

    /* The switch refused the message that 'origin' describes: leaves that
     * flow (or group) out from now on and returns a description of it for
     * the log ("" if it is already gone).  Must be called before the next
     * put or switch_cleared(). */
    std::string reject(const MessageOrigin &origin);

    bool has_changes() const noexcept
    {
        return flows_.has_changes() || groups_.has_changes();
    }

private:
    FlowTable flows_;
    GroupTable groups_;
};

}  // namespace ovn

#endif  /* ovn/controller/ofctrl-tables.h */
