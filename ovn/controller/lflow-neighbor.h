/* lflow-neighbor: tables 66 (MAC_BINDING: get_arp/get_nd) and 67
 * (MAC_LOOKUP: lookup_arp/lookup_nd) from the MAC_Binding and
 * Static_MAC_Binding rows whose logical port is on a local datapath, as
 * OVN 23.03 computes them:
 *
 *   66: metadata=DP, reg15=PORT, reg0=IPv4 (or xxreg0=IPv6)
 *         -> eth.dst = MAC, flags[6] = 1
 *   67: metadata=DP, reg14=PORT, reg0/xxreg0=IP, eth.src=MAC, and arp
 *       (or icmp6 with code 0) -> flags[6] = 1
 *
 * at priority 100 for a MAC_Binding, 50 for a Static_MAC_Binding (150
 * with override_dynamic_mac, so that it beats a learned one).  Each
 * row's flows are its own (owner and cookie), so a change to one row
 * costs that row's flows.  A row with a bad mac or ip gets no flows, one
 * rate-limited warning and a tick of the "neighbor_bad_row" counter.
 *
 * Owned by the engine node lflow_side_output (ovn-controller.cpp). */
#ifndef OVN_CONTROLLER_LFLOW_NEIGHBOR_H
#define OVN_CONTROLLER_LFLOW_NEIGHBOR_H 1

#include "lib/uuid-value.h"
#include "ovn/controller/lflow-side.h"
#include "ovn/lib/sb-rows.h"

namespace ovn {

class NeighborFlows {
public:
    /* Replaces all of this module's flows by those for every MAC_Binding
     * and Static_MAC_Binding of the local datapaths. */
    void run(const SideFlowInput &);

    /* Replaces the flows of the MAC_Binding (Static_MAC_Binding) with
     * 'uuid': none if it is gone or not local. */
    void handle_mac_binding(const SideFlowInput &, const ovs::Uuid &);
    void handle_static_mac_binding(const SideFlowInput &, const ovs::Uuid &);

    /* 'dp' became local: adds the flows of its rows (through the
     * by_datapath indexes). */
    void add_datapath(const SideFlowInput &, sb::DatapathBinding dp);
    /* The datapath with UUID 'dp' is no longer local. */
    void remove_datapath(const ovs::Uuid &dp);

    size_t n_owners() const { return owners_.size(); }

private:
    void add_mac_binding(const SideFlowInput &, sb::MacBinding);
    void add_static_mac_binding(const SideFlowInput &, sb::StaticMacBinding);
    void add_flows(const SideFlowInput &, const ovs::Uuid &owner,
                   const char *table, std::string_view lport,
                   std::string_view ip, std::string_view mac,
                   uint16_t priority);

    SideFlowOwners owners_;
};

}  // namespace ovn

#endif  /* ovn/controller/lflow-neighbor.h */
