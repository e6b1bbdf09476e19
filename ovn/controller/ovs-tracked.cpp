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

std::vector<ovs::Uuid>
ovs_bridge_port_set(const ovsrec_bridge *br)
{
    std::vector<ovs::Uuid> set;
    const size_t n = br ? ovs_shim_bridge_n_ports(br) : 0;
    set.reserve(n);
    for (size_t i = 0; i < n; i++) {
        set.emplace_back(*ovs_shim_bridge_port_uuid(br, i));
    }
    if (!std::is_sorted(set.begin(), set.end())) {
        std::sort(set.begin(), set.end());
    }
    return set;
}

bool
ovs_bridge_port_set_is(const ovsrec_bridge *br,
                       const std::vector<ovs::Uuid> &set)
{
    const size_t n = br ? ovs_shim_bridge_n_ports(br) : 0;
    if (n != set.size()) {
        return false;
    }
    /* OVSDB keeps a set's datum sorted: element by element. */
    for (size_t i = 0; i < n; i++) {
        if (set[i] != ovs::Uuid(*ovs_shim_bridge_port_uuid(br, i))) {
            return false;
        }
    }
    return true;
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
