/* binding: which logical ports live on this chassis.
 *
 * A logical port is local when an interface on the integration bridge
 * names it in external_ids:iface-id, ovs-vswitchd gave that interface an
 * OpenFlow port (ofport > 0, as 23.03 requires before it claims), and the
 * Southbound has a VIF Port_Binding (type "") of that name.
 * Bindings::run() claims such a port for this chassis
 * (Port_Binding.chassis) and releases the ports this chassis holds without
 * an interface any more (chassis cleared, up false).
 *
 * A full run walks every interface of br-int and every port this chassis
 * holds: the first run, and after a reconnection or a change of chassis or
 * bridge.  Otherwise the caller gives the rows that changed
 * (BindingChanges, from the IDLs' change tracking) and only the logical
 * ports they name are looked at again: binding or unbinding one port costs
 * the same however many are bound.  Changes that leave every binding as it
 * was (our own writes coming back: the claim, 'up', ovn-installed) cost no
 * run at all, nor does a new interface before it has an OpenFlow port.
 *
 * A localport (lport-type.h) binds to its interface like a VIF, but on
 * every chassis that has one, so it is never claimed (and released if it
 * was).  A container port (a VIF with a parent_port and a VLAN tag) is
 * bound here while its parent is, to the parent's interface, and claimed
 * like it, on whatever datapath it lies (it may be the only port of its
 * datapath here); containers are looked at again after their parents.  A
 * Port_Binding of an unknown type is reported and not bound.
 *
 * A VIF whose requested chassis (requested_chassis, or the first of
 * options:requested-chassis) is another one, but which names this one
 * among its requested additional chassis (live migration), is bound here
 * as an additional chassis: this chassis adds itself to the port's
 * additional_chassis (and leaves 'up' to the main chassis), and removes
 * itself again once the port is not bound here or is requested here as
 * the main chassis.  A Port_Binding with options:iface-id-ver binds only
 * an interface with the same external_ids:iface-id-ver (as 23.03); each
 * other version found is logged once and counted in
 * binding_iface_id_ver_mismatch.
 *
 * Reporting a bound port installed is if-status.h's.
 *
 * Owned by the main loop, which gives the results to physical.cpp and
 * ct-zones. */
#ifndef OVN_CONTROLLER_BINDING_H
#define OVN_CONTROLLER_BINDING_H 1

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "lib/uuid-value.h"
#include "ovn/controller/ovs-tracked.h"
#include "ovn/lib/sb-rows.h"

struct ovsdb_idl_txn;
struct ovsrec_bridge;
struct ovsrec_interface;

namespace ovn {

/* A logical port bound to an interface of the integration bridge.  The
 * row pointers are valid until the next run of their IDLs. */
struct LocalBinding {
    sb::PortBinding pb;
    const ovsrec_interface *iface;
    int64_t ofport;             /* -1 until ovs-vswitchd assigns one. */
    /* Bound here as one of the port's additional chassis (live
     * migration: Port_Binding.additional_chassis), not as its main one. */
    bool additional = false;
};

/* The rows that changed since the last run of the bindings, as the IDLs'
 * change tracking reports them.  Deleted rows are given only through
 * 'ports' (an interface goes with its port) and 'port_bindings' (only
 * their name and UUID are read, which the IDL keeps until it clears its
 * tracked changes). */
struct BindingChanges {
    /* A Bridge or Port row changed: which interfaces are on br-int is to
     * be checked again, from the ports named below when they account for
     * br-int's whole set, otherwise by comparing the set with the one
     * last seen. */
    bool ports = false;
    /* The Port rows new, changed or deleted. */
    PortChanges port_rows;
    /* Interfaces whose columns changed. */
    std::vector<const ovsrec_interface *> interfaces;
    /* New interfaces.  After a reconnection, which frees every row
     * unreported, one may reuse the address of a row that is gone. */
    std::vector<const ovsrec_interface *> new_interfaces;
    /* Port_Bindings that are new, deleted or changed. */
    std::vector<sb::PortBinding> port_bindings;
    /* A Datapath_Binding is new or deleted. */
    bool datapaths = false;
};

class Bindings {
public:
    /* Recomputes all the local bindings from 'br_int' and the Southbound
     * 'sb' (every Port_Binding is read, for those held by 'chassis'; the
     * rest through its indexes 'ix').  Claims and releases through
     * 'sb_txn', or, if it is null (a transaction is in flight), on a
     * later run.  Returns false if a claim or release waits for a
     * transaction. */
    bool run(const ovsdb_idl *sb, const sb::Indexes *ix,
             ovsdb_idl_txn *sb_txn, const ovsrec_bridge *br_int,
             sb::Chassis chassis);

    /* Notes what 'changes' may have changed, which must be every change
     * to the IDLs since the previous run (full or not), with the same
     * 'br_int' and 'chassis'.  Returns true if a run of run_changes() is
     * needed: some logical port the changed rows name may be bound,
     * unbound or changed, or a claim or release waited.  Our own writes
     * coming back (the claim, 'up', ovn-installed) need none. */
    bool note_changes(const ovsrec_bridge *br_int, sb::Chassis chassis,
                      const BindingChanges &changes);
    /* Looks again at the logical ports noted, and only at them.  Returns
     * as run(). */
    bool run_changes(const sb::Indexes *ix, ovsdb_idl_txn *sb_txn,
                     sb::Chassis chassis);

    /* The binding of 'logical_port', or null. */
    const LocalBinding *find(const std::string &logical_port) const;
    const std::map<std::string, LocalBinding> &bindings() const
    {
        return bindings_;
    }
    /* The datapaths with at least one local port, by UUID. */
    const std::map<ovs::Uuid, sb::DatapathBinding> &
    local_datapaths() const
    {
        return local_datapaths_;
    }
    bool is_local_datapath(sb::DatapathBinding dp) const;

