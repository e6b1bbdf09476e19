#include <config.h>

#include "ovn/lib/fdb-shim.h"

#include "ovn/lib/ovn-sb-idl.h"

void
sb_shim_fdb_put(struct ovsdb_idl_txn *txn, const struct sbrec_fdb *existing,
                int64_t dp_key, const char *mac, int64_t port_key)
{
    const struct sbrec_fdb *fdb = existing;
    if (!fdb) {
        fdb = sbrec_fdb_insert(txn);
        sbrec_fdb_set_dp_key(fdb, dp_key);
        sbrec_fdb_set_mac(fdb, mac);
    }
    if (!existing || fdb->port_key != port_key) {
        sbrec_fdb_set_port_key(fdb, port_key);
    }
}
