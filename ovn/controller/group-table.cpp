#include <config.h>

#include "ovn/controller/group-table.h"

#include <algorithm>

#include "lib/ovs-internal.h"
#include "lib/ofp-text.h"
#include "openvswitch/vlog.h"

VLOG_DEFINE_THIS_MODULE(group_table);

COVERAGE_DEFINE(group_table_bad_group);
COVERAGE_DEFINE(group_table_ids_exhausted);

namespace ovn {

GroupTable::GroupTable(uint32_t max_id)
    : max_id_(max_id), ids_(size_t(max_id) + 1)
{
    /* Group ID 0 is never allocated. */
    ids_.set(0);
}

GroupTable::~GroupTable() = default;

void
GroupTable::track(Group &g) noexcept
{
    if (!g.tracked) {
        g.tracked = true;
        tracked_.push_back(&g);
    }
}

std::optional<uint32_t>
GroupTable::add_group(const ovs::Uuid &owner, std::string_view text,
                      std::string *error)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);

    std::string key(text);
    auto it = by_text_.find(key);
    Group *g;
    if (it != by_text_.end()) {
        g = it->second.get();
    } else {
        /* The parsing boundary: bad text never reaches the table. */
        std::unique_ptr<ovs::GroupMod> mod;
        try {
            mod = ovs::parse_group(text);
        } catch (const ovs::ParseError &e) {
            COVERAGE_INC(group_table_bad_group);
            VLOG_WARN_RL(&rl, "owner %s: %s", owner.to_string().c_str(),
                         e.what());
            *error = e.what();
            return std::nullopt;
        }

        std::optional<size_t> id = ids_.first_zero(1);
        if (!id) {
            COVERAGE_INC(group_table_ids_exhausted);
            VLOG_WARN_RL(&rl, "owner %s: all %" PRIu32 " group IDs in use, "
                         "cannot add group \"%s\"",
                         owner.to_string().c_str(), max_id_, key.c_str());
            *error = "no free group ID";
            return std::nullopt;
        }
        ids_.set(*id);

        auto group = std::make_unique<Group>();
        group->id = *id;
        group->text = key;
        group->mod = std::move(mod);
        g = group.get();
        by_text_.emplace(std::move(key), std::move(group));
    }

    if (std::find(g->owners.begin(), g->owners.end(), owner)
        == g->owners.end()) {
        g->owners.push_back(owner);
        by_owner_[owner].push_back(g);
    }
    track(*g);
    return g->id;
}

size_t
GroupTable::remove_owner(const ovs::Uuid &owner)
{
    auto it = by_owner_.find(owner);
    if (it == by_owner_.end()) {
        return 0;
    }
    size_t n = it->second.size();
    for (Group *g : it->second) {
        g->owners.erase(std::find(g->owners.begin(), g->owners.end(),
                                  owner));
        /* Unowned groups stay, ID and all, until emit_deletes(). */
        track(*g);
    }
    by_owner_.erase(it);
    return n;
}

void
GroupTable::clear()
{
    while (!by_owner_.empty()) {
        remove_owner(by_owner_.begin()->first);
    }
}

void
GroupTable::forget_installed()
{
    for (auto &entry : by_text_) {
        Group &g = *entry.second;
        g.installed = false;
        track(g);
    }
}

void
GroupTable::emit_adds(
    const std::function<void(uint32_t id, const ovs::GroupMod &)> &emit)
{
    for (Group *g : tracked_) {
        if (!g->owners.empty() && !g->installed) {
            emit(g->id, *g->mod);
            g->installed = true;
        }
    }
}

void
GroupTable::emit_deletes(const std::function<void(uint32_t id)> &emit)
{
    for (Group *g : tracked_) {
        g->tracked = false;
        if (!g->owners.empty()) {
            continue;
        }
        if (g->installed) {
            emit(g->id);
        }
        /* Only now, with the DELETE sent (or never needed), may the ID be
         * handed out again. */
        ids_.reset(g->id);
        const std::string text = g->text;
        by_text_.erase(text);
    }
    tracked_.clear();
}

std::string
GroupTable::reject(uint32_t id)
{
    for (auto &entry : by_text_) {
        Group &g = *entry.second;
        if (g.id != id) {
            continue;
        }
        for (const ovs::Uuid &owner : g.owners) {
            std::vector<Group *> &held = by_owner_[owner];
            held.erase(std::find(held.begin(), held.end(), &g));
            if (held.empty()) {
                by_owner_.erase(owner);
            }
        }
        g.owners.clear();
        track(g);
        return "group_id=" + std::to_string(g.id) + "," + g.text;
    }
    return "";
}

bool
GroupTable::id_in_use(uint32_t id) const noexcept
{
    return id > 0 && id <= max_id_ && ids_.test(id);
}

std::vector<std::string>
GroupTable::dump() const
{
    std::vector<const Group *> groups;
    for (const auto &entry : by_text_) {
        groups.push_back(entry.second.get());
    }
    std::sort(groups.begin(), groups.end(),
              [](const Group *a, const Group *b) { return a->id < b->id; });
    std::vector<std::string> lines;
    for (const Group *g : groups) {
        lines.push_back("group_id=" + std::to_string(g->id) + "," + g->text);
    }
    return lines;
}

}  // namespace ovn
