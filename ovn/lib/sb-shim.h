/* C shim over the generated OVN Southbound IDL (ovn/lib/ovn-sb-idl.h, built
 * from Debian's ovn-sb.ovsschema), which is not valid C++.
 *
 * Exposes the rows ovn-controller reads first (Chassis, Chassis_Private,
 * Encap, Datapath_Binding, Port_Binding, SB_Global) and the writes it
 * makes (registering its Chassis and Chassis_Private and removing them,
 * claiming a Port_Binding).  Rows are opaque; the IDL itself is driven
 * through lib/shim/ovsdb-idl-shim.h and owned in
 * C++ by ovs::IdlPtr.  Row pointers stay valid until the next
 * ovs_shim_idl_run() on their IDL.
 *
 * Tables are walked with *_first(idl) and *_next(row), both returning NULL
 * at the end; set columns with n_*(row) and *(row, i).  Map columns are
 * returned as 'struct smap', which C++ may read with smap_get(). */
#ifndef OVN_LIB_SB_SHIM_H
#define OVN_LIB_SB_SHIM_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct ovsdb_idl;
struct ovsdb_idl_txn;
struct sbrec_chassis;
struct sbrec_chassis_private;
struct sbrec_datapath_binding;
struct sbrec_encap;
struct sbrec_multicast_group;
struct sbrec_port_binding;
struct sbrec_sb_global;
struct smap;
struct uuid;

/* Creates an IDL for the Southbound database at 'remote' (for example
 * $OVN_SB_DB), monitoring every table, reconnecting whenever the connection
 * drops, with change tracking on for the tables the physical flows come
 * from: Chassis, Datapath_Binding, Encap, Multicast_Group and Port_Binding
 * (see the *_track_* functions below and ovs_shim_idl_track_clear()).
 * Destroy it with ovs_shim_idl_destroy(). */
struct ovsdb_idl *sb_shim_idl_create(const char *remote);

/* Numbers that change whenever a row of those tables, or of Port_Binding
 * alone, changes (including on reconnection): compare them across runs to
 * skip work that depends on nothing else. */
unsigned int sb_shim_physical_tables_seqno(const struct ovsdb_idl *idl);
unsigned int sb_shim_port_binding_table_seqno(const struct ovsdb_idl *idl);

/* SB_Global: (at most) one row.  nb_cfg is the Northbound sequence number
 * that ovn-northd has propagated to the Southbound. */
const struct sbrec_sb_global *sb_shim_sb_global_first(
    const struct ovsdb_idl *idl);
int64_t sb_shim_sb_global_nb_cfg(const struct sbrec_sb_global *sbg);

/* Chassis. */
const struct sbrec_chassis *sb_shim_chassis_first(
    const struct ovsdb_idl *idl);
const struct sbrec_chassis *sb_shim_chassis_next(
    const struct sbrec_chassis *ch);
/* The chassis named 'name' (its system-id), or NULL. */
const struct sbrec_chassis *sb_shim_chassis_find(const struct ovsdb_idl *idl,
                                                 const char *name);
const char *sb_shim_chassis_name(const struct sbrec_chassis *ch);
const char *sb_shim_chassis_hostname(const struct sbrec_chassis *ch);
size_t sb_shim_chassis_n_encaps(const struct sbrec_chassis *ch);
const struct sbrec_encap *sb_shim_chassis_encap(
    const struct sbrec_chassis *ch, size_t i);
const struct smap *sb_shim_chassis_other_config(
    const struct sbrec_chassis *ch);
const struct uuid *sb_shim_chassis_uuid(const struct sbrec_chassis *ch);

/* Chassis_Private: the part of a chassis that only its own
 * ovn-controller writes. */
const struct sbrec_chassis_private *sb_shim_chassis_private_first(
    const struct ovsdb_idl *idl);
const struct sbrec_chassis_private *sb_shim_chassis_private_next(
    const struct sbrec_chassis_private *chp);
/* The Chassis_Private named 'name', or NULL. */
const struct sbrec_chassis_private *sb_shim_chassis_private_find(
    const struct ovsdb_idl *idl, const char *name);
const char *sb_shim_chassis_private_name(
    const struct sbrec_chassis_private *chp);
/* NULL if unset or if the chassis it named is gone. */
const struct sbrec_chassis *sb_shim_chassis_private_chassis(
    const struct sbrec_chassis_private *chp);
int64_t sb_shim_chassis_private_nb_cfg(
    const struct sbrec_chassis_private *chp);

/* Encap: one tunnel endpoint of a chassis. */
const char *sb_shim_encap_type(const struct sbrec_encap *encap);
const char *sb_shim_encap_ip(const struct sbrec_encap *encap);
const struct smap *sb_shim_encap_options(const struct sbrec_encap *encap);

/* Datapath_Binding: one per logical switch or router. */
const struct sbrec_datapath_binding *sb_shim_datapath_binding_first(
    const struct ovsdb_idl *idl);
