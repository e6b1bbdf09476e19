/* The Southbound writes of pinctrl's IGMP snooping: IGMP_Group rows.  C,
 * because it needs the generated ovn/lib/ovn-sb-idl.h, which is not valid
 * C++ (see ovn/lib/sb-shim.h).  Needs a transaction open on the rows'
 * IDL. */
#ifndef OVN_LIB_IGMP_GROUP_SHIM_H
#define OVN_LIB_IGMP_GROUP_SHIM_H 1

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

struct ovsdb_idl_txn;
struct sbrec_chassis;
struct sbrec_datapath_binding;
struct sbrec_igmp_group;
struct sbrec_port_binding;

/* Inserts an IGMP_Group row for 'address' on 'datapath', learnt by
 * 'chassis', with the 'n' ports 'ports'. */
void sb_shim_igmp_group_insert(struct ovsdb_idl_txn *txn,
                               const char *address,
                               const struct sbrec_datapath_binding *datapath,
                               const struct sbrec_chassis *chassis,
                               const struct sbrec_port_binding **ports,
                               size_t n);

/* Replaces 'group''s ports by the 'n' ports 'ports'. */
void sb_shim_igmp_group_set_ports(const struct sbrec_igmp_group *group,
                                  const struct sbrec_port_binding **ports,
                                  size_t n);

/* Deletes 'group'. */
void sb_shim_igmp_group_delete(const struct sbrec_igmp_group *group);

#ifdef __cplusplus
}
#endif

#endif  /* ovn/lib/igmp-group-shim.h */
