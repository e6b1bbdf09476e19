/* pinctrl-garp: gratuitous ARPs on the provider networks.  See the
 * header. */
#include <config.h>

#include "ovn/controller/pinctrl-garp.h"

#include <arpa/inet.h>

#include <climits>
#include <cstring>
#include <memory>
#include <optional>
#include <set>
#include <utility>

#include "lib/ovs-internal.h"
#include "openvswitch/meta-flow.h"
#include "openvswitch/vlog.h"
#include "ovn/controller/local-datapaths.h"
#include "ovn/controller/pinctrl-handler.h"
#include "ovn/lib/logical-fields.h"
#include "ovn/lib/lport-addresses.h"
#include "ovn/lib/sb-rows.h"

VLOG_DEFINE_THIS_MODULE(pinctrl_garp);

COVERAGE_DEFINE(pinctrl_garp_sent);
COVERAGE_DEFINE(pinctrl_garp_bad_address);
COVERAGE_DEFINE(pinctrl_garp_scan);

namespace ovn {

bool
GarpAnnouncement::operator==(const GarpAnnouncement &o) const
{
    return !memcmp(&mac, &o.mac, sizeof mac) && ipv4 == o.ipv4
           && dp_key == o.dp_key && port_key == o.port_key;
}

PacketBytes
garp_packet(const GarpAnnouncement &a)
{
    /* Ethernet: to everyone, from the address's MAC. */
    PacketBytes p(6, 0xff);
    p.insert(p.end(), a.mac.ea, a.mac.ea + 6);
    const bool rarp = !a.ipv4;
    const uint16_t ethertype = rarp ? 0x8035 : 0x0806;
    p.push_back(ethertype >> 8);
    p.push_back(ethertype & 0xff);

    /* ARP over Ethernet and IPv4: a request (a reverse request for a
     * RARP), its sender and target both the announced address (the
     * target hardware address zero for an ARP, the MAC for a RARP). */
    static const uint8_t hdr[] = {0x00, 0x01, 0x08, 0x00, 6, 4};
    p.insert(p.end(), hdr, hdr + sizeof hdr);
    p.push_back(0);
    p.push_back(rarp ? 3 : 1);
    const auto *ip = reinterpret_cast<const uint8_t *>(&a.ipv4);
    static const uint8_t zero_mac[6] = {0, 0, 0, 0, 0, 0};
    p.insert(p.end(), a.mac.ea, a.mac.ea + 6);
    p.insert(p.end(), ip, ip + 4);
    p.insert(p.end(), rarp ? a.mac.ea : zero_mac,
             (rarp ? a.mac.ea : zero_mac) + 6);
    p.insert(p.end(), ip, ip + 4);
    return p;
}

long long int
garp_next_delay(int n)
{
    /* 2, 4, 8 and 16 seconds: five announcements in all, over 30
     * seconds. */
    return n >= 0 && n < 4 ? 2000LL << n : -1;
}

namespace {

/* The LPORT of a trailing 'is_chassis_resident("LPORT")' in 's', with
 * 's' cut before it, or "" (and 's' alone) if there is none. */
std::string_view
take_resident_port(std::string_view &s)
{
    static constexpr std::string_view fn = "is_chassis_resident(\"";
    const size_t pos = s.find(fn);
    if (pos == std::string_view::npos) {
        return {};
    }
    std::string_view rest = s.substr(pos + fn.size());
    const size_t end = rest.find("\")");
    s = s.substr(0, pos);
    return end == std::string_view::npos ? std::string_view("\"")
                                         : rest.substr(0, end);
}

bool
is_ours(sb::Chassis chassis, std::string_view chassis_name)
{
    return chassis && chassis.name() == chassis_name;
}

void
log_bad_address(sb::PortBinding pb, std::string_view column,
                std::string_view value)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);
    COVERAGE_INC(pinctrl_garp_bad_address);
    VLOG_WARN_RL(&rl, "port %.*s: no gratuitous ARP for bad %.*s "
                 "\"%.*s\"", int(pb.logical_port().size()),
                 pb.logical_port().data(), int(column.size()),
                 column.data(), int(value.size()), value.data());
}

}  // namespace

std::optional<LportAddresses>
garp_parse_nat_addresses(std::string_view value, std::string_view *resident)
{
    *resident = take_resident_port(value);
    return parse_lport_addresses(value);
}

