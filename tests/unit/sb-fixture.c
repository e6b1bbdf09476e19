#include <config.h>

#include "tests/unit/sb-fixture.h"

#include "ovn/lib/ovn-sb-idl.h"
#include "smap.h"
#include "util.h"

const struct sbrec_datapath_binding *
sb_fixture_datapath(struct ovsdb_idl_txn *txn, int64_t tunnel_key,
                    const char *name)
{
    struct sbrec_datapath_binding *dp = sbrec_datapath_binding_insert(txn);
    sbrec_datapath_binding_set_tunnel_key(dp, tunnel_key);
    struct smap ids = SMAP_CONST1(&ids, "name", name);
    sbrec_datapath_binding_set_external_ids(dp, &ids);
    return dp;
}

const struct sbrec_port_binding *
sb_fixture_port(struct ovsdb_idl_txn *txn,
                const struct sbrec_datapath_binding *dp,
                const char *logical_port, int64_t tunnel_key,
                const char *type, const char *const *macs, size_t n_macs,
                const int64_t *tag)
{
    struct sbrec_port_binding *pb = sbrec_port_binding_insert(txn);
    sbrec_port_binding_set_datapath(pb, dp);
    sbrec_port_binding_set_logical_port(pb, logical_port);
    sbrec_port_binding_set_tunnel_key(pb, tunnel_key);
    sbrec_port_binding_set_type(pb, type);
    sbrec_port_binding_set_mac(pb, CONST_CAST(const char **, macs), n_macs);
    sbrec_port_binding_set_tag(pb, tag, tag ? 1 : 0);
    return pb;
}

void
sb_fixture_datapath_set_tunnel_key(const struct sbrec_datapath_binding *dp,
                                   int64_t tunnel_key)
{
    sbrec_datapath_binding_set_tunnel_key(dp, tunnel_key);
}

void
sb_fixture_port_set_tunnel_key(const struct sbrec_port_binding *pb,
                               int64_t tunnel_key)
{
    sbrec_port_binding_set_tunnel_key(pb, tunnel_key);
}

void
sb_fixture_port_set_parent(const struct sbrec_port_binding *pb,
                           const char *parent)
{
    sbrec_port_binding_set_parent_port(pb, parent);
}

void
sb_fixture_port_set_chassis(const struct sbrec_port_binding *pb,
                            const struct sbrec_chassis *ch)
{
    sbrec_port_binding_set_chassis(pb, ch);
}

void
sb_fixture_port_set_option(const struct sbrec_port_binding *pb,
                           const char *key, const char *value)
{
    struct smap options;
    smap_clone(&options, &pb->options);
    if (value) {
        smap_replace(&options, key, value);
    } else {
        smap_remove(&options, key);
    }
    sbrec_port_binding_set_options(pb, &options);
    smap_destroy(&options);
}

const struct sbrec_multicast_group *
sb_fixture_multicast_group(struct ovsdb_idl_txn *txn,
                           const struct sbrec_datapath_binding *dp,
                           const char *name, int64_t tunnel_key,
                           const struct sbrec_port_binding *const *ports,
                           size_t n_ports)
{
    struct sbrec_multicast_group *mc = sbrec_multicast_group_insert(txn);
    sbrec_multicast_group_set_datapath(mc, dp);
    sbrec_multicast_group_set_name(mc, name);
    sbrec_multicast_group_set_tunnel_key(mc, tunnel_key);
    sbrec_multicast_group_set_ports(
        mc, CONST_CAST(struct sbrec_port_binding **, ports), n_ports);
    return mc;
}

const struct sbrec_logical_dp_group *
sb_fixture_dp_group(struct ovsdb_idl_txn *txn,
                    const struct sbrec_datapath_binding *const *dps,
                    size_t n_dps)
{
    struct sbrec_logical_dp_group *g = sbrec_logical_dp_group_insert(txn);
    sbrec_logical_dp_group_set_datapaths(
        g, CONST_CAST(struct sbrec_datapath_binding **, dps), n_dps);
    return g;
}

const struct sbrec_logical_flow *
sb_fixture_lflow(struct ovsdb_idl_txn *txn,
                 const struct sbrec_datapath_binding *dp,
                 const struct sbrec_logical_dp_group *group, int64_t table,
                 int64_t priority, const char *match, const char *actions)
{
    struct sbrec_logical_flow *lf = sbrec_logical_flow_insert(txn);
    if (dp) {
        sbrec_logical_flow_set_logical_datapath(lf, dp);
    }
    if (group) {
        sbrec_logical_flow_set_logical_dp_group(lf, group);
    }
    sbrec_logical_flow_set_pipeline(lf, "ingress");
    sbrec_logical_flow_set_table_id(lf, table);
    sbrec_logical_flow_set_priority(lf, priority);
    sbrec_logical_flow_set_match(lf, match);
    sbrec_logical_flow_set_actions(lf, actions);
    return lf;
}

const struct sbrec_datapath_binding *
sb_fixture_switch(struct ovsdb_idl_txn *txn, int64_t tunnel_key,
                  const char *name)
{
    struct sbrec_datapath_binding *dp = sbrec_datapath_binding_insert(txn);
    sbrec_datapath_binding_set_tunnel_key(dp, tunnel_key);
    struct smap ids = SMAP_INITIALIZER(&ids);
    smap_add(&ids, "name", name);
    smap_add(&ids, "logical-switch", name);
    sbrec_datapath_binding_set_external_ids(dp, &ids);
    smap_destroy(&ids);
    return dp;
}

const struct sbrec_address_set *
sb_fixture_address_set(struct ovsdb_idl_txn *txn, const char *name,
                       const char *const *addresses, size_t n)
{
    struct sbrec_address_set *as = sbrec_address_set_insert(txn);
    sbrec_address_set_set_name(as, name);
    sbrec_address_set_set_addresses(as, CONST_CAST(const char **, addresses),
                                    n);
    return as;
}

size_t
sb_fixture_address_set_n_parsed(const struct sbrec_address_set *as)
{
    return as->n_addresses;
}

const struct sbrec_port_group *
sb_fixture_port_group(struct ovsdb_idl_txn *txn, const char *name,
                      const char *const *ports, size_t n)
{
    struct sbrec_port_group *pg = sbrec_port_group_insert(txn);
    sbrec_port_group_set_name(pg, name);
    sbrec_port_group_set_ports(pg, CONST_CAST(const char **, ports), n);
    return pg;
}
