/* DHCP options as the Southbound's DHCP_Options table describes them
 * (ovn-sb(5)): a name, a code and a type, which say how put_dhcp_opts
 * encodes a value.  ovn-northd fills that table; ovn-controller gives its
 * rows to the action compiler as a DhcpOptions map.  Values only; anyone
 * may include this. */
#ifndef OVN_LIB_OVN_L7_H
#define OVN_LIB_OVN_L7_H 1

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace ovn {

/* The "type" column of DHCP_Options. */
enum class DhcpOptType : uint8_t {
    BOOL,               /* One byte, 0 or 1. */
    UINT8,
    UINT16,
    UINT32,
    IPV4,               /* One or more IPv4 addresses, 4 bytes each. */
    STATIC_ROUTES,      /* {prefix/len, router, ...} as RFC 3442. */
    STR,                /* The string's bytes. */
    HOST_ID,            /* An IPv4 address or a string. */
    DOMAINS,            /* "a.org,b.org" as RFC 1035 names (RFC 3397). */
    /* DHCPv6_Options types. */
    IPV6,               /* One or more IPv6 addresses, 16 bytes each. */
    MAC,                /* An Ethernet address, 6 bytes. */
};

struct DhcpOption {
    std::string name;
    uint16_t code = 0;          /* DHCPv6 codes have 16 bits. */
    DhcpOptType type = DhcpOptType::STR;
};

/* DHCPv4 (or DHCPv6) options by name. */
using DhcpOptions = std::map<std::string, DhcpOption, std::less<>>;

/* The DhcpOptType for a DHCP_Options "type" string; false if unknown. */
bool dhcp_opt_type_from_string(std::string_view, DhcpOptType *);

/* The code of the option that every put_dhcp_opts must give, and of the
 * two that follow it in the reply, in this order, before any other. */
constexpr uint8_t DHCP_OPT_OFFERIP_CODE = 0;
constexpr uint8_t DHCP_OPT_BOOTFILE_CODE = 67;
constexpr uint8_t DHCP_OPT_BOOTFILE_ALT_CODE = 254;

}  // namespace ovn

#endif  /* ovn/lib/ovn-l7.h */
