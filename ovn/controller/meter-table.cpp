#include <config.h>

#include "ovn/controller/meter-table.h"

#include <algorithm>
#include <map>

#include "lib/ovs-internal.h"
#include "openvswitch/ofp-errors.h"
#include "openvswitch/ofp-meter.h"
#include "openvswitch/ofp-msgs.h"
#include "openvswitch/ofp-protocol.h"
#include "openvswitch/vlog.h"

VLOG_DEFINE_THIS_MODULE(meter_table);

COVERAGE_DEFINE(meter_table_bad_meter);
COVERAGE_DEFINE(meter_table_ids_exhausted);

namespace ovn {

struct MeterTable::Meter : IdEntry {
    uint16_t flags = 0;
    std::vector<ofputil_meter_band> bands;
    /* The name each owner gave it (list()). */
    std::vector<std::pair<OwnerRef, std::string>> names;
    bool installed = false;
    /* Released before the put in flight began: its flows are gone once
     * that put is acknowledged. */
    bool released_at_put = false;
    /* Unused and its flows gone from the switch: the next put deletes
     * it. */
    bool deletable = false;
    bool pending_add = false;
    bool pending_delete = false;
};

namespace {

ovs::OfpbufPtr
encode_meter_mod(uint16_t command, uint32_t id, uint16_t flags,
                 const std::vector<ofputil_meter_band> &bands)
{
    ofputil_meter_mod mm{};
    mm.command = command;
    mm.meter.meter_id = id;
    mm.meter.flags = flags;
    mm.meter.n_bands = bands.size();
    mm.meter.bands = const_cast<ofputil_meter_band *>(bands.data());
    return ovs::OfpbufPtr(ofputil_encode_meter_mod(OFP15_VERSION, &mm));
}

}  // namespace

ovs::OfpbufPtr
MeterTable::encode_delete_all()
{
    return encode_meter_mod(OFPMC13_DELETE, OFPM13_ALL, 0, {});
}

MeterTable::MeterTable(uint32_t max_id) : meters_(max_id) {}

MeterTable::~MeterTable() = default;

std::optional<uint32_t>
MeterTable::add_meter(const OwnerRef &owner, std::string_view text,
                      std::string *error, std::string_view name)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);

    std::string key(text);
    Meter *m = meters_.find(key);
    if (!m) {
        /* The parsing boundary: bad text never reaches the table.  The ID
         * is ours to give, so the text must not have one. */
        std::string problem;
        ofputil_meter_mod mm{};
        if (key.find("meter") != std::string::npos) {
            problem = "meter ID is allocated by ofctrl, not given";
        } else {
            ofputil_protocol usable;
            std::string s = "meter=1," + key;
            char *err = parse_ofp_meter_mod_str(&mm, s.c_str(),
                                                OFPMC13_ADD, &usable);
            if (err) {
                problem = err;
                free(err);
            }
        }
        if (!problem.empty()) {
            COVERAGE_INC(meter_table_bad_meter);
            VLOG_WARN_RL(&rl, "owner %s: meter \"%s\": %s",
                         owner.to_string().c_str(), key.c_str(),
                         problem.c_str());
            *error = "meter \"" + key + "\": " + problem;
            return std::nullopt;
        }

        auto meter = std::make_unique<Meter>();
        meter->text = key;
        meter->flags = mm.meter.flags;
        meter->bands.assign(mm.meter.bands,
                            mm.meter.bands + mm.meter.n_bands);
        free(mm.meter.bands);
        m = meters_.insert(std::move(meter));
        if (!m) {
            COVERAGE_INC(meter_table_ids_exhausted);
            VLOG_WARN_RL(&rl, "owner %s: all %" PRIu32 " meter IDs in use, "
                         "cannot add meter \"%s\"",
                         owner.to_string().c_str(), meters_.max_id(),
                         key.c_str());
            *error = "no free meter ID";
            return std::nullopt;
        }
    }

    meters_.hold(*m, owner);
    if (name.empty()) {
        name = m->text;
    }
    auto named = std::make_pair(owner, std::string(name));
    if (std::find(m->names.begin(), m->names.end(), named)
        == m->names.end()) {
        m->names.push_back(std::move(named));
    }
    m->deletable = false;
    return m->id;
}

