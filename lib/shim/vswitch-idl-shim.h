/* C shim over Open vSwitch's generated lib/vswitch-idl.h (the Open_vSwitch
 * database), which is not valid C++.
 *
 * Exposes the slice of the local switch's configuration that
 * ovn-controller reads: the Open_vSwitch row's external_ids (system-id,
 * ovn-remote, ovn-encap-type, ovn-encap-ip, ovn-bridge), and the bridges
 * with their ports and interfaces; and the one write it makes, creating
 * the integration bridge.  Rows are opaque; the IDL itself is
 * driven through lib/shim/ovsdb-idl-shim.h.  Row pointers stay valid until
 * the next ovs_shim_idl_run() on their IDL.
 *
 * Tables are walked with *_first(idl) and *_next(row), both returning NULL
 * at the end; set columns with n_*(row) and *(row, i). */
#ifndef LIB_SHIM_VSWITCH_IDL_SHIM_H
#define LIB_SHIM_VSWITCH_IDL_SHIM_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct ovsdb_idl;
struct ovsdb_idl_txn;
struct ovsrec_bridge;
struct ovsrec_interface;
struct uuid;
struct ovsrec_open_vswitch;
struct ovsrec_port;
struct smap;

/* Creates an IDL for the Open_vSwitch database at 'remote' (for example
 * "unix:/run/openvswitch/db.sock"), monitoring every table, but not the
 * status and statistics columns that ovs-vswitchd keeps rewriting, nor
 * Bridge external_ids (the conntrack zones' and nb_cfg's, bridge-key-store.h),
 * reconnecting whenever the connection drops.  Destroy it with
 * ovs_shim_idl_destroy(). */
struct ovsdb_idl *ovs_shim_vswitch_idl_create(const char *remote);

/* The bridge named 'name' in 'idl', or NULL. */
const struct ovsrec_bridge *ovs_shim_bridge_find(const struct ovsdb_idl *idl,
                                                 const char *name);

/* Change tracking, on for Bridge ports, Port interfaces and Interface
 * name, external_ids and ofport (what binding.h reads): the rows changed
 * since the last ovs_shim_idl_track_clear().  Deleted rows stay readable
 * until then.  A reconnection replaces every row without reporting the
 * old ones deleted. */
/* Whether a Bridge or Port row is new, deleted or changed. */
bool ovs_shim_bridge_ports_tracked(const struct ovsdb_idl *idl);
const struct ovsrec_interface *ovs_shim_interface_track_first(
    const struct ovsdb_idl *idl);
const struct ovsrec_interface *ovs_shim_interface_track_next(
    const struct ovsrec_interface *iface);
bool ovs_shim_interface_is_new(const struct ovsrec_interface *iface);
bool ovs_shim_interface_is_deleted(const struct ovsrec_interface *iface);
const struct ovsrec_port *ovs_shim_port_track_first(
    const struct ovsdb_idl *idl);
const struct ovsrec_port *ovs_shim_port_track_next(
    const struct ovsrec_port *port);
bool ovs_shim_port_is_new(const struct ovsrec_port *port);
bool ovs_shim_port_is_deleted(const struct ovsrec_port *port);
/* Whether 'br''s set of ports changed (a new bridge's included). */
bool ovs_shim_bridge_ports_updated(const struct ovsrec_bridge *br);
/* The UUID of a bridge. */
const struct uuid *ovs_shim_bridge_uuid(const struct ovsrec_bridge *br);

/* Row UUIDs (readable for deleted rows too), and an Interface by UUID
 * (NULL if there is none). */
const struct uuid *ovs_shim_port_uuid(const struct ovsrec_port *port);
const struct uuid *ovs_shim_interface_uuid(
    const struct ovsrec_interface *iface);
const struct ovsrec_interface *ovs_shim_interface_get_for_uuid(
    const struct ovsdb_idl *idl, const struct uuid *uuid);
/* "" for a system interface. */
const char *ovs_shim_interface_type(const struct ovsrec_interface *iface);

/* A number that changes whenever a row of Bridge, Port or Interface
 * changes (including on reconnection). */
unsigned int ovs_shim_bridge_tables_seqno(const struct ovsdb_idl *idl);
/* The same for the Open_vSwitch and Bridge tables. */
unsigned int ovs_shim_open_vswitch_bridge_seqno(const struct ovsdb_idl *idl);
/* The same for the Open_vSwitch table alone. */
unsigned int ovs_shim_open_vswitch_seqno(const struct ovsdb_idl *idl);

/* The Open_vSwitch table holds (at most) one row. */
const struct ovsrec_open_vswitch *ovs_shim_open_vswitch_first(
    const struct ovsdb_idl *idl);
const struct smap *ovs_shim_open_vswitch_external_ids(
    const struct ovsrec_open_vswitch *ovs);

/* The interface types ovs-vswitchd supports ("internal", "geneve", ...). */
size_t ovs_shim_open_vswitch_n_iface_types(
    const struct ovsrec_open_vswitch *ovs);
const char *ovs_shim_open_vswitch_iface_type(
    const struct ovsrec_open_vswitch *ovs, size_t i);

/* The SSL configuration in the local database ('ovs-vsctl set-ssl'): the
 * files as the SSL table names them.  Returns false, leaving '*ssl'
 * alone, when the database has none. */
