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

PortChanges
ovs_tracked_port_changes(const ovsdb_idl *ovs_idl, const ovsrec_bridge *br_int)
{
    PortChanges changes;
    for (const ovsrec_port *port = ovs_shim_port_track_first(ovs_idl); port;
         port = ovs_shim_port_track_next(port)) {
        (ovs_shim_port_is_deleted(port) ? changes.deleted : changes.changed)
            .emplace_back(*ovs_shim_port_uuid(port));
    }
    changes.moved = ovs_shim_bridge_ports_may_have_moved(ovs_idl, br_int);
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
