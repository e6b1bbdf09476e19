/* pinctrl's handlers of arp {}, nd_ns {}, nd_na {} and nd_na_router {}:
 * the request or advertisement built from the packet that came in, sent
 * through the nested actions; arp {} and nd_ns {} also buffer that packet
 * until its next hop is resolved (pinctrl-buffered.h). */
#include <config.h>

#include "ovn/controller/pinctrl-buffered.h"
#include "ovn/controller/pinctrl-handler.h"

namespace ovn {

void
pinctrl_register_arp_nd(PinctrlDispatch &d)
{
    d.add(ACTION_OPCODE_ARP, "arp",
          [](PinctrlContext &ctx, const PinctrlPacketIn &pi) {
              PacketBytes arp = build_arp_request(pi.packet);
              if (!arp.empty()) {
                  pinctrl_buffer_packet(ctx, pi, pinctrl_next_hop(pi, true));
              }
              pinctrl_answer(ctx, pi, arp, "ARP action on non-IPv4 packet");
          });
    d.add(ACTION_OPCODE_ND_NS, "nd_ns",
          [](PinctrlContext &ctx, const PinctrlPacketIn &pi) {
              PacketBytes ns = build_nd_ns(pi.packet);
              if (!ns.empty()) {
                  pinctrl_buffer_packet(ctx, pi, pinctrl_next_hop(pi, false));
              }
              pinctrl_answer(ctx, pi, ns, "ND_NS action on non-IPv6 packet");
          });
    d.add(ACTION_OPCODE_ND_NA, "nd_na",
          [](PinctrlContext &ctx, const PinctrlPacketIn &pi) {
              pinctrl_answer(ctx, pi, build_nd_na(pi.packet, false),
                             "NA action on non-ND packet");
          });
    d.add(ACTION_OPCODE_ND_NA_ROUTER, "nd_na_router",
          [](PinctrlContext &ctx, const PinctrlPacketIn &pi) {
              pinctrl_answer(ctx, pi, build_nd_na(pi.packet, true),
                             "NA action on non-ND packet");
          });
}

}  // namespace ovn
