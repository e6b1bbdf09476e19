/* lflow-lb-hairpin: tables 68 (CHK_LB_HAIRPIN), 69 (CHK_LB_HAIRPIN_REPLY)
 * and 70 (CT_SNAT_HAIRPIN) from the Load_Balancer rows that apply to a
 * local datapath (through 'datapaths' or 'datapath_group'), as OVN 23.03
 * computes them.  A load-balanced packet whose backend is its own source
 * (a "hairpin") must be SNATed, and so must its replies:
 *
 *   68: per VIP and backend (100): ip.src == ip.dst == the backend, the
 *       original destination (reg1/xxreg1 and reg2[0..15] with the LB's
 *       "hairpin_orig_tuple" option, otherwise conntrack's original
 *       tuple) the VIP, the connection natted (ct_mark, or ct_label if
 *       SB_Global's options:lb_hairpin_use_ct_mark is false)
 *         -> flags[7] = 1, and learn a flow in 69 that sets flags[7] for
 *            the replies;
 *   69: only learned flows;
 *   70: per VIP (100, 90 without a port) -> ct(commit, SNAT to the VIP);
 *       with the LB's "hairpin_snat_ip" option, per VIP and local
 *       datapath (200, 190) -> SNAT to that address instead.
 *
 * Each LB's flows are its own (owner and cookie).  A change to an LB
 * costs its flows; a datapath that becomes local or stops being local,
 * or a datapath group that changes, costs the flows of the LBs that
 * reference it (this module keeps every LB's references for that).  A
 * VIP or backend that does not parse is left out, with one rate-limited
 * warning and a tick of "lb_hairpin_bad_vip"; the LB's other VIPs keep
 * their flows.  Templated LBs (a VIP with '^') have no flows yet.
 *
 * Owned by the engine node lflow_side_output (ovn-controller.cpp). */
#ifndef OVN_CONTROLLER_LFLOW_LB_HAIRPIN_H
#define OVN_CONTROLLER_LFLOW_LB_HAIRPIN_H 1

#include <map>
#include <set>

#include "lib/uuid-value.h"
#include "ovn/controller/lflow-side.h"
#include "ovn/lib/sb-rows.h"

namespace ovn {

class LbHairpinFlows {
public:
    /* Replaces all of this module's flows by those for every LB of a
     * local datapath (a walk of the Load_Balancer table). */
    void run(const SideFlowInput &);
    /* Replaces the flows of the LB with 'uuid'. */
    void handle_load_balancer(const SideFlowInput &, const ovs::Uuid &);
    /* The datapath with UUID 'dp' became local or stopped being local:
     * replaces the flows of the LBs that reference it. */
    void handle_datapath(const SideFlowInput &, const ovs::Uuid &dp);
    /* The Logical_DP_Group with UUID 'group' changed: replaces the flows
     * of the LBs that use it. */
    void handle_dp_group(const SideFlowInput &, const ovs::Uuid &group);

    size_t n_owners() const { return owners_.size(); }

private:
    struct Refs {
        std::set<ovs::Uuid> datapaths;
        ovs::Uuid group;                /* Zero if none. */
    };

    void index(sb::LoadBalancer);
    void unindex(const ovs::Uuid &lb);
    void add_lb(const SideFlowInput &, sb::LoadBalancer);

    SideFlowOwners owners_;
    /* Every LB's datapaths and group, local or not, and the reverse. */
    std::map<ovs::Uuid, Refs> refs_;
    std::map<ovs::Uuid, std::set<ovs::Uuid>> lbs_by_datapath_;
    std::map<ovs::Uuid, std::set<ovs::Uuid>> lbs_by_group_;
};

}  // namespace ovn

#endif  /* ovn/controller/lflow-lb-hairpin.h */
