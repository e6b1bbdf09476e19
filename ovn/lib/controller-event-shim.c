#include <config.h>

#include "ovn/lib/controller-event-shim.h"

#include "smap.h"
#include "ovn/lib/ovn-sb-idl.h"

void
sb_shim_controller_event_insert(struct ovsdb_idl_txn *txn,
                                const struct sbrec_chassis *chassis,
                                const char *event_type,
                                const char *const *keys,
                                const char *const *values, size_t n,
                                int64_t seq_num)
{
    struct smap info = SMAP_INITIALIZER(&info);
    for (size_t i = 0; i < n; i++) {
        smap_replace(&info, keys[i], values[i]);
    }

    const struct sbrec_controller_event *ev
        = sbrec_controller_event_insert(txn);
    sbrec_controller_event_set_event_type(ev, event_type);
    sbrec_controller_event_set_event_info(ev, &info);
    sbrec_controller_event_set_seq_num(ev, seq_num);
    sbrec_controller_event_set_chassis(ev, chassis);
    smap_destroy(&info);
}
