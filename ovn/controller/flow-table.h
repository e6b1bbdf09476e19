/* FlowTable: ofctrl's desired and installed OpenFlow flows.
 *
 * A desired flow is a key (table_id, priority, match), actions, and the UUID
 * of the Southbound row that produced it (its owner).  Desired flows persist
 * across main-loop runs; a change to one row removes and re-adds only that
 * row's flows.  Several owners may want the same key: the one with the
 * smallest UUID wins, whatever the order they were added in, and its actions
 * and cookie are what the switch gets.
 *
 * The table also remembers, per key, what the switch holds (the "installed"
 * flow) and which keys changed since the last diff, so that diff() costs
 * O(changes), not O(table).
 *
 * Only ofctrl (and its tests) use this class; the rest of ovn-controller
 * goes through ofctrl_add_flow() and friends. */
#ifndef OVN_CONTROLLER_FLOW_TABLE_H
#define OVN_CONTROLLER_FLOW_TABLE_H 1

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "lib/hmap-view.h"
#include "lib/match-value.h"
#include "lib/ofpacts-value.h"
#include "lib/uuid-value.h"

namespace ovn {

struct FlowKey;
struct DesiredFlow;
struct FlowOwner;

/* What add_flow() did. */
enum class AddFlowResult {
    ADDED,       /* A new desired flow. */
    DUPLICATE,   /* Same key, owner and actions already there: dropped. */
    REPLACED,    /* Same key and owner, other actions: the new ones won. */
};

/* One change diff() hands to its caller, in the order it must reach the
 * switch.  The pointers stay valid only during the callback. */
struct FlowChange {
    enum Command { ADD, MODIFY, DELETE };
    Command command;
    uint8_t table_id;
    uint16_t priority;
    const minimatch *match;
    const ofpact *ofpacts;      /* ADD and MODIFY only. */
    size_t ofpacts_len;
    uint64_t cookie;            /* ADD only. */
    ovs::Uuid owner;            /* The winning owner (zero for DELETE). */
    /* The key, for reject(); null for DELETE, whose key is gone. */
    const FlowKey *key;
};

/* Memory use, for memory/show and the benchmark. */
struct FlowTableStats {
    size_t n_keys = 0;          /* Distinct (table, priority, match). */
    size_t n_desired = 0;       /* Desired flows. */
    size_t n_installed = 0;     /* Keys the switch holds. */
    size_t n_owners = 0;
    size_t n_tracked = 0;       /* Keys changed since the last diff. */
};

class FlowTable {
public:
    FlowTable();
    ~FlowTable();
    FlowTable(const FlowTable &) = delete;
    FlowTable &operator=(const FlowTable &) = delete;

    /* Adds a desired flow owned by 'owner'.  Never fails: a duplicate is
     * dropped and a same-owner, same-key flow with new actions replaces the
     * old one (both logged, rate-limited, since they mean the caller forgot
     * to remove first). */
    AddFlowResult add_flow(uint8_t table_id, uint16_t priority,
                           const ovs::Match &, const ofpact *ofpacts,
                           size_t ofpacts_len, const ovs::Uuid &owner);
    AddFlowResult add_flow(uint8_t table_id, uint16_t priority,
                           const ovs::Match &match,
                           const ovs::Ofpacts &actions,
                           const ovs::Uuid &owner)
    {
        return add_flow(table_id, priority, match, actions.data(),
                        actions.size(), owner);
    }

    /* Removes every desired flow of 'owner', in time proportional to that
     * owner's flows.  Returns how many were removed. */
    size_t remove_flows(const ovs::Uuid &owner);

    /* Removes every desired flow (for a full recompute).  What the switch
     * holds is still remembered, so re-adding the same flows sends
     * nothing. */
    void clear();

    /* The switch lost every flow (it was cleared after a reconnect): forget
     * what was installed, so the next diff() adds every desired flow. */
    void forget_installed();

    /* Calls 'emit' for every key whose installed flow must change, and
     * records the switch as holding the desired flows afterwards. */
    void diff(const std::function<void(const FlowChange &)> &emit);

    /* The switch refused the flow 'owner' has for 'key' (from a FlowChange
     * of the last diff()): drops it from the desired flows, so that it is
     * left out from now on, and returns its description for the log.
     * Returns "" if that flow is no longer desired.  Valid only until the
     * next diff() or forget_installed(), which may free 'key'. */
    std::string reject(const FlowKey *key, const ovs::Uuid &owner);

    /* True if diff() has something to do. */
    bool has_changes() const noexcept { return !tracked_.empty(); }

    FlowTableStats stats() const noexcept;

    /* Bytes the table has allocated (keys with their inline matches,
     * desired flows with their actions, owners, hash buckets), not counting
     * malloc's own overhead.  Walks the whole table: for memory/show, not
     * for every main-loop iteration. */
    size_t memory_bytes() const noexcept;

    /* Human-readable dumps, one flow per line, sorted (for unixctl and
     * tests): "table=T, priority=P, MATCH actions=A owner=UUID"; the
     * installed dump shows "cookie=0x..." instead of the owner. */
    std::vector<std::string> dump_desired() const;
    std::vector<std::string> dump_installed() const;

    /* For tests: visits every installed flow. */
    void for_each_installed(
        const std::function<void(const FlowChange &)> &visit) const;

private:
    FlowKey *find_or_create_key(uint8_t table_id, uint16_t priority,
                                const ovs::Match &);
    FlowOwner *find_owner(const ovs::Uuid &) const;
    void track(FlowKey &) noexcept;
    void unlink_desired(DesiredFlow &) noexcept;
    void destroy_key(FlowKey *) noexcept;

    ovs::Hmap keys_;        /* FlowKey by key hash; owns the keys. */
    ovs::Hmap owners_;      /* FlowOwner by UUID hash; owns the owners. */
    std::vector<FlowKey *> tracked_;  /* Keys changed since diff(). */
    size_t n_desired_ = 0;
    size_t n_installed_ = 0;
};

}  // namespace ovn

#endif  /* ovn/controller/flow-table.h */
