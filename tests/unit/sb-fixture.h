/* An in-memory Southbound for unit tests: rows inserted in a transaction
 * on an IDL that never connects are visible to every reader (the row views
 * of ovn/lib/sb-rows.h, the indexes) until the transaction goes.  C,
 * because inserting needs the generated IDL header. */
#ifndef TESTS_UNIT_SB_FIXTURE_H
#define TESTS_UNIT_SB_FIXTURE_H 1

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct ovsdb_idl_txn;
struct sbrec_address_set;
struct sbrec_chassis;
struct sbrec_datapath_binding;
struct sbrec_logical_dp_group;
struct sbrec_logical_flow;
struct sbrec_multicast_group;
struct sbrec_port_binding;
struct sbrec_port_group;

const struct sbrec_datapath_binding *sb_fixture_datapath(
    struct ovsdb_idl_txn *, int64_t tunnel_key, const char *name);
void sb_fixture_datapath_set_tunnel_key(
    const struct sbrec_datapath_binding *, int64_t tunnel_key);
/* 'tag' may be NULL (no tag). */
const struct sbrec_port_binding *sb_fixture_port(
    struct ovsdb_idl_txn *, const struct sbrec_datapath_binding *,
    const char *logical_port, int64_t tunnel_key, const char *type,
    const char *const *macs, size_t n_macs, const int64_t *tag);
void sb_fixture_port_set_tunnel_key(const struct sbrec_port_binding *,
                                    int64_t tunnel_key);
void sb_fixture_port_set_chassis(const struct sbrec_port_binding *,
                                 const struct sbrec_chassis *);
/* Makes 'pb' a container port of 'parent' (a logical port's name). */
void sb_fixture_port_set_parent(const struct sbrec_port_binding *pb,
                                const char *parent);
/* Sets options:'key' to 'value', or removes it if 'value' is NULL. */
void sb_fixture_port_set_option(const struct sbrec_port_binding *,
                                const char *key, const char *value);
const struct sbrec_multicast_group *sb_fixture_multicast_group(
    struct ovsdb_idl_txn *, const struct sbrec_datapath_binding *,
    const char *name, int64_t tunnel_key,
    const struct sbrec_port_binding *const *ports, size_t n_ports);
const struct sbrec_logical_dp_group *sb_fixture_dp_group(
    struct ovsdb_idl_txn *,
    const struct sbrec_datapath_binding *const *dps, size_t n_dps);
/* Exactly one of 'dp' and 'group' non-NULL. */
const struct sbrec_logical_flow *sb_fixture_lflow(
    struct ovsdb_idl_txn *, const struct sbrec_datapath_binding *dp,
    const struct sbrec_logical_dp_group *group, int64_t table,
    int64_t priority, const char *match, const char *actions);

/* A datapath that is a logical switch (external_ids:logical-switch). */
const struct sbrec_datapath_binding *sb_fixture_switch(
    struct ovsdb_idl_txn *, int64_t tunnel_key, const char *name);
const struct sbrec_address_set *sb_fixture_address_set(
    struct ovsdb_idl_txn *, const char *name,
    const char *const *addresses, size_t n);
/* How many addresses the IDL parsed into 'as''s row members (0: the
 * column is raw, see ovn/lib/sb-tables.txt). */
size_t sb_fixture_address_set_n_parsed(const struct sbrec_address_set *as);
const struct sbrec_port_group *sb_fixture_port_group(
    struct ovsdb_idl_txn *, const char *name,
    const char *const *ports, size_t n);

#ifdef __cplusplus
}
#endif

#endif  /* tests/unit/sb-fixture.h */
