/* ha-chassis: the ports that an HA chassis group places on one chassis at
 * a time, chassisredirect ports (distributed gateway ports) and external
 * ports, and which of them are active on this chassis.
 *
 * Each such port names its gateway chassis through an HA_Chassis_Group
 * (what ovn-northd 23.03 writes, also for a Logical_Router_Port's
 * gateway_chassis) or, failing that, through Gateway_Chassis rows.  Of the
 * chassis so named, by decreasing priority, this chassis is the active one
 * as OVN 23.03 decides it:
 *
 *   - a group of one chassis: that chassis, BFD or not;
 *   - otherwise, only if BFD reaches at least one other chassis of the
 *     group ('active_tunnels', bfd.h), and no chassis of higher priority
 *     is reachable.
 *
 * The active chassis claims the port (Port_Binding.chassis) and releases
 * it once another one is active; is_chassis_resident() of the port is true
 * there only.  As 23.03, a claim also sets Port_Binding.up (there is no
 * interface whose flows to wait for, so no ovn-installed either), and a
 * release leaves it as it is.  Every chassis of the group, active or
 * not, has the port's datapath local (a root of local-datapaths.h's
 * closure).
 *
 * An HA_Chassis (or Gateway_Chassis) that names no Chassis is left out
 * of its group until ovn-northd fills the reference in, once the Chassis
 * row exists; the rest of the group works meanwhile.  Each such row is
 * said once: one rate-limited warning and the "ha_chassis_unregistered"
 * coverage counter when it is first seen so (not on every run), said
 * again only if its chassis goes away again after registering.  One that
 * names this chassis, which ovn-northd has not yet seen register, is a
 * debug log only: that is every gateway's first start, not bad input.
 *
 * A run looks again at the ports the tracked changes name; changes to the
 * HA tables, to the Chassis table or to 'active_tunnels' look again at
 * every port (there are few: one per gateway).  Owned by the main loop;
 * physical.cpp and the logical flows ask is_active(). */
#ifndef OVN_CONTROLLER_HA_CHASSIS_H
#define OVN_CONTROLLER_HA_CHASSIS_H 1

#include <map>
#include <set>
#include <string>
#include <vector>

#include "lib/uuid-value.h"
#include "ovn/lib/sb-rows.h"

struct ovsdb_idl;
struct ovsdb_idl_txn;

namespace ovn {

/* Whether 'pb' is a port that an HA chassis group places. */
bool is_ha_port(sb::PortBinding pb);

/* The chassis that 'pb''s group names, by decreasing priority (ties by
 * name), without the members whose chassis has not registered. */
std::vector<sb::Chassis> ha_chassis_ordered(sb::PortBinding pb);

/* Whether 'chassis' is the active one of 'ordered', given the chassis
 * that BFD reaches. */
bool ha_chassis_is_active(const std::vector<sb::Chassis> &ordered,
                          sb::Chassis chassis,
                          const std::set<std::string> &active_tunnels);

class HaPorts {
public:
    /* Brings the state up to date with 'sb' (every row if 'full', else
     * the tracked ones) and 'active_tunnels', claiming and releasing
     * through 'sb_txn' (or, if it is null, on a later run).  Returns
     * whether a port's membership or activity changed. */
    bool run(const ovsdb_idl *sb, ovsdb_idl_txn *sb_txn,
             sb::Chassis chassis, const std::set<std::string> &active_tunnels,
             bool full);

    /* Whether 'pb' is an HA port active on this chassis. */
    bool is_active(sb::PortBinding pb) const;
    bool is_active(const std::string &lport) const
    {
        return active_.count(lport);
    }
    /* The datapaths of the HA ports whose group has this chassis. */
    const std::map<ovs::Uuid, sb::DatapathBinding> &datapaths() const
    {
        return datapaths_;
    }
    /* The HA ports whose group has this chassis, by name. */
    std::set<std::string> lports() const;
    /* Every HA port in the Southbound, member here or not, by
     * Port_Binding. */
    const std::set<ovs::Uuid> &every_port() const { return all_; }

    /* The ports whose activity here changed since the last
     * clear_changes(), by name. */
    const std::set<std::string> &changed_lports() const
    {
        return changed_;
    }
    void clear_changes() { changed_.clear(); }

private:
    struct Port {
        std::string name;
        ovs::Uuid dp;
        bool active;
    };
    bool consider(sb::PortBinding pb, ovsdb_idl_txn *sb_txn,
                  sb::Chassis chassis,
                  const std::set<std::string> &active_tunnels);
    void note_unregistered(const ovsdb_idl *sb, sb::Chassis chassis);

    /* The HA ports whose group has this chassis, by Port_Binding. */
    std::map<ovs::Uuid, Port> ports_;
    /* Every HA port in the Southbound, member here or not. */
    std::set<ovs::Uuid> all_;
    std::set<std::string> active_;
    std::map<ovs::Uuid, sb::DatapathBinding> datapaths_;
    std::set<std::string> changed_;
    /* Ports whose claim or release waits for a transaction. */
    std::set<ovs::Uuid> retry_;
    std::set<std::string> active_tunnels_;
    /* The HA_Chassis and Gateway_Chassis rows naming no Chassis, already
     * warned about, with what the warning called them. */
    std::map<ovs::Uuid, std::string> unregistered_;
    bool had_chassis_ = false;
};

}  // namespace ovn

#endif  /* ovn/controller/ha-chassis.h */
