/* 'ovn-appctl -t ovn-controller inject-pkt MICROFLOW', as 23.03 has it:
 * MICROFLOW is a logical match in ovn-sb(5) syntax that pins every field
 * of one packet (as ovn-trace takes it), for example
 *
 *     inport == "vm1" && eth.src == 00:00:00:00:00:01 &&
 *     eth.dst == 00:00:00:00:00:02 && ip4.src == 10.0.0.1 &&
 *     ip4.dst == 10.0.0.2 && ip.ttl == 64 && icmp4.type == 8
 *
 * The packet is composed from it and sent through the integration
 * bridge's table 0 as if it came in on the OpenFlow port of 'inport'.
 * Main thread: composing; pinctrl's thread: sending. */
#ifndef OVN_CONTROLLER_PINCTRL_INJECT_H
#define OVN_CONTROLLER_PINCTRL_INJECT_H 1

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "openvswitch/ofp-protocol.h"
#include "ovn/controller/pinctrl-packet.h"

struct ofpbuf;

namespace ovn {

/* The OpenFlow port of local logical port 'lport'; false if it has
 * none. */
using PinctrlLookupOfport = std::function<bool(std::string_view lport,
                                               uint32_t *ofport)>;
void pinctrl_set_lookup_ofport(PinctrlLookupOfport);

/* Composes the packet that 'microflow' describes into '*packet' and its
 * ingress OpenFlow port into '*ofport'.  Returns "" or, on error, what is
 * wrong (the reply to the command). */
std::string pinctrl_compose_inject(std::string_view microflow,
                                   PacketBytes *packet, uint32_t *ofport);

/* The packet-out that injects 'packet' on 'ofport' into table 0. */
ofpbuf *pinctrl_encode_inject(const PacketBytes &packet, uint32_t ofport,
                              ofp_version);

}  // namespace ovn

#endif  /* ovn/controller/pinctrl-inject.h */
