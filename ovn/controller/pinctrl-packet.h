/* The packets pinctrl builds in answer to a packet-in, as bytes, and what
 * they are built from: the headers of the packet that came in.
 *
 * Each builder is a pure function of the incoming packet (its bytes and
 * the struct flow parsed from them, PinctrlPacket) and returns a new
 * Ethernet frame, or an empty one if the incoming packet does not have
 * what the builder needs (the caller drops it and counts why).  Nothing
 * here talks to the switch or the Southbound, so the GoogleTests
 * (tests/unit/test-pinctrl-packet.cpp) drive them directly.  The layouts
 * are 23.03's, checked against Debian's ovn-controller by the parity tests
 * of tests/pinctrl.at.  Anyone may include this. */
#ifndef OVN_CONTROLLER_PINCTRL_PACKET_H
#define OVN_CONTROLLER_PINCTRL_PACKET_H 1

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "openvswitch/flow.h"

namespace ovn {

using PacketBytes = std::vector<uint8_t>;

/* A packet that came in, parsed: its bytes (not owned: they live as long
 * as the packet-in they came with) and its headers. */
struct PinctrlPacket {
    const uint8_t *data = nullptr;
    size_t size = 0;
    struct flow flow;           /* flow_extract() of the bytes. */
    size_t l3_ofs = SIZE_MAX;   /* SIZE_MAX: no such layer. */
    size_t l4_ofs = SIZE_MAX;

    /* Parses 'size' bytes at 'data'. */
    PinctrlPacket(const void *data, size_t size);

    size_t l3_size() const noexcept
    {
        return l3_ofs <= size ? size - l3_ofs : 0;
    }
    size_t l4_size() const noexcept
    {
        return l4_ofs <= size ? size - l4_ofs : 0;
    }
    bool has_vlan() const noexcept;
    bool is_ipv4() const noexcept;
    bool is_ipv6() const noexcept;
};

/* The one's complement sum of RFC 1071 over 'n' bytes at 'p', added to
 * 'partial' (a running 32-bit sum), and its folded, inverted result. */
uint32_t packet_csum_add(uint32_t partial, const uint8_t *p, size_t n);
uint16_t packet_csum_finish(uint32_t partial);

/* arp {}: an ARP request for the incoming IPv4 packet's destination, from
 * its source, in an Ethernet frame with the incoming addresses (the nested
 * actions usually make it a broadcast) and the incoming VLAN tag. */
PacketBytes build_arp_request(const PinctrlPacket &);

/* nd_ns {}: a neighbor solicitation for the incoming IPv6 packet's
 * destination, from its source, to the destination's solicited-node
 * multicast address, with a source link-layer address option. */
PacketBytes build_nd_ns(const PinctrlPacket &);

/* nd_na {} and nd_na_router {}: a solicited neighbor advertisement that
 * answers the incoming neighbor solicitation: from its target (and the
 * incoming Ethernet destination, which the logical flow has set to the
 * router or port's address), to its source, with a target link-layer
 * address option; 'router' sets the R flag. */
PacketBytes build_nd_na(const PinctrlPacket &, bool router);

/* icmp4 {}, icmp6 {}, icmp4_error {}, icmp6_error {} and reject {} of a
 * non-TCP, non-SCTP packet: an ICMP destination unreachable (code 1,
 * "host unreachable", or port unreachable for UDP if 'udp_port_code')
 * carrying as much of the incoming IP packet as RFC 1812 (IPv4, 576
 * bytes) or RFC 4443 (IPv6, 1280 bytes) allow.  With 'loopback' the
 * addresses are swapped (the reply goes back to the sender); without, the
 * nested actions swap them. */
PacketBytes build_icmp(const PinctrlPacket &, bool udp_port_code,
                       bool loopback);

/* tcp_reset {} and reject {} of a TCP segment: a RST (or RST+ACK if the
 * segment had no ACK) for the incoming segment's connection. */
PacketBytes build_tcp_reset(const PinctrlPacket &, bool loopback);

/* sctp_abort {} and reject {} of an SCTP packet: an ABORT chunk with the
 * verification tag RFC 4960 asks for (the INIT's initiate tag, else the
 * incoming tag reflected with the T bit).  Empty for an incoming ABORT,
 * which must never be answered. */
PacketBytes build_sctp_abort(const PinctrlPacket &, bool loopback);

/* icmp4.frag_mtu = N and icmp6.frag_mtu = N, applied by pinctrl to the
 * paused ICMP error 'pkt' (built by build_icmp() and rewritten by the
 * nested actions): the next-hop MTU field set, checksums fixed.  Returns
 * false (leaving 'pkt' alone) if 'pkt' is not an ICMP packet. */
bool packet_set_icmp_frag_mtu(PacketBytes &pkt, uint32_t mtu);

}  // namespace ovn

#endif  /* ovn/controller/pinctrl-packet.h */
