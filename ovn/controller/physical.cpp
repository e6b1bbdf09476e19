#include <config.h>

#include "ovn/controller/physical.h"

#include <algorithm>
#include <map>
#include <optional>
#include <vector>

#include "lib/match-value.h"
#include "lib/ofpacts-builder.h"
#include "lib/ovs-internal.h"
#include "openvswitch/vlog.h"
#include "ovn/controller/binding.h"
#include "ovn/controller/ct-zones.h"
#include "ovn/controller/encaps.h"
#include "ovn/controller/gateway.h"
#include "ovn/controller/ha-chassis.h"
#include "ovn/controller/local-datapaths.h"
#include "ovn/controller/lport-type.h"
#include "ovn/controller/ofctrl.h"
#include "ovn/controller/patch.h"
#include "ovn/controller/physical-impl.h"
#include "ovn/lib/logical-fields.h"
#include "ovn/lib/lport-addresses.h"
#include "ovn/lib/sb-rows.h"

VLOG_DEFINE_THIS_MODULE(physical);

COVERAGE_DEFINE(physical_run);
COVERAGE_DEFINE(physical_changes);
/* A Multicast_Group's flows computed (local datapaths only). */
COVERAGE_DEFINE(physical_mc_group);
COVERAGE_DEFINE(physical_mc_group_kept);
COVERAGE_DEFINE(physical_mc_member_kept);

