/* lflow-fdb: tables 71 (GET_FDB: get_fdb) and 72 (LOOKUP_FDB:
 * lookup_fdb) from the FDB rows (MACs that ovn-controllers learned on
 * ports with address "unknown") of the local datapaths, as OVN 23.03
 * computes them, at priority 100:
 *
 *   71: metadata=DP, eth.dst=MAC -> reg15 = PORT
 *   72: metadata=DP, reg14=PORT, eth.src=MAC -> flags[8] = 1
 *
 * Each row's flows are its own, so a change to one costs its flows.  A
 * row with a bad mac gets none, one rate-limited warning and a tick of
 * the "fdb_bad_row" counter.
 *
 * Owned by the engine node lflow_side_output (ovn-controller.cpp). */
#ifndef OVN_CONTROLLER_LFLOW_FDB_H
#define OVN_CONTROLLER_LFLOW_FDB_H 1

#include "lib/uuid-value.h"
#include "ovn/controller/lflow-side.h"
#include "ovn/lib/sb-rows.h"

namespace ovn {

class FdbFlows {
public:
    /* Replaces all of this module's flows by those for the FDB rows of
     * the local datapaths. */
    void run(const SideFlowInput &);
    /* Replaces the flows of the FDB row with 'uuid'. */
    void handle_fdb(const SideFlowInput &, const ovs::Uuid &);
    /* 'dp' became local: adds its rows' flows (through the by_dp_key
     * index). */
    void add_datapath(const SideFlowInput &, sb::DatapathBinding dp);
    /* The datapath with UUID 'dp' is no longer local. */
    void remove_datapath(const ovs::Uuid &dp);

    size_t n_owners() const { return owners_.size(); }

private:
    void add_fdb(const SideFlowInput &, sb::Fdb);

    SideFlowOwners owners_;
};

}  // namespace ovn

#endif  /* ovn/controller/lflow-fdb.h */
