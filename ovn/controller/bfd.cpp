#include <config.h>

#include "ovn/controller/bfd.h"

#include <cstring>
#include <utility>
#include <vector>

#include "lib/ovs-internal.h"
#include "lib/shim/vswitch-idl-shim.h"
#include "lib/smap-owner.h"
#include "openvswitch/vlog.h"
#include "ovn/controller/ovs-tracked.h"
#include "smap.h"

VLOG_DEFINE_THIS_MODULE(bfd);

COVERAGE_DEFINE(bfd_configure);
COVERAGE_DEFINE(bfd_tunnel_ports_kept);
COVERAGE_DEFINE(bfd_tunnel_ports_walk);

namespace ovn {

namespace {

constexpr const char *CHASSIS_ID_KEY = "ovn-chassis-id";

}  // namespace

/* Whether 'changes' may change the list. */
bool
BfdTunnelPorts::changes_matter(const ovsrec_bridge *br_int,
                               const PortChanges &changes) const
{
    if (changes.moved) {
        return true;
    }
    for (const ovs::Uuid &uuid : changes.deleted) {
        if (ports_.count(uuid)) {
            return true;
        }
    }
    for (const ovs::Uuid &uuid : changes.changed) {
        if (ports_.count(uuid)) {
            return true;
        }
        const ovsrec_port *port = ovs_shim_bridge_port_by_uuid(br_int,
                                                               &uuid.get());
        if (port && smap_get(ovs_shim_port_external_ids(port), CHASSIS_ID_KEY)
            && ovs_shim_bridge_has_port(br_int, &uuid.get())) {
            return true;
        }
    }
    return false;
}

const BfdTunnelPorts::List &
BfdTunnelPorts::get(const ovsrec_bridge *br_int, unsigned int seqno,
                    const PortChanges &changes)
{
    if (valid_ && br_int == br_int_ && seqno == seqno_) {
        return list_;
    }
    if (valid_ && br_int == br_int_ && !changes_matter(br_int, changes)) {
        COVERAGE_INC(bfd_tunnel_ports_kept);
        seqno_ = seqno;
        return list_;
    }
    COVERAGE_INC(bfd_tunnel_ports_walk);
    list_.clear();
    ports_.clear();
    for (size_t i = 0; br_int && i < ovs_shim_bridge_n_ports(br_int); i++) {
        const ovsrec_port *port = ovs_shim_bridge_port(br_int, i);
        if (!port) {
            continue;
        }
        const char *id = smap_get(ovs_shim_port_external_ids(port),
                                  CHASSIS_ID_KEY);
        if (!id || ovs_shim_port_n_interfaces(port) != 1) {
            continue;
        }
        const char *at = strchr(id, '@');
        list_.emplace_back(at ? std::string(id, at - id) : id,
                           ovs_shim_port_interface(port, 0));
        ports_.insert(ovs::Uuid(*ovs_shim_port_uuid(port)));
    }
    br_int_ = br_int;
    seqno_ = seqno;
    valid_ = true;
    return list_;
}

std::set<std::string>
bfd_active_tunnels(const BfdTunnelPorts::List &tunnels)
{
    std::set<std::string> active;
    for (const auto &[name, iface] : tunnels) {
        if (ovs_shim_interface_ofport(iface) <= 0
            || !smap_get_bool(ovs_shim_interface_bfd(iface), "enable",
                              false)) {
            continue;
        }
        const char *state = smap_get(ovs_shim_interface_bfd_status(iface),
                                     "state");
        if (state && !strcmp(state, "up")) {
            active.insert(name);
        }
    }
    return active;
}

std::set<std::string>
bfd_chassis(const ovsdb_idl *sb, sb::Chassis chassis)
{
    std::set<std::string> peers;
    if (!chassis) {
        return peers;
    }
    for (sb::HaChassisGroup group : sb::HaChassisGroup::table(sb)) {
        std::vector<std::string> members;
        bool member = false;
        for (sb::HaChassis ha : group.ha_chassis()) {
            if (ha && ha.chassis()) {
                members.emplace_back(ha.chassis().name());
                member |= ha.chassis() == chassis;
            }
        }
        bool referrer = false;
        for (sb::Chassis ch : group.ref_chassis()) {
            if (!ch) {
                continue;
            }
            if (member) {
                peers.emplace(ch.name());
            }
            referrer |= ch == chassis;
        }
        if (member || referrer) {
            peers.insert(members.begin(), members.end());
        }
    }
    peers.erase(std::string(chassis.name()));
    return peers;
}

void
bfd_run(ovsdb_idl_txn *ovs_txn, const BfdTunnelPorts::List &tunnels,
        const ovsdb_idl *sb, sb::Chassis chassis)
{
    if (!ovs_txn) {
        return;
    }
    const std::set<std::string> peers = bfd_chassis(sb, chassis);

    ovs::Smap on;
    on.add("enable", "true");
    on.add("check_tnl_key", "true");
    const sb::SbGlobal global = *sb::SbGlobal::table(sb).begin();
    if (global) {
        const ovs::SmapView options = global.options();
        static const std::pair<const char *, const char *> keys[] = {
            {"bfd-min-rx", "min_rx"},
            {"bfd-decay-min-rx", "decay_min_rx"},
            {"bfd-min-tx", "min_tx"},
            {"bfd-mult", "mult"},
        };
        for (const auto &[option, key] : keys) {
            if (const char *value = options.get(option)) {
                on.add(key, value);
            }
        }
    }
    ovs::Smap off;
    off.add("enable", "false");

    for (const auto &[name, iface] : tunnels) {
        const smap *bfd = ovs_shim_interface_bfd(iface);
        if (peers.count(name)) {
            if (!smap_equal(bfd, on.get())) {
                COVERAGE_INC(bfd_configure);
                VLOG_INFO("enabling BFD on the tunnel to %s", name.c_str());
                ovs_shim_interface_set_bfd(iface, on.get());
            }
        } else if (smap_get_bool(bfd, "enable", false)) {
            COVERAGE_INC(bfd_configure);
            VLOG_INFO("disabling BFD on the tunnel to %s", name.c_str());
            ovs_shim_interface_set_bfd(iface, off.get());
        }
    }
}

}  // namespace ovn
