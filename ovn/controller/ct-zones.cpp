#include <config.h>

#include "ovn/controller/ct-zones.h"

#include <array>
#include <cstdlib>

#include "ovn/controller/binding.h"
#include "ovn/controller/bridge-key-store.h"
#include "ovn/controller/gateway.h"
#include "ovn/controller/ha-chassis.h"
#include "ovn/controller/local-datapaths.h"
#include "openvswitch/vlog.h"

VLOG_DEFINE_THIS_MODULE(ct_zones);

namespace ovn {

namespace {

constexpr const char *KEY_PREFIX = "ct-zone-";

/* The zone an external_ids value names, if it is a valid one. */
std::optional<uint16_t>
parse_zone(const char *value)
{
    char *end;
    long zone = strtol(value, &end, 10);
    if (!*value || *end || zone < CtZones::MIN_ZONE
        || zone > CtZones::MAX_ZONE) {
        return std::nullopt;
    }
    return static_cast<uint16_t>(zone);
}

}  // namespace

std::string
CtZones::key(const std::string &name)
{
    return KEY_PREFIX + name;
}

std::string
CtZones::dnat_name(const std::string &datapath_uuid)
{
    return datapath_uuid + "_dnat";
}

std::string
CtZones::snat_name(const std::string &datapath_uuid)
{
    return datapath_uuid + "_snat";
}

void
CtZones::adopt(const RecordedZones *recorded,
               const std::set<std::string> &users)
{
    if (!recorded) {
        return;
    }
    /* Only the users without a zone here look theirs up: the bridge may
     * record thousands of them. */
    for (const std::string &name : users) {
        if (zones_.count(name)) {
            continue;
        }
        const std::string key = CtZones::key(name);
        auto recorded_it = recorded->find(key);
        if (recorded_it == recorded->end()) {
            continue;
        }
        const char *value = recorded_it->second.c_str();
        std::optional<uint16_t> zone = parse_zone(value);
        if (!zone || used_[*zone]) {
            /* Rewritten by update() with a zone of our own. */
            static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);
            VLOG_INFO_RL(&rl, "ignoring %s=%s from the bridge (%s)",
                         key.c_str(), value,
                         zone ? "zone in use" : "bad zone");
            continue;
        }
        zones_[name] = *zone;
        used_[*zone] = true;
    }
}

/* Frees the zone of 'it', which 'zones_' then no longer holds. */
bool
CtZones::free_zone(std::map<std::string, uint16_t>::iterator it)
{
    VLOG_DBG("freeing zone %u of %s", it->second, it->first.c_str());
    used_[it->second] = false;
    dirty_.insert(it->first);
    zones_.erase(it);
    return true;
}

/* Gives the lowest free zones to the users in 'users' without one, in
 * name order. */
bool
CtZones::assign(const std::set<std::string> &users)
{
    bool changed = false;
    uint32_t next = MIN_ZONE;
    for (const std::string &name : users) {
        if (zones_.count(name)) {
            continue;
        }
        while (next <= MAX_ZONE && used_[next]) {
            next++;
        }
        if (next > MAX_ZONE) {
            static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 5);
            VLOG_WARN_RL(&rl, "exhausted all conntrack zones, %s gets none",
                         name.c_str());
            break;
        }
        VLOG_DBG("assigning zone %u to %s", next, name.c_str());
        zones_[name] = static_cast<uint16_t>(next);
        new_zones_.push_back(static_cast<uint16_t>(next));
        used_[next] = true;
        dirty_.insert(name);
        changed = true;
    }
    return changed;
}

bool
CtZones::update(const RecordedZones *recorded,
                const std::set<std::string> &users)
{
    bool changed = false;
    for (auto it = zones_.begin(); it != zones_.end();) {
        if (users.count(it->first)) {
            ++it;
        } else {
            changed |= free_zone(it++);
        }
    }
    adopt(recorded, users);
    changed |= assign(users);
    return changed;
}

bool
CtZones::change(const RecordedZones *recorded,
                const std::set<std::string> &added,
                const std::set<std::string> &removed)
{
    bool changed = false;
    for (const std::string &name : removed) {
        auto it = zones_.find(name);
        if (it != zones_.end() && !added.count(name)) {
            changed |= free_zone(it);
        }
    }
    adopt(recorded, added);
    changed |= assign(added);
    return changed;
}

void
CtZones::commit(BridgeKeyStore &store)
{
    for (const std::string &name : dirty_) {
        auto it = zones_.find(name);
        store.set(key(name), it == zones_.end()
                             ? std::nullopt
                             : std::optional<std::string>(
                                 std::to_string(it->second)));
    }
    dirty_.clear();
}

std::optional<uint16_t>
CtZones::find(const std::string &name) const
{
    auto it = zones_.find(name);
    if (it == zones_.end()) {
        return std::nullopt;
    }
    return it->second;
}

namespace {

/* The DNAT and SNAT zone names of datapath 'dp'. */
std::array<std::string, 2>
datapath_zone_names(const ovs::Uuid &dp)
{
    const std::string uuid = dp.to_string();
    return {CtZones::dnat_name(uuid), CtZones::snat_name(uuid)};
}

}  // namespace

