#include <config.h>

#include "ovn/controller/virtual-ports.h"

#include <vector>

#include "lib/ovs-internal.h"
#include "openvswitch/vlog.h"
#include "ovn/controller/binding.h"
#include "ovn/lib/sb-shim.h"

VLOG_DEFINE_THIS_MODULE(virtual_ports);

COVERAGE_DEFINE(virtual_port_claim);
COVERAGE_DEFINE(virtual_port_release);

namespace ovn {

/* Notes that virtual port 'vport' has virtual_parent 'parent' ("": none,
 * or not a virtual port any more). */
void
VirtualPorts::set_parent(const ovs::Uuid &vport, const std::string &parent)
{
    auto old = parent_of_.find(vport);
    if (old != parent_of_.end()) {
        if (old->second == parent) {
            return;
        }
        auto siblings = by_parent_.find(old->second);
        siblings->second.erase(vport);
        if (siblings->second.empty()) {
            by_parent_.erase(siblings);
        }
        parent_of_.erase(old);
    }
    if (!parent.empty()) {
        parent_of_[vport] = parent;
        by_parent_[parent].insert(vport);
    }
}

/* Looks at 'pb' again: claimed, released, or left alone, as its
 * virtual_parent and the bindings say.  Returns whether the set of
 * virtual ports claimed here changed. */
bool
VirtualPorts::consider(sb::PortBinding pb, ovsdb_idl_txn *sb_txn,
                       sb::Chassis chassis, const Bindings &bindings)
{
    const ovs::Uuid uuid = pb.uuid();
    retry_.erase(uuid);
    auto old = resident_.find(uuid);
    const bool was = old != resident_.end();
    if (pb.is_deleted() || pb.type() != "virtual") {
        set_parent(uuid, "");
        resident_.erase(uuid);
        return was;
    }
    const std::string lport(pb.logical_port());
    const std::string parent(pb.virtual_parent().value_or(""));
    set_parent(uuid, parent);

    if (chassis && !parent.empty() && bindings.find(parent)) {
        resident_[uuid] = parent;
        const bool claim = pb.chassis() != chassis;
        const bool set_up = !pb.up().value_or(false);
        if (claim || set_up) {
            if (!sb_txn) {
                retry_.insert(uuid);
            } else {
                if (claim) {
                    COVERAGE_INC(virtual_port_claim);
                    VLOG_INFO("Claiming virtual lport %s for this chassis "
                              "with the virtual parent %s.", lport.c_str(),
                              parent.c_str());
                    sb_shim_port_binding_set_chassis(pb.get(),
                                                     chassis.get());
                }
                if (set_up) {
                    sb_shim_port_binding_set_up(pb.get(), true);
                }
            }
        }
        return !was || old->second != parent;
    }

    if (!chassis || pb.chassis() != chassis) {
        /* Not ours, or not any more. */
        resident_.erase(uuid);
        return was;
    }
    if (!sb_txn) {
        /* Released on a later run; resident until then. */
        retry_.insert(uuid);
        return false;
    }
    /* The parent it was claimed for is no longer bound here: it goes down
     * with it.  A new parent elsewhere leaves 'up' to its chassis. */
    const bool parent_gone = was && old->second == parent;
    COVERAGE_INC(virtual_port_release);
    VLOG_INFO("Releasing virtual lport %s from this chassis.",
              lport.c_str());
    sb_shim_port_binding_set_chassis(pb.get(), nullptr);
    if (!parent.empty()) {
        sb_shim_port_binding_set_virtual_parent(pb.get(), nullptr);
    }
    if (parent_gone && pb.up().value_or(false)) {
        sb_shim_port_binding_set_up(pb.get(), false);
    }
    resident_.erase(uuid);
    return was;
}

bool
VirtualPorts::run(const ovsdb_idl *sb, ovsdb_idl_txn *sb_txn,
                  sb::Chassis chassis, const Bindings &bindings, bool full)
{
    bool changed = false;
    std::set<ovs::Uuid> seen;
    if (full) {
        by_parent_.clear();
        parent_of_.clear();
        retry_.clear();
        for (sb::PortBinding pb : sb::PortBinding::table(sb)) {
            if (pb.type() == "virtual" || resident_.count(pb.uuid())) {
                seen.insert(pb.uuid());
                changed |= consider(pb, sb_txn, chassis, bindings);
            }
        }
        /* The rows that are gone. */
        for (auto it = resident_.begin(); it != resident_.end();) {
            if (!seen.count(it->first)) {
                it = resident_.erase(it);
                changed = true;
            } else {
                ++it;
            }
        }
        return changed;
    }

    for (sb::PortBinding pb : sb::PortBinding::tracked(sb)) {
        if (pb.type() == "virtual" || parent_of_.count(pb.uuid())
            || resident_.count(pb.uuid())) {
            seen.insert(pb.uuid());
            changed |= consider(pb, sb_txn, chassis, bindings);
        }
    }
    /* The virtual ports of the parents bound or unbound here, and those
     * whose claim or release waited. */
    std::set<ovs::Uuid> again = retry_;
    for (const std::string &lport : bindings.changed_lports()) {
        auto vports = by_parent_.find(lport);
        if (vports != by_parent_.end()) {
            again.insert(vports->second.begin(), vports->second.end());
        }
    }
    for (const ovs::Uuid &uuid : again) {
        const sb::PortBinding pb = sb::PortBinding::get_for_uuid(sb, uuid);
        if (!seen.count(uuid) && pb) {
            changed |= consider(pb, sb_txn, chassis, bindings);
        }
    }
    return changed;
}

}  // namespace ovn
