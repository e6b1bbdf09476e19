/* physical-impl: the helpers that physical.cpp and physical-lport.cpp
 * share to build their flows.  Private to those two files. */
#ifndef OVN_CONTROLLER_PHYSICAL_IMPL_H
#define OVN_CONTROLLER_PHYSICAL_IMPL_H 1

#include <cstdint>
#include <string>

#include "lib/match-value.h"
#include "lib/ofpacts-builder.h"
#include "lib/uuid-value.h"
#include "openvswitch/meta-flow.h"

namespace ovn {

class CtZones;

namespace physical_impl {

/* From packets.h, which is not valid C++: the 802.1Q TPID, and the bit of
 * vlan_tci that says a VLAN header is present. */
constexpr uint16_t TPID_8021Q = 0x8100;
constexpr uint16_t VLAN_PRESENT = 0x1000;

unsigned int reg_index(mf_field_id reg);
/* A match on (datapath, logical output port). */
ovs::Match match_outport(int64_t dp_key, int64_t port_key);
/* Adds a flow of the physical module, owned by 'owner'. */
void add_flow(uint8_t table, uint16_t priority, const ovs::Match &match,
              const ovs::OfpactsBuilder &actions, const ovs::Uuid &owner);
/* Adds the flow of table 64 that outputs packets matching 'match' (of
 * some logical output port) through table 65 with in_port cleared around
 * it: OpenFlow refuses to output a packet to the port it came in on, and
 * the port in table 65 may be that one (loopback allowed, or a container
 * on its parent's OpenFlow port). */
void add_clear_in_port_flow(const ovs::Match &match, const ovs::Uuid &owner);
/* Loads the conntrack zones of 'lport' and of datapath 'dp' (by UUID). */
void load_zones(ovs::OfpactsBuilder &acts, const CtZones &zones,
                const std::string &lport, const std::string &dp);
/* Puts (datapath, port) into the Geneve tunnel header ('geneve': the
 * option's field) for 'dp_key' and output key 'outport'. */
void put_encapsulation(ovs::OfpactsBuilder &acts, mf_field_id geneve,
                       int64_t dp_key, int64_t outport);

}  // namespace physical_impl
}  // namespace ovn

#endif  /* ovn/controller/physical-impl.h */
