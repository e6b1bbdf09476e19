#include <config.h>

#include "ovn/controller/local-datapaths.h"

#include <cstring>

#include "lib/ovs-internal.h"
#include "openvswitch/vlog.h"
#include "ovn/lib/bad-row.h"

VLOG_DEFINE_THIS_MODULE(local_datapaths);

COVERAGE_DEFINE(local_datapaths_full);
COVERAGE_DEFINE(local_datapaths_extend);

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
            if (!patch_joins_peer(pb)) {
                continue;
            }
            patches_.insert(pb.uuid());
            const sb::PortBinding peer = patch_peer(ix, pb);
            if (!peer) {
                const char *name = pb.options().get("peer", "");
                missing_peers_.insert(name);
                report_bad_row("Port_Binding", pb.logical_port(),
                               *name ? "its peer is not in the Southbound"
                                     : "a patch port without options:peer");
                continue;
            }
            if (add(peer.datapath())) {
                todo.push_back(peer.datapath());
            }
        }
    }
}

void
LocalDatapaths::compute(const sb::Indexes *ix,
                        const std::map<ovs::Uuid, sb::DatapathBinding> &roots)
{
    COVERAGE_INC(local_datapaths_full);
    full_runs_++;
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
    const Changes &changes)
{
    using Column = sb::PortBinding::Column;

    /* A lost root, or a lost or changed path, may leave datapaths that
     * nothing reaches any more: those need the closure computed again.
     * New roots and new paths only add, from where they are. */
    bool recompute = false;
    for (const ovs::Uuid &uuid : roots_) {
        if (!roots.count(uuid)) {
            recompute = true;
        }
    }
    std::vector<sb::DatapathBinding> new_roots;
    for (const auto &[uuid, dp] : roots) {
        if (!roots_.count(uuid)) {
            new_roots.push_back(dp);
        }
    }
    std::vector<sb::PortBinding> new_patches;
    for (sb::PortBinding pb : changes.port_bindings) {
        if (localnet_.count(pb.uuid())) {
            if (pb.is_deleted() || pb.is_updated(Column::TYPE)
                || pb.is_updated(Column::LOGICAL_PORT)
                || pb.is_updated(Column::DATAPATH)) {
                recompute = true;
            }
        } else if (!pb.is_deleted() && pb.type() == "localnet"
                   && contains(pb.datapath())) {
            localnet_.emplace(pb.uuid(), pb.logical_port());
            changed_ = true;
        }
        if (patches_.count(pb.uuid())) {
            if (pb.is_deleted() || pb.is_updated(Column::TYPE)
                || pb.is_updated(Column::OPTIONS)
                || pb.is_updated(Column::DATAPATH)) {
                recompute = true;
            }
        } else if (!pb.is_deleted() && patch_joins_peer(pb)
                   && contains(pb.datapath())) {
            new_patches.push_back(pb);
        }
        if (!pb.is_deleted() && !missing_peers_.empty()
            && missing_peers_.count(std::string(pb.logical_port()))) {
            /* A peer that was missing, maybe with its datapath now. */
            recompute = true;
        }
    }
    for (sb::DatapathBinding dp : changes.datapaths) {
        /* A peer's datapath that was missing, or a local one gone. */
        if (!missing_peers_.empty() || (dp.is_deleted() && contains(dp))) {
            recompute = true;
        }
    }

    if (recompute) {
        compute(ix, roots);
        return;
    }
    if (new_roots.empty() && new_patches.empty()) {
        return;
    }
    COVERAGE_INC(local_datapaths_extend);
    for (const sb::DatapathBinding &dp : new_roots) {
        roots_.insert(dp.uuid());
        extend(ix, dp);
    }
    for (sb::PortBinding pb : new_patches) {
        patches_.insert(pb.uuid());
        const sb::PortBinding peer = patch_peer(ix, pb);
        if (peer) {
            extend(ix, peer.datapath());
        } else {
            missing_peers_.insert(pb.options().get("peer", ""));
            report_bad_row("Port_Binding", pb.logical_port(),
                           "its peer is not in the Southbound");
        }
    }
}

}  // namespace ovn