namespace ovn {

/* Any fixed UUID would do; this one reads as what it is. */
const ovs::Uuid Physical::DEFAULT_FLOWS_OWNER(0x0f10e500, 0xdefa, 0x0017,
                                              0x000f1005);

namespace physical_impl {

unsigned int
reg_index(mf_field_id reg)
{
    return reg - MFF_REG0;
}

/* A match on (datapath, logical output port), the key of the output
 * tables. */
ovs::Match
match_outport(int64_t dp_key, int64_t port_key)
{
    ovs::Match m;
    match_set_metadata(m.get(), htonll(dp_key));
    match_set_reg(m.get(), reg_index(MFF_LOG_OUTPORT), port_key);
    return m;
}

ovs::Match
match_flags(uint32_t value, uint32_t mask)
{
    ovs::Match m;
    match_set_reg_masked(m.get(), reg_index(MFF_LOG_FLAGS), value, mask);
    return m;
}

void
add_flow(uint8_t table, uint16_t priority, const ovs::Match &match,
         const ovs::OfpactsBuilder &actions, const ovs::Uuid &owner)
{
    ofctrl_flow_table(FlowProducer::PHYSICAL).add_flow(
        table, priority, match, actions.build(), owner.first_word(), owner);
}

void
add_clear_in_port_flow(const ovs::Match &match, const ovs::Uuid &owner)
{
    add_flow(OFTABLE_SAVE_INPORT, 100, match,
             ovs::OfpactsBuilder()
                 .push(MFF_IN_PORT)
                 .load(MFF_IN_PORT, static_cast<uint16_t>(OFPP_NONE))
                 .resubmit(OFTABLE_LOG_TO_PHY)
                 .pop(MFF_IN_PORT),
             owner);
}

/* Loads the conntrack zones of 'lport' and of its datapath 'dp', those
 * that it has. */
void
load_zones(ovs::OfpactsBuilder &acts, const CtZones &zones,
           const std::string &lport, const std::string &dp)
{
    if (auto zone = zones.find(lport)) {
        acts.load(MFF_LOG_CT_ZONE, *zone);
    }
    if (auto zone = zones.find(CtZones::dnat_name(dp))) {
        acts.load(MFF_LOG_DNAT_ZONE, *zone);
    }
    if (auto zone = zones.find(CtZones::snat_name(dp))) {
        acts.load(MFF_LOG_SNAT_ZONE, *zone);
    }
}

/* Puts (datapath, port) into the tunnel header for 'dp_key' and output
 * key 'outport', as the receiving chassis's table 0 expects them. */
void
put_encapsulation(ovs::OfpactsBuilder &acts, mf_field_id geneve,
                  int64_t dp_key, int64_t outport)
{
    acts.load_bits(MFF_TUN_ID, dp_key, 0, TUN_DATAPATH_BITS)
        .load_bits(geneve, outport, 0, 32)
        .move(MFF_LOG_INPORT, 0, geneve, TUN_INPORT_OFS, TUN_INPORT_BITS);
}

}  // namespace physical_impl

using namespace physical_impl;

void
Physical::remove_owner(const ovs::Uuid &owner)
{
    if (owners_.erase(owner)) {
        ofctrl_flow_table(FlowProducer::PHYSICAL).remove_flows(owner);
    }
    forget_members(owner);
    auto used = used_.find(owner);
    if (used != used_.end()) {
        for (const ovs::Uuid &dp : used->second) {
            auto users = users_.find(dp);
            users->second.erase(owner);
            if (users->second.empty()) {
                users_.erase(users);
            }
        }
        used_.erase(used);
    }
}

/* Notes that the flows of 'owner' read datapath 'dp': they are to be
 * computed again when it leaves the local datapaths or changes. */
void
Physical::note_user(const ovs::Uuid &owner, const ovs::Uuid &dp)
{
    users_[dp].insert(owner);
    used_[owner].insert(dp);
}

namespace {

/* The ports of 'members', sorted, without duplicates. */
template <typename Members>
std::vector<ovs::Uuid>
sorted_ports(const Members &members)
{
    std::vector<ovs::Uuid> ports;
    ports.reserve(members.size());
    for (const auto &member : members) {
        ports.push_back(member.first);
    }
    std::sort(ports.begin(), ports.end());
    ports.erase(std::unique(ports.begin(), ports.end()), ports.end());
    return ports;
}

}  // namespace

/* Notes that the flows of group 'mc' list the members of 'group': they
 * are to be computed again when one of those ports changes.  'old', if
 * not null, is what the group listed before ('mc' is no longer in
 * members_): only the ports that differ are noted or forgotten. */
void
Physical::note_members(const ovs::Uuid &mc, McGroup group,
                       const McGroup *old)
{
    const std::vector<ovs::Uuid> now = sorted_ports(group.members);
    const std::vector<ovs::Uuid> before
        = old ? sorted_ports(old->members) : std::vector<ovs::Uuid>();
    auto b = before.begin();
    for (const ovs::Uuid &port : now) {
        for (; b != before.end() && *b < port; ++b) {
            unlist_member(mc, *b);
        }
        if (b != before.end() && *b == port) {
            ++b;
        } else {
            groups_of_port_[port].insert(mc);
        }
    }
    for (; b != before.end(); ++b) {
        unlist_member(mc, *b);
    }
    members_[mc] = std::move(group);
}

/* Notes that group 'mc' no longer lists 'port'. */
void
Physical::unlist_member(const ovs::Uuid &mc, const ovs::Uuid &port)
{
    auto groups = groups_of_port_.find(port);
    if (groups != groups_of_port_.end()) {
        groups->second.erase(mc);
        if (groups->second.empty()) {
            groups_of_port_.erase(groups);
        }
    }
}

/* Whether 'mc', reported changed, has the key and the ports, in order,
 * that its flows were computed with: what changed is then the rows it
 * refers to (the IDL tracks a row when one of its references changes). */
bool
Physical::mc_lists_the_same(sb::MulticastGroup mc) const
{
    using Column = sb::MulticastGroup::Column;
    if (mc.is_new() || mc.is_deleted() || mc.is_updated(Column::DATAPATH)
        || mc.is_updated(Column::TUNNEL_KEY)) {
        return false;
    }
    auto members = members_.find(mc.uuid());
    if (members == members_.end()) {
        return false;
    }
    const McMembers &listed = members->second.members;
    auto member = listed.begin();
    for (sb::PortBinding pb : mc.ports()) {
        if (!pb) {
            continue;
        }
        if (member == listed.end() || member->first != pb.uuid()) {
            return false;
        }
        ++member;
    }
    return member == listed.end();
}

/* Whether a port of 'changed' that group 'mc' listed when its flows were
 * computed would now give them something else. */
bool
Physical::mc_members_changed(const PhysicalInput &in, const ovs::Uuid &mc,
                             const std::set<ovs::Uuid> &changed) const
{
    auto members = members_.find(mc);
    if (members == members_.end()) {
        return true;
    }
    for (const auto &[port, member] : members->second.members) {
        if (!changed.count(port)) {
            continue;
        }
        const sb::PortBinding pb = sb::PortBinding::get_for_uuid(in.sb,
                                                                 port);
        if (!pb || !pb.datapath()) {
            return true;
        }
        const bool has_localnet
            = bool(in.datapaths->localnet_port(in.ix, pb.datapath()));
        if (mc_member(in, pb, has_localnet) != member) {
            return true;
        }
    }
    return false;
}

void
Physical::forget_members(const ovs::Uuid &mc)
{
    auto members = members_.find(mc);
    if (members == members_.end()) {
        return;
    }
    for (const auto &[port, member] : members->second.members) {
        unlist_member(mc, port);
    }
    members_.erase(members);
}

void
Physical::add_defaults()
{
    const ovs::Uuid &o = DEFAULT_FLOWS_OWNER;
    owners_.insert(o);
    const ovs::Match any;
    const ovs::OfpactsBuilder drop;

    /* Packets from ports OVN does not know are dropped. */
    add_flow(OFTABLE_PHY_TO_LOG, 0, any, drop, o);

    /* No MTU check yet: on to remote output, or local output for what
     * may loop back. */
    add_flow(OFTABLE_OUTPUT_LARGE_PKT_DETECT, 0, any,
             ovs::OfpactsBuilder().resubmit(OFTABLE_OUTPUT_LARGE_PKT_PROCESS
                                            + 1),
             o);
    add_flow(OFTABLE_OUTPUT_LARGE_PKT_PROCESS, 10,
             match_flags(MLF_ALLOW_LOOPBACK, MLF_ALLOW_LOOPBACK),
             ovs::OfpactsBuilder().resubmit(OFTABLE_LOCAL_OUTPUT), o);
    add_flow(OFTABLE_OUTPUT_LARGE_PKT_PROCESS, 0, any,
             ovs::OfpactsBuilder().resubmit(OFTABLE_REMOTE_OUTPUT), o);

    /* Packets that must not leave the chassis, and packets from a VTEP
     * gateway, skip the tunnels. */
    add_flow(OFTABLE_REMOTE_OUTPUT, 150,
             match_flags(MLF_LOCAL_ONLY, MLF_LOCAL_ONLY),
             ovs::OfpactsBuilder().resubmit(OFTABLE_LOCAL_OUTPUT), o);
    add_flow(OFTABLE_REMOTE_OUTPUT, 150,
             match_flags(MLF_RCV_FROM_RAMP,
                         MLF_RCV_FROM_RAMP | MLF_ALLOW_LOOPBACK),
             ovs::OfpactsBuilder().resubmit(OFTABLE_LOCAL_OUTPUT), o);
    add_flow(OFTABLE_REMOTE_OUTPUT, 0, any,
             ovs::OfpactsBuilder().resubmit(OFTABLE_LOCAL_OUTPUT), o);

    /* An output port that is not here goes nowhere. */
    add_flow(OFTABLE_LOCAL_OUTPUT, 0, any, drop, o);

    /* The egress pipeline starts with clean registers. */
    ovs::OfpactsBuilder clear;
    for (int i = 0; i < MFF_N_LOG_REGS; i++) {
        clear.load(static_cast<mf_field_id>(MFF_LOG_REG0 + i), 0);
    }
    clear.resubmit(OFTABLE_LOG_EGRESS_PIPELINE);
    add_flow(OFTABLE_CHECK_LOOPBACK, 0, any, clear, o);

    add_flow(OFTABLE_SAVE_INPORT, 0, any,
             ovs::OfpactsBuilder().resubmit(OFTABLE_LOG_TO_PHY), o);
    add_flow(OFTABLE_LOG_TO_PHY, 0, any, drop, o);
}

void
Physical::add_tunnel_flows(const PhysicalInput &in)
{
    for (const auto &[name, tunnel] : in.tunnels->tunnels()) {
        if (tunnel.vxlan) {
            add_vxlan_tunnel_flows(tunnel);
            continue;
        }
        if (!in.geneve_field) {
            continue;
        }
        /* What the sender put into the tunnel key and the Geneve option,
         * back into the logical fields; the sender already ran the whole
         * logical pipeline, so on to local output. */
        ovs::Match m;
        match_set_in_port(m.get(), OFP_PORT_C(tunnel.ofport));
        ovs::OfpactsBuilder acts;
        acts.move(MFF_TUN_ID, 0, MFF_LOG_DATAPATH, 0, TUN_DATAPATH_BITS)
            .move(in.geneve_field, TUN_INPORT_OFS, MFF_LOG_INPORT, 0,
                  TUN_INPORT_BITS)
            .move(in.geneve_field, TUN_OUTPORT_OFS, MFF_LOG_OUTPORT, 0,
                  TUN_OUTPORT_BITS)
            .resubmit(OFTABLE_LOCAL_OUTPUT);
        owners_.insert(tunnel.chassis);
        add_flow(OFTABLE_PHY_TO_LOG, 100, m, acts, tunnel.chassis);
    }
}

/* The flows of tables 40 and 41 that every port delivered to on this
 * chassis has, whatever takes the packet from table 65. */
void
Physical::add_delivery_flows(const PhysicalInput &in, sb::PortBinding pb)
{
    const ovs::Uuid owner = pb.uuid();
    const sb::DatapathBinding dp = pb.datapath();
    const int64_t dp_key = dp.tunnel_key();
    const int64_t port_key = pb.tunnel_key();

    /* Table 40: local output, with the port's zones for the egress
     * pipeline's conntrack. */
    ovs::OfpactsBuilder local;
    load_zones(local, *in.zones, std::string(pb.logical_port()),
               dp.uuid().to_string());
    local.resubmit(OFTABLE_CHECK_LOOPBACK);
    add_flow(OFTABLE_LOCAL_OUTPUT, 100, match_outport(dp_key, port_key),
             local, owner);

    /* Table 41: not back out of the input port, unless allowed. */
    ovs::Match loop = match_outport(dp_key, port_key);
    match_set_reg(loop.get(), reg_index(MFF_LOG_INPORT), port_key);
    match_set_reg_masked(loop.get(), reg_index(MFF_LOG_FLAGS), 0,
                         MLF_ALLOW_LOOPBACK);
    add_flow(OFTABLE_CHECK_LOOPBACK, 100, loop, ovs::OfpactsBuilder(),
             owner);
}

/* add_delivery_flows(), and table 64 for a port that has an OpenFlow port
 * of its own. */
void
Physical::add_local_output_flows(const PhysicalInput &in, sb::PortBinding pb)
{
    add_delivery_flows(in, pb);

    /* Table 64: when loopback is allowed, OpenFlow still refuses to
     * output to in_port, so clear it around the output. */
    const ovs::Uuid owner = pb.uuid();
    const int64_t dp_key = pb.datapath().tunnel_key();
    const int64_t port_key = pb.tunnel_key();
    ovs::Match save = match_outport(dp_key, port_key);
    match_set_reg_masked(save.get(), reg_index(MFF_LOG_FLAGS),
                         MLF_ALLOW_LOOPBACK, MLF_ALLOW_LOOPBACK);
    add_clear_in_port_flow(save, owner);
}

/* A patch port joins two logical datapaths on this chassis: output to it
 * is, in a clone that starts with clean state, input from its peer into
 * the peer datapath's ingress pipeline.  Nothing leaves br-int. */
void
Physical::add_patch_flows(const PhysicalInput &in, sb::PortBinding pb)
{
    const sb::PortBinding peer = patch_peer(in.ix, pb);
    if (!peer || !in.datapaths->contains(peer.datapath())) {
        return;
    }
    const ovs::Uuid owner = pb.uuid();
    owners_.insert(owner);
    add_local_output_flows(in, pb);

    const sb::DatapathBinding peer_dp = peer.datapath();
    /* Its flows enter the peer's datapath, and read the localnet port
     * there (add_chassis_mac_flows()). */
    note_user(owner, peer_dp.uuid());
    ovs::OfpactsBuilder inner;
    inner.ct_clear()
        .load(MFF_LOG_DNAT_ZONE, 0)
        .load(MFF_LOG_SNAT_ZONE, 0)
        .load(MFF_LOG_CT_ZONE, 0);
    load_zones(inner, *in.zones, std::string(peer.logical_port()),
               peer_dp.uuid().to_string());
    inner.load(MFF_LOG_DATAPATH, peer_dp.tunnel_key())
        .load(MFF_LOG_INPORT, peer.tunnel_key())
        .load(MFF_LOG_FLAGS, 0)
        .load(MFF_LOG_OUTPORT, 0);
    for (int i = 0; i < MFF_N_LOG_REGS; i++) {
        inner.load(static_cast<mf_field_id>(MFF_LOG_REG0 + i), 0);
    }
    inner.resubmit(OFTABLE_LOG_INGRESS_PIPELINE);
    add_flow(OFTABLE_LOG_TO_PHY, 100,
             match_outport(pb.datapath().tunnel_key(), pb.tunnel_key()),
             ovs::OfpactsBuilder().clone(inner), owner);
    if (!pb.datapath().external_ids().contains("logical-switch")) {
        add_chassis_mac_flows(in, pb, peer);
    }
}

/* As 23.03 does for a router port 'rport' whose peer is on a switch with
 * a localnet port here: a packet from the physical network whose source
 * is a chassis MAC (ovn-chassis-mac-mappings: routed on another chassis)
 * enters the switch with the router port's MAC as its source.  Two
 * clauses of one conjunction: the chassis MACs, of which there are none
 * until chassis MACs are supported, and the localnet port's VLAN. */
void
Physical::add_chassis_mac_flows(const PhysicalInput &in,
                                sb::PortBinding rport, sb::PortBinding peer)
{
    /* 23.03's conjunction ID for it. */
    constexpr uint32_t CHASSIS_MAC_CONJ_ID = 100;

    sb::PortBinding localnet;
    for (sb::PortBinding pb : sb::PortBinding::all_by_datapath(
             in.ix, peer.datapath())) {
        if (pb.type() == "localnet") {
            localnet = pb;
            break;
        }
    }
    if (!localnet || rport.mac().size() != 1) {
        return;
    }
    const std::string lport(localnet.logical_port());
    const int64_t ofport = in.patch_ports->localnet_ofport(lport);
    const std::string_view addresses = rport.mac()[0];
    const std::optional<eth_addr> mac
        = parse_mac(addresses.substr(0, addresses.find(' ')));
    if (ofport <= 0 || !mac) {
        return;
    }
    uint64_t mac_value = 0;
    for (uint8_t byte : mac->ea) {
        mac_value = (mac_value << 8) | byte;
    }
    const std::optional<int64_t> tag = localnet.tag();
    const bool tagged = tag && *tag > 0 && *tag < 4096;
    auto match_vlan = [&](ovs::Match &m) {
        if (tagged) {
            match_set_dl_vlan(m.get(), htons(*tag), 0);
        } else {
            match_set_vlan_vid_masked(m.get(), htons(0),
                                      htons(VLAN_PRESENT));
        }
    };
    const ovs::Uuid owner = rport.uuid();
    const sb::DatapathBinding dp = localnet.datapath();

    ovs::Match m;
    match_set_in_port(m.get(), OFP_PORT_C(ofport));
    match_set_conj_id(m.get(), CHASSIS_MAC_CONJ_ID);
    match_vlan(m);
    ovs::OfpactsBuilder acts;
    if (tagged) {
        acts.strip_vlan();
    }
    load_zones(acts, *in.zones, lport, dp.uuid().to_string());
    acts.load(MFF_LOG_DATAPATH, dp.tunnel_key())
        .load(MFF_LOG_INPORT, localnet.tunnel_key())
        .load(MFF_ETH_SRC, mac_value)
        .resubmit(OFTABLE_LOG_INGRESS_PIPELINE);
    add_flow(OFTABLE_PHY_TO_LOG, 180, m, acts, owner);

    ovs::Match vlan;
    match_vlan(vlan);
    add_flow(OFTABLE_PHY_TO_LOG, 180, vlan,
             ovs::OfpactsBuilder().conjunction(CHASSIS_MAC_CONJ_ID, 2, 2),
             owner);
}

/* A localnet port, or an l2gateway port hosted here, reaches the
 * physical network through br-int's patch port to the provider bridge
 * (patch.h): packets from it enter the datapath's ingress pipeline
 * (untagged, or priority-tagged, or on the port's VLAN, the tag popped),
 * and packets to it leave tagged with the port's VLAN.  What a localport
 * sent, or what must stay on the chassis, never goes out through a
 * localnet port; an l2gateway port, on one chassis only, has no such
 * exception, as in 23.03. */
void
Physical::add_provider_flows(const PhysicalInput &in, sb::PortBinding pb)
{
    const std::string lport(pb.logical_port());
    const int64_t ofport = in.patch_ports->localnet_ofport(lport);
    if (ofport <= 0) {
        return;
    }
    const ovs::Uuid owner = pb.uuid();
    const sb::DatapathBinding dp = pb.datapath();
    const int64_t dp_key = dp.tunnel_key();
    const int64_t port_key = pb.tunnel_key();
    const std::optional<int64_t> tag = pb.tag();
    const bool tagged = tag && *tag > 0 && *tag < 4096;
    owners_.insert(owner);

    auto ingress = [&](bool pop) {
        ovs::OfpactsBuilder acts;
        if (pop) {
            acts.strip_vlan();
        }
        load_zones(acts, *in.zones, lport, dp.uuid().to_string());
        acts.load(MFF_LOG_DATAPATH, dp_key)
            .load(MFF_LOG_INPORT, port_key)
            .resubmit(OFTABLE_LOG_INGRESS_PIPELINE);
        return acts.build();
    };
    auto table0 = [&](uint16_t priority, const ovs::Match &m, bool pop) {
        ofctrl_flow_table(FlowProducer::PHYSICAL).add_flow(
            OFTABLE_PHY_TO_LOG, priority, m, ingress(pop),
            owner.first_word(), owner);
    };
    if (tagged) {
        ovs::Match m;
        match_set_in_port(m.get(), OFP_PORT_C(ofport));
        match_set_dl_vlan(m.get(), htons(*tag), 0);
        table0(150, m, true);
    } else {
        ovs::Match untagged;
        match_set_in_port(untagged.get(), OFP_PORT_C(ofport));
        match_set_vlan_vid_masked(untagged.get(), htons(0),
                                  htons(VLAN_PRESENT));
        table0(100, untagged, false);
        ovs::Match priority_tagged;
        match_set_in_port(priority_tagged.get(), OFP_PORT_C(ofport));
        match_set_dl_vlan(priority_tagged.get(), htons(0), 0);
        table0(100, priority_tagged, true);
    }

    add_local_output_flows(in, pb);
    for (uint32_t flag : {MLF_LOCAL_ONLY, 1u << MLF_LOCALPORT_BIT}) {
        if (lport_type(pb) != LportType::LOCALNET) {
            break;
        }
        ovs::Match m = match_outport(dp_key, port_key);
        match_set_reg_masked(m.get(), reg_index(MFF_LOG_FLAGS), flag, flag);
        add_flow(OFTABLE_CHECK_LOOPBACK, 160, m, ovs::OfpactsBuilder(),
                 owner);
    }

    ovs::OfpactsBuilder out;
    if (tagged) {
        out.push_vlan(TPID_8021Q)
            .set_vlan_vid(static_cast<uint16_t>(*tag))
            .output(ofport)
            .strip_vlan();
    } else {
        out.output(ofport);
    }
    add_flow(OFTABLE_LOG_TO_PHY, 100, match_outport(dp_key, port_key), out,
             owner);
}

/* A gateway port (chassisredirect) active here is its distributed port
 * (options:distributed-port) on this chassis: output to it is output to
 * that port, with that port's zones.  Active elsewhere, and with an HA
 * group of more than one chassis, output to it goes to the first chassis
 * of the group, by priority, whose tunnel is up: ovs-vswitchd follows
 * BFD without waiting for the Southbound.  Returns false if the port is
 * to be treated as any port on another chassis. */
bool
Physical::add_chassisredirect_flows(const PhysicalInput &in,
                                    sb::PortBinding pb)
{
    const ovs::Uuid owner = pb.uuid();
    const sb::DatapathBinding dp = pb.datapath();
    const int64_t dp_key = dp.tunnel_key();
    const int64_t port_key = pb.tunnel_key();

    if (in.ha_ports && in.ha_ports->is_active(pb)) {
        const char *name = pb.options().get("distributed-port", "");
        const sb::PortBinding distributed
            = sb::PortBinding::find_by_name(in.ix, name);
        ovs::OfpactsBuilder acts;
        static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);
        if (!distributed) {
            VLOG_WARN_RL(&rl, "chassisredirect port %s: no distributed "
                         "port %s", std::string(pb.logical_port()).c_str(),
                         name);
        } else if (distributed.datapath() != dp) {
            VLOG_WARN_RL(&rl, "chassisredirect port %s: distributed port "
                         "%s is on another datapath",
                         std::string(pb.logical_port()).c_str(), name);
        } else {
            /* Packets to a missing port are dropped: no actions. */
            acts.load(MFF_LOG_OUTPORT, distributed.tunnel_key());
            load_zones(acts, *in.zones, name, dp.uuid().to_string());
            acts.resubmit(OFTABLE_CHECK_LOOPBACK);
        }
        owners_.insert(owner);
        add_flow(OFTABLE_LOCAL_OUTPUT, 100, match_outport(dp_key, port_key),
                 acts, owner);
        return true;
    }
    return add_ha_remote_flows(in, pb);
}

