/* pinctrl-nd-ra: router advertisements as OVN 23.03 sends them, in reply
 * to a router solicitation (put_nd_ra_opts) and periodically.
 *
 * The compiler puts the whole advertisement (ICMPv6 header, RA fields and
 * ND options) in put_nd_ra_opts's userdata; pinctrl resumes the
 * solicitation turned into it: the request's Ethernet and IPv6 headers,
 * the advertisement as payload, the ICMPv6 checksum computed.  The
 * logical flows that follow address it from the router port.
 *
 * The periodic advertisements are built here from the options that
 * ovn-northd copies from a router port's ipv6_ra_configs to its
 * Port_Binding (ipv6_ra_send_periodic, ipv6_ra_src_eth, ...), addressed
 * to all nodes; pinctrl-ra-timer sends them.
 *
 * Pure functions over bytes; called by the pinctrl thread's dispatch
 * (pinctrl.cpp) and the unit tests. */
#ifndef OVN_CONTROLLER_PINCTRL_ND_RA_H
#define OVN_CONTROLLER_PINCTRL_ND_RA_H 1

#include <map>
#include <string>
#include <string_view>

#include "ovn/controller/pinctrl-l7-packet.h"

namespace ovn {

/* The advertisement for the router solicitation 'packet' (from its
 * Ethernet header on, ICMPv6 over IPv6 without extension headers), 'ra'
 * being put_nd_ra_opts's userdata after the destination field. */
L7Reply nd_ra_reply(std::string_view packet, std::string_view ra);

/* A router port's periodic advertisement: the packet, from its Ethernet
 * header on, and the interval between two, in seconds: each wait is
 * 'min_interval' plus a random part of the difference, as in 23.03. */
struct NdRaPeriodic {
    std::string packet;
    int min_interval = 0;
    int max_interval = 0;

    bool operator==(const NdRaPeriodic &o) const
    {
        return packet == o.packet && min_interval == o.min_interval
               && max_interval == o.max_interval;
    }
    bool operator!=(const NdRaPeriodic &o) const { return !(*this == o); }
};

/* Reads a router port's Port_Binding options into 'out'.  Returns "" if
 * the port sends periodic advertisements, "-" if it does not
 * (ipv6_ra_send_periodic is not "true"), or what is wrong with the
 * options (an unknown address mode, a bad source address, ...). */
std::string nd_ra_periodic_from_options(
    const std::map<std::string, std::string> &options, NdRaPeriodic *out);

}  // namespace ovn

#endif  /* ovn/controller/pinctrl-nd-ra.h */
