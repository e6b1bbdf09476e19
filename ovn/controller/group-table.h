/* GroupTable: ofctrl's OpenFlow groups, shared and reference-counted by
 * owner UUID, with IDs from a bitmap allocator.
 *
 * A group is requested as ovs-ofctl text (type and buckets) on behalf of an
 * owner; the same text always maps to the same group and ID while any owner
 * holds it.  Groups persist across main-loop runs exactly like desired
 * flows, so a group lives as long as the flows of its owners that use it.
 *
 * Two rules keep the switch consistent:
 *   - an ID is freed only once the group's DELETE has been sent, so the
 *     switch never sees one ID stand for two groups;
 *   - within one put, new groups are added before the flows that use them
 *     (emit_adds) and unused ones deleted after the flows that used them
 *     (emit_deletes).
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
#include <unordered_map>
#include <vector>

#include "lib/bitmap-owner.h"
#include "lib/group-mod.h"
#include "lib/uuid-value.h"

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
    std::optional<uint32_t> add_group(const ovs::Uuid &owner,
                                      std::string_view text,
                                      std::string *error);

    /* Releases every group 'owner' holds.  Returns how many. */
    size_t remove_owner(const ovs::Uuid &owner);

    /* Releases every group of every owner. */
    void clear();

    /* The switch lost every group: the next put re-adds those in use. */
    void forget_installed();

    /* Put phase 1: calls 'emit' for each group to add, and marks it
     * installed. */
    void emit_adds(
        const std::function<void(uint32_t id, const ovs::GroupMod &)> &emit);

    /* Put phase 3: calls 'emit' for each installed group no owner holds,
     * then forgets every such group and frees its ID. */
    void emit_deletes(const std::function<void(uint32_t id)> &emit);

    /* The switch refused group 'id': every owner loses it, so it is never
     * sent again (until requested anew).  Returns "group_id=ID,TEXT", or ""
     * if there is no such group. */
    std::string reject(uint32_t id);

    bool has_changes() const noexcept { return !tracked_.empty(); }
    size_t size() const noexcept { return by_text_.size(); }
    /* Is 'id' allocated (held, or installed and awaiting its DELETE)? */
    bool id_in_use(uint32_t id) const noexcept;

    /* "group_id=ID,TEXT" per group, sorted by ID. */
    std::vector<std::string> dump() const;

private:
    struct Group {
        uint32_t id;
        std::string text;
        std::unique_ptr<ovs::GroupMod> mod;
        std::vector<ovs::Uuid> owners;
        bool installed = false;
        bool tracked = false;
    };

    void track(Group &) noexcept;
    void release(Group &, const ovs::Uuid &owner);

    uint32_t max_id_;
    ovs::Bitmap ids_;           /* Bit N set: ID N allocated. */
    std::unordered_map<std::string, std::unique_ptr<Group>> by_text_;
    std::unordered_map<ovs::Uuid, std::vector<Group *>> by_owner_;
    std::vector<Group *> tracked_;  /* Changed since the last put. */
};

}  // namespace ovn

#endif  /* ovn/controller/group-table.h */
