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

GroupTable::GroupTable(uint32_t max_id) : groups_(max_id) {}

GroupTable::~GroupTable() = default;

std::optional<uint32_t>
GroupTable::add_group(const OwnerRef &owner, std::string_view text,
                      std::string *error)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);

    std::string key(text);
    Group *g = groups_.find(key);
    if (!g) {
        /* The parsing boundary: bad text never reaches the table. */
        auto group = std::make_unique<Group>();
        try {
            group->mod = ovs::parse_group(text);
        } catch (const ovs::ParseError &e) {
            COVERAGE_INC(group_table_bad_group);
            VLOG_WARN_RL(&rl, "owner %s: %s", owner.to_string().c_str(),
                         e.what());
            *error = e.what();
            return std::nullopt;
        }
        group->text = std::move(key);

        g = groups_.insert(std::move(group));
        if (!g) {
            COVERAGE_INC(group_table_ids_exhausted);
            VLOG_WARN_RL(&rl, "owner %s: all %" PRIu32 " group IDs in use, "
                         "cannot add group \"%.*s\"",
                         owner.to_string().c_str(), groups_.max_id(),
                         int(text.size()), text.data());
            *error = "no free group ID";
            return std::nullopt;
        }
    }
    groups_.hold(*g, owner);
    return g->id;
}

size_t
GroupTable::remove_owner(const OwnerRef &owner)
{
    /* Unowned groups stay, ID and all, until emit_deletes(). */
    return groups_.release(owner);
}

void
GroupTable::clear()
{
    groups_.release_all([](Group &) {});
}

void
GroupTable::forget_installed()
{
    abort();
    groups_.for_each([this](Group &g) {
        g.installed = false;
        groups_.track(g);
    });
}

void
GroupTable::emit_adds(
    const std::function<void(uint32_t id, const ovs::GroupMod &)> &emit)
{
    ovs_assert(pending_.empty());
    for (Group *g : groups_.tracked()) {
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
    for (Group *g : groups_.take_tracked()) {
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
            groups_.forget(*g);
        }
    }
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
                groups_.track(*g);
            }
        } else if (g->pending_delete) {
            g->pending_delete = false;
            g->installed = false;
            if (g->owners.empty()) {
                /* Only now may the ID be handed out again. */
                groups_.forget(*g);
            } else {
                /* Requested again while its DELETE was in flight. */
                groups_.track(*g);
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
        groups_.track(*g);
    }
}

std::string
GroupTable::reject(uint32_t id)
{
    Group *group = nullptr;
    groups_.for_each([&](Group &g) {
        if (g.id == id) {
            group = &g;
        }
    });
    if (!group) {
        return "";
    }
    groups_.drop_owners(*group);
    return "group_id=" + std::to_string(id) + "," + group->text;
}

std::vector<std::string>
GroupTable::dump() const
{
    std::vector<std::string> lines;
    for (const Group *g : groups_.by_id()) {
        lines.push_back("group_id=" + std::to_string(g->id) + "," + g->text);
    }
    return lines;
}

std::vector<std::string>
GroupTable::list() const
{
    std::vector<const Group *> groups;
    for (const Group *g : groups_.by_id()) {
        if (!g->owners.empty()) {
            groups.push_back(g);
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