void
MeterTable::forget_names(Meter &m, const OwnerRef &owner)
{
    m.names.erase(std::remove_if(m.names.begin(), m.names.end(),
                                 [&](const auto &n) {
                                     return n.first == owner;
                                 }),
                  m.names.end());
}

size_t
MeterTable::remove_owner(const OwnerRef &owner)
{
    /* Unowned meters stay, ID and all, until their flows are gone. */
    return meters_.release(owner, [&](Meter &m) { forget_names(m, owner); });
}

void
MeterTable::clear()
{
    meters_.release_all([](Meter &m) { m.names.clear(); });
}

void
MeterTable::forget_installed()
{
    abort();
    meters_.for_each([this](Meter &m) {
        m.installed = false;
        m.deletable = false;
        meters_.track(m);
    });
}

void
MeterTable::emit(const std::function<void(ovs::OfpbufPtr, bool is_delete)> &emit)
{
    ovs_assert(pending_.empty());
    for (Meter *m : meters_.take_tracked()) {
        if (!m->owners.empty()) {
            m->deletable = false;
            if (!m->installed) {
                emit(encode_meter_mod(OFPMC13_ADD, m->id, m->flags,
                                      m->bands), false);
                m->pending_add = true;
                pending_.push_back(m);
            }
        } else if (!m->installed) {
            /* The switch never had it. */
            meters_.forget(*m);
        } else if (m->deletable) {
            /* The flows that used it left the switch in an acknowledged
             * put: deleting it now takes nothing else with it. */
            emit(encode_meter_mod(OFPMC13_DELETE, m->id, 0, {}), true);
            m->pending_delete = true;
            pending_.push_back(m);
        } else {
            /* This put removes its flows; delete it after. */
            m->released_at_put = true;
            pending_.push_back(m);
        }
    }
}

void
MeterTable::commit()
{
    std::vector<Meter *> pending;
    pending.swap(pending_);
    for (Meter *m : pending) {
        if (m->pending_add) {
            m->pending_add = false;
            m->installed = true;
            if (m->owners.empty()) {
                meters_.track(*m);
            }
        } else if (m->pending_delete) {
            m->pending_delete = false;
            m->installed = false;
            if (m->owners.empty()) {
                /* Only now may the ID be handed out again. */
                meters_.forget(*m);
            } else {
                meters_.track(*m);
            }
        } else if (m->released_at_put) {
            m->released_at_put = false;
            if (m->owners.empty()) {
                m->deletable = true;
            }
            meters_.track(*m);
        }
    }
}

void
MeterTable::abort()
{
    std::vector<Meter *> pending;
    pending.swap(pending_);
    for (Meter *m : pending) {
        if (m->pending_add) {
            /* Meter mods are not bundled: the switch took it. */
            m->installed = true;
        }
        m->pending_add = false;
        m->released_at_put = false;
        if (m->pending_delete) {
            /* Nor this one: the switch deleted it. */
            m->pending_delete = false;
            m->installed = false;
            if (m->owners.empty()) {
                meters_.forget(*m);
                continue;
            }
        }
        meters_.track(*m);
    }
}

std::vector<std::string>
MeterTable::dump() const
{
    std::vector<std::string> lines;
    for (const Meter *m : meters_.by_id()) {
        lines.push_back("meter=" + std::to_string(m->id) + " " + m->text);
    }
    return lines;
}

std::vector<std::string>
MeterTable::list() const
{
    std::map<std::string, uint32_t> by_name;
    for (const Meter *m : meters_.by_id()) {
        for (const auto &n : m->names) {
            by_name.emplace(n.second, m->id);
        }
    }
    std::vector<std::string> lines;
    for (const auto &n : by_name) {
        lines.push_back(n.first + ": " + std::to_string(n.second));
    }
    return lines;
}

}  // namespace ovn
