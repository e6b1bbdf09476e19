/* GroupTable: ofctrl's OpenFlow groups, shared and reference-counted by
 * owner UUID, with IDs from a bitmap allocator.
 *
 * A group is requested as ovs-ofctl text (type and buckets) on behalf of an
 * owner; the same text always maps to the same group and ID while any owner
 * holds it.  Groups persist across main-loop runs exactly like desired
 * flows, so a group lives as long as the flows of its owners that use it.
 *
 * Two rules keep the switch consistent:
 *   - an ID returns to the pool only once the switch has acknowledged the
 *     group's DELETE (commit()), so the switch never sees one ID stand for
 *     two groups, even while a put is in flight;
 *   - within one put, new groups are added before the flows that use them
 *     (emit_adds) and unused ones deleted after the flows that used them
 *     (emit_deletes).
 *
 * A put is two-phase, like FlowTable's diff: emit_adds() and
 * emit_deletes() mark what they send as pending; commit() records it once
 * the switch has acknowledged it, abort() forgets it.
 *
 * Only ofctrl and its tests use this class. */
#ifndef OVN_CONTROLLER_GROUP_TABLE_H
#define OVN_CONTROLLER_GROUP_TABLE_H 1

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lib/group-mod.h"
#include "ovn/controller/flow-table.h"
#include "ovn/controller/id-table.h"

namespace ovn {

class GroupTable {
public:
    /* OVN's limit on group IDs. */
    static constexpr uint32_t DEFAULT_MAX_ID = 65535;

    /* IDs are allocated from 1 to 'max_id', lowest free first. */
    explicit GroupTable(uint32_t max_id = DEFAULT_MAX_ID);
    ~GroupTable();
    GroupTable(const GroupTable &) = delete;
    GroupTable &operator=(const GroupTable &) = delete;

    /* Makes 'owner' hold the group described by 'text' and returns its ID.
     * Returns nullopt, with a message in '*error', if 'text' does not parse
     * or no ID is free; the table is then unchanged. */
    std::optional<uint32_t> add_group(const OwnerRef &owner,
                                      std::string_view text,
                                      std::string *error);

    /* Releases every group 'owner' holds.  Returns how many. */
    size_t remove_owner(const OwnerRef &owner);

    /* Releases every group of every owner. */
    void clear();

    /* The switch lost every group: the next put re-adds those in use. */
    void forget_installed();

    /* Put phase 1: calls 'emit' for each group to add; pending until
     * commit(). */
    void emit_adds(
        const std::function<void(uint32_t id, const ovs::GroupMod &)> &emit);

    /* Put phase 3: calls 'emit' for each installed group no owner holds;
     * pending until commit().  Groups the switch never had are forgotten
     * at once. */
    void emit_deletes(const std::function<void(uint32_t id)> &emit);

    /* The switch acknowledged the put: added groups are installed, deleted
     * ones forgotten and their IDs free again. */
    void commit();
    /* The switch took none of the put: its groups are sent again at the
     * next put. */
    void abort();

    /* The switch refused group 'id': every owner loses it, so it is never
     * sent again (until requested anew).  Returns "group_id=ID,TEXT", or ""
     * if there is no such group. */
    std::string reject(uint32_t id);

    bool has_changes() const noexcept { return groups_.has_tracked(); }
    size_t size() const noexcept { return groups_.size(); }
    /* Is 'id' allocated (held, or installed and awaiting its DELETE)? */
    bool id_in_use(uint32_t id) const noexcept
    {
        return groups_.id_in_use(id);
    }

    /* "group_id=ID,TEXT" per group, sorted by ID. */
    std::vector<std::string> dump() const;
    /* "TEXT: ID" per group some owner holds, sorted by text: OVN
     * 23.03's 'group-table-list'. */
    std::vector<std::string> list() const;

private:
    struct Group : IdEntry {
        std::unique_ptr<ovs::GroupMod> mod;
        bool installed = false;
        bool pending_add = false;
        bool pending_delete = false;
    };

    IdTable<Group> groups_;
    std::vector<Group *> pending_;  /* Sent by the unacknowledged put. */
};

}  // namespace ovn

#endif  /* ovn/controller/group-table.h */
