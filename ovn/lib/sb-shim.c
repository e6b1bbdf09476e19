#include <config.h>

#include "ovn/lib/sb-shim.h"

#include <string.h>

#include "ovn/lib/ovn-sb-idl.h"
#include "ovsdb-idl.h"
#include "ovsdb-idl-provider.h"
#include "smap.h"
#include "util.h"

/* The tables ovn-controller's flows are computed from. */
static const struct ovsdb_idl_table_class *const tracked_tables[] = {
    &sbrec_table_chassis,
    &sbrec_table_datapath_binding,
    &sbrec_table_encap,
    &sbrec_table_multicast_group,
    &sbrec_table_port_binding,
};

struct ovsdb_idl *
sb_shim_idl_create(const char *remote)
{
    struct ovsdb_idl *idl = ovsdb_idl_create(remote, &sbrec_idl_class,
                                             true, true);
    /* Only the tables whose changes are handled row by row: tracking a
     * table keeps its deleted rows until ovs_shim_idl_track_clear(), and
     * the others (Logical_Flow above all) change all the time. */
    for (size_t i = 0; i < ARRAY_SIZE(tracked_tables); i++) {
        const struct ovsdb_idl_table_class *tc = tracked_tables[i];
        for (size_t j = 0; j < tc->n_columns; j++) {
            ovsdb_idl_track_add_column(idl, &tc->columns[j]);
        }
    }
    return idl;
}

unsigned int
sb_shim_physical_tables_seqno(const struct ovsdb_idl *idl)
{
    /* Every change gets the IDL's next sequence number, so the largest
     * over the tables changes whenever one of them does. */
    unsigned int seqno = 0;
    for (size_t i = 0; i < ARRAY_SIZE(tracked_tables); i++) {
        unsigned int s = ovsdb_idl_table_get_seqno(idl, tracked_tables[i]);
        seqno = MAX(seqno, s);
    }
    return seqno;
}

unsigned int
sb_shim_port_binding_table_seqno(const struct ovsdb_idl *idl)
{
    return ovsdb_idl_table_get_seqno(idl, &sbrec_table_port_binding);
}

const struct sbrec_sb_global *
sb_shim_sb_global_first(const struct ovsdb_idl *idl)
{
    return sbrec_sb_global_first(idl);
}

int64_t
sb_shim_sb_global_nb_cfg(const struct sbrec_sb_global *sbg)
{
    return sbg->nb_cfg;
}

const struct sbrec_chassis *
sb_shim_chassis_first(const struct ovsdb_idl *idl)
{
    return sbrec_chassis_first(idl);
}

const struct sbrec_chassis *
sb_shim_chassis_next(const struct sbrec_chassis *ch)
{
    return sbrec_chassis_next(ch);
}

const struct sbrec_chassis *
sb_shim_chassis_find(const struct ovsdb_idl *idl, const char *name)
{
    /* A linear scan: a chassis looks itself up once per run, and an IDL
     * index would have to be created before the IDL connects. */
    const struct sbrec_chassis *ch;
    SBREC_CHASSIS_FOR_EACH (ch, idl) {
        if (!strcmp(ch->name, name)) {
            return ch;
        }
    }
    return NULL;
}

const char *
sb_shim_chassis_name(const struct sbrec_chassis *ch)
{
    return ch->name;
}

const char *
sb_shim_chassis_hostname(const struct sbrec_chassis *ch)
{
    return ch->hostname;
}

size_t
sb_shim_chassis_n_encaps(const struct sbrec_chassis *ch)
{
    return ch->n_encaps;
}

const struct sbrec_encap *
sb_shim_chassis_encap(const struct sbrec_chassis *ch, size_t i)
{
    ovs_assert(i < ch->n_encaps);
    return ch->encaps[i];
}

const struct smap *
sb_shim_chassis_other_config(const struct sbrec_chassis *ch)
{
    return &ch->other_config;
}

