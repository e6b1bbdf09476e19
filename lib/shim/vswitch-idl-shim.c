#include <config.h>

#include "lib/shim/vswitch-idl-shim.h"

#include <stddef.h>
#include <string.h>

#include "lib/vswitch-idl.h"
#include "openvswitch/util.h"
#include "ovsdb-data.h"
#include "ovsdb-idl-provider.h"
#include "ovsdb-idl.h"
#include "smap.h"
#include "util.h"

/* Columns that ovs-vswitchd rewrites by itself, every few seconds or as
 * links come and go, and that nothing here reads: replicating them would
 * wake the main loop, and make it look for changes, for nothing.
 * (Interface bfd_status is read: the gateways' failover follows it.) */
static const struct ovsdb_idl_column *const status_columns[] = {
    &ovsrec_open_vswitch_col_statistics,
    &ovsrec_bridge_col_status,
    &ovsrec_bridge_col_rstp_status,
    &ovsrec_port_col_statistics,
    &ovsrec_port_col_status,
    &ovsrec_port_col_rstp_statistics,
    &ovsrec_port_col_rstp_status,
    &ovsrec_interface_col_admin_state,
    &ovsrec_interface_col_cfm_fault,
    &ovsrec_interface_col_cfm_fault_status,
    &ovsrec_interface_col_cfm_flap_count,
    &ovsrec_interface_col_cfm_health,
    &ovsrec_interface_col_cfm_remote_mpids,
    &ovsrec_interface_col_cfm_remote_opstate,
    &ovsrec_interface_col_duplex,
    &ovsrec_interface_col_ifindex,
    &ovsrec_interface_col_lacp_current,
    &ovsrec_interface_col_link_resets,
    &ovsrec_interface_col_link_speed,
    &ovsrec_interface_col_link_state,
    &ovsrec_interface_col_mtu,
    &ovsrec_interface_col_statistics,
    &ovsrec_interface_col_status,
    /* Not status, but as little read: every ovs-vsctl transaction bumps
     * next_cfg, and ovs-vswitchd writes cur_cfg once it has reconfigured,
     * in a transaction of its own after a port is deleted: each would
     * wake the main loop and have the local configuration read again. */
    &ovsrec_open_vswitch_col_next_cfg,
    &ovsrec_open_vswitch_col_cur_cfg,
    &ovsrec_interface_col_mac_in_use,
    &ovsrec_interface_col_error,
};

/* What the bindings read of br-int, whose changes the IDL tracks for
 * them (binding.h). */
static const struct ovsdb_idl_column *const tracked_columns[] = {
    &ovsrec_bridge_col_ports,
    &ovsrec_port_col_interfaces,
    &ovsrec_interface_col_name,
    &ovsrec_interface_col_external_ids,
    &ovsrec_interface_col_ofport,
};

/* Stands for ovsdb-idlc's parser of Bridge ports, which makes an arc to
 * each port: every change of the row (a port added or removed) would clear
 * N arcs and make them again, and the deletion of a Port would parse its
 * bridge again.  The row's member stays empty; ovs_shim_bridge_port()
 * reads the datum.  The generated unparser, kept, frees nothing. */
static void
parse_raw_bridge_ports(struct ovsdb_idl_row *row_,
                       const struct ovsdb_datum *datum OVS_UNUSED)
{
    struct ovsrec_bridge *br = CONTAINER_OF(row_, struct ovsrec_bridge,
                                            header_);
    br->ports = NULL;
    br->n_ports = 0;
}

struct ovsdb_idl *
ovs_shim_vswitch_idl_create(const char *remote)
{
    ovsrec_bridge_col_ports.parse = parse_raw_bridge_ports;
    struct ovsdb_idl *idl = ovsdb_idl_create(remote, &ovsrec_idl_class,
                                             true, true);
    for (size_t i = 0; i < ARRAY_SIZE(status_columns); i++) {
        ovsdb_idl_omit(idl, status_columns[i]);
    }
    /* The bridges' external_ids are the key store's (bridge-key-store.h):
     * br-int's holds a ct-zone key per local port, which this IDL would
     * otherwise parse again on every change of the row (any port added
     * or removed). */
    ovsdb_idl_omit(idl, &ovsrec_bridge_col_external_ids);
    for (size_t i = 0; i < ARRAY_SIZE(tracked_columns); i++) {
        ovsdb_idl_track_add_column(idl, tracked_columns[i]);
    }
    return idl;
}


