/* pinctrl's load balancer health checks: the Service_Monitor rows of the
 * ports bound here, probed and their status written.
 *
 * ovn-northd 23.03 writes a Service_Monitor row for each backend of a
 * load balancer with a health check and ip_port_mappings (backend IP ->
 * logical port and the source IP to probe it from), with the switch's
 * svc_monitor_mac as source MAC.  The chassis that binds the backend's
 * port probes it, as 23.03's pinctrl does:
 *
 *   - TCP: a SYN to the backend; a SYN+ACK that acknowledges it is a
 *     success (and gets a RST, which closes the half-open connection), a
 *     RST a failure, and so is no answer within the timeout.
 *   - UDP: a datagram; an ICMP port unreachable that quotes it is a
 *     failure, no answer within the timeout a success.
 *
 * success_count successes in a row make the status "online",
 * failure_count failures "offline"; a probe goes out every interval
 * seconds (options:interval, timeout, success_count, failure_count;
 * 5, 3, 1, 1 by default).  The answers reach pinctrl through the logical
 * flows' handle_svc_check(inport), on packets to svc_monitor_mac.
 *
 * Threads.  The flush (main thread, with its Southbound transaction)
 * publishes the monitors of the ports bound here as an immutable
 * snapshot and writes the statuses the pinctrl thread decided.  The
 * pinctrl thread alone owns the monitors' state (a periodic function
 * sends the probes and counts the timeouts, the handler counts the
 * answers); the statuses it hands over are under this file's mutex. */
#include <config.h>

#include <netinet/in.h>

#include <climits>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "lib/ovs-internal.h"
#include "lib/uuid-value.h"
#include "openvswitch/meta-flow.h"
#include "openvswitch/vlog.h"
#include "ovn/controller/pinctrl-handler.h"
#include "ovn/controller/pinctrl-sb.h"
#include "ovn/lib/logical-fields.h"
#include "ovn/lib/lport-addresses.h"
#include "ovn/lib/sb-rows.h"
#include "ovn/lib/service-monitor-shim.h"

/* OVS's lib/random.h lacks extern "C". */
extern "C" {
#include "random.h"
}

VLOG_DEFINE_THIS_MODULE(pinctrl_svc_monitor);

COVERAGE_DEFINE(pinctrl_svc_monitor_probe);
COVERAGE_DEFINE(pinctrl_svc_monitor_bad_row);

namespace ovn {

namespace {

enum class Proto : uint8_t { TCP, UDP };

/* One Service_Monitor, as the main thread publishes it. */
struct MonitorConfig {
    uint32_t dp_key = 0;        /* The backend port's datapath... */
    uint32_t port_key = 0;      /* ...and the port. */
    eth_addr port_mac;          /* The backend's MAC (the port's). */
    eth_addr src_mac;           /* svc_monitor_mac. */
    uint32_t ip = 0;            /* Backend IPv4, host order. */
    uint32_t src_ip = 0;        /* Probe source, host order. */
    uint16_t port = 0;          /* Backend's port. */
    Proto proto = Proto::TCP;
    long long int interval = 0; /* msec. */
    long long int timeout = 0;  /* msec. */
    int success_count = 0;
    int failure_count = 0;