const struct sbrec_chassis_private *
sb_shim_chassis_private_first(const struct ovsdb_idl *idl)
{
    return sbrec_chassis_private_first(idl);
}

const struct sbrec_chassis_private *
sb_shim_chassis_private_next(const struct sbrec_chassis_private *chp)
{
    return sbrec_chassis_private_next(chp);
}

const struct sbrec_chassis_private *
sb_shim_chassis_private_find(const struct ovsdb_idl *idl, const char *name)
{
    /* Linear, as sb_shim_chassis_find() and for the same reason. */
    const struct sbrec_chassis_private *chp;
    SBREC_CHASSIS_PRIVATE_FOR_EACH (chp, idl) {
        if (!strcmp(chp->name, name)) {
            return chp;
        }
    }
    return NULL;
}

const char *
sb_shim_chassis_private_name(const struct sbrec_chassis_private *chp)
{
    return chp->name;
}

const struct sbrec_chassis *
sb_shim_chassis_private_chassis(const struct sbrec_chassis_private *chp)
{
    return chp->chassis;
}

int64_t
sb_shim_chassis_private_nb_cfg(const struct sbrec_chassis_private *chp)
{
    return chp->nb_cfg;
}

const char *
sb_shim_encap_type(const struct sbrec_encap *encap)
{
    return encap->type;
}

const char *
sb_shim_encap_ip(const struct sbrec_encap *encap)
{
    return encap->ip;
}

const struct smap *
sb_shim_encap_options(const struct sbrec_encap *encap)
{
    return &encap->options;
}

const struct sbrec_datapath_binding *
sb_shim_datapath_binding_first(const struct ovsdb_idl *idl)
{
    return sbrec_datapath_binding_first(idl);
}

const struct sbrec_datapath_binding *
sb_shim_datapath_binding_next(const struct sbrec_datapath_binding *dp)
{
    return sbrec_datapath_binding_next(dp);
}

int64_t
sb_shim_datapath_binding_tunnel_key(const struct sbrec_datapath_binding *dp)
{
    return dp->tunnel_key;
}

const struct smap *
sb_shim_datapath_binding_external_ids(
    const struct sbrec_datapath_binding *dp)
{
    return &dp->external_ids;
}

const struct sbrec_port_binding *
sb_shim_port_binding_first(const struct ovsdb_idl *idl)
{
    return sbrec_port_binding_first(idl);
}

const struct sbrec_port_binding *
sb_shim_port_binding_next(const struct sbrec_port_binding *pb)
{
    return sbrec_port_binding_next(pb);
}

const char *
sb_shim_port_binding_logical_port(const struct sbrec_port_binding *pb)
{
    return pb->logical_port;
}

const char *
sb_shim_port_binding_type(const struct sbrec_port_binding *pb)
{
    return pb->type;
}

int64_t
sb_shim_port_binding_tunnel_key(const struct sbrec_port_binding *pb)
{
    return pb->tunnel_key;
}

const struct sbrec_datapath_binding *
sb_shim_port_binding_datapath(const struct sbrec_port_binding *pb)
{
    return pb->datapath;
}

const struct sbrec_chassis *
sb_shim_port_binding_chassis(const struct sbrec_port_binding *pb)
{
    return pb->chassis;
}

size_t
sb_shim_port_binding_n_mac(const struct sbrec_port_binding *pb)
{
    return pb->n_mac;
}

const char *
sb_shim_port_binding_mac(const struct sbrec_port_binding *pb, size_t i)
{
    ovs_assert(i < pb->n_mac);
    return pb->mac[i];
}

int
sb_shim_port_binding_up(const struct sbrec_port_binding *pb)
{
    return pb->n_up ? pb->up[0] : -1;
}

/* Whether 'ch' already has exactly one encap per type in 'types', each at
 * 'ip'. */
