/* The Southbound write of pinctrl's trigger_event: one Controller_Event
 * row.  C, because it needs the generated ovn/lib/ovn-sb-idl.h, which is
 * not valid C++ (see ovn/lib/sb-shim.h).  Needs a transaction open on the
 * chassis row's IDL. */
#ifndef OVN_LIB_CONTROLLER_EVENT_SHIM_H
#define OVN_LIB_CONTROLLER_EVENT_SHIM_H 1

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct ovsdb_idl_txn;
struct sbrec_chassis;

/* Inserts a Controller_Event row of type 'event_type', with the 'n'
 * pairs 'keys'[i] = 'values'[i] as its event_info, 'seq_num', and
 * 'chassis' (may be NULL) as the chassis that saw it. */
void sb_shim_controller_event_insert(struct ovsdb_idl_txn *txn,
                                     const struct sbrec_chassis *chassis,
                                     const char *event_type,
                                     const char *const *keys,
                                     const char *const *values, size_t n,
                                     int64_t seq_num);

#ifdef __cplusplus
}
#endif

#endif  /* ovn/lib/controller-event-shim.h */
