/* if-status: reports a bound port installed once its flows are in the
 * switch.
 *
 * The engine notes, per local logical port, the sequence number of the
 * put that carries its latest flows (flows_computed()).  Once ofctrl
 * reports that put acknowledged by the switch, run() marks the port
 * installed: external_ids:ovn-installed="true" on its interface, for the
 * CMS, and Port_Binding.up=true, for ovn-northd (the latter only once this
 * chassis's claim is in the Southbound).  An interface whose binding is
 * gone loses its ovn-installed mark.
 *
 * These writes are outputs: nothing computed depends on them, and the
 * engine ignores them when they come back from the databases.  Owned by
 * the main loop. */
#ifndef OVN_CONTROLLER_IF_STATUS_H
#define OVN_CONTROLLER_IF_STATUS_H 1

#include <cstdint>
#include <map>
#include <string>

#include "ovn/lib/sb-rows.h"

struct ovsdb_idl_txn;
struct ovsrec_bridge;

namespace ovn {

class Bindings;

class IfStatus {
public:
    /* Notes that the flows of 'logical_port' were computed for the put
     * with 'seqno'. */
    void flows_computed(const std::string &logical_port, uint64_t seqno);

    /* Reports installed the ports of 'bindings' whose flows the switch
     * has acknowledged ('acked_seqno'), through 'ovs_txn' and 'sb_txn'
     * (either may be null: then that part waits for a later call), and
     * removes ovn-installed from interfaces of 'br_int' that are no longer
     * bound. */
    void run(const Bindings &bindings, ovsdb_idl_txn *ovs_txn,
             ovsdb_idl_txn *sb_txn, const ovsrec_bridge *br_int,
             sb::Chassis chassis, uint64_t acked_seqno);

private:
    /* Logical port -> seqno of the put that carries its latest flows. */
    std::map<std::string, uint64_t> pending_;
    /* The Bindings::run_seqno() whose unbound interfaces were checked. */
    uint64_t checked_bindings_run_ = 0;
};

}  // namespace ovn

#endif  /* ovn/controller/if-status.h */
