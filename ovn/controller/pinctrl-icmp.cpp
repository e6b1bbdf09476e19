/* pinctrl's handlers of icmp4 {}, icmp6 {}, icmp4_error {},
 * icmp6_error {}, tcp_reset {}, sctp_abort {} and reject {} (the error
 * built from the packet that came in, sent through the nested actions),
 * and of icmp4.frag_mtu and icmp6.frag_mtu (which pause the pipeline of
 * that error: the MTU set in it, the pipeline resumed).  Stateless. */
#include <config.h>

#include "ovn/controller/pinctrl-handler.h"

#include <netinet/in.h>

namespace ovn {

namespace {

void
handle_reject(PinctrlContext &ctx, const PinctrlPacketIn &pi)
{
    /* As 23.03: the answer goes straight back to the sender. */
    switch (pi.packet.flow.nw_proto) {
    case IPPROTO_TCP:
        pinctrl_answer(ctx, pi, build_tcp_reset(pi.packet, true),
                       "REJECT action on malformed TCP packet");
        break;
    case IPPROTO_SCTP:
        pinctrl_answer(ctx, pi, build_sctp_abort(pi.packet, true),
                       "REJECT action on malformed or ABORT SCTP packet");
        break;
    default:
        pinctrl_answer(ctx, pi, build_icmp(pi.packet, true, true),
                       "REJECT action on non-IP packet");
        break;
    }
}

void
handle_frag_mtu(PinctrlContext &ctx, const PinctrlPacketIn &pi, bool v4)
{
    /* The pipeline was paused: it must be resumed whatever happens here,
     * as 23.03 does, or the packet is lost for the sender. */
    if (!pi.continuation || !pi.continuation->size) {
        ctx.drop(pi, PinctrlDrop::BAD_USERDATA, "frag_mtu did not pause");
        return;
    }
    const size_t mtu_len = v4 ? 2 : 4;
    if (pi.payload_len < mtu_len) {
        ctx.drop(pi, PinctrlDrop::BAD_USERDATA, "frag_mtu without MTU");
        ctx.resume(pi);
        return;
    }
    uint32_t mtu = 0;
    for (size_t i = 0; i < mtu_len; i++) {
        mtu = (mtu << 8) | pi.payload[i];
    }
    PacketBytes packet(pi.packet.data, pi.packet.data + pi.packet.size);
    if (!packet_set_icmp_frag_mtu(packet, mtu)) {
        ctx.drop(pi, PinctrlDrop::BAD_PACKET,
                 "frag_mtu action on non-ICMP packet");
        ctx.resume(pi);
        return;
    }
    ctx.resume(pi, &packet);
}

}  // namespace

void
pinctrl_register_icmp(PinctrlDispatch &d)
{
    d.add(ACTION_OPCODE_ICMP, "icmp",
          [](PinctrlContext &ctx, const PinctrlPacketIn &pi) {
              pinctrl_answer(ctx, pi, build_icmp(pi.packet, true, false),
                             "ICMP action on non-IP packet");
          });
    auto icmp_error = [](PinctrlContext &ctx, const PinctrlPacketIn &pi) {
        pinctrl_answer(ctx, pi, build_icmp(pi.packet, false, false),
                       "ICMP error action on non-IP packet");
    };
    d.add(ACTION_OPCODE_ICMP4_ERROR, "icmp4_error", icmp_error);
    d.add(ACTION_OPCODE_ICMP6_ERROR, "icmp6_error", icmp_error);
    d.add(ACTION_OPCODE_TCP_RESET, "tcp_reset",
          [](PinctrlContext &ctx, const PinctrlPacketIn &pi) {
              pinctrl_answer(ctx, pi, build_tcp_reset(pi.packet, false),
                             "TCP_RESET action on non-TCP packet");
          });
    d.add(ACTION_OPCODE_SCTP_ABORT, "sctp_abort",
          [](PinctrlContext &ctx, const PinctrlPacketIn &pi) {
              pinctrl_answer(ctx, pi, build_sctp_abort(pi.packet, false),
                             "SCTP_ABORT action on non-SCTP or ABORT "
                             "packet");
          });
    d.add(ACTION_OPCODE_REJECT, "reject", handle_reject);
    d.add(ACTION_OPCODE_PUT_ICMP4_FRAG_MTU, "put_icmp4_frag_mtu",
          [](PinctrlContext &ctx, const PinctrlPacketIn &pi) {
              handle_frag_mtu(ctx, pi, true);
          });
    d.add(ACTION_OPCODE_PUT_ICMP6_FRAG_MTU, "put_icmp6_frag_mtu",
          [](PinctrlContext &ctx, const PinctrlPacketIn &pi) {
              handle_frag_mtu(ctx, pi, false);
          });
}

}  // namespace ovn