    /* What the runs since the last clear_changes() changed: the
     * Port_Bindings (old and new rows) whose local binding appeared, went
     * or changed, and whether the set of local datapaths changed. */
    const std::set<ovs::Uuid> &changed_port_bindings() const
    {
        return changed_;
    }
    bool datapaths_changed() const { return datapaths_changed_; }
    /* Bumped whenever a datapath joins or leaves local_datapaths(). */
    uint64_t datapaths_generation() const { return datapaths_generation_; }
    /* The same, by name: the logical ports whose binding appeared, went
     * or changed, and the datapaths that became or stopped being local
     * (look them up in local_datapaths()). */
    const std::set<std::string> &changed_lports() const
    {
        return changed_lports_;
    }
    const std::set<ovs::Uuid> &changed_datapaths() const
    {
        return changed_datapaths_;
    }
    /* Once the changes are handled. */
    void clear_changes();

    /* The iface-ids of interfaces on br-int that are not bound (no
     * Port_Binding, no OpenFlow port yet, ...): what conditional
     * monitoring must ask the Southbound about. */
    const std::set<std::string> &unbound_iface_ids() const
    {
        return unbound_;
    }

    /* The interfaces (by UUID) that a run since the last call read anew
     * or whose logical port it looked at again: those that may have lost
     * their binding (if-status.h).  Every interface after a full run. */
    std::set<ovs::Uuid> take_touched_interfaces();

    /* Bumped by every full run and by every run that bound, unbound or
     * changed a binding. */
    uint64_t run_seqno() const { return run_seqno_; }

private:
    /* What a binding was, to tell what changed without reading its rows,
     * which may be gone. */
    struct Snapshot {
        ovs::Uuid pb;
        ovs::Uuid dp;
        int64_t ofport;
        bool additional;
    };
    /* What a run last read of an interface of br-int. */
    struct Iface {
        ovs::Uuid uuid;
        std::string name;
        std::string iface_id;   /* "" without one. */
        std::string iface_id_ver;   /* external_ids:iface-id-ver, or "". */
        int64_t ofport;
    };

    void claim(sb::PortBinding pb, sb::Chassis chassis);
    void release(sb::PortBinding pb);
    void claim_additional(sb::PortBinding pb, sb::Chassis chassis);
    void release_additional(sb::PortBinding pb, sb::Chassis chassis);

    void add_iface(const ovsrec_interface *iface);
    void remove_iface(const ovsrec_interface *iface);
    void update_unbound(const std::string &lport);
    void note_ports(const ovsrec_bridge *br_int,
                    const BindingChanges &changes);
    bool port_set_diff(const ovsrec_bridge *br_int,
                       const BindingChanges &changes,
                       PortSetDiff &diff) const;
    void note_port_binding(sb::PortBinding pb, sb::Chassis chassis);
    bool resolve(const std::string &lport, const sb::Indexes *ix,
                 ovsdb_idl_txn *sb_txn, sb::Chassis chassis);
    void set_binding(const std::string &lport,
                     const LocalBinding *binding);
    void ref_datapath(sb::DatapathBinding dp);
    bool note_container(const std::string &lport, const std::string &parent);
    std::optional<LocalBinding> container_binding(sb::PortBinding pb) const;
    void unref_datapath(const ovs::Uuid &dp);

    std::map<std::string, LocalBinding> bindings_;
    std::map<ovs::Uuid, sb::DatapathBinding> local_datapaths_;
    std::map<std::string, Snapshot> snapshots_;
    /* Number of bindings on each local datapath. */
    std::map<ovs::Uuid, size_t> datapath_refs_;
    uint64_t datapaths_generation_ = 0;
    /* Bound logical port by Port_Binding, for a row that is renamed or
     * deleted. */
    std::map<ovs::Uuid, std::string> lport_by_pb_;

    /* Every interface of br-int, by row, and the ones with an iface-id
     * by logical port and interface name. */
    std::unordered_map<const ovsrec_interface *, Iface> ifaces_;
    std::map<std::string, std::map<std::string, const ovsrec_interface *>>
        ifaces_by_lport_;
    /* Container ports by parent, and the parent of each. */
    std::map<std::string, std::set<std::string>> children_;
    std::map<std::string, std::string> parent_by_child_;
    /* Logical ports named by an interface whose Port_Binding has no
     * datapath (yet). */
    std::set<std::string> no_datapath_;
    /* Logical ports held back by an interface of another iface-id-ver,
     * and the version last reported for each. */
    std::map<std::string, std::string> ver_mismatches_;
    /* Logical ports to look at in the next run: 'dirty_' because of
     * changes, 'retry_' because a claim or release waited. */
    std::set<std::string> dirty_;
    std::set<std::string> retry_;

    /* iface-ids with an interface on br-int and no binding. */
    std::set<std::string> unbound_;
    /* br-int's ports as note_ports() last saw them (each with a row in
     * the IDL), with the interfaces it read of each. */
    std::unordered_map<ovs::Uuid, std::vector<const ovsrec_interface *>>
        port_ifaces_;
    std::set<ovs::Uuid> touched_ifaces_;

    std::set<ovs::Uuid> changed_;
    std::set<std::string> changed_lports_;
    std::set<ovs::Uuid> changed_datapaths_;
    bool datapaths_changed_ = false;
    bool bindings_changed_ = false;     /* By the current run. */
    uint64_t run_seqno_ = 0;
};

}  // namespace ovn

#endif  /* ovn/controller/binding.h */
