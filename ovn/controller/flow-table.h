/* FlowTable: ofctrl's desired and installed OpenFlow flows.
 *
 * A desired flow is a key (table_id, priority, match), a controller meter,
 * actions, a cookie, and the Southbound row that produced it (its owner).
 * An owner has one desired flow per (key, controller meter), as in 23.03's
 * desired table; the switch holds one flow per key, as 23.03's installed
 * table does, so flows that differ only in their meter compete for it.
 * Owners live in one namespace per producer (FlowProducer): physical and
 * logical flows may both be owned by the same UUID, and removing one
 * producer's flows for it never touches the other's.  Desired flows
 * persist across main-loop runs; a change to one row removes and re-adds
 * only that row's flows.
 *
 * Many owners may want one key; the switch holds one flow for it:
 *   - flows whose actions are only conjunctions, added with
 *     add_or_append_conj_flow(), are merged: the switch gets their
 *     conjunctions, sorted and without duplicates, in one flow that every
 *     one of their owners holds, and that goes only when the last of them
 *     removes its flows;
 *   - otherwise one flow wins by winner_precedes() (allow before drop
 *     before conjunction, then the smallest owner, then no meter before the
 *     smallest meter), whatever the order the flows came in.
 *
 * The table also remembers, per key, what the switch holds (the
 * "installed" flow) and which keys changed since the last diff, so that
 * diff() costs O(changes), not O(table).  A diff is two-phase: begin_diff()
 * emits the changes and marks them pending; commit() records them as
 * installed once the switch has acknowledged them, abort() forgets them
 * (the keys are diffed again at the next put).
 *
 * Only ofctrl (and its tests) use this class. */
#ifndef OVN_CONTROLLER_FLOW_TABLE_H
#define OVN_CONTROLLER_FLOW_TABLE_H 1

#include <cstddef>
#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "lib/hmap-view.h"
#include "lib/match-value.h"
#include "lib/open-hash-index.h"
#include "lib/ofpacts-value.h"
#include "lib/uuid-value.h"

namespace ovn {

struct FlowKey;
struct DesiredFlow;
struct FlowOwner;

/* Who computed a flow.  Each producer has its own owner namespace, as
 * upstream's pflow and lflow tables do. */
enum class FlowProducer : uint8_t {
    PHYSICAL,
    LOGICAL,
};
const char *flow_producer_name(FlowProducer);

/* An owner: a Southbound row's UUID in one producer's namespace.  Flows,
 * groups and meters are all owned by OwnerRefs. */
struct OwnerRef {
    FlowProducer producer = FlowProducer::PHYSICAL;
    ovs::Uuid uuid;

    bool operator==(const OwnerRef &o) const noexcept
    {
        return producer == o.producer && uuid == o.uuid;
    }
    bool operator<(const OwnerRef &o) const noexcept
    {
        return producer != o.producer ? producer < o.producer
                                      : uuid < o.uuid;
    }
    /* "UUID" for physical owners, "logical:UUID" for logical ones. */
    std::string to_string() const;
};

struct OwnerRefHash {
    size_t operator()(const OwnerRef &o) const noexcept
    {
        return o.uuid.hash() ^ size_t(o.producer);
    }
};

/* What add_flow() did. */
enum class AddFlowResult {
    ADDED,       /* A new desired flow. */
    DUPLICATE,   /* Same key, owner and actions already there: dropped. */
    REPLACED,    /* Same key and owner, other actions: the new ones won. */
    APPENDED,    /* Conjunctions merged into the owner's flow for the key. */
};

/* One change diff() hands to its caller, in the order it must reach the
 * switch.  The pointers stay valid only during the callback. */
struct FlowChange {
    enum Command { ADD, MODIFY, DELETE };
    Command command;
    uint8_t table_id;
    uint16_t priority;
    uint32_t meter_id;          /* The winner's controller meter, 0 for
                                 * none (not part of the switch's key). */
    const minimatch *match;
    const ofpact *ofpacts;      /* ADD and MODIFY only. */
    size_t ofpacts_len;
    uint64_t cookie;            /* ADD only. */
    ovs::Uuid owner;            /* The winning owner (zero for DELETE). */
    /* The key and the flow, for reject(); null for DELETE. */
    const FlowKey *key;
    const DesiredFlow *flow;
};

/* Memory use, for memory/show and the benchmark. */
struct FlowTableStats {
    size_t n_keys = 0;          /* Distinct (table, priority, match). */
    size_t n_desired = 0;       /* Desired flows. */
    size_t n_installed = 0;     /* Keys the switch holds. */
    size_t n_owners = 0;
    size_t n_tracked = 0;       /* Keys changed since the last diff. */
    size_t n_pending = 0;       /* Keys of the put awaiting its ack. */
};

class FlowTable {
public:
    FlowTable();
    ~FlowTable();
    FlowTable(const FlowTable &) = delete;
    FlowTable &operator=(const FlowTable &) = delete;

