/* pinctrl-ra-timer: periodic router advertisements.  See the header. */
#include <config.h>

#include "ovn/controller/pinctrl-ra-timer.h"

#include <algorithm>
#include <climits>
#include <iterator>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "lib/ovs-internal.h"
#include "openvswitch/meta-flow.h"
#include "openvswitch/vlog.h"
#include "ovn/controller/local-datapaths.h"
#include "ovn/controller/pinctrl-handler.h"
#include "ovn/controller/pinctrl-nd-ra.h"
#include "ovn/lib/logical-fields.h"
#include "ovn/lib/sb-rows.h"

/* OVS's lib/random.h lacks extern "C". */
extern "C" {
#include "random.h"
}

VLOG_DEFINE_THIS_MODULE(pinctrl_ra_timer);

COVERAGE_DEFINE(pinctrl_ra_sent);
COVERAGE_DEFINE(pinctrl_ra_bad_config);
COVERAGE_DEFINE(pinctrl_ra_scan);

namespace ovn {

namespace {

/* A router port that advertises here. */
struct RaPort {
    uint32_t dp_key;            /* Its peer's datapath (the switch)... */
    uint32_t port_key;          /* ...and the peer's key there. */
    NdRaPeriodic ra;

    bool operator==(const RaPort &o) const
    {
        return dp_key == o.dp_key && port_key == o.port_key && ra == o.ra;
    }
};

/* The snapshot: by the router port's name. */
struct RaSnapshot {
    std::map<std::string, RaPort> ports;
};

/* Main thread only: what was last published, and the inputs it came
 * from. */
struct Published {
    unsigned int pb_seqno = UINT_MAX;
    std::map<std::string, RaPort> ports;
} published;

long long int
next_time(long long int now, const NdRaPeriodic &ra)
{
    return now + ra.min_interval * 1000LL
           + random_range((ra.max_interval - ra.min_interval) * 1000);
}

/* The pinctrl thread's timers: what it advertises, and when next. */
class RaTimer {
public:
    long long int run(PinctrlContext &ctx, long long int now);

private:
    struct Timer {
        RaPort port;
        long long int next;
    };
    void send(PinctrlContext &ctx, const RaPort &port);

