#include <config.h>

#include "lib/shim/vswitch-idl-shim.h"

#include "lib/vswitch-idl.h"
#include "ovsdb-idl.h"
#include "util.h"

struct ovsdb_idl *
ovs_shim_vswitch_idl_create(const char *remote)
{
    return ovsdb_idl_create(remote, &ovsrec_idl_class, true, true);
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

size_t
ovs_shim_bridge_n_ports(const struct ovsrec_bridge *br)
{
    return br->n_ports;
}

const struct ovsrec_port *
ovs_shim_bridge_port(const struct ovsrec_bridge *br, size_t i)
{
    ovs_assert(i < br->n_ports);
    return br->ports[i];
}

const char *
ovs_shim_port_name(const struct ovsrec_port *port)
{
    return port->name;
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
