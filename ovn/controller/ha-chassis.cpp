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
    if (chassis && (all || !had_chassis_)) {
        note_unregistered(sb, chassis);
    }
    had_chassis_ = static_cast<bool>(chassis);
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

/* Warns, once for each, about the members that name a chassis that has
 * not registered, and forgets those that now name one (or are gone), so
 * that a chassis that goes away again is said again.  A member naming
 * 'chassis' itself is no news: this chassis has just registered, and
 * ovn-northd fills the reference in soon, so that one is a debug log. */
void
HaPorts::note_unregistered(const ovsdb_idl *sb, sb::Chassis chassis)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);
    struct Member {
        std::string what;
        bool self;
    };
    std::map<ovs::Uuid, Member> now;
    for (sb::HaChassisGroup group : sb::HaChassisGroup::table(sb)) {
        for (sb::HaChassis ha : group.ha_chassis()) {
            if (ha && !ha.chassis()) {
                const char *name = ha.external_ids().get("chassis-name");
                now[ha.uuid()] = Member{
                    "HA_Chassis "
                    + (name ? std::string(name) : ha.uuid().to_string())
                    + " of group " + std::string(group.name()),
                    name && chassis.name() == name};
            }
        }
    }
    for (sb::GatewayChassis gc : sb::GatewayChassis::table(sb)) {
        if (!gc.chassis()) {
            now[gc.uuid()] = Member{
                "Gateway_Chassis " + std::string(gc.name()), false};
        }
    }
    std::map<ovs::Uuid, std::string> noted;
    for (const auto &[uuid, member] : now) {
        if (!unregistered_.count(uuid)) {
            COVERAGE_INC(ha_chassis_unregistered);
            if (member.self) {
                VLOG_DBG("%s names this chassis, which ovn-northd has not "
                         "seen registered yet", member.what.c_str());
            } else {
                VLOG_WARN_RL(&rl, "%s names a chassis that has not "
                             "registered, left out until it does",
                             member.what.c_str());
            }
        }
        noted.emplace(uuid, member.what);
    }
    for (const auto &[uuid, what] : unregistered_) {
        if (!now.count(uuid)) {
            VLOG_DBG("%s: its chassis is there now, or the row is gone",
                     what.c_str());
        }
    }
    unregistered_ = std::move(noted);
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