namespace {

/* The announcements of the NAT addresses of 'pb' (an l3gateway port
 * bound here or a patch port) that are to be made here, into 'out'. */
void
add_nat_addresses(const sb::Indexes *ix, sb::PortBinding pb,
                  std::string_view chassis_name, uint32_t dp_key,
                  uint32_t port_key, GarpAnnouncements &out)
{
    for (std::string_view value : pb.nat_addresses()) {
        std::string_view resident;
        const auto parsed = garp_parse_nat_addresses(value, &resident);
        if (!resident.empty()) {
            const sb::PortBinding cr = sb::PortBinding::find_by_name(
                ix, std::string(resident).c_str());
            if (!cr || !is_ours(cr.chassis(), chassis_name)) {
                continue;
            }
        }
        if (!parsed) {
            log_bad_address(pb, "nat_addresses", value);
            continue;
        }
        for (const Ipv4Netaddr &ip : parsed->ipv4) {
            char buf[INET_ADDRSTRLEN];
            inet_ntop(AF_INET, &ip.addr, buf, sizeof buf);
            out.emplace(std::string(pb.logical_port()) + "-" + buf,
                        GarpAnnouncement{parsed->mac, ip.addr, dp_key,
                                         port_key});
        }
    }
}

/* The announcements of port 'pb' on switch 'dp_key' whose localnet port
 * is 'port_key', into 'out'. */
void
add_port(const sb::Indexes *ix, sb::PortBinding pb,
         std::string_view chassis_name, uint32_t dp_key, uint32_t port_key,
         GarpAnnouncements &out)
{
    const std::string_view type = pb.type();
    if (type.empty()) {
        if (!is_ours(pb.chassis(), chassis_name)) {
            return;
        }
        for (std::string_view mac : pb.mac()) {
            if (mac == "unknown" || mac == "router" || mac == "dynamic") {
                continue;
            }
            const auto parsed = parse_lport_addresses(mac);
            if (!parsed) {
                log_bad_address(pb, "mac", mac);
                continue;
            }
            out.emplace(std::string(pb.logical_port()),
                        GarpAnnouncement{parsed->mac,
                                         parsed->ipv4.empty()
                                         ? 0 : parsed->ipv4[0].addr,
                                         dp_key, port_key});
            return;
        }
    } else if (type == "l3gateway") {
        const char *gw = pb.options().get("l3gateway-chassis");
        if (is_ours(pb.chassis(), chassis_name)
            || (gw && chassis_name == gw)) {
            add_nat_addresses(ix, pb, chassis_name, dp_key, port_key, out);
        }
    } else if (type == "patch") {
        add_nat_addresses(ix, pb, chassis_name, dp_key, port_key, out);
    }
}

}  // namespace

GarpAnnouncements
garp_compute(const sb::Indexes *ix, const LocalDatapaths &local,
             const std::map<std::string, int64_t> &localnet_ofports,
             std::string_view chassis_name)
{
    GarpAnnouncements out;
    std::set<ovs::Uuid> done;
    for (const std::string &name : local.localnet_ports()) {
        const sb::PortBinding named = sb::PortBinding::find_by_name(
            ix, name.c_str());
        if (!named || !named.datapath() || !local.contains(named.datapath())
            || !done.insert(named.datapath().uuid()).second) {
            continue;
        }
        /* A switch with several localnet ports: the one that
         * local-datapaths takes for it. */
        const sb::DatapathBinding dp = named.datapath();
        const sb::PortBinding ln = local.localnet_port(ix, dp);
        if (!ln) {
            continue;
        }
        /* Not before its patch port to the provider bridge is there: the
         * switch would drop what goes out of it. */
        auto ofport = localnet_ofports.find(std::string(ln.logical_port()));
        if (ofport == localnet_ofports.end() || ofport->second <= 0) {
            continue;
        }
        const auto dp_key = uint32_t(dp.tunnel_key());
        const auto port_key = uint32_t(ln.tunnel_key());
        for (sb::PortBinding pb : sb::PortBinding::all_by_datapath(ix, dp)) {
            add_port(ix, pb, chassis_name, dp_key, port_key, out);
        }
    }
    return out;
}

namespace {

/* The snapshot the main thread publishes. */
struct GarpSnapshot {
    GarpAnnouncements announcements;
};

/* Main thread only: what was last published, and what it came from. */
struct Published {
    unsigned int pb_seqno = UINT_MAX;
    std::string chassis;
    std::map<std::string, int64_t> localnet_ofports;
    GarpAnnouncements announcements;
    /* Computed, not published yet: waits for the switch to have the
     * flows of the put numbered 'pending_seqno' (UINT64_MAX: the put
     * that follows the computation). */
    std::optional<GarpAnnouncements> pending;
    uint64_t pending_seqno = 0;
    /* The local switches with a localnet port, as of the last
     * computation. */
    std::set<ovs::Uuid> localnet_dps;
} published;

/* Whether a change to 'pb' may change the announcements: a router or
 * localnet port anywhere, a VIF only on a switch with a localnet port
 * here (the others come and go by the thousand, for nothing). */
bool
garp_relevant(sb::PortBinding pb)
{
    const std::string_view type = pb.type();
    if (type == "l3gateway" || type == "patch" || type == "chassisredirect"
        || type == "localnet") {
        return true;
    }
    return type.empty() && pb.datapath()
           && published.localnet_dps.count(pb.datapath().uuid());
}

/* The pinctrl thread's timers. */
class GarpTimer {
public:
    long long int run(PinctrlContext &ctx, long long int now);

private:
    struct State {
        GarpAnnouncement announcement;
        int sent;                       /* Announcements made so far. */
        long long int next;             /* LLONG_MAX: no more. */
    };
    void update(const GarpAnnouncements &, long long int now);
    static void send(PinctrlContext &ctx, const GarpAnnouncement &);

