#include <config.h>

#include "lib/shim/ovsdb-idl-shim.h"

#include "ovsdb-idl.h"
#include "util.h"

void
ovs_shim_idl_destroy(struct ovsdb_idl *idl)
{
    ovsdb_idl_destroy(idl);
}

void
ovs_shim_idl_run(struct ovsdb_idl *idl)
{
    ovsdb_idl_run(idl);
}

void
ovs_shim_idl_wait(struct ovsdb_idl *idl)
{
    ovsdb_idl_wait(idl);
}

bool
ovs_shim_idl_is_connected(const struct ovsdb_idl *idl)
{
    return ovsdb_idl_is_connected(idl);
}

bool
ovs_shim_idl_has_ever_connected(const struct ovsdb_idl *idl)
{
    return ovsdb_idl_has_ever_connected(idl);
}

unsigned int
ovs_shim_idl_get_seqno(const struct ovsdb_idl *idl)
{
    return ovsdb_idl_get_seqno(idl);
}

/* An explicit mapping rather than a cast, so that a reordering of OVS's
 * enum cannot silently change what C++ callers see. */
static enum ovs_shim_txn_status
txn_status_from_ovs(enum ovsdb_idl_txn_status status)
{
    switch (status) {
    case TXN_UNCOMMITTED:
        return OVS_SHIM_TXN_UNCOMMITTED;
    case TXN_UNCHANGED:
        return OVS_SHIM_TXN_UNCHANGED;
    case TXN_INCOMPLETE:
        return OVS_SHIM_TXN_INCOMPLETE;
    case TXN_ABORTED:
        return OVS_SHIM_TXN_ABORTED;
    case TXN_SUCCESS:
        return OVS_SHIM_TXN_SUCCESS;
    case TXN_TRY_AGAIN:
        return OVS_SHIM_TXN_TRY_AGAIN;
    case TXN_NOT_LOCKED:
        return OVS_SHIM_TXN_NOT_LOCKED;
    case TXN_ERROR:
        return OVS_SHIM_TXN_ERROR;
    }
    OVS_NOT_REACHED();
}

static enum ovsdb_idl_txn_status
txn_status_to_ovs(enum ovs_shim_txn_status status)
{
    switch (status) {
    case OVS_SHIM_TXN_UNCOMMITTED:
        return TXN_UNCOMMITTED;
    case OVS_SHIM_TXN_UNCHANGED:
        return TXN_UNCHANGED;
    case OVS_SHIM_TXN_INCOMPLETE:
        return TXN_INCOMPLETE;
    case OVS_SHIM_TXN_ABORTED:
        return TXN_ABORTED;
    case OVS_SHIM_TXN_SUCCESS:
        return TXN_SUCCESS;
    case OVS_SHIM_TXN_TRY_AGAIN:
        return TXN_TRY_AGAIN;
    case OVS_SHIM_TXN_NOT_LOCKED:
        return TXN_NOT_LOCKED;
    case OVS_SHIM_TXN_ERROR:
        return TXN_ERROR;
    }
    OVS_NOT_REACHED();
}

struct ovsdb_idl_txn *
ovs_shim_idl_txn_create(struct ovsdb_idl *idl)
{
    return ovsdb_idl_txn_create(idl);
}

enum ovs_shim_txn_status
ovs_shim_idl_txn_commit(struct ovsdb_idl_txn *txn)
{
    return txn_status_from_ovs(ovsdb_idl_txn_commit(txn));
}

enum ovs_shim_txn_status
ovs_shim_idl_txn_commit_block(struct ovsdb_idl_txn *txn)
{
    return txn_status_from_ovs(ovsdb_idl_txn_commit_block(txn));
}

void
ovs_shim_idl_txn_destroy(struct ovsdb_idl_txn *txn)
{
    /* ovsdb_idl_txn_destroy() does not take NULL, unlike the other
     * destructors that RAII owners call. */
    if (txn) {
        ovsdb_idl_txn_destroy(txn);
    }
}

const char *
ovs_shim_txn_status_to_string(enum ovs_shim_txn_status status)
{
    return ovsdb_idl_txn_status_to_string(txn_status_to_ovs(status));
}
