/* pinctrl's DHCPv4, DHCPv6, DNS, router advertisement and log handlers:
 * put_dhcp_opts, put_dhcpv6_opts, dns_lookup, put_nd_ra_opts, log.
 * Registered here, each in a file of its own (pinctrl-dhcp.cpp, ...).
 * Until they are, their packet-ins are dropped as having no handler. */
#include <config.h>

#include "ovn/controller/pinctrl-handler.h"

namespace ovn {

void
pinctrl_register_l7(PinctrlDispatch &)
{
}

}  // namespace ovn
