/* lflow-port-sec: tables 73 (CHK_IN_PORT_SEC), 74 (CHK_IN_PORT_SEC_ND)
 * and 75 (CHK_OUT_PORT_SEC), which check_in_port_sec() and
 * check_out_port_sec() look up, from the port_security column of each
 * Port_Binding bound to this chassis, as OVN 23.03 computes them.  Each
 * port_security entry is "MAC [IP[/PLEN]]...".  The flows set flags[12]
 * (MLF_CHECK_PORT_SEC) when a packet is to be dropped:
 *
 *   73: from the port: deny (80) unless its eth.src is an entry's MAC
 *       and, if the entry has IPs, its IP source one of them (90; DHCP
 *       discovery and IPv6 DAD allowed); ARP, NS, NA and IPv6 go on to
 *       74 (95, 90);
 *   74: ARP and ND from the port must carry its MAC and, if it has
 *       them, its IPs (90), or are denied (80);
 *   75: to the port: eth.dst must be an entry's MAC (85) and, if the
 *       entry has IPs, the IP destination one of them, a broadcast or a
 *       multicast address (95), or is denied (90, 80).
 *
 * 23.03's own quirks are kept, since the switch must hold the same
 * flows: an ND packet matches nw_ttl=225 (not 255) in table 74's
 * priority-90 flows, and an entry stops at its first token that is no
 * address, keeping those before it.
 *
 * The flows of a port are owned by its Port_Binding, so binding or
 * releasing it, or changing its port_security, costs that port's flows.
 * An entry whose MAC is bad has no flows (nor the port, if it was its
 * only entry), one rate-limited warning and a tick of
 * "port_sec_bad_address"; so does an entry with a token that is no
 * address, which keeps the addresses before it.
 *
 * Owned by the engine node lflow_side_output (ovn-controller.cpp). */
#ifndef OVN_CONTROLLER_LFLOW_PORT_SEC_H
#define OVN_CONTROLLER_LFLOW_PORT_SEC_H 1

#include "lib/uuid-value.h"
#include "ovn/controller/lflow-side.h"
#include "ovn/lib/sb-rows.h"

namespace ovn {

class PortSecFlows {
public:
    /* Replaces all of this module's flows by those for every port bound
     * here. */
    void run(const SideFlowInput &);
    /* Replaces the flows of the Port_Binding with 'uuid': none if it is
     * gone or not bound here. */
    void handle_port(const SideFlowInput &, const ovs::Uuid &);

    size_t n_owners() const { return owners_.size(); }

private:
    void add_port(const SideFlowInput &, sb::PortBinding);

    SideFlowOwners owners_;
};

}  // namespace ovn

#endif  /* ovn/controller/lflow-port-sec.h */
