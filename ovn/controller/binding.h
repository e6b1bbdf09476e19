/* binding: which logical ports live on this chassis.
 *
 * A logical port is local when an interface on the integration bridge
 * names it in external_ids:iface-id and the Southbound has a VIF
 * Port_Binding (type "") of that name.  Bindings::run() claims such a
 * port for this chassis (Port_Binding.chassis) and releases the ports this
 * chassis holds without an interface any more (chassis cleared, up false).
 *
 * Reporting a bound port installed is if-status.h's.
 *
 * Owned by the main loop, which gives the results to physical.cpp and
 * ct-zones. */
#ifndef OVN_CONTROLLER_BINDING_H
#define OVN_CONTROLLER_BINDING_H 1

#include <cstdint>
#include <map>
#include <set>
#include <string>

#include "lib/uuid-value.h"
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
};

class Bindings {
public:
    /* Recomputes the local bindings from 'br_int' and the Southbound
     * (through its indexes 'ix').  Claims and releases through 'sb_txn', or, if it is null (a
     * transaction is in flight), on a later run.  Must run again after
     * either IDL has changed before the results are used: they point into
     * both.  Returns false if a claim or release waits for a
     * transaction. */
    bool run(const sb::Indexes *ix, ovsdb_idl_txn *sb_txn,
             const ovsrec_bridge *br_int, sb::Chassis chassis);

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
    /* Once the changes are handled. */
    void clear_changes();

    /* Bumped by every run(), which may change every binding. */
    uint64_t run_seqno() const { return run_seqno_; }

private:
    struct Snapshot {
        ovs::Uuid pb;
        int64_t ofport;
    };

    void claim(sb::PortBinding pb, sb::Chassis chassis);
    void release(sb::PortBinding pb);

    std::map<std::string, LocalBinding> bindings_;
    std::map<ovs::Uuid, sb::DatapathBinding> local_datapaths_;
    /* What the previous run() found, to tell what changed. */
    std::map<std::string, Snapshot> previous_;
    std::set<ovs::Uuid> changed_;
    bool datapaths_changed_ = false;
    uint64_t run_seqno_ = 0;
};

}  // namespace ovn

#endif  /* ovn/controller/binding.h */
