/* pinctrl-nd-ra: router advertisements. */
#include <config.h>

#include "ovn/controller/pinctrl-nd-ra.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace ovn {

namespace {

constexpr uint16_t ETH_TYPE_IPV6 = 0x86dd;
constexpr uint16_t ETH_TYPE_VLAN = 0x8100;
constexpr uint8_t IPPROTO_ICMPV6_ = 58;
constexpr size_t IPV6_HEADER_LEN = 40;
constexpr uint8_t ND_ROUTER_SOLICIT = 133;
constexpr uint8_t ND_ROUTER_ADVERT = 134;
constexpr size_t RA_LEN = 16;               /* ICMPv6 header and fields. */

/* The RA header's flags byte and the prefix option's. */
constexpr uint8_t RA_MANAGED = 0x80;
constexpr uint8_t RA_OTHER = 0x40;
constexpr uint8_t RA_PRF_HIGH = 0x08;
constexpr uint8_t RA_PRF_LOW = 0x18;
constexpr uint8_t PREFIX_ON_LINK = 0x80;
constexpr uint8_t PREFIX_AUTONOMOUS = 0x40;

/* ND option types (RFC 4861, 4191, 8106). */
constexpr uint8_t OPT_SOURCE_LL = 1;
constexpr uint8_t OPT_PREFIX = 3;
constexpr uint8_t OPT_MTU = 5;
constexpr uint8_t OPT_ROUTE_INFO = 24;
constexpr uint8_t OPT_RDNSS = 25;
constexpr uint8_t OPT_DNSSL = 31;

/* 23.03's fixed values: the router lifetime, every option's lifetime. */
constexpr uint16_t RA_ROUTER_LIFETIME = 0xffff;
constexpr uint32_t RA_INFINITE = 0xffffffff;

/* ipv6_ra_configs:max_interval and min_interval, as ovn-northd bounds
 * them. */
constexpr int RA_MAX_INTERVAL_DEFAULT = 600;
constexpr int RA_MAX_INTERVAL_MIN = 4;
constexpr int RA_MAX_INTERVAL_MAX = 1800;
constexpr int RA_MIN_INTERVAL_MIN = 3;

L7Reply
no_reply(const char *reason)
{
    L7Reply r;
    r.reason = reason;
    r.bad_input = true;
    return r;
}

const char *
get(const std::map<std::string, std::string> &options, const char *key)
{
    auto it = options.find(key);
    return it == options.end() ? nullptr : it->second.c_str();
}

bool
parse_ipv6(std::string_view s, std::string *out)
{
    char buf[INET6_ADDRSTRLEN + 1];
    if (s.empty() || s.size() >= sizeof buf) {
        return false;
    }
    s.copy(buf, s.size());
    buf[s.size()] = '\0';
    unsigned char addr[16];
    if (inet_pton(AF_INET6, buf, addr) != 1) {
        return false;
    }
    out->assign(reinterpret_cast<const char *>(addr), sizeof addr);
    return true;
}

/* "ADDRESS/LEN" into the address and the length. */
bool
parse_ipv6_prefix(std::string_view s, std::string *addr, int *plen)
{
    size_t slash = s.find('/');
    if (slash == std::string_view::npos
        || !parse_ipv6(s.substr(0, slash), addr)) {
        return false;
    }
    std::string len(s.substr(slash + 1));
    char *end;
    long n = strtol(len.c_str(), &end, 10);
    if (len.empty() || *end || n < 0 || n > 128) {
        return false;
    }
    *plen = int(n);
    return true;
}

bool
parse_mac(const char *s, std::string *out)
{
    unsigned int b[6];
    char extra;
    if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3],
               &b[4], &b[5], &extra) != 6) {
        return false;
    }
    out->clear();
    for (unsigned int x : b) {
        *out += char(x);
    }
    return true;
}

int
get_int(const std::map<std::string, std::string> &options, const char *key,
        int def)
{
    const char *s = get(options, key);
    if (!s) {
        return def;
    }
    char *end;
    long n = strtol(s, &end, 10);
    return *s && !*end && n >= 0 && n <= 1000000 ? int(n) : def;
}

