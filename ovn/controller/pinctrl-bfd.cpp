/* pinctrl's BFD for the Southbound BFD table (see pinctrl-bfd.h).
 *
 * ovn-northd 23.03 writes a BFD row (logical_port, dst_ip, src_port,
 * disc, min_tx, min_rx, detect_mult, status) for each NB BFD row; while a
 * static route names it, its status is not "admin_down".  It gives the
 * router the logical flow "ip4.dst == PORT_IP && udp.dst == 3784" with
 * the action handle_bfd_msg() (and the same for the port's IPv6
 * addresses).  The chassis where the row's logical_port is resident runs
 * the session, as 23.03 decides it: an "l3gateway" port bound here, or a
 * port whose chassisredirect port "cr-PORT" is bound here.
 *
 * Threads.  The flush (main thread, with its Southbound transaction)
 * publishes the sessions' configurations as an immutable snapshot and
 * writes the states the pinctrl thread reached to BFD.status, all those
 * that changed in one transaction.  The pinctrl thread alone owns the
 * sessions: a periodic function sends the control packets and watches
 * the detection times, the handler of handle_bfd_msg() takes the peer's
 * packets; the states it hands over are under this file's mutex. */
#include <config.h>

#include "ovn/controller/pinctrl-bfd.h"

#include <netinet/in.h>

#include <algorithm>
#include <cinttypes>
#include <climits>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "lib/ovs-internal.h"
#include "lib/uuid-value.h"
#include "openvswitch/meta-flow.h"
#include "openvswitch/vlog.h"
#include "ovn/controller/pinctrl-handler.h"
#include "ovn/controller/pinctrl-sb.h"
#include "ovn/lib/bfd-status-shim.h"
#include "ovn/lib/logical-fields.h"
#include "ovn/lib/lport-addresses.h"
#include "ovn/lib/sb-rows.h"

/* OVS's lib/random.h lacks extern "C". */
extern "C" {
#include "random.h"
}

VLOG_DEFINE_THIS_MODULE(pinctrl_bfd);

COVERAGE_DEFINE(pinctrl_bfd_tx);
COVERAGE_DEFINE(pinctrl_bfd_rx);
COVERAGE_DEFINE(pinctrl_bfd_bad_packet);
COVERAGE_DEFINE(pinctrl_bfd_bad_row);

