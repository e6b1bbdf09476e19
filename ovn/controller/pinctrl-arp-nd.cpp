/* pinctrl's handlers of arp {}, nd_ns {}, nd_na {} and nd_na_router {}:
 * the request or advertisement built from the packet that came in, sent
 * through the nested actions.  Stateless. */
#include <config.h>

#include "ovn/controller/pinctrl-handler.h"

namespace ovn {

void
pinctrl_register_arp_nd(PinctrlDispatch &d)
{
    d.add(ACTION_OPCODE_ARP, "arp",
          [](PinctrlContext &ctx, const PinctrlPacketIn &pi) {
              pinctrl_answer(ctx, pi, build_arp_request(pi.packet),
                             "ARP action on non-IPv4 packet");
          });
    d.add(ACTION_OPCODE_ND_NS, "nd_ns",
          [](PinctrlContext &ctx, const PinctrlPacketIn &pi) {
              pinctrl_answer(ctx, pi, build_nd_ns(pi.packet),
                             "ND_NS action on non-IPv6 packet");
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
