/* ovs-tracked: whether the local OVSDB's tracked changes concern the
 * br-int Ports and Interfaces a module manages.
 *
 * Tunnels (encaps) and patch ports (patch) each own some Ports, tagged in
 * external_ids, and their Interfaces; both skip their run when no tracked
 * change touches them.  BFD (bfd.h) keeps its list of tunnel ports, and
 * the bindings br-int's set of ports, from the Port rows that are new,
 * changed or deleted (PortChanges).  Stateless: the caller owns the
 * sets. */
#ifndef OVN_CONTROLLER_OVS_TRACKED_H
#define OVN_CONTROLLER_OVS_TRACKED_H 1

#include <set>
#include <vector>

#include "lib/uuid-value.h"

struct ovsdb_idl;
struct ovsrec_bridge;

namespace ovn {

/* True if a tracked Port or Interface change in 'ovs_idl' is to one of
 * 'ports' or 'ifaces', or a Port that still exists carries external_ids
 * 'tag_key' (one the caller may have to adopt). */
bool ovs_tracked_ports_concern(const ovsdb_idl *ovs_idl,
                               const std::set<ovs::Uuid> &ports,
                               const std::set<ovs::Uuid> &ifaces,
                               const char *tag_key);

/* The Port rows new or changed, and deleted, in the tracked changes of an
 * Open_vSwitch IDL, by UUID.  Unless 'moved'
 * (ovs_shim_bridge_ports_may_have_moved()), a port joins br-int only as a
 * new row and leaves it only deleted, so that these rows alone tell how
 * br-int's set of ports changed. */
struct PortChanges {
    std::vector<ovs::Uuid> changed;
    std::vector<ovs::Uuid> deleted;
    bool moved = false;
};
PortChanges ovs_tracked_port_changes(const ovsdb_idl *ovs_idl,
                                     const ovsrec_bridge *br_int);

/* The UUIDs of 'br''s ports, sorted (as OVSDB keeps a set; sorted again if
 * not); none for a null bridge.  Read from the column's datum, which the
 * IDL does not parse into rows (lib/shim/vswitch-idl-shim.c). */
std::vector<ovs::Uuid> ovs_bridge_port_set(const ovsrec_bridge *br);

/* How a bridge's set of ports changed, from 'before' to 'after' (both
 * sorted, as OVSDB keeps a set's UUIDs): the ports 'gone' from it, and
 * those to 'read' again: new to it, then those of 'changed' that are in
 * 'after' (sorted, once each).  When the set is the same, one comparison
 * of the two arrays and a lookup for each of 'changed'. */
struct PortSetDiff {
    std::vector<ovs::Uuid> gone;
    std::vector<ovs::Uuid> read;
};
PortSetDiff diff_port_sets(const std::vector<ovs::Uuid> &before,
                           const std::vector<ovs::Uuid> &after,
                           const std::vector<ovs::Uuid> &changed);

}  // namespace ovn

#endif  /* ovn/controller/ovs-tracked.h */