namespace ovn {

const char *
bfd_state_name(BfdState s)
{
    switch (s) {
    case BfdState::ADMIN_DOWN: return "admin_down";
    case BfdState::DOWN: return "down";
    case BfdState::INIT: return "init";
    case BfdState::UP: return "up";
    }
    return "down";
}

namespace {

constexpr uint8_t BFD_VERSION = 1;
constexpr uint8_t FLAG_POLL = 0x20;
constexpr uint8_t FLAG_FINAL = 0x10;
constexpr uint8_t FLAG_CPI = 0x08;
constexpr uint8_t FLAG_AUTH = 0x04;
constexpr uint8_t FLAG_DEMAND = 0x02;
constexpr uint8_t FLAG_MULTIPOINT = 0x01;

uint32_t
be32_at(const uint8_t *p)
{
    return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16
           | uint32_t(p[2]) << 8 | p[3];
}

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

}  // namespace

const char *
bfd_parse_control(const uint8_t *data, size_t len, BfdControl *msg)
{
    if (len < BFD_CONTROL_LEN) {
        return "packet is too short";
    }
    msg->version = data[0] >> 5;
    msg->diag = data[0] & 0x1f;
    msg->state = BfdState(data[1] >> 6);
    const uint8_t flags = data[1] & 0x3f;
    msg->poll = flags & FLAG_POLL;
    msg->final = flags & FLAG_FINAL;
    msg->auth = flags & FLAG_AUTH;
    msg->multipoint = flags & FLAG_MULTIPOINT;
    msg->mult = data[2];
    const uint8_t length = data[3];
    msg->my_disc = be32_at(data + 4);
    msg->your_disc = be32_at(data + 8);
    msg->desired_min_tx = be32_at(data + 12);
    msg->required_min_rx = be32_at(data + 16);
    msg->required_min_echo_rx = be32_at(data + 20);

    /* RFC 5880 section 6.8.6, in its order. */
    if (msg->version != BFD_VERSION) {
        return "unsupported version";
    }
    if (length < BFD_CONTROL_LEN || length > len) {
        return "bad length";
    }
    if (msg->auth) {
        return "AUTH not supported";
    }
    if (!msg->mult) {
        return "multiplier not set";
    }
    if (msg->multipoint) {
        return "MULTIPOINT not supported";
    }
    if (!msg->my_disc) {
        return "my_disc not set";
    }
    if (!msg->your_disc && msg->state != BfdState::DOWN
        && msg->state != BfdState::ADMIN_DOWN) {
        return "your_disc not set, remote state neither down nor "
               "admin_down";
    }
    if (msg->poll && msg->final) {
        return "wrong flags combination (poll and final)";
    }
    return nullptr;
}

bool
BfdConfig::same_session(const BfdConfig &o) const
{
    return dp_key == o.dp_key && port_key == o.port_key
           && !memcmp(&src_mac, &o.src_mac, sizeof src_mac)
           && !memcmp(&src_ip, &o.src_ip, sizeof src_ip)
           && !memcmp(&dst_ip, &o.dst_ip, sizeof dst_ip)
           && src_port == o.src_port && disc == o.disc;
}

bool
BfdConfig::operator==(const BfdConfig &o) const
{
    return same_session(o) && min_tx == o.min_tx && min_rx == o.min_rx
           && mult == o.mult && admin_down == o.admin_down;
}

PacketBytes
bfd_build_packet(const BfdConfig &c, BfdState state, uint8_t diag,
                 uint32_t remote_disc, bool final)
{
    constexpr size_t ETH_LEN = 14, IP4_LEN = 20, IP6_LEN = 40, UDP_LEN = 8;
    constexpr uint16_t UDP_PAYLOAD = UDP_LEN + BFD_CONTROL_LEN;
    const bool ipv4 = IN6_IS_ADDR_V4MAPPED(&c.src_ip);
    const size_t l3_len = ipv4 ? IP4_LEN : IP6_LEN;
    PacketBytes p(ETH_LEN + l3_len + UDP_PAYLOAD);

    memset(&p[0], 0xff, 6);
    memcpy(&p[6], c.src_mac.ea, 6);
    put_be16(p, 12, ipv4 ? 0x0800 : 0x86dd);

    const size_t l3 = ETH_LEN;
    if (ipv4) {
        p[l3] = 0x45;
        put_be16(p, l3 + 2, uint16_t(IP4_LEN + UDP_PAYLOAD));
        put_be16(p, l3 + 6, 0x4000);          /* Don't fragment. */
        p[l3 + 8] = 255;
        p[l3 + 9] = IPPROTO_UDP;
        memcpy(&p[l3 + 12], &c.src_ip.s6_addr[12], 4);
        memcpy(&p[l3 + 16], &c.dst_ip.s6_addr[12], 4);
        put_be16(p, l3 + 10,
                 packet_csum_finish(packet_csum_add(0, &p[l3], IP4_LEN)));
    } else {
        p[l3] = 0x60;
        put_be16(p, l3 + 4, UDP_PAYLOAD);
        p[l3 + 6] = IPPROTO_UDP;
        p[l3 + 7] = 255;
        memcpy(&p[l3 + 8], c.src_ip.s6_addr, 16);
        memcpy(&p[l3 + 24], c.dst_ip.s6_addr, 16);
    }

    const size_t l4 = l3 + l3_len;
    put_be16(p, l4, c.src_port);
    put_be16(p, l4 + 2, BFD_DEST_PORT);
    put_be16(p, l4 + 4, UDP_PAYLOAD);

    const size_t b = l4 + UDP_LEN;
    p[b] = uint8_t(BFD_VERSION << 5 | (diag & 0x1f));
    p[b + 1] = uint8_t(uint8_t(state) << 6 | (final ? FLAG_FINAL : 0));
    p[b + 2] = c.mult;
    p[b + 3] = uint8_t(BFD_CONTROL_LEN);
    put_be32(p, b + 4, c.disc);
    put_be32(p, b + 8, remote_disc);
    put_be32(p, b + 12, c.min_tx * 1000);
    put_be32(p, b + 16, c.min_rx * 1000);

    if (!ipv4) {
        /* UDP over IPv6 must have a checksum (RFC 8200 section 8.1). */
        uint8_t pseudo[40];
        memcpy(pseudo, &p[l3 + 8], 32);
        memset(pseudo + 32, 0, 8);
        pseudo[34] = uint8_t(UDP_PAYLOAD >> 8);
        pseudo[35] = uint8_t(UDP_PAYLOAD);
        pseudo[39] = IPPROTO_UDP;
        uint16_t csum = packet_csum_finish(packet_csum_add(
            packet_csum_add(0, pseudo, sizeof pseudo), &p[l4],
            UDP_PAYLOAD));
        put_be16(p, l4 + 6, csum ? csum : 0xffff);
    }
    return p;
}

BfdSession::BfdSession(const BfdConfig &config, long long int now)
    : config_(config),
      state_(config.admin_down ? BfdState::ADMIN_DOWN : BfdState::DOWN),
      next_tx_(now)
{
}

void
BfdSession::set_state(BfdState state)
{
    state_ = state;
    if (state == BfdState::DOWN || state == BfdState::ADMIN_DOWN) {
        detect_at_ = 0;
    }
}

void
BfdSession::reconfigure(const BfdConfig &config, long long int now)
{
    const bool was_admin_down = config_.admin_down;
    const uint32_t old_tx = config_.min_tx;
    config_ = config;
    if (config.admin_down && !was_admin_down) {
        set_state(BfdState::ADMIN_DOWN);
        remote_disc_ = 0;
    } else if (!config.admin_down && was_admin_down) {
        set_state(BfdState::DOWN);
        next_tx_ = now;
    } else if (config.min_tx < old_tx) {
        /* A faster rate applies at once, a slower one after the packet
         * already scheduled. */
        next_tx_ = std::min(next_tx_, now + config.min_tx);
    }
}

bool
BfdSession::receive(const BfdControl &msg, long long int now)
{
    if (state_ == BfdState::ADMIN_DOWN) {
        return false;
    }
    remote_disc_ = msg.my_disc;
    remote_min_rx_ = std::max<uint32_t>(msg.required_min_rx / 1000, 1);
    const uint32_t remote_min_tx = msg.desired_min_tx / 1000;
    detect_at_ = now + (long long int) msg.mult
                       * std::max(config_.min_rx, remote_min_tx);

    /* RFC 5880 section 6.8.6's state transitions. */
    const BfdState old = state_;
    if (msg.state == BfdState::ADMIN_DOWN) {
        if (state_ != BfdState::DOWN) {
            set_state(BfdState::DOWN);
        }
    } else if (state_ == BfdState::DOWN) {
        if (msg.state == BfdState::DOWN) {
            set_state(BfdState::INIT);
        } else if (msg.state == BfdState::INIT) {
            set_state(BfdState::UP);
        }
    } else if (state_ == BfdState::INIT) {
        if (msg.state == BfdState::INIT || msg.state == BfdState::UP) {
            set_state(BfdState::UP);
        }
    } else if (msg.state == BfdState::DOWN) {
        set_state(BfdState::DOWN);
    }
    if (state_ == BfdState::DOWN) {
        detect_at_ = 0;
    }
    if (state_ != old) {
        /* Tell the peer at once. */
        next_tx_ = now;
    }
    if (msg.poll) {
        final_due_ = true;
    }
    return true;
}

void
BfdSession::check_detection(long long int now)
{
    if (detect_at_ && now >= detect_at_) {
        set_state(BfdState::DOWN);
        remote_disc_ = 0;
        remote_min_rx_ = 1;
    }
}

bool
BfdSession::tx_due(long long int now) const
{
    return state_ != BfdState::ADMIN_DOWN && (final_due_ || now >= next_tx_);
}

PacketBytes
BfdSession::build(bool final) const
{
    /* No diagnostic, as 23.03. */
    return bfd_build_packet(config_, state_, 0, remote_disc_, final);
}

void
BfdSession::sent(long long int now, double jitter)
{
    const long long int interval = std::max(config_.min_tx, remote_min_rx_);
    /* 0 to 25% less; with a detect multiplier of 1, 10 to 25% less
     * (RFC 5880 section 6.8.7). */
    const double cut = config_.mult == 1 ? 0.1 + jitter * 0.15
                                         : jitter * 0.25;
    next_tx_ = now + std::max<long long int>(
        1, (long long int) (interval * (1.0 - cut)));
}

long long int
BfdSession::next_wake() const
{
    if (state_ == BfdState::ADMIN_DOWN) {
        return LLONG_MAX;
    }
    return detect_at_ ? std::min(detect_at_, next_tx_) : next_tx_;
}

namespace {

struct BfdSnapshot {
    std::map<ovs::Uuid, BfdConfig> sessions;
};

/* The states the pinctrl thread reached, for the main thread to write.
 * Guarded by 'mutex'. */
std::mutex mutex;
std::map<ovs::Uuid, BfdState> states;
uint64_t states_gen;                /* Bumped when 'states' changes. */

/* Main thread only. */
PinctrlPublisher<BfdSnapshot, std::map<ovs::Uuid, BfdConfig>> publisher;
std::set<ovs::Uuid> bad_rows;       /* Rows already warned about. */
PinctrlSbGate gate;

/* ---- Main thread. ---- */

/* Whether 'pb' (a router port) is resident on 'chassis' as 23.03 decides
 * it for BFD. */
bool
is_resident(const PinctrlSbContext &sbc, sb::PortBinding pb,
            sb::Chassis chassis)
{
    if (pb.type() == "l3gateway" && pb.chassis() == chassis) {
        return true;
    }
    const std::string cr = "cr-" + std::string(pb.logical_port());
    const sb::PortBinding crpb = sb::PortBinding::find_by_name(sbc.indexes,
                                                               cr.c_str());
    return crpb && crpb.chassis() == chassis;
}

void
bad_row(sb::Bfd row, const char *why)
{
    if (bad_rows.insert(row.uuid()).second) {
        static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);
        COVERAGE_INC(pinctrl_bfd_bad_row);
        VLOG_WARN_RL(&rl, "BFD %s to %s: %s",
                     std::string(row.logical_port()).c_str(),
                     std::string(row.dst_ip()).c_str(), why);
    }
}

int64_t
clamp(int64_t v, int64_t lo, int64_t hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* The session of 'row', if its port is resident on 'chassis' and the row
 * makes sense. */
std::optional<BfdConfig>
session_config(const PinctrlSbContext &sbc, sb::Bfd row, sb::Chassis chassis)
{
    const std::string lport(row.logical_port());
    const sb::PortBinding pb = sb::PortBinding::find_by_name(sbc.indexes,
                                                             lport.c_str());
    if (!pb || !pb.datapath() || !is_resident(sbc, pb, chassis)) {
        return std::nullopt;
    }

    const std::optional<in6_addr> dst = parse_ip(row.dst_ip());
    if (!dst) {
        bad_row(row, "dst_ip is not an IP address");
        return std::nullopt;
    }
    const bool ipv4 = is_ipv4_mapped(*dst);
    std::optional<LportAddresses> addrs;
    for (std::string_view mac : pb.mac()) {
        addrs = parse_lport_addresses(mac);
        if (addrs) {
            break;
        }
    }
    if (!addrs || (ipv4 ? addrs->ipv4.empty() : addrs->ipv6.empty())) {
        bad_row(row, ipv4 ? "port has no IPv4 address"
                          : "port has no IPv6 address");
        return std::nullopt;
    }
    if (!row.disc()) {
        bad_row(row, "disc is zero");
        return std::nullopt;
    }
    bad_rows.erase(row.uuid());

    BfdConfig c;
    c.dp_key = uint32_t(pb.datapath().tunnel_key());
    c.port_key = uint32_t(pb.tunnel_key());
    c.src_mac = addrs->mac;
    if (ipv4) {
        memset(&c.src_ip, 0, sizeof c.src_ip);
        c.src_ip.s6_addr[10] = c.src_ip.s6_addr[11] = 0xff;
        memcpy(&c.src_ip.s6_addr[12], &addrs->ipv4[0].addr, 4);
    } else {
        c.src_ip = addrs->ipv6[0].addr;
    }
    c.dst_ip = *dst;
    c.src_port = uint16_t(clamp(row.src_port(), 49152, 65535));
    c.disc = uint32_t(row.disc());
    /* The Southbound says nothing of zero or huge values; 23.03's
     * defaults (1000 ms, 5) stand in for them. */
    c.min_tx = uint32_t(row.min_tx() > 0 && row.min_tx() <= 3600000
                        ? row.min_tx() : 1000);
    c.min_rx = uint32_t(row.min_rx() > 0 && row.min_rx() <= 3600000
                        ? row.min_rx() : 1000);
    c.mult = uint8_t(row.detect_mult() > 0 && row.detect_mult() <= 255
                     ? row.detect_mult() : 5);
    c.admin_down = row.status() == "admin_down";
    return c;
}

void
flush(const PinctrlSbContext &sbc)
{
    /* The sessions come from the BFD rows, their ports (and the ports'
     * chassisredirect ports) and datapaths; the states from the thread. */
    PinctrlSbGate::Inputs in;
    in.seqnos = {sb::Bfd::table_seqno(sbc.sb),
                 sb::PortBinding::table_seqno(sbc.sb),
                 sb::DatapathBinding::table_seqno(sbc.sb)};
    in.chassis = sbc.chassis_row;
    in.retry_gen = sbc.retry_gen;
    std::map<ovs::Uuid, BfdState> todo;
    {
        std::lock_guard<std::mutex> lock(mutex);
        in.handed = states_gen;
        if (!gate.open(in)) {
            return;
        }
        todo = states;
    }
    publisher.update(
        pinctrl_sb_collect<sb::Bfd, BfdConfig>(sbc, session_config));
    const std::map<ovs::Uuid, BfdConfig> &published = publisher.published();

    for (const auto &[uuid, state] : todo) {
        auto it = published.find(uuid);
        if (it == published.end() || it->second.admin_down
            || state == BfdState::ADMIN_DOWN) {
            /* "admin_down" is ovn-northd's to write and to lift. */
            continue;
        }
        const sb::Bfd row = sb::Bfd::get_for_uuid(sbc.sb, uuid);
        const char *name = bfd_state_name(state);
        if (row && row.status() != "admin_down"
            && row.status() != std::string_view(name)) {
            VLOG_INFO("BFD session %s to %s is %s",
                      std::string(row.logical_port()).c_str(),
                      std::string(row.dst_ip()).c_str(), name);
            sb_shim_bfd_set_status(row.get(), name);
        }
    }
}

/* ---- pinctrl thread. ---- */

std::shared_ptr<const BfdSnapshot> snapshot_seen;
std::map<ovs::Uuid, BfdSession> sessions;

void
report(PinctrlContext &ctx, const ovs::Uuid &uuid, const BfdSession &s)
{
    bool changed;
    {
        std::lock_guard<std::mutex> lock(mutex);
        auto [it, inserted] = states.emplace(uuid, s.state());
        changed = inserted || it->second != s.state();
        it->second = s.state();
        states_gen += changed;
    }
    if (changed) {
        ctx.notify_main();
    }
}

void
sync_snapshot(PinctrlContext &ctx, long long int now)
{
    std::shared_ptr<const BfdSnapshot> snapshot
        = ctx.snapshot<BfdSnapshot>();
    if (snapshot == snapshot_seen) {
        return;
    }
    snapshot_seen = snapshot;

    std::map<ovs::Uuid, BfdSession> next;
    if (snapshot) {
        for (const auto &[uuid, config] : snapshot->sessions) {
            auto it = sessions.find(uuid);
            if (it != sessions.end()
                && it->second.config().same_session(config)) {
                it->second.reconfigure(config, now);
                next.emplace(uuid, it->second);
            } else {
                next.emplace(uuid, BfdSession(config, now));
            }
        }
    }
    sessions.swap(next);

    {
        std::lock_guard<std::mutex> lock(mutex);
        for (auto it = states.begin(); it != states.end(); ) {
            it = sessions.count(it->first) ? std::next(it)
                                           : states.erase(it);
        }
    }
    for (const auto &[uuid, s] : sessions) {
        report(ctx, uuid, s);
    }
}

/* Sends 's''s control packet into its router's ingress pipeline, as if
 * it came in on its port (only this chassis: MLF_LOCAL_ONLY). */
void
transmit(PinctrlContext &ctx, BfdSession &s, bool final)
{
    const BfdConfig &c = s.config();
    ctx.inject_into_table(s.build(final), OFTABLE_LOG_INGRESS_PIPELINE,
                          {{MFF_LOG_DATAPATH, c.dp_key},
                           {MFF_LOG_INPORT, c.port_key},
                           {MFF_LOG_FLAGS, 1, MLF_LOCAL_ONLY_BIT, 1}});
    COVERAGE_INC(pinctrl_bfd_tx);
}

long long int
run_sessions(PinctrlContext &ctx, long long int now)
{
    sync_snapshot(ctx, now);

    long long int wake = LLONG_MAX;
    for (auto &[uuid, s] : sessions) {
        const BfdState old = s.state();
        s.check_detection(now);
        if (s.state() != old) {
            VLOG_INFO("BFD session to port %" PRIu32 ": detection time "
                      "expired, down", s.config().port_key);
            report(ctx, uuid, s);
        }
        if (s.tx_due(now)) {
            const bool final = s.final_due();
            s.clear_final();
            transmit(ctx, s, final);
            s.sent(now, random_range(1000) / 1000.0);
        }
        wake = std::min(wake, s.next_wake());
    }
    return wake;
}

void
drop(PinctrlContext &ctx, const PinctrlPacketIn &pi, const char *why)
{
    COVERAGE_INC(pinctrl_bfd_bad_packet);
    ctx.drop(pi, PinctrlDrop::BAD_PACKET, std::string("BFD: ") + why);
}

/* A control packet from a peer, through handle_bfd_msg(). */
void
handle_bfd_msg(PinctrlContext &ctx, const PinctrlPacketIn &pi)
{
    const PinctrlPacket &pkt = pi.packet;
    constexpr size_t UDP_LEN = 8;
    in6_addr src, dst;
    if (pkt.is_ipv4()) {
        memset(&src, 0, sizeof src);
        src.s6_addr[10] = src.s6_addr[11] = 0xff;
        dst = src;
        memcpy(&src.s6_addr[12], &pkt.flow.nw_src, 4);
        memcpy(&dst.s6_addr[12], &pkt.flow.nw_dst, 4);
    } else if (pkt.is_ipv6()) {
        src = pkt.flow.ipv6_src;
        dst = pkt.flow.ipv6_dst;
    } else {
        drop(ctx, pi, "not IP");
        return;
    }
    if (pkt.flow.nw_proto != IPPROTO_UDP || pkt.l4_ofs == SIZE_MAX
        || pkt.l4_size() < UDP_LEN) {
        drop(ctx, pi, "not UDP");
        return;
    }
    if (ntohs(pkt.flow.tp_dst) != BFD_DEST_PORT) {
        drop(ctx, pi, "wrong UDP destination port");
        return;
    }

    BfdControl msg;
    const char *error = bfd_parse_control(pkt.data + pkt.l4_ofs + UDP_LEN,
                                          pkt.l4_size() - UDP_LEN, &msg);
    if (error) {
        drop(ctx, pi, error);
        return;
    }

    const long long int now = time_msec();
    sync_snapshot(ctx, now);
    for (auto &[uuid, s] : sessions) {
        const BfdConfig &c = s.config();
        if (c.dp_key != pi.dp_key() || memcmp(&c.dst_ip, &src, sizeof src)
            || memcmp(&c.src_ip, &dst, sizeof dst)
            || (msg.your_disc && msg.your_disc != c.disc)) {
            continue;
        }
        if (!s.receive(msg, now)) {
            drop(ctx, pi, "session is administratively down");
            return;
        }
        COVERAGE_INC(pinctrl_bfd_rx);
        VLOG_DBG("rx BFD packet from port %" PRIu32 ", remote state %s, "
                 "local state %s", c.port_key, bfd_state_name(msg.state),
                 bfd_state_name(s.state()));
        report(ctx, uuid, s);
        if (s.tx_due(now)) {
            /* A Final, or our new state, goes out now. */
            const bool final = s.final_due();
            s.clear_final();
            transmit(ctx, s, final);
            s.sent(now, random_range(1000) / 1000.0);
        }
        return;
    }
    drop(ctx, pi, "no BFD session for it");
}

}  // namespace

void
pinctrl_register_bfd(PinctrlDispatch &d)
{
    d.add(ACTION_OPCODE_BFD_MSG, "handle_bfd_msg", handle_bfd_msg);
    d.add_periodic(run_sessions);
    d.add_sb_flush(flush);
}

}  // namespace ovn
