/* pinctrl-nd-ra: router advertisements. */
#include <config.h>

#include "ovn/controller/pinctrl-nd-ra.h"

namespace ovn {

namespace {

constexpr uint16_t ETH_TYPE_IPV6 = 0x86dd;
constexpr uint16_t ETH_TYPE_VLAN = 0x8100;
constexpr uint8_t IPPROTO_ICMPV6_ = 58;
constexpr size_t IPV6_HEADER_LEN = 40;
constexpr uint8_t ND_ROUTER_SOLICIT = 133;
constexpr uint8_t ND_ROUTER_ADVERT = 134;
constexpr size_t RA_LEN = 16;               /* ICMPv6 header and fields. */

L7Reply
no_reply(const char *reason)
{
    L7Reply r;
    r.reason = reason;
    r.bad_input = true;
    return r;
}

}  // namespace

L7Reply
nd_ra_reply(std::string_view p, std::string_view ra)
{
    if (ra.size() < RA_LEN || static_cast<uint8_t>(ra[0])
                              != ND_ROUTER_ADVERT || ra.size() > 0xffff) {
        return no_reply("put_nd_ra_opts userdata is not an advertisement");
    }
    size_t l3 = 14;
    if (p.size() >= 16 && get_be16(p, 12) == ETH_TYPE_VLAN) {
        l3 += 4;
    }
    if (p.size() < l3 + IPV6_HEADER_LEN + 4
        || get_be16(p, l3 - 2) != ETH_TYPE_IPV6
        || static_cast<uint8_t>(p[l3]) >> 4 != 6
        || static_cast<uint8_t>(p[l3 + 6]) != IPPROTO_ICMPV6_
        || static_cast<uint8_t>(p[l3 + IPV6_HEADER_LEN])
           != ND_ROUTER_SOLICIT) {
        return no_reply("put_nd_ra_opts packet is not a router "
                        "solicitation");
    }
    size_t l4 = l3 + IPV6_HEADER_LEN;
    std::string out(p.substr(0, l4));
    out += ra;
    put_be16(out, l3 + 4, static_cast<uint16_t>(ra.size()));
    put_be16(out, l4 + 2, 0);

    /* The pseudo-header: both addresses, the length, the next header. */
    std::string pseudo(out.substr(l3 + 8, 32));
    append_be32(pseudo, static_cast<uint32_t>(ra.size()));
    append_be32(pseudo, IPPROTO_ICMPV6_);
    pseudo += out.substr(l4);
    put_be16(out, l4 + 2, inet_checksum(pseudo));

    L7Reply r;
    r.result = true;
    r.packet = std::move(out);
    return r;
}

}  // namespace ovn
