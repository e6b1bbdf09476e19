/* encaps: the tunnels from this chassis to the others.
 *
 * For every other chassis in the Southbound that offers a Geneve encap,
 * or only a VXLAN one while this chassis offers VXLAN too (as 23.03, which
 * prefers Geneve), the integration bridge gets one such port, named as OVN 23.03 names it
 * ("ovn-" + the first 6 characters of the chassis name + "-" + an index),
 * with options remote_ip, key=flow and the encap's csum (and dst_port), and
 * with external_ids:ovn-chassis-id="CHASSIS@IP" on the Port, which is how
 * the ports are found again, by this process or by the next one, and how
 * ports of chassis that are gone are removed.
 *
 * A chassis whose encaps are unusable (no Geneve encap, a bad IP) is
 * skipped with report_bad_row().
 *
 * Owned by the main loop; physical.cpp reads the tunnels. */
#ifndef OVN_CONTROLLER_ENCAPS_H
#define OVN_CONTROLLER_ENCAPS_H 1

#include <cstdint>
#include <map>
#include <set>
#include <string>

#include "lib/uuid-value.h"
#include "ovn/lib/sb-rows.h"

struct ovsdb_idl;
struct ovsdb_idl_txn;
struct ovsrec_bridge;

namespace ovn {

/* A tunnel to another chassis, usable in flows once 'ofport' > 0. */
struct Tunnel {
    ovs::Uuid chassis;          /* The Chassis row: owns the tunnel's flows. */
    int64_t ofport;
    /* A VXLAN tunnel, with 23.03's reduced key layout (physical.h), rather
     * than Geneve. */
    bool vxlan = false;

    bool operator==(const Tunnel &o) const
    {
        return chassis == o.chassis && ofport == o.ofport
               && vxlan == o.vxlan;
    }
};

class Tunnels {
public:
    /* Brings 'br_int''s tunnel ports in line with the chassis in 'sb'
     * other than 'ours', through 'ovs_txn' (or, if it is null, on a later
     * run), and returns whether the usable tunnels changed. */
    bool run(ovsdb_idl_txn *ovs_txn, const ovsrec_bridge *br_int,
             const ovsdb_idl *sb, sb::Chassis ours);

    /* By chassis name, only those with an OpenFlow port. */
    const std::map<std::string, Tunnel> &tunnels() const { return tunnels_; }
    const Tunnel *find(const std::string &chassis_name) const;
    /* Whether the last run() left ports to add, remove or update for want
     * of a transaction. */
    bool incomplete() const { return incomplete_; }

    /* Whether the changes that 'ovs_idl' tracks (Port and Interface rows)
     * may concern the tunnel ports, so that run() has something to do: a
     * Port marked with an ovn-chassis-id, or a Port or Interface that the
     * last run() found to be a tunnel's.  Other ports' changes (VIFs
     * coming and going) do not. */
    bool tracked_changes_matter(const ovsdb_idl *ovs_idl) const;

private:
    std::map<std::string, Tunnel> tunnels_;
    /* The tunnel ports and interfaces on br-int, as of the last run(). */
    std::set<ovs::Uuid> ports_;
    std::set<ovs::Uuid> ifaces_;
    bool incomplete_ = false;
};

/* The tunnels engine node's handler, for a change of br-int's tunnel
 * ports (Tunnels::tracked_changes_matter()) or of the Chassis and Encap
 * rows: brings the ports in line (Tunnels::run()) and sets '*updated' if
 * the usable tunnels changed.  Returns false, giving up so that the
 * engine run is canceled and the next one recomputes, if ports wait for
 * a transaction and 'ovs_txn' is null. */
bool tunnels_handle_change(Tunnels &tunnels, ovsdb_idl_txn *ovs_txn,
                           const ovsrec_bridge *br_int, const ovsdb_idl *sb,
                           sb::Chassis ours, bool *updated);

}  // namespace ovn

#endif  /* ovn/controller/encaps.h */
