/* pinctrl's trigger_event: the Controller_Event rows that report, to the
 * CMS, a load balancer VIP hit while it has no backend.
 *
 * The handler (pinctrl thread) decodes the event and its options and
 * queues it under this file's mutex; the flush (main thread, with its
 * Southbound transaction) inserts one row per event, with this chassis
 * and the next sequence number.  As 23.03, an event seen again while an
 * identical one is remembered writes no second row: an event is
 * remembered from its first packet until EVENT_HOLD_MSEC after it was
 * written.  This file owns the queue, the remembered events and the
 * sequence counter. */
#include <config.h>

#include <array>
#include <map>
#include <mutex>
#include <set>
#include <string>

#include "lib/ovs-internal.h"
#include "openvswitch/vlog.h"
#include "ovn/controller/pinctrl-handler.h"
#include "ovn/controller/pinctrl-sb.h"
#include "ovn/lib/controller-event-shim.h"
#include "ovn/lib/sb-rows.h"

VLOG_DEFINE_THIS_MODULE(pinctrl_event);

namespace ovn {

namespace {

/* The only event 23.03 defines, its code in the userdata and its name in
 * the Southbound. */
constexpr uint32_t EVENT_EMPTY_LB_BACKENDS = 0;
constexpr const char *EVENT_EMPTY_LB_BACKENDS_NAME = "empty_lb_backends";

/* Its options, by the code the compiler gives them (1, 2, 3). */
constexpr std::array<const char *, 3> OPTION_NAMES = {
    "vip", "protocol", "load_balancer",
};

/* At most this many events remembered (queued or written). */
constexpr size_t MAX_EVENTS = 1000;

using EventInfo = std::array<std::string, OPTION_NAMES.size()>;

struct Event {
    bool written = false;       /* Inserted by a flush. */
    bool seen = false;          /* Its row has been in the Southbound. */
};

std::mutex mutex;
std::map<EventInfo, Event> events;      /* Guarded by 'mutex'. */
uint64_t events_gen;                    /* Guarded by 'mutex': bumped
                                         * when an event is queued. */
int64_t seq_num;                        /* Main thread only. */
PinctrlSbGate gate;                     /* Main thread only. */

/* Printable ASCII only: what a VIP, a protocol name and a UUID are made
 * of, and what the Southbound takes as a string without a second
 * thought (it refuses invalid UTF-8, and the whole transaction with
 * it). */
uint32_t
be32_at(const uint8_t *p)
{
    return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | p[2] << 8 | p[3];
}

uint16_t
be16_at(const uint8_t *p)
{
    return uint16_t(p[0] << 8 | p[1]);
}

bool
is_printable(const uint8_t *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] < 0x20 || s[i] > 0x7e) {
            return false;
        }
    }
    return true;
}

/* Decodes 'pi''s userdata: be32 event, then (be16 code, be16 length,
 * value) for each option. */
bool
decode(PinctrlContext &ctx, const PinctrlPacketIn &pi, EventInfo *info)
{
    const uint8_t *p = pi.payload;
    size_t left = pi.payload_len;
    if (left < 4) {
        ctx.drop(pi, PinctrlDrop::BAD_USERDATA, "event type missing");
        return false;
    }
    const uint32_t event = be32_at(p);
    if (event != EVENT_EMPTY_LB_BACKENDS) {
        ctx.drop(pi, PinctrlDrop::BAD_USERDATA, "unknown event");
        return false;
    }
    p += 4;
    left -= 4;
    while (left) {
        if (left < 4) {
            ctx.drop(pi, PinctrlDrop::BAD_USERDATA, "truncated option");
            return false;
        }
        const uint16_t code = be16_at(p);
        const uint16_t len = be16_at(p + 2);
        p += 4;
        left -= 4;
        if (len > left) {
            ctx.drop(pi, PinctrlDrop::BAD_USERDATA, "truncated option");
            return false;
        }
        if (code < 1 || code > OPTION_NAMES.size()) {
            ctx.drop(pi, PinctrlDrop::BAD_USERDATA, "unknown option");
            return false;
        }
        if (!len || !is_printable(p, len)) {
            ctx.drop(pi, PinctrlDrop::BAD_USERDATA, "bad option value");
            return false;
        }
        (*info)[code - 1].assign(reinterpret_cast<const char *>(p), len);
        p += len;
        left -= len;
    }
    for (const std::string &value : *info) {
        if (value.empty()) {
            /* 23.03 reports nothing without all three. */
            ctx.drop(pi, PinctrlDrop::BAD_USERDATA, "option missing");
            return false;
        }
    }
    return true;
}

void
handle_event(PinctrlContext &ctx, const PinctrlPacketIn &pi)
{
    EventInfo info;
    if (!decode(ctx, pi, &info)) {
        return;
    }
    {
        std::lock_guard<std::mutex> lock(mutex);
        if (events.count(info)) {
            return;
        }
        if (events.size() >= MAX_EVENTS) {
            ctx.drop(pi, PinctrlDrop::QUEUE_FULL, "too many events pending");
            return;
        }
        events.emplace(std::move(info), Event());
        events_gen++;
    }
    ctx.notify_main();
}

void
flush(const PinctrlSbContext &sbc)
{
    const sb::Chassis chassis = pinctrl_sb_chassis(sbc);
    if (!chassis) {
        /* Without our Chassis row yet, the events wait for it. */
        return;
    }
    /* The rows, and the events the thread queued. */
    PinctrlSbGate::Inputs in;
    in.seqnos = {sb::ControllerEvent::table_seqno(sbc.sb)};
    in.chassis = chassis.get();
    in.retry_gen = sbc.retry_gen;
    {
        std::lock_guard<std::mutex> lock(mutex);
        in.handed = events_gen;
    }
    if (!gate.open(in)) {
        return;
    }

    /* The events this chassis has rows for. */
    std::set<EventInfo> in_db;
    for (const sb::ControllerEvent row : sb::ControllerEvent::table(sbc.sb)) {
        if (row.chassis() != chassis
            || row.event_type() != EVENT_EMPTY_LB_BACKENDS_NAME) {
            continue;
        }
        EventInfo info;
        for (size_t i = 0; i < info.size(); i++) {
            info[i] = row.event_info().get(OPTION_NAMES[i], "");
        }
        in_db.insert(std::move(info));
    }

    std::lock_guard<std::mutex> lock(mutex);
    for (auto it = events.begin(); it != events.end(); ) {
        Event &ev = it->second;
        const bool present = in_db.count(it->first);
        if (ev.written || present) {
            if (present) {
                ev.seen = ev.written = true;
            } else if (ev.seen) {
                /* The CMS has deleted it: the next packet reports it
                 * again. */
                it = events.erase(it);
                continue;
            }
        } else {
            std::array<const char *, OPTION_NAMES.size()> values;
            for (size_t i = 0; i < values.size(); i++) {
                values[i] = it->first[i].c_str();
            }
            sb_shim_controller_event_insert(
                sbc.txn, chassis.get(), EVENT_EMPTY_LB_BACKENDS_NAME,
                OPTION_NAMES.data(), values.data(), values.size(),
                ++seq_num);
            VLOG_DBG("%s: vip %s (%s) of load balancer %s",
                     EVENT_EMPTY_LB_BACKENDS_NAME, values[0], values[1],
                     values[2]);
            ev.written = true;
        }
        ++it;
    }
}

}  // namespace

void
pinctrl_register_event(PinctrlDispatch &d)
{
    d.add(ACTION_OPCODE_EVENT, "trigger_event", handle_event);
    d.add_sb_flush(flush);
}

}  // namespace ovn
