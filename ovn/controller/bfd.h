/* bfd: BFD on the tunnels to the chassis this one shares an HA chassis
 * group with, and the "active tunnels" that ha-chassis.h decides from.
 *
 * As OVN 23.03 does it, BFD runs on the tunnel (encaps.h) to every other
 * chassis C such that, for some HA_Chassis_Group:
 *
 *   - this chassis is a member and C is a member or in its ref_chassis
 *     (a chassis with ports behind the gateway); or
 *   - this chassis is in its ref_chassis and C is a member.
 *
 * Such a tunnel's Interface gets bfd:enable=true and check_tnl_key=true,
 * with min_rx, decay_min_rx, min_tx and mult from SB_Global's
 * options:bfd-min-rx, bfd-decay-min-rx, bfd-min-tx and bfd-mult when set;
 * other tunnels that had BFD enabled get bfd:enable=false.
 *
 * The active tunnels are the chassis whose tunnel has BFD enabled and in
 * state "up" (Interface bfd_status:state), which is what a gateway's
 * failover follows.
 *
 * Owned by the main loop. */
#ifndef OVN_CONTROLLER_BFD_H
#define OVN_CONTROLLER_BFD_H 1

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "lib/uuid-value.h"
#include "ovn/controller/ovs-tracked.h"
#include "ovn/lib/sb-rows.h"

struct ovsdb_idl;
struct ovsdb_idl_txn;
struct ovsrec_bridge;
struct ovsrec_interface;

namespace ovn {

/* The tunnel ports of br-int (a Port with one Interface, marked with an
 * ovn-chassis-id), as (chassis name, Interface) pairs, which BFD needs
 * twice a main-loop iteration.  get() gives the last list again while no
 * row of the Bridge, Port or Interface tables changed ('seqno', from
 * ovs_shim_bridge_tables_seqno()), and, when some did, while the changes
 * 'changes' since the previous get() (the tracked Port rows, ovs-tracked.h)
 * leave it as it was: no Port of the list changed or went, no Port of
 * br-int with an ovn-chassis-id is new or changed, and no port may have
 * moved between br-int and another bridge.  Otherwise, and for another
 * bridge, it walks every port of br-int again.
 * What BFD reads of the Interfaces (bfd, bfd_status, ofport) is read anew
 * every time.  The caller calls invalidate() whenever it clears the
 * tracked changes without a get() before (they would be lost); the
 * Interface pointers are valid until then or the next get(). */
class BfdTunnelPorts {
public:
    using List = std::vector<std::pair<std::string,
                                       const ovsrec_interface *>>;

    const List &get(const ovsrec_bridge *br_int, unsigned int seqno,
                    const PortChanges &changes);
    void invalidate() { valid_ = false; }

private:
    bool changes_matter(const ovsrec_bridge *br_int,
                        const PortChanges &changes) const;

    const ovsrec_bridge *br_int_ = nullptr;
    unsigned int seqno_ = 0;
    bool valid_ = false;
    List list_;
    /* The Ports of 'list_'. */
    std::set<ovs::Uuid> ports_;
};

/* The chassis names whose tunnels (from BfdTunnelPorts) have BFD enabled
 * and up. */
std::set<std::string> bfd_active_tunnels(const BfdTunnelPorts::List &);

/* The chassis that 'chassis' must run BFD with, from the HA_Chassis_Group
 * table of 'sb'. */
std::set<std::string> bfd_chassis(const ovsdb_idl *sb, sb::Chassis chassis);

/* Configures BFD on the tunnel ports 'tunnels' (of br-int) through
 * 'ovs_txn' (if it is null, nothing: the next run will).  Costs one look
 * at each tunnel port. */
void bfd_run(ovsdb_idl_txn *ovs_txn, const BfdTunnelPorts::List &tunnels,
             const ovsdb_idl *sb, sb::Chassis chassis);

}  // namespace ovn

#endif  /* ovn/controller/bfd.h */
