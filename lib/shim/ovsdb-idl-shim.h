/* C shim over lib/ovsdb-idl.h, which is not valid C++.
 *
 * Owns nothing OVN-specific: the calls here work on any IDL, whichever
 * schema created it (lib/shim/vswitch-idl-shim.h for Open_vSwitch,
 * ovn/lib/sb-shim.h for the OVN Southbound).  C++ callers hold the
 * handles in ovs::IdlPtr and ovs::IdlTxnPtr (lib/c-ptr.h), so they never
 * destroy them by hand.
 *
 * Lifetime rule of every IDL: a row pointer obtained from it stays valid
 * only until the next ovs_shim_idl_run() on that IDL. */
#ifndef LIB_SHIM_OVSDB_IDL_SHIM_H
#define LIB_SHIM_OVSDB_IDL_SHIM_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct ovsdb_idl;
struct ovs_shim_idl_loop;
struct ovsdb_idl_txn;

/* Destroys 'idl' and closes its connection.  Accepts NULL. */
void ovs_shim_idl_destroy(struct ovsdb_idl *idl);

/* Processes what the server sent and reconnects if needed.  Call once per
 * main-loop iteration, before reading rows. */
void ovs_shim_idl_run(struct ovsdb_idl *idl);

/* Arranges for poll_block() to wake when ovs_shim_idl_run() has work. */
void ovs_shim_idl_wait(struct ovsdb_idl *idl);

/* Points 'idl' at 'remote' (reconnecting if it differs from the current
 * one), retrying forever if 'retry'. */
void ovs_shim_idl_set_remote(struct ovsdb_idl *idl, const char *remote,
                             bool retry);

/* Sets the inactivity probe interval of 'idl''s connection, in
 * milliseconds: 0 disables probes, and a nonzero value below 1000 counts as
 * 1000. */
void ovs_shim_idl_set_probe_interval(struct ovsdb_idl *idl, int msecs);

/* With 'leader_only', a session to a clustered database moves on from any
 * member that is not the cluster leader; without it, any member that is
 * connected to the cluster will do (writes are forwarded to the leader by
 * the member).  Members whose data is older than what the IDL has already
 * seen are never used, either way. */
void ovs_shim_idl_set_leader_only(struct ovsdb_idl *idl, bool leader_only);

/* Forgets the newest cluster index the IDL has seen, so that a clustered
 * database rebuilt from scratch (whose index starts again from zero) is not
 * taken for a stale member forever. */
void ovs_shim_idl_reset_min_index(struct ovsdb_idl *idl);

/* Whether the session is up now. */
bool ovs_shim_idl_is_connected(const struct ovsdb_idl *idl);

/* Whether the IDL has ever received the server's initial contents.  Until
 * then every table looks empty, however full the database is, so a caller
 * must not act on an empty table before this returns true. */
bool ovs_shim_idl_has_ever_connected(const struct ovsdb_idl *idl);

/* A number that changes whenever the IDL's view of the database changes
 * (including on reconnection); compare it across runs to know when to
 * re-read rows. */
unsigned int ovs_shim_idl_get_seqno(const struct ovsdb_idl *idl);

/* Forgets the rows changed (inserted, modified, deleted) that the IDL's
 * change tracking has recorded since the last call, once the caller has
 * handled them.  Deleted rows' pointers become invalid. */
void ovs_shim_idl_track_clear(struct ovsdb_idl *idl);

/* What happened to a transaction, mirroring enum ovsdb_idl_txn_status so
 * that C++ need not see ovsdb-idl.h. */
enum ovs_shim_txn_status {
    OVS_SHIM_TXN_UNCOMMITTED,  /* Not committed yet. */
    OVS_SHIM_TXN_UNCHANGED,    /* Nothing to change: done. */
    OVS_SHIM_TXN_INCOMPLETE,   /* Sent; commit again after the next run. */
    OVS_SHIM_TXN_ABORTED,      /* Aborted by the caller. */
    OVS_SHIM_TXN_SUCCESS,      /* Committed. */
    OVS_SHIM_TXN_TRY_AGAIN,    /* Conflict or lost connection: retry. */
    OVS_SHIM_TXN_NOT_LOCKED,   /* The server has not granted our lock. */
    OVS_SHIM_TXN_ERROR         /* Hard error; see the log. */
};

/* Opens a transaction on 'idl'.  At most one may be open per IDL; row
 * setters in the schema shims need it open. */
struct ovsdb_idl_txn *ovs_shim_idl_txn_create(struct ovsdb_idl *idl);

/* Sends 'txn' without blocking.  While it returns
 * OVS_SHIM_TXN_INCOMPLETE, keep running the IDL and call it again. */