/* HA port 'pb' that has no output here (a chassisredirect port not active
 * here, or an external port on a datapath without a localnet port): if
 * its group has at least two chassis, packets for it go to whichever of
 * them BFD says is up first, through an active_backup bundle over the
 * tunnels to the group's other chassis (table 39), as 23.03 does.
 * Returns false, adding nothing, for a group of fewer chassis (the port
 * is then reached like any other, through the tunnel to its chassis). */
bool
Physical::add_ha_remote_flows(const PhysicalInput &in, sb::PortBinding pb)
{
    const ovs::Uuid owner = pb.uuid();
    const int64_t dp_key = pb.datapath().tunnel_key();
    const int64_t port_key = pb.tunnel_key();
    const std::vector<sb::Chassis> ordered = ha_chassis_ordered(pb);
    if (ordered.size() <= 1) {
        return false;
    }
    if (!in.geneve_field) {
        return true;
    }
    std::vector<uint32_t> members;
    for (sb::Chassis ch : ordered) {
        if (ch == in.chassis) {
            continue;
        }
        if (const Tunnel *t = in.tunnels->find(std::string(ch.name()))) {
            members.push_back(static_cast<uint32_t>(t->ofport));
        }
    }
    if (members.empty()) {
        return true;
    }
    owners_.insert(owner);
    ovs::OfpactsBuilder remote;
    put_encapsulation(remote, in.geneve_field, dp_key, port_key);
    remote.bundle_active_backup(members);
    add_flow(OFTABLE_REMOTE_OUTPUT, 100, match_outport(dp_key, port_key),
             remote, owner);
    return true;
}