static bool
chassis_encaps_match(const struct sbrec_chassis *ch,
                     const char *const *types, size_t n_types,
                     const char *ip)
{
    if (ch->n_encaps != n_types) {
        return false;
    }
    for (size_t i = 0; i < n_types; i++) {
        bool found = false;
        for (size_t j = 0; j < ch->n_encaps; j++) {
            const struct sbrec_encap *e = ch->encaps[j];
            if (!strcmp(e->type, types[i]) && !strcmp(e->ip, ip)) {
                found = true;
                break;
            }
        }
        if (!found) {
            return false;
        }
    }
    return true;
}

const struct sbrec_chassis *
sb_shim_chassis_register(struct ovsdb_idl_txn *txn, const char *name,
                         const char *hostname,
                         const char *const *encap_types,
                         size_t n_encap_types, const char *encap_ip)
{
    ovs_assert(n_encap_types > 0);

    const struct ovsdb_idl *idl = ovsdb_idl_txn_get_idl(txn);
    const struct sbrec_chassis *ch = sb_shim_chassis_find(idl, name);
    if (!ch) {
        ch = sbrec_chassis_insert(txn);
        sbrec_chassis_set_name(ch, name);
    }
    sbrec_chassis_set_hostname(ch, hostname);

    if (chassis_encaps_match(ch, encap_types, n_encap_types, encap_ip)) {
        return ch;
    }
    /* Encap rows are indexed on (type, ip): the old ones are deleted in
     * the same transaction, so that re-adding a type at the same address
     * does not collide with the row it replaces. */
    for (size_t i = 0; i < ch->n_encaps; i++) {
        sbrec_encap_delete(ch->encaps[i]);
    }
    struct sbrec_encap **encaps = xmalloc(n_encap_types * sizeof *encaps);
    for (size_t i = 0; i < n_encap_types; i++) {
        encaps[i] = sbrec_encap_insert(txn);
        sbrec_encap_set_type(encaps[i], encap_types[i]);
        sbrec_encap_set_ip(encaps[i], encap_ip);
        sbrec_encap_set_chassis_name(encaps[i], name);
    }
    sbrec_chassis_set_encaps(ch, encaps, n_encap_types);
    free(encaps);
    return ch;
}

void
sb_shim_chassis_set_other_config(const struct sbrec_chassis *ch,
                                 const struct smap *other_config)
{
    if (!smap_equal(&ch->other_config, other_config)) {
        sbrec_chassis_set_other_config(ch, other_config);
    }
}

void
sb_shim_chassis_set_encap_options(const struct sbrec_chassis *ch,
                                  const struct smap *options)
{
    for (size_t i = 0; i < ch->n_encaps; i++) {
        if (!smap_equal(&ch->encaps[i]->options, options)) {
            sbrec_encap_set_options(ch->encaps[i], options);
        }
    }
}

void
sb_shim_chassis_delete(const struct sbrec_chassis *ch)
{
    sbrec_chassis_delete(ch);
}

const struct sbrec_chassis_private *
sb_shim_chassis_private_register(struct ovsdb_idl_txn *txn,
                                 const char *name,
                                 const struct sbrec_chassis *ch)
{
    const struct ovsdb_idl *idl = ovsdb_idl_txn_get_idl(txn);
    const struct sbrec_chassis_private *chp
        = sb_shim_chassis_private_find(idl, name);
    if (!chp) {
        chp = sbrec_chassis_private_insert(txn);
        sbrec_chassis_private_set_name(chp, name);
    }
    if (chp->chassis != ch) {
        sbrec_chassis_private_set_chassis(chp, ch);
    }
    return chp;
}

void
sb_shim_chassis_private_delete(const struct sbrec_chassis_private *chp)
{
    sbrec_chassis_private_delete(chp);
}

void
sb_shim_port_binding_set_chassis(const struct sbrec_port_binding *pb,
                                 const struct sbrec_chassis *ch)
{
    sbrec_port_binding_set_chassis(pb, ch);
}

