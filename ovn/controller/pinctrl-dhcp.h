/* pinctrl-dhcp: the DHCPv4 server of put_dhcp_opts, as OVN 23.03 answers.
 *
 * The logical flow that matches a client's request pauses it with
 * put_dhcp_opts; pinctrl gets the packet and the action's userdata and
 * resumes the packet, turned into the reply, with the result bit set, or
 * unchanged with the bit clear.  The flows that follow address the reply
 * (eth, ip4 and udp addresses and ports) and send it back out of the
 * client's port, so the reply built here keeps the request's Ethernet and
 * IP headers.
 *
 * Pure functions over bytes; no state.  Called by the pinctrl thread's
 * dispatch (pinctrl.cpp) and the unit tests. */
#ifndef OVN_CONTROLLER_PINCTRL_DHCP_H
#define OVN_CONTROLLER_PINCTRL_DHCP_H 1

#include <cstdint>
#include <string_view>

#include "ovn/controller/pinctrl-l7-packet.h"

namespace ovn {

/* DHCPv4 message types (RFC 2132, option 53). */
enum DhcpMsgType : uint8_t {
    DHCP_MSG_DISCOVER = 1,
    DHCP_MSG_OFFER = 2,
    DHCP_MSG_REQUEST = 3,
    DHCP_MSG_DECLINE = 4,
    DHCP_MSG_ACK = 5,
    DHCP_MSG_NAK = 6,
    DHCP_MSG_RELEASE = 7,
    DHCP_MSG_INFORM = 8,
};

/* The reply to the DHCPv4 request 'packet' (from its Ethernet header on)
 * for put_dhcp_opts, whose userdata after the destination field is
 * 'opts': the offered IPv4 address (4 bytes), then the options to give,
 * each as code, length, value.
 *
 *   DHCPDISCOVER -> DHCPOFFER of the address with every option.
 *   DHCPREQUEST  -> DHCPACK, the same, if the client asks for the offered
 *                   address (its option 50, else its ciaddr); else
 *                   DHCPNAK without options.
 *   DHCPINFORM   -> DHCPACK without an address, and without the options
 *                   about one (lease, renewal and rebinding times,
 *                   netmask: RFC 2131 section 3.4).
 *   DHCPRELEASE  -> nothing (the lease is the Northbound's, not ours).
 *
 * The reply goes to the offered address (the logical flows set only its
 * source).  It is the request with op BOOTREPLY, yiaddr set, and its
 * options replaced by: message type, the given ones, four pad bytes, the
 * end option and four pad bytes, byte for byte as 23.03 sends it. */
L7Reply dhcp_reply(std::string_view packet, std::string_view opts);

/* "DHCPDISCOVER" etc. for message type 'type', "" if unknown. */
const char *dhcp_msg_type_name(uint8_t type);

}  // namespace ovn

#endif  /* ovn/controller/pinctrl-dhcp.h */