void
Physical::add_port_flows(const PhysicalInput &in, sb::PortBinding pb)
{
    const ovs::Uuid owner = pb.uuid();
    const sb::DatapathBinding dp = pb.datapath();
    if (!dp || !in.datapaths->contains(dp)) {
        return;
    }
    const std::string lport(pb.logical_port());
    const int64_t dp_key = dp.tunnel_key();
    const int64_t port_key = pb.tunnel_key();

    const LocalBinding *b = in.bindings->find(lport);
    if (b && b->pb == pb) {
        if (b->ofport <= 0) {
            return;
        }
        if (lport_type(pb) == LportType::CONTAINER) {
            add_container_flows(in, pb, b->ofport);
            return;
        }
        const std::string dp_name = dp.uuid().to_string();
        owners_.insert(owner);

        /* Table 0: from the VIF into the ingress pipeline. */
        ovs::Match m;
        match_set_in_port(m.get(), OFP_PORT_C(b->ofport));
        ovs::OfpactsBuilder ingress;
        load_zones(ingress, *in.zones, lport, dp_name);
        ingress.load(MFF_LOG_DATAPATH, dp_key)
            .load(MFF_LOG_INPORT, port_key);
        if (lport_type(pb) == LportType::LOCALPORT) {
            ingress.load_bits(MFF_LOG_FLAGS, 1, MLF_LOCALPORT_BIT, 1);
        }
        ingress.resubmit(OFTABLE_LOG_INGRESS_PIPELINE);
        add_flow(OFTABLE_PHY_TO_LOG, 100, m, ingress, owner);

        add_local_output_flows(in, pb);

        /* Table 65: out of the VIF. */
        add_flow(OFTABLE_LOG_TO_PHY, 100, match_outport(dp_key, port_key),
                 ovs::OfpactsBuilder().output(b->ofport), owner);
        add_vif_type_flows(pb);
        add_migration_flows(in, pb, b->ofport);
        return;
    }
    if (!lport_type_is_known(pb)) {
        return;
    }

    if (pb.type() == "patch" || in.gateways->is_l3_resident(pb)) {
        /* A gateway router's port on its chassis is a patch port there;
         * elsewhere it is a remote port like any other. */
        add_patch_flows(in, pb);
        return;
    }
    if (pb.type() == "localnet" || in.gateways->is_l2_resident(pb)) {
        /* So is an l2gateway port: on its chassis, it is much like a
         * localnet port. */
        add_provider_flows(in, pb);
        return;
    }

    if (pb.type() == "chassisredirect" && add_chassisredirect_flows(in, pb)) {
        return;
    }

    /* A port on another chassis: through the datapath's localnet port, if
     * it has one, as 23.03 does (also for a VIF, external or virtual port
     * bound nowhere), else into its tunnel. */
    const sb::Chassis ch = pb.chassis();
    const std::string_view type = pb.type();
    /* An external port has no interface on any chassis: where it is
     * active, it is reached through the localnet port too, as 23.03
     * does. */
    if (ch && ch == in.chassis && type != "external") {
        return;
    }
    const bool vif_like = (type.empty() || type == "external"
                           || type == "virtual");
    if ((ch || vif_like) && add_via_localnet_flows(in, pb)) {
        return;
    }
    if (type == "external" && add_ha_remote_flows(in, pb)) {
        return;
    }
    if (!ch) {
        return;
    }
    const Tunnel *tunnel = in.tunnels->find(std::string(ch.name()));
    if (!tunnel || (!tunnel->vxlan && !in.geneve_field)) {
        return;
    }
    owners_.insert(owner);
    ovs::OfpactsBuilder remote;
    if (tunnel->vxlan) {
        put_vxlan_encapsulation(remote, dp_key, port_key);
    } else {
        put_encapsulation(remote, in.geneve_field, dp_key, port_key);
    }
    remote.output(tunnel->ofport).resubmit(OFTABLE_LOCAL_OUTPUT);
    add_flow(OFTABLE_REMOTE_OUTPUT, 100, match_outport(dp_key, port_key),
             remote, owner);
}

