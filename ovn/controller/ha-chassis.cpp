#include <config.h>

#include "ovn/controller/ha-chassis.h"

#include <algorithm>
#include <iterator>
#include <string_view>
#include <tuple>

#include "lib/ovs-internal.h"
#include "openvswitch/vlog.h"
#include "ovn/controller/lport-datapaths.h"
#include "ovn/lib/sb-shim.h"

VLOG_DEFINE_THIS_MODULE(ha_chassis);

COVERAGE_DEFINE(ha_chassis_claim);
COVERAGE_DEFINE(ha_chassis_release);
COVERAGE_DEFINE(ha_chassis_unregistered);

namespace ovn {

bool
is_ha_port(sb::PortBinding pb)
{
    const std::string_view type = pb.type();
    return type == "chassisredirect" || type == "external";
}

/* A member row ('table', 'name') of 'owner' (a group or a port) whose
 * chassis has not registered (yet, or any more): ovn-northd fills in the
 * reference once the Chassis row exists, and a CMS commonly names a
 * gateway before its chassis first comes up, so this is a wait, not bad
 * input.  The member is left out until then, as 23.03 does. */
static void
note_unregistered(std::string_view table, const std::string &name,
                  std::string_view owner)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 5);
    COVERAGE_INC(ha_chassis_unregistered);
    VLOG_DBG_RL(&rl, "%.*s %s of %.*s: its chassis has not registered, "
                "left out until it does", static_cast<int>(table.size()),
                table.data(), name.c_str(), static_cast<int>(owner.size()),
                owner.data());
}

std::vector<sb::Chassis>
ha_chassis_ordered(sb::PortBinding pb)
{
    /* (priority, name, chassis), sorted by decreasing priority. */
    std::vector<std::tuple<int64_t, std::string, sb::Chassis>> members;
    if (const sb::HaChassisGroup group = pb.ha_chassis_group()) {
        for (sb::HaChassis ha : group.ha_chassis()) {
            if (!ha) {
                continue;
            }
            const sb::Chassis ch = ha.chassis();
            if (!ch) {
                const char *name = ha.external_ids().get("chassis-name");
                note_unregistered("HA_Chassis",
                                  name ? name : ha.uuid().to_string(),
                                  group.name());
                continue;
            }
            members.emplace_back(ha.priority(), std::string(ch.name()), ch);
        }
    } else {
        for (sb::GatewayChassis gc : pb.gateway_chassis()) {
            if (!gc) {
                continue;
            }
            const sb::Chassis ch = gc.chassis();
            if (!ch) {
                note_unregistered("Gateway_Chassis", std::string(gc.name()),
                                  pb.logical_port());
                continue;
            }
            members.emplace_back(gc.priority(), std::string(ch.name()), ch);
        }
    }
    std::sort(members.begin(), members.end(),
              [](const auto &a, const auto &b) {
                  if (std::get<0>(a) != std::get<0>(b)) {
                      return std::get<0>(a) > std::get<0>(b);
                  }
                  return std::get<1>(a) < std::get<1>(b);
              });
    std::vector<sb::Chassis> ordered;
    for (const auto &m : members) {
        ordered.push_back(std::get<2>(m));
    }
    return ordered;
}

bool
ha_chassis_is_active(const std::vector<sb::Chassis> &ordered,
                     sb::Chassis chassis,
                     const std::set<std::string> &active_tunnels)
{
    if (!chassis || ordered.empty()) {
        return false;
    }
    if (ordered.size() == 1) {
        return ordered[0] == chassis;
    }
    /* Without BFD to any other chassis of the group, this one may be cut
     * off: it does not take the port. */
    if (active_tunnels.empty()) {
        return false;
    }
    for (sb::Chassis ch : ordered) {
        if (ch == chassis) {
            return true;
        }
        if (active_tunnels.count(std::string(ch.name()))) {
            return false;
        }
    }
    return false;
}

/* Looks at 'pb' again: member here or not, active or not, claimed or
 * released as that says.  Returns whether anything changed. */