enum ovs_shim_txn_status ovs_shim_idl_txn_commit(struct ovsdb_idl_txn *txn);

/* Sends 'txn' and runs the IDL until the server has answered.  For tests
 * and start-up only: it blocks the caller. */
enum ovs_shim_txn_status ovs_shim_idl_txn_commit_block(
    struct ovsdb_idl_txn *txn);

/* Destroys 'txn', aborting it if it was not committed.  Accepts NULL. */
void ovs_shim_idl_txn_destroy(struct ovsdb_idl_txn *txn);

/* Returns a constant name for 'status' ("success", "try again", ...). */
const char *ovs_shim_txn_status_to_string(enum ovs_shim_txn_status status);

/* A daemon's main-loop transaction manager over one IDL (OVS's
 * ovsdb_idl_loop): each iteration, ovs_shim_idl_loop_run() runs the IDL
 * and opens a transaction unless the previous one is still in flight, and
 * ovs_shim_idl_loop_commit_and_wait() commits it without blocking and
 * arranges the next wake-up.  The loop owns its IDL. */
struct ovs_shim_idl_loop *ovs_shim_idl_loop_create(struct ovsdb_idl *idl);
/* Destroys 'loop', its transactions and its IDL.  Accepts NULL. */
void ovs_shim_idl_loop_destroy(struct ovs_shim_idl_loop *loop);
struct ovsdb_idl *ovs_shim_idl_loop_idl(const struct ovs_shim_idl_loop *loop);
/* Returns the open transaction, or NULL while the previous one is still
 * being committed. */
struct ovsdb_idl_txn *ovs_shim_idl_loop_run(struct ovs_shim_idl_loop *loop);
/* Returns -1 while a transaction is still being committed, otherwise 1 if
 * it committed (or changed nothing, or there was none) and 0 if it failed
 * (the caller redoes its changes on the next run), as OVS's
 * ovsdb_idl_loop_commit_and_wait(). */
int ovs_shim_idl_loop_commit_and_wait(struct ovs_shim_idl_loop *loop);

/* Iteration over the rows of an IDL index that equal a key (the generated
 * schema shims create the key and return a cursor at its first match).
 * The cursor is a copy of OVS's 'struct ovsdb_idl_cursor', kept opaque so
 * that C++ can hold it by value; its position is null once past the last
 * match.  Valid until the next ovs_shim_idl_run() on the index's IDL. */
struct ovsdb_idl_index;
struct ovsdb_idl_row;
struct ovs_shim_cursor {
    void *index_;
    void *position_;
};
struct ovs_shim_cursor ovs_shim_cursor_first_eq(
    struct ovsdb_idl_index *, const struct ovsdb_idl_row *key);
/* The current row, or NULL at the end. */
const void *ovs_shim_cursor_row(const struct ovs_shim_cursor *);
void ovs_shim_cursor_next_eq(struct ovs_shim_cursor *);

/* Iteration over the rows of an index whose leading 'n' columns, 'cols',
 * equal those of 'key' (a key whose other columns hold their least
 * values): a lookup by a prefix of a longer index, which spares the IDL an
 * index of its own to keep up on every change of a row. */
struct ovsdb_idl_column;
struct ovs_shim_cursor ovs_shim_cursor_first_prefix(
    struct ovsdb_idl_index *, const struct ovsdb_idl_row *key,
    const struct ovsdb_idl_column *const cols[], size_t n);
void ovs_shim_cursor_next_prefix(struct ovs_shim_cursor *,
                                 const struct ovsdb_idl_column *const cols[],
                                 size_t n);

/* Monitor conditions: a condition is a disjunction of clauses, each
 * added by a schema shim's *_add_clause_*() function; one without clauses
 * matches no row.  Hold it in C++ with ovs::IdlConditionPtr. */
struct ovsdb_idl_condition;
enum ovs_shim_function {
    OVS_SHIM_F_EQ,
    OVS_SHIM_F_NE,
    OVS_SHIM_F_INCLUDES,
    OVS_SHIM_F_EXCLUDES
};
struct ovsdb_idl_condition *ovs_shim_condition_create(void);
void ovs_shim_condition_destroy(struct ovsdb_idl_condition *);
/* Makes 'cond' match every row. */
void ovs_shim_condition_add_true(struct ovsdb_idl_condition *);
/* Whether the server has acknowledged every condition set on 'idl' so
 * far, i.e. the IDL holds exactly the rows they select. */
bool ovs_shim_idl_conditions_acked(const struct ovsdb_idl *idl,
                                   unsigned int expected_seqno);

#ifdef __cplusplus
}
#endif

#endif  /* lib/shim/ovsdb-idl-shim.h */
