#include <config.h>

#include "ovn/lib/address-set-shim.h"

#include "ovn/lib/ovn-sb-idl.h"
#include "ovsdb-data.h"
#include "ovsdb-idl.h"

size_t
as_shim_addresses(const struct sbrec_address_set *as, struct json **out,
                  size_t n_out)
{
    const struct ovsdb_datum *d
        = ovsdb_idl_read(&as->header_, &sbrec_address_set_col_addresses);
    for (size_t i = 0; i < d->n && i < n_out; i++) {
        out[i] = d->keys[i].s;
    }
    return d->n;
}
