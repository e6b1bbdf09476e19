/* The Southbound writes of ovn-controller that carry logic: registering
 * this chassis (Chassis, its Encaps, Chassis_Private) and removing it,
 * reporting nb_cfg, claiming and releasing a Port_Binding.  Everything
 * else, reads above all, goes through the layer generated from the schema
 * (ovn/lib/sb-idl-shim.h for C, ovn/lib/sb-rows.h for C++); this file is
 * C because it needs the generated ovn/lib/ovn-sb-idl.h, which is not
 * valid C++.
 *
 * Each write needs a transaction open on the row's IDL
 * (ovs_shim_idl_txn_create()); nothing reaches the server before it is
 * committed. */
#ifndef OVN_LIB_SB_SHIM_H
#define OVN_LIB_SB_SHIM_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct ovsdb_idl_txn;
struct sbrec_chassis;
struct sbrec_chassis_private;
struct sbrec_port_binding;
struct smap;

/* Makes the Chassis named 'name' exist with 'hostname' and one Encap per
 * type in 'encap_types' (distinct; "geneve", "vxlan" or "stt"), all at
 * 'encap_ip' ('n_encap_types' >= 1: the schema requires an encap),
 * inserting the chassis if the IDL has none of that name.
 * Encaps are replaced only when the set of (type, ip) differs, so calling
 * this on every main-loop run with the same configuration writes nothing.
 * Returns the chassis row, which may be new (usable as a reference in the
 * same transaction). */
const struct sbrec_chassis *sb_shim_chassis_register(
    struct ovsdb_idl_txn *txn, const char *name, const char *hostname,
    const char *const *encap_types, size_t n_encap_types,
    const char *encap_ip);

/* Sets 'ch''s other_config to 'other_config', unless it is already equal
 * (so that an unchanged configuration writes nothing). */
void sb_shim_chassis_set_other_config(const struct sbrec_chassis *ch,
                                      const struct smap *other_config);

/* Sets the options of each of 'ch''s encaps (including those
 * sb_shim_chassis_register() just inserted) to 'options', unless they are
 * already equal. */
void sb_shim_chassis_set_encap_options(const struct sbrec_chassis *ch,
                                       const struct smap *options);

/* Deletes 'ch'.  Its Encap rows, which only it refers to, go with it. */
void sb_shim_chassis_delete(const struct sbrec_chassis *ch);

/* Makes the Chassis_Private named 'name' exist and refer to 'ch',
 * inserting it with nb_cfg 0 if the IDL has none of that name.  Writes
 * nothing if it already does.  Returns the row. */
const struct sbrec_chassis_private *sb_shim_chassis_private_register(
    struct ovsdb_idl_txn *txn, const char *name,
    const struct sbrec_chassis *ch);
void sb_shim_chassis_private_delete(const struct sbrec_chassis_private *chp);
/* Reports that this chassis has installed what the Northbound asked up to
 * 'nb_cfg', at 'timestamp' (ms since the epoch), unless it already
 * says so. */
void sb_shim_chassis_private_set_nb_cfg(
    const struct sbrec_chassis_private *chp, int64_t nb_cfg,
    int64_t timestamp);

/* Claims 'pb' for 'ch', or releases it if 'ch' is NULL. */
void sb_shim_port_binding_set_chassis(const struct sbrec_port_binding *pb,
                                      const struct sbrec_chassis *ch);
void sb_shim_port_binding_set_up(const struct sbrec_port_binding *pb,
                                 bool up);
/* Sets the virtual_parent of virtual port 'pb' to 'parent', or clears it
 * if 'parent' is NULL. */
void sb_shim_port_binding_set_virtual_parent(
    const struct sbrec_port_binding *pb, const char *parent);
/* Adds 'ch' to, or removes it from, the additional_chassis of 'pb'. */
void sb_shim_port_binding_add_additional_chassis(
    const struct sbrec_port_binding *pb, const struct sbrec_chassis *ch);
void sb_shim_port_binding_remove_additional_chassis(
    const struct sbrec_port_binding *pb, const struct sbrec_chassis *ch);
/* Sets options:'key' of 'pb' to 'value' (NULL: removes it). */
void sb_shim_port_binding_set_option(const struct sbrec_port_binding *pb,
                                     const char *key, const char *value);

#ifdef __cplusplus
}
#endif

#endif  /* ovn/lib/sb-shim.h */
