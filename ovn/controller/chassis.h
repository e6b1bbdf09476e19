/* chassis: this chassis's own rows in the Southbound.
 *
 * chassis_run() registers the Chassis named after system-id, with its
 * hostname, one Encap per encapsulation type and Chassis.other_config (the
 * configuration the other chassis and ovn-northd read, and the features
 * this ovn-controller implements), and the Chassis_Private that points to
 * it; once they exist it only brings them up to date, and writes nothing
 * if they already are.  chassis_cleanup() deletes them, on 'exit'.
 *
 * Called by the main loop; owns no state (the rows are the state). */
#ifndef OVN_CONTROLLER_CHASSIS_H
#define OVN_CONTROLLER_CHASSIS_H 1

#include <string>
#include <vector>

#include "ovn/lib/sb-rows.h"

struct ovsdb_idl_txn;
struct ovsrec_bridge;
struct ovsrec_open_vswitch;
struct smap;

namespace ovn {

/* What the rows are made of. */
struct ChassisConfig {
    std::string system_id;
    std::string hostname;
    std::vector<std::string> encap_types;   /* Valid, distinct. */
    std::string encap_ip;
    const smap *external_ids = nullptr;     /* The Open_vSwitch row's. */
};

/* Makes the rows match 'cfg', 'ovs' (the Open_vSwitch row) and 'br_int'
 * (may be null) through 'txn'.  Does nothing without encapsulation
 * type or IP: the schema requires an Encap. */
void chassis_run(ovsdb_idl_txn *txn, const ChassisConfig &cfg,
                 const ovsrec_open_vswitch *ovs, const ovsrec_bridge *br_int);

/* Deletes the Chassis (and its Encaps) and the Chassis_Private named
 * 'system_id', which needs a transaction open on their IDL.  Returns true
 * if there was none left to delete. */
bool chassis_cleanup(const sb::Indexes *ix, const std::string &system_id);

}  // namespace ovn

#endif  /* ovn/controller/chassis.h */
