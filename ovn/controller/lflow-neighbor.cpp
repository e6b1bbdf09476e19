#include <config.h>

#include "ovn/controller/lflow-neighbor.h"

#include <string>

#include "lib/ofpacts-builder.h"
#include "lib/ovs-internal.h"
#include "openvswitch/vlog.h"
#include "ovn/controller/binding.h"
#include "ovn/lib/actions.h"
#include "ovn/lib/bad-row.h"
#include "ovn/lib/logical-fields.h"
#include "ovn/lib/lport-addresses.h"

VLOG_DEFINE_THIS_MODULE(lflow_neighbor);

COVERAGE_DEFINE(neighbor_bad_row);

namespace ovn {

namespace {

/* The priorities 23.03 gives: a static binding below a learned one,
 * unless it overrides it. */
constexpr uint16_t MAC_BINDING_PRIORITY = 100;
constexpr uint16_t STATIC_MAC_BINDING_PRIORITY = 50;
constexpr uint16_t STATIC_MAC_BINDING_OVERRIDE_PRIORITY = 150;

uint64_t
mac_to_u64(const eth_addr &mac)
{
    uint64_t v = 0;
    for (uint8_t b : mac.ea) {
        v = (v << 8) | b;
    }
    return v;
}

/* reg0 = IPv4 address, or xxreg0 = IPv6 address, as get_arp()/get_nd()
 * and lookup_arp()/lookup_nd() put them. */
void
match_ip_in_xxreg0(ovs::Match &m, const in6_addr &ip)
{
    if (is_ipv4_mapped(ip)) {
        match_set_reg(m.get(), 0, ntohl(ipv4_of_mapped(ip)));
    } else {
        ovs_u128 value;
        value.u64.hi = ntohll(*reinterpret_cast<const ovs_be64 *>(
                                  &ip.s6_addr[0]));
        value.u64.lo = ntohll(*reinterpret_cast<const ovs_be64 *>(
                                  &ip.s6_addr[8]));
        match_set_xxreg(m.get(), 0, value);
    }
}

}  // namespace

void
NeighborFlows::add_flows(const SideFlowInput &in, const ovs::Uuid &owner,
                         const char *table, std::string_view lport,
                         std::string_view ip_s, std::string_view mac_s,
                         uint16_t priority)
{
    const std::string lport_s(lport);
    const sb::PortBinding pb = sb::PortBinding::find_by_name(in.ix,
                                                             lport_s.c_str());
    if (!pb) {
        return;
    }
    const sb::DatapathBinding dp = pb.datapath();
    if (!dp || !in.is_local_datapath(dp)) {
        return;
    }
    const std::optional<eth_addr> mac = parse_mac(mac_s);
    if (!mac) {
        COVERAGE_INC(neighbor_bad_row);
        report_bad_row(table, owner.to_string(),
                       "bad mac '" + std::string(mac_s) + "'");
        return;
    }
    const std::optional<in6_addr> ip = parse_ip(ip_s);
    if (!ip) {
        COVERAGE_INC(neighbor_bad_row);
        report_bad_row(table, owner.to_string(),
                       "bad ip '" + std::string(ip_s) + "'");
        return;
    }
    const int64_t dp_key = dp.tunnel_key();
    const int64_t port_key = pb.tunnel_key();
    const ovs::Uuid dp_uuid = dp.uuid();

    /* Table 66: the MAC of (output port, next hop). */
    ovs::Match get;
    match_set_metadata(get.get(), htonll(dp_key));
    match_set_reg(get.get(), MFF_LOG_OUTPORT - MFF_REG0, port_key);
    match_ip_in_xxreg0(get, *ip);
    owners_.add_flow(OFTABLE_MAC_BINDING, priority, get,
                     ovs::OfpactsBuilder()
                         .load(MFF_ETH_DST, mac_to_u64(*mac))
                         .load_bits(MFF_LOG_FLAGS, 1, MLF_LOOKUP_MAC_BIT, 1)
                         .build(),
                     owner, dp_uuid);

    /* Table 67: whether an ARP or NA from the input port binds the IP to
     * the MAC we know. */
    ovs::Match lookup;
    match_set_metadata(lookup.get(), htonll(dp_key));
    match_set_reg(lookup.get(), MFF_LOG_INPORT - MFF_REG0, port_key);
    match_ip_in_xxreg0(lookup, *ip);
    match_set_dl_src(lookup.get(), *mac);
    if (is_ipv4_mapped(*ip)) {
        match_set_dl_type(lookup.get(), htons(ETHTYPE_ARP));
    } else {
        match_set_dl_type(lookup.get(), htons(ETHTYPE_IPV6));
        match_set_nw_proto(lookup.get(), IPPROTO_ICMPV6);
        match_set_icmp_code(lookup.get(), 0);
    }
    owners_.add_flow(OFTABLE_MAC_LOOKUP, priority, lookup,
                     ovs::OfpactsBuilder()
                         .load_bits(MFF_LOG_FLAGS, 1, MLF_LOOKUP_MAC_BIT, 1)
                         .build(),
                     owner, dp_uuid);
}

void
NeighborFlows::add_mac_binding(const SideFlowInput &in, sb::MacBinding mb)
{
    add_flows(in, mb.uuid(), "MAC_Binding", mb.logical_port(), mb.ip(),
              mb.mac(), MAC_BINDING_PRIORITY);
}

void
NeighborFlows::add_static_mac_binding(const SideFlowInput &in,
                                      sb::StaticMacBinding smb)
{
    add_flows(in, smb.uuid(), "Static_MAC_Binding", smb.logical_port(),
              smb.ip(), smb.mac(),
              smb.override_dynamic_mac()
                  ? STATIC_MAC_BINDING_OVERRIDE_PRIORITY
                  : STATIC_MAC_BINDING_PRIORITY);
}

void
NeighborFlows::run(const SideFlowInput &in)
{
    owners_.remove_all();
    for (const auto &[uuid, dp] : in.datapaths()) {
        add_datapath(in, dp);
    }
}

void
NeighborFlows::handle_mac_binding(const SideFlowInput &in,
                                  const ovs::Uuid &uuid)
{
    owners_.remove(uuid);
    if (const sb::MacBinding mb = sb::MacBinding::get_for_uuid(in.sb,
                                                               uuid)) {
        add_mac_binding(in, mb);
    }
}

void
NeighborFlows::handle_static_mac_binding(const SideFlowInput &in,
                                         const ovs::Uuid &uuid)
{
    owners_.remove(uuid);
    if (const sb::StaticMacBinding smb
            = sb::StaticMacBinding::get_for_uuid(in.sb, uuid)) {
        add_static_mac_binding(in, smb);
    }
}

void
NeighborFlows::add_datapath(const SideFlowInput &in, sb::DatapathBinding dp)
{
    for (sb::MacBinding mb : sb::MacBinding::all_by_datapath(in.ix, dp)) {
        if (!owners_.contains(mb.uuid())) {
            add_mac_binding(in, mb);
        }
    }
    for (sb::StaticMacBinding smb
             : sb::StaticMacBinding::all_by_datapath(in.ix, dp)) {
        if (!owners_.contains(smb.uuid())) {
            add_static_mac_binding(in, smb);
        }
    }
}

void
NeighborFlows::remove_datapath(const ovs::Uuid &dp)
{
    owners_.remove_datapath(dp);
}

}  // namespace ovn
