/* HA rows for the in-memory Southbound of sb-fixture.h: HA_Chassis_Group
 * with its HA_Chassis, and Gateway_Chassis, as ovn-northd 23.03 writes
 * them for a distributed gateway port or an external port.  C, because
 * inserting needs the generated IDL header. */
#ifndef TESTS_UNIT_SB_FIXTURE_HA_H
#define TESTS_UNIT_SB_FIXTURE_HA_H 1

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct ovsdb_idl_txn;
struct sbrec_chassis;
struct sbrec_gateway_chassis;
struct sbrec_ha_chassis_group;
struct sbrec_port_binding;

/* Group 'name' of 'n' HA_Chassis, the i-th naming 'chassis[i]' (or, if it
 * is NULL, no Chassis: external_ids:chassis-name='names[i]') with
 * 'priorities[i]'.  'names' may be NULL when no chassis is NULL. */
const struct sbrec_ha_chassis_group *sb_fixture_ha_chassis_group(
    struct ovsdb_idl_txn *, const char *name,
    const struct sbrec_chassis *const *chassis, const char *const *names,
    const int64_t *priorities, size_t n);
void sb_fixture_port_set_ha_chassis_group(
    const struct sbrec_port_binding *, const struct sbrec_ha_chassis_group *);

/* Gateway_Chassis 'name' naming 'chassis' with 'priority', added to
 * 'pb''s gateway_chassis. */
const struct sbrec_gateway_chassis *sb_fixture_gateway_chassis(
    struct ovsdb_idl_txn *, const struct sbrec_port_binding *pb,
    const char *name, const struct sbrec_chassis *chassis,
    int64_t priority);

#ifdef __cplusplus
}
#endif

#endif  /* tests/unit/sb-fixture-ha.h */
