/* lflow-side: what the producers of the flows that 23.03 adds beside the
 * logical flows (tables 66 to 75) share: their input, and the record of
 * the owners they gave flows to in ofctrl's LOGICAL table.
 *
 *   - lflow-neighbor: tables 66 and 67, from MAC_Binding and
 *     Static_MAC_Binding rows;
 *   - lflow-lb-hairpin: tables 68 to 70, from Load_Balancer rows;
 *   - lflow-fdb: tables 71 and 72, from FDB rows;
 *   - lflow-port-sec: tables 73 to 75, from the port_security of the
 *     Port_Bindings bound here.
 *
 * Each flow is owned by the row that produced it, with the first 32 bits
 * of its UUID as cookie, as in 23.03.  The LOGICAL table is shared with
 * the Logical_Flow translation (lflow.h), so nobody clears it: each
 * producer removes only the owners its SideFlowOwners recorded. */
#ifndef OVN_CONTROLLER_LFLOW_SIDE_H
#define OVN_CONTROLLER_LFLOW_SIDE_H 1

#include <cstdint>
#include <map>
#include <set>

#include "lib/match-value.h"
#include "lib/ofpacts-value.h"
#include "lib/uuid-value.h"
#include "ovn/lib/sb-rows.h"

struct ovsdb_idl;

namespace ovn {

class Bindings;

/* Ethernet types the side flows match (OVS's packets.h, which has them,
 * is not valid C++). */
constexpr uint16_t ETHTYPE_IPV4 = 0x0800;
constexpr uint16_t ETHTYPE_ARP = 0x0806;
constexpr uint16_t ETHTYPE_IPV6 = 0x86dd;

/* Everything the side flows depend on; valid while a producer runs. */
struct SideFlowInput {
    const ovsdb_idl *sb;
    const sb::Indexes *ix;
    const Bindings *bindings;       /* Local ports. */
    /* The local datapaths (local-datapaths.h); null: the bound ones only,
     * as 'bindings' has them (the unit tests). */
    const std::map<ovs::Uuid, sb::DatapathBinding> *local_datapaths
        = nullptr;

    const std::map<ovs::Uuid, sb::DatapathBinding> &datapaths() const;
    bool is_local_datapath(sb::DatapathBinding) const;
    /* SB_Global options:lb_hairpin_use_ct_mark (default true): whether
     * load-balanced connections are marked in ct_mark or in ct_label. */
    bool lb_hairpin_use_ct_mark = true;
};

/* The owners one producer gave flows to, each with the datapath its
 * flows are for (zero if none in particular), so that a datapath that is
 * no longer local loses just its own. */
class SideFlowOwners {
public:
    SideFlowOwners() = default;
    SideFlowOwners(const SideFlowOwners &) = delete;
    SideFlowOwners &operator=(const SideFlowOwners &) = delete;

    /* Adds a flow to ofctrl's LOGICAL table for 'owner', whose cookie is
     * 'owner''s first 32 bits. */
    void add_flow(uint8_t table_id, uint16_t priority,
                  const ovs::Match &, const ovs::Ofpacts &,
                  const ovs::Uuid &owner, const ovs::Uuid &datapath);

    /* Removes 'owner''s flows, if it has any.  Returns true if it had. */
    bool remove(const ovs::Uuid &owner);
    /* Removes the flows of every owner on 'datapath'. */
    void remove_datapath(const ovs::Uuid &datapath);
    /* Removes every flow this producer added. */
    void remove_all();

    bool contains(const ovs::Uuid &owner) const
    {
        return datapath_of_.count(owner) != 0;
    }
    size_t size() const { return datapath_of_.size(); }

private:
    std::map<ovs::Uuid, ovs::Uuid> datapath_of_;
    std::map<ovs::Uuid, std::set<ovs::Uuid>> by_datapath_;
};

}  // namespace ovn

#endif  /* ovn/controller/lflow-side.h */
