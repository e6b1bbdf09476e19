#include <config.h>

#include "lib/group-mod.h"

#include <cstring>

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
    return pos == std::string::npos ? text : text.substr(pos);
}

}  // namespace ovs
