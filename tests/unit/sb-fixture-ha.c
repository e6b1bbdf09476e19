#include <config.h>

#include "tests/unit/sb-fixture-ha.h"

#include "ovn/lib/ovn-sb-idl.h"
#include "smap.h"
#include "util.h"

const struct sbrec_ha_chassis_group *
sb_fixture_ha_chassis_group(struct ovsdb_idl_txn *txn, const char *name,
                            const struct sbrec_chassis *const *chassis,
                            const char *const *names,
                            const int64_t *priorities, size_t n)
{
    struct sbrec_ha_chassis **members = xcalloc(n ? n : 1,
                                                sizeof *members);
    for (size_t i = 0; i < n; i++) {
        struct sbrec_ha_chassis *ha = sbrec_ha_chassis_insert(txn);
        sbrec_ha_chassis_set_priority(ha, priorities[i]);
        if (chassis[i]) {
            sbrec_ha_chassis_set_chassis(ha, chassis[i]);
        } else {
            struct smap ids = SMAP_CONST1(&ids, "chassis-name", names[i]);
            sbrec_ha_chassis_set_external_ids(ha, &ids);
        }
        members[i] = ha;
    }
    struct sbrec_ha_chassis_group *group
        = sbrec_ha_chassis_group_insert(txn);
    sbrec_ha_chassis_group_set_name(group, name);
    sbrec_ha_chassis_group_set_ha_chassis(group, members, n);
    free(members);
    return group;
}

void
sb_fixture_port_set_ha_chassis_group(
    const struct sbrec_port_binding *pb,
    const struct sbrec_ha_chassis_group *group)
{
    sbrec_port_binding_set_ha_chassis_group(pb, group);
}

const struct sbrec_gateway_chassis *
sb_fixture_gateway_chassis(struct ovsdb_idl_txn *txn,
                           const struct sbrec_port_binding *pb,
                           const char *name,
                           const struct sbrec_chassis *chassis,
                           int64_t priority)
{
    struct sbrec_gateway_chassis *gc = sbrec_gateway_chassis_insert(txn);
    sbrec_gateway_chassis_set_name(gc, name);
    sbrec_gateway_chassis_set_chassis(gc, chassis);
    sbrec_gateway_chassis_set_priority(gc, priority);
    /* The whole column, not a partial update: the rows are read in the
     * transaction that wrote them. */
    size_t n = pb->n_gateway_chassis;
    struct sbrec_gateway_chassis **gcs = xmalloc((n + 1) * sizeof *gcs);
    for (size_t i = 0; i < n; i++) {
        gcs[i] = pb->gateway_chassis[i];
    }
    gcs[n] = gc;
    sbrec_port_binding_set_gateway_chassis(pb, gcs, n + 1);
    free(gcs);
    return gc;
}