bool
HaPorts::consider(sb::PortBinding pb, ovsdb_idl_txn *sb_txn,
                  sb::Chassis chassis,
                  const std::set<std::string> &active_tunnels)
{
    const ovs::Uuid uuid = pb.uuid();
    retry_.erase(uuid);
    auto old = ports_.find(uuid);
    const bool was_member = old != ports_.end();
    const bool was_active = was_member && old->second.active;
    const std::string old_name = was_member ? old->second.name : "";

    bool member = false;
    bool active = false;
    if (!pb.is_deleted() && is_ha_port(pb) && pb.datapath() && chassis) {
        all_.insert(uuid);
        const std::vector<sb::Chassis> ordered = ha_chassis_ordered(pb);
        member = std::find(ordered.begin(), ordered.end(), chassis)
                 != ordered.end();
        active = member && ha_chassis_is_active(ordered, chassis,
                                                active_tunnels);
    } else {
        all_.erase(uuid);
    }
    const std::string name = pb.is_deleted() ? old_name
                                             : std::string(pb.logical_port());

    if (member) {
        ports_[uuid] = Port{name, pb.datapath().uuid(), active};
    } else {
        ports_.erase(uuid);
    }
    if (!old_name.empty() && old_name != name) {
        active_.erase(old_name);
        changed_.insert(old_name);
    }
    if (active) {
        active_.insert(name);
    } else if (!name.empty()) {
        active_.erase(name);
    }
    if (active != was_active) {
        changed_.insert(name);
    }

    if (!pb.is_deleted() && chassis) {
        /* As 23.03, the port is up once claimed (it has no interface whose
         * flows to wait for), and stays up when released: 'up' says it
         * was claimed once, 'chassis' where it is now. */
        const bool set_up = active && !pb.up().value_or(false);
        if (active && (pb.chassis() != chassis || set_up)) {
            if (sb_txn) {
                if (pb.chassis() != chassis) {
                    COVERAGE_INC(ha_chassis_claim);
                    VLOG_INFO("Claiming lport %s for this chassis.",
                              name.c_str());
                    sb_shim_port_binding_set_chassis(pb.get(),
                                                     chassis.get());
                }
                if (set_up) {
                    sb_shim_port_binding_set_up(pb.get(), true);
                }
            } else {
                retry_.insert(uuid);
            }
        } else if (!active && pb.chassis() == chassis
                   && (is_ha_port(pb) || was_member)) {
            if (sb_txn) {
                COVERAGE_INC(ha_chassis_release);
                VLOG_INFO("Releasing lport %s from this chassis.",
                          name.c_str());
                sb_shim_port_binding_set_chassis(pb.get(), nullptr);
            } else {
                retry_.insert(uuid);
            }
        }
    }
    return member != was_member || active != was_active;
}

bool
HaPorts::run(const ovsdb_idl *sb, ovsdb_idl_txn *sb_txn,
             sb::Chassis chassis, const std::set<std::string> &active_tunnels,
             bool full)
{
    bool changed = false;
    /* A group, a member, a chassis or BFD that changed may change any
     * port: there are few, look at them all. */
    const bool all = full || active_tunnels != active_tunnels_
                     || !sb::HaChassisGroup::tracked(sb).empty()
                     || !sb::HaChassis::tracked(sb).empty()
                     || !sb::GatewayChassis::tracked(sb).empty()
                     || !sb::Chassis::tracked(sb).empty();
    active_tunnels_ = active_tunnels;
    if (full) {
        const std::set<std::string> old_active = std::move(active_);
        ports_.clear();
        all_.clear();
        active_.clear();
        retry_.clear();
        for (sb::PortBinding pb : sb::PortBinding::table(sb)) {
            if (is_ha_port(pb)) {
                consider(pb, sb_txn, chassis, active_tunnels);
            }
        }
        std::set_symmetric_difference(
            old_active.begin(), old_active.end(), active_.begin(),
            active_.end(), std::inserter(changed_, changed_.end()));
        changed = true;
    } else {
        std::set<ovs::Uuid> seen;
        for (sb::PortBinding pb : sb::PortBinding::tracked(sb)) {
            if (is_ha_port(pb) || all_.count(pb.uuid())) {
                seen.insert(pb.uuid());
                changed |= consider(pb, sb_txn, chassis, active_tunnels);
            }
        }
        std::set<ovs::Uuid> again = retry_;
        if (all) {
            again.insert(all_.begin(), all_.end());
        }
        for (const ovs::Uuid &uuid : again) {
            const sb::PortBinding pb = sb::PortBinding::get_for_uuid(sb,
                                                                     uuid);
            if (!seen.count(uuid) && pb) {
                changed |= consider(pb, sb_txn, chassis, active_tunnels);
            }
        }
    }
    /* The row pointers may be new ones. */
    datapaths_ = lport_datapaths(sb, ports_);
    return changed;
}

bool
HaPorts::is_active(sb::PortBinding pb) const
{
    auto it = pb ? ports_.find(pb.uuid()) : ports_.end();
    return it != ports_.end() && it->second.active;
}

std::set<std::string>
HaPorts::lports() const
{
    std::set<std::string> names;
    for (const auto &[uuid, port] : ports_) {
        names.insert(port.name);
    }
    return names;
}

}  // namespace ovn