    bool operator==(const MonitorConfig &o) const
    {
        return dp_key == o.dp_key && port_key == o.port_key
               && !memcmp(&port_mac, &o.port_mac, sizeof port_mac)
               && !memcmp(&src_mac, &o.src_mac, sizeof src_mac)
               && ip == o.ip && src_ip == o.src_ip && port == o.port
               && proto == o.proto && interval == o.interval
               && timeout == o.timeout && success_count == o.success_count
               && failure_count == o.failure_count;
    }
    bool operator!=(const MonitorConfig &o) const { return !(*this == o); }
};

struct SvcMonitorSnapshot {
    std::map<ovs::Uuid, MonitorConfig> monitors;
};

enum class Status : uint8_t { UNKNOWN, ONLINE, OFFLINE };

const char *
status_name(Status s)
{
    return s == Status::ONLINE ? "online" : "offline";
}

/* Statuses decided by the pinctrl thread, for the main thread to write:
 * the monitors that have one.  Guarded by 'mutex'. */
std::mutex mutex;
std::map<ovs::Uuid, Status> statuses;
uint64_t statuses_gen;              /* Bumped when 'statuses' changes. */

/* Main thread only: what was last published, and what the flush last
 * ran on. */
PinctrlPublisher<SvcMonitorSnapshot, std::map<ovs::Uuid, MonitorConfig>>
    publisher;
PinctrlSbGate gate;

/* ---- Main thread. ---- */

std::optional<uint32_t>
parse_ipv4(std::string_view s)
{
    const std::optional<in6_addr> ip = parse_ip(s);
    if (!ip || !IN6_IS_ADDR_V4MAPPED(&*ip)) {
        return std::nullopt;
    }
    const uint8_t *b = &ip->s6_addr[12];
    return uint32_t(b[0]) << 24 | uint32_t(b[1]) << 16 | b[2] << 8 | b[3];
}

int
option_int(const ovs::SmapView &options, const char *key, int def)
{
    const char *s = options.get(key);
    if (!s) {
        return def;
    }
    char *end;
    const long v = strtol(s, &end, 10);
    return *s && !*end && v > 0 && v <= INT_MAX / 1000 ? int(v) : def;
}

/* The monitor of 'row', if its port is bound to 'chassis' and the row
 * makes sense. */
std::optional<MonitorConfig>
monitor_config(const PinctrlSbContext &sbc, sb::ServiceMonitor row,
               sb::Chassis chassis)
{
    const std::string lport(row.logical_port());
    const sb::PortBinding pb = sb::PortBinding::find_by_name(sbc.indexes,
                                                             lport.c_str());
    if (!pb || pb.chassis() != chassis || !pb.datapath()) {
        return std::nullopt;
    }

    MonitorConfig c;
    c.dp_key = uint32_t(pb.datapath().tunnel_key());
    c.port_key = uint32_t(pb.tunnel_key());
    const std::string_view proto = row.protocol().value_or("tcp");
    c.proto = proto == "udp" ? Proto::UDP : Proto::TCP;
    c.port = uint16_t(row.port());

    std::optional<eth_addr> port_mac;
    for (std::string_view macs : pb.mac()) {
        port_mac = parse_mac(macs.substr(0, macs.find(' ')));
        if (port_mac) {
            break;
        }
    }
    const std::optional<eth_addr> src_mac = parse_mac(row.src_mac());
    const std::optional<uint32_t> ip = parse_ipv4(row.ip());
    const std::optional<uint32_t> src_ip = parse_ipv4(row.src_ip());
    if (!port_mac || !src_mac || !ip || !src_ip) {
        static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);
        COVERAGE_INC(pinctrl_svc_monitor_bad_row);
        VLOG_WARN_RL(&rl, "Service_Monitor %s: %s", lport.c_str(),
                     !port_mac ? "port has no MAC"
                     : !src_mac ? "bad src_mac"
                     : !ip ? "ip is not IPv4" : "src_ip is not IPv4");
        return std::nullopt;
    }
    c.port_mac = *port_mac;
    c.src_mac = *src_mac;
    c.ip = *ip;
    c.src_ip = *src_ip;