/* The preference bits of "HIGH", "LOW" or anything else (medium). */
uint8_t
preference(std::string_view prf)
{
    return prf == "HIGH" ? RA_PRF_HIGH : prf == "LOW" ? RA_PRF_LOW : 0;
}

std::vector<std::string_view>
split(std::string_view s, std::string_view seps)
{
    std::vector<std::string_view> out;
    size_t i = 0;
    while (i < s.size()) {
        size_t start = s.find_first_not_of(seps, i);
        if (start == std::string_view::npos) {
            break;
        }
        size_t end = s.find_first_of(seps, start);
        if (end == std::string_view::npos) {
            end = s.size();
        }
        out.push_back(s.substr(start, end - start));
        i = end;
    }
    return out;
}

/* Pads the option that starts at 'start' in 'ra' to 8 bytes and writes
 * its length, in units of 8 bytes. */
void
finish_option(std::string &ra, size_t start)
{
    while ((ra.size() - start) % 8) {
        ra += '\0';
    }
    ra[start + 1] = char((ra.size() - start) / 8);
}

/* The DNS search list option for comma-separated names. */
bool
append_dnssl(std::string &ra, std::string_view names)
{
    size_t start = ra.size();
    ra += char(OPT_DNSSL);
    ra += '\0';
    append_be16(ra, 0);
    append_be32(ra, RA_INFINITE);
    for (std::string_view name : split(names, ", ")) {
        for (std::string_view label : split(name, ".")) {
            if (label.size() > 63) {
                return false;
            }
            ra += char(label.size());
            ra += label;
        }
        ra += '\0';
    }
    if (ra.size() - start > 255 * 8) {
        return false;
    }
    finish_option(ra, start);
    return true;
}

/* The route information options for "PRF-PREFIX/LEN,..." (PRF-
 * optional). */
bool
append_route_info(std::string &ra, std::string_view routes)
{
    for (std::string_view route : split(routes, ",")) {
        uint8_t prf = 0;
        size_t dash = route.find('-');
        if (dash != std::string_view::npos) {
            prf = preference(route.substr(0, dash));
            route.remove_prefix(dash + 1);
        }
        std::string addr;
        int plen;
        if (!parse_ipv6_prefix(route, &addr, &plen)) {
            return false;
        }
        size_t start = ra.size();
        ra += char(OPT_ROUTE_INFO);
        ra += '\0';
        ra += char(plen);
        ra += char(prf);
        append_be32(ra, RA_INFINITE);
        ra += addr.substr(0, plen == 0 ? 0 : plen <= 64 ? 8 : 16);
        finish_option(ra, start);
    }
    return true;
}

}  // namespace

