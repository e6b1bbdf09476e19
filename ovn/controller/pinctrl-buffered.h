/* Packets that wait for a next hop's MAC, as 23.03's pinctrl keeps them:
 * arp {} and nd_ns {} buffer the packet that triggered them (up to
 * BUFFER_DEPTH per next hop, for BUFFER_TIMEOUT_MS), and put_arp and
 * put_nd, when they learn that next hop's MAC on the same datapath, send
 * them on from the output stage with that MAC as destination; so does a
 * MAC_Binding row for that next hop that appears in the Southbound
 * (written by another chassis or by the CMS), which the main thread
 * looks for and hands to the pinctrl thread as a snapshot.  The buffers
 * are this file's, under its own mutex. */
#ifndef OVN_CONTROLLER_PINCTRL_BUFFERED_H
#define OVN_CONTROLLER_PINCTRL_BUFFERED_H 1

#include <netinet/in.h>

#include "ovn/controller/pinctrl-handler.h"

namespace ovn {

/* Buffers 'pi''s packet until 'next_hop' (an IPv4-mapped or IPv6
 * address) of 'pi''s datapath is resolved. */
void pinctrl_buffer_packet(PinctrlContext &, const PinctrlPacketIn &pi,
                           const in6_addr &next_hop);

/* 'next_hop' of datapath 'dp_key' is at 'mac': sends its buffered
 * packets.  Returns false if none waited. */
bool pinctrl_release_buffered(PinctrlContext &, uint32_t dp_key,
                              const in6_addr &next_hop,
                              const eth_addr &mac);

/* The next hop that arp {} (reg0) or nd_ns {} (xxreg0) asks for, from
 * 'pi''s registers. */
in6_addr pinctrl_next_hop(const PinctrlPacketIn &pi, bool ipv4);

/* Registers the Southbound side: the flush that looks for MAC_Binding
 * rows of waiting next hops, and the pinctrl thread's release of their
 * packets.  Called from pinctrl_register_mac_binding(). */
void pinctrl_register_buffered(PinctrlDispatch &);

}  // namespace ovn

#endif  /* ovn/controller/pinctrl-buffered.h */
