#include <config.h>

#include "ovn/controller/binding.h"

#include <algorithm>
#include <cinttypes>
#include <cstring>
#include <iterator>
#include <optional>
#include <utility>
#include <vector>

#include "lib/ovs-internal.h"
#include "lib/shim/vswitch-idl-shim.h"
#include "openvswitch/vlog.h"
#include "ovn/controller/lport-type.h"
#include "ovn/controller/ovs-tracked.h"
#include "ovn/lib/bad-row.h"
#include "ovn/lib/sb-rows.h"
#include "ovn/lib/sb-shim.h"
#include "smap.h"

VLOG_DEFINE_THIS_MODULE(binding);

COVERAGE_DEFINE(binding_claim);
COVERAGE_DEFINE(binding_full_run);
COVERAGE_DEFINE(binding_iface_id_ver_mismatch);
COVERAGE_DEFINE(binding_port_set_compared);
COVERAGE_DEFINE(binding_run);
COVERAGE_DEFINE(binding_release);

namespace ovn {

namespace {

/* A port that this chassis claims when it binds it: a VIF or a container
 * port, not a localport. */
bool
is_vif(sb::PortBinding pb)
{
    return pb.type().empty();
}

/* The parent of container port 'pb', or "" if it is not one. */
std::string
parent_of(sb::PortBinding pb)
{
    const auto parent = pb.parent_port();
    return pb.type().empty() && parent ? std::string(*parent) : "";
}

/* Whether an interface with 'ofport' may carry a binding: ovs-vswitchd
 * gave it an OpenFlow port. */
bool
is_bindable(int64_t ofport)
{
    return ofport > 0;
}

/* Whether an interface whose external_ids:iface-id-ver is 'iface_ver'
 * ("" without one) may bind 'pb': as in 23.03, a Port_Binding with
 * options:iface-id-ver binds only an interface with the same version;
 * one without binds any. */
bool
iface_id_ver_matches(sb::PortBinding pb, const std::string &iface_ver)
{
    const char *wanted = pb.options().get("iface-id-ver");
    return !wanted || iface_ver == wanted;
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
        if (lport_has_additional_chassis(pb, chassis)) {
            sb_shim_port_binding_remove_additional_chassis(pb.get(),
                                                           chassis.get());
        }
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
    if (lport_has_additional_chassis(pb, chassis)) {
        /* Promoted from an additional chassis to the main one. */
        sb_shim_port_binding_remove_additional_chassis(pb.get(),
                                                       chassis.get());
    }
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

/* Adds this chassis to the additional chassis of 'pb' (live migration).
 * 'up' is the main chassis's to report. */
void
Bindings::claim_additional(sb::PortBinding pb, sb::Chassis chassis)
{
    COVERAGE_INC(binding_claim);
    const std::string lport(pb.logical_port());
    VLOG_INFO("Claiming lport %s for this additional chassis.",
              lport.c_str());
    sb_shim_port_binding_add_additional_chassis(pb.get(), chassis.get());
    if (pb.chassis() == chassis) {
        /* Demoted from the main chassis. */
        sb_shim_port_binding_set_chassis(pb.get(), nullptr);
    }
}

void
Bindings::release_additional(sb::PortBinding pb, sb::Chassis chassis)
{
    COVERAGE_INC(binding_release);
    VLOG_INFO("Releasing lport %s from this additional chassis.",
              std::string(pb.logical_port()).c_str());
    sb_shim_port_binding_remove_additional_chassis(pb.get(), chassis.get());
}

void
Bindings::add_iface(const ovsrec_interface *iface)
{
    const smap *ids = ovs_shim_interface_external_ids(iface);
    const char *iface_id = smap_get(ids, "iface-id");
    const char *iface_id_ver = smap_get(ids, "iface-id-ver");
    Iface &i = ifaces_[iface];
    i.uuid = ovs::Uuid(*ovs_shim_interface_uuid(iface));
    i.name = ovs_shim_interface_name(iface);
    i.iface_id = iface_id ? iface_id : "";
    i.iface_id_ver = iface_id_ver ? iface_id_ver : "";
    i.ofport = ovs_shim_interface_ofport(iface);
    touched_ifaces_.insert(i.uuid);
    if (!i.iface_id.empty()) {
        ifaces_by_lport_[i.iface_id][i.name] = iface;
        /* An interface without an OpenFlow port binds nothing: no run
         * until it has one. */
        if (is_bindable(i.ofport) || bindings_.count(i.iface_id)) {
            dirty_.insert(i.iface_id);
        }
        update_unbound(i.iface_id);
    }
}

/* Reads only what add_iface() kept: 'iface' may be a deleted row. */
void
Bindings::remove_iface(const ovsrec_interface *iface)
{
    auto it = ifaces_.find(iface);
    if (it == ifaces_.end()) {
        return;
    }
    const Iface &i = it->second;
    if (!i.iface_id.empty()) {
        auto by_lport = ifaces_by_lport_.find(i.iface_id);
        if (by_lport != ifaces_by_lport_.end()) {
            auto by_name = by_lport->second.find(i.name);
            if (by_name != by_lport->second.end()
                && by_name->second == iface) {
                by_lport->second.erase(by_name);
            }
            if (by_lport->second.empty()) {
                ifaces_by_lport_.erase(by_lport);
            }
        }
        /* Only a bound port can lose its binding. */
        if (bindings_.count(i.iface_id)) {
            dirty_.insert(i.iface_id);
        }
        update_unbound(i.iface_id);
    }
    ifaces_.erase(it);
}

/* Keeps 'lport' in 'unbound_' exactly while an interface names it and it
 * has no binding. */
void
Bindings::update_unbound(const std::string &lport)
{
    if (ifaces_by_lport_.count(lport) && !bindings_.count(lport)) {
        unbound_.insert(lport);
    } else {
        unbound_.erase(lport);
    }
}

/* How br-int's set of ports changed since note_ports() last saw it, told
 * from the Port rows 'changes' names, in O(those rows): the ones deleted
 * that were in it are 'gone', the new or changed ones in it now are to
 * 'read'.  Returns false, leaving the rest to a comparison of the whole
 * set, unless they account for all of it: a port moved in from another
 * bridge, or a row that the IDL did not have when it was last read,
 * leaves the count of br-int's ports short of what they explain. */
bool
Bindings::port_set_diff(const ovsrec_bridge *br_int,
                        const BindingChanges &changes,
                        PortSetDiff &diff) const
{
    if (!br_int || changes.port_rows.moved) {
        return false;
    }
    size_t n = port_ifaces_.size();
    for (const ovs::Uuid &uuid : changes.port_rows.deleted) {
        if (port_ifaces_.count(uuid)) {
            diff.gone.push_back(uuid);
            n--;
        }
    }
    for (const ovs::Uuid &uuid : changes.port_rows.changed) {
        const bool had = port_ifaces_.count(uuid);
        if (ovs_shim_bridge_has_port(br_int, &uuid.get())) {
            diff.read.push_back(uuid);
            n += !had;
        } else if (had) {
            /* Left br-int, not deleted. */
            return false;
        }
    }
    return n == ovs_shim_bridge_n_ports(br_int);
}

/* Brings 'ifaces_' in line with the interfaces of 'br_int': only a port
 * new to its set of ports, or named changed in 'changes', has its row
 * read; a port gone from the set loses the interfaces last read of it,
 * whose rows may be gone. */
void
Bindings::note_ports(const ovsrec_bridge *br_int,
                     const BindingChanges &changes)
{
    PortSetDiff diff;
    if (!port_set_diff(br_int, changes, diff)) {
        COVERAGE_INC(binding_port_set_compared);
        std::vector<ovs::Uuid> before;
        before.reserve(port_ifaces_.size());
        for (const auto &[uuid, ifaces] : port_ifaces_) {
            before.push_back(uuid);
        }
        std::sort(before.begin(), before.end());
        diff = diff_port_sets(before, ovs_bridge_port_set(br_int),
                              changes.port_rows.changed);
    }

    /* What each port has now, read only for those in 'diff.read'. */
    std::vector<std::pair<ovs::Uuid, std::vector<const ovsrec_interface *>>>
        reads;
    std::vector<ovs::Uuid> missing;
    for (const ovs::Uuid &uuid : diff.read) {
        const ovsrec_port *port = ovs_shim_bridge_port_by_uuid(br_int,
                                                               &uuid.get());
        if (!port) {
            /* Not in the IDL yet: new to the set again next time. */
            missing.push_back(uuid);
            continue;
        }
        std::vector<const ovsrec_interface *> ifaces;
        for (size_t j = 0; j < ovs_shim_port_n_interfaces(port); j++) {
            ifaces.push_back(ovs_shim_port_interface(port, j));
        }
        reads.emplace_back(uuid, std::move(ifaces));
    }

    /* Removals first: a deleted interface and its replacement may share a
     * name. */
    auto has = [](const std::vector<const ovsrec_interface *> &v,
                  const ovsrec_interface *iface) {
        return std::find(v.begin(), v.end(), iface) != v.end();
    };
    static const std::vector<const ovsrec_interface *> none;
    auto forget_port = [&](const ovs::Uuid &uuid) {
        auto it = port_ifaces_.find(uuid);
        if (it != port_ifaces_.end()) {
            for (const ovsrec_interface *iface : it->second) {
                remove_iface(iface);
            }
            port_ifaces_.erase(it);
        }
    };
    for (const ovs::Uuid &uuid : diff.gone) {
        forget_port(uuid);
    }
    for (const ovs::Uuid &uuid : missing) {
        forget_port(uuid);
    }
    for (const auto &[uuid, ifaces] : reads) {
        auto it = port_ifaces_.find(uuid);
        for (const ovsrec_interface *iface
                 : it != port_ifaces_.end() ? it->second : none) {
            if (!has(ifaces, iface)) {
                remove_iface(iface);
            }
        }
    }
    for (auto &[uuid, ifaces] : reads) {
        for (const ovsrec_interface *iface : ifaces) {
            if (!ifaces_.count(iface)) {
                add_iface(iface);
            }
        }
        port_ifaces_[uuid] = std::move(ifaces);
    }
}

void
Bindings::note_port_binding(sb::PortBinding pb, sb::Chassis chassis)
{
    /* The logical port it was bound as, if it was renamed or deleted. */
    auto bound = lport_by_pb_.find(pb.uuid());
    if (pb.is_deleted()) {
        if (bound != lport_by_pb_.end()) {
            dirty_.insert(bound->second);
        }
        return;
    }
    const std::string lport(pb.logical_port());
    if (bound != lport_by_pb_.end() && bound->second != lport) {
        dirty_.insert(bound->second);
    }
    if (note_container(lport, parent_of(pb))) {
        dirty_.insert(lport);
    }

    auto b = bindings_.find(lport);
    if (b != bindings_.end()) {
        auto snap = snapshots_.find(lport);
        const sb::DatapathBinding dp = pb.datapath();
        const bool additional = b->second.additional;
        auto iface = ifaces_.find(b->second.iface);
        if (b->second.pb != pb || !lport_binds_iface(pb)
            || (iface != ifaces_.end()
                && !iface_id_ver_matches(pb, iface->second.iface_id_ver))
            || lport_requested_elsewhere(pb, chassis) != additional
            || (additional
                ? (!lport_requested_additional(pb, chassis)
                   || !lport_has_additional_chassis(pb, chassis)
                   || pb.chassis() == chassis)
                : lport_is_claimed(pb) ? pb.chassis() != chassis
                                       : bool(pb.chassis()))
            || (!additional && lport_has_additional_chassis(pb, chassis))
            || !dp || snap == snapshots_.end()
            || snap->second.dp != dp.uuid()) {
            dirty_.insert(lport);
        }
    } else if (ifaces_by_lport_.count(lport)
               || (parent_by_child_.count(lport)
                   && bindings_.count(parent_by_child_[lport]))) {
        /* An interface, or a bound parent, waits for it. */
        dirty_.insert(lport);
    } else if (chassis && is_vif(pb)
               && (pb.chassis() == chassis
                   || lport_has_additional_chassis(pb, chassis))) {
        /* Held here without an interface: to release. */
        dirty_.insert(lport);
    }
}

bool
Bindings::note_changes(const ovsrec_bridge *br_int, sb::Chassis chassis,
                       const BindingChanges &changes)
{
    for (const ovsrec_interface *iface : changes.new_interfaces) {
        /* What was read of an old row at this address is no more. */
        remove_iface(iface);
    }
    if (changes.ports || !changes.new_interfaces.empty()) {
        note_ports(br_int, changes);
    }
    for (const ovsrec_interface *iface : changes.interfaces) {
        auto it = ifaces_.find(iface);
        if (it == ifaces_.end()) {
            /* Not on br-int. */
            continue;
        }
        const smap *ids = ovs_shim_interface_external_ids(iface);
        const char *iface_id = smap_get(ids, "iface-id");
        const char *iface_id_ver = smap_get(ids, "iface-id-ver");
        /* ovn-installed, which we write, changes none of them. */
        if (it->second.iface_id != (iface_id ? iface_id : "")
            || it->second.iface_id_ver != (iface_id_ver ? iface_id_ver : "")
            || it->second.ofport != ovs_shim_interface_ofport(iface)
            || it->second.name != ovs_shim_interface_name(iface)) {
            remove_iface(iface);
            add_iface(iface);
        }
    }
    for (sb::PortBinding pb : changes.port_bindings) {
        note_port_binding(pb, chassis);
    }
    if (changes.datapaths) {
        dirty_.insert(no_datapath_.begin(), no_datapath_.end());
    }
    return !dirty_.empty() || !retry_.empty();
}

void
Bindings::ref_datapath(sb::DatapathBinding dp)
{
    if (!datapath_refs_[dp.uuid()]++) {
        datapaths_changed_ = true;
        datapaths_generation_++;
        changed_datapaths_.insert(dp.uuid());
    }
    /* The row may be a new one with the same UUID (after a reconnection). */
    local_datapaths_[dp.uuid()] = dp;
}

void
Bindings::unref_datapath(const ovs::Uuid &dp)
{
    auto it = datapath_refs_.find(dp);
    if (it != datapath_refs_.end() && !--it->second) {
        datapath_refs_.erase(it);
        local_datapaths_.erase(dp);
        datapaths_changed_ = true;
        datapaths_generation_++;
        changed_datapaths_.insert(dp);
    }
}

/* Makes 'binding' (null: none) the binding of 'lport' and notes what
 * that changes.  Reads nothing of the binding it replaces but what
 * 'snapshots_' kept. */
void
Bindings::set_binding(const std::string &lport, const LocalBinding *binding)
{
    auto old = snapshots_.find(lport);
    if (old != snapshots_.end()) {
        const Snapshot &snap = old->second;
        if (binding && snap.pb == binding->pb.uuid()
            && snap.ofport == binding->ofport
            && snap.additional == binding->additional
            && snap.dp == binding->pb.datapath().uuid()) {
            /* The same, maybe through new rows. */
            bindings_.insert_or_assign(lport, *binding);
            ref_datapath(binding->pb.datapath());
            unref_datapath(snap.dp);
            return;
        }
        changed_.insert(snap.pb);
        changed_lports_.insert(lport);
        lport_by_pb_.erase(snap.pb);
        unref_datapath(snap.dp);
        snapshots_.erase(old);
        bindings_.erase(lport);
        bindings_changed_ = true;
    }
    if (binding) {
        const ovs::Uuid pb = binding->pb.uuid();
        const sb::DatapathBinding dp = binding->pb.datapath();
        changed_.insert(pb);
        changed_lports_.insert(lport);
        lport_by_pb_[pb] = lport;
        snapshots_[lport] = Snapshot{pb, dp.uuid(), binding->ofport,
                                     binding->additional};
        ref_datapath(dp);
        bindings_.insert_or_assign(lport, *binding);
        bindings_changed_ = true;
    }
}

/* Binds, unbinds or rebinds 'lport' as its interfaces and Port_Binding
 * are now, claiming or releasing it.  Returns false if that waits for a
 * transaction. */
bool
Bindings::resolve(const std::string &lport, const sb::Indexes *ix,
                  ovsdb_idl_txn *sb_txn, sb::Chassis chassis)
{
    no_datapath_.erase(lport);
    const sb::PortBinding pb
        = sb::PortBinding::find_by_name(ix, lport.c_str());
    auto ifaces = ifaces_by_lport_.find(lport);
    /* The first by name with an OpenFlow port, whatever order they came
     * in. */
    const ovsrec_interface *iface = nullptr;
    const Iface *mismatch = nullptr;
    size_t n_bindable = 0;
    if (ifaces != ifaces_by_lport_.end()) {
        for (const auto &[name, candidate] : ifaces->second) {
            const Iface &i = ifaces_.at(candidate);
            if (!is_bindable(i.ofport)) {
                /* Not yet. */
            } else if (pb && !iface_id_ver_matches(pb, i.iface_id_ver)) {
                mismatch = &i;
            } else {
                iface = iface ? iface : candidate;
                n_bindable++;
            }
            touched_ifaces_.insert(i.uuid);
        }
    }
    if (!iface && mismatch) {
        /* Some other version of the port (a VM being moved, say).  Said
         * once for each version found, not on every look at the port. */
        auto [it, inserted] = ver_mismatches_.try_emplace(
            lport, mismatch->iface_id_ver);
        if (inserted || it->second != mismatch->iface_id_ver) {
            it->second = mismatch->iface_id_ver;
            static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(10, 50);
            COVERAGE_INC(binding_iface_id_ver_mismatch);
            VLOG_INFO_RL(&rl, "Mismatch iface-id-ver for lport %s, "
                         "expected %s, found %s", lport.c_str(),
                         pb.options().get("iface-id-ver", ""),
                         mismatch->iface_id_ver.empty()
                         ? "none" : mismatch->iface_id_ver.c_str());
        }
    } else {
        ver_mismatches_.erase(lport);
    }
    std::optional<LocalBinding> binding;
    bool additional = false;
    if (pb && !lport_type_is_known(pb)) {
        /* Reported; bound once its type is fixed. */
    } else if (pb && !parent_of(pb).empty()) {
        binding = container_binding(pb);
    } else if (iface && pb && lport_binds_iface(pb)
               && lport_requested_elsewhere(pb, chassis)
               && !(is_vif(pb) && lport_requested_additional(pb, chassis))) {
        static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 5);
        VLOG_INFO_RL(&rl, "Not claiming lport %s, chassis %s "
                     "requested-chassis %s", lport.c_str(),
                     chassis_name(chassis).c_str(),
                     pb.options().get("requested-chassis", ""));
    } else if (iface && pb && lport_binds_iface(pb)) {
        if (!pb.datapath()) {
            report_bad_row("Port_Binding", lport.c_str(), "no datapath");
            no_datapath_.insert(lport);
        } else {
            if (n_bindable > 1) {
                static struct vlog_rate_limit rl
                    = VLOG_RATE_LIMIT_INIT(5, 20);
                VLOG_WARN_RL(&rl, "%" PRIuSIZE " interfaces have iface-id %s; "
                             "binding only %s", n_bindable, lport.c_str(),
                             ovs_shim_interface_name(iface));
            }
            additional = lport_requested_elsewhere(pb, chassis);
            binding = LocalBinding{pb, iface, ifaces_.at(iface).ofport,
                                   additional};
        }
    }
    set_binding(lport, binding ? &*binding : nullptr);
    update_unbound(lport);
    bool done = true;
    if (binding && additional) {
        if (!lport_has_additional_chassis(pb, chassis)
            || pb.chassis() == chassis) {
            if (sb_txn && chassis) {
                claim_additional(pb, chassis);
            } else {
                done = false;
            }
        }
    } else if (chassis && pb && !binding && is_vif(pb)
               && lport_has_additional_chassis(pb, chassis)) {
        /* Not bound here any more, as an additional chassis (nor as the
         * main one). */
        if (sb_txn) {
            release_additional(pb, chassis);
            if (pb.chassis() == chassis) {
                release(pb);
            }
        } else {
            done = false;
        }
    } else if (binding && lport_is_claimed(pb)
               && (pb.chassis() != chassis
                   || lport_has_additional_chassis(pb, chassis))) {
        if (sb_txn && chassis) {
            claim(pb, chassis);
        } else {
            done = false;
        }
    } else if (chassis && pb && pb.chassis() == chassis
               && ((!binding && is_vif(pb)) || !lport_is_claimed(pb))) {
        /* Not bound here any more; or a localport, which every chassis
         * has and none claims. */
        if (sb_txn) {
            release(pb);
        } else {
            done = false;
        }
    }
    if (!done) {
        retry_.insert(lport);
    }
    return done;
}

bool
Bindings::run_changes(const sb::Indexes *ix, ovsdb_idl_txn *sb_txn,
                      sb::Chassis chassis)
{
    COVERAGE_INC(binding_run);
    dirty_.insert(retry_.begin(), retry_.end());
    retry_.clear();
    const std::set<std::string> dirty = std::move(dirty_);
    dirty_.clear();

    bindings_changed_ = false;
    bool complete = true;
    /* Containers after their parents, whose bindings they take. */
    std::set<std::string> containers;
    for (const std::string &lport : dirty) {
        if (parent_by_child_.count(lport)) {
            containers.insert(lport);
            continue;
        }
        const bool was_bound = bindings_.count(lport);
        complete &= resolve(lport, ix, sb_txn, chassis);
        auto children = children_.find(lport);
        if (children != children_.end()
            && (was_bound || bindings_.count(lport))) {
            containers.insert(children->second.begin(),
                              children->second.end());
        }
    }
    for (const std::string &lport : containers) {
        complete &= resolve(lport, ix, sb_txn, chassis);
    }
    if (bindings_changed_) {
        run_seqno_++;
    }
    return complete;
}

bool
Bindings::run(const ovsdb_idl *sb, const sb::Indexes *ix,
              ovsdb_idl_txn *sb_txn, const ovsrec_bridge *br_int,
              sb::Chassis chassis)
{
    COVERAGE_INC(binding_full_run);
    /* Every row may be new: read them all again. */
    ifaces_.clear();
    ifaces_by_lport_.clear();
    no_datapath_.clear();
    unbound_.clear();
    port_ifaces_.clear();
    note_ports(br_int, BindingChanges());
    for (const auto &[lport, b] : snapshots_) {
        dirty_.insert(lport);
    }
    /* The ports held here, interface or not, and every container with
     * its parent: run_changes() looks at a parent's containers after it,
     * on whatever datapath they lie (one may be the only port of its
     * datapath here), and a parent whose interface comes later finds
     * them.  A walk of the table, as rare as full runs are, rather than
     * an index by chassis or parent that the IDL would update on every
     * write and update of every Port_Binding. */
    children_.clear();
    parent_by_child_.clear();
    for (sb::PortBinding pb : sb::PortBinding::table(sb)) {
        const std::string lport(pb.logical_port());
        note_container(lport, parent_of(pb));
        if (chassis && pb.chassis() == chassis && is_vif(pb)) {
            dirty_.insert(lport);
        }
    }
    const bool complete = run_changes(ix, sb_txn, chassis);
    /* If-status looks at every interface after a full run. */
    run_seqno_++;
    return complete;
}

/* Notes that 'lport' is a container port of 'parent' ("": of none).
 * Returns whether it is or was one. */
bool
Bindings::note_container(const std::string &lport, const std::string &parent)
{
    auto old = parent_by_child_.find(lport);
    const bool was = old != parent_by_child_.end();
    if (was && old->second != parent) {
        auto children = children_.find(old->second);
        children->second.erase(lport);
        if (children->second.empty()) {
            children_.erase(children);
        }
        parent_by_child_.erase(old);
    }
    if (!parent.empty()) {
        parent_by_child_[lport] = parent;
        children_[parent].insert(lport);
    }
    return was || !parent.empty();
}

/* Container port 'pb' shares its parent's interface, if the parent is
 * bound here as a VIF; it then is bound here too.  As in 23.03, it needs
 * a VLAN tag (1 to 4095) to be told apart. */
std::optional<LocalBinding>
Bindings::container_binding(sb::PortBinding pb) const
{
    const std::string lport(pb.logical_port());
    const LocalBinding *parent = find(parent_of(pb));
    if (!parent || !is_vif(parent->pb) || !parent_of(parent->pb).empty()) {
        return std::nullopt;
    }
    const std::optional<int64_t> tag = pb.tag();
    if (!tag || *tag < 1 || *tag > 4095) {
        report_bad_row("Port_Binding", lport,
                       "container port without a VLAN tag (1 to 4095)");
        return std::nullopt;
    }
    if (!pb.datapath()) {
        report_bad_row("Port_Binding", lport, "no datapath");
        return std::nullopt;
    }
    return LocalBinding{pb, parent->iface, parent->ofport};
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
    changed_lports_.clear();
    changed_datapaths_.clear();
    datapaths_changed_ = false;
}

std::set<ovs::Uuid>
Bindings::take_touched_interfaces()
{
    return std::exchange(touched_ifaces_, {});
}

}  // namespace ovn
