/* physical: the flows that join the logical pipeline to the physical
 * world, in OVN 23.03's table layout (ovn/lib/logical-fields.h,
 * ovn-architecture(7)):
 *
 *   - table 0: packets from a local VIF get their logical datapath, input
 *     port and conntrack zones; packets from a Geneve tunnel get the
 *     datapath, input and output ports the sender put in the tunnel key
 *     and option, and go straight to local output;
 *   - table 39: output to a port on another chassis goes into that
 *     chassis's tunnel; output to a gateway port (chassisredirect) that
 *     is active elsewhere goes to the first chassis of its HA group that
 *     is up, of those with a tunnel;
 *   - table 40: output to a local port sets its zones and goes on to the
 *     loopback check; a multicast group visits each local member; output
 *     to a gateway port active here becomes output to its distributed
 *     port;
 *   - table 41: a packet never goes back out of its input port unless the
 *     pipeline allowed it;
 *   - tables 64 and 65: output to the VIF (saving in_port when loopback is
 *     allowed);
 *   - a fixed set of default flows in tables 0 and 37 to 65.
 *
 * Every flow is owned by the Southbound row it comes from (a Port_Binding,
 * a Multicast_Group, the Chassis of a tunnel), so that a change to a row
 * replaces only that row's flows; ofctrl then sends the switch only what
 * differs.  Physical::run() computes everything, handle_changes() only
 * the rows that changed, and for the datapaths that joined or left the
 * local datapaths, or whose localnet port changed, the rows of those
 * datapaths only (see handle_changes()). */
#ifndef OVN_CONTROLLER_PHYSICAL_H
#define OVN_CONTROLLER_PHYSICAL_H 1

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "lib/uuid-value.h"
#include "lib/ofpacts-builder.h"
#include "openvswitch/meta-flow.h"
#include "ovn/lib/sb-rows.h"

struct ovsdb_idl;

namespace ovn {

class Bindings;
class CtZones;
class GatewayPorts;
class HaPorts;
class LocalDatapaths;
class PatchPorts;
struct Tunnel;
class Tunnels;

/* Everything the flows depend on.  All of it must stay valid while a
 * Physical function runs. */
struct PhysicalInput {
    const ovsdb_idl *sb;
    const sb::Indexes *ix;              /* The Southbound's indexes. */
    sb::Chassis chassis;                /* This chassis. */
    const Bindings *bindings;
    const LocalDatapaths *datapaths;
    const PatchPorts *patch_ports;      /* Localnet ports' OpenFlow ports. */
    const GatewayPorts *gateways;       /* l3gateway ports hosted here. */
    const CtZones *zones;
    const Tunnels *tunnels;
    /* The Geneve option's field (MFF_TUN_METADATA0 + index), or 0 if
     * ofctrl has none: then no tunnel flows. */
    mf_field_id geneve_field;
    /* The HA ports (ha-chassis.h); null: none is active here. */
    const HaPorts *ha_ports = nullptr;
};

class Physical {
public:
    /* Replaces all of this module's flows by those 'in' calls for. */
    void run(const PhysicalInput &in);

    /* Replaces the flows of what changed since the last run() or
     * handle_changes(): the Port_Bindings in 'changed' (whose local
     * binding changed) and those the Southbound IDL's change tracking
     * reports, the Multicast_Groups it reports, and the Multicast_Groups
     * that list those ports if what one of them gives the group changed
     * (a group the IDL reports only because a port it lists changed is
     * one of those).  Besides:
     *
     *   - a datapath that joined the local datapaths: its Port_Bindings
     *     and Multicast_Groups, and the patch ports that lead into it;
     *   - one that left them: the flows of every row that read it (its
     *     own rows', those of the patch ports leading into it);
     *   - a local datapath whose localnet port changed (another one, or
     *     its key, VLAN or OpenFlow port), or whose Datapath_Binding
     *     changed: the same rows as for one that joined;
     *   - a localnet or l2gateway port whose OpenFlow port changed;
     *   - a changed HA_Chassis_Group, HA_Chassis or Gateway_Chassis: the
     *     HA ports of the groups concerned ('in.ha_ports').
     *
     * A group computed again takes, for each member not among the
     * ports whose flows this pass computes again (a group's contribution
     * of a port changes only with the port, which these cover), what it
     * gave the group's flows last time, without looking the port's
     * binding and zone up again (coverage counter
     * physical_mc_member_kept).
     *
     * The datapaths are compared with those of the last computation only
     * when something may have changed them (LocalDatapaths::changed(), a
     * changed OpenFlow port to a provider bridge, a tracked
     * Datapath_Binding or localnet port): otherwise this costs nothing
     * beyond the changed rows.  Returns the local logical ports whose
     * flows were replaced. */
    std::vector<std::string> handle_changes(const PhysicalInput &in,
                                            std::set<ovs::Uuid> changed);

    /* Whether the change that the IDL's tracking reports for 'pb' can
     * change flows: not when only columns no flow reads changed (up,
     * external_ids, ...: our own writes among them), nor when only the
     * chassis of a port bound here changed (our own claim). */
    static bool port_binding_change_matters(const PhysicalInput &in,
                                            sb::PortBinding pb);