std::string
nd_ra_periodic_from_options(const std::map<std::string, std::string> &o,
                            NdRaPeriodic *out)
{
    const char *periodic = get(o, "ipv6_ra_send_periodic");
    if (!periodic || strcmp(periodic, "true")) {
        return "-";
    }

    uint8_t flags = 0;
    uint8_t prefix_flags = PREFIX_ON_LINK;
    const char *mode = get(o, "ipv6_ra_address_mode");
    if (!mode) {
        return "no ipv6_ra_address_mode";
    } else if (!strcmp(mode, "slaac")) {
        prefix_flags |= PREFIX_AUTONOMOUS;
    } else if (!strcmp(mode, "dhcpv6_stateful")) {
        flags = RA_MANAGED;
    } else if (!strcmp(mode, "dhcpv6_stateless")) {
        flags = RA_OTHER;
    } else {
        return std::string("unknown ipv6_ra_address_mode ") + mode;
    }
    flags |= preference(get(o, "ipv6_ra_prf") ? get(o, "ipv6_ra_prf") : "");

    std::string eth_src, ip6_src;
    const char *s = get(o, "ipv6_ra_src_eth");
    if (!s || !parse_mac(s, &eth_src)) {
        return "bad or no ipv6_ra_src_eth";
    }
    s = get(o, "ipv6_ra_src_addr");
    if (!s || !parse_ipv6(s, &ip6_src)) {
        return "bad or no ipv6_ra_src_addr";
    }

    /* The advertisement: header, fields, options. */
    std::string ra;
    ra += char(ND_ROUTER_ADVERT);
    ra += '\0';
    append_be16(ra, 0);                         /* Checksum, below. */
    ra += char(255);                            /* Current hop limit. */
    ra += char(flags);
    append_be16(ra, RA_ROUTER_LIFETIME);
    append_be32(ra, 0);                         /* Reachable time. */
    append_be32(ra, 0);                         /* Retransmission timer. */

    ra += char(OPT_SOURCE_LL);
    ra += char(1);
    ra += eth_src;

    int mtu = get_int(o, "ipv6_ra_mtu", 0);
    if (mtu) {
        ra += char(OPT_MTU);
        ra += char(1);
        append_be16(ra, 0);
        append_be32(ra, uint32_t(mtu));
    }

    const char *prefixes = get(o, "ipv6_ra_prefixes");
    for (std::string_view p : split(prefixes ? prefixes : "", " ")) {
        std::string addr;
        int plen;
        if (!parse_ipv6_prefix(p, &addr, &plen)) {
            return "bad prefix in ipv6_ra_prefixes";
        }
        ra += char(OPT_PREFIX);
        ra += char(4);
        ra += char(plen);
        ra += char(prefix_flags);
        append_be32(ra, RA_INFINITE);           /* Valid lifetime. */
        append_be32(ra, RA_INFINITE);           /* Preferred lifetime. */
        append_be32(ra, 0);
        ra += addr;
    }

    s = get(o, "ipv6_ra_rdnss");
    if (s) {
        std::string addr;
        if (!parse_ipv6(s, &addr)) {
            return "bad ipv6_ra_rdnss";
        }
        ra += char(OPT_RDNSS);
        ra += char(3);
        append_be16(ra, 0);
        append_be32(ra, RA_INFINITE);
        ra += addr;
    }
    s = get(o, "ipv6_ra_dnssl");
    if (s && !append_dnssl(ra, s)) {
        return "bad ipv6_ra_dnssl";
    }
    s = get(o, "ipv6_ra_route_info");
    if (s && !append_route_info(ra, s)) {
        return "bad ipv6_ra_route_info";
    }
    if (ra.size() > 0xffff - IPV6_HEADER_LEN) {
        return "advertisement too long";
    }

    /* To all nodes (ff02::1, 33:33:00:00:00:01), hop limit 255. */
    std::string all_nodes(16, '\0');
    all_nodes[0] = char(0xff);
    all_nodes[1] = char(0x02);
    all_nodes[15] = char(0x01);
    std::string p("\x33\x33\x00\x00\x00\x01", 6);
    p += eth_src;
    append_be16(p, ETH_TYPE_IPV6);
    append_be32(p, 0x60000000);
    append_be16(p, uint16_t(ra.size()));
    p += char(IPPROTO_ICMPV6_);
    p += char(255);
    p += ip6_src;
    p += all_nodes;

    std::string pseudo(ip6_src + all_nodes);
    append_be32(pseudo, uint32_t(ra.size()));
    append_be32(pseudo, IPPROTO_ICMPV6_);
    pseudo += ra;
    put_be16(ra, 2, inet_checksum(pseudo));
    p += ra;

    int max = std::clamp(get_int(o, "ipv6_ra_max_interval",
                                 RA_MAX_INTERVAL_DEFAULT),
                         RA_MAX_INTERVAL_MIN, RA_MAX_INTERVAL_MAX);
    int min = std::clamp(get_int(o, "ipv6_ra_min_interval", max / 3),
                         RA_MIN_INTERVAL_MIN, max * 3 / 4);
    out->packet = std::move(p);
    out->min_interval = min;
    out->max_interval = max;
    return "";
}

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
