/* An in-memory Open_vSwitch database for unit tests, as sb-fixture.h for
 * the Southbound: rows inserted in a transaction on an IDL that never
 * connects. */
#ifndef TESTS_UNIT_OVS_FIXTURE_H
#define TESTS_UNIT_OVS_FIXTURE_H 1

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct ovsdb_idl_txn;
struct ovsrec_bridge;
struct ovsrec_interface;
struct ovsrec_port;

/* A bridge named 'name' with no port. */
const struct ovsrec_bridge *ovs_fixture_bridge(struct ovsdb_idl_txn *,
                                               const char *name);
/* Adds to 'br' a port and interface 'name' with external_ids:iface-id
 * 'iface_id' (unless NULL) and OpenFlow port 'ofport'.  With a null 'br',
 * the port is on no bridge. */
const struct ovsrec_interface *ovs_fixture_vif(
    struct ovsdb_idl_txn *, const struct ovsrec_bridge *br,
    const char *name, const char *iface_id, int64_t ofport);
/* Adds to 'br' a Geneve tunnel port 'name' as encaps.h makes them:
 * external_ids:ovn-chassis-id='chassis_id' on the port, options
 * remote_ip='remote_ip', key=flow and csum=true on the interface, and
 * OpenFlow port 'ofport'. */
const struct ovsrec_interface *ovs_fixture_tunnel(
    struct ovsdb_idl_txn *, const struct ovsrec_bridge *br,
    const char *name, const char *chassis_id, const char *remote_ip,
    int64_t ofport);
/* Sets the OpenFlow port of 'iface' as ovs-vswitchd would; a negative
 * 'ofport' empties the column (not assigned yet). */
void ovs_fixture_set_ofport(const struct ovsrec_interface *iface,
                            int64_t ofport);
/* Makes 'iface' the only interface of 'port' (the same Port row). */
void ovs_fixture_set_port_interface(const struct ovsrec_port *port,
                                    const struct ovsrec_interface *iface);
/* The port of 'br' whose only interface is 'iface', or NULL. */
const struct ovsrec_port *ovs_fixture_port_of(
    const struct ovsrec_bridge *br, const struct ovsrec_interface *iface);
/* Removes from 'br' the port whose only interface is 'iface' (the row
 * stays until the transaction commits; ovsdb-server would delete it). */
void ovs_fixture_remove_port(const struct ovsrec_bridge *br,
                             const struct ovsrec_interface *iface);
/* Removes every port of 'br'. */
void ovs_fixture_clear_ports(const struct ovsrec_bridge *br);

#ifdef __cplusplus
}
#endif

#endif  /* tests/unit/ovs-fixture.h */
