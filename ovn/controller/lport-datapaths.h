/* lport-datapaths: the datapaths of a set of Port_Bindings.
 *
 * The gateway and HA port modules each keep their ports by Port_Binding
 * UUID and report the datapaths those ports make local.  Stateless. */
#ifndef OVN_CONTROLLER_LPORT_DATAPATHS_H
#define OVN_CONTROLLER_LPORT_DATAPATHS_H 1

#include <map>

#include "lib/uuid-value.h"
#include "ovn/lib/sb-rows.h"

struct ovsdb_idl;

namespace ovn {

/* The datapaths of the Port_Bindings of 'sb' whose UUIDs are the keys of
 * 'ports' (rows gone, or without a datapath, are left out). */
template <typename Value>
std::map<ovs::Uuid, sb::DatapathBinding>
lport_datapaths(const ovsdb_idl *sb, const std::map<ovs::Uuid, Value> &ports)
{
    std::map<ovs::Uuid, sb::DatapathBinding> datapaths;
    for (const auto &[uuid, value] : ports) {
        const sb::PortBinding pb = sb::PortBinding::get_for_uuid(sb, uuid);
        if (pb && pb.datapath()) {
            datapaths.emplace(pb.datapath().uuid(), pb.datapath());
        }
    }
    return datapaths;
}

}  // namespace ovn

#endif  /* ovn/controller/lport-datapaths.h */
