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
 * The evaluation is change-driven (class Bfd): it walks br-int's ports
 * and the HA_Chassis_Group table only after a change that may alter its
 * result: a tunnel port or its Interface (bfd, bfd_status, ofport) that
 * changed, came or went, a change of HA_Chassis_Group, HA_Chassis,
 * Chassis or SB_Global, a new chassis or bridge, or a reconnection.  A
 * VIF that comes or goes costs it nothing.
 *
 * Owned by the main loop. */
#ifndef OVN_CONTROLLER_BFD_H
#define OVN_CONTROLLER_BFD_H 1

#include <set>
#include <string>
#include <vector>

#include "lib/uuid-value.h"
#include "ovn/lib/sb-rows.h"

struct ovsdb_idl;
struct ovsdb_idl_txn;
struct ovsrec_bridge;

namespace ovn {

/* The chassis names whose tunnels on 'br_int' have BFD enabled and up. */
std::set<std::string> bfd_active_tunnels(const ovsrec_bridge *br_int);

/* The chassis that 'chassis' must run BFD with, from the HA_Chassis_Group
 * table of 'sb'. */
std::set<std::string> bfd_chassis(const ovsdb_idl *sb, sb::Chassis chassis);

/* Configures BFD on the tunnel ports of 'br_int' through 'ovs_txn' (if it
 * is null, nothing: the next run will).  Costs one look at each port of
 * 'br_int'. */
void bfd_run(ovsdb_idl_txn *ovs_txn, const ovsrec_bridge *br_int,
             const ovsdb_idl *sb, sb::Chassis chassis);

class Bfd {
public:
    /* Notes the changes that 'ovs_idl' and 'sb' track, before the caller
     * clears them: whether they may change what run() does. */
    void note_changes(const ovsdb_idl *ovs_idl, const ovsdb_idl *sb,
                      sb::Chassis chassis, const ovsrec_bridge *br_int);
    /* After a reconnection, when the tracked changes cannot be trusted:
     * the next run() evaluates everything. */
    void force() { stale_ = configure_ = true; }

    /* If a change was noted since the last evaluation, configures BFD
     * (bfd_run()) and reads the active tunnels (bfd_active_tunnels())
     * again; otherwise nothing.  With a null 'ovs_txn', only the active
     * tunnels: the configuration waits for a run with one. */
    void run(ovsdb_idl_txn *ovs_txn, const ovsrec_bridge *br_int,
             const ovsdb_idl *sb, sb::Chassis chassis);

    /* As of the last run(). */
    const std::set<std::string> &active_tunnels() const
    {
        return active_;
    }

private:
    void find_tunnels(const ovsrec_bridge *br_int);

    bool stale_ = true;         /* The active tunnels need a look. */
    bool configure_ = true;     /* The configuration needs a look. */
    ovs::Uuid chassis_;
    const ovsrec_bridge *br_int_ = nullptr;
    std::set<std::string> active_;
    /* SB_Global's BFD options, as of the last note_changes(). */
    std::vector<std::string> options_;
    /* The tunnel ports and interfaces on br-int, as of the last run(). */
    std::set<ovs::Uuid> ports_;
    std::set<ovs::Uuid> ifaces_;
};

}  // namespace ovn

#endif  /* ovn/controller/bfd.h */