struct ovs_shim_ssl_config {
    const char *private_key;
    const char *certificate;
    const char *ca_cert;
    bool bootstrap_ca_cert;
};
bool ovs_shim_ssl_config_get(const struct ovsdb_idl *idl,
                             struct ovs_shim_ssl_config *ssl);

const struct ovsrec_bridge *ovs_shim_bridge_first(
    const struct ovsdb_idl *idl);
const struct ovsrec_bridge *ovs_shim_bridge_next(
    const struct ovsrec_bridge *br);
const char *ovs_shim_bridge_name(const struct ovsrec_bridge *br);
/* "secure", "standalone" or NULL when unset. */
const char *ovs_shim_bridge_fail_mode(const struct ovsrec_bridge *br);
/* "" when unset, which ovs-vswitchd takes as "system". */
const char *ovs_shim_bridge_datapath_type(const struct ovsrec_bridge *br);
/* A bridge's ports, read from the column's datum: the IDL does not parse
 * Bridge ports into rows (the parse of a set of N references, made again
 * on every change of the row, would cost O(N) for each port added or
 * removed).  Their UUIDs, '*n' of them in ascending order, valid until the
 * IDL runs again; the i-th port's row, NULL while the IDL has none (yet)
 * for its UUID. */
size_t ovs_shim_bridge_n_ports(const struct ovsrec_bridge *br);
const struct uuid *ovs_shim_bridge_port_uuids(const struct ovsrec_bridge *br,
                                              size_t *n);
const struct ovsrec_port *ovs_shim_bridge_port(
    const struct ovsrec_bridge *br, size_t i);
/* Whether 'uuid' is in 'br''s set of ports (a binary search of it). */
bool ovs_shim_bridge_has_port(const struct ovsrec_bridge *br,
                              const struct uuid *uuid);
/* The Port row with UUID 'uuid' in the IDL of 'br', or NULL. */
const struct ovsrec_port *ovs_shim_bridge_port_by_uuid(
    const struct ovsrec_bridge *br, const struct uuid *uuid);

const char *ovs_shim_port_name(const struct ovsrec_port *port);
/* Where ovn-controller marks the tunnel ports it owns
 * ("ovn-chassis-id"). */
const struct smap *ovs_shim_port_external_ids(const struct ovsrec_port *port);
size_t ovs_shim_port_n_interfaces(const struct ovsrec_port *port);
const struct ovsrec_interface *ovs_shim_port_interface(
    const struct ovsrec_port *port, size_t i);

const struct ovsrec_interface *ovs_shim_interface_first(
    const struct ovsdb_idl *idl);
const struct ovsrec_interface *ovs_shim_interface_next(
    const struct ovsrec_interface *iface);
const char *ovs_shim_interface_name(const struct ovsrec_interface *iface);
/* The OpenFlow port number ovs-vswitchd assigned, or -1 while it has not
 * assigned one (ofport is empty until the interface is set up) or could
 * not. */
int64_t ovs_shim_interface_ofport(const struct ovsrec_interface *iface);
/* Where ovn-controller finds "iface-id", the logical port's name. */
const struct smap *ovs_shim_interface_external_ids(
    const struct ovsrec_interface *iface);
const struct smap *ovs_shim_interface_options(
    const struct ovsrec_interface *iface);
/* BFD's configuration of the interface, and its state as ovs-vswitchd
 * reports it (bfd.h). */
const struct smap *ovs_shim_interface_bfd(
    const struct ovsrec_interface *iface);
const struct smap *ovs_shim_interface_bfd_status(
    const struct ovsrec_interface *iface);

/* Writes.  Each needs a transaction open on the row's IDL. */

/* Creates bridge 'name' the way ovn-controller wants its integration
 * bridge: fail_mode=secure, in-band control off, OpenFlow 1.3 to 1.5,
 * 'datapath_type' unless it is NULL or "", and an internal Port and
 * Interface of the same name; adds it to 'ovs''s bridges.  Returns the new
 * row. */
const struct ovsrec_bridge *ovs_shim_bridge_create(
    struct ovsdb_idl_txn *txn, const struct ovsrec_open_vswitch *ovs,
    const char *name, const char *datapath_type);
void ovs_shim_bridge_set_datapath_type(const struct ovsrec_bridge *br,
                                       const char *datapath_type);

/* Sets external_ids:'key' of 'iface' to 'value', or removes the key if
 * 'value' is NULL.  A partial update: other keys, and what other clients
 * write to them meanwhile, are left alone. */
void ovs_shim_interface_set_external_id(const struct ovsrec_interface *iface,
                                        const char *key, const char *value);

/* Adds to 'br' a Port named 'name' with one Interface of the same name,
 * of 'type', with 'options' and with 'port_external_ids' on the Port (each
 * may be NULL). */
void ovs_shim_bridge_add_port(struct ovsdb_idl_txn *txn,
                              const struct ovsrec_bridge *br,
                              const char *name, const char *type,
                              const struct smap *options,
                              const struct smap *port_external_ids);
/* Removes 'port' (and its interfaces) from 'br'. */
void ovs_shim_bridge_del_port(const struct ovsrec_bridge *br,
                              const struct ovsrec_port *port);
void ovs_shim_interface_set_options(const struct ovsrec_interface *iface,
                                    const struct smap *options);
void ovs_shim_interface_set_bfd(const struct ovsrec_interface *iface,
                                const struct smap *bfd);

#ifdef __cplusplus
}
#endif

#endif  /* lib/shim/vswitch-idl-shim.h */
