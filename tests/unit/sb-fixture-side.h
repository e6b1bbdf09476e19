/* In-memory Southbound rows for the side flows' tests (tables 66 to 75):
 * MAC_Binding, Static_MAC_Binding, FDB, Load_Balancer, and a port's
 * port_security.  As sb-fixture.h: inserted through a transaction that
 * never commits; the delete functions take a row out of it again. */
#ifndef TESTS_UNIT_SB_FIXTURE_SIDE_H
#define TESTS_UNIT_SB_FIXTURE_SIDE_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct ovsdb_idl_txn;
struct sbrec_datapath_binding;
struct sbrec_fdb;
struct sbrec_load_balancer;
struct sbrec_logical_dp_group;
struct sbrec_mac_binding;
struct sbrec_port_binding;
struct sbrec_static_mac_binding;

const struct sbrec_mac_binding *sb_fixture_mac_binding(
    struct ovsdb_idl_txn *, const struct sbrec_datapath_binding *,
    const char *logical_port, const char *ip, const char *mac);
void sb_fixture_mac_binding_delete(const struct sbrec_mac_binding *);
void sb_fixture_mac_binding_set_mac(const struct sbrec_mac_binding *,
                                    const char *mac);

const struct sbrec_static_mac_binding *sb_fixture_static_mac_binding(
    struct ovsdb_idl_txn *, const struct sbrec_datapath_binding *,
    const char *logical_port, const char *ip, const char *mac,
    bool override_dynamic_mac);

const struct sbrec_fdb *sb_fixture_fdb(struct ovsdb_idl_txn *,
                                       int64_t dp_key, int64_t port_key,
                                       const char *mac);
void sb_fixture_fdb_delete(const struct sbrec_fdb *);
void sb_fixture_fdb_set_mac(const struct sbrec_fdb *, const char *mac);

/* 'vips' and 'options' are 'n_vips' ('n_options') key-value pairs, as
 * key0, value0, key1, value1...; 'protocol' may be NULL. */
const struct sbrec_load_balancer *sb_fixture_load_balancer(
    struct ovsdb_idl_txn *, const char *name, const char *protocol,
    const char *const *vips, size_t n_vips,
    const char *const *options, size_t n_options,
    const struct sbrec_datapath_binding *const *dps, size_t n_dps,
    const struct sbrec_logical_dp_group *);
void sb_fixture_load_balancer_set_vips(const struct sbrec_load_balancer *,
                                       const char *const *vips,
                                       size_t n_vips);

void sb_fixture_port_set_port_security(const struct sbrec_port_binding *,
                                       const char *const *, size_t);

#ifdef __cplusplus
}
#endif

#endif  /* tests/unit/sb-fixture-side.h */
