#include <config.h>

#include "lib/shim/ovsdb-idl-shim.h"

#include "ovsdb-data.h"
#include "ovsdb-idl.h"
#include "ovsdb-idl-provider.h"
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

void
ovs_shim_idl_set_remote(struct ovsdb_idl *idl, const char *remote,
                        bool retry)
{
    ovsdb_idl_set_remote(idl, remote, retry);
}

void
ovs_shim_idl_set_probe_interval(struct ovsdb_idl *idl, int msecs)
{
    ovsdb_idl_set_probe_interval(idl, msecs);
}

void
ovs_shim_idl_set_leader_only(struct ovsdb_idl *idl, bool leader_only)
{
    ovsdb_idl_set_leader_only(idl, leader_only);
}

void
ovs_shim_idl_reset_min_index(struct ovsdb_idl *idl)
{
    ovsdb_idl_reset_min_index(idl);
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

/* Wraps OVS's struct so that C++ sees only an opaque pointer. */
struct ovs_shim_idl_loop {
    struct ovsdb_idl_loop loop;
};

struct ovs_shim_idl_loop *
ovs_shim_idl_loop_create(struct ovsdb_idl *idl)
{
    struct ovs_shim_idl_loop *l = xmalloc(sizeof *l);
    *l = (struct ovs_shim_idl_loop) {
        .loop = OVSDB_IDL_LOOP_INITIALIZER(idl),
    };
    return l;
}

void
ovs_shim_idl_loop_destroy(struct ovs_shim_idl_loop *l)
{
    if (l) {
        /* ovsdb_idl_loop_destroy() leaves an open transaction alone: it
         * expects commit_and_wait() to have consumed it. */
        if (l->loop.open_txn) {
            ovsdb_idl_txn_destroy(l->loop.open_txn);
            l->loop.open_txn = NULL;
        }
        ovsdb_idl_loop_destroy(&l->loop);
        free(l);
    }
}

struct ovsdb_idl *
ovs_shim_idl_loop_idl(const struct ovs_shim_idl_loop *l)
{
    return l->loop.idl;
}

struct ovsdb_idl_txn *
ovs_shim_idl_loop_run(struct ovs_shim_idl_loop *l)
{
    return ovsdb_idl_loop_run(&l->loop);
}

int
ovs_shim_idl_loop_commit_and_wait(struct ovs_shim_idl_loop *l)
{
    return ovsdb_idl_loop_commit_and_wait(&l->loop);
}

void
ovs_shim_idl_track_clear(struct ovsdb_idl *idl)
{
    ovsdb_idl_track_clear(idl);
}

BUILD_ASSERT_DECL(sizeof(struct ovs_shim_cursor)
                  == sizeof(struct ovsdb_idl_cursor));

static struct ovs_shim_cursor
cursor_to_shim(struct ovsdb_idl_cursor c)
{
    struct ovs_shim_cursor s;
    s.index_ = c.index;
    s.position_ = c.position;
    return s;
}

static struct ovsdb_idl_cursor
cursor_from_shim(const struct ovs_shim_cursor *s)
{
    struct ovsdb_idl_cursor c;
    c.index = s->index_;
    c.position = s->position_;
    return c;
}

struct ovs_shim_cursor
ovs_shim_cursor_first_eq(struct ovsdb_idl_index *index,
                         const struct ovsdb_idl_row *key)
{
    return cursor_to_shim(ovsdb_idl_cursor_first_eq(index, key));
}

const void *
ovs_shim_cursor_row(const struct ovs_shim_cursor *s)
{
    if (!s->position_) {
        return NULL;
    }
    struct ovsdb_idl_cursor c = cursor_from_shim(s);
    return ovsdb_idl_cursor_data(&c);
}

void
ovs_shim_cursor_next_eq(struct ovs_shim_cursor *s)
{
    struct ovsdb_idl_cursor c = cursor_from_shim(s);
    ovsdb_idl_cursor_next_eq(&c);
    *s = cursor_to_shim(c);
}

/* Whether rows 'a' and 'b' hold the same values in the 'n' columns 'cols',
 * as the index's comparison sees them. */
static bool
same_columns(const struct ovsdb_idl_row *a, const struct ovsdb_idl_row *b,
             const struct ovsdb_idl_column *const cols[], size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!ovsdb_datum_equals(ovsdb_idl_read(a, cols[i]),
                                ovsdb_idl_read(b, cols[i]),
                                &cols[i]->type)) {
            return false;
        }
    }
    return true;
}

struct ovs_shim_cursor
ovs_shim_cursor_first_prefix(struct ovsdb_idl_index *index,
                             const struct ovsdb_idl_row *key,
                             const struct ovsdb_idl_column *const cols[],
                             size_t n)
{
    struct ovsdb_idl_cursor c = ovsdb_idl_cursor_first_ge(index, key);
    if (c.position
        && !same_columns(ovsdb_idl_cursor_data(&c), key, cols, n)) {
        c.position = NULL;
    }
    return cursor_to_shim(c);
}

void
ovs_shim_cursor_next_prefix(struct ovs_shim_cursor *s,
                            const struct ovsdb_idl_column *const cols[],
                            size_t n)
{
    struct ovsdb_idl_cursor c = cursor_from_shim(s);
    const struct ovsdb_idl_row *prev = ovsdb_idl_cursor_data(&c);
    ovsdb_idl_cursor_next(&c);
    if (c.position && !same_columns(prev, ovsdb_idl_cursor_data(&c),
                                    cols, n)) {
        c.position = NULL;
    }
    *s = cursor_to_shim(c);
}

struct ovsdb_idl_condition *
ovs_shim_condition_create(void)
{
    struct ovsdb_idl_condition *cond = xmalloc(sizeof *cond);
    ovsdb_idl_condition_init(cond);
    return cond;
}

void
ovs_shim_condition_destroy(struct ovsdb_idl_condition *cond)
{
    if (cond) {
        ovsdb_idl_condition_destroy(cond);
        free(cond);
    }
}

void
ovs_shim_condition_add_true(struct ovsdb_idl_condition *cond)
{
    ovsdb_idl_condition_add_clause_true(cond);
}

bool
ovs_shim_idl_conditions_acked(const struct ovsdb_idl *idl,
                              unsigned int expected_seqno)
{
    return ovsdb_idl_get_condition_seqno(idl) == expected_seqno;
}