    const ovs::SmapView options = row.options();
    c.interval = option_int(options, "interval", 5) * 1000LL;
    c.timeout = option_int(options, "timeout", 3) * 1000LL;
    c.success_count = option_int(options, "success_count", 1);
    c.failure_count = option_int(options, "failure_count", 1);
    return c;
}

void
flush(const PinctrlSbContext &sbc)
{
    /* The monitors come from the Service_Monitor rows, their ports and
     * the ports' datapaths; the statuses from the thread. */
    PinctrlSbGate::Inputs in;
    in.seqnos = {sb::ServiceMonitor::table_seqno(sbc.sb),
                 sb::PortBinding::table_seqno(sbc.sb),
                 sb::DatapathBinding::table_seqno(sbc.sb)};
    in.chassis = sbc.chassis_row;
    in.retry_gen = sbc.retry_gen;
    std::map<ovs::Uuid, Status> todo;
    {
        std::lock_guard<std::mutex> lock(mutex);
        in.handed = statuses_gen;
        if (!gate.open(in)) {
            return;
        }
        todo = statuses;
    }
    publisher.update(pinctrl_sb_collect<sb::ServiceMonitor, MonitorConfig>(
                         sbc, monitor_config));
    const std::map<ovs::Uuid, MonitorConfig> &published
        = publisher.published();

    for (const auto &[uuid, status] : todo) {
        if (!published.count(uuid)) {
            continue;
        }
        const sb::ServiceMonitor row
            = sb::ServiceMonitor::get_for_uuid(sbc.sb, uuid);
        const char *name = status_name(status);
        if (row && row.status() != std::string_view(name)) {
            VLOG_DBG("Service_Monitor %s:%" PRId64 " on %s is %s",
                     std::string(row.ip()).c_str(), row.port(),
                     std::string(row.logical_port()).c_str(), name);
            sb_shim_service_monitor_set_status(row.get(), name);
        }
    }
}

/* ---- pinctrl thread. ---- */

enum class State : uint8_t { INIT, WAITING, ONLINE, OFFLINE };

struct Monitor {
    MonitorConfig config;
    State state = State::INIT;
    Status status = Status::UNKNOWN;
    int n_success = 0;
    int n_failures = 0;
    long long int next_send = 0;    /* When to probe next. */
    long long int wait_until = 0;   /* WAITING: when the answer is late. */
    uint32_t seq = 0;               /* TCP: the SYN's sequence number. */
    uint16_t tp_src = 0;            /* The probes' source port. */
};

/* All pinctrl thread only. */
std::shared_ptr<const SvcMonitorSnapshot> snapshot_seen;
std::map<ovs::Uuid, Monitor> monitors;

void
put_be16(PacketBytes &p, size_t ofs, uint16_t v)
{
    p[ofs] = uint8_t(v >> 8);
    p[ofs + 1] = uint8_t(v);
}

void
put_be32(PacketBytes &p, size_t ofs, uint32_t v)
{
    put_be16(p, ofs, uint16_t(v >> 16));
    put_be16(p, ofs + 2, uint16_t(v));
}

uint16_t
be16_at(const uint8_t *p)
{
    return uint16_t(p[0] << 8 | p[1]);
}

uint32_t
be32_at(const uint8_t *p)
{
    return uint32_t(be16_at(p)) << 16 | be16_at(p + 2);
}

constexpr size_t ETH_LEN = 14;
constexpr size_t IP_LEN = 20;
constexpr size_t TCP_LEN = 20;
constexpr size_t UDP_LEN = 8;
constexpr uint8_t PROBE_TTL = 63;
constexpr uint16_t TCP_WINDOW = 65160;
constexpr uint8_t TCP_SYN_ = 0x02, TCP_RST_ = 0x04, TCP_ACK_ = 0x10;

/* A probe of 'm' (or the RST after its SYN+ACK): Ethernet, IPv4, then
 * TCP with 'flags', 'seq' and 'ack', or an empty UDP datagram. */
PacketBytes
build_probe(const Monitor &m, uint8_t flags, uint32_t seq, uint32_t ack)
{
    const MonitorConfig &c = m.config;
    const bool tcp = c.proto == Proto::TCP;
    const size_t l4_len = tcp ? TCP_LEN : UDP_LEN;
    PacketBytes p(ETH_LEN + IP_LEN + l4_len);
    memcpy(&p[0], c.port_mac.ea, 6);
    memcpy(&p[6], c.src_mac.ea, 6);
    put_be16(p, 12, 0x0800);

    const size_t l3 = ETH_LEN;
    p[l3] = 0x45;
    put_be16(p, l3 + 2, uint16_t(IP_LEN + l4_len));
    put_be16(p, l3 + 6, 0x4000);          /* Don't fragment. */
    p[l3 + 8] = PROBE_TTL;
    p[l3 + 9] = tcp ? IPPROTO_TCP : IPPROTO_UDP;
    put_be32(p, l3 + 12, c.src_ip);
    put_be32(p, l3 + 16, c.ip);
    put_be16(p, l3 + 10,
             packet_csum_finish(packet_csum_add(0, &p[l3], IP_LEN)));

    const size_t l4 = l3 + IP_LEN;
    put_be16(p, l4, m.tp_src);
    put_be16(p, l4 + 2, c.port);
    size_t csum_ofs;
    if (tcp) {
        put_be32(p, l4 + 4, seq);
        put_be32(p, l4 + 8, ack);
        p[l4 + 12] = uint8_t(TCP_LEN / 4) << 4;
        p[l4 + 13] = flags;
        put_be16(p, l4 + 14, TCP_WINDOW);
        csum_ofs = l4 + 16;
    } else {
        put_be16(p, l4 + 4, uint16_t(UDP_LEN));
        csum_ofs = l4 + 6;
    }
    uint8_t pseudo[12];
    memcpy(pseudo, &p[l3 + 12], 8);
    pseudo[8] = 0;
    pseudo[9] = p[l3 + 9];
    pseudo[10] = uint8_t(l4_len >> 8);
    pseudo[11] = uint8_t(l4_len);
    uint16_t csum = packet_csum_finish(packet_csum_add(
        packet_csum_add(0, pseudo, sizeof pseudo), &p[l4], l4_len));
    if (!tcp && !csum) {
        csum = 0xffff;
    }
    put_be16(p, csum_ofs, csum);
    return p;
}

/* Sends 'packet' out of 'm''s port, on this chassis. */
void
send(PinctrlContext &ctx, const Monitor &m, const PacketBytes &packet)
{
    ctx.inject_into_table(packet, OFTABLE_LOCAL_OUTPUT,
                          {{MFF_LOG_DATAPATH, m.config.dp_key},
                           {MFF_LOG_OUTPORT, m.config.port_key},
                           {MFF_LOG_FLAGS, 1, MLF_LOCAL_ONLY_BIT, 1}});
}

void
send_probe(PinctrlContext &ctx, Monitor &m, long long int now)
{
    /* A new source port and sequence number for each probe, as 23.03. */
    m.seq = random_uint32();
    m.tp_src = uint16_t(1 + random_range(UINT16_MAX));
    send(ctx, m, build_probe(m, TCP_SYN_, m.seq, 0));
    COVERAGE_INC(pinctrl_svc_monitor_probe);
    m.wait_until = now + m.config.timeout;
    m.next_send = now + m.config.interval;
    m.state = State::WAITING;
}

void
set_status(PinctrlContext &ctx, const ovs::Uuid &uuid, Monitor &m,
           Status status)
{
    m.n_success = m.n_failures = 0;
    if (m.status == status) {
        return;
    }
    m.status = status;
    {
        std::lock_guard<std::mutex> lock(mutex);
        statuses[uuid] = status;
        statuses_gen++;
    }
    ctx.notify_main();
}

/* Takes in the monitors of a new snapshot: a monitor whose row and
 * configuration stay keeps its state. */
void
sync_snapshot(PinctrlContext &ctx)
{
    std::shared_ptr<const SvcMonitorSnapshot> snapshot
        = ctx.snapshot<SvcMonitorSnapshot>();
    if (snapshot == snapshot_seen) {
        return;
    }
    snapshot_seen = snapshot;

    std::map<ovs::Uuid, Monitor> next;
    if (snapshot) {
        for (const auto &[uuid, config] : snapshot->monitors) {
            auto it = monitors.find(uuid);
            if (it != monitors.end() && it->second.config == config) {
                next.emplace(uuid, it->second);
            } else {
                Monitor m;
                m.config = config;
                next.emplace(uuid, m);
            }
        }
    }
    monitors.swap(next);

    std::lock_guard<std::mutex> lock(mutex);
    for (auto it = statuses.begin(); it != statuses.end(); ) {
        it = monitors.count(it->first) ? std::next(it) : statuses.erase(it);
    }
}

long long int
run_monitors(PinctrlContext &ctx, long long int now)
{
    sync_snapshot(ctx);

    long long int wake = LLONG_MAX;
    for (auto &[uuid, m] : monitors) {
        switch (m.state) {
        case State::INIT:
            send_probe(ctx, m, now);
            break;
        case State::WAITING:
            if (now >= m.wait_until) {
                /* No answer: a TCP backend is down, a UDP one is up (it
                 * said nothing against it). */
                if (m.config.proto == Proto::TCP) {
                    m.state = State::OFFLINE;
                    if (++m.n_failures >= m.config.failure_count) {
                        set_status(ctx, uuid, m, Status::OFFLINE);
                    }
                } else {
                    m.state = State::ONLINE;
                    if (++m.n_success >= m.config.success_count) {
                        set_status(ctx, uuid, m, Status::ONLINE);
                    }
                }
            }
            break;
        case State::ONLINE:
        case State::OFFLINE:
            if (now >= m.next_send) {
                send_probe(ctx, m, now);
            }
            break;
        }
        wake = std::min(wake, m.state == State::WAITING ? m.wait_until
                                                         : m.next_send);
    }
    return wake;
}

/* The monitor that a probe from 'src':'tp_src' to 'backend':'port' over
 * 'proto' belongs to, among those of 'pi''s logical port, or null. */
std::map<ovs::Uuid, Monitor>::iterator
find_monitor(const PinctrlPacketIn &pi, Proto proto, uint32_t src,
             uint16_t tp_src, uint32_t backend, uint16_t port)
{
    for (auto it = monitors.begin(); it != monitors.end(); ++it) {
        const Monitor &m = it->second;
        const MonitorConfig &c = m.config;
        if (c.proto == proto && c.dp_key == pi.dp_key()
            && c.port_key == pi.inport_key() && c.src_ip == src
            && m.tp_src == tp_src && c.ip == backend && c.port == port) {
            return it;
        }
    }
    return monitors.end();
}

/* A TCP answer to a probe: SYN+ACK (up, and the connection is reset) or
 * RST (down), acknowledging the SYN. */
void
handle_tcp(PinctrlContext &ctx, const PinctrlPacketIn &pi,
           uint32_t ip_src, uint32_t ip_dst, const uint8_t *tcp)
{
    auto it = find_monitor(pi, Proto::TCP, ip_dst, be16_at(tcp + 2),
                           ip_src, be16_at(tcp));
    const uint32_t seq = be32_at(tcp + 4);
    const uint32_t ack = be32_at(tcp + 8);
    const uint8_t flags = tcp[13];
    if (it == monitors.end()) {
        ctx.drop(pi, PinctrlDrop::BAD_PACKET,
                 "TCP segment for no health check");
        return;
    }
    Monitor &m = it->second;
    if (m.state != State::WAITING || !(flags & TCP_ACK_)
        || ack != m.seq + 1) {
        ctx.drop(pi, PinctrlDrop::BAD_PACKET,
                 "TCP segment acknowledges no probe");
        return;
    }
    if ((flags & (TCP_SYN_ | TCP_RST_)) == TCP_SYN_) {
        /* Closes the half-open connection, numbered as 23.03 numbers
         * it. */
        send(ctx, m, build_probe(m, TCP_RST_ | TCP_ACK_, ack + 1, seq + 1));
        m.state = State::ONLINE;
        if (++m.n_success >= m.config.success_count) {
            set_status(ctx, it->first, m, Status::ONLINE);
        }
    } else if (flags & TCP_RST_) {
        m.state = State::OFFLINE;
        if (++m.n_failures >= m.config.failure_count) {
            set_status(ctx, it->first, m, Status::OFFLINE);
        }
    } else {
        ctx.drop(pi, PinctrlDrop::BAD_PACKET,
                 "TCP segment answers no health check");
    }
}

/* An ICMP answer to a UDP probe: port unreachable, quoting the probe's
 * IPv4 and UDP headers (down). */
void
handle_icmp(PinctrlContext &ctx, const PinctrlPacketIn &pi,
            const uint8_t *icmp, size_t len)
{
    constexpr size_t ICMP_HEADER_LEN = 8;
    if (len < ICMP_HEADER_LEN + IP_LEN + UDP_LEN) {
        ctx.drop(pi, PinctrlDrop::BAD_PACKET, "truncated ICMP error");
        return;
    }
    const uint8_t *inner = icmp + ICMP_HEADER_LEN;
    const uint8_t *udp = inner + IP_LEN;
    auto it = icmp[0] == 3 && icmp[1] == 3 && inner[0] == 0x45
              && inner[9] == IPPROTO_UDP
              ? find_monitor(pi, Proto::UDP, be32_at(inner + 12),
                             be16_at(udp), be32_at(inner + 16),
                             be16_at(udp + 2))
              : monitors.end();
    if (it == monitors.end() || it->second.state != State::WAITING) {
        ctx.drop(pi, PinctrlDrop::BAD_PACKET,
                 "ICMP message answers no health check");
        return;
    }
    Monitor &m = it->second;
    m.state = State::OFFLINE;
    if (++m.n_failures >= m.config.failure_count) {
        set_status(ctx, it->first, m, Status::OFFLINE);
    }
}

/* An answer to a probe, through handle_svc_check(inport). */
void
handle_svc_check(PinctrlContext &ctx, const PinctrlPacketIn &pi)
{
    const PinctrlPacket &pkt = pi.packet;
    if (!pkt.is_ipv4() || pkt.l4_ofs == SIZE_MAX
        || pkt.l4_ofs - pkt.l3_ofs < IP_LEN) {
        ctx.drop(pi, PinctrlDrop::BAD_PACKET, "not IPv4");
        return;
    }
    const uint8_t *ip = pkt.data + pkt.l3_ofs;
    const uint8_t *l4 = pkt.data + pkt.l4_ofs;
    switch (ip[9]) {
    case IPPROTO_TCP:
        if (pkt.l4_size() < TCP_LEN) {
            ctx.drop(pi, PinctrlDrop::BAD_PACKET, "truncated TCP header");
            return;
        }
        handle_tcp(ctx, pi, be32_at(ip + 12), be32_at(ip + 16), l4);
        return;
    case IPPROTO_ICMP:
        handle_icmp(ctx, pi, l4, pkt.l4_size());
        return;
    default:
        ctx.drop(pi, PinctrlDrop::BAD_PACKET, "neither TCP nor ICMP");
        return;
    }
}

}  // namespace

void
pinctrl_register_svc_monitor(PinctrlDispatch &d)
{
    d.add(ACTION_OPCODE_HANDLE_SVC_CHECK, "handle_svc_check",
          handle_svc_check);
    d.add_periodic(run_monitors);
    d.add_sb_flush(flush);
}

}  // namespace ovn
