#include <config.h>

#include "ovn/controller/if-status.h"

#include "lib/shim/vswitch-idl-shim.h"
#include "openvswitch/vlog.h"
#include "ovn/controller/binding.h"
#include "ovn/controller/lport-type.h"
#include "ovn/lib/sb-shim.h"
#include "smap.h"

VLOG_DEFINE_THIS_MODULE(if_status);

namespace ovn {

namespace {

constexpr const char *OVN_INSTALLED = "ovn-installed";

}  // namespace

void
IfStatus::flows_computed(const std::string &logical_port, uint64_t seqno)
{
    pending_[logical_port] = seqno;
}

void
IfStatus::note_interfaces(const std::set<ovs::Uuid> &ifaces)
{
    to_check_.insert(ifaces.begin(), ifaces.end());
}

void
IfStatus::run(const Bindings &bindings, const ovsdb_idl *ovs_idl,
              ovsdb_idl_txn *ovs_txn, ovsdb_idl_txn *sb_txn,
              sb::Chassis chassis, uint64_t acked_seqno)
{
    for (auto it = pending_.begin(); it != pending_.end();) {
        const LocalBinding *b = bindings.find(it->first);
        if (!b) {
            it = pending_.erase(it);
            continue;
        }
        /* A localport, on every chassis, is nobody's to report. */
        if (b->pb.type() == "localport") {
            it = pending_.erase(it);
            continue;
        }
        /* Installed only with flows for a real OpenFlow port, and once
         * this chassis's claim is in the Southbound: until then the other
         * chassis do not send the port anything, and a claim that waits
         * for a transaction may yet be lost. */
        const bool claimed
            = (b->additional ? lport_has_additional_chassis(b->pb, chassis)
                             : b->pb.chassis() == chassis);
        if (it->second > acked_seqno || b->ofport <= 0 || !claimed) {
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
        /* 'up' is the main chassis's to report, not an additional
         * one's. */
        if (!b->additional && !b->pb.up().value_or(false)) {
            if (sb_txn) {
                VLOG_INFO("Setting lport %s up in Southbound",
                          it->first.c_str());
                sb_shim_port_binding_set_up(b->pb.get(), true);
            } else {
                done = false;
            }
        }
        it = done ? pending_.erase(it) : std::next(it);
    }

    /* An interface that lost its binding loses the mark too. */
    if (!ovs_txn) {
        return;
    }
    for (const ovs::Uuid &uuid : to_check_) {
        const ovsrec_interface *iface
            = ovs_shim_interface_get_for_uuid(ovs_idl, &uuid.get());
        if (!iface) {
            continue;
        }
        const smap *ids = ovs_shim_interface_external_ids(iface);
        if (!smap_get(ids, OVN_INSTALLED)) {
            continue;
        }
        const char *iface_id = smap_get(ids, "iface-id");
        const LocalBinding *b = iface_id ? bindings.find(iface_id) : nullptr;
        if (!b || b->iface != iface) {
            ovs_shim_interface_set_external_id(iface, OVN_INSTALLED,
                                               nullptr);
        }
    }
    to_check_.clear();
}

}  // namespace ovn
