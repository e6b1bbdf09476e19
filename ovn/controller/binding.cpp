#include <config.h>

#include "ovn/controller/binding.h"

#include <cstring>
#include <vector>

#include "lib/ovs-internal.h"
#include "lib/shim/vswitch-idl-shim.h"
#include "openvswitch/vlog.h"
#include "ovn/lib/bad-row.h"
#include "ovn/lib/sb-rows.h"
#include "ovn/lib/sb-shim.h"
#include "smap.h"

VLOG_DEFINE_THIS_MODULE(binding);

COVERAGE_DEFINE(binding_claim);
COVERAGE_DEFINE(binding_run);
COVERAGE_DEFINE(binding_release);

namespace ovn {

namespace {

bool
is_vif(sb::PortBinding pb)
{
    return pb.type().empty();
}

std::string
chassis_name(sb::Chassis ch)
{
    return ch ? std::string(ch.name()) : "(none)";
}

}  // namespace

void
Bindings::claim(sb::PortBinding pb, sb::Chassis chassis)
{
    const sb::Chassis old = pb.chassis();
    if (old == chassis) {
        return;
    }
    COVERAGE_INC(binding_claim);
    const std::string lport(pb.logical_port());
    if (old) {
        VLOG_INFO("Changing chassis for lport %s from %s to %s.",
                  lport.c_str(), chassis_name(old).c_str(),
                  chassis_name(chassis).c_str());
    } else {
        VLOG_INFO("Claiming lport %s for this chassis.", lport.c_str());
    }
    sb_shim_port_binding_set_chassis(pb.get(), chassis.get());
    /* Up again only once this chassis has the port's flows. */
    if (pb.up().value_or(false)) {
        sb_shim_port_binding_set_up(pb.get(), false);
    }
}

void
Bindings::release(sb::PortBinding pb)
{
    COVERAGE_INC(binding_release);
    VLOG_INFO("Releasing lport %s from this chassis.",
              std::string(pb.logical_port()).c_str());
    sb_shim_port_binding_set_chassis(pb.get(), nullptr);
    if (pb.up() != false) {
        sb_shim_port_binding_set_up(pb.get(), false);
    }
}

bool
Bindings::run(const sb::Indexes *ix, ovsdb_idl_txn *sb_txn,
              const ovsrec_bridge *br_int, sb::Chassis chassis)
{
    COVERAGE_INC(binding_run);

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
            const sb::PortBinding pb
                = sb::PortBinding::find_by_name(ix, iface_id);
            if (!pb || !is_vif(pb)) {
                /* Not (yet) in the Southbound: nothing to bind. */
                continue;
            }
            if (!pb.datapath()) {
                report_bad_row("Port_Binding", iface_id, "no datapath");
                continue;
            }
            LocalBinding b{pb, iface, ovs_shim_interface_ofport(iface)};
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
        if (b.pb.chassis() != chassis) {
            if (sb_txn && chassis) {
                claim(b.pb, chassis);
            } else {
                complete = false;
            }
        }
    }
    /* The VIFs this chassis holds (from an earlier run, or an earlier
     * process) that no interface names any more.  Collected first:
     * releasing one moves it in the index. */
    std::vector<sb::PortBinding> stale;
    if (chassis) {
        for (sb::PortBinding pb
                 : sb::PortBinding::all_by_chassis(ix, chassis)) {
            if (is_vif(pb)
                && !bindings.count(std::string(pb.logical_port()))) {
                stale.push_back(pb);
            }
        }
    }
    for (sb::PortBinding pb : stale) {
        if (sb_txn) {
            release(pb);
        } else {
            complete = false;
        }
    }

    /* What changed since the last run (added to what the caller has not
     * consumed yet). */
    std::map<std::string, Snapshot> current;
    for (const auto &[lport, b] : bindings) {
        Snapshot snap{b.pb.uuid(), b.ofport};
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
        }
    }
    previous_ = std::move(current);

    std::map<ovs::Uuid, sb::DatapathBinding> datapaths;
    for (const auto &[lport, b] : bindings) {
        const sb::DatapathBinding dp = b.pb.datapath();
        datapaths.emplace(dp.uuid(), dp);
    }
    bool dp_changed = datapaths.size() != local_datapaths_.size();
    for (auto a = datapaths.begin(), b = local_datapaths_.begin();
         !dp_changed && a != datapaths.end(); ++a, ++b) {
        dp_changed = a->first != b->first;
    }
    datapaths_changed_ |= dp_changed;
    local_datapaths_ = std::move(datapaths);
    bindings_ = std::move(bindings);
    run_seqno_++;
    return complete;
}

const LocalBinding *
Bindings::find(const std::string &logical_port) const
{
    auto it = bindings_.find(logical_port);
    return it == bindings_.end() ? nullptr : &it->second;
}

bool
Bindings::is_local_datapath(sb::DatapathBinding dp) const
{
    return dp && local_datapaths_.count(dp.uuid());
}

void
Bindings::clear_changes()
{
    changed_.clear();
    datapaths_changed_ = false;
}

}  // namespace ovn
