/* pinctrl-l7-packet: the few header offsets and checksums that pinctrl's
 * L7 replies (DHCPv4, DHCPv6, DNS) need, over a packet held as bytes
 * from its Ethernet header on.  Pure functions over caller-owned bytes:
 * no OVS packet types (dp-packet.h and packets.h are not valid C++), no
 * state.  Anyone may include this. */
#ifndef OVN_CONTROLLER_PINCTRL_L7_PACKET_H
#define OVN_CONTROLLER_PINCTRL_L7_PACKET_H 1

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ovn {

/* What pinctrl does with a packet that an L7 action paused. */
struct L7Reply {
    /* The bit written into the action's destination: true if 'packet'
     * is the reply to resume, false to resume the original packet. */
    bool result = false;
    std::string packet;
    /* Why there is no reply, for the rate-limited log line and the
     * coverage counter ("" if there is one); a static string. */
    const char *reason = "";
    /* Whether 'reason' is the client's doing or ours (a bad packet or
     * bad userdata: logged as a warning) rather than a normal outcome
     * (a DHCPRELEASE, a name not in the table: logged at debug level). */
    bool bad_input = false;
    /* What 23.03 logs at level INFO about it ("DHCPOFFER MAC IP", ...),
     * and at level WARN ("" if nothing). */
    std::vector<std::string> info;
    std::string warning;
};

/* Where the headers of a UDP packet over IPv4 or IPv6 start. */
struct UdpPacket {
    size_t l3 = 0;              /* IPv4 or IPv6 header. */
    size_t l4 = 0;              /* UDP header. */
    size_t payload = 0;         /* UDP payload. */
    size_t end = 0;             /* End of the UDP datagram (without the
                                 * Ethernet padding that may follow). */
    bool ipv6 = false;
};

/* Parses 'packet' (Ethernet, optionally 802.1Q tagged, then IPv4 without
 * fragmentation or IPv6 without extension headers, then UDP) into 'out'.
 * Returns false, with 'out' unspecified, if it is anything else or is
 * truncated. */
bool parse_udp_packet(std::string_view packet, UdpPacket *out);

/* Big-endian reads and writes at 'ofs', which the caller has checked. */
uint16_t get_be16(std::string_view, size_t ofs);
uint32_t get_be32(std::string_view, size_t ofs);
void put_be16(std::string &, size_t ofs, uint16_t);
void put_be32(std::string &, size_t ofs, uint32_t);
void append_be16(std::string &, uint16_t);
void append_be32(std::string &, uint32_t);

/* The Internet checksum (RFC 1071) of 'data', folded and complemented. */
uint16_t inet_checksum(std::string_view data);

/* 'packet', whose headers 'udp' describes, with its UDP payload replaced
 * by 'payload': the IP and UDP lengths updated, the IPv4 header checksum
 * recomputed, and the UDP checksum set to zero over IPv4 (as 23.03
 * leaves it) or computed over IPv6 (where it is mandatory).  Anything
 * after the old payload (Ethernet padding) is dropped. */
std::string replace_udp_payload(std::string_view packet, const UdpPacket &,
                                std::string_view payload);

}  // namespace ovn

#endif  /* ovn/controller/pinctrl-l7-packet.h */
