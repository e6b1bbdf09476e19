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
GroupTable::add_group(const OwnerRef &owner, std::string_view text,
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
GroupTable::remove_owner(const OwnerRef &owner)
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
    abort();
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
    ovs_assert(pending_.empty());
    for (Group *g : tracked_) {
        if (!g->owners.empty() && !g->installed) {
            emit(g->id, *g->mod);
            g->pending_add = true;
            pending_.push_back(g);
        }
    }
}

void
GroupTable::emit_deletes(const std::function<void(uint32_t id)> &emit)
{
    std::vector<Group *> tracked;
    tracked.swap(tracked_);
    for (Group *g : tracked) {
        g->tracked = false;
        if (!g->owners.empty() || g->pending_add) {
            continue;
        }
        if (g->installed) {
            /* The ID stays taken until the switch acknowledges this. */
            emit(g->id);
            g->pending_delete = true;
            pending_.push_back(g);
        } else {
            /* The switch never had it. */
            forget(*g);
        }
    }
}

void
GroupTable::forget(Group &g)
{
    ids_.reset(g.id);
    const std::string text = g.text;
    by_text_.erase(text);
}

void
GroupTable::commit()
{
    std::vector<Group *> pending;
    pending.swap(pending_);
    for (Group *g : pending) {
        if (g->pending_add) {
            g->pending_add = false;
            g->installed = true;
            if (g->owners.empty()) {
                /* Released while the put was in flight. */
                track(*g);
            }
        } else if (g->pending_delete) {
            g->pending_delete = false;
            g->installed = false;
            if (g->owners.empty()) {
                /* Only now may the ID be handed out again. */
                if (g->tracked) {
                    tracked_.erase(std::find(tracked_.begin(),
                                             tracked_.end(), g));
                }
                forget(*g);
            } else {
                /* Requested again while its DELETE was in flight. */
                track(*g);
            }
        }
    }
}

void
GroupTable::abort()
{
    std::vector<Group *> pending;
    pending.swap(pending_);
    for (Group *g : pending) {
        g->pending_add = false;
        g->pending_delete = false;
        track(*g);
    }
}

std::string
GroupTable::reject(uint32_t id)
{
    for (auto &entry : by_text_) {
        Group &g = *entry.second;
        if (g.id != id) {
            continue;
        }
        for (const OwnerRef &owner : g.owners) {
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

std::vector<std::string>
GroupTable::list() const
{
    std::vector<const Group *> groups;
    for (const auto &entry : by_text_) {
        if (!entry.second->owners.empty()) {
            groups.push_back(entry.second.get());
        }
    }
    std::sort(groups.begin(), groups.end(),
              [](const Group *a, const Group *b) { return a->text < b->text; });
    std::vector<std::string> lines;
    for (const Group *g : groups) {
        lines.push_back(g->text + ": " + std::to_string(g->id));
    }
    return lines;
}

}  // namespace ovn
