#include <config.h>

#include "ovn/controller/encaps.h"

#include <arpa/inet.h>

#include <cstring>
#include <set>

#include "lib/ovs-internal.h"
#include "lib/shim/vswitch-idl-shim.h"
#include "lib/smap-owner.h"
#include "openvswitch/vlog.h"
#include "ovn/controller/ovs-tracked.h"
#include "ovn/lib/bad-row.h"
#include "ovn/lib/sb-rows.h"
#include "smap.h"

VLOG_DEFINE_THIS_MODULE(encaps);

COVERAGE_DEFINE(encaps_bad_csum);

namespace ovn {

namespace {

constexpr const char *CHASSIS_ID_KEY = "ovn-chassis-id";

bool
is_ip_address(const char *s)
{
    unsigned char buf[sizeof(struct in6_addr)];
    return inet_pton(AF_INET, s, buf) == 1 || inet_pton(AF_INET6, s, buf) == 1;
}

/* What the tunnel port to one chassis should look like. */
struct WantedTunnel {
    ovs::Uuid chassis;
    std::string chassis_id;     /* "CHASSIS@IP". */
    ovs::Smap options;
    std::string type;           /* "geneve" or "vxlan". */
};

/* The tunnel type to use towards 'ch': Geneve if it offers it, else VXLAN
 * if both it and 'ours' do (23.03's preference; STT is not supported);
 * "" if none. */
std::string
tunnel_type(sb::Chassis ch, sb::Chassis ours)
{
    bool geneve = false;
    bool vxlan = false;
    for (sb::Encap encap : ch.encaps()) {
        geneve |= encap && encap.type() == "geneve";
        vxlan |= encap && encap.type() == "vxlan";
    }
    if (geneve) {
        return "geneve";
    }
    if (vxlan && ours) {
        for (sb::Encap encap : ours.encaps()) {
            if (encap && encap.type() == "vxlan") {
                return "vxlan";
            }
        }
    }
    return "";
}

/* The Geneve endpoint of 'ch', filling 'wanted'; false (after reporting
 * why) if it has none that can be used. */
bool
wanted_tunnel(sb::Chassis ch, sb::Chassis ours, WantedTunnel &wanted)
{
    const std::string name(ch.name());
    const std::string type = tunnel_type(ch, ours);
    bool has_geneve = false;
    for (sb::Encap encap : ch.encaps()) {
        if (!encap || type.empty() || encap.type() != type) {
            continue;
        }
        has_geneve = true;
        const std::string ip(encap.ip());
        if (!is_ip_address(ip.c_str())) {
            report_bad_row("Chassis", name,
                           "Geneve encap IP '" + ip
                           + "' is not an IP address");
            continue;
        }
        const ovs::SmapView eo = encap.options();
        wanted.chassis = ch.uuid();
        wanted.type = type;
        wanted.chassis_id = name + "@" + ip;
        wanted.options.add("remote_ip", ip);
        wanted.options.add("key", "flow");
        /* The remote chassis's ovn-encap-csum: as 23.03, only "true" and
         * "false" reach the tunnel (ovs-vswitchd would refuse the rest). */
        if (const char *csum = eo.get("csum")) {
            if (!strcmp(csum, "true") || !strcmp(csum, "false")) {
                wanted.options.add("csum", csum);
            } else {
                static struct vlog_rate_limit rl
                    = VLOG_RATE_LIMIT_INIT(1, 5);
                COVERAGE_INC(encaps_bad_csum);
                VLOG_WARN_RL(&rl, "Chassis %s: Encap option csum=%s is "
                             "neither true nor false, tunnel left without "
                             "it", name.c_str(), csum);
            }
        }
        if (const char *dst_port = eo.get("dst_port")) {
            wanted.options.add("dst_port", dst_port);
        }
        return true;
    }
    if (!has_geneve) {
        report_bad_row("Chassis", name, "no Geneve encap");
    }
    return false;
}

/* The chassis name in an ovn-chassis-id value. */
std::string
chassis_of(const char *chassis_id)
{
    const char *at = strchr(chassis_id, '@');
    return at ? std::string(chassis_id, at - chassis_id) : chassis_id;
}

std::string
new_port_name(const std::set<std::string> &taken, const std::string &chassis)
{
    /* The index keeps names unique when chassis names share their first
     * six characters. */
    for (unsigned int i = 0;; i++) {
        char name[32];
        snprintf(name, sizeof name, "ovn-%.6s-%x", chassis.c_str(), i);
        if (!taken.count(name)) {
            return name;
        }
    }
}

}  // namespace

bool
Tunnels::run(ovsdb_idl_txn *ovs_txn, const ovsrec_bridge *br_int,
             const ovsdb_idl *sb, sb::Chassis ours)
{
    std::map<std::string, WantedTunnel> wanted;
    for (sb::Chassis ch : sb::Chassis::table(sb)) {
        if (ch == ours) {
            continue;
        }
        /* Built in place: an Smap does not move. */
        const std::string name(ch.name());
        if (!wanted_tunnel(ch, ours, wanted[name])) {
            wanted.erase(name);
        }
    }

    incomplete_ = false;
    ports_.clear();
    ifaces_.clear();
    std::map<std::string, Tunnel> tunnels;
    std::set<std::string> port_names;
    std::set<std::string> present;
    for (size_t i = 0; br_int && i < ovs_shim_bridge_n_ports(br_int); i++) {
        const ovsrec_port *port = ovs_shim_bridge_port(br_int, i);
        if (!port) {
            continue;
        }
        port_names.insert(ovs_shim_port_name(port));
        const char *id = smap_get(ovs_shim_port_external_ids(port),
                                  CHASSIS_ID_KEY);
        if (!id) {
            continue;
        }
        ports_.insert(ovs::Uuid(*ovs_shim_port_uuid(port)));
        for (size_t j = 0; j < ovs_shim_port_n_interfaces(port); j++) {
            ifaces_.insert(ovs::Uuid(*ovs_shim_interface_uuid(
                                         ovs_shim_port_interface(port, j))));
        }
        const std::string chassis = chassis_of(id);
        auto w = wanted.find(chassis);
        if (w == wanted.end() || w->second.chassis_id != id
            || present.count(chassis)
            || ovs_shim_port_n_interfaces(port) != 1
            || w->second.type != ovs_shim_interface_type(
                   ovs_shim_port_interface(port, 0))) {
            /* The chassis is gone or moved, or this is a duplicate. */
            if (ovs_txn) {
                VLOG_INFO("removing tunnel port %s (%s)",
                          ovs_shim_port_name(port), id);
                ovs_shim_bridge_del_port(br_int, port);
            } else {
                incomplete_ = true;
            }
            continue;
        }
        present.insert(chassis);
        const ovsrec_interface *iface = ovs_shim_port_interface(port, 0);
        if (!smap_equal(ovs_shim_interface_options(iface),
                        w->second.options.get())) {
            if (ovs_txn) {
                ovs_shim_interface_set_options(iface,
                                               w->second.options.get());
            } else {
                incomplete_ = true;
            }
        }
        const int64_t ofport = ovs_shim_interface_ofport(iface);
        if (ofport > 0) {
            tunnels.emplace(chassis, Tunnel{w->second.chassis, ofport,
                                            w->second.type == "vxlan"});
        }
    }

    for (const auto &[chassis, w] : wanted) {
        if (present.count(chassis) || !br_int) {
            continue;
        }
        if (!ovs_txn) {
            incomplete_ = true;
            continue;
        }
        const std::string name = new_port_name(port_names, chassis);
        port_names.insert(name);
        VLOG_INFO("adding tunnel port %s to %s", name.c_str(),
                  w.chassis_id.c_str());
        ovs::Smap port_ids;
        port_ids.add(CHASSIS_ID_KEY, w.chassis_id);
        ovs_shim_bridge_add_port(ovs_txn, br_int, name.c_str(),
                                 w.type.c_str(),
                                 w.options.get(), port_ids.get());
    }

    const bool changed = tunnels != tunnels_;
    tunnels_ = std::move(tunnels);
    return changed;
}

bool
Tunnels::tracked_changes_matter(const ovsdb_idl *ovs_idl) const
{
    return ovs_tracked_ports_concern(ovs_idl, ports_, ifaces_,
                                     CHASSIS_ID_KEY);
}

bool
tunnels_handle_change(Tunnels &tunnels, ovsdb_idl_txn *ovs_txn,
                      const ovsrec_bridge *br_int, const ovsdb_idl *sb,
                      sb::Chassis ours, bool *updated)
{
    *updated = tunnels.run(ovs_txn, br_int, sb, ours);
    return ovs_txn || !tunnels.incomplete();
}

const Tunnel *
Tunnels::find(const std::string &chassis_name) const
{
    auto it = tunnels_.find(chassis_name);
    return it == tunnels_.end() ? nullptr : &it->second;
}

}  // namespace ovn
