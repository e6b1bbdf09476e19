/* patch: the OVS patch ports between the integration bridge and the
 * provider bridges, for localnet ports.
 *
 * external_ids:ovn-bridge-mappings on the Open_vSwitch row ("physnet1:
 * br-ex,physnet2:br-eth1") says which bridge carries each physical
 * network.  For every localnet Port_Binding on a local datapath whose
 * options:network_name is mapped to a bridge that exists, br-int gets the
 * patch port "patch-br-int-to-LPORT" and the provider bridge its peer
 * "patch-LPORT-to-br-int", as OVN 23.03 names them; both Ports carry
 * external_ids:ovn-localnet-port=LPORT, which is how they are found again
 * (by this process or the next) and removed once no longer wanted.
 * Several localnet ports (on several datapaths) may share one provider
 * bridge: each has its own pair.
 *
 * An l2gateway port hosted here (gateway.h) gets the same pair, named the
 * same way, for its options:network_name; its Ports carry
 * external_ids:ovn-l2gateway-port=LPORT instead, as in 23.03.
 *
 * A mapping that names no bridge is skipped with a rate-limited warning
 * and a coverage counter, and picked up once the bridge exists.
 *
 * Owned by the main loop; physical.cpp reads the OpenFlow ports. */
#ifndef OVN_CONTROLLER_PATCH_H
#define OVN_CONTROLLER_PATCH_H 1

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "lib/uuid-value.h"
#include "ovn/lib/sb-rows.h"

struct ovsdb_idl;
struct ovsdb_idl_txn;
struct ovsrec_bridge;
struct smap;

namespace ovn {

class GatewayPorts;
class LocalDatapaths;

/* The bridge mappings in 'ovs_external_ids' (ovn-bridge-mappings), by
 * network name.  Malformed items are skipped. */
std::map<std::string, std::string> parse_bridge_mappings(
    const char *mappings);

class PatchPorts {
public:
    /* Brings the patch ports of 'br_int' and the provider bridges in 'ovs'
     * in line with 'mappings' (see parse_bridge_mappings()) and the
     * localnet ports of 'datapaths' and the l2gateway ports of
     * 'gateways', through 'ovs_txn' (or, if it is null, on a later run).
     * Returns whether the OpenFlow ports of those ports changed.
     *
     * With 'rescan' (and on the first run), the patch ports are looked
     * for among every port of every bridge; without it, only the ports
     * the last run found and those that note_tracked_changes() noted
     * since, on whichever bridge holds them now: for the caller to pass
     * as long as it has noted every batch of changes since the last
     * run (after a reconnection of the IDL, it has not), so that a
     * datapath that becomes local, a mapping that changes or a patch port
     * added or removed costs the patch ports, not every VIF. */
    bool run(ovsdb_idl_txn *ovs_txn, const ovsdb_idl *ovs,
             const ovsrec_bridge *br_int,
             const std::map<std::string, std::string> &mappings,
             const sb::Indexes *ix, const LocalDatapaths &datapaths,
             const GatewayPorts &gateways, bool rescan = true);

    /* br-int's OpenFlow port for localnet or l2gateway port 'lport', or
     * 0. */
    int64_t localnet_ofport(const std::string &lport) const;
    const std::map<std::string, int64_t> &localnet_ofports() const
    {
        return ofports_;
    }
    /* Whether the last run() left ports to add or remove for want of a
     * transaction. */
    bool incomplete() const { return incomplete_; }

    /* Whether the changes that 'ovs_idl' tracks (Port and Interface rows)
     * may concern the patch ports, so that run() has something to do: a
     * Port marked with an ovn-localnet-port or ovn-l2gateway-port, a Port
     * or Interface that the last run() found to be a patch port's, one of
     * those Ports no longer on its bridge, or a bridge that came or went.
     * Other ports' changes (VIFs coming and going) do not.  The marked
     * Ports that the last run() did not find are noted for the next,
     * which looks at them without a scan: to be called for every batch of
     * changes, before the IDL forgets them. */
    bool note_tracked_changes(const ovsdb_idl *ovs_idl);

    /* Whether the Port_Binding changes that 'sb' tracks may concern them:
     * a localnet or l2gateway port's.  (A port that stops being a localnet port, or
     * one whose datapath stops being local, changes the local datapaths'
     * localnet ports: LocalDatapaths::changed().) */
    static bool tracked_sb_changes_matter(const ovsdb_idl *sb);

private:
    std::map<std::string, int64_t> ofports_;
    bool incomplete_ = false;
    /* The patch ports and their interfaces, on every bridge, and the
     * bridges' names, as of the last run(). */
    std::set<ovs::Uuid> ports_;
    std::set<ovs::Uuid> ifaces_;
    std::set<std::string> bridges_;
    /* The patch ports the last run() found, with their bridges' names, in
     * the order found; and whether a run() has scanned every port. */
    std::vector<std::pair<std::string, ovs::Uuid>> known_;
    bool scanned_ = false;
    /* Marked Ports that run() has not found yet (note_tracked_changes()). */
    std::set<ovs::Uuid> candidates_;
};

}  // namespace ovn

#endif  /* ovn/controller/patch.h */
