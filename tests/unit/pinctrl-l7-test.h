/* Helpers for the unit tests of pinctrl's L7 replies: packets as hex, and
 * what the logical flows do to a reply after pinctrl resumes it, so that
 * a reply can be compared with the bytes that Debian's ovn-controller
 * 23.03 sent out of the VIF (tests/pinctrl/debian/). */
#ifndef TESTS_UNIT_PINCTRL_L7_TEST_H
#define TESTS_UNIT_PINCTRL_L7_TEST_H 1

#include <cstdint>
#include <string>
#include <string_view>

#include "ovn/controller/pinctrl-l7-packet.h"

namespace ovn::test {

inline std::string
unhex(std::string_view hex)
{
    std::string out;
    for (size_t i = 0; i + 1 < hex.size(); i += 2) {
        out += static_cast<char>(std::stoi(std::string(hex.substr(i, 2)),
                                           nullptr, 16));
    }
    return out;
}

inline std::string
hex(std::string_view bytes)
{
    static const char digits[] = "0123456789abcdef";
    std::string out;
    for (char c : bytes) {
        out += digits[static_cast<uint8_t>(c) >> 4];
        out += digits[static_cast<uint8_t>(c) & 0xf];
    }
    return out;
}

/* What the logical flows after the reply's resume do to it: new Ethernet
 * and IP addresses and UDP ports ('ip_src' and 'ip_dst' 4 or 16 bytes,
 * empty to keep), with the checksums the switch keeps right (the IPv4
 * header's; the UDP one unless zero). */
inline std::string
readdress(std::string p, std::string_view eth_dst, std::string_view eth_src,
          std::string_view ip_src, std::string_view ip_dst, uint16_t sport,
          uint16_t dport)
{
    UdpPacket udp;
    if (!parse_udp_packet(p, &udp)) {
        return "not a UDP packet";
    }
    p.replace(0, 6, eth_dst);
    p.replace(6, 6, eth_src);
    size_t src = udp.l3 + (udp.ipv6 ? 8 : 12);
    size_t alen = udp.ipv6 ? 16 : 4;
    if (!ip_src.empty()) {
        p.replace(src, alen, ip_src);
    }
    if (!ip_dst.empty()) {
        p.replace(src + alen, alen, ip_dst);
    }
    put_be16(p, udp.l4, sport);
    put_be16(p, udp.l4 + 2, dport);
    if (!udp.ipv6) {
        put_be16(p, udp.l3 + 10, 0);
        put_be16(p, udp.l3 + 10, inet_checksum(std::string_view(p).substr(
                                     udp.l3, udp.l4 - udp.l3)));
        return p;
    }
    std::string payload = p.substr(udp.payload, udp.end - udp.payload);
    return replace_udp_payload(p, udp, payload);
}

/* The packet's 'n' bytes at 'ofs'. */
inline std::string
bytes_at(std::string_view p, size_t ofs, size_t n)
{
    return std::string(p.substr(ofs, n));
}

}  // namespace ovn::test

#endif  /* tests/unit/pinctrl-l7-test.h */
