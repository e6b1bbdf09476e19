#include <config.h>

#include "ovn/controller/bfd.h"

#include <cstring>
#include <utility>
#include <vector>

#include "lib/ovs-internal.h"
#include "lib/shim/vswitch-idl-shim.h"
#include "ovn/controller/ovs-tracked.h"
#include "lib/smap-owner.h"
#include "openvswitch/vlog.h"
#include "smap.h"

VLOG_DEFINE_THIS_MODULE(bfd);

COVERAGE_DEFINE(bfd_configure);
COVERAGE_DEFINE(bfd_evaluate);

namespace ovn {

namespace {

constexpr const char *CHASSIS_ID_KEY = "ovn-chassis-id";

/* SB_Global's options that set BFD's parameters, and the Interface bfd
 * keys they set. */
constexpr std::pair<const char *, const char *> OPTION_KEYS[] = {
    {"bfd-min-rx", "min_rx"},
    {"bfd-decay-min-rx", "decay_min_rx"},
    {"bfd-min-tx", "min_tx"},
    {"bfd-mult", "mult"},
};

/* The values of OPTION_KEYS in SB_Global's options, "" for none. */
std::vector<std::string>
bfd_options(const ovsdb_idl *sb)
{
    std::vector<std::string> values;
    const sb::SbGlobal global = *sb::SbGlobal::table(sb).begin();
    for (const auto &option : OPTION_KEYS) {
        const char *value = global ? global.options().get(option.first)
                                   : nullptr;
        values.emplace_back(value ? value : "");
    }
    return values;
}

/* Calls 'fn(chassis_name, iface)' for each tunnel port of 'br_int' (one
 * interface, marked with an ovn-chassis-id "CHASSIS@IP"). */
template <typename Fn>
void
for_each_tunnel(const ovsrec_bridge *br_int, Fn fn)
{
    for (size_t i = 0; br_int && i < ovs_shim_bridge_n_ports(br_int); i++) {
        const ovsrec_port *port = ovs_shim_bridge_port(br_int, i);
        const char *id = smap_get(ovs_shim_port_external_ids(port),
                                  CHASSIS_ID_KEY);
        if (!id || ovs_shim_port_n_interfaces(port) != 1) {
            continue;
        }
        const char *at = strchr(id, '@');
        const std::string name = at ? std::string(id, at - id) : id;
        fn(name, ovs_shim_port_interface(port, 0));
    }
}

}  // namespace

std::set<std::string>
bfd_active_tunnels(const ovsrec_bridge *br_int)
{
    std::set<std::string> active;
    for_each_tunnel(br_int, [&](const std::string &name,
                                const ovsrec_interface *iface) {
        if (ovs_shim_interface_ofport(iface) <= 0
            || !smap_get_bool(ovs_shim_interface_bfd(iface), "enable",
                              false)) {
            return;
        }
        const char *state = smap_get(ovs_shim_interface_bfd_status(iface),
                                     "state");
        if (state && !strcmp(state, "up")) {
            active.insert(name);
        }
    });
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
bfd_run(ovsdb_idl_txn *ovs_txn, const ovsrec_bridge *br_int,
        const ovsdb_idl *sb, sb::Chassis chassis)
{
    if (!ovs_txn || !br_int) {
        return;
    }
    const std::set<std::string> peers = bfd_chassis(sb, chassis);

    ovs::Smap on;
    on.add("enable", "true");
    on.add("check_tnl_key", "true");
    const std::vector<std::string> options = bfd_options(sb);
    for (size_t i = 0; i < options.size(); i++) {
        if (!options[i].empty()) {
            on.add(OPTION_KEYS[i].second, options[i].c_str());
        }
    }
    ovs::Smap off;
    off.add("enable", "false");

    for_each_tunnel(br_int, [&](const std::string &name,
                                const ovsrec_interface *iface) {
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
    });
}

void
Bfd::note_changes(const ovsdb_idl *ovs_idl, const ovsdb_idl *sb,
                  sb::Chassis chassis, const ovsrec_bridge *br_int)
{
    const ovs::Uuid chassis_uuid = chassis ? chassis.uuid() : ovs::Uuid();
    if (chassis_uuid != chassis_ || br_int != br_int_) {
        chassis_ = chassis_uuid;
        br_int_ = br_int;
        stale_ = configure_ = true;
    }
    if (ovs_tracked_ports_concern(ovs_idl, ports_, ifaces_,
                                  CHASSIS_ID_KEY)) {
        /* A tunnel came, went, or its BFD state or configuration
         * changed. */
        stale_ = configure_ = true;
    }
    if (!sb::HaChassisGroup::tracked(sb).empty()
        || !sb::HaChassis::tracked(sb).empty()
        || !sb::Chassis::tracked(sb).empty()) {
        configure_ = true;
    }
    std::vector<std::string> options = bfd_options(sb);
    if (options != options_) {
        options_ = std::move(options);
        configure_ = true;
    }
}

void
Bfd::find_tunnels(const ovsrec_bridge *br_int)
{
    ports_.clear();
    ifaces_.clear();
    for (size_t i = 0; br_int && i < ovs_shim_bridge_n_ports(br_int); i++) {
        const ovsrec_port *port = ovs_shim_bridge_port(br_int, i);
        if (!smap_get(ovs_shim_port_external_ids(port), CHASSIS_ID_KEY)) {
            continue;
        }
        ports_.emplace(*ovs_shim_port_uuid(port));
        for (size_t j = 0; j < ovs_shim_port_n_interfaces(port); j++) {
            ifaces_.emplace(*ovs_shim_interface_uuid(
                                ovs_shim_port_interface(port, j)));
        }
    }
}

void
Bfd::run(ovsdb_idl_txn *ovs_txn, const ovsrec_bridge *br_int,
         const ovsdb_idl *sb, sb::Chassis chassis)
{
    if (!br_int || (!stale_ && !configure_)) {
        return;
    }
    COVERAGE_INC(bfd_evaluate);
    VLOG_DBG("looking at the tunnels' BFD again (%s%s)",
             stale_ ? "state" : "", configure_ ? " configuration" : "");
    if (configure_ && ovs_txn) {
        bfd_run(ovs_txn, br_int, sb, chassis);
        configure_ = false;
    }
    if (stale_) {
        find_tunnels(br_int);
        active_ = bfd_active_tunnels(br_int);
        stale_ = false;
    }
}

}  // namespace ovn
