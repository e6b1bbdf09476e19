#include <config.h>

#include "ovn/lib/mac-binding-shim.h"

#include <string.h>

#include "ovn/lib/ovn-sb-idl.h"

void
sb_shim_mac_binding_put(struct ovsdb_idl_txn *txn,
                        const struct sbrec_mac_binding *existing,
                        const struct sbrec_datapath_binding *dp,
                        const char *logical_port, const char *ip,
                        const char *mac, int64_t timestamp)
{
    const struct sbrec_mac_binding *b = existing;
    if (!b) {
        b = sbrec_mac_binding_insert(txn);
        sbrec_mac_binding_set_logical_port(b, logical_port);
        sbrec_mac_binding_set_ip(b, ip);
        sbrec_mac_binding_set_datapath(b, dp);
    }
    if (!b->mac || strcmp(b->mac, mac)) {
        sbrec_mac_binding_set_mac(b, mac);
        if (sbrec_server_has_mac_binding_table_col_timestamp(
                ovsdb_idl_txn_get_idl(txn))) {
            sbrec_mac_binding_set_timestamp(b, timestamp);
        }
    }
}
