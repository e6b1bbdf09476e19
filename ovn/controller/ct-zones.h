/* CtZones: the conntrack zones of this chassis's logical ports and
 * datapaths.
 *
 * Each local logical port gets a zone (loaded into MFF_LOG_CT_ZONE), and
 * each local datapath two, "<datapath-uuid>_dnat" and "<datapath-uuid>_snat"
 * (MFF_LOG_DNAT_ZONE, MFF_LOG_SNAT_ZONE).  The assignment outlives the
 * process: it is kept in the integration bridge's external_ids as
 * "ct-zone-NAME"="ZONE", as OVN 23.03 keeps it, so that a restarted (or a
 * different) ovn-controller keeps every connection's zone, and with it the
 * connection tracking state, and computes the same flows as before.
 * The keys are read and written through the key store (bridge-key-store.h):
 * what it read from the bridge is passed in as 'recorded'.
 *
 * The ct_zones engine node's data: besides the zones, the users that
 * follow the local datapaths, as of its last update, against which the
 * next change of the local datapaths is measured.  Owned by the main
 * loop; physical.cpp reads it. */
#ifndef OVN_CONTROLLER_CT_ZONES_H
#define OVN_CONTROLLER_CT_ZONES_H 1

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "lib/uuid-value.h"

namespace ovn {

class Bindings;
class BridgeKeyStore;
class GatewayPorts;
class HaPorts;
class LocalDatapaths;

/* The integration bridge's external_ids keys of ours and their values, as
 * the key store has them (BridgeKeyStore::Keys): the zones are the
 * "ct-zone-NAME" ones. */
using RecordedZones = std::map<std::string, std::string>;

class CtZones {
public:
    /* Zone 0 is the default zone of everything else on the host. */
    static constexpr uint16_t MIN_ZONE = 1;
    static constexpr uint16_t MAX_ZONE = UINT16_MAX;

    static std::string dnat_name(const std::string &datapath_uuid);
    static std::string snat_name(const std::string &datapath_uuid);

    /* The external_ids key that records the zone of 'name'. */
    static std::string key(const std::string &name);

    /* Makes exactly the zones named in 'users' assigned: keeps the zones
     * that 'recorded' (null: nothing) or an earlier call already gave them,
     * gives the others the lowest free zones (in name order), and frees
     * the zones of names no longer in 'users'.  Returns whether any
     * assignment changed. */
    bool update(const RecordedZones *recorded,
                const std::set<std::string> &users);

    /* The same, from the difference alone: 'added' users get zones as
     * update() would give them, 'removed' ones lose theirs (a name in
     * both keeps or gets one).  The other users keep theirs, so the cost
     * follows the change.  Returns whether any assignment changed. */
    bool change(const RecordedZones *recorded,
                const std::set<std::string> &added,
                const std::set<std::string> &removed);

    /* Hands 'store' the keys that changed since the last call, which
     * writes them (and again, until they are written). */
    void commit(BridgeKeyStore &store);

    /* The zones given out (not adopted from the bridge) since the last
     * call: each must start empty (ofctrl_flush_ct_zones()). */
    std::vector<uint16_t> take_new_zones()
    {
        return std::exchange(new_zones_, {});
    }

    std::optional<uint16_t> find(const std::string &name) const;
    const std::map<std::string, uint16_t> &zones() const { return zones_; }

    /* The users that the local datapaths and the gateway ports called
     * for at the last ct_zones_recompute() or ct_zones_handle_changes()
     * (ct_zone_datapath_users()), and the two parts they are made of: the
     * datapaths whose DNAT and SNAT zones they name, and the other users
     * (ct_zone_port_users()). */
    const std::set<std::string> &datapath_users() const
    {
        return datapath_users_;
    }
    const std::set<ovs::Uuid> &user_datapaths() const
    {
        return user_datapaths_;
    }
    void set_datapath_users(std::set<ovs::Uuid> datapaths,
                            std::set<std::string> port_users);

    /* The same, from the datapaths that 'came' and 'went' since: names
     * only theirs, and adds to 'added' and 'removed' the users that came
     * and went.  Costs the change and the port users. */
    void change_datapath_users(const std::vector<ovs::Uuid> &came,
                               const std::vector<ovs::Uuid> &went,
                               std::set<std::string> port_users,
                               std::set<std::string> &added,
                               std::set<std::string> &removed);

private:
    /* Zones that 'recorded' holds for 'users' and that are free here. */
    void adopt(const RecordedZones *recorded,
               const std::set<std::string> &users);
    bool free_zone(std::map<std::string, uint16_t>::iterator it);
    bool assign(const std::set<std::string> &users);

    std::map<std::string, uint16_t> zones_;
    std::vector<bool> used_ = std::vector<bool>(MAX_ZONE + 1);
    /* Names whose external_ids key must be written (a zone) or removed
     * (no zone). */
    std::set<std::string> dirty_;
    std::set<std::string> datapath_users_;
    std::set<ovs::Uuid> user_datapaths_;
    std::set<std::string> port_users_;
    std::vector<uint16_t> new_zones_;
};

/* Where the zone users come from: the logical ports bound here, the
 * gateway ports hosted here, the local datapaths. */
struct CtZoneSources {
    const Bindings &bindings;
    const GatewayPorts &gateways;
    const LocalDatapaths &datapaths;
    /* The chassisredirect and external ports of this chassis's HA chassis
     * groups: each has a zone where it is active, as in 23.03. */
    const HaPorts *ha_ports = nullptr;
};

/* The users that follow the local datapaths: the DNAT and SNAT zones of
 * each local datapath, and ct_zone_port_users().  Costs the local
 * datapaths, their localnet ports and the gateway ports, not the
 * bindings. */
std::set<std::string> ct_zone_datapath_users(const CtZoneSources &);

/* Of those, the ports: the localnet ports of the local datapaths, the
 * gateway ports hosted here and the HA ports active here. */
std::set<std::string> ct_zone_port_users(const CtZoneSources &);

/* Every zone user: each logical port bound here, and
 * ct_zone_datapath_users(). */
std::set<std::string> ct_zone_users(const CtZoneSources &);

/* The ct_zones engine node's full update: zones.update(recorded,
 * ct_zone_users(sources)), noting the datapath users for the next
 * ct_zones_handle_changes().  Returns whether any zone changed. */
bool ct_zones_recompute(CtZones &zones, const RecordedZones *recorded,
                        const CtZoneSources &sources);

/* The ct_zones engine node's handler: the zones of the logical ports
 * whose bindings changed (Bindings::changed_lports()) and, if
 * 'datapaths_changed' (the local datapaths, their localnet ports or the
 * gateway ports), of the datapath users that came or went since the last
 * call, and only those, leaving 'zones' as ct_zones_recompute() would:
 * the cost follows the changed ports, the datapaths that came or went
 * (found by one walk of the local datapaths' UUIDs), the gateway and
 * localnet ports, never every binding.  Returns whether any zone
 * changed. */
bool ct_zones_handle_changes(CtZones &zones,
                             const RecordedZones *recorded,
                             const CtZoneSources &sources,
                             bool datapaths_changed);

}  // namespace ovn

#endif  /* ovn/controller/ct-zones.h */
