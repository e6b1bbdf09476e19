/* The physical flows of VXLAN tunnels, in OVN 23.03's reduced key layout.
 *
 * VXLAN has no room for Geneve's option, so its 24-bit VNI carries what
 * it can: the datapath's tunnel key in bits 0 to 11 and the logical
 * output port in bits 12 to 23; a multicast group (output key 0x8000 and
 * up) sets bit 23 and keeps its key's low 11 bits in bits 12 to 22.  The
 * logical input port does not travel, so that, as in 23.03, datapaths and
 * ports reached over VXLAN have at most 4095 and 2047 keys (ovn-northd
 * allocates them so when a chassis uses VXLAN), and egress ACLs on the
 * input port cannot see it.  The receiving side goes straight to local
 * output (table 40).
 *
 * Part of class Physical (physical.h), which owns the flows. */
#include <config.h>

#include "ovn/controller/physical.h"

#include "lib/ovs-internal.h"
#include "ovn/controller/encaps.h"
#include "ovn/controller/physical-impl.h"
#include "ovn/lib/logical-fields.h"

namespace ovn {

using namespace physical_impl;

namespace {

constexpr int VXLAN_DP_BITS = 12;
constexpr int VXLAN_PORT_OFS = 12;
constexpr int VXLAN_PORT_BITS = 12;
constexpr int VXLAN_MC_BITS = 11;
constexpr uint64_t VXLAN_MC_BIT = 1u << 23;
constexpr int64_t MC_MIN_KEY = 0x8000;

}  // namespace

void
Physical::put_vxlan_encapsulation(ovs::OfpactsBuilder &acts, int64_t dp_key,
                                  int64_t outport)
{
    uint64_t vni = dp_key & ((1u << VXLAN_DP_BITS) - 1);
    if (outport >= MC_MIN_KEY) {
        vni |= VXLAN_MC_BIT
               | (uint64_t(outport & ((1u << VXLAN_MC_BITS) - 1))
                  << VXLAN_PORT_OFS);
    } else {
        vni |= uint64_t(outport & ((1u << VXLAN_PORT_BITS) - 1))
               << VXLAN_PORT_OFS;
    }
    acts.load_bits(MFF_TUN_ID, vni, 0, 24);
}

void
Physical::add_vxlan_tunnel_flows(const Tunnel &tunnel)
{
    owners_.insert(tunnel.chassis);

    /* A logical port. */
    ovs::Match m;
    match_set_in_port(m.get(), OFP_PORT_C(tunnel.ofport));
    add_flow(OFTABLE_PHY_TO_LOG, 100, m,
             ovs::OfpactsBuilder()
                 .move(MFF_TUN_ID, VXLAN_PORT_OFS, MFF_LOG_OUTPORT, 0,
                       VXLAN_PORT_BITS)
                 .move(MFF_TUN_ID, 0, MFF_LOG_DATAPATH, 0, VXLAN_DP_BITS)
                 .resubmit(OFTABLE_LOCAL_OUTPUT),
             tunnel.chassis);

    /* A multicast group. */
    ovs::Match mc;
    match_set_in_port(mc.get(), OFP_PORT_C(tunnel.ofport));
    match_set_tun_id_masked(mc.get(), htonll(VXLAN_MC_BIT),
                            htonll(VXLAN_MC_BIT));
    add_flow(OFTABLE_PHY_TO_LOG, 105, mc,
             ovs::OfpactsBuilder()
                 .load_bits(MFF_LOG_OUTPORT, 1, 15, 1)
                 .move(MFF_TUN_ID, VXLAN_PORT_OFS, MFF_LOG_OUTPORT, 0,
                       VXLAN_MC_BITS)
                 .move(MFF_TUN_ID, 0, MFF_LOG_DATAPATH, 0, VXLAN_DP_BITS)
                 .resubmit(OFTABLE_LOCAL_OUTPUT),
             tunnel.chassis);
}

}  // namespace ovn
