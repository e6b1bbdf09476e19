#include <config.h>

#include "ovn/lib/lport-addresses.h"

#include <arpa/inet.h>

#include <cctype>
#include <cstring>
#include <string>

namespace ovn {

namespace {

/* inet_pton() wants a terminated string; addresses are short. */
bool
pton(int af, std::string_view s, void *dst)
{
    if (s.empty() || s.size() > INET6_ADDRSTRLEN) {
        return false;
    }
    const std::string str(s);
    return inet_pton(af, str.c_str(), dst) == 1;
}

std::optional<unsigned int>
parse_plen(std::string_view s, unsigned int max)
{
    if (s.empty() || s.size() > 3) {
        return std::nullopt;
    }
    unsigned int n = 0;
    for (char c : s) {
        if (!isdigit(static_cast<unsigned char>(c))) {
            return std::nullopt;
        }
        n = n * 10 + (c - '0');
    }
    if (n > max) {
        return std::nullopt;
    }
    return n;
}

ovs_be32
ipv4_prefix_mask(unsigned int plen)
{
    return plen ? htonl(UINT32_MAX << (32 - plen)) : 0;
}

/* "A.B.C.D[/PLEN]" or "A.B.C.D/A.B.C.D" with a CIDR mask. */
std::optional<Ipv4Netaddr>
parse_ipv4_cidr(std::string_view s)
{
    const size_t slash = s.find('/');
    Ipv4Netaddr n;
    if (!pton(AF_INET, s.substr(0, slash), &n.addr)) {
        return std::nullopt;
    }
    n.plen = 32;
    if (slash != std::string_view::npos) {
        const std::string_view rest = s.substr(slash + 1);
        if (auto plen = parse_plen(rest, 32)) {
            n.plen = *plen;
        } else {
            ovs_be32 mask;
            if (!pton(AF_INET, rest, &mask)) {
                return std::nullopt;
            }
            const uint32_t m = ntohl(mask);
            /* A CIDR mask: ones, then zeros. */
            if (m & (~m >> 1)) {
                return std::nullopt;
            }
            n.plen = __builtin_popcount(m);
        }
    }
    n.mask = ipv4_prefix_mask(n.plen);
    return n;
}

std::optional<Ipv6Netaddr>
parse_ipv6_cidr(std::string_view s)
{
    const size_t slash = s.find('/');
    Ipv6Netaddr n;
    if (!pton(AF_INET6, s.substr(0, slash), &n.addr)) {
        return std::nullopt;
    }
    n.plen = 128;
    if (slash != std::string_view::npos) {
        auto plen = parse_plen(s.substr(slash + 1), 128);
        if (!plen) {
            return std::nullopt;
        }
        n.plen = *plen;
    }
    n.mask = ipv6_prefix_mask(n.plen);
    return n;
}

bool
is_space(char c)
{
    return isspace(static_cast<unsigned char>(c));
}

}  // namespace

bool
Ipv6Netaddr::is_host() const
{
    if (plen == 128) {
        return true;
    }
    for (int i = 0; i < 16; i++) {
        if (addr.s6_addr[i] & ~mask.s6_addr[i]) {
            return true;
        }
    }
    return false;
}

std::optional<eth_addr>
parse_mac(std::string_view s)
{
    eth_addr mac;
    size_t pos = 0;
    for (int i = 0; i < 6; i++) {
        if (i) {
            if (pos >= s.size() || s[pos] != ':') {
                return std::nullopt;
            }
            pos++;
        }
        unsigned int byte = 0;
        size_t digits = 0;
        while (pos < s.size() && digits < 2
               && isxdigit(static_cast<unsigned char>(s[pos]))) {
            const char c = static_cast<char>(tolower(s[pos]));
            byte = byte * 16 + (isdigit(c) ? c - '0' : c - 'a' + 10);
            pos++;
            digits++;
        }
        if (!digits) {
            return std::nullopt;
        }
        mac.ea[i] = static_cast<uint8_t>(byte);
    }
    if (pos != s.size()) {
        return std::nullopt;
    }
    return mac;
}

std::optional<in6_addr>
parse_ip(std::string_view s)
{
    in6_addr a;
    ovs_be32 ip4;
    if (s.find('.') != std::string_view::npos
        && s.find(':') == std::string_view::npos) {
        if (!pton(AF_INET, s, &ip4)) {
            return std::nullopt;
        }
        memset(&a, 0, sizeof a);
        a.s6_addr[10] = a.s6_addr[11] = 0xff;
        memcpy(&a.s6_addr[12], &ip4, 4);
        return a;
    }
    if (!pton(AF_INET6, s, &a)) {
        return std::nullopt;
    }
    return a;
}

bool
is_ipv4_mapped(const in6_addr &a)
{
    static const uint8_t prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                       0xff, 0xff};
    return !memcmp(a.s6_addr, prefix, sizeof prefix);
}

ovs_be32
ipv4_of_mapped(const in6_addr &a)
{
    ovs_be32 ip4;
    memcpy(&ip4, &a.s6_addr[12], 4);
    return ip4;
}

std::optional<LportAddresses>
parse_lport_addresses(std::string_view s, bool *trailing)
{
    auto next_token = [&s]() {
        size_t start = 0;
        while (start < s.size() && is_space(s[start])) {
            start++;
        }
        size_t end = start;
        while (end < s.size() && !is_space(s[end])) {
            end++;
        }
        const std::string_view token = s.substr(start, end - start);
        s.remove_prefix(end);
        return token;
    };

    LportAddresses la;
    std::optional<eth_addr> mac = parse_mac(next_token());
    if (!mac) {
        return std::nullopt;
    }
    la.mac = *mac;
    for (std::string_view t = next_token(); !t.empty(); t = next_token()) {
        if (auto ip4 = parse_ipv4_cidr(t)) {
            la.ipv4.push_back(*ip4);
        } else if (auto ip6 = parse_ipv6_cidr(t)) {
            la.ipv6.push_back(*ip6);
        } else {
            /* As 23.03: what came before the bad token stays. */
            if (trailing) {
                *trailing = true;
            }
            break;
        }
    }
    return la;
}

in6_addr
ipv6_link_local(const eth_addr &mac)
{
    in6_addr lla;
    memset(&lla, 0, sizeof lla);
    lla.s6_addr[0] = 0xfe;
    lla.s6_addr[1] = 0x80;
    lla.s6_addr[8] = mac.ea[0] ^ 0x02;
    lla.s6_addr[9] = mac.ea[1];
    lla.s6_addr[10] = mac.ea[2];
    lla.s6_addr[11] = 0xff;
    lla.s6_addr[12] = 0xfe;
    lla.s6_addr[13] = mac.ea[3];
    lla.s6_addr[14] = mac.ea[4];
    lla.s6_addr[15] = mac.ea[5];
    return lla;
}

in6_addr
ipv6_prefix_mask(unsigned int plen)
{
    in6_addr mask;
    memset(&mask, 0, sizeof mask);
    for (unsigned int i = 0; i < 16 && plen; i++) {
        const unsigned int bits = plen < 8 ? plen : 8;
        mask.s6_addr[i] = static_cast<uint8_t>(0xff00 >> bits);
        plen -= bits;
    }
    return mask;
}

}  // namespace ovn