    /* The owner of the default flows. */
    static const ovs::Uuid DEFAULT_FLOWS_OWNER;

private:
    /* What the flows of a local datapath's rows read of the datapath
     * itself and of its localnet port. */
    struct DatapathState {
        int64_t key = 0;
        bool is_switch = false;
        ovs::Uuid localnet;
        int64_t localnet_key = 0;
        std::optional<int64_t> localnet_tag;
        int64_t localnet_ofport = 0;
        bool operator==(const DatapathState &) const;
        bool operator!=(const DatapathState &o) const { return !(*this == o); }
    };
    static DatapathState datapath_state(const PhysicalInput &in,
                                        sb::DatapathBinding dp);
    void sync_datapaths(const PhysicalInput &in, std::set<ovs::Uuid> *ports,
                        std::set<ovs::Uuid> *datapaths);
    bool sync_provider_ports(const PhysicalInput &in,
                             std::set<ovs::Uuid> *ports);
    static void add_ha_group_ports(const PhysicalInput &in,
                                   std::set<ovs::Uuid> *ports);
    void note_user(const ovs::Uuid &owner, const ovs::Uuid &dp);
    /* What one member port gives its group's flows, resolved: the kind
     * of output, the port's key and zone, the tunnel it goes through.
     * The flows of a group are a function of its datapath's and its own
     * keys and of its members' contributions, in order: a port's change
     * that leaves its contribution as it was leaves its groups' flows as
     * they were. */
    struct McMember {
        enum Kind { NONE, PATCH, LOCALPORT, LOCAL, GENEVE, VXLAN };
        Kind kind = NONE;
        int64_t key = 0;
        std::optional<uint16_t> zone;
        /* The tunnel's, for GENEVE and VXLAN. */
        int64_t tunnel_ofport = 0;
        /* The remote chassis, for GENEVE. */
        std::string chassis;
        bool operator==(const McMember &) const;
        bool operator!=(const McMember &o) const { return !(*this == o); }
    };
    static McMember mc_member(const PhysicalInput &in, sb::PortBinding pb,
                              bool has_localnet);
    using McMembers = std::vector<std::pair<ovs::Uuid, McMember>>;
    /* A group's members as its flows were computed, on a datapath with a
     * localnet port or not (which their contributions depend on). */
    struct McGroup {
        bool has_localnet = false;
        McMembers members;
    };
    bool mc_lists_the_same(sb::MulticastGroup mc) const;
    bool mc_members_changed(const PhysicalInput &in, const ovs::Uuid &mc,
                            const std::set<ovs::Uuid> &changed) const;
    void note_members(const ovs::Uuid &mc, McGroup group,
                      const McGroup *old);
    void forget_members(const ovs::Uuid &mc);
    void unlist_member(const ovs::Uuid &mc, const ovs::Uuid &port);

    bool handle_port_binding(const PhysicalInput &in, const ovs::Uuid &uuid);
    /* 'changed', if given, is the set of ports whose flows are computed
     * again in this pass: the group's other members give its flows what
     * they gave them last time (see handle_changes()). */
    void handle_multicast_group(const PhysicalInput &in,
                                sb::MulticastGroup mc, bool deleted,
                                const std::set<ovs::Uuid> *changed
                                = nullptr);
    void remove_owner(const ovs::Uuid &owner);
    void add_defaults();
    void add_tunnel_flows(const PhysicalInput &in);
    void add_port_flows(const PhysicalInput &in, sb::PortBinding pb);
    void add_delivery_flows(const PhysicalInput &in, sb::PortBinding pb);
    void add_local_output_flows(const PhysicalInput &in,
                                sb::PortBinding pb);
    void add_patch_flows(const PhysicalInput &in, sb::PortBinding pb);
    void add_provider_flows(const PhysicalInput &in, sb::PortBinding pb);
    void add_chassis_mac_flows(const PhysicalInput &in,
                               sb::PortBinding rport, sb::PortBinding peer);
    bool add_chassisredirect_flows(const PhysicalInput &in,
                                   sb::PortBinding pb);
    bool add_ha_remote_flows(const PhysicalInput &in, sb::PortBinding pb);
    void add_multicast_flows(const PhysicalInput &in,
                             sb::MulticastGroup mc,
                             const McGroup *old = nullptr,
                             const std::set<ovs::Uuid> *changed = nullptr);
    /* physical-lport.cpp: the port types beyond VIFs and patch ports. */
    void add_vif_type_flows(sb::PortBinding pb);
    void add_container_flows(const PhysicalInput &in, sb::PortBinding pb,
                             int64_t ofport);
    bool add_via_localnet_flows(const PhysicalInput &in, sb::PortBinding pb);
    void add_external_localport_flows(sb::PortBinding pb,
                                      sb::PortBinding localnet);
    /* physical-migration.cpp: ports bound to more than one chassis. */
    void add_migration_flows(const PhysicalInput &in, sb::PortBinding pb,
                             int64_t ofport);
    /* physical-vxlan.cpp. */
    void add_vxlan_tunnel_flows(const Tunnel &tunnel);
    static void put_vxlan_encapsulation(ovs::OfpactsBuilder &acts,
                                        int64_t dp_key, int64_t outport);

    /* Every owner this module has given flows to. */
    std::set<ovs::Uuid> owners_;
    /* The local datapaths the flows were computed for, as they were. */
    std::map<ovs::Uuid, DatapathState> datapaths_;
    /* The owners whose flows read a datapath (their own, or a patch
     * port's peer's), by datapath, and the reverse. */
    std::map<ovs::Uuid, std::set<ovs::Uuid>> users_;
    std::map<ovs::Uuid, std::set<ovs::Uuid>> used_;
    /* The Port_Bindings each Multicast_Group of a local datapath listed
     * when its flows were computed, with what each gave them, and the
     * reverse: a port's change recomputes the groups that list it, not
     * all of its datapath's, and only if its contribution changed. */
    std::map<ovs::Uuid, McGroup> members_;
    std::map<ovs::Uuid, std::set<ovs::Uuid>> groups_of_port_;
    /* The OpenFlow ports of the localnet and l2gateway ports, as the
     * flows used them. */
    std::map<std::string, int64_t> provider_ofports_;
};

}  // namespace ovn

#endif  /* ovn/controller/physical.h */
