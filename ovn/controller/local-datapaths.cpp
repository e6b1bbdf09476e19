#include <config.h>

#include "ovn/controller/local-datapaths.h"

#include <cstring>

#include "lib/ovs-internal.h"
#include "openvswitch/vlog.h"
#include "ovn/lib/bad-row.h"

VLOG_DEFINE_THIS_MODULE(local_datapaths);

COVERAGE_DEFINE(local_datapaths_full);
COVERAGE_DEFINE(local_datapaths_extend);
COVERAGE_DEFINE(local_datapaths_shrink);

namespace ovn {

sb::PortBinding
patch_peer(const sb::Indexes *ix, sb::PortBinding pb)
{
    const char *name = pb.options().get("peer");
    if (!name) {
        return sb::PortBinding();
    }
    const sb::PortBinding peer = sb::PortBinding::find_by_name(ix, name);
    return peer && peer.datapath() ? peer : sb::PortBinding();
}

bool
patch_joins_peer(sb::PortBinding pb)
{
    /* l3gateway ports have a peer too, but a gateway router is local only
     * on its own chassis (binding's concern), and does not make the
     * switches behind it local there, nor they it. */
    return pb.type() == "patch";
}

sb::PortBinding
LocalDatapaths::localnet_port(const sb::Indexes *ix,
                              sb::DatapathBinding dp) const
{
    sb::PortBinding found;
    for (const auto &[uuid, name] : localnet_) {
        const sb::PortBinding pb
            = sb::PortBinding::find_by_name(ix, name.c_str());
        if (pb && pb.datapath() == dp
            && (!found || pb.logical_port() < found.logical_port())) {
            found = pb;
        }
    }
    return found;
}

std::set<std::string>
LocalDatapaths::localnet_ports() const
{
    std::set<std::string> names;
    for (const auto &[uuid, name] : localnet_) {
        names.insert(name);
    }
    return names;
}

bool
LocalDatapaths::contains(sb::DatapathBinding dp) const
{
    return dp && datapaths_.count(dp.uuid());
}

/* Adds 'dp' to the set; returns false if it was there already. */
bool
LocalDatapaths::add(sb::DatapathBinding dp)
{
    auto [it, inserted] = datapaths_.emplace(dp.uuid(), dp);
    if (!inserted) {
        /* The row may be a new one with the same UUID. */
        it->second = dp;
        return false;
    }
    changed_ = true;
    generation_++;
    return true;
}

/* Adds 'dp' and everything its patch ports reach that is not in the set
 * yet.  An explicit stack: a chain of routers and switches may be long. */
void
LocalDatapaths::extend(const sb::Indexes *ix, sb::DatapathBinding dp)
{
    std::vector<sb::DatapathBinding> todo;
    if (add(dp)) {
        todo.push_back(dp);
    }
    while (!todo.empty()) {
        const sb::DatapathBinding next = todo.back();
        todo.pop_back();
        for (sb::PortBinding pb : sb::PortBinding::all_by_datapath(ix,
                                                                    next)) {
            if (pb.type() == "localnet") {
                localnet_.emplace(pb.uuid(), pb.logical_port());
                changed_ = true;
                continue;
            }
            if (patch_joins_peer(pb)) {
                add_patch(ix, pb, &todo);
            }
        }
    }
}

/* Notes patch port 'pb', on a local datapath, and makes its peer's
 * datapath local, adding it to 'todo' if it is new (or, if 'todo' is
 * null, extending the set from it). */
void
LocalDatapaths::add_patch(const sb::Indexes *ix, sb::PortBinding pb,
                          std::vector<sb::DatapathBinding> *todo)
{
    const sb::PortBinding peer = patch_peer(ix, pb);
    patches_[pb.uuid()] = Patch{pb.datapath().uuid(),
                                peer ? peer.datapath().uuid() : ovs::Uuid()};
    if (!peer) {
        const char *name = pb.options().get("peer", "");
        missing_peers_.insert(name);
        report_bad_row("Port_Binding", pb.logical_port(),
                       *name ? "its peer is not in the Southbound"
                             : "a patch port without options:peer");
        return;
    }
    if (!todo) {
        extend(ix, peer.datapath());
    } else if (add(peer.datapath())) {
        todo->push_back(peer.datapath());
    }
}

/* Drops local datapath 'dp' and what the set knew of its ports. */
void
LocalDatapaths::forget(const ovs::Uuid &dp)
{
    if (!datapaths_.erase(dp)) {
        return;
    }
    changed_ = true;
    generation_++;
    for (auto it = patches_.begin(); it != patches_.end();) {
        it = it->second.dp == dp ? patches_.erase(it) : std::next(it);
    }
}

/* The datapaths that the patch ports of local datapath 'dp' join it to,
 * as the Southbound has them now. */
std::vector<ovs::Uuid>
LocalDatapaths::peer_datapaths(const sb::Indexes *ix,
                               const ovs::Uuid &dp) const
{
    std::vector<ovs::Uuid> peers;
    for (sb::PortBinding pb : sb::PortBinding::all_by_datapath(
             ix, datapaths_.at(dp))) {
        if (patch_joins_peer(pb)) {
            if (const sb::PortBinding peer = patch_peer(ix, pb)) {
                peers.push_back(peer.datapath().uuid());
            }
        }
    }
    return peers;
}

/* The datapaths in 'from' may have lost their path to a root: looks at
 * the part of the set joined to them by patch ports (either way), keeps
 * what a root in it still reaches and drops the rest, localnet ports
 * included.  A root outside the part reaches nothing in it: a patch port
 * leading into the part from a local datapath would have put that
 * datapath in the part. */
void
LocalDatapaths::shrink(const sb::Indexes *ix,
                       const std::map<ovs::Uuid, sb::DatapathBinding> &roots,
                       const std::set<ovs::Uuid> &from)
{
    /* The patch ports that lead into each local datapath, by where they
     * are (a pair that names each other is both ways already, but one
     * patch port may name another that names a third). */
    std::multimap<ovs::Uuid, ovs::Uuid> into;
    for (const auto &[uuid, patch] : patches_) {
        if (!patch.peer_dp.is_zero()) {
            into.emplace(patch.peer_dp, patch.dp);
        }
    }

    /* The part: every local datapath joined to 'from', either way. */
    std::set<ovs::Uuid> part;
    std::vector<ovs::Uuid> todo;
    auto visit = [&](const ovs::Uuid &uuid) {
        if (datapaths_.count(uuid) && part.insert(uuid).second) {
            todo.push_back(uuid);
        }
    };
    for (const ovs::Uuid &uuid : from) {
        visit(uuid);
    }
    while (!todo.empty()) {
        const ovs::Uuid uuid = todo.back();
        todo.pop_back();
        for (const ovs::Uuid &peer : peer_datapaths(ix, uuid)) {
            visit(peer);
        }
        const auto range = into.equal_range(uuid);
        for (auto it = range.first; it != range.second; ++it) {
            visit(it->second);
        }
    }

    /* What the part's roots reach, within the part. */
    std::set<ovs::Uuid> keep;
    for (const ovs::Uuid &uuid : part) {
        if (roots.count(uuid) && keep.insert(uuid).second) {
            todo.push_back(uuid);
        }
    }
    while (!todo.empty()) {
        const ovs::Uuid uuid = todo.back();
        todo.pop_back();
        for (const ovs::Uuid &peer : peer_datapaths(ix, uuid)) {
            if (part.count(peer) && keep.insert(peer).second) {
                todo.push_back(peer);
            }
        }
    }

    for (const ovs::Uuid &uuid : part) {
        if (!keep.count(uuid)) {
            forget(uuid);
        }
    }
    for (auto it = localnet_.begin(); it != localnet_.end();) {
        const sb::PortBinding pb
            = sb::PortBinding::find_by_name(ix, it->second.c_str());
        if (!pb || !contains(pb.datapath())) {
            it = localnet_.erase(it);
            changed_ = true;
        } else {
            ++it;
        }
    }
}

void
LocalDatapaths::compute(const sb::Indexes *ix,
                        const std::map<ovs::Uuid, sb::DatapathBinding> &roots)
{
    COVERAGE_INC(local_datapaths_full);
    full_runs_++;
    generation_++;
    std::map<ovs::Uuid, sb::DatapathBinding> old = std::move(datapaths_);
    const std::map<ovs::Uuid, std::string> old_localnet
        = std::move(localnet_);
    localnet_.clear();
    datapaths_.clear();
    patches_.clear();
    missing_peers_.clear();
    roots_.clear();
    const bool was_changed = changed_;
    for (const auto &[uuid, dp] : roots) {
        roots_.insert(uuid);
        extend(ix, dp);
    }
    /* 'changed_' says whether the set differs from the old one, not
     * whether this computation added to an empty map. */
    bool differs = old.size() != datapaths_.size();
    for (auto a = old.begin(), b = datapaths_.begin();
         !differs && a != old.end(); ++a, ++b) {
        differs = a->first != b->first;
    }
    changed_ = was_changed || differs || old_localnet != localnet_;
}

void
LocalDatapaths::run(const sb::Indexes *ix,
                    const std::map<ovs::Uuid, sb::DatapathBinding> &roots)
{
    compute(ix, roots);
}

void
LocalDatapaths::run_changes(
    const sb::Indexes *ix,
    const std::map<ovs::Uuid, sb::DatapathBinding> &roots,
    const Changes &changes, bool roots_changed)
{
    using Column = sb::PortBinding::Column;

    /* A lost root, or a lost or changed path, may leave datapaths that
     * nothing reaches any more: 'from' collects where to look again.  New
     * roots and new paths only add, from where they are. */
    std::set<ovs::Uuid> from;
    std::vector<sb::DatapathBinding> new_roots;
    /* Both sorted by UUID: one walk of each, which on most runs (no root
     * came or went) finds them equal without a lookup. */
    auto old = roots_.begin();
    auto now = roots.begin();
    while (roots_changed && (old != roots_.end() || now != roots.end())) {
        if (now == roots.end() || (old != roots_.end() && *old < now->first)) {
            from.insert(*old);
            old = roots_.erase(old);
        } else if (old == roots_.end() || now->first < *old) {
            new_roots.push_back(now->second);
            ++now;
        } else {
            ++old;
            ++now;
        }
    }
    for (sb::DatapathBinding dp : changes.datapaths) {
        if (dp.is_deleted() && contains(dp.uuid())) {
            /* Its ports went with it: look again at its neighbours. */
            for (const auto &[uuid, patch] : patches_) {
                if (patch.dp == dp.uuid() && !patch.peer_dp.is_zero()) {
                    from.insert(patch.peer_dp);
                } else if (patch.peer_dp == dp.uuid()) {
                    from.insert(patch.dp);
                }
            }
            forget(dp.uuid());
            from.erase(dp.uuid());
        }
    }
    std::vector<sb::PortBinding> new_patches;
    std::vector<sb::PortBinding> found_peers;
    for (sb::PortBinding pb : changes.port_bindings) {
        auto ln = localnet_.find(pb.uuid());
        if (ln != localnet_.end()) {
            if (pb.is_deleted() || pb.type() != "localnet"
                || !contains(pb.datapath())) {
                localnet_.erase(ln);
                changed_ = true;
            } else if (pb.is_updated(Column::LOGICAL_PORT)) {
                ln->second = pb.logical_port();
                changed_ = true;
            }
        } else if (!pb.is_deleted() && pb.type() == "localnet"
                   && contains(pb.datapath())) {
            localnet_.emplace(pb.uuid(), pb.logical_port());
            changed_ = true;
        }
        auto patch = patches_.find(pb.uuid());
        if (patch != patches_.end()) {
            if (pb.is_deleted() || pb.is_updated(Column::TYPE)
                || pb.is_updated(Column::OPTIONS)
                || pb.is_updated(Column::DATAPATH)) {
                /* A path that may be gone: look again from both ends,
                 * and at the port as it is now. */
                from.insert(patch->second.dp);
                if (!patch->second.peer_dp.is_zero()) {
                    from.insert(patch->second.peer_dp);
                }
                patches_.erase(patch);
                if (!pb.is_deleted() && patch_joins_peer(pb)
                    && contains(pb.datapath())) {
                    new_patches.push_back(pb);
                }
            }
        } else if (!pb.is_deleted() && patch_joins_peer(pb)
                   && contains(pb.datapath())) {
            new_patches.push_back(pb);
        }
        if (!pb.is_deleted() && !missing_peers_.empty()
            && missing_peers_.count(std::string(pb.logical_port()))) {
            /* A peer that was missing, now there. */
            found_peers.push_back(pb);
        }
    }

    if (!from.empty()) {
        COVERAGE_INC(local_datapaths_shrink);
        shrink(ix, roots, from);
    }
    if (new_roots.empty() && new_patches.empty() && found_peers.empty()) {
        return;
    }
    COVERAGE_INC(local_datapaths_extend);
    for (const sb::DatapathBinding &dp : new_roots) {
        roots_.insert(dp.uuid());
        extend(ix, dp);
    }
    for (sb::PortBinding pb : new_patches) {
        if (contains(pb.datapath())) {
            add_patch(ix, pb, nullptr);
        }
    }
    for (sb::PortBinding pb : found_peers) {
        /* The patch port that named it, if it is still on a local
         * datapath, now leads to its datapath. */
        missing_peers_.erase(std::string(pb.logical_port()));
        const sb::PortBinding back = patch_peer(ix, pb);
        if (back && patches_.count(back.uuid()) && pb.datapath()) {
            patches_[back.uuid()].peer_dp = pb.datapath().uuid();
            extend(ix, pb.datapath());
        } else if (!back) {
            /* It does not name the port that was looking for it. */
            compute(ix, roots);
            return;
        }
    }
}

}  // namespace ovn
