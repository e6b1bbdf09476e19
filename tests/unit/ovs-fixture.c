#include <config.h>

#include "tests/unit/ovs-fixture.h"

#include "lib/shim/vswitch-idl-shim.h"
#include "lib/vswitch-idl.h"
#include "smap.h"
#include "util.h"

const struct ovsrec_bridge *
ovs_fixture_bridge(struct ovsdb_idl_txn *txn, const char *name)
{
    struct ovsrec_bridge *br = ovsrec_bridge_insert(txn);
    ovsrec_bridge_set_name(br, name);
    return br;
}

static void
add_port(const struct ovsrec_bridge *br, struct ovsrec_port *port)
{
    /* The whole set, so that readers of 'br' see it at once.  Read
     * through the shim: the IDL does not parse the column into 'br'. */
    size_t n = ovs_shim_bridge_n_ports(br);
    struct ovsrec_port **ports = xmalloc((n + 1) * sizeof *ports);
    size_t n_ports = 0;
    for (size_t i = 0; i < n; i++) {
        const struct ovsrec_port *p = ovs_shim_bridge_port(br, i);
        if (p) {
            ports[n_ports++] = CONST_CAST(struct ovsrec_port *, p);
        }
    }
    ports[n_ports++] = port;
    ovsrec_bridge_set_ports(br, ports, n_ports);
    free(ports);
}

const struct ovsrec_interface *
ovs_fixture_vif(struct ovsdb_idl_txn *txn, const struct ovsrec_bridge *br,
                const char *name, const char *iface_id, int64_t ofport)
{
    struct ovsrec_interface *iface = ovsrec_interface_insert(txn);
    ovsrec_interface_set_name(iface, name);
    ovsrec_interface_set_ofport(iface, &ofport, 1);
    if (iface_id) {
        struct smap ids = SMAP_CONST1(&ids, "iface-id", iface_id);
        ovsrec_interface_set_external_ids(iface, &ids);
    }
    struct ovsrec_port *port = ovsrec_port_insert(txn);
    ovsrec_port_set_name(port, name);
    ovsrec_port_set_interfaces(port, &iface, 1);
    if (br) {
        add_port(br, port);
    }
    return iface;
}

const struct ovsrec_interface *
ovs_fixture_tunnel(struct ovsdb_idl_txn *txn, const struct ovsrec_bridge *br,
                   const char *name, const char *chassis_id,
                   const char *remote_ip, int64_t ofport)
{
    struct ovsrec_interface *iface = ovsrec_interface_insert(txn);
    ovsrec_interface_set_name(iface, name);
    ovsrec_interface_set_type(iface, "geneve");
    ovsrec_interface_set_ofport(iface, &ofport, 1);
    struct smap options = SMAP_INITIALIZER(&options);
    smap_add(&options, "remote_ip", remote_ip);
    smap_add(&options, "key", "flow");
    smap_add(&options, "csum", "true");
    ovsrec_interface_set_options(iface, &options);
    smap_destroy(&options);

    struct ovsrec_port *port = ovsrec_port_insert(txn);
    ovsrec_port_set_name(port, name);
    ovsrec_port_set_interfaces(port, &iface, 1);
    struct smap ids = SMAP_CONST1(&ids, "ovn-chassis-id", chassis_id);
    ovsrec_port_set_external_ids(port, &ids);
    add_port(br, port);
    return iface;
}

void
ovs_fixture_set_port_interface(const struct ovsrec_port *port,
                               const struct ovsrec_interface *iface)
{
    struct ovsrec_interface *ifaces[] = {
        CONST_CAST(struct ovsrec_interface *, iface),
    };
    ovsrec_port_set_interfaces(port, ifaces, 1);
}

const struct ovsrec_port *
ovs_fixture_port_of(const struct ovsrec_bridge *br,
                    const struct ovsrec_interface *iface)
{
    for (size_t i = 0; i < ovs_shim_bridge_n_ports(br); i++) {
        const struct ovsrec_port *p = ovs_shim_bridge_port(br, i);
        if (p && p->n_interfaces == 1 && p->interfaces[0] == iface) {
            return p;
        }
    }
    return NULL;
}

void
ovs_fixture_remove_port(const struct ovsrec_bridge *br,
                        const struct ovsrec_interface *iface)
{
    const struct ovsrec_port *gone = ovs_fixture_port_of(br, iface);
    size_t n = ovs_shim_bridge_n_ports(br);
    struct ovsrec_port **ports = xmalloc((n + 1) * sizeof *ports);
    size_t n_ports = 0;
    for (size_t i = 0; i < n; i++) {
        const struct ovsrec_port *p = ovs_shim_bridge_port(br, i);
        if (p && p != gone) {
            ports[n_ports++] = CONST_CAST(struct ovsrec_port *, p);
        }
    }
    ovsrec_bridge_set_ports(br, ports, n_ports);
    free(ports);
}

void
ovs_fixture_clear_ports(const struct ovsrec_bridge *br)
{
    ovsrec_bridge_set_ports(br, NULL, 0);
}

void
ovs_fixture_set_ofport(const struct ovsrec_interface *iface, int64_t ofport)
{
    ovsrec_interface_set_ofport(iface, &ofport, ofport < 0 ? 0 : 1);
}