    std::shared_ptr<const RaSnapshot> snapshot_;
    std::map<std::string, Timer> timers_;
    /* The timers by their next time: a wakeup with nothing due costs
     * nothing, however many ports advertise. */
    std::set<std::pair<long long int, std::string>> due_;
};

long long int
RaTimer::run(PinctrlContext &ctx, long long int now)
{
    auto snapshot = ctx.snapshot<RaSnapshot>();
    if (snapshot != snapshot_) {
        /* A new port waits a first interval, as in 23.03; a port whose
         * intervals changed starts again; any other change only changes
         * what the next advertisement says. */
        snapshot_ = snapshot;
        std::map<std::string, Timer> timers;
        if (snapshot) {
            for (const auto &[name, port] : snapshot->ports) {
                auto it = timers_.find(name);
                long long int next
                    = it != timers_.end()
                      && it->second.port.ra.min_interval
                         == port.ra.min_interval
                      && it->second.port.ra.max_interval
                         == port.ra.max_interval
                      ? it->second.next : next_time(now, port.ra);
                timers.emplace(name, Timer{port, next});
            }
        }
        timers_.swap(timers);
        due_.clear();
        for (const auto &[name, timer] : timers_) {
            due_.emplace(timer.next, name);
        }
    }

    while (!due_.empty() && due_.begin()->first <= now) {
        const std::string name = due_.begin()->second;
        due_.erase(due_.begin());
        Timer &timer = timers_.at(name);
        send(ctx, timer.port);
        timer.next = next_time(now, timer.port.ra);
        due_.emplace(timer.next, name);
    }
    return due_.empty() ? LLONG_MAX : due_.begin()->first;
}

void
RaTimer::send(PinctrlContext &ctx, const RaPort &port)
{
    /* Into the switch's ingress pipeline, from the router port's peer,
     * for this chassis only. */
    const auto *p = reinterpret_cast<const uint8_t *>(port.ra.packet.data());
    ctx.inject_into_table(PacketBytes(p, p + port.ra.packet.size()),
                          OFTABLE_LOG_INGRESS_PIPELINE,
                          {{MFF_LOG_DATAPATH, port.dp_key},
                           {MFF_LOG_INPORT, port.port_key},
                           {MFF_LOG_FLAGS, 1, MLF_LOCAL_ONLY_BIT, 1}});
    COVERAGE_INC(pinctrl_ra_sent);
}

/* The router ports that may advertise: those of the local routers,
 * walked when the local datapaths change (not among every switch's
 * VIFs). */
constexpr const char *router_port_types[] = {"patch", "l3gateway"};

bool
is_router_port_type(std::string_view type)
{
    return std::find(std::begin(router_port_types),
                     std::end(router_port_types), type)
           != std::end(router_port_types);
}

/* Adds 'pb' to 'ports' if it is a local router port that advertises. */
void
add_ra_port(const sb_gen_indexes *ix, const LocalDatapaths &local,
            sb::PortBinding pb, std::map<std::string, RaPort> &ports)
{
    if (!pb.options().contains("ipv6_ra_send_periodic")
        || !pb.datapath() || !local.contains(pb.datapath())) {
        return;
    }
    const sb::PortBinding peer = patch_peer(ix, pb);
    if (!peer || !local.contains(peer.datapath())) {
        return;
    }
    std::map<std::string, std::string> options;
    for (const auto &[key, value] : pb.options()) {
        options.emplace(key, value);
    }
    RaPort port{uint32_t(peer.datapath().tunnel_key()),
                uint32_t(peer.tunnel_key()), {}};
    std::string error = nd_ra_periodic_from_options(options, &port.ra);
    if (error == "-") {
        return;
    } else if (!error.empty()) {
        static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);
        COVERAGE_INC(pinctrl_ra_bad_config);
        VLOG_WARN_RL(&rl, "router port %.*s: no periodic router "
                     "advertisements: %s", int(pb.logical_port().size()),
                     pb.logical_port().data(), error.c_str());
        return;
    }
    ports.emplace(std::string(pb.logical_port()), std::move(port));
}

}  // namespace

void
pinctrl_ra_timer_run(const ovsdb_idl *sb, const sb_gen_indexes *ix,
                     const LocalDatapaths &local)
{
    /* Nothing to do unless a Port_Binding or the local datapaths
     * changed; and unless the local datapaths did, only if a changed row
     * is a router port (not a VIF: they come and go by the thousand). */
    const unsigned int seqno = sb::PortBinding::table_seqno(sb);
    const bool full = local.changed() || published.pb_seqno == UINT_MAX;
    if (!full && seqno == published.pb_seqno) {
        return;
    }
    published.pb_seqno = seqno;
    if (!full) {
        bool relevant = false;
        for (sb::PortBinding pb : sb::PortBinding::tracked(sb)) {
            if (is_router_port_type(pb.type())) {
                relevant = true;
                break;
            }
        }
        if (!relevant) {
            return;
        }
    }

    COVERAGE_INC(pinctrl_ra_scan);
    std::map<std::string, RaPort> ports;
    for (const auto &[uuid, dp] : local.datapaths()) {
        /* A router port's own row is on its router's datapath; 23.03's
         * northd marks every switch's datapath. */
        if (dp.external_ids().contains("logical-switch")) {
            continue;
        }
        for (sb::PortBinding pb : sb::PortBinding::all_by_datapath(ix, dp)) {
            if (is_router_port_type(pb.type())) {
                add_ra_port(ix, local, pb, ports);
            }
        }
    }
    if (ports != published.ports) {
        published.ports = ports;
        auto snapshot = std::make_shared<RaSnapshot>();
        snapshot->ports = std::move(ports);
        pinctrl_publish<RaSnapshot>(std::move(snapshot));
    }
}

void
pinctrl_register_ra_timer(PinctrlDispatch &d)
{
    auto timer = std::make_shared<RaTimer>();
    d.add_periodic([timer](PinctrlContext &ctx, long long int now) {
        return timer->run(ctx, now);
    });
}

}  // namespace ovn
