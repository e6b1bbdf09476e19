/* lport-datapaths: the datapaths of a set of logical ports held by
 * Southbound Port_Binding UUID, as rows of the IDL now.
 *
 * GatewayPorts (gateway.h) and HaPorts (ha-chassis.h) keep their ports by
 * Port_Binding UUID and hand their datapaths to the local datapaths'
 * closure as roots; the row pointers may change under them at any IDL
 * run, so they look them up again after each.  Stateless. */
#ifndef OVN_CONTROLLER_LPORT_DATAPATHS_H
#define OVN_CONTROLLER_LPORT_DATAPATHS_H 1

#include <map>

#include "lib/uuid-value.h"
#include "ovn/lib/sb-rows.h"

struct ovsdb_idl;

namespace ovn {

/* The datapaths of the Port_Bindings of 'sb' whose UUIDs are the keys of
 * 'ports' (a map by ovs::Uuid), by datapath UUID.  Ports that 'sb' no
 * longer has, or that have no datapath, bring none. */
template <typename PortMap>
std::map<ovs::Uuid, sb::DatapathBinding>
lport_datapaths(const ovsdb_idl *sb, const PortMap &ports)
{
    std::map<ovs::Uuid, sb::DatapathBinding> datapaths;
    for (const auto &entry : ports) {
        const sb::PortBinding pb = sb::PortBinding::get_for_uuid(
            sb, entry.first);
        if (pb && pb.datapath()) {
            datapaths.emplace(pb.datapath().uuid(), pb.datapath());
        }
    }
    return datapaths;
}

}  // namespace ovn

#endif  /* ovn/controller/lport-datapaths.h */
