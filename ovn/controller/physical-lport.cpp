/* The physical flows of the port types beyond plain VIFs and patch ports,
 * as OVN 23.03 installs them (checked against it: tests/port-types2.at):
 *
 *   - a localport: what it sends is marked (MLF_LOCALPORT in table 0) and
 *     never goes into a tunnel (table 39); table 41 already keeps it off
 *     the localnet ports;
 *   - a container port (a VIF inside a VIF, on a VLAN of its parent's
 *     interface): table 0 takes the packets of its VLAN from the parent's
 *     OpenFlow port, popping the tag and marking them
 *     MLF_NESTED_CONTAINER; table 65 pushes the tag back on the way out.
 *     The parent and its containers share an OpenFlow port, so output to
 *     one of them always clears in_port first (table 64);
 *   - a port on another chassis of a datapath with a localnet port: it is
 *     reached through the localnet port (table 40), not a tunnel; so is an
 *     external port (which has no interface anywhere) where it is active,
 *     and there what a localport sends to its MACs may leave through the
 *     localnet port after all (table 41: a metadata port's DHCP replies to
 *     a baremetal host).
 *
 * Part of class Physical (physical.h), which owns the flows. */
#include <config.h>

#include "ovn/controller/physical.h"

#include <string>

#include "lib/ovs-internal.h"

#include "ovn/controller/binding.h"
#include "ovn/controller/ha-chassis.h"
#include "ovn/controller/local-datapaths.h"
#include "ovn/controller/lport-type.h"
#include "ovn/controller/patch.h"
#include "ovn/controller/physical-impl.h"
#include "ovn/lib/logical-fields.h"
#include "ovn/lib/lport-addresses.h"

