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
 *
 * Owned by the main loop; physical.cpp reads it. */
#ifndef OVN_CONTROLLER_CT_ZONES_H
#define OVN_CONTROLLER_CT_ZONES_H 1

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

struct ovsrec_bridge;

namespace ovn {

class Bindings;

class CtZones {
public:
    /* Zone 0 is the default zone of everything else on the host. */
    static constexpr uint16_t MIN_ZONE = 1;
    static constexpr uint16_t MAX_ZONE = UINT16_MAX;

    static std::string dnat_name(const std::string &datapath_uuid);
    static std::string snat_name(const std::string &datapath_uuid);

    /* Makes exactly the zones named in 'users' assigned: keeps the zones
     * that 'br_int''s external_ids or an earlier call already gave them,
     * gives the others the lowest free zones (in name order), and frees
     * the zones of names no longer in 'users'.  Returns whether any
     * assignment changed. */
    bool update(const ovsrec_bridge *br_int,
                const std::set<std::string> &users);

    /* The same, from the difference alone: 'added' users get zones as
     * update() would give them, 'removed' ones lose theirs (a name in
     * both keeps or gets one).  The other users keep theirs, so the cost
     * follows the change.  Returns whether any assignment changed. */
    bool change(const ovsrec_bridge *br_int,
                const std::set<std::string> &added,
                const std::set<std::string> &removed);

    /* Writes to 'br_int''s external_ids what changed since the last
     * successful write.  Needs a transaction open on its IDL. */
    void commit(const ovsrec_bridge *br_int);

    std::optional<uint16_t> find(const std::string &name) const;
    const std::map<std::string, uint16_t> &zones() const { return zones_; }

private:
    /* Zones that 'br_int' records for 'users' and that are free here. */
    void adopt(const ovsrec_bridge *br_int,
               const std::set<std::string> &users);
    bool free_zone(std::map<std::string, uint16_t>::iterator it);
    bool assign(const std::set<std::string> &users);

    std::map<std::string, uint16_t> zones_;
    std::vector<bool> used_ = std::vector<bool>(MAX_ZONE + 1);
    /* Names whose external_ids key must be written (a zone) or removed
     * (no zone). */
    std::set<std::string> dirty_;
};

/* The zone users the bindings call for: each bound logical port, and the
 * DNAT and SNAT zones of each local datapath. */
std::set<std::string> ct_zone_users(const Bindings &bindings);

/* The ct_zones engine node's handler for a change of the bindings: the
 * zones of the logical ports and datapaths that 'bindings' reports
 * changed (Bindings::changed_lports(), changed_datapaths()), and only
 * those, come or go, leaving 'zones' as zones.update(br_int,
 * ct_zone_users(bindings)) would.  Returns whether any zone changed. */
bool ct_zones_handle_bindings(CtZones &zones, const ovsrec_bridge *br_int,
                              const Bindings &bindings);

}  // namespace ovn

#endif  /* ovn/controller/ct-zones.h */
