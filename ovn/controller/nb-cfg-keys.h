/* nb-cfg-keys: what ovn-controller records in the integration bridge's
 * external_ids about its run and the Northbound configuration it has
 * installed, as OVN 23.03 records it:
 *
 *   "ovn-startup-ts"  when this ovn-controller started (wall clock, msec);
 *                     written once per bridge, rewritten by a new run;
 *   "ovn-nb-cfg"      the last nb_cfg whose flows the switch acknowledged
 *                     (not written while it is 0);
 *   "ovn-nb-cfg-ts"   when that acknowledgement was reported, the same
 *                     time as Chassis_Private.nb_cfg_timestamp; written
 *                     only with a new "ovn-nb-cfg", so that a restart that
 *                     finds its nb_cfg there keeps the first time.
 *
 * Tools on the hypervisor read them without reaching the Southbound.  The
 * keys go through the bridge's key store (bridge-key-store.h), which
 * writes nothing that is already there.  Owns no state. */
#ifndef OVN_CONTROLLER_NB_CFG_KEYS_H
#define OVN_CONTROLLER_NB_CFG_KEYS_H 1

#include <cstdint>
#include <string>
#include <vector>

namespace ovn {

class BridgeKeyStore;

/* The key prefixes the store must keep for these keys. */
std::vector<std::string> nb_cfg_key_prefixes();

/* Records 'startup_msec' as this run's start. */
void nb_cfg_keys_record_startup(BridgeKeyStore &store,
                                long long int startup_msec);

/* Records that the flows of Northbound configuration 'nb_cfg' are
 * installed, reported at 'now_msec', unless the bridge has it already.
 * Does nothing before the store has read the bridge's keys: called again
 * on each main-loop iteration, it catches up then (and on a new bridge). */
void nb_cfg_keys_record_installed(BridgeKeyStore &store, int64_t nb_cfg,
                                  long long int now_msec);

}  // namespace ovn

#endif  /* ovn/controller/nb-cfg-keys.h */