void
CtZones::set_datapath_users(std::set<ovs::Uuid> datapaths,
                            std::set<std::string> port_users)
{
    datapath_users_ = port_users;
    for (const ovs::Uuid &dp : datapaths) {
        for (std::string &name : datapath_zone_names(dp)) {
            datapath_users_.insert(std::move(name));
        }
    }
    user_datapaths_ = std::move(datapaths);
    port_users_ = std::move(port_users);
}

void
CtZones::change_datapath_users(const std::vector<ovs::Uuid> &came,
                               const std::vector<ovs::Uuid> &went,
                               std::set<std::string> port_users,
                               std::set<std::string> &added,
                               std::set<std::string> &removed)
{
    /* A user gone from 'datapath_users_' goes into 'removed', a user new
     * to it into 'added'. */
    auto remove = [&](const std::string &name) {
        datapath_users_.erase(name);
        removed.insert(name);
    };
    auto add = [&](const std::string &name) {
        datapath_users_.insert(name);
        added.insert(name);
    };
    for (const ovs::Uuid &dp : went) {
        if (user_datapaths_.erase(dp)) {
            for (const std::string &name : datapath_zone_names(dp)) {
                remove(name);
            }
        }
    }
    for (const ovs::Uuid &dp : came) {
        if (user_datapaths_.insert(dp).second) {
            for (const std::string &name : datapath_zone_names(dp)) {
                add(name);
            }
        }
    }
    for (const std::string &name : port_users_) {
        if (!port_users.count(name)) {
            remove(name);
        }
    }
    for (const std::string &name : port_users) {
        if (!port_users_.count(name)) {
            add(name);
        }
    }
    port_users_ = std::move(port_users);
}

std::set<std::string>
ct_zone_port_users(const CtZoneSources &sources)
{
    std::set<std::string> users = sources.gateways.lports();
    if (sources.ha_ports) {
        for (const std::string &lport : sources.ha_ports->lports()) {
            if (sources.ha_ports->is_active(lport)) {
                users.insert(lport);
            }
        }
    }
    for (const std::string &lport : sources.datapaths.localnet_ports()) {
        users.insert(lport);
    }
    return users;
}

std::set<std::string>
ct_zone_datapath_users(const CtZoneSources &sources)
{
    std::set<std::string> users = ct_zone_port_users(sources);
    for (const auto &[uuid, dp] : sources.datapaths.datapaths()) {
        for (std::string &name : datapath_zone_names(uuid)) {
            users.insert(std::move(name));
        }
    }
    return users;
}

std::set<std::string>
ct_zone_users(const CtZoneSources &sources)
{
    std::set<std::string> users = ct_zone_datapath_users(sources);
    for (const auto &[lport, b] : sources.bindings.bindings()) {
        users.insert(lport);
    }
    return users;
}

bool
ct_zones_recompute(CtZones &zones, const RecordedZones *recorded,
                   const CtZoneSources &sources)
{
    const bool changed = zones.update(recorded, ct_zone_users(sources));
    std::set<ovs::Uuid> datapaths;
    for (const auto &[uuid, dp] : sources.datapaths.datapaths()) {
        datapaths.insert(datapaths.end(), uuid);
    }
    zones.set_datapath_users(std::move(datapaths),
                             ct_zone_port_users(sources));
    return changed;
}

bool
ct_zones_handle_changes(CtZones &zones, const RecordedZones *recorded,
                        const CtZoneSources &sources, bool datapaths_changed)
{
    std::set<std::string> added;
    std::set<std::string> removed;
    if (datapaths_changed) {
        /* The datapaths that came or went, from one walk of both sorted
         * sets: only their zone names are made. */
        const std::map<ovs::Uuid, sb::DatapathBinding> &now
            = sources.datapaths.datapaths();
        const std::set<ovs::Uuid> &before = zones.user_datapaths();
        std::vector<ovs::Uuid> came;
        std::vector<ovs::Uuid> went;
        auto a = now.begin();
        auto b = before.begin();
        while (a != now.end() || b != before.end()) {
            if (b == before.end() || (a != now.end() && a->first < *b)) {
                came.push_back(a++->first);
            } else if (a == now.end() || *b < a->first) {
                went.push_back(*b++);
            } else {
                ++a;
                ++b;
            }
        }
        std::set<std::string> gone;
        zones.change_datapath_users(came, went, ct_zone_port_users(sources),
                                    added, gone);
        for (const std::string &name : gone) {
            if (!sources.bindings.find(name)) {
                removed.insert(name);
            }
        }
    }
    for (const std::string &lport : sources.bindings.changed_lports()) {
        if (sources.bindings.find(lport)) {
            added.insert(lport);
        } else if (!zones.datapath_users().count(lport)) {
            removed.insert(lport);
        }
    }
    /* One change, so that the new users get their zones in name order,
     * as from a full update. */
    return zones.change(recorded, added, removed);
}

}  // namespace ovn
