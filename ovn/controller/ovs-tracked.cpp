#include <config.h>

#include "ovn/controller/ovs-tracked.h"

#include <algorithm>
#include <iterator>

#include "lib/ovs-internal.h"
#include "lib/shim/vswitch-idl-shim.h"
#include "smap.h"

namespace ovn {

bool
ovs_tracked_ports_concern(const ovsdb_idl *ovs_idl,
                          const std::set<ovs::Uuid> &ports,
                          const std::set<ovs::Uuid> &ifaces,
                          const char *tag_key)
{
    for (const ovsrec_port *port = ovs_shim_port_track_first(ovs_idl); port;
         port = ovs_shim_port_track_next(port)) {
        if (ports.count(ovs::Uuid(*ovs_shim_port_uuid(port)))
            || (!ovs_shim_port_is_deleted(port)
                && smap_get(ovs_shim_port_external_ids(port), tag_key))) {
            return true;
        }
    }
    for (const ovsrec_interface *iface
             = ovs_shim_interface_track_first(ovs_idl);
         iface; iface = ovs_shim_interface_track_next(iface)) {
        if (ifaces.count(ovs::Uuid(*ovs_shim_interface_uuid(iface)))) {
            return true;
        }
    }
    return false;
}

namespace {

/* Whether 'from' has a port, neither new nor deleted, that 'to' lacks. */
bool
existing_port_missing(const std::vector<ovs::Uuid> &from,
                      const std::vector<ovs::Uuid> &to,
                      const std::vector<ovs::Uuid> &new_rows,
                      const std::vector<ovs::Uuid> &deleted_rows)
{
    std::vector<ovs::Uuid> missing;
    std::set_difference(from.begin(), from.end(), to.begin(), to.end(),
                        std::back_inserter(missing));
    for (const ovs::Uuid &uuid : missing) {
        if (!std::binary_search(new_rows.begin(), new_rows.end(), uuid)
            && !std::binary_search(deleted_rows.begin(), deleted_rows.end(),
                                   uuid)) {
            return true;
        }
    }
    return false;
}

}  // namespace

bool
bridge_ports_moved(const BridgePortSets &before, const BridgePortSets &after,
                   const std::vector<ovs::Uuid> &new_rows,
                   const std::vector<ovs::Uuid> &deleted_rows)
{
    static const std::vector<ovs::Uuid> none;
    for (const auto &[bridge, ports] : after) {
        auto b = before.find(bridge);
        const std::vector<ovs::Uuid> &was = b == before.end() ? none
                                                              : b->second;
        if (existing_port_missing(ports, was, new_rows, deleted_rows)
            || existing_port_missing(was, ports, new_rows, deleted_rows)) {
            return true;
        }
    }
    for (const auto &[bridge, ports] : before) {
        if (!after.count(bridge)
            && existing_port_missing(ports, none, new_rows, deleted_rows)) {
            return true;
        }
    }
    return false;
}

PortChanges
ovs_tracked_port_changes(const ovsdb_idl *ovs_idl, const ovsrec_bridge *br_int,
                         OtherBridgePorts &others)
{
    PortChanges changes;
    std::vector<ovs::Uuid> new_rows;
    for (const ovsrec_port *port = ovs_shim_port_track_first(ovs_idl); port;
         port = ovs_shim_port_track_next(port)) {
        const ovs::Uuid uuid(*ovs_shim_port_uuid(port));
        if (ovs_shim_port_is_deleted(port)) {
            changes.deleted.push_back(uuid);
        } else {
            changes.changed.push_back(uuid);
            if (ovs_shim_port_is_new(port)) {
                new_rows.push_back(uuid);
            }
        }
    }

    /* The other bridges' sets, read again only where they changed. */
    BridgePortSets sets;
    bool others_changed = false;
    for (const ovsrec_bridge *br = ovs_shim_bridge_first(ovs_idl); br;
         br = ovs_shim_bridge_next(br)) {
        if (br == br_int) {
            continue;
        }
        const ovs::Uuid uuid(*ovs_shim_bridge_uuid(br));
        auto old = others.sets_.find(uuid);
        if (old != others.sets_.end() && !ovs_shim_bridge_ports_updated(br)) {
            sets.emplace(uuid, old->second);
        } else {
            sets.emplace(uuid, ovs_bridge_port_set(br));
            others_changed = true;
        }
    }
    others_changed = others_changed || sets.size() != others.sets_.size();
    if (others_changed || !others.known_) {
        std::sort(new_rows.begin(), new_rows.end());
        std::vector<ovs::Uuid> deleted(changes.deleted);
        std::sort(deleted.begin(), deleted.end());
        changes.moved = (!others.known_
                         || bridge_ports_moved(others.sets_, sets,
                                               new_rows, deleted))
                        && br_int && ovs_shim_bridge_ports_updated(br_int);
    }
    others.sets_ = std::move(sets);
    others.known_ = true;
    return changes;
}

std::vector<ovs::Uuid>
ovs_bridge_port_set(const ovsrec_bridge *br)
{
    size_t n = 0;
    const uuid *uuids = br ? ovs_shim_bridge_port_uuids(br, &n) : nullptr;
    std::vector<ovs::Uuid> set(uuids, uuids + n);
    if (!std::is_sorted(set.begin(), set.end())) {
        std::sort(set.begin(), set.end());
    }
    return set;
}

PortSetDiff
diff_port_sets(const std::vector<ovs::Uuid> &before,
               const std::vector<ovs::Uuid> &after,
               const std::vector<ovs::Uuid> &changed)
{
    PortSetDiff diff;
    if (before == after) {
        /* The common case: a change that is not of the set. */
    } else {
        std::set_difference(before.begin(), before.end(), after.begin(),
                            after.end(), std::back_inserter(diff.gone));
        std::set_difference(after.begin(), after.end(), before.begin(),
                            before.end(), std::back_inserter(diff.read));
    }
    const size_t n_new = diff.read.size();
    for (const ovs::Uuid &uuid : changed) {
        if (std::binary_search(after.begin(), after.end(), uuid)
            && !std::binary_search(diff.read.begin(),
                                   diff.read.begin() + n_new, uuid)) {
            diff.read.push_back(uuid);
        }
    }
    std::sort(diff.read.begin() + n_new, diff.read.end());
    diff.read.erase(std::unique(diff.read.begin() + n_new, diff.read.end()),
                    diff.read.end());
    return diff;
}

}  // namespace ovn
