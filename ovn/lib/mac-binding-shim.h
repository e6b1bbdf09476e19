/* The Southbound write of pinctrl's put_arp and put_nd: a MAC_Binding row
 * created or updated, as 23.03 writes it.  C, because it needs the
 * generated ovn/lib/ovn-sb-idl.h, which is not valid C++ (see
 * ovn/lib/sb-shim.h).  Needs a transaction open on the row's IDL. */
#ifndef OVN_LIB_MAC_BINDING_SHIM_H
#define OVN_LIB_MAC_BINDING_SHIM_H 1

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct ovsdb_idl_txn;
struct sbrec_datapath_binding;
struct sbrec_mac_binding;

/* Makes logical port 'logical_port' of datapath 'dp' bind 'ip' to 'mac':
 * inserts the row if 'existing' is NULL, and sets its MAC (with
 * 'timestamp', ms since the epoch, if the server's schema has the
 * column) if it differs.  A row that already says 'mac' is left alone,
 * timestamp included, as 23.03 leaves it. */
void sb_shim_mac_binding_put(struct ovsdb_idl_txn *txn,
                             const struct sbrec_mac_binding *existing,
                             const struct sbrec_datapath_binding *dp,
                             const char *logical_port, const char *ip,
                             const char *mac, int64_t timestamp);

#ifdef __cplusplus
}
#endif

#endif  /* ovn/lib/mac-binding-shim.h */