bool
Physical::McMember::operator==(const McMember &o) const
{
    return (kind == o.kind && key == o.key && zone == o.zone
            && tunnel_ofport == o.tunnel_ofport && chassis == o.chassis);
}

/* What 'pb' gives the flows of a Multicast_Group that lists it, on a
 * datapath with a localnet port or not ('has_localnet'). */
Physical::McMember
Physical::mc_member(const PhysicalInput &in, sb::PortBinding pb,
                    bool has_localnet)
{
    McMember m;
    m.key = pb.tunnel_key();
    const std::string_view type = pb.type();
    if (type == "patch") {
        m.kind = McMember::PATCH;
        return m;
    }
    const std::string lport(pb.logical_port());
    if (type == "localport") {
        m.kind = McMember::LOCALPORT;
        m.zone = in.zones->find(lport);
        return m;
    }
    if (type == "localnet") {
        /* Out to the physical network here, if it is mapped. */
        if (in.patch_ports->localnet_ofport(lport) > 0) {
            m.kind = McMember::LOCAL;
            m.zone = in.zones->find(lport);
        }
        return m;
    }
    if (in.gateways->is_resident(pb)) {
        m.kind = McMember::LOCAL;
        m.zone = in.zones->find(lport);
        return m;
    }
    const LocalBinding *b = in.bindings->find(lport);
    if (b && b->pb == pb) {
        if (b->ofport > 0) {
            m.kind = McMember::LOCAL;
            m.zone = in.zones->find(lport);
        }
        return m;
    }
    /* Other chassis are reached through the localnet port, if any. */
    const sb::Chassis ch = pb.chassis();
    if (ch && ch != in.chassis && !has_localnet) {
        std::string name(ch.name());
        if (const Tunnel *tunnel = in.tunnels->find(name)) {
            m.tunnel_ofport = tunnel->ofport;
            if (tunnel->vxlan) {
                m.kind = McMember::VXLAN;
            } else {
                m.kind = McMember::GENEVE;
                m.chassis = std::move(name);
            }
        }
    }
    return m;
}

