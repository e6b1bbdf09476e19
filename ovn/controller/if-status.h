/* if-status: reports a bound port installed once its flows are in the
 * switch.
 *
 * The engine notes, per local logical port, the sequence number of the
 * put that carries its latest flows (flows_computed()).  Once ofctrl
 * reports that put acknowledged by the switch, run() marks the port
 * installed, once this chassis's claim is in the Southbound too:
 * external_ids:ovn-installed="true" on its interface, for the CMS, and
 * Port_Binding.up=true, for ovn-northd (not for a port bound here as an
 * additional chassis, whose main chassis reports it).  An interface whose
 * binding is gone loses its ovn-installed mark: only the interfaces the
 * bindings report touched are looked at (note_interfaces()), so the cost
 * follows the change, not the number of interfaces.
 *
 * These writes are outputs: nothing computed depends on them, and the
 * engine ignores them when they come back from the databases.  Owned by
 * the main loop. */
#ifndef OVN_CONTROLLER_IF_STATUS_H
#define OVN_CONTROLLER_IF_STATUS_H 1

#include <cstdint>
#include <map>
#include <set>
#include <string>

#include "lib/uuid-value.h"
#include "ovn/lib/sb-rows.h"

struct ovsdb_idl;
struct ovsdb_idl_txn;

namespace ovn {

class Bindings;

class IfStatus {
public:
    /* Notes that the flows of 'logical_port' were computed for the put
     * with 'seqno'. */
    void flows_computed(const std::string &logical_port, uint64_t seqno);

    /* Notes interfaces (by UUID, in the Open_vSwitch database) that may
     * have lost their binding (Bindings::take_touched_interfaces()). */
    void note_interfaces(const std::set<ovs::Uuid> &ifaces);

    /* Reports installed the ports of 'bindings' whose flows the switch
     * has acknowledged ('acked_seqno'), through 'ovs_txn' and 'sb_txn'
     * (either may be null: then that part waits for a later call), and
     * removes ovn-installed from the noted interfaces of 'ovs_idl' that
     * are not bound. */
    void run(const Bindings &bindings, const ovsdb_idl *ovs_idl,
             ovsdb_idl_txn *ovs_txn, ovsdb_idl_txn *sb_txn,
             sb::Chassis chassis, uint64_t acked_seqno);

private:
    /* Logical port -> seqno of the put that carries its latest flows. */
    std::map<std::string, uint64_t> pending_;
    /* Interfaces to check for an ovn-installed mark without a binding. */
    std::set<ovs::Uuid> to_check_;
};

}  // namespace ovn

#endif  /* ovn/controller/if-status.h */
