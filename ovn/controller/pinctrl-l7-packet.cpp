/* pinctrl-l7-packet: header offsets and checksums for pinctrl's L7
 * replies. */
#include <config.h>

#include "ovn/controller/pinctrl-l7-packet.h"

namespace ovn {

namespace {

constexpr uint16_t ETH_TYPE_IP = 0x0800;
constexpr uint16_t ETH_TYPE_IPV6 = 0x86dd;
constexpr uint16_t ETH_TYPE_VLAN = 0x8100;
constexpr uint16_t ETH_TYPE_VLAN_8021AD = 0x88a8;
constexpr uint8_t IPPROTO_UDP_ = 17;
constexpr size_t ETH_HEADER_LEN = 14;
constexpr size_t VLAN_HEADER_LEN = 4;
constexpr size_t IPV6_HEADER_LEN = 40;
constexpr size_t UDP_HEADER_LEN = 8;

}  // namespace

uint16_t
get_be16(std::string_view s, size_t ofs)
{
    return static_cast<uint16_t>(static_cast<uint8_t>(s[ofs]) << 8
                                 | static_cast<uint8_t>(s[ofs + 1]));
}

uint32_t
get_be32(std::string_view s, size_t ofs)
{
    return static_cast<uint32_t>(get_be16(s, ofs)) << 16
           | get_be16(s, ofs + 2);
}

void
put_be16(std::string &s, size_t ofs, uint16_t x)
{
    s[ofs] = static_cast<char>(x >> 8);
    s[ofs + 1] = static_cast<char>(x);
}

void
put_be32(std::string &s, size_t ofs, uint32_t x)
{
    put_be16(s, ofs, static_cast<uint16_t>(x >> 16));
    put_be16(s, ofs + 2, static_cast<uint16_t>(x));
}

void
append_be16(std::string &s, uint16_t x)
{
    s += static_cast<char>(x >> 8);
    s += static_cast<char>(x);
}

void
append_be32(std::string &s, uint32_t x)
{
    append_be16(s, static_cast<uint16_t>(x >> 16));
    append_be16(s, static_cast<uint16_t>(x));
}

/* The one's complement sum of 'data' as 16-bit big-endian words, the
 * last odd byte padded with zero, not yet folded. */
static uint32_t
sum16(std::string_view data)
{
    uint32_t sum = 0;
    size_t i = 0;
    for (; i + 1 < data.size(); i += 2) {
        sum += get_be16(data, i);
    }
    if (i < data.size()) {
        sum += static_cast<uint32_t>(static_cast<uint8_t>(data[i])) << 8;
    }
    return sum;
}

static uint16_t
fold(uint32_t sum)
{
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return static_cast<uint16_t>(~sum);
}

uint16_t
inet_checksum(std::string_view data)
{
    return fold(sum16(data));
}

bool
parse_udp_packet(std::string_view p, UdpPacket *out)
{
    if (p.size() < ETH_HEADER_LEN) {
        return false;
    }
    size_t ofs = 12;
    uint16_t type = get_be16(p, ofs);
    while (type == ETH_TYPE_VLAN || type == ETH_TYPE_VLAN_8021AD) {
        ofs += VLAN_HEADER_LEN;
        if (p.size() < ofs + 2) {
            return false;
        }
        type = get_be16(p, ofs);
    }
    out->l3 = ofs + 2;

    size_t l3_len;
    if (type == ETH_TYPE_IP) {
        if (p.size() < out->l3 + 20) {
            return false;
        }
        uint8_t vihl = static_cast<uint8_t>(p[out->l3]);
        size_t ihl = (vihl & 0x0f) * 4u;
        uint16_t frag = get_be16(p, out->l3 + 6);
        if (vihl >> 4 != 4 || ihl < 20
            || static_cast<uint8_t>(p[out->l3 + 9]) != IPPROTO_UDP_
            || (frag & 0x3fff) != 0) {
            return false;
        }
        l3_len = get_be16(p, out->l3 + 2);
        out->l4 = out->l3 + ihl;
        out->ipv6 = false;
        if (l3_len < ihl) {
            return false;
        }
    } else if (type == ETH_TYPE_IPV6) {
        if (p.size() < out->l3 + IPV6_HEADER_LEN
            || static_cast<uint8_t>(p[out->l3]) >> 4 != 6
            || static_cast<uint8_t>(p[out->l3 + 6]) != IPPROTO_UDP_) {
            return false;
        }
        l3_len = IPV6_HEADER_LEN + get_be16(p, out->l3 + 4);
        out->l4 = out->l3 + IPV6_HEADER_LEN;
        out->ipv6 = true;
    } else {
        return false;
    }
    if (p.size() < out->l3 + l3_len || l3_len < out->l4 - out->l3
                                                 + UDP_HEADER_LEN) {
        return false;
    }
    size_t udp_len = get_be16(p, out->l4 + 4);
    if (udp_len < UDP_HEADER_LEN || out->l4 + udp_len > out->l3 + l3_len) {
        return false;
    }
    out->payload = out->l4 + UDP_HEADER_LEN;
    out->end = out->l4 + udp_len;
    return true;
}

std::string
replace_udp_payload(std::string_view packet, const UdpPacket &udp,
                    std::string_view payload)
{
    std::string out(packet.substr(0, udp.payload));
    out += payload;
    size_t udp_len = UDP_HEADER_LEN + payload.size();
    put_be16(out, udp.l4 + 4, static_cast<uint16_t>(udp_len));
    put_be16(out, udp.l4 + 6, 0);
    if (!udp.ipv6) {
        put_be16(out, udp.l3 + 2,
                 static_cast<uint16_t>(udp.l4 - udp.l3 + udp_len));
        put_be16(out, udp.l3 + 10, 0);
        put_be16(out, udp.l3 + 10, inet_checksum(std::string_view(out).substr(
                                        udp.l3, udp.l4 - udp.l3)));
    } else {
        put_be16(out, udp.l3 + 4, static_cast<uint16_t>(udp_len));
        /* The pseudo-header: both addresses, the upper-layer length and
         * the next header. */
        std::string_view o(out);
        uint32_t sum = sum16(o.substr(udp.l3 + 8, 32))
                       + static_cast<uint32_t>(udp_len) + IPPROTO_UDP_
                       + sum16(o.substr(udp.l4));
        uint16_t csum = fold(sum);
        put_be16(out, udp.l4 + 6, csum ? csum : 0xffff);
    }
    return out;
}

}  // namespace ovn