    std::shared_ptr<const GarpSnapshot> snapshot_;
    std::map<std::string, State> states_;
    /* The states with an announcement to come, by its time. */
    std::set<std::pair<long long int, std::string>> due_;
};

void
GarpTimer::update(const GarpAnnouncements &announcements, long long int now)
{
    std::map<std::string, State> states;
    due_.clear();
    for (const auto &[name, a] : announcements) {
        auto it = states_.find(name);
        State state = it != states_.end() && it->second.announcement == a
                      ? it->second : State{a, 0, now};
        if (state.next != LLONG_MAX) {
            due_.emplace(state.next, name);
        }
        states.emplace(name, state);
    }
    states_.swap(states);
}

long long int
GarpTimer::run(PinctrlContext &ctx, long long int now)
{
    auto snapshot = ctx.snapshot<GarpSnapshot>();
    if (snapshot != snapshot_) {
        snapshot_ = snapshot;
        update(snapshot ? snapshot->announcements : GarpAnnouncements(),
               now);
    }
    while (!due_.empty() && due_.begin()->first <= now) {
        const std::string name = due_.begin()->second;
        due_.erase(due_.begin());
        State &state = states_.at(name);
        send(ctx, state.announcement);
        const long long int delay = garp_next_delay(state.sent++);
        state.next = delay < 0 ? LLONG_MAX : now + delay;
        if (state.next != LLONG_MAX) {
            due_.emplace(state.next, name);
        }
    }
    return due_.empty() ? LLONG_MAX : due_.begin()->first;
}

void
GarpTimer::send(PinctrlContext &ctx, const GarpAnnouncement &a)
{
    /* Out of the switch's localnet port: straight to the output stage,
     * as if the switch's pipeline had chosen that port. */
    ctx.inject_into_table(garp_packet(a), OFTABLE_LOCAL_OUTPUT,
                          {{MFF_LOG_DATAPATH, a.dp_key},
                           {MFF_LOG_OUTPORT, a.port_key}});
    COVERAGE_INC(pinctrl_garp_sent);
}

}  // namespace

void
pinctrl_garp_run(const ovsdb_idl *sb, const sb::Indexes *ix,
                 const LocalDatapaths &local,
                 const std::map<std::string, int64_t> &localnet_ofports,
                 std::string_view chassis_name)
{
    const unsigned int seqno = sb::PortBinding::table_seqno(sb);
    const bool full = local.changed() || chassis_name != published.chassis
                      || localnet_ofports != published.localnet_ofports
                      || published.pb_seqno == UINT_MAX;
    if (!full && seqno == published.pb_seqno) {
        return;
    }
    published.pb_seqno = seqno;
    published.chassis = std::string(chassis_name);
    published.localnet_ofports = localnet_ofports;
    if (!full) {
        bool relevant = false;
        for (sb::PortBinding pb : sb::PortBinding::tracked(sb)) {
            if (garp_relevant(pb)) {
                relevant = true;
                break;
            }
        }
        if (!relevant) {
            return;
        }
    }

    COVERAGE_INC(pinctrl_garp_scan);
    published.localnet_dps.clear();
    for (const std::string &name : local.localnet_ports()) {
        const sb::PortBinding ln = sb::PortBinding::find_by_name(
            ix, name.c_str());
        if (ln && ln.datapath()) {
            published.localnet_dps.insert(ln.datapath().uuid());
        }
    }
    GarpAnnouncements announcements = garp_compute(ix, local,
                                                   localnet_ofports,
                                                   chassis_name);
    if (announcements != published.announcements) {
        published.pending = std::move(announcements);
        published.pending_seqno = UINT64_MAX;
    } else {
        published.pending.reset();
    }
}

void
pinctrl_garp_flows_run(uint64_t put_seqno, uint64_t acked_seqno)
{
    if (!published.pending) {
        return;
    }
    if (published.pending_seqno == UINT64_MAX) {
        published.pending_seqno = put_seqno;
    }
    if (acked_seqno >= published.pending_seqno) {
        published.announcements = std::move(*published.pending);
        published.pending.reset();
        auto snapshot = std::make_shared<GarpSnapshot>();
        snapshot->announcements = published.announcements;
        pinctrl_publish<GarpSnapshot>(std::move(snapshot));
    }
}

void
pinctrl_register_garp(PinctrlDispatch &d)
{
    auto timer = std::make_shared<GarpTimer>();
    d.add_periodic([timer](PinctrlContext &ctx, long long int now) {
        return timer->run(ctx, now);
    });
}

}  // namespace ovn