namespace ovn {

using namespace physical_impl;

/* What a VIF bound here adds for its type, after its VIF flows. */
void
Physical::add_vif_type_flows(sb::PortBinding pb)
{
    const sb::DatapathBinding dp = pb.datapath();
    const ovs::Uuid owner = pb.uuid();

    if (lport_type(pb) == LportType::LOCALPORT) {
        /* Table 39: never into a tunnel. */
        ovs::Match m;
        match_set_metadata(m.get(), htonll(dp.tunnel_key()));
        match_set_reg(m.get(), reg_index(MFF_LOG_INPORT), pb.tunnel_key());
        add_flow(OFTABLE_REMOTE_OUTPUT, 150, m,
                 ovs::OfpactsBuilder().resubmit(OFTABLE_LOCAL_OUTPUT), owner);
    }
}

/* The flows of container port 'pb', bound here on its parent's OpenFlow
 * port 'ofport' (binding.h checked its tag). */
void
Physical::add_container_flows(const PhysicalInput &in, sb::PortBinding pb,
                              int64_t ofport)
{
    const std::string lport(pb.logical_port());
    const sb::DatapathBinding dp = pb.datapath();
    const int64_t dp_key = dp.tunnel_key();
    const int64_t port_key = pb.tunnel_key();
    const uint16_t tag = static_cast<uint16_t>(*pb.tag());
    const ovs::Uuid owner = pb.uuid();
    owners_.insert(owner);

    /* Table 0: the parent's packets on the container's VLAN. */
    ovs::Match m;
    match_set_in_port(m.get(), OFP_PORT_C(ofport));
    match_set_dl_vlan(m.get(), htons(tag), 0);
    ovs::OfpactsBuilder ingress;
    ingress.load_bits(MFF_LOG_FLAGS, 1, MLF_NESTED_CONTAINER_BIT, 1)
        .strip_vlan();
    load_zones(ingress, *in.zones, lport, dp.uuid().to_string());
    ingress.load(MFF_LOG_DATAPATH, dp_key)
        .load(MFF_LOG_INPORT, port_key)
        .resubmit(OFTABLE_LOG_INGRESS_PIPELINE);
    add_flow(OFTABLE_PHY_TO_LOG, 150, m, ingress, owner);

    /* Tables 40 and 41, with the container's zones. */
    add_delivery_flows(in, pb);

    /* Table 64: the packet may have come in on the same OpenFlow port
     * (from the parent or another container): always clear in_port. */
    add_clear_in_port_flow(match_outport(dp_key, port_key), owner);
    /* And to the parent, from a container: 23.03 matches the parent's key
     * on the container's datapath, which is the parent's own datapath
     * unless the container lies on another (then the flow matches a port
     * of that datapath, or none, as 23.03's does). */
    const auto parent_name = pb.parent_port();
    const sb::PortBinding parent
        = parent_name ? sb::PortBinding::find_by_name(
                            in.ix, std::string(*parent_name).c_str())
                      : sb::PortBinding();
    if (parent) {
        ovs::Match m = match_outport(dp_key, parent.tunnel_key());
        const uint32_t nested = 1u << MLF_NESTED_CONTAINER_BIT;
        match_set_reg_masked(m.get(), reg_index(MFF_LOG_FLAGS), nested,
                             nested);
        add_clear_in_port_flow(m, owner);
    }

    /* Table 65: out of the parent's interface, tagged. */
    add_flow(OFTABLE_LOG_TO_PHY, 100, match_outport(dp_key, port_key),
             ovs::OfpactsBuilder()
                 .push_vlan(TPID_8021Q)
                 .set_vlan_vid(tag)
                 .output(ofport)
                 .strip_vlan(),
             owner);
}

/* Port 'pb', on another chassis, of a datapath with a localnet port: the
 * packets for it go out through the localnet port (table 40), and none at
 * all if that port has no patch port here.  Returns false, adding
 * nothing, if the datapath has no localnet port. */
bool
Physical::add_via_localnet_flows(const PhysicalInput &in, sb::PortBinding pb)
{
    const sb::DatapathBinding dp = pb.datapath();
    const sb::PortBinding localnet = in.datapaths->localnet_port(in.ix, dp);
    if (!localnet) {
        return false;
    }
    const std::string name(localnet.logical_port());
    if (in.patch_ports->localnet_ofport(name) <= 0) {
        return true;
    }
    const ovs::Uuid owner = pb.uuid();
    owners_.insert(owner);
    add_flow(OFTABLE_LOCAL_OUTPUT, 100,
             match_outport(dp.tunnel_key(), pb.tunnel_key()),
             ovs::OfpactsBuilder()
                 .load(MFF_LOG_OUTPORT, localnet.tunnel_key())
                 .resubmit(OFTABLE_LOCAL_OUTPUT),
             owner);
    if (pb.type() == "external" && in.ha_ports && in.ha_ports->is_active(pb)) {
        add_external_localport_flows(pb, localnet);
    }
    return true;
}

/* External port 'pb', active here, on the datapath of 'localnet': table
 * 41 keeps what a localport sends off the localnet port (MLF_LOCALPORT),
 * but not when it is for one of 'pb''s MACs, as 23.03 does; the packet
 * goes on to the egress pipeline as table 41's default flow sends it. */
void
Physical::add_external_localport_flows(sb::PortBinding pb,
                                       sb::PortBinding localnet)
{
    const ovs::Uuid owner = pb.uuid();
    const int64_t dp_key = pb.datapath().tunnel_key();
    ovs::OfpactsBuilder acts;
    for (int i = 0; i < MFF_N_LOG_REGS; i++) {
        acts.load(static_cast<mf_field_id>(MFF_LOG_REG0 + i), 0);
    }
    acts.resubmit(OFTABLE_LOG_EGRESS_PIPELINE);
    for (std::string_view address : pb.mac()) {
        const std::optional<eth_addr> mac
            = parse_mac(address.substr(0, address.find(' ')));
        if (!mac) {
            continue;
        }
        ovs::Match m = match_outport(dp_key, localnet.tunnel_key());
        const uint32_t flag = 1u << MLF_LOCALPORT_BIT;
        match_set_reg_masked(m.get(), reg_index(MFF_LOG_FLAGS), flag, flag);
        match_set_dl_dst(m.get(), *mac);
        add_flow(OFTABLE_CHECK_LOOPBACK, 170, m, acts, owner);
    }
}

}  // namespace ovn
