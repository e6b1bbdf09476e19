/* The physical flows of a port bound to more than one chassis: live
 * migration, as OVN 23.03 does it (ovn-sb(5), Port_Binding's
 * additional_chassis and options:activation-strategy).
 *
 * A VIF bound here, whose Port_Binding names other chassis too (its main
 * chassis, if this one is an additional one, and its other additional
 * chassis), gets one more flow in table 39: what is output to the port is
 * also sent through the tunnel to each of those chassis, then delivered
 * here (table 40) as usual.  A chassis without a tunnel is logged
 * (rate-limited) and left out.
 *
 * On an additional chassis, options:activation-strategy=rarp holds the
 * port until the VM announces itself there: until this chassis is named
 * in options:additional-chassis-activated, packets from the port are
 * dropped in table 0 (priority 1000), except RARPs, which go to pinctrl
 * (controller action activation_strategy_rarp, pinctrl-activation.cpp,
 * which writes that option) and on into the pipeline (priority 1010),
 * and packets to the port are dropped in table 65 (priority 1000).  An
 * unknown strategy is logged (rate-limited), counted
 * (physical_unknown_activation_strategy), and holds nothing.
 *
 * Part of class Physical (physical.h), which owns the flows. */
#include <config.h>

#include <string>
#include <string_view>
#include <vector>

#include "lib/ovs-internal.h"
#include "openvswitch/vlog.h"
#include "ovn/controller/ct-zones.h"
#include "ovn/controller/encaps.h"
#include "ovn/controller/lport-type.h"
#include "ovn/controller/physical-impl.h"
#include "ovn/controller/physical.h"
#include "ovn/lib/actions.h"
#include "ovn/lib/logical-fields.h"

VLOG_DEFINE_THIS_MODULE(physical_migration);

COVERAGE_DEFINE(physical_unknown_activation_strategy);

namespace ovn {

using namespace physical_impl;

namespace {

constexpr uint16_t ETH_TYPE_RARP_ = 0x8035;

}  // namespace

void
Physical::add_migration_flows(const PhysicalInput &in, sb::PortBinding pb,
                              int64_t ofport)
{
    if (!in.chassis || lport_type(pb) != LportType::VIF) {
        return;
    }
    const ovs::Uuid owner = pb.uuid();
    const sb::DatapathBinding dp = pb.datapath();
    const int64_t dp_key = dp.tunnel_key();
    const int64_t port_key = pb.tunnel_key();
    const std::string lport(pb.logical_port());

    /* The other chassis, main first. */
    std::vector<std::pair<sb::Chassis, const char *>> others;
    if (const sb::Chassis main = pb.chassis()) {
        if (main != in.chassis) {
            others.emplace_back(main, "main");
        }
    }
    bool additional_here = false;
    for (sb::Chassis ch : pb.additional_chassis()) {
        if (ch == in.chassis) {
            additional_here = true;
        } else if (ch) {
            others.emplace_back(ch, "additional");
        }
    }

    std::vector<int64_t> geneve;
    std::vector<int64_t> vxlan;
    for (const auto &[ch, role] : others) {
        const Tunnel *tunnel = in.tunnels->find(std::string(ch.name()));
        if (!tunnel || (!tunnel->vxlan && !in.geneve_field)) {
            static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 5);
            VLOG_WARN_RL(&rl, "Failed to locate tunnel to reach %s chassis "
                         "%s for port %s. Cloning packets disabled for the "
                         "chassis.", role, std::string(ch.name()).c_str(),
                         lport.c_str());
            continue;
        }
        (tunnel->vxlan ? vxlan : geneve).push_back(tunnel->ofport);
    }
    if (!geneve.empty() || !vxlan.empty()) {
        ovs::OfpactsBuilder remote;
        if (!geneve.empty()) {
            put_encapsulation(remote, in.geneve_field, dp_key, port_key);
            for (int64_t tunnel : geneve) {
                remote.output(tunnel);
            }
        }
        if (!vxlan.empty()) {
            put_vxlan_encapsulation(remote, dp_key, port_key);
            for (int64_t tunnel : vxlan) {
                remote.output(tunnel);
            }
        }
        remote.resubmit(OFTABLE_LOCAL_OUTPUT);
        add_flow(OFTABLE_REMOTE_OUTPUT, 100, match_outport(dp_key, port_key),
                 remote, owner);
    }

    const char *strategy = pb.options().get("activation-strategy");
    if (!additional_here || !strategy || lport_additional_activated(pb, in.chassis.name())) {
        return;
    }
    if (std::string_view(strategy) != "rarp") {
        static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 5);
        COVERAGE_INC(physical_unknown_activation_strategy);
        VLOG_WARN_RL(&rl, "Unknown activation strategy defined for port %s: "
                     "%s", lport.c_str(), strategy);
        return;
    }

    /* RARPs from the port: to pinctrl, and on as any packet from it. */
    ovs::Match rarp;
    match_set_in_port(rarp.get(), OFP_PORT_C(ofport));
    match_set_dl_type(rarp.get(), htons(ETH_TYPE_RARP_));
    ovs::OfpactsBuilder ingress;
    load_zones(ingress, *in.zones, lport, dp.uuid().to_string());
    ingress.load(MFF_LOG_DATAPATH, dp_key)
        .load(MFF_LOG_INPORT, port_key)
        .controller(ACTION_OPCODE_ACTIVATION_STRATEGY_RARP)
        .resubmit(OFTABLE_LOG_INGRESS_PIPELINE);
    add_flow(OFTABLE_PHY_TO_LOG, 1010, rarp, ingress, owner);

    /* The rest, either way, dropped. */
    ovs::Match from;
    match_set_in_port(from.get(), OFP_PORT_C(ofport));
    add_flow(OFTABLE_PHY_TO_LOG, 1000, from, ovs::OfpactsBuilder(), owner);
    add_flow(OFTABLE_LOG_TO_PHY, 1000, match_outport(dp_key, port_key),
             ovs::OfpactsBuilder(), owner);
}

}  // namespace ovn
