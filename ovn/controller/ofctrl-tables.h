/* OfctrlTables: everything ofctrl_put() needs to know besides the switch
 * connection: the desired and installed flows (FlowTable), the groups
 * (GroupTable), one DesiredFlowTable handle per producer, and the put
 * diff that turns their changes into OpenFlow messages for an
 * OfctrlSink.
 *
 * Keeping the connection out makes the diff testable without a switch; the
 * switch connection in ofctrl.cpp is one OfctrlSink (it wraps each put in a
 * bundle). */
#ifndef OVN_CONTROLLER_OFCTRL_TABLES_H
#define OVN_CONTROLLER_OFCTRL_TABLES_H 1

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "lib/c-ptr.h"
#include "lib/ofp-encode.h"
#include "lib/uuid-value.h"
#include "ovn/controller/flow-table.h"
#include "ovn/controller/group-table.h"
#include "ovn/controller/meter-table.h"

namespace ovn {

class OfctrlTables;

/* What a message of a put is about, so that a switch error about it can
 * be traced back to the rows that asked for it. */
struct MessageOrigin {
    /* The winning owner of an added or modified flow; zero otherwise. */
    ovs::Uuid owner;
    /* The key and flow of an added or modified flow (see
     * FlowTable::reject()). */
    const FlowKey *flow_key = nullptr;
    const DesiredFlow *flow = nullptr;
    /* The ID of an added group. */
    uint32_t group_id = 0;
    /* A meter mod: OVS takes these only outside bundles. */
    bool outside_bundle = false;
};

/* Receives the messages of one put, in the order they must reach the
 * switch. */
class OfctrlSink {
public:
    virtual ~OfctrlSink() = default;
    /* 'msg' is an encoded OpenFlow 1.5 flow_mod, group_mod or (with
     * 'origin.outside_bundle') meter_mod. */
    virtual void send(ovs::OfpbufPtr msg, const MessageOrigin &origin) = 0;
    /* A flow_mod, not yet encoded.  Returns false, sending nothing, if
     * OpenFlow cannot carry it in a bundle (over 64 KiB with the bundle
     * add's header).  By default encode_flow_mod() and send(); a sink that
     * wraps each message (ofctrl's bundle) encodes it straight into its
     * wrapper instead. */
    virtual bool send_flow_mod(const ovs::FlowModArgs &args,
                               const MessageOrigin &origin);
};

/* What one put sent. */
struct PutStats {
    size_t flow_adds = 0;
    size_t flow_mods = 0;
    size_t flow_dels = 0;
    size_t group_adds = 0;
    size_t group_dels = 0;
    size_t meter_adds = 0;
    size_t meter_dels = 0;
    size_t too_long = 0;        /* Flows left out: FLOW_MOD over 64 KiB. */

    size_t total() const noexcept
    {
        return flow_adds + flow_mods + flow_dels + group_adds + group_dels
               + meter_adds + meter_dels;
    }
};

/* One producer's desired flows and groups: what physical and logical flow
 * computation get instead of global functions.  Owners are that
 * producer's: the same UUID in another producer's table is another owner.
 * The upstream names: ofctrl_add_flow(), ofctrl_add_or_append_conj_flow(),
 * ofctrl_remove_flows(), ofctrl_flood_remove_flows(), ofctrl_set_flow(). */
class DesiredFlowTable {
public:
    DesiredFlowTable(OfctrlTables &tables, FlowProducer producer)
        : tables_(tables), producer_(producer) {}
    DesiredFlowTable(const DesiredFlowTable &) = delete;
    DesiredFlowTable &operator=(const DesiredFlowTable &) = delete;

    FlowProducer producer() const noexcept { return producer_; }

