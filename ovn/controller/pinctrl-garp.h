/* pinctrl-garp: the gratuitous ARPs (and RARPs) that 23.03 sends on the
 * provider networks, so that the physical switches learn where an
 * address lives now:
 *
 *   - for each VIF bound here on a switch with a localnet port: its MAC
 *     and first IPv4 address (a RARP if it has none);
 *   - for each NAT address set in a Port_Binding's nat_addresses ("MAC
 *     IP... [is_chassis_resident("LPORT")]", which ovn-northd writes for
 *     a router-type switch port with options:nat-addresses): on a
 *     gateway router's l3gateway port bound here, or on a patch port to a
 *     distributed gateway port whose LPORT (its chassisredirect port) is
 *     resident here; one GARP per IPv4 address.
 *
 * Each goes out of the localnet port of the switch it was found on.  A
 * new announcement is sent at once, then again after 2, 4, 8 and 16
 * seconds, and no more (23.03 has no garp-max-timeout-sec yet: that came
 * later); an announcement that changes (another MAC, another localnet
 * port) starts again.
 *
 * The main thread computes the announcements from the Southbound and
 * publishes them (a snapshot); the pinctrl thread keeps the timers and
 * injects each packet into the switch's output stage, with the localnet
 * port as the logical output port.  This file owns that snapshot and the
 * thread's timers. */
#ifndef OVN_CONTROLLER_PINCTRL_GARP_H
#define OVN_CONTROLLER_PINCTRL_GARP_H 1

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "openvswitch/types.h"
#include "ovn/controller/pinctrl-packet.h"
#include "ovn/lib/lport-addresses.h"

struct ovsdb_idl;
struct sb_gen_indexes;

namespace ovn {

class LocalDatapaths;

/* One announcement: who, and where it goes out. */
struct GarpAnnouncement {
    eth_addr mac;
    ovs_be32 ipv4;              /* 0: a RARP for 'mac'. */
    uint32_t dp_key;            /* The switch... */
    uint32_t port_key;          /* ...and its localnet port. */

    bool operator==(const GarpAnnouncement &) const;
    bool operator!=(const GarpAnnouncement &o) const { return !(*this == o); }
};

/* The announcements, by a name unique to each ("LPORT" for a VIF,
 * "LPORT-IP" for a NAT address). */
using GarpAnnouncements = std::map<std::string, GarpAnnouncement>;

/* The announcements of this chassis ('chassis_name') as the Southbound
 * and 'local' say now, for the localnet ports that have a patch port on
 * br-int ('localnet_ofports', by localnet port name). */
GarpAnnouncements garp_compute(
    const sb_gen_indexes *ix, const LocalDatapaths &local,
    const std::map<std::string, int64_t> &localnet_ofports,
    std::string_view chassis_name);

/* One value of a Port_Binding's nat_addresses, "MAC IP...
 * [is_chassis_resident("LPORT")]": its MAC and addresses (nullopt if
 * they do not parse), and LPORT in '*resident' ("" if there is none). */
std::optional<LportAddresses> garp_parse_nat_addresses(
    std::string_view value, std::string_view *resident);

/* The frame of 'a': a broadcast ARP request from and for its address, or
 * a RARP request for its MAC. */
PacketBytes garp_packet(const GarpAnnouncement &a);

/* The announcement schedule: the delay, in msec, before announcement
 * number 'n' + 1 after number 'n' (the first being number 0) was sent,
 * or -1 after the last. */
long long int garp_next_delay(int n);

/* Main thread, every main-loop iteration with the Southbound, before
 * the engine clears the tracked changes: computes the announcements
 * again when they may have changed.  Costs nothing when no Port_Binding,
 * no local datapath and no localnet patch port changed, and only the
 * changed rows when none of them matters here. */
void pinctrl_garp_run(const ovsdb_idl *sb, const sb_gen_indexes *ix,
                      const LocalDatapaths &local,
                      const std::map<std::string, int64_t> &localnet_ofports,
                      std::string_view chassis_name);

/* Main thread, after the flows of the iteration went to ofctrl as put
 * 'put_seqno', the switch having acknowledged 'acked_seqno': publishes
 * what pinctrl_garp_run() computed once the switch has the flows of the
 * put that followed, so that the first announcement finds the way out
 * of the localnet port (23.03 sends it at the same moment). */
void pinctrl_garp_flows_run(uint64_t put_seqno, uint64_t acked_seqno);

}  // namespace ovn

#endif  /* ovn/controller/pinctrl-garp.h */