void
sb_shim_port_binding_set_up(const struct sbrec_port_binding *pb, bool up)
{
    sbrec_port_binding_set_up(pb, &up, 1);
}

const struct uuid *
sb_shim_chassis_uuid(const struct sbrec_chassis *ch)
{
    return &ch->header_.uuid;
}

const struct uuid *
sb_shim_datapath_binding_uuid(const struct sbrec_datapath_binding *dp)
{
    return &dp->header_.uuid;
}

const struct uuid *
sb_shim_port_binding_uuid(const struct sbrec_port_binding *pb)
{
    return &pb->header_.uuid;
}

const struct sbrec_multicast_group *
sb_shim_multicast_group_first(const struct ovsdb_idl *idl)
{
    return sbrec_multicast_group_first(idl);
}

const struct sbrec_multicast_group *
sb_shim_multicast_group_next(const struct sbrec_multicast_group *mc)
{
    return sbrec_multicast_group_next(mc);
}

const char *
sb_shim_multicast_group_name(const struct sbrec_multicast_group *mc)
{
    return mc->name;
}

int64_t
sb_shim_multicast_group_tunnel_key(const struct sbrec_multicast_group *mc)
{
    return mc->tunnel_key;
}

const struct sbrec_datapath_binding *
sb_shim_multicast_group_datapath(const struct sbrec_multicast_group *mc)
{
    return mc->datapath;
}

size_t
sb_shim_multicast_group_n_ports(const struct sbrec_multicast_group *mc)
{
    return mc->n_ports;
}

const struct sbrec_port_binding *
sb_shim_multicast_group_port(const struct sbrec_multicast_group *mc,
                             size_t i)
{
    ovs_assert(i < mc->n_ports);
    return mc->ports[i];
}

const struct uuid *
sb_shim_multicast_group_uuid(const struct sbrec_multicast_group *mc)
{
    return &mc->header_.uuid;
}

const struct sbrec_port_binding *
sb_shim_port_binding_track_first(const struct ovsdb_idl *idl)
{
    return sbrec_port_binding_track_get_first(idl);
}

const struct sbrec_port_binding *
sb_shim_port_binding_track_next(const struct sbrec_port_binding *pb)
{
    return sbrec_port_binding_track_get_next(pb);
}

const struct sbrec_multicast_group *
sb_shim_multicast_group_track_first(const struct ovsdb_idl *idl)
{
    return sbrec_multicast_group_track_get_first(idl);
}

const struct sbrec_multicast_group *
sb_shim_multicast_group_track_next(const struct sbrec_multicast_group *mc)
{
    return sbrec_multicast_group_track_get_next(mc);
}

bool
sb_shim_multicast_group_is_deleted(const struct sbrec_multicast_group *mc)
{
    return sbrec_multicast_group_is_deleted(mc);
}

bool
sb_shim_chassis_tracked_any(const struct ovsdb_idl *idl)
{
    return sbrec_chassis_track_get_first(idl) != NULL;
}

bool
sb_shim_encap_tracked_any(const struct ovsdb_idl *idl)
{
    return sbrec_encap_track_get_first(idl) != NULL;
}

bool
sb_shim_datapath_binding_tracked_any(const struct ovsdb_idl *idl)
{
    return sbrec_datapath_binding_track_get_first(idl) != NULL;
}

void
sb_shim_chassis_private_set_nb_cfg(const struct sbrec_chassis_private *chp,
                                   int64_t nb_cfg, int64_t timestamp)
{
    if (chp->nb_cfg != nb_cfg) {
        sbrec_chassis_private_set_nb_cfg(chp, nb_cfg);
        sbrec_chassis_private_set_nb_cfg_timestamp(chp, timestamp);
    }
}

const struct sbrec_port_binding *
sb_shim_port_binding_get_for_uuid(const struct ovsdb_idl *idl,
                                  const struct uuid *uuid)
{
    return sbrec_port_binding_get_for_uuid(idl, uuid);
}