    /* 'cookie' is what the switch shows for the flow (upstream: the first
     * 32 bits of the row's UUID); 'meter_id' the controller meter (0 for
     * none): an owner has one flow per (key, meter), and flows that differ
     * only in their meter compete for the switch's one flow. */
    AddFlowResult add_flow(uint8_t table_id, uint16_t priority,
                           const ovs::MatchRef &, const ovs::Ofpacts &,
                           uint32_t cookie, const ovs::Uuid &owner,
                           uint32_t meter_id = 0);
    AddFlowResult add_or_append_conj_flow(uint8_t table_id,
                                          uint16_t priority,
                                          const ovs::MatchRef &,
                                          const ovs::Ofpacts &,
                                          uint32_t cookie,
                                          const ovs::Uuid &owner,
                                          uint32_t meter_id = 0);
    /* Removes 'owner''s flows and releases its groups. */
    void remove_flows(const ovs::Uuid &owner);
    /* Removes 'owner''s flows for one key only (FlowTable::remove_flow());
     * its groups and meters stay, for its other flows.  Returns how many
     * flows went. */
    size_t remove_flow(uint8_t table_id, uint16_t priority,
                       const ovs::MatchRef &, const ovs::Uuid &owner);
    /* Removes 'owner''s flows on the logical datapath whose key is
     * 'metadata' (FlowTable::remove_flows_with_metadata()); its groups
     * and meters stay, for its flows on other datapaths.  Returns how
     * many flows went. */
    size_t remove_flows_with_metadata(const ovs::Uuid &owner,
                                      uint64_t metadata);
    /* Removes the flows and groups of 'owners' and of every owner that
     * shares a merged conjunction flow with them, transitively; returns
     * them all. */
    std::set<ovs::Uuid> flood_remove_flows(const std::set<ovs::Uuid> &);
    /* remove_flows() then add_flow(). */
    AddFlowResult set_flow(uint8_t table_id, uint16_t priority,
                           const ovs::Match &, const ovs::Ofpacts &,
                           uint32_t cookie, const ovs::Uuid &owner);
    std::optional<uint32_t> add_group(const ovs::Uuid &owner,
                                      std::string_view text,
                                      std::string *error);
    /* A meter (ovs-ofctl text without its ID, e.g. "kbps burst
     * bands=type=drop rate=100 burst_size=10") for 'owner''s flows,
     * which call it 'name' (MeterTable::add_meter()). */
    std::optional<uint32_t> add_meter(const ovs::Uuid &owner,
                                      std::string_view text,
                                      std::string *error,
                                      std::string_view name = {});

private:
    OfctrlTables &tables_;
    const FlowProducer producer_;
};

class OfctrlTables {
public:
    explicit OfctrlTables(uint32_t max_group_id = GroupTable::DEFAULT_MAX_ID)
        : groups_(max_group_id),
          physical_(*this, FlowProducer::PHYSICAL),
          logical_(*this, FlowProducer::LOGICAL) {}
    OfctrlTables(const OfctrlTables &) = delete;
    OfctrlTables &operator=(const OfctrlTables &) = delete;

    FlowTable &flows() noexcept { return flows_; }
    const FlowTable &flows() const noexcept { return flows_; }
    GroupTable &groups() noexcept { return groups_; }
    const GroupTable &groups() const noexcept { return groups_; }
    MeterTable &meters() noexcept { return meters_; }
    const MeterTable &meters() const noexcept { return meters_; }

    /* The handle of each producer. */
    DesiredFlowTable &table(FlowProducer producer) noexcept
    {
        return producer == FlowProducer::LOGICAL ? logical_ : physical_;
    }

    /* Shorthands for the physical table with the owner's first 32 bits as
     * cookie (tests). */
    AddFlowResult add_flow(uint8_t table_id, uint16_t priority,
                           const ovs::Match &match,
                           const ovs::Ofpacts &actions,
                           const ovs::Uuid &owner)
    {
        return physical_.add_flow(table_id, priority, match, actions,
                                  owner.first_word(), owner);
    }
    void remove_flows(const ovs::Uuid &owner)
    {
        physical_.remove_flows(owner);
    }
    AddFlowResult set_flow(uint8_t table_id, uint16_t priority,
                           const ovs::Match &match,
                           const ovs::Ofpacts &actions,
                           const ovs::Uuid &owner)
    {
        return physical_.set_flow(table_id, priority, match, actions,
                                  owner.first_word(), owner);
    }
    std::optional<uint32_t> add_group(const ovs::Uuid &owner,
                                      std::string_view text,
                                      std::string *error)
    {
        return physical_.add_group(owner, text, error);
    }

    /* Drops every desired flow and group (before a full recompute).  What
     * the switch holds is remembered, so re-adding the same state sends
     * nothing. */
    void clear();

    /* The switch was emptied (after a reconnect): the next put installs
     * every desired flow and group.  Aborts a pending put. */
    void switch_cleared();

    /* A put is two-phase.  begin_put() sends 'sink' what changed since the
     * last put (outside the bundle: meter adds, and deletes of meters
     * whose flows an acknowledged put removed; then in the bundle: new
     * groups, flow adds, modifies and deletes, deletes of unused groups)
     * and keeps it pending; commit_put() records
     * it as installed once the switch has acknowledged it; abort_put(),
     * if the switch took none of it (a refused bundle), makes the next
     * put send again just the keys and groups of this one, less what
     * reject() left out.  No begin_put() while one is pending. */
    PutStats begin_put(OfctrlSink &sink);
    void commit_put();
    void abort_put();
    /* begin_put() and commit_put() at once (tests, benchmarks). */
    PutStats put(OfctrlSink &sink);

    /* The switch refused the message that 'origin' describes: leaves that
     * flow (or group) out from now on and returns a description of it for
     * the log ("" if it is already gone).  Must be called before the put
     * after the next, or switch_cleared(). */
    std::string reject(const MessageOrigin &origin);

    bool has_changes() const noexcept
    {
        return flows_.has_changes() || groups_.has_changes()
               || meters_.has_changes();
    }

private:
    friend class DesiredFlowTable;

    FlowTable flows_;
    GroupTable groups_;
    MeterTable meters_;
    DesiredFlowTable physical_;
    DesiredFlowTable logical_;
};

}  // namespace ovn

#endif  /* ovn/controller/ofctrl-tables.h */
