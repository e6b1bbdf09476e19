#include <config.h>

#include "lib/group-mod.h"

#include <cstring>
#include <string_view>

#include "lib/dynamic-string.h"

namespace ovs {

GroupMod::GroupMod() noexcept
{
    memset(&gm_, 0, sizeof gm_);
    gm_.command = OFPGC11_ADD;
    gm_.command_bucket_id = OFPG15_BUCKET_ALL;
    ovs_list_init(&gm_.buckets);
}

std::string
GroupMod::to_string() const
{
    /* ofputil_group_mod_format__() prints the whole mod; keep what follows
     * the group_id so the text can be compared with the request. */
    Ds s;
    ofputil_group_mod_format__(s.get(), OFP15_VERSION, &gm_, nullptr,
                               nullptr);
    std::string text = s.str();
    size_t pos = text.find("type=");
    if (pos != std::string::npos) {
        text.erase(0, pos);
    }

    /* A bucket that was parsed but never encoded has no ID yet
     * (OFPG15_BUCKET_ALL), which the formatter prints as "bucket_id:all,":
     * no parser accepts that, so leave it out as the request did. */
    constexpr std::string_view UNASSIGNED = "bucket_id:all,";
    while ((pos = text.find(UNASSIGNED)) != std::string::npos) {
        text.erase(pos, UNASSIGNED.size());
    }
    return text;
}

}  // namespace ovs
