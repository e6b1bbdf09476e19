#include <config.h>

#include "ovn/lib/sb-shim.h"

#include <string.h>

#include "ovn/lib/ovn-sb-idl.h"
#include "ovsdb-idl.h"
#include "smap.h"
#include "util.h"

/* A linear scan: registration looks its rows up once per run, and must
 * also find the rows its own open transaction has just inserted. */
static const struct sbrec_chassis *
chassis_find(const struct ovsdb_idl *idl, const char *name)
{
    const struct sbrec_chassis *ch;
    SBREC_CHASSIS_FOR_EACH (ch, idl) {
        if (!strcmp(ch->name, name)) {
            return ch;
        }
    }
    return NULL;
}

static const struct sbrec_chassis_private *
chassis_private_find(const struct ovsdb_idl *idl, const char *name)
{
    const struct sbrec_chassis_private *chp;
    SBREC_CHASSIS_PRIVATE_FOR_EACH (chp, idl) {
        if (!strcmp(chp->name, name)) {
            return chp;
        }
    }
    return NULL;
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
    const struct sbrec_chassis *ch = chassis_find(idl, name);
    if (!ch) {
        ch = sbrec_chassis_insert(txn);
        sbrec_chassis_set_name(ch, name);
    }
    /* Written only when it differs: the registration runs on every
     * main-loop iteration, and a row written, even with its own value,
     * costs the transaction's commit an operation to build and check. */
    if (!ch->hostname || strcmp(ch->hostname, hostname)) {
        sbrec_chassis_set_hostname(ch, hostname);
    }

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
        = chassis_private_find(idl, name);
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

void
sb_shim_port_binding_set_virtual_parent(const struct sbrec_port_binding *pb,
                                        const char *parent)
{
    sbrec_port_binding_set_virtual_parent(pb, parent);
}

void
sb_shim_port_binding_add_additional_chassis(
    const struct sbrec_port_binding *pb, const struct sbrec_chassis *ch)
{
    sbrec_port_binding_update_additional_chassis_addvalue(pb, ch);
}

void
sb_shim_port_binding_remove_additional_chassis(
    const struct sbrec_port_binding *pb, const struct sbrec_chassis *ch)
{
    sbrec_port_binding_update_additional_chassis_delvalue(pb, ch);
}

void
sb_shim_port_binding_set_option(const struct sbrec_port_binding *pb,
                                const char *key, const char *value)
{
    if (value) {
        sbrec_port_binding_update_options_setkey(pb, key, value);
    } else {
        sbrec_port_binding_update_options_delkey(pb, key);
    }
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