const struct ovsrec_bridge *
ovs_shim_bridge_find(const struct ovsdb_idl *idl, const char *name)
{
    const struct ovsrec_bridge *br;
    OVSREC_BRIDGE_FOR_EACH (br, idl) {
        if (!strcmp(br->name, name)) {
            return br;
        }
    }
    return NULL;
}

bool
ovs_shim_bridge_ports_tracked(const struct ovsdb_idl *idl)
{
    return ovsrec_bridge_track_get_first(idl)
           || ovsrec_port_track_get_first(idl);
}

const struct ovsrec_port *
ovs_shim_port_track_first(const struct ovsdb_idl *idl)
{
    return ovsrec_port_track_get_first(idl);
}

const struct ovsrec_port *
ovs_shim_port_track_next(const struct ovsrec_port *port)
{
    return ovsrec_port_track_get_next(port);
}

bool
ovs_shim_port_is_deleted(const struct ovsrec_port *port)
{
    return ovsrec_port_is_deleted(port);
}

bool
ovs_shim_port_is_new(const struct ovsrec_port *port)
{
    return ovsrec_port_is_new(port);
}

bool
ovs_shim_bridge_ports_updated(const struct ovsrec_bridge *br)
{
    return ovsrec_bridge_is_new(br)
           || ovsrec_bridge_is_updated(br, OVSREC_BRIDGE_COL_PORTS);
}

const struct uuid *
ovs_shim_bridge_uuid(const struct ovsrec_bridge *br)
{
    return &br->header_.uuid;
}

const struct uuid *
ovs_shim_port_uuid(const struct ovsrec_port *port)
{
    return &port->header_.uuid;
}

const struct uuid *
ovs_shim_interface_uuid(const struct ovsrec_interface *iface)
{
    return &iface->header_.uuid;
}

const struct ovsrec_interface *
ovs_shim_interface_get_for_uuid(const struct ovsdb_idl *idl,
                                const struct uuid *uuid)
{
    return ovsrec_interface_get_for_uuid(idl, uuid);
}

const char *
ovs_shim_interface_type(const struct ovsrec_interface *iface)
{
    return iface->type;
}

const struct ovsrec_interface *
ovs_shim_interface_track_first(const struct ovsdb_idl *idl)
{
    return ovsrec_interface_track_get_first(idl);
}

const struct ovsrec_interface *
ovs_shim_interface_track_next(const struct ovsrec_interface *iface)
{
    return ovsrec_interface_track_get_next(iface);
}

bool
ovs_shim_interface_is_new(const struct ovsrec_interface *iface)
{
    return ovsrec_interface_is_new(iface);
}

bool
ovs_shim_interface_is_deleted(const struct ovsrec_interface *iface)
{
    return ovsrec_interface_is_deleted(iface);
}

unsigned int
ovs_shim_bridge_tables_seqno(const struct ovsdb_idl *idl)
{
    /* Every change gets the IDL's next sequence number, so the largest
     * over the tables changes whenever one of them does. */
    unsigned int seqno = ovsrec_bridge_get_seqno(idl);
    seqno = MAX(seqno, ovsrec_port_get_seqno(idl));
    return MAX(seqno, ovsrec_interface_get_seqno(idl));
}

unsigned int
ovs_shim_open_vswitch_bridge_seqno(const struct ovsdb_idl *idl)
{
    return MAX(ovsrec_open_vswitch_get_seqno(idl),
               ovsrec_bridge_get_seqno(idl));
}

unsigned int
ovs_shim_open_vswitch_seqno(const struct ovsdb_idl *idl)
{
    return ovsrec_open_vswitch_get_seqno(idl);
}

const struct ovsrec_open_vswitch *
ovs_shim_open_vswitch_first(const struct ovsdb_idl *idl)
{
    return ovsrec_open_vswitch_first(idl);
}

const struct smap *
ovs_shim_open_vswitch_external_ids(const struct ovsrec_open_vswitch *ovs)
{
    return &ovs->external_ids;
}

size_t
ovs_shim_open_vswitch_n_iface_types(const struct ovsrec_open_vswitch *ovs)
{
    return ovs->n_iface_types;
}

const char *
ovs_shim_open_vswitch_iface_type(const struct ovsrec_open_vswitch *ovs,
                                 size_t i)
{
    ovs_assert(i < ovs->n_iface_types);
    return ovs->iface_types[i];
}

