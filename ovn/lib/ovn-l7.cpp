/* DHCP options.  See ovn-l7.h. */
#include <config.h>

#include "ovn/lib/ovn-l7.h"

namespace ovn {

bool
dhcp_opt_type_from_string(std::string_view s, DhcpOptType *type)
{
    static const struct {
        const char *name;
        DhcpOptType type;
    } types[] = {
        { "bool", DhcpOptType::BOOL },
        { "uint8", DhcpOptType::UINT8 },
        { "uint16", DhcpOptType::UINT16 },
        { "uint32", DhcpOptType::UINT32 },
        { "ipv4", DhcpOptType::IPV4 },
        { "static_routes", DhcpOptType::STATIC_ROUTES },
        { "str", DhcpOptType::STR },
        { "host_id", DhcpOptType::HOST_ID },
        { "domains", DhcpOptType::DOMAINS },
        { "ipv6", DhcpOptType::IPV6 },
        { "mac", DhcpOptType::MAC },
    };
    for (const auto &t : types) {
        if (s == t.name) {
            *type = t.type;
            return true;
        }
    }
    return false;
}

}  // namespace ovn
