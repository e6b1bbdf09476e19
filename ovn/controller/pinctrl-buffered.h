/* Packets that wait for a next hop's MAC, as 23.03's pinctrl keeps them:
 * arp {} and nd_ns {} buffer the packet that triggered them (up to
 * BUFFER_DEPTH per next hop, for BUFFER_TIMEOUT_MS), and put_arp and
 * put_nd, when they learn that next hop's MAC on the same datapath, send
 * them on from the output stage with that MAC as destination.  State of
 * the pinctrl thread only (its own mutex guards it anyway). */
#ifndef OVN_CONTROLLER_PINCTRL_BUFFERED_H
#define OVN_CONTROLLER_PINCTRL_BUFFERED_H 1

#include <netinet/in.h>

#include "ovn/controller/pinctrl-handler.h"

namespace ovn {

/* Buffers 'pi''s packet until 'next_hop' (an IPv4-mapped or IPv6
 * address) of 'pi''s datapath is resolved. */
void pinctrl_buffer_packet(const PinctrlPacketIn &pi,
                           const in6_addr &next_hop);

/* 'next_hop' of datapath 'dp_key' is at 'mac': sends its buffered
 * packets. */
void pinctrl_release_buffered(PinctrlContext &, uint32_t dp_key,
                              const in6_addr &next_hop,
                              const eth_addr &mac);

/* The next hop that arp {} (reg0) or nd_ns {} (xxreg0) asks for, from
 * 'pi''s registers. */
in6_addr pinctrl_next_hop(const PinctrlPacketIn &pi, bool ipv4);

}  // namespace ovn

#endif  /* ovn/controller/pinctrl-buffered.h */