bool
ovs_shim_ssl_config_get(const struct ovsdb_idl *idl,
                        struct ovs_shim_ssl_config *ssl)
{
    const struct ovsrec_ssl *row = ovsrec_ssl_first(idl);
    if (!row) {
        return false;
    }
    ssl->private_key = row->private_key;
    ssl->certificate = row->certificate;
    ssl->ca_cert = row->ca_cert;
    ssl->bootstrap_ca_cert = row->bootstrap_ca_cert;
    return true;
}

const struct ovsrec_bridge *
ovs_shim_bridge_first(const struct ovsdb_idl *idl)
{
    return ovsrec_bridge_first(idl);
}

const struct ovsrec_bridge *
ovs_shim_bridge_next(const struct ovsrec_bridge *br)
{
    return ovsrec_bridge_next(br);
}

const char *
ovs_shim_bridge_name(const struct ovsrec_bridge *br)
{
    return br->name;
}

const char *
ovs_shim_bridge_fail_mode(const struct ovsrec_bridge *br)
{
    return br->fail_mode;
}

const char *
ovs_shim_bridge_datapath_type(const struct ovsrec_bridge *br)
{
    return br->datapath_type ? br->datapath_type : "";
}

static const struct ovsdb_datum *
bridge_ports_datum(const struct ovsrec_bridge *br)
{
    static const struct ovsdb_datum none = { .n = 0 };
    /* A row deleted (and still tracked) has no datum left. */
    return (br->header_.new_datum
            ? ovsdb_idl_read(&br->header_, &ovsrec_bridge_col_ports)
            : &none);
}

size_t
ovs_shim_bridge_n_ports(const struct ovsrec_bridge *br)
{
    return bridge_ports_datum(br)->n;
}

/* A set of UUIDs is an array of atoms, each one a UUID and nothing else. */
BUILD_ASSERT_DECL(sizeof(union ovsdb_atom) == sizeof(struct uuid));
BUILD_ASSERT_DECL(offsetof(union ovsdb_atom, uuid) == 0);

const struct uuid *
ovs_shim_bridge_port_uuids(const struct ovsrec_bridge *br, size_t *n)
{
    const struct ovsdb_datum *datum = bridge_ports_datum(br);
    *n = datum->n;
    return datum->n ? &datum->keys[0].uuid : NULL;
}

bool
ovs_shim_bridge_has_port(const struct ovsrec_bridge *br,
                         const struct uuid *uuid)
{
    union ovsdb_atom atom = { .uuid = *uuid };
    unsigned int pos;
    return ovsdb_datum_find_key(bridge_ports_datum(br), &atom,
                                OVSDB_TYPE_UUID, &pos);
}

const struct ovsrec_port *
ovs_shim_bridge_port_by_uuid(const struct ovsrec_bridge *br,
                             const struct uuid *uuid)
{
    const struct ovsrec_port *port = ovsrec_port_get_for_uuid(
        br->header_.table->idl, uuid);
    /* Neither a placeholder nor a row deleted in the open transaction. */
    return port && port->header_.new_datum ? port : NULL;
}

const struct ovsrec_port *
ovs_shim_bridge_port(const struct ovsrec_bridge *br, size_t i)
{
    const struct ovsdb_datum *datum = bridge_ports_datum(br);
    ovs_assert(i < datum->n);
    return ovs_shim_bridge_port_by_uuid(br, &datum->keys[i].uuid);
}

const char *
ovs_shim_port_name(const struct ovsrec_port *port)
{
    return port->name;
}

const struct smap *
ovs_shim_port_external_ids(const struct ovsrec_port *port)
{
    return &port->external_ids;
}

size_t
ovs_shim_port_n_interfaces(const struct ovsrec_port *port)
{
    return port->n_interfaces;
}

const struct ovsrec_interface *
ovs_shim_port_interface(const struct ovsrec_port *port, size_t i)
{
    ovs_assert(i < port->n_interfaces);
    return port->interfaces[i];
}

const struct ovsrec_interface *
ovs_shim_interface_first(const struct ovsdb_idl *idl)
{
    return ovsrec_interface_first(idl);
}

const struct ovsrec_interface *
ovs_shim_interface_next(const struct ovsrec_interface *iface)
{
    return ovsrec_interface_next(iface);
}

const char *
ovs_shim_interface_name(const struct ovsrec_interface *iface)
{
    return iface->name;
}