const struct sbrec_datapath_binding *sb_shim_datapath_binding_next(
    const struct sbrec_datapath_binding *dp);
int64_t sb_shim_datapath_binding_tunnel_key(
    const struct sbrec_datapath_binding *dp);
const struct smap *sb_shim_datapath_binding_external_ids(
    const struct sbrec_datapath_binding *dp);
const struct uuid *sb_shim_datapath_binding_uuid(
    const struct sbrec_datapath_binding *dp);

/* Port_Binding: one per logical port. */
const struct sbrec_port_binding *sb_shim_port_binding_first(
    const struct ovsdb_idl *idl);
const struct sbrec_port_binding *sb_shim_port_binding_next(
    const struct sbrec_port_binding *pb);
const char *sb_shim_port_binding_logical_port(
    const struct sbrec_port_binding *pb);
/* "" for a VIF, else "patch", "localnet", "router", ... */
const char *sb_shim_port_binding_type(const struct sbrec_port_binding *pb);
int64_t sb_shim_port_binding_tunnel_key(const struct sbrec_port_binding *pb);
/* The schema requires a datapath, but a row whose datapath the IDL has not
 * received (or that was deleted under it) has none: NULL then. */
const struct sbrec_datapath_binding *sb_shim_port_binding_datapath(
    const struct sbrec_port_binding *pb);
/* The chassis that has claimed the port, or NULL. */
const struct sbrec_chassis *sb_shim_port_binding_chassis(
    const struct sbrec_port_binding *pb);
/* Each "MAC [IP...]" address entry, or "unknown", "router", ... */
size_t sb_shim_port_binding_n_mac(const struct sbrec_port_binding *pb);
const char *sb_shim_port_binding_mac(const struct sbrec_port_binding *pb,
                                     size_t i);
/* 1 if up, 0 if down, -1 if the column is empty (nobody said yet). */
int sb_shim_port_binding_up(const struct sbrec_port_binding *pb);
const struct uuid *sb_shim_port_binding_uuid(
    const struct sbrec_port_binding *pb);
/* The Port_Binding with 'uuid', or NULL. */
const struct sbrec_port_binding *sb_shim_port_binding_get_for_uuid(
    const struct ovsdb_idl *idl, const struct uuid *uuid);

/* Multicast_Group: a datapath's logical multicast port (flood, unknown,
 * ...), with tunnel_key >= 32768 and the Port_Bindings it reaches. */
const struct sbrec_multicast_group *sb_shim_multicast_group_first(
    const struct ovsdb_idl *idl);
const struct sbrec_multicast_group *sb_shim_multicast_group_next(
    const struct sbrec_multicast_group *mc);
const char *sb_shim_multicast_group_name(
    const struct sbrec_multicast_group *mc);
int64_t sb_shim_multicast_group_tunnel_key(
    const struct sbrec_multicast_group *mc);
/* NULL if the IDL has not (or no longer) the datapath. */
const struct sbrec_datapath_binding *sb_shim_multicast_group_datapath(
    const struct sbrec_multicast_group *mc);
size_t sb_shim_multicast_group_n_ports(
    const struct sbrec_multicast_group *mc);
const struct sbrec_port_binding *sb_shim_multicast_group_port(
    const struct sbrec_multicast_group *mc, size_t i);
const struct uuid *sb_shim_multicast_group_uuid(
    const struct sbrec_multicast_group *mc);

/* Change tracking: the rows of a table inserted, modified or deleted since
 * the last ovs_shim_idl_track_clear() (deleted rows stay readable until
 * then; their references to other rows may be NULL). */
const struct sbrec_port_binding *sb_shim_port_binding_track_first(
    const struct ovsdb_idl *idl);
const struct sbrec_port_binding *sb_shim_port_binding_track_next(
    const struct sbrec_port_binding *pb);
const struct sbrec_multicast_group *sb_shim_multicast_group_track_first(
    const struct ovsdb_idl *idl);
const struct sbrec_multicast_group *sb_shim_multicast_group_track_next(
    const struct sbrec_multicast_group *mc);
bool sb_shim_multicast_group_is_deleted(
    const struct sbrec_multicast_group *mc);
/* Whether any row of Chassis, Encap or Datapath_Binding changed: those
 * changes are rare and reach many flows, so callers recompute. */
bool sb_shim_chassis_tracked_any(const struct ovsdb_idl *idl);
bool sb_shim_encap_tracked_any(const struct ovsdb_idl *idl);
bool sb_shim_datapath_binding_tracked_any(const struct ovsdb_idl *idl);

/* Writes.  Each needs a transaction open on the row's IDL
 * (ovs_shim_idl_txn_create()); nothing reaches the server before it is
 * committed. */

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

#ifdef __cplusplus
}
#endif

#endif  /* ovn/lib/sb-shim.h */
