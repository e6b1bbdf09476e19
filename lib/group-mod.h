/* GroupMod: an owned OVS 'struct ofputil_group_mod' (a group's type and
 * buckets).  The bucket list is self-referential, so a GroupMod never moves;
 * hold it by std::unique_ptr.  Anyone may include this. */
#ifndef LIB_GROUP_MOD_H
#define LIB_GROUP_MOD_H 1

#include <cstdint>
#include <string>

#include "openvswitch/ofp-errors.h"
#include "openvswitch/ofp-group.h"

namespace ovs {

class GroupMod {
public:
    /* An empty ADD for 'group_id' with no buckets. */
    GroupMod() noexcept;
    ~GroupMod() { ofputil_uninit_group_mod(&gm_); }
    GroupMod(const GroupMod &) = delete;
    GroupMod &operator=(const GroupMod &) = delete;

    ofputil_group_mod *get() noexcept { return &gm_; }
    const ofputil_group_mod *get() const noexcept { return &gm_; }

    uint8_t type() const noexcept { return gm_.type; }
    size_t n_buckets() const noexcept { return ovs_list_size(&gm_.buckets); }

    /* ovs-ofctl syntax of type and buckets, without the group_id. */
    std::string to_string() const;

private:
    ofputil_group_mod gm_;
};

}  // namespace ovs

#endif  /* lib/group-mod.h */