/* Computes the flows of 'mc'.  'old', if not null, is what its members
 * gave its flows last time ('mc' is no longer in members_); the members
 * not in 'changed' give the same again. */
void
Physical::add_multicast_flows(const PhysicalInput &in,
                              sb::MulticastGroup mc, const McGroup *old,
                              const std::set<ovs::Uuid> *changed)
{
    const sb::DatapathBinding dp = mc.datapath();
    if (!dp || !in.datapaths->contains(dp)) {
        return;
    }
    COVERAGE_INC(physical_mc_group);
    const ovs::Uuid owner = mc.uuid();
    const int64_t dp_key = dp.tunnel_key();
    const int64_t mc_key = mc.tunnel_key();
    const bool has_localnet = bool(in.datapaths->localnet_port(in.ix, dp));
    McGroup group;
    group.has_localnet = has_localnet;
    McMembers &members = group.members;

    /* The contributions of last time, by port, for the members that did
     * not change. */
    std::vector<std::pair<ovs::Uuid, const McMember *>> before;
    if (old && changed && old->has_localnet == has_localnet) {
        before.reserve(old->members.size());
        for (const auto &[port, m] : old->members) {
            before.emplace_back(port, &m);
        }
        std::sort(before.begin(), before.end(),
                  [](const auto &a, const auto &b) {
                      return a.first < b.first;
                  });
    }
    auto contribution = [&](sb::PortBinding pb) {
        const ovs::Uuid uuid = pb.uuid();
        if (!before.empty() && !changed->count(uuid)) {
            auto it = std::lower_bound(
                before.begin(), before.end(), uuid,
                [](const auto &a, const ovs::Uuid &u) {
                    return a.first < u;
                });
            if (it != before.end() && it->first == uuid) {
                COVERAGE_INC(physical_mc_member_kept);
                return *it->second;
            }
        }
        return mc_member(in, pb, has_localnet);
    };

    /* Each local member in turn (table 40), and in table 39, which every
     * packet goes through once, the patch ports (the peer datapaths are
     * entered once, on the chassis the packet came in) and each chassis
     * with members. */
    ovs::OfpactsBuilder local;
    ovs::OfpactsBuilder remote;
    bool has_patch = false;
    std::set<int64_t> vxlan_chassis;
    std::map<std::string, int64_t> remote_chassis;
    for (sb::PortBinding pb : mc.ports()) {
        if (!pb) {
            continue;
        }
        McMember m = contribution(pb);
        switch (m.kind) {
        case McMember::PATCH:
            /* On to the peer datapath, through table 65. */
            remote.load(MFF_LOG_OUTPORT, m.key)
                .resubmit(OFTABLE_CHECK_LOOPBACK);
            has_patch = true;
            break;
        case McMember::LOCALPORT:
            /* Every chassis has it: in table 39, once per packet. */
            if (m.zone) {
                local.load(MFF_LOG_CT_ZONE, *m.zone);
            }
            remote.load(MFF_LOG_OUTPORT, m.key)
                .resubmit(OFTABLE_CHECK_LOOPBACK);
            has_patch = true;
            break;
        case McMember::LOCAL:
            if (m.zone) {
                local.load(MFF_LOG_CT_ZONE, *m.zone);
            }
            local.load(MFF_LOG_OUTPORT, m.key)
                .resubmit(OFTABLE_CHECK_LOOPBACK);
            break;
        case McMember::VXLAN:
            vxlan_chassis.insert(m.tunnel_ofport);
            break;
        case McMember::GENEVE:
            remote_chassis.emplace(m.chassis, m.tunnel_ofport);
            break;
        case McMember::NONE:
            break;
        }
        members.emplace_back(pb.uuid(), std::move(m));
    }

    forget_members(owner);
    note_members(owner, std::move(group), old);

    const bool has_local = !local.empty();
    if (has_local) {
        /* The group is the output port again for whatever follows. */
        local.load(MFF_LOG_OUTPORT, mc_key);
        owners_.insert(owner);
        add_flow(OFTABLE_LOCAL_OUTPUT, 100, match_outport(dp_key, mc_key),
                 local, owner);
    }
    const bool has_remote = !remote_chassis.empty() && in.geneve_field;
    if (has_patch || has_remote || !vxlan_chassis.empty()) {
        if (has_patch) {
            remote.load(MFF_LOG_OUTPORT, mc_key);
        }
        if (has_remote) {
            put_encapsulation(remote, in.geneve_field, dp_key, mc_key);
            for (const auto &[name, ofport] : remote_chassis) {
                remote.output(ofport);
            }
        }
        if (!vxlan_chassis.empty()) {
            put_vxlan_encapsulation(remote, dp_key, mc_key);
            for (int64_t ofport : vxlan_chassis) {
                remote.output(ofport);
            }
        }
        if (has_local) {
            remote.resubmit(OFTABLE_LOCAL_OUTPUT);
        }
        owners_.insert(owner);
        add_flow(OFTABLE_REMOTE_OUTPUT, 100, match_outport(dp_key, mc_key),
                 remote, owner);
    }
}

