/* pinctrl-dhcpv6: the DHCPv6 server of put_dhcpv6_opts, as OVN 23.03
 * answers (RFC 8415).
 *
 * As for DHCPv4 (pinctrl-dhcp.h), the paused request is resumed turned
 * into the reply, with the result bit set, or unchanged with it clear;
 * the logical flows that follow address it and send it back.  Pure
 * functions over bytes; called by the pinctrl thread's dispatch
 * (pinctrl.cpp) and the unit tests. */
#ifndef OVN_CONTROLLER_PINCTRL_DHCPV6_H
#define OVN_CONTROLLER_PINCTRL_DHCPV6_H 1

#include <cstdint>
#include <string_view>

#include "ovn/controller/pinctrl-l7-packet.h"

namespace ovn {

/* DHCPv6 message types (RFC 8415 section 7.3). */
enum Dhcpv6MsgType : uint8_t {
    DHCPV6_MSG_SOLICIT = 1,
    DHCPV6_MSG_ADVERTISE = 2,
    DHCPV6_MSG_REQUEST = 3,
    DHCPV6_MSG_CONFIRM = 4,
    DHCPV6_MSG_RENEW = 5,
    DHCPV6_MSG_REBIND = 6,
    DHCPV6_MSG_REPLY = 7,
    DHCPV6_MSG_RELEASE = 8,
    DHCPV6_MSG_DECLINE = 9,
    DHCPV6_MSG_INFO_REQUEST = 11,
};

/* The reply to the DHCPv6 request 'packet' (from its Ethernet header on)
 * for put_dhcpv6_opts, whose userdata after the destination field is
 * 'opts': options as code and length (2 bytes each) and value.
 *
 *   SOLICIT                               -> ADVERTISE
 *   REQUEST, CONFIRM, DECLINE,
 *   INFORMATION-REQUEST                   -> REPLY
 *   anything else (RENEW, REBIND, ...)    -> nothing
 *
 * The reply keeps the request's transaction ID and gives the client's
 * Client Identifier back, then the options of 'opts' in their order:
 * the address (ia_addr) inside an IA_NA with the client's IAID and
 * infinite times, if the client sent an IA_NA (else none), the server
 * identifier as a DUID-LL of its MAC, the domain search list as one
 * length-prefixed name, the rest as given. */
L7Reply dhcpv6_reply(std::string_view packet, std::string_view opts);

}  // namespace ovn

#endif  /* ovn/controller/pinctrl-dhcpv6.h */
