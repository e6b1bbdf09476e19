/* sb-monitor: which Southbound rows this chassis asks the server for.
 *
 * With external_ids:ovn-monitor-all=true every listed table is monitored
 * whole.  Otherwise (the default), as OVN 23.03 does, the tables scoped to
 * a datapath are monitored only for this chassis's local datapaths:
 *
 *   - Port_Binding: the ports of the local datapaths, the patch and
 *     chassisredirect ports of every datapath (they join datapaths),
 *     the ports bound or requested for this chassis, the l2gateway and
 *     l3gateway ports that name it, every container port (below), and
 *     the ports whose names an unbound interface of the integration
 *     bridge carries in iface-id, unless a local datapath already brings
 *     them (so that binding can find them before their datapath is
 *     local; a bound port's datapath is local, so binding a port on a
 *     local datapath changes nothing: see monitored_iface_ids());
 *   - Logical_Flow: those of the local datapaths, and every one that
 *     has a datapath group (the compiler skips the group's datapaths
 *     that are not local);
 *   - Multicast_Group, MAC_Binding, IP_Multicast, DNS: those of the
 *     local datapaths;
 *   - IGMP_Group, Controller_Event: this chassis's (the rows it writes;
 *     ovn-northd reads everyone's);
 *   - Chassis_Template_Var: this chassis's.
 *
 * A container port may lie on a datapath that only it makes local, so its
 * row must come through its parent.  23.03 asks for the ports whose
 * parent_port is the iface-id of each interface of the integration
 * bridge: a clause per interface, which changes the Port_Binding
 * condition at every bind and unbind, each time sent whole (measured:
 * +4.4 ms of CPU a bind at 1000 ports, docs/ovn-controller.rst).  We ask
 * for every row with a parent_port instead, one clause that never
 * changes; binding leaves alone the containers whose parent is not
 * bound here.  The price is the container ports of the other chassis.
 *
 * The other tables are always monitored whole: Static_MAC_Binding as in
 * 23.03, and Chassis_Private, which 23.03 narrows to this chassis's row
 * once it knows its name: the chassis registration (chassis.h) must see
 * the row that a previous run left before it may create one.
 *
 * Each table's clauses are built from some parts of the scope only
 * (Chassis_Template_Var's from the chassis name, IGMP_Group's and
 * Controller_Event's from its row, the datapath tables' from the local
 * datapaths), and a table's condition is built and set again only when
 * one of its parts changed: Open vSwitch's IDL turns every condition it
 * is given into JSON to compare it with the last, which costs as much as
 * the local datapaths for each of the 6 tables they scope.  Owned by the
 * main loop. */
#ifndef OVN_CONTROLLER_SB_MONITOR_H
#define OVN_CONTROLLER_SB_MONITOR_H 1

#include <bitset>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "lib/uuid-value.h"
#include "ovn/lib/sb-rows.h"

struct ovsdb_idl;

namespace ovn {

class SbMonitor {
public:
    /* The tables whose conditions are set here. */
    enum Table {
        PORT_BINDING,
        LOGICAL_FLOW,
        MULTICAST_GROUP,
        MAC_BINDING,
        IP_MULTICAST,
        DNS,
        IGMP_GROUP,
        CONTROLLER_EVENT,
        CHASSIS_TEMPLATE_VAR,
        N_TABLES
    };
    using Tables = std::bitset<N_TABLES>;

    /* What the conditions are computed from. */
    struct Scope {
        bool monitor_all = false;
        std::string chassis_name;           /* Empty until known. */
        std::optional<ovs::Uuid> chassis;   /* This chassis's row. */
        std::set<std::string> iface_ids;    /* See above. */
        std::set<ovs::Uuid> datapaths;      /* The local datapaths. */

        bool operator==(const Scope &o) const;
        bool operator!=(const Scope &o) const { return !(*this == o); }
    };

    /* Of 'unbound', the iface-ids of br-int's interfaces that are not
     * bound here, those whose Port_Binding the conditions must name: the
     * ids whose row 'datapath_of' does not know (it returns nullopt), and
     * those whose row lies on a datapath not in 'datapaths' (the local
     * datapaths, which the conditions name already).  The others' rows
     * arrive through their datapath, so binding a port on a local
     * datapath changes no condition; and since the same 'datapaths' go
     * into the scope, a datapath that leaves gives its ports' ids their
     * clause back in the same condition change, and the server never
     * drops a row that must stay. */
    static std::set<std::string> monitored_iface_ids(
        const std::set<std::string> &unbound,
        const std::function<std::optional<ovs::Uuid>(const std::string &)>
            &datapath_of,
        const std::set<ovs::Uuid> &datapaths);

    /* Sets the conditions of 'sb' for 'scope': those of the tables whose
     * clauses differ from the ones last set, all of them the first time
     * and after reset().  Returns the tables set, none if nothing
     * changed. */
    Tables update(ovsdb_idl *sb, const Scope &scope);

    /* Whether the server has applied the last conditions set, so that the
     * IDL holds exactly the rows they select. */
    bool acked(const ovsdb_idl *sb) const;

    /* Forgets what was set (the IDL was replaced). */
    void
    reset()
    {
        last_.reset();
        expected_seqno_ = 0;
    }

private:
    Tables changed_tables(const Scope &scope) const;

    std::optional<Scope> last_;     /* What the conditions were set for. */
    unsigned int expected_seqno_ = 0;
};

}  // namespace ovn

#endif  /* ovn/controller/sb-monitor.h */