bool
Physical::DatapathState::operator==(const DatapathState &o) const
{
    return (key == o.key && is_switch == o.is_switch
            && localnet == o.localnet && localnet_key == o.localnet_key
            && localnet_tag == o.localnet_tag
            && localnet_ofport == o.localnet_ofport);
}

Physical::DatapathState
Physical::datapath_state(const PhysicalInput &in, sb::DatapathBinding dp)
{
    DatapathState state;
    state.key = dp.tunnel_key();
    state.is_switch = dp.external_ids().contains("logical-switch");
    if (const sb::PortBinding ln = in.datapaths->localnet_port(in.ix, dp)) {
        state.localnet = ln.uuid();
        state.localnet_key = ln.tunnel_key();
        state.localnet_tag = ln.tag();
        state.localnet_ofport = in.patch_ports->localnet_ofport(
            std::string(ln.logical_port()));
    }
    return state;
}

void
Physical::run(const PhysicalInput &in)
{
    COVERAGE_INC(physical_run);
    for (const ovs::Uuid &owner : owners_) {
        ofctrl_flow_table(FlowProducer::PHYSICAL).remove_flows(owner);
    }
    owners_.clear();
    users_.clear();
    used_.clear();
    members_.clear();
    groups_of_port_.clear();
    datapaths_.clear();
    provider_ofports_ = in.patch_ports->localnet_ofports();

    add_defaults();
    add_tunnel_flows(in);
    /* Only the local datapaths have flows here. */
    for (const auto &[uuid, dp] : in.datapaths->datapaths()) {
        datapaths_.emplace(uuid, datapath_state(in, dp));
        for (sb::PortBinding pb : sb::PortBinding::all_by_datapath(in.ix,
                                                                    dp)) {
            add_port_flows(in, pb);
            if (owners_.count(pb.uuid())) {
                note_user(pb.uuid(), uuid);
            }
        }
        for (sb::MulticastGroup mc
                 : sb::MulticastGroup::all_by_datapath(in.ix, dp)) {
            add_multicast_flows(in, mc);
            if (owners_.count(mc.uuid())) {
                note_user(mc.uuid(), uuid);
            }
        }
    }
}

bool
Physical::handle_port_binding(const PhysicalInput &in, const ovs::Uuid &uuid)
{
    remove_owner(uuid);
    const sb::PortBinding pb = sb::PortBinding::get_for_uuid(in.sb, uuid);
    if (!pb) {
        return false;
    }
    add_port_flows(in, pb);
    if (owners_.count(uuid)) {
        note_user(uuid, pb.datapath().uuid());
    }
    const LocalBinding *b = in.bindings->find(std::string(pb.logical_port()));
    return b && b->pb == pb;
}

void
Physical::handle_multicast_group(const PhysicalInput &in,
                                 sb::MulticastGroup mc, bool deleted,
                                 const std::set<ovs::Uuid> *changed)
{
    const ovs::Uuid uuid = mc.uuid();
    /* What its members gave it last time, taken out of members_ (so that
     * remove_owner() leaves groups_of_port_ to note_members()). */
    std::optional<McGroup> old;
    if (!deleted) {
        auto it = members_.find(uuid);
        if (it != members_.end()) {
            old = std::move(it->second);
            members_.erase(it);
        }
    }
    remove_owner(uuid);
    if (!deleted) {
        add_multicast_flows(in, mc, old ? &*old : nullptr, changed);
        if (owners_.count(uuid)) {
            note_user(uuid, mc.datapath().uuid());
        }
    }
    if (old && !members_.count(uuid)) {
        /* No flows computed (its datapath is not local): it lists
         * nothing any more. */
        for (const auto &[port, member] : old->members) {
            unlist_member(uuid, port);
        }
    }
}

/* Compares the local datapaths with those the flows were computed for.
 * Adds to 'ports' the rows whose flows are to be computed again (a row
 * that is gone, a Multicast_Group among them, only loses its flows), and
 * to 'datapaths' the datapaths whose Multicast_Groups are. */
void
Physical::sync_datapaths(const PhysicalInput &in, std::set<ovs::Uuid> *ports,
                         std::set<ovs::Uuid> *datapaths)
{
    std::map<ovs::Uuid, DatapathState> now;
    for (const auto &[uuid, dp] : in.datapaths->datapaths()) {
        now.emplace(uuid, datapath_state(in, dp));
    }

    /* Gone: whatever read it, its own rows and the patch ports that lead
     * into it from a datapath still local. */
    for (const auto &[uuid, state] : datapaths_) {
        if (now.count(uuid)) {
            continue;
        }
        auto users = users_.find(uuid);
        if (users != users_.end()) {
            const std::set<ovs::Uuid> owners = users->second;
            for (const ovs::Uuid &owner : owners) {
                remove_owner(owner);
                ports->insert(owner);
            }
        }
    }

    /* New, or changed: every row of it, the patch ports that lead into
     * it, and whatever read it before. */
    for (const auto &[uuid, state] : now) {
        auto old = datapaths_.find(uuid);
        if (old != datapaths_.end() && old->second == state) {
            continue;
        }
        const sb::DatapathBinding dp = in.datapaths->datapaths().at(uuid);
        for (sb::PortBinding pb : sb::PortBinding::all_by_datapath(in.ix,
                                                                    dp)) {
            ports->insert(pb.uuid());
            if (const sb::PortBinding peer = patch_peer(in.ix, pb)) {
                ports->insert(peer.uuid());
            }
        }
        auto users = users_.find(uuid);
        if (users != users_.end()) {
            ports->insert(users->second.begin(), users->second.end());
        }
        datapaths->insert(uuid);
    }
    datapaths_ = std::move(now);
}

/* Adds to 'ports' the localnet and l2gateway ports whose OpenFlow port
 * to the provider bridge changed since the flows were computed.  Returns
 * whether any did. */
bool
Physical::sync_provider_ports(const PhysicalInput &in,
                              std::set<ovs::Uuid> *ports)
{
    const std::map<std::string, int64_t> &now
        = in.patch_ports->localnet_ofports();
    if (now == provider_ofports_) {
        return false;
    }
    std::set<std::string> names;
    for (const auto &[name, ofport] : now) {
        auto old = provider_ofports_.find(name);
        if (old == provider_ofports_.end() || old->second != ofport) {
            names.insert(name);
        }
    }
    for (const auto &[name, ofport] : provider_ofports_) {
        if (!now.count(name)) {
            names.insert(name);
        }
    }
    for (const std::string &name : names) {
        if (const sb::PortBinding pb
                = sb::PortBinding::find_by_name(in.ix, name.c_str())) {
            ports->insert(pb.uuid());
        }
    }
    provider_ofports_ = now;
    return true;
}