int64_t
ovs_shim_interface_ofport(const struct ovsrec_interface *iface)
{
    return iface->n_ofport ? iface->ofport[0] : -1;
}

const struct smap *
ovs_shim_interface_external_ids(const struct ovsrec_interface *iface)
{
    return &iface->external_ids;
}

const struct smap *
ovs_shim_interface_options(const struct ovsrec_interface *iface)
{
    return &iface->options;
}


const struct ovsrec_bridge *
ovs_shim_bridge_create(struct ovsdb_idl_txn *txn,
                       const struct ovsrec_open_vswitch *ovs,
                       const char *name, const char *datapath_type)
{
    struct ovsrec_interface *iface = ovsrec_interface_insert(txn);
    ovsrec_interface_set_name(iface, name);
    ovsrec_interface_set_type(iface, "internal");

    struct ovsrec_port *port = ovsrec_port_insert(txn);
    ovsrec_port_set_name(port, name);
    ovsrec_port_set_interfaces(port, &iface, 1);

    struct ovsrec_bridge *br = ovsrec_bridge_insert(txn);
    ovsrec_bridge_set_name(br, name);
    ovsrec_bridge_set_fail_mode(br, "secure");
    /* ofctrl speaks OpenFlow 1.5; 1.3 and 1.4 keep ovs-ofctl's defaults
     * and older tools working. */
    static const char *protocols[] = {
        "OpenFlow13", "OpenFlow14", "OpenFlow15",
    };
    ovsrec_bridge_set_protocols(br, protocols, ARRAY_SIZE(protocols));
    if (datapath_type && datapath_type[0]) {
        ovsrec_bridge_set_datapath_type(br, datapath_type);
    }
    const struct smap other_config = SMAP_CONST1(&other_config,
                                                 "disable-in-band", "true");
    ovsrec_bridge_set_other_config(br, &other_config);
    ovsrec_bridge_set_ports(br, &port, 1);

    /* A partial update, so that a bridge another client adds meanwhile is
     * not lost. */
    ovsrec_open_vswitch_update_bridges_addvalue(ovs, br);
    return br;
}

void
ovs_shim_bridge_set_datapath_type(const struct ovsrec_bridge *br,
                                  const char *datapath_type)
{
    ovsrec_bridge_set_datapath_type(br, datapath_type);
}


void
ovs_shim_interface_set_external_id(const struct ovsrec_interface *iface,
                                   const char *key, const char *value)
{
    if (value) {
        ovsrec_interface_update_external_ids_setkey(iface, key, value);
    } else {
        ovsrec_interface_update_external_ids_delkey(iface, key);
    }
}

void
ovs_shim_bridge_add_port(struct ovsdb_idl_txn *txn,
                         const struct ovsrec_bridge *br, const char *name,
                         const char *type, const struct smap *options,
                         const struct smap *port_external_ids)
{
    struct ovsrec_interface *iface = ovsrec_interface_insert(txn);
    ovsrec_interface_set_name(iface, name);
    if (type && type[0]) {
        ovsrec_interface_set_type(iface, type);
    }
    if (options) {
        ovsrec_interface_set_options(iface, options);
    }

    struct ovsrec_port *port = ovsrec_port_insert(txn);
    ovsrec_port_set_name(port, name);
    ovsrec_port_set_interfaces(port, &iface, 1);
    if (port_external_ids) {
        ovsrec_port_set_external_ids(port, port_external_ids);
    }
    /* Partial, so that ports others add meanwhile are not lost. */
    ovsrec_bridge_update_ports_addvalue(br, port);
}

void
ovs_shim_bridge_del_port(const struct ovsrec_bridge *br,
                         const struct ovsrec_port *port)
{
    ovsrec_bridge_update_ports_delvalue(br, port);
}

void
ovs_shim_interface_set_options(const struct ovsrec_interface *iface,
                               const struct smap *options)
{
    ovsrec_interface_set_options(iface, options);
}

const struct smap *
ovs_shim_interface_bfd(const struct ovsrec_interface *iface)
{
    return &iface->bfd;
}

const struct smap *
ovs_shim_interface_bfd_status(const struct ovsrec_interface *iface)
{
    return &iface->bfd_status;
}

void
ovs_shim_interface_set_bfd(const struct ovsrec_interface *iface,
                           const struct smap *bfd)
{
    ovsrec_interface_set_bfd(iface, bfd);
}
