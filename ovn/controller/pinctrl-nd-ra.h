/* pinctrl-nd-ra: router advertisements as OVN 23.03 sends them, in reply
 * to a router solicitation (put_nd_ra_opts).
 *
 * The compiler puts the whole advertisement (ICMPv6 header, RA fields and
 * ND options) in put_nd_ra_opts's userdata; pinctrl resumes the
 * solicitation turned into it: the request's Ethernet and IPv6 headers,
 * the advertisement as payload, the ICMPv6 checksum computed.  The
 * logical flows that follow address it from the router port.
 *
 * Pure functions over bytes; called by the pinctrl thread's dispatch
 * (pinctrl.cpp) and the unit tests. */
#ifndef OVN_CONTROLLER_PINCTRL_ND_RA_H
#define OVN_CONTROLLER_PINCTRL_ND_RA_H 1

#include <string_view>

#include "ovn/controller/pinctrl-l7-packet.h"

namespace ovn {

/* The advertisement for the router solicitation 'packet' (from its
 * Ethernet header on, ICMPv6 over IPv6 without extension headers), 'ra'
 * being put_nd_ra_opts's userdata after the destination field. */
L7Reply nd_ra_reply(std::string_view packet, std::string_view ra);

}  // namespace ovn

#endif  /* ovn/controller/pinctrl-nd-ra.h */
