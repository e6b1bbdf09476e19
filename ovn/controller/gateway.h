/* gateway: the l3gateway and l2gateway ports that this chassis hosts.
 *
 * A gateway router (Logical_Router options:chassis) runs on one chassis:
 * ovn-northd gives its ports, and their peers on the switches, type
 * "l3gateway" and options:l3gateway-chassis naming that chassis.  As in
 * OVN 23.03, the chassis so named claims those ports (Port_Binding.chassis)
 * and their datapaths are local there (roots of local-datapaths.h's
 * closure, which does not go through l3gateway ports); a port that stops
 * naming this chassis while claimed by it is released.
 *
 * An l2gateway port (options:l2gateway-chassis) bridges a logical switch
 * to a physical network (options:network_name, through a patch port to
 * the provider bridge as patch.h makes them, tagged with the port's VLAN
 * if it has one) on the chassis named.  That chassis claims it and, as
 * 23.03 does, sets it up; its datapath is local there.
 *
 * The first run, and a run after the rows may all have changed, reads
 * every Port_Binding; the others only those the IDL's change tracking
 * reports.  Owned by the main loop; physical.cpp and the logical flows
 * ask is_resident(). */
#ifndef OVN_CONTROLLER_GATEWAY_H
#define OVN_CONTROLLER_GATEWAY_H 1

#include <map>
#include <set>
#include <string>

#include "lib/uuid-value.h"
#include "ovn/lib/sb-rows.h"

struct ovsdb_idl;
struct ovsdb_idl_txn;

namespace ovn {

class GatewayPorts {
public:
    /* Brings the set up to date with 'sb' (every row if 'full', else the
     * tracked ones), claiming and releasing through 'sb_txn' (or, if it is
     * null, on a later run).  Returns whether the set changed. */
    bool run(const ovsdb_idl *sb, ovsdb_idl_txn *sb_txn,
             sb::Chassis chassis, bool full);

    /* The datapaths of the gateway ports hosted here. */
    const std::map<ovs::Uuid, sb::DatapathBinding> &datapaths() const
    {
        return datapaths_;
    }
    /* The names of the gateway ports hosted here. */
    std::set<std::string> lports() const;
    /* Whether 'pb' is a gateway port (of either type) hosted here. */
    bool is_resident(sb::PortBinding pb) const
    {
        return pb && ports_.count(pb.uuid());
    }
    /* Whether 'pb' is an l3gateway, or an l2gateway, port hosted here. */
    bool is_l3_resident(sb::PortBinding pb) const;
    bool is_l2_resident(sb::PortBinding pb) const;

private:
    struct Port {
        std::string name;
        ovs::Uuid dp;
        bool l2;                /* l2gateway, not l3gateway. */
    };
    bool consider(sb::PortBinding pb, ovsdb_idl_txn *sb_txn,
                  sb::Chassis chassis);

    std::map<ovs::Uuid, Port> ports_;
    std::map<ovs::Uuid, sb::DatapathBinding> datapaths_;
    /* Ports whose claim or release waits for a transaction. */
    std::set<ovs::Uuid> retry_;
};

}  // namespace ovn

#endif  /* ovn/controller/gateway.h */
