/* The Southbound write of pinctrl's put_fdb: an FDB row created or moved
 * to another port, as 23.03 writes it.  C, because it needs the generated
 * ovn/lib/ovn-sb-idl.h, which is not valid C++ (see ovn/lib/sb-shim.h).
 * Needs a transaction open on the row's IDL. */
#ifndef OVN_LIB_FDB_SHIM_H
#define OVN_LIB_FDB_SHIM_H 1

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct ovsdb_idl_txn;
struct sbrec_fdb;

/* Makes 'mac' (lowercase "xx:xx:xx:xx:xx:xx") on the datapath with tunnel
 * key 'dp_key' live behind the port with tunnel key 'port_key': inserts
 * the row if 'existing' is NULL, else sets its port_key if it differs.
 * Both keys must be in the schema's range, 1 to 2**24 - 1. */
void sb_shim_fdb_put(struct ovsdb_idl_txn *txn,
                     const struct sbrec_fdb *existing,
                     int64_t dp_key, const char *mac, int64_t port_key);

#ifdef __cplusplus
}
#endif

#endif  /* ovn/lib/fdb-shim.h */