/* Adds to 'ports' the HA ports whose group (HA_Chassis_Group, or the
 * Gateway_Chassis of a port without one) the IDL reports changed:
 * which chassis their packets go to may have changed. */
void
Physical::add_ha_group_ports(const PhysicalInput &in,
                             std::set<ovs::Uuid> *ports)
{
    if (!in.ha_ports) {
        return;
    }
    std::set<ovs::Uuid> groups;
    for (sb::HaChassisGroup group : sb::HaChassisGroup::tracked(in.sb)) {
        groups.insert(group.uuid());
    }
    std::set<ovs::Uuid> members;
    for (sb::HaChassis ha : sb::HaChassis::tracked(in.sb)) {
        members.insert(ha.uuid());
    }
    if (!members.empty()) {
        /* A member knows no group: look for it in each (few). */
        for (sb::HaChassisGroup group : sb::HaChassisGroup::table(in.sb)) {
            for (sb::HaChassis ha : group.ha_chassis()) {
                if (ha && members.count(ha.uuid())) {
                    groups.insert(group.uuid());
                    break;
                }
            }
        }
    }
    const bool gateway_chassis = !sb::GatewayChassis::tracked(in.sb).empty();
    if (groups.empty() && !gateway_chassis) {
        return;
    }
    for (const ovs::Uuid &uuid : in.ha_ports->every_port()) {
        const sb::PortBinding pb = sb::PortBinding::get_for_uuid(in.sb, uuid);
        if (!pb) {
            continue;
        }
        const sb::HaChassisGroup group = pb.ha_chassis_group();
        if (group ? groups.count(group.uuid()) > 0 : gateway_chassis) {
            ports->insert(uuid);
        }
    }
}

bool
Physical::port_binding_change_matters(const PhysicalInput &in,
                                      sb::PortBinding pb)
{
    using Column = sb::PortBinding::Column;
    if (pb.is_new() || pb.is_deleted()) {
        return true;
    }
    for (Column c : {Column::DATAPATH, Column::TUNNEL_KEY, Column::TYPE,
                     Column::LOGICAL_PORT, Column::OPTIONS, Column::TAG,
                     Column::PARENT_PORT, Column::ADDITIONAL_CHASSIS,
                     Column::HA_CHASSIS_GROUP, Column::GATEWAY_CHASSIS}) {
        if (pb.is_updated(c)) {
            return true;
        }
    }
    if (pb.is_updated(Column::CHASSIS)) {
        /* A port bound here to more chassis than this one has flows to
         * the others. */
        const LocalBinding *b
            = in.bindings->find(std::string(pb.logical_port()));
        return !b || b->pb != pb || b->additional
               || !pb.additional_chassis().empty();
    }
    return false;
}

std::vector<std::string>
Physical::handle_changes(const PhysicalInput &in, std::set<ovs::Uuid> changed)
{
    COVERAGE_INC(physical_changes);

    /* The datapaths whose rows are all to be computed again. */
    std::map<ovs::Uuid, sb::DatapathBinding> datapaths;
    /* Whether the local datapaths, or what their flows read of them, may
     * have changed. */
    bool datapaths_may_differ = (in.datapaths->changed()
                                 || !sb::DatapathBinding::tracked(in.sb)
                                         .empty());
    for (sb::PortBinding pb : sb::PortBinding::tracked(in.sb)) {
        if (pb.type() == "localnet") {
            datapaths_may_differ = true;
        }
        if (port_binding_change_matters(in, pb)) {
            changed.insert(pb.uuid());
            /* A patch port's peer outputs into it, by its keys. */
            if (!pb.is_deleted() && pb.type() == "patch") {
                if (const sb::PortBinding peer = patch_peer(in.ix, pb)) {
                    changed.insert(peer.uuid());
                }
            }
        }
    }

    if (sync_provider_ports(in, &changed)) {
        datapaths_may_differ = true;
    }
    if (datapaths_may_differ) {
        std::set<ovs::Uuid> synced;
        sync_datapaths(in, &changed, &synced);
        for (const ovs::Uuid &uuid : synced) {
            datapaths.emplace(uuid, in.datapaths->datapaths().at(uuid));
        }
    }
    add_ha_group_ports(in, &changed);

    std::vector<std::string> local;
    for (const ovs::Uuid &uuid : changed) {
        const bool is_local = handle_port_binding(in, uuid);
        if (is_local) {
            local.emplace_back(sb::PortBinding::get_for_uuid(in.sb, uuid)
                                   .logical_port());
        }
    }

    /* Each multicast group once: those the IDL reports (deleted ones
     * only lose their flows), every group of the datapaths whose flows
     * are computed again above, and the groups that list a port whose
     * flows were (each group's members as its flows last read them):
     * not every group of the port's datapath. */
    std::set<ovs::Uuid> groups;
    for (sb::MulticastGroup mc : sb::MulticastGroup::tracked(in.sb)) {
        if (mc_lists_the_same(mc)) {
            /* The IDL reports a row whose references changed: a port it
             * lists changed, which the groups that list it see below. */
            continue;
        }
        groups.insert(mc.uuid());
        handle_multicast_group(in, mc, mc.is_deleted(), &changed);
    }
    for (const auto &[uuid, dp] : datapaths) {
        for (sb::MulticastGroup mc
                 : sb::MulticastGroup::all_by_datapath(in.ix, dp)) {
            if (groups.insert(mc.uuid()).second) {
                handle_multicast_group(in, mc, false, &changed);
            }
        }
    }
    std::set<ovs::Uuid> listing;
    for (const ovs::Uuid &port : changed) {
        auto it = groups_of_port_.find(port);
        if (it != groups_of_port_.end()) {
            listing.insert(it->second.begin(), it->second.end());
        }
    }
    for (const ovs::Uuid &uuid : listing) {
        if (!groups.insert(uuid).second) {
            continue;
        }
        const sb::MulticastGroup mc = sb::MulticastGroup::get_for_uuid(
            in.sb, uuid);
        if (mc && !mc_members_changed(in, uuid, changed)) {
            /* Our own claim's echoes (the chassis, 'up'), and any change
             * that leaves what its ports give the group as it was: its
             * flows stay as they are. */
            COVERAGE_INC(physical_mc_group_kept);
        } else if (mc) {
            handle_multicast_group(in, mc, false, &changed);
        } else {
            remove_owner(uuid);
        }
    }
    return local;
}

}  // namespace ovn
