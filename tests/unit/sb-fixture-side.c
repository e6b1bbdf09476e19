#include <config.h>

#include "tests/unit/sb-fixture-side.h"

#include "ovn/lib/ovn-sb-idl.h"
#include "smap.h"
#include "util.h"

const struct sbrec_mac_binding *
sb_fixture_mac_binding(struct ovsdb_idl_txn *txn,
                       const struct sbrec_datapath_binding *dp,
                       const char *logical_port, const char *ip,
                       const char *mac)
{
    struct sbrec_mac_binding *mb = sbrec_mac_binding_insert(txn);
    sbrec_mac_binding_set_datapath(mb, dp);
    sbrec_mac_binding_set_logical_port(mb, logical_port);
    sbrec_mac_binding_set_ip(mb, ip);
    sbrec_mac_binding_set_mac(mb, mac);
    return mb;
}

void
sb_fixture_mac_binding_delete(const struct sbrec_mac_binding *mb)
{
    sbrec_mac_binding_delete(mb);
}

void
sb_fixture_mac_binding_set_mac(const struct sbrec_mac_binding *mb,
                               const char *mac)
{
    sbrec_mac_binding_set_mac(mb, mac);
}

const struct sbrec_static_mac_binding *
sb_fixture_static_mac_binding(struct ovsdb_idl_txn *txn,
                              const struct sbrec_datapath_binding *dp,
                              const char *logical_port, const char *ip,
                              const char *mac, bool override_dynamic_mac)
{
    struct sbrec_static_mac_binding *smb
        = sbrec_static_mac_binding_insert(txn);
    sbrec_static_mac_binding_set_datapath(smb, dp);
    sbrec_static_mac_binding_set_logical_port(smb, logical_port);
    sbrec_static_mac_binding_set_ip(smb, ip);
    sbrec_static_mac_binding_set_mac(smb, mac);
    sbrec_static_mac_binding_set_override_dynamic_mac(smb,
                                                      override_dynamic_mac);
    return smb;
}

const struct sbrec_fdb *
sb_fixture_fdb(struct ovsdb_idl_txn *txn, int64_t dp_key, int64_t port_key,
               const char *mac)
{
    struct sbrec_fdb *fdb = sbrec_fdb_insert(txn);
    sbrec_fdb_set_dp_key(fdb, dp_key);
    sbrec_fdb_set_port_key(fdb, port_key);
    sbrec_fdb_set_mac(fdb, mac);
    return fdb;
}

void
sb_fixture_fdb_delete(const struct sbrec_fdb *fdb)
{
    sbrec_fdb_delete(fdb);
}

void
sb_fixture_fdb_set_mac(const struct sbrec_fdb *fdb, const char *mac)
{
    sbrec_fdb_set_mac(fdb, mac);
}

static void
pairs_to_smap(struct smap *smap, const char *const *pairs, size_t n)
{
    smap_init(smap);
    for (size_t i = 0; i < n; i++) {
        smap_add(smap, pairs[2 * i], pairs[2 * i + 1]);
    }
}

const struct sbrec_load_balancer *
sb_fixture_load_balancer(struct ovsdb_idl_txn *txn, const char *name,
                         const char *protocol,
                         const char *const *vips, size_t n_vips,
                         const char *const *options, size_t n_options,
                         const struct sbrec_datapath_binding *const *dps,
                         size_t n_dps,
                         const struct sbrec_logical_dp_group *group)
{
    struct sbrec_load_balancer *lb = sbrec_load_balancer_insert(txn);
    sbrec_load_balancer_set_name(lb, name);
    if (protocol) {
        sbrec_load_balancer_set_protocol(lb, protocol);
    }
    struct smap smap;
    pairs_to_smap(&smap, vips, n_vips);
    sbrec_load_balancer_set_vips(lb, &smap);
    smap_destroy(&smap);
    pairs_to_smap(&smap, options, n_options);
    sbrec_load_balancer_set_options(lb, &smap);
    smap_destroy(&smap);
    sbrec_load_balancer_set_datapaths(
        lb, CONST_CAST(struct sbrec_datapath_binding **, dps), n_dps);
    if (group) {
        sbrec_load_balancer_set_datapath_group(lb, group);
    }
    return lb;
}

void
sb_fixture_load_balancer_set_vips(const struct sbrec_load_balancer *lb,
                                  const char *const *vips, size_t n_vips)
{
    struct smap smap;
    pairs_to_smap(&smap, vips, n_vips);
    sbrec_load_balancer_set_vips(lb, &smap);
    smap_destroy(&smap);
}

void
sb_fixture_port_set_port_security(const struct sbrec_port_binding *pb,
                                  const char *const *ps, size_t n)
{
    sbrec_port_binding_set_port_security(pb, CONST_CAST(const char **, ps),
                                         n);
}