    /* Adds a desired flow owned by 'owner' of 'producer'.  Never fails: a
     * duplicate is dropped and a same-owner, same-key flow with new actions
     * replaces the old one (both logged, rate-limited, since they mean the
     * caller forgot to remove first).  'meter_id' is the controller meter
     * (0: none): an owner may have one flow per meter for a key, as in
     * 23.03's desired table, and they compete for the switch's flow like
     * other owners' flows. */
    AddFlowResult add_flow(FlowProducer, uint8_t table_id,
                           uint16_t priority, uint32_t meter_id,
                           const ovs::MatchRef &, const ofpact *ofpacts,
                           size_t ofpacts_len, uint32_t cookie,
                           const ovs::Uuid &owner);

    /* Like add_flow() for a flow whose actions are only conjunction()s:
     * if 'owner' already has such a flow for the key, the new
     * conjunctions are merged into it.  Other owners' conjunction-only
     * flows for the same key are merged with it when diffed, so the
     * switch gets one flow with every conjunction.  Actions that are not
     * only conjunctions make this add_flow(). */
    AddFlowResult add_or_append_conj_flow(FlowProducer, uint8_t table_id,
                                          uint16_t priority,
                                          uint32_t meter_id,
                                          const ovs::MatchRef &,
                                          const ofpact *ofpacts,
                                          size_t ofpacts_len,
                                          uint32_t cookie,
                                          const ovs::Uuid &owner);

    /* Removes every desired flow of 'owner' of 'producer', in time
     * proportional to that owner's flows.  Returns how many were
     * removed. */
    size_t remove_flows(FlowProducer, const ovs::Uuid &owner);

    /* Removes 'owner''s desired flows for the one key (table_id, priority,
     * match), whatever their controller meters, in time proportional to
     * the flows of that key (not to the owner's): for a change that
     * concerns a few of an owner's many flows, such as one address of an
     * address set.  The owner keeps its other flows.  Returns how many
     * were removed (0 if it had none there). */
    size_t remove_flow(FlowProducer, uint8_t table_id, uint16_t priority,
                       const ovs::MatchRef &, const ovs::Uuid &owner);

    /* Removes 'owner''s desired flows whose match fixes all 64 bits of
     * 'metadata' to 'metadata' (a logical datapath's tunnel key), in time
     * proportional to those flows, not to the owner's: the flows of one
     * datapath of a Logical_Flow that applies to several.  The owner keeps
     * its other flows; other owners' flows, on that datapath too, stay,
     * even those merged into the same conjunction flow on the switch.
     * Returns how many were removed. */
    size_t remove_flows_with_metadata(FlowProducer, const ovs::Uuid &owner,
                                      uint64_t metadata);

    /* Removes the flows of 'owners' and, transitively, of every owner of
     * the same producer that shares a merged conjunction flow with one of
     * them.  Returns every owner whose flows were removed ('owners'
     * included), so the caller can re-add those that still exist. */
    std::set<ovs::Uuid> flood_remove_flows(FlowProducer,
                                           const std::set<ovs::Uuid> &);

    /* Removes every desired flow (for a full recompute).  What the switch
     * holds is still remembered, so re-adding the same flows sends
     * nothing. */
    void clear();

    /* The switch lost every flow (it was cleared after a reconnect): forget
     * what was installed, so the next diff() adds every desired flow.
     * Aborts a pending diff. */
    void forget_installed();

    /* Records that the switch holds the flow (table_id, priority, match)
     * with 'ofpacts' and 'cookie', found by dumping its tables after a
     * (re)connect: an installed flow that no owner desires.  The next diff
     * leaves it alone if the key's winner is that very flow, modifies or
     * replaces it if not, and deletes it if nothing desires its key.
     * Returns false, recording nothing, if the key already has an
     * installed flow (a duplicate in the dump).  No pending diff.
     *
     * 'foreign' says the switch's flow has something ours never have
     * (timeouts, flags, an importance): then no desired flow is taken as
     * that flow, whatever its actions and cookie, and the next diff
     * replaces it by an ADD, or deletes it. */
    bool adopt_installed(uint8_t table_id, uint16_t priority,
                         const ovs::Match &, const ofpact *ofpacts,
                         size_t ofpacts_len, uint32_t cookie,
                         bool foreign = false);

