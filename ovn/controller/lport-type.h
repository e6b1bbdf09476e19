/* lport-type: what each Port_Binding type means to this chassis.
 *
 * OVN 23.03 knows these types (ovn-sb(5)): "" (a VIF, or a container
 * port when it has a parent_port), patch, localnet, localport, l2gateway,
 * l3gateway, chassisredirect, external, virtual, vtep and remote.  A
 * Port_Binding of any other type is left out of the binding and the
 * physical flows, with one rate-limited warning and a tick of the
 * "lport_type_unknown" coverage counter each time it is looked at (so
 * once per change of the row); once its type is fixed, the next look
 * picks it up like any other.
 *
 * Stateless: anyone may call it. */
#ifndef OVN_CONTROLLER_LPORT_TYPE_H
#define OVN_CONTROLLER_LPORT_TYPE_H 1

#include "ovn/lib/sb-rows.h"

namespace ovn {

enum class LportType {
    VIF,                /* "" without a parent_port. */
    CONTAINER,          /* "" with a parent_port: a nested VIF. */
    PATCH,
    LOCALNET,
    LOCALPORT,
    L2GATEWAY,
    L3GATEWAY,
    CHASSISREDIRECT,
    EXTERNAL,
    VIRTUAL,
    VTEP,
    REMOTE,
    UNKNOWN,
};

/* The type of 'pb' (non-null). */
LportType lport_type(sb::PortBinding pb);

/* Whether 'pb' is of a type this chassis knows; if not, reports it (see
 * above) and returns false. */
bool lport_type_is_known(sb::PortBinding pb);

/* Whether 'pb' binds to an interface of br-int named by its iface-id: a
 * VIF, or a localport (bound on every chassis that has one). */
bool lport_binds_iface(sb::PortBinding pb);

/* Whether a port bound here is claimed for this chassis
 * (Port_Binding.chassis): not a localport, which every chassis has. */
bool lport_is_claimed(sb::PortBinding pb);

/* Whether 'pb' asks to be bound on a chassis other than 'chassis' (its
 * requested_chassis column, or else options:requested-chassis, a chassis
 * name or hostname, or a comma-separated list of them whose first is the
 * main chassis).  As in 23.03, a chassis named only as an additional one
 * (live migration) does not bind it as the main one: see
 * lport_requested_additional(). */
bool lport_requested_elsewhere(sb::PortBinding pb, sb::Chassis chassis);

/* Whether 'pb' asks for 'chassis' as one of its additional chassis (live
 * migration: the port is bound on both, packets to it go to both): its
 * requested_additional_chassis column, or else, if neither requested
 * column is set, a name after the first in options:requested-chassis. */
bool lport_requested_additional(sb::PortBinding pb, sb::Chassis chassis);

/* Whether 'chassis' is among 'pb''s additional_chassis. */
bool lport_has_additional_chassis(sb::PortBinding pb, sb::Chassis chassis);

/* Whether 'chassis_name' is in 'pb''s options:additional-chassis-activated
 * (a comma-separated list of chassis names: where a RARP lifted the
 * activation-strategy hold). */
bool lport_additional_activated(sb::PortBinding pb,
                                std::string_view chassis_name);

}  // namespace ovn

#endif  /* ovn/controller/lport-type.h */
