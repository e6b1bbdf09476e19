#include <config.h>

#include "ovn/lib/igmp-group-shim.h"

#include "ovn/lib/ovn-sb-idl.h"

void
sb_shim_igmp_group_insert(struct ovsdb_idl_txn *txn, const char *address,
                          const struct sbrec_datapath_binding *datapath,
                          const struct sbrec_chassis *chassis,
                          const struct sbrec_port_binding **ports, size_t n)
{
    const struct sbrec_igmp_group *group = sbrec_igmp_group_insert(txn);
    sbrec_igmp_group_set_address(group, address);
    sbrec_igmp_group_set_datapath(group, datapath);
    sbrec_igmp_group_set_chassis(group, chassis);
    sb_shim_igmp_group_set_ports(group, ports, n);
}

void
sb_shim_igmp_group_set_ports(const struct sbrec_igmp_group *group,
                             const struct sbrec_port_binding **ports,
                             size_t n)
{
    sbrec_igmp_group_set_ports(group,
                               CONST_CAST(struct sbrec_port_binding **,
                                          ports), n);
}

void
sb_shim_igmp_group_delete(const struct sbrec_igmp_group *group)
{
    sbrec_igmp_group_delete(group);
}
