/* lport-addresses: the address strings of the Southbound (a Port_Binding's
 * port_security, a MAC_Binding's mac and ip, an FDB's mac, a load
 * balancer's VIPs and backends) parsed into values, with OVN 23.03's
 * leniency: "MAC [IP[/PLEN]]..." keeps the addresses before the first
 * token that is not one, and is bad only when the MAC is.
 *
 * Pure functions of their arguments, no state; anyone may call them.
 * Nothing here logs: the caller knows which row is bad and says so
 * (ovn/lib/bad-row.h). */
#ifndef OVN_LIB_LPORT_ADDRESSES_H
#define OVN_LIB_LPORT_ADDRESSES_H 1

#include <netinet/in.h>

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "openvswitch/types.h"

namespace ovn {

/* An IPv4 address with its prefix length, in network byte order. */
struct Ipv4Netaddr {
    ovs_be32 addr;
    ovs_be32 mask;
    unsigned int plen;

    ovs_be32 network() const { return addr & mask; }
    ovs_be32 bcast() const { return addr | ~mask; }
    /* Whether the host part is non-zero: then the address stands for
     * itself, otherwise for the whole subnet. */
    bool is_host() const { return plen == 32 || (addr & ~mask); }
};

struct Ipv6Netaddr {
    in6_addr addr;
    in6_addr mask;
    unsigned int plen;

    bool is_host() const;
};

/* One "MAC [IP...]" string. */
struct LportAddresses {
    eth_addr mac;
    std::vector<Ipv4Netaddr> ipv4;
    std::vector<Ipv6Netaddr> ipv6;
};

/* "xx:xx:xx:xx:xx:xx" (one or two hex digits each). */
std::optional<eth_addr> parse_mac(std::string_view);

/* An IPv4 address (as an IPv4-mapped IPv6 one) or an IPv6 address, with
 * nothing else around it. */
std::optional<in6_addr> parse_ip(std::string_view);
bool is_ipv4_mapped(const in6_addr &);
ovs_be32 ipv4_of_mapped(const in6_addr &);

/* "MAC [IP[/PLEN]]...": nullopt if the MAC is bad; addresses after a bad
 * token are dropped, and then '*trailing' (if non-null) is set to true. */
std::optional<LportAddresses> parse_lport_addresses(std::string_view,
                                                    bool *trailing = nullptr);

/* The IPv6 link-local address derived from 'mac' (EUI-64, RFC 4291). */
in6_addr ipv6_link_local(const eth_addr &mac);

/* The IPv6 mask of 'plen' leading ones. */
in6_addr ipv6_prefix_mask(unsigned int plen);

}  // namespace ovn

#endif  /* ovn/lib/lport-addresses.h */
