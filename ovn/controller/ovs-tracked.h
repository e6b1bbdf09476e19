/* ovs-tracked: whether the local OVSDB's tracked changes concern the
 * br-int Ports and Interfaces a module manages.
 *
 * Tunnels (encaps) and patch ports (patch) each own some Ports, tagged in
 * external_ids, and their Interfaces; both skip their run when no tracked
 * change touches them.  BFD (bfd.h) keeps its list of tunnel ports, and
 * the bindings br-int's set of ports, from the Port rows that are new,
 * changed or deleted (PortChanges), told from ports moved between bridges
 * by the other bridges' sets (OtherBridgePorts).  The caller owns the
 * sets. */
#ifndef OVN_CONTROLLER_OVS_TRACKED_H
#define OVN_CONTROLLER_OVS_TRACKED_H 1

#include <map>
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
 * Open_vSwitch IDL, by UUID.  Unless 'moved', a port joins br-int only as
 * a new row and leaves it only deleted (Port rows are not roots: a port
 * that no bridge names is deleted), so that these rows alone tell how
 * br-int's set of ports changed. */
struct PortChanges {
    std::vector<ovs::Uuid> changed;
    std::vector<ovs::Uuid> deleted;
    bool moved = false;
};

/* Bridges' sets of ports (sorted UUIDs), by bridge UUID. */
using BridgePortSets = std::map<ovs::Uuid, std::vector<ovs::Uuid>>;

/* Whether a port that is neither new ('new_rows') nor deleted
 * ('deleted_rows') joined or left one of the bridges between 'before' and
 * 'after' (a bridge missing from one of them holds no port there): a port
 * moved between bridges.  All sets sorted. */
bool bridge_ports_moved(const BridgePortSets &before,
                        const BridgePortSets &after,
                        const std::vector<ovs::Uuid> &new_rows,
                        const std::vector<ovs::Uuid> &deleted_rows);

/* The sets of ports of the bridges other than br-int, as of the last batch
 * of changes: the Open_vSwitch IDL keeps no former value of a bridge's set,
 * and a Port row does not say which bridge holds it, so that a port moved
 * between br-int and another bridge changes no Port row; these sets tell
 * it from a port created on both sides at once (a patch port pair), for
 * the cost of the other bridges' ports (a provider bridge holds a few),
 * not br-int's.  Owned by the main loop. */
class OtherBridgePorts {
public:
    /* Forgets the sets: the next batch is taken as a possible move (the
     * IDL reconnected and replaced its rows unreported). */
    void clear() noexcept
    {
        sets_.clear();
        known_ = false;
    }

private:
    friend PortChanges ovs_tracked_port_changes(const ovsdb_idl *,
                                                const ovsrec_bridge *,
                                                OtherBridgePorts &);
    BridgePortSets sets_;
    bool known_ = false;
};

/* The tracked Port changes of 'ovs_idl', with 'moved' set when br-int's
 * set of ports changed and a port may have moved between it and another
 * bridge ('others', brought up to date). */
PortChanges ovs_tracked_port_changes(const ovsdb_idl *ovs_idl,
                                     const ovsrec_bridge *br_int,
                                     OtherBridgePorts &others);

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
