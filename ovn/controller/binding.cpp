#include <config.h>

#include "ovn/controller/binding.h"

#include <cstring>
#include <unordered_map>

#include "lib/ovs-internal.h"
#include "lib/shim/vswitch-idl-shim.h"
#include "openvswitch/vlog.h"
#include "ovn/lib/bad-row.h"
#include "ovn/lib/sb-shim.h"
#include "smap.h"

VLOG_DEFINE_THIS_MODULE(binding);

COVERAGE_DEFINE(binding_claim);
COVERAGE_DEFINE(binding_run);
COVERAGE_DEFINE(binding_release);

namespace ovn {

namespace {

constexpr const char *OVN_INSTALLED = "ovn-installed";

bool
is_vif(const sbrec_port_binding *pb)
{
    return !*sb_shim_port_binding_type(pb);
}

const char *
chassis_name(const sbrec_chassis *ch)
{
    return ch ? sb_shim_chassis_name(ch) : "(none)";
}

}  // namespace

void
Bindings::claim(const sbrec_port_binding *pb, const sbrec_chassis *chassis)
{
    const sbrec_chassis *old = sb_shim_port_binding_chassis(pb);
    if (old == chassis) {
        return;
    }
    COVERAGE_INC(binding_claim);
    const char *lport = sb_shim_port_binding_logical_port(pb);
    if (old) {
        VLOG_INFO("Changing chassis for lport %s from %s to %s.", lport,
                  chassis_name(old), chassis_name(chassis));
    } else {
        VLOG_INFO("Claiming lport %s for this chassis.", lport);
    }
    sb_shim_port_binding_set_chassis(pb, chassis);
    /* Up again only once this chassis has the port's flows. */
    if (sb_shim_port_binding_up(pb) == 1) {
        sb_shim_port_binding_set_up(pb, false);
    }
}

void
Bindings::release(const sbrec_port_binding *pb)
{
    COVERAGE_INC(binding_release);
    VLOG_INFO("Releasing lport %s from this chassis.",
              sb_shim_port_binding_logical_port(pb));
    sb_shim_port_binding_set_chassis(pb, nullptr);
    if (sb_shim_port_binding_up(pb) != 0) {
        sb_shim_port_binding_set_up(pb, false);
    }
}

bool
Bindings::run(const ovsdb_idl *sb, ovsdb_idl_txn *sb_txn,
              const ovsrec_bridge *br_int, const sbrec_chassis *chassis)
{
    COVERAGE_INC(binding_run);

    /* The Southbound's VIF ports by name, again only if a Port_Binding
     * changed (the rows stay where they are until then). */
    const unsigned int pb_seqno = sb_shim_port_binding_table_seqno(sb);
    if (vifs_seqno_ != pb_seqno) {
        vifs_.clear();
        for (const sbrec_port_binding *pb = sb_shim_port_binding_first(sb);
             pb; pb = sb_shim_port_binding_next(pb)) {
            if (is_vif(pb)) {
                vifs_.emplace(sb_shim_port_binding_logical_port(pb), pb);
            }
        }
        vifs_seqno_ = pb_seqno;
    }
    const auto &vifs = vifs_;

    std::map<std::string, LocalBinding> bindings;
    for (size_t i = 0; br_int && i < ovs_shim_bridge_n_ports(br_int); i++) {
        const ovsrec_port *port = ovs_shim_bridge_port(br_int, i);
        for (size_t j = 0; j < ovs_shim_port_n_interfaces(port); j++) {
            const ovsrec_interface *iface = ovs_shim_port_interface(port, j);
            const char *iface_id = smap_get(
                ovs_shim_interface_external_ids(iface), "iface-id");
            if (!iface_id) {
                continue;
            }
            auto pb = vifs.find(iface_id);
            if (pb == vifs.end()) {
                /* Not (yet) in the Southbound: nothing to bind. */
                continue;
            }
            if (!sb_shim_port_binding_datapath(pb->second)) {
                report_bad_row("Port_Binding", iface_id, "no datapath");
                continue;
            }
            LocalBinding b{pb->second, iface,
                           ovs_shim_interface_ofport(iface)};
            auto [it, inserted] = bindings.emplace(iface_id, b);
            if (!inserted) {
                static struct vlog_rate_limit rl
                    = VLOG_RATE_LIMIT_INIT(5, 20);
                VLOG_WARN_RL(&rl, "interfaces %s and %s both have "
                             "iface-id %s; binding only %s",
                             ovs_shim_interface_name(it->second.iface),
                             ovs_shim_interface_name(iface), iface_id,
                             ovs_shim_interface_name(it->second.iface));
            }
        }
    }

    bool complete = true;
    for (const auto &[lport, b] : bindings) {
        if (sb_shim_port_binding_chassis(b.pb) != chassis) {
            if (sb_txn && chassis) {
                claim(b.pb, chassis);
            } else {
                complete = false;
            }
        }
    }
    for (const auto &[lport, pb] : vifs) {
        if (chassis && sb_shim_port_binding_chassis(pb) == chassis
            && !bindings.count(lport)) {
            if (sb_txn) {
                release(pb);
            } else {
                complete = false;
            }
        }
    }

    /* What changed since the last run (added to what the caller has not
     * consumed yet). */
    std::map<std::string, Snapshot> current;
    for (const auto &[lport, b] : bindings) {
        Snapshot snap{ovs::Uuid(*sb_shim_port_binding_uuid(b.pb)),
                      b.ofport};
        auto old = previous_.find(lport);
        if (old == previous_.end() || old->second.pb != snap.pb
            || old->second.ofport != snap.ofport) {
            changed_.insert(snap.pb);
            if (old != previous_.end()) {
                changed_.insert(old->second.pb);
            }
        }
        current.emplace(lport, snap);
    }
    for (const auto &[lport, snap] : previous_) {
        if (!current.count(lport)) {
            changed_.insert(snap.pb);
            pending_.erase(lport);
        }
    }
    previous_ = std::move(current);

    std::map<ovs::Uuid, const sbrec_datapath_binding *> datapaths;
    for (const auto &[lport, b] : bindings) {
        const sbrec_datapath_binding *dp
            = sb_shim_port_binding_datapath(b.pb);
        datapaths.emplace(ovs::Uuid(*sb_shim_datapath_binding_uuid(dp)), dp);
    }
    bool dp_changed = datapaths.size() != local_datapaths_.size();
    for (auto a = datapaths.begin(), b = local_datapaths_.begin();
         !dp_changed && a != datapaths.end(); ++a, ++b) {
        dp_changed = a->first != b->first;
    }
    datapaths_changed_ |= dp_changed;
    local_datapaths_ = std::move(datapaths);
    bindings_ = std::move(bindings);
    check_unbound_ = true;
    return complete;
}

const LocalBinding *
Bindings::find(const std::string &logical_port) const
{
    auto it = bindings_.find(logical_port);
    return it == bindings_.end() ? nullptr : &it->second;
}

bool
Bindings::is_local_datapath(const sbrec_datapath_binding *dp) const
{
    return dp && local_datapaths_.count(
        ovs::Uuid(*sb_shim_datapath_binding_uuid(dp)));
}

void
Bindings::flows_computed(const std::string &logical_port, uint64_t seqno)
{
    pending_[logical_port] = seqno;
}

void
Bindings::report_installed(ovsdb_idl_txn *ovs_txn, ovsdb_idl_txn *sb_txn,
                           const ovsrec_bridge *br_int,
                           const sbrec_chassis *chassis,
                           uint64_t acked_seqno)
{
    for (auto it = pending_.begin(); it != pending_.end();) {
        const LocalBinding *b = find(it->first);
        if (!b) {
            it = pending_.erase(it);
            continue;
        }
        /* Installed only with flows for a real OpenFlow port. */
        if (it->second > acked_seqno || b->ofport <= 0) {
            ++it;
            continue;
        }
        bool done = true;
        const smap *ids = ovs_shim_interface_external_ids(b->iface);
        if (!smap_get_bool(ids, OVN_INSTALLED, false)) {
            if (ovs_txn) {
                VLOG_INFO("Setting lport %s ovn-installed in OVS",
                          it->first.c_str());
                ovs_shim_interface_set_external_id(b->iface, OVN_INSTALLED,
                                                   "true");
            } else {
                done = false;
            }
        }
        /* 'up' only once the claim is in the Southbound. */
        if (sb_shim_port_binding_chassis(b->pb) != chassis) {
            done = false;
        } else if (sb_shim_port_binding_up(b->pb) != 1) {
            if (sb_txn) {
                VLOG_INFO("Setting lport %s up in Southbound",
                          it->first.c_str());
                sb_shim_port_binding_set_up(b->pb, true);
            } else {
                done = false;
            }
        }
        it = done ? pending_.erase(it) : std::next(it);
    }

    /* An interface that lost its binding loses the mark too.  Bindings
     * change only in run(), so once after each is enough. */
    if (!ovs_txn || !br_int || !check_unbound_) {
        return;
    }
    check_unbound_ = false;
    for (size_t i = 0; i < ovs_shim_bridge_n_ports(br_int); i++) {
        const ovsrec_port *port = ovs_shim_bridge_port(br_int, i);
        for (size_t j = 0; j < ovs_shim_port_n_interfaces(port); j++) {
            const ovsrec_interface *iface = ovs_shim_port_interface(port, j);
            const smap *ids = ovs_shim_interface_external_ids(iface);
            if (!smap_get(ids, OVN_INSTALLED)) {
                continue;
            }
            const char *iface_id = smap_get(ids, "iface-id");
            const LocalBinding *b = iface_id ? find(iface_id) : nullptr;
            if (!b || b->iface != iface) {
                ovs_shim_interface_set_external_id(iface, OVN_INSTALLED,
                                                   nullptr);
            }
        }
    }
}

void
Bindings::clear_changes()
{
    changed_.clear();
    datapaths_changed_ = false;
}

}  // namespace ovn