    /* Calls 'emit' for every key whose installed flow must change,
     * deletes first (a flow adopted from the switch may be the same switch
     * flow as a desired key spelled differently: its delete must not come
     * after the add).  A change for which 'emit' returns false was not
     * sent: the key keeps what it had until it changes again.  The sent changes are pending
     * until commit() or abort().  No begin_diff() while changes are
     * pending. */
    void begin_diff(const std::function<bool(const FlowChange &)> &emit);
    /* The switch acknowledged the pending changes: it holds them now. */
    void commit();
    /* The switch took none of the pending changes: they are diffed again
     * (against what it still holds) at the next begin_diff(). */
    void abort();
    /* begin_diff() and commit() at once. */
    void diff(const std::function<void(const FlowChange &)> &emit);

    /* The switch refused flow 'flow' of 'key' (from a FlowChange of the
     * pending or last diff): every owner loses it, so it is left out from
     * now on (for a merged conjunction flow, every conjunction-only flow
     * merged into it).  Returns its description, with its owners, for the
     * log, or "" if that flow is no longer desired.  Valid only until the
     * diff after the next, or forget_installed(), which may free them. */
    std::string reject(const FlowKey *key, const DesiredFlow *flow);

    /* The owners of 'key''s desired flows, for logs: "UUID logical:UUID
     * ...". */
    std::string describe_owners(const FlowKey *key) const;

    /* True if diff() has something to do. */
    bool has_changes() const noexcept { return !tracked_.empty(); }
    bool has_pending() const noexcept { return !pending_.empty(); }

    FlowTableStats stats() const noexcept;

    /* Bytes the table has allocated (keys with their inline matches,
     * desired flows with their actions, owners, hash buckets), not counting
     * malloc's own overhead.  O(1): the keys and flows are counted as they
     * come and go. */
    size_t memory_bytes() const noexcept;
    /* For tests: the keys' and flows' share of memory_bytes(), counted
     * again by a walk of the whole table. */
    size_t count_entry_bytes() const noexcept;
    size_t entry_bytes() const noexcept { return entry_bytes_; }

    /* Human-readable dumps, one flow per line, sorted (for unixctl and
     * tests): "table=T, priority=P, MATCH actions=A owner=UUID"; the
     * installed dump shows "cookie=0x..." instead of the owner.  Keys with
     * a controller meter show "meter=N, " after the priority; logical
     * owners show "owner=logical:UUID". */
    std::vector<std::string> dump_desired() const;
    std::vector<std::string> dump_installed() const;

    /* For tests: visits every installed flow. */
    void for_each_installed(
        const std::function<void(const FlowChange &)> &visit) const;

private:
    FlowKey *find_or_create_key(uint8_t table_id, uint16_t priority,
                                const ovs::MatchRef &, bool create = true);
    /* add_flow() once its key is found. */
    AddFlowResult add_to_key(FlowKey *, FlowProducer, uint32_t meter_id,
                             const ofpact *, size_t ofpacts_len,
                             uint32_t cookie, const ovs::Uuid &owner);
    FlowOwner *find_owner(FlowProducer, const ovs::Uuid &) const;
    FlowOwner *find_or_create_owner(FlowProducer, const ovs::Uuid &);
    void delete_owner(FlowOwner *) noexcept;
    void link_to_owner(FlowOwner &, DesiredFlow &);
    void unlink_from_owner(FlowOwner &, DesiredFlow &) noexcept;
    void index_owner(FlowOwner &);
    void link_new_flow(FlowKey &, FlowOwner &, uint32_t meter_id,
                       const ofpact *, size_t ofpacts_len, uint32_t cookie);
    void track(FlowKey &) noexcept;
    void diff_key(FlowKey *, DesiredFlow *winner,
                  const std::function<bool(const FlowChange &)> &emit);
    void unlink_desired(DesiredFlow &) noexcept;
    void release_record(FlowKey &, DesiredFlow *) noexcept;
    void destroy_key(FlowKey *) noexcept;

    /* FlowKey by key hash; the table owns the keys (destroy_key()). */
    ovs::OpenHashIndex<FlowKey> keys_;
    ovs::Hmap owners_;      /* FlowOwner by (producer, UUID); owns them. */
    /* For each owner whose flows fix two metadata or more (a Logical_Flow
     * on several datapaths): sorted by metadata, the first of its flows
     * that fix each, in the owner's list (see FlowOwner). */
    std::unordered_map<const FlowOwner *,
                       std::vector<std::pair<uint64_t, DesiredFlow *>>>
        runs_;
    std::vector<FlowKey *> tracked_;  /* Keys changed since diff(). */
    std::vector<FlowKey *> pending_;  /* Keys of the uncommitted diff. */
    size_t n_desired_ = 0;
    size_t n_installed_ = 0;
    size_t entry_bytes_ = 0;  /* Keys and flows, as count_entry_bytes(). */
};

}  // namespace ovn

#endif  /* ovn/controller/flow-table.h */
