/* pinctrl's igmp action: IGMP and MLD snooping on the logical switches
 * with mcast_snoop, and the IGMP_Group rows that tell ovn-northd which
 * ports of this chassis want which multicast groups.
 *
 * The handler (pinctrl thread) reads the reports, leaves and queries
 * that the switch's "igmp;" flows send up (IGMPv1/v2/v3 and MLDv1/v2)
 * and keeps, per datapath, each group's ports and the ports behind which
 * a multicast router sent queries ("mrouters").  The periodic work
 * (pinctrl thread) applies the configurations the main thread published
 * (IgmpSnapshot, pinctrl-igmp.h), ages the table, groups after the
 * datapath's idle_timeout, mrouters after MROUTER_IDLE_MSEC, and sends
 * the IGMP general queries of datapaths whose IP_Multicast row makes this
 * chassis a querier, each query_interval seconds after the last.  The
 * flush (main thread, with its Southbound transaction) publishes each
 * datapath's configuration from its IP_Multicast row and makes this
 * chassis's IGMP_Group rows those of the table: one per group with its
 * ports, and one "mrouters" row per snooping datapath, as 23.03 writes
 * them.
 *
 * This file owns the snooping table (datapaths, groups, mrouters) and
 * its mutex; only the pinctrl thread changes which datapaths snoop. */
#include <config.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "lib/ovs-internal.h"
#include "openvswitch/meta-flow.h"
#include "openvswitch/vlog.h"
#include "ovn/controller/pinctrl-handler.h"
#include "ovn/controller/pinctrl-sb.h"
#include "ovn/controller/pinctrl-igmp.h"
#include "ovn/lib/igmp-group-shim.h"
#include "ovn/lib/logical-fields.h"
#include "ovn/lib/lport-addresses.h"
#include "ovn/lib/sb-rows.h"

VLOG_DEFINE_THIS_MODULE(pinctrl_igmp);

COVERAGE_DEFINE(pinctrl_igmp_join);
COVERAGE_DEFINE(pinctrl_igmp_leave);
COVERAGE_DEFINE(pinctrl_igmp_query_sent);

namespace ovn {

namespace {

/* The IGMP_Group address of a datapath's multicast router ports. */
constexpr const char *MROUTERS = "mrouters";

/* How long a port stays a multicast router port after its last query
 * (OVS's snooping keeps them that long too). */
constexpr long long int MROUTER_IDLE_MSEC = 180 * 1000;

/* Tunnel keys of the multicast groups ovn-northd gives each switch: all
 * its ports, its multicast router ports, its ports but router ones. */
constexpr uint32_t MC_FLOOD_KEY = OVN_MIN_MULTICAST;
constexpr uint32_t MC_MROUTER_FLOOD_KEY = OVN_MIN_MULTICAST + 2;
constexpr uint32_t MC_FLOOD_L2_KEY = OVN_MIN_MULTICAST + 4;

/* IGMP message types (RFC 2236, RFC 3376). */
constexpr uint8_t IGMP_QUERY = 0x11;
constexpr uint8_t IGMPV1_REPORT = 0x12;
constexpr uint8_t IGMPV2_REPORT = 0x16;
constexpr uint8_t IGMPV2_LEAVE = 0x17;
constexpr uint8_t IGMPV3_REPORT = 0x22;

/* MLD message types (RFC 2710, RFC 3810). */
constexpr uint8_t MLD_QUERY = 130;
constexpr uint8_t MLDV1_REPORT = 131;
constexpr uint8_t MLDV1_DONE = 132;
constexpr uint8_t MLDV2_REPORT = 143;

/* Group record types of IGMPv3 and MLDv2 reports that, with no source,
 * mean "no longer listening". */
constexpr uint8_t RECORD_MODE_IS_INCLUDE = 1;
constexpr uint8_t RECORD_CHANGE_TO_INCLUDE = 3;

using Config = IgmpSnoopConfig;
using Configs = std::map<uint32_t, Config>;

/* Port key -> when it expires (time_msec()). */
using Ports = std::map<uint32_t, long long int>;

struct Datapath {
    Config cfg;
    std::map<std::string, Ports> groups;    /* By address, as written. */
    Ports mrouters;
    long long int next_query = 0;           /* 0: as soon as possible. */
};

std::mutex mutex;
std::map<uint32_t, Datapath> datapaths;     /* Guarded by 'mutex'. */
uint64_t table_gen;                         /* Guarded by 'mutex'. */

/* Pinctrl thread only: the snapshot that 'datapaths' follows. */
std::shared_ptr<const IgmpSnapshot> applied;

/* Main thread only: the table generation, the tables' seqnos and chassis
 * that the last flush had nothing to write for, and the configurations
 * published last. */
struct Synced {
    uint64_t gen = UINT64_MAX;
    unsigned int ipm_seqno = 0, igmp_seqno = 0, pb_seqno = 0;
    std::string chassis;
    PinctrlPublisher<IgmpSnapshot, Configs> publisher;
} synced;

uint16_t
be16_at(const uint8_t *p)
{
    return uint16_t(p[0] << 8 | p[1]);
}

std::string
ip4_string(const uint8_t *p)
{
    char s[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, p, s, sizeof s);
    return s;
}

std::string
ip6_string(const uint8_t *p)
{
    char s[INET6_ADDRSTRLEN];
    inet_ntop(AF_INET6, p, s, sizeof s);
    return s;
}

/* Adds 'port' to group 'addr' of 'dp' (under 'mutex'), as 23.03's snooping
 * does: not for a multicast router port, and evicting the group that
 * expires first when the table is full. */
void
join(Datapath &dp, const std::string &addr, uint32_t port, long long now)
{
    if (dp.mrouters.count(port)) {
        return;
    }
    auto it = dp.groups.find(addr);
    if (it == dp.groups.end()) {
        if (dp.cfg.table_size <= 0) {
            return;
        }
        if (int64_t(dp.groups.size()) >= dp.cfg.table_size) {
            auto last = [](const Ports &ports) {
                long long int t = 0;
                for (const auto &p : ports) {
                    t = std::max(t, p.second);
                }
                return t;
            };
            auto oldest = std::min_element(
                dp.groups.begin(), dp.groups.end(),
                [&](const auto &a, const auto &b) {
                    return last(a.second) < last(b.second);
                });
            dp.groups.erase(oldest);
        }
        it = dp.groups.emplace(addr, Ports()).first;
    }
    it->second[port] = now + dp.cfg.idle_timeout * 1000;
    COVERAGE_INC(pinctrl_igmp_join);
}

void
leave(Datapath &dp, const std::string &addr, uint32_t port)
{
    auto it = dp.groups.find(addr);
    if (it != dp.groups.end() && it->second.erase(port)) {
        if (it->second.empty()) {
            dp.groups.erase(it);
        }
        COVERAGE_INC(pinctrl_igmp_leave);
    }
}

/* One membership change read from a message. */
struct Change {
    std::string addr;       /* Empty: the port is a multicast router's. */
    bool join;
};

/* Reads the IGMP message 'p' ('n' bytes, checksum verified) into
 * 'changes'; returns what is wrong with it, or null. */
const char *
parse_igmp(const uint8_t *p, size_t n, std::vector<Change> *changes)
{
    if (n < 8) {
        return "IGMP message too short";
    }
    switch (p[0]) {
    case IGMP_QUERY:
        changes->push_back({"", true});
        return nullptr;
    case IGMPV1_REPORT:
    case IGMPV2_REPORT:
    case IGMPV2_LEAVE:
        if (p[4] >> 4 != 0xe) {
            return "IGMP group not a multicast address";
        }
        changes->push_back({ip4_string(p + 4), p[0] != IGMPV2_LEAVE});
        return nullptr;
    case IGMPV3_REPORT: {
        size_t n_records = be16_at(p + 6);
        size_t ofs = 8;
        for (size_t i = 0; i < n_records; i++) {
            if (n - ofs < 8) {
                return "IGMPv3 report truncated";
            }
            const uint8_t *r = p + ofs;
            size_t n_srcs = be16_at(r + 2);
            size_t len = 8 + 4 * n_srcs + 4 * size_t(r[1]);
            if (n - ofs < len) {
                return "IGMPv3 report truncated";
            }
            if (r[4] >> 4 != 0xe) {
                return "IGMP group not a multicast address";
            }
            bool gone = !n_srcs && (r[0] == RECORD_MODE_IS_INCLUDE
                                    || r[0] == RECORD_CHANGE_TO_INCLUDE);
            changes->push_back({ip4_string(r + 4), !gone});
            ofs += len;
        }
        return nullptr;
    }
    default:
        return "unknown IGMP message type";
    }
}

/* Reads the MLD message 'p' ('n' bytes) into 'changes'; returns what is
 * wrong with it, or null. */
const char *
parse_mld(const uint8_t *p, size_t n, std::vector<Change> *changes)
{
    if (n < 8) {
        return "MLD message too short";
    }
    switch (p[0]) {
    case MLD_QUERY:
        changes->push_back({"", true});
        return nullptr;
    case MLDV1_REPORT:
    case MLDV1_DONE:
        if (n < 24) {
            return "MLD message too short";
        }
        if (p[8] != 0xff) {
            return "MLD group not a multicast address";
        }
        changes->push_back({ip6_string(p + 8), p[0] == MLDV1_REPORT});
        return nullptr;
    case MLDV2_REPORT: {
        size_t n_records = be16_at(p + 6);
        size_t ofs = 8;
        for (size_t i = 0; i < n_records; i++) {
            if (n - ofs < 20) {
                return "MLDv2 report truncated";
            }
            const uint8_t *r = p + ofs;
            size_t n_srcs = be16_at(r + 2);
            size_t len = 20 + 16 * n_srcs + 4 * size_t(r[1]);
            if (n - ofs < len) {
                return "MLDv2 report truncated";
            }
            if (r[4] != 0xff) {
                return "MLD group not a multicast address";
            }
            bool gone = !n_srcs && (r[0] == RECORD_MODE_IS_INCLUDE
                                    || r[0] == RECORD_CHANGE_TO_INCLUDE);
            changes->push_back({ip6_string(r + 4), !gone});
            ofs += len;
        }
        return nullptr;
    }
    default:
        return "unknown MLD message type";
    }
}

/* Sends 'packet' to the logical output port 'outport' of datapath
 * 'dp_key', as if it came in on 'inport' (0: none), past the logical
 * pipelines; with 'local_only', to this chassis's ports only. */
void
output(PinctrlContext &ctx, const PacketBytes &packet, uint32_t dp_key,
       uint32_t inport, uint32_t outport, bool local_only)
{
    if (local_only) {
        ctx.inject_into_table(packet, OFTABLE_LOCAL_OUTPUT,
                              {{MFF_LOG_DATAPATH, dp_key},
                               {MFF_LOG_INPORT, inport},
                               {MFF_LOG_OUTPORT, outport},
                               {MFF_LOG_FLAGS, 1, MLF_LOCAL_ONLY_BIT, 1}});
    } else {
        ctx.inject_into_table(packet, OFTABLE_LOCAL_OUTPUT,
                              {{MFF_LOG_DATAPATH, dp_key},
                               {MFF_LOG_INPORT, inport},
                               {MFF_LOG_OUTPORT, outport}});
    }
}

void
handle_igmp(PinctrlContext &ctx, const PinctrlPacketIn &pi)
{
    const PinctrlPacket &pkt = pi.packet;
    std::vector<Change> changes;
    const char *error;
    if (pkt.is_ipv4() && pkt.flow.nw_proto == IPPROTO_IGMP
        && pkt.l4_ofs != SIZE_MAX) {
        const uint8_t *ip = pkt.data + pkt.l3_ofs;
        size_t hdr = pkt.l4_ofs - pkt.l3_ofs;
        size_t tot_len = be16_at(ip + 2);
        if (tot_len < hdr || tot_len - hdr > pkt.l4_size()) {
            ctx.drop(pi, PinctrlDrop::BAD_PACKET, "IGMP packet truncated");
            return;
        }
        const uint8_t *igmp = pkt.data + pkt.l4_ofs;
        size_t n = tot_len - hdr;
        if (packet_csum_finish(packet_csum_add(0, igmp, n))) {
            ctx.drop(pi, PinctrlDrop::BAD_PACKET, "bad IGMP checksum");
            return;
        }
        error = parse_igmp(igmp, n, &changes);
    } else if (pkt.is_ipv6() && pkt.flow.nw_proto == IPPROTO_ICMPV6
               && pkt.l4_ofs != SIZE_MAX) {
        const uint8_t *ip = pkt.data + pkt.l3_ofs;
        size_t end = 40 + size_t(be16_at(ip + 4));
        size_t hdr = pkt.l4_ofs - pkt.l3_ofs;
        if (end < hdr || end - hdr > pkt.l4_size()) {
            ctx.drop(pi, PinctrlDrop::BAD_PACKET, "MLD packet truncated");
            return;
        }
        error = parse_mld(pkt.data + pkt.l4_ofs, end - hdr, &changes);
    } else {
        /* Also an IP packet shorter than its header says: the switch
         * did not parse beyond its IP header. */
        error = "not a whole IGMP or MLD message";
    }
    if (error) {
        ctx.drop(pi, PinctrlDrop::BAD_PACKET, error);
        return;
    }

    const uint32_t port = pi.inport_key();
    const long long int now = time_msec();
    {
        std::lock_guard<std::mutex> lock(mutex);
        auto it = datapaths.find(pi.dp_key());
        if (it == datapaths.end()) {
            /* Snooping is off on this datapath (or its configuration has
             * not reached us yet): nothing to learn, as in 23.03. */
            return;
        }
        Datapath &dp = it->second;
        for (const Change &c : changes) {
            if (c.addr.empty()) {
                dp.mrouters[port] = now + MROUTER_IDLE_MSEC;
            } else if (c.join) {
                join(dp, c.addr, port, now);
            } else {
                leave(dp, c.addr, port);
            }
        }
        table_gen++;
    }
    ctx.notify_main();

    /* The snooping switch passes the message on, as 23.03 does: a query
     * to the switch's ports but router ones, a report or a leave to its
     * multicast routers. */
    const bool query = changes.size() == 1 && changes[0].addr.empty();
    output(ctx, PacketBytes(pkt.data, pkt.data + pkt.size), pi.dp_key(),
           port, query ? MC_FLOOD_L2_KEY : MC_MROUTER_FLOOD_KEY, false);
}

}  // namespace

PacketBytes
igmp_query_packet(const IgmpSnoopConfig &cfg)
{
    const uint8_t resp = uint8_t(std::clamp<int64_t>(cfg.query_max_resp * 10,
                                                     0, 255));
    PacketBytes p = {
        0x01, 0x00, 0x5e, 0x00, 0x00, 0x01,             /* 224.0.0.1. */
    };
    p.insert(p.end(), cfg.eth_src->ea, cfg.eth_src->ea + 6);
    p.insert(p.end(), {0x08, 0x00});
    const size_t ip_ofs = p.size();
    p.insert(p.end(), {0x45, 0x00, 0x00, 20 + 12,      /* Length. */
                       0x00, 0x00, 0x40, 0x00,         /* DF. */
                       0x01, IPPROTO_IGMP, 0x00, 0x00});
    const uint8_t *src = reinterpret_cast<const uint8_t *>(&cfg.ip4_src);
    p.insert(p.end(), src, src + 4);
    p.insert(p.end(), {0xe0, 0x00, 0x00, 0x01});
    uint16_t csum = packet_csum_finish(packet_csum_add(0, &p[ip_ofs], 20));
    p[ip_ofs + 10] = csum >> 8;
    p[ip_ofs + 11] = csum & 0xff;
    const size_t igmp_ofs = p.size();
    /* Type, max response time, checksum, group 0, no S flag nor QRV, the
     * querier's interval code (23.03 gives its max response time there
     * too), no source. */
    p.insert(p.end(), {IGMP_QUERY, resp, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                       0x00, resp, 0x00, 0x00});
    csum = packet_csum_finish(packet_csum_add(0, &p[igmp_ofs], 12));
    p[igmp_ofs + 2] = csum >> 8;
    p[igmp_ofs + 3] = csum & 0xff;
    return p;
}

bool
IgmpSnoopConfig::operator==(const IgmpSnoopConfig &o) const
{
    return querier == o.querier
           && (eth_src ? o.eth_src && !memcmp(eth_src->ea, o.eth_src->ea, 6)
                       : !o.eth_src)
           && ip4_src == o.ip4_src && table_size == o.table_size
           && idle_timeout == o.idle_timeout
           && query_interval == o.query_interval
           && query_max_resp == o.query_max_resp && seq_no == o.seq_no;
}

namespace {

/* Sends 'dp''s IGMPv3 general query (RFC 3376), to the switch's local
 * ports only, as 23.03's querier does. */
void
send_query(PinctrlContext &ctx, uint32_t dp_key, const Config &cfg)
{
    output(ctx, igmp_query_packet(cfg), dp_key, 0, MC_FLOOD_KEY, true);
    COVERAGE_INC(pinctrl_igmp_query_sent);
}

/* Makes 'datapaths' follow 'configs' (under 'mutex'): a datapath no longer
 * there forgets its groups, a new or changed one takes its configuration
 * and, if it is a querier, sends a query at once; a new seq_no empties
 * the datapath's table.  Returns true if anything changed. */
bool
apply_configs(const Configs &configs)
{
    bool changed = false;
    for (auto it = datapaths.begin(); it != datapaths.end(); ) {
        if (!configs.count(it->first)) {
            it = datapaths.erase(it);
            changed = true;
        } else {
            ++it;
        }
    }
    for (const auto &[key, cfg] : configs) {
        auto [it, is_new] = datapaths.try_emplace(key);
        Datapath &dp = it->second;
        if (is_new || dp.cfg != cfg) {
            if (dp.cfg.seq_no != cfg.seq_no) {
                /* The CMS asks for a flush of the groups. */
                dp.groups.clear();
                dp.mrouters.clear();
            }
            dp.cfg = cfg;
            dp.next_query = 0;
            changed = true;
        }
    }
    return changed;
}

/* Ages the table and sends the queries that are due. */
long long int
run(PinctrlContext &ctx, long long int now)
{
    long long int wake = LLONG_MAX;
    std::vector<std::pair<uint32_t, Config>> queries;
    bool changed = false;
    const auto snapshot = ctx.snapshot<IgmpSnapshot>();
    {
        std::lock_guard<std::mutex> lock(mutex);
        if (snapshot != applied) {
            applied = snapshot;
            changed = apply_configs(snapshot ? snapshot->configs : Configs());
        }
        for (auto &[key, dp] : datapaths) {
            for (auto g = dp.groups.begin(); g != dp.groups.end(); ) {
                for (auto p = g->second.begin(); p != g->second.end(); ) {
                    if (p->second <= now) {
                        p = g->second.erase(p);
                        changed = true;
                    } else {
                        wake = std::min(wake, p->second);
                        ++p;
                    }
                }
                g = g->second.empty() ? dp.groups.erase(g) : std::next(g);
            }
            for (auto p = dp.mrouters.begin(); p != dp.mrouters.end(); ) {
                if (p->second <= now) {
                    p = dp.mrouters.erase(p);
                    changed = true;
                } else {
                    wake = std::min(wake, p->second);
                    ++p;
                }
            }
            if (dp.cfg.sends_queries()) {
                if (dp.next_query <= now) {
                    /* The next one query_interval after this one, as
                     * 23.03 times them (not on a fixed grid). */
                    queries.emplace_back(key, dp.cfg);
                    dp.next_query = now
                        + std::max<int64_t>(dp.cfg.query_interval, 1) * 1000;
                }
                wake = std::min(wake, dp.next_query);
            }
        }
        if (changed) {
            table_gen++;
        }
    }
    for (const auto &[key, cfg] : queries) {
        send_query(ctx, key, cfg);
    }
    if (changed) {
        ctx.notify_main();
    }
    return wake;
}

/* The configuration of 'row', or false if snooping is off there. */
bool
config_from_row(const sb::IpMulticast &row, Config *cfg)
{
    if (!row.enabled().value_or(false) || !row.datapath()) {
        return false;
    }
    cfg->querier = row.querier().value_or(true);
    cfg->eth_src = parse_mac(row.eth_src());
    std::string ip4(row.ip4_src());
    if (!ip4.empty() && inet_pton(AF_INET, ip4.c_str(), &cfg->ip4_src) != 1) {
        cfg->ip4_src = 0;
    }
    cfg->table_size = row.table_size().value_or(cfg->table_size);
    cfg->idle_timeout = row.idle_timeout().value_or(cfg->idle_timeout);
    cfg->query_interval = row.query_interval().value_or(cfg->query_interval);
    cfg->query_max_resp = row.query_max_resp().value_or(cfg->query_max_resp);
    cfg->seq_no = row.seq_no();
    if (cfg->querier && (!cfg->ip4_src || !cfg->eth_src)) {
        static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 1);
        VLOG_WARN_RL(&rl, "IGMP Querier enabled without a valid IPv4 or "
                     "IPv6 address");
    }
    return true;
}

void
flush(const PinctrlSbContext &sbc)
{
    const unsigned int ipm_seqno = sb::IpMulticast::table_seqno(sbc.sb);
    const unsigned int igmp_seqno = sb::IgmpGroup::table_seqno(sbc.sb);
    const unsigned int pb_seqno = sb::PortBinding::table_seqno(sbc.sb);
    const std::string chassis_name = sbc.chassis ? sbc.chassis : "";
    {
        std::lock_guard<std::mutex> lock(mutex);
        if (table_gen == synced.gen && ipm_seqno == synced.ipm_seqno
            && igmp_seqno == synced.igmp_seqno
            && pb_seqno == synced.pb_seqno
            && chassis_name == synced.chassis) {
            return;
        }
    }
    const sb::Chassis chassis = pinctrl_sb_chassis(sbc);

    /* The configuration: IP_Multicast rows of our local datapaths (the
     * only ones monitored), published for the pinctrl thread when it
     * changes.  Publishing wakes that thread, which applies it and, once
     * the table follows it, wakes us back to write the rows. */
    std::map<uint32_t, sb::DatapathBinding> dp_rows;
    Configs configs;
    for (const sb::IpMulticast row : sb::IpMulticast::table(sbc.sb)) {
        Config cfg;
        if (config_from_row(row, &cfg)) {
            const uint32_t key = uint32_t(row.datapath().tunnel_key());
            dp_rows.emplace(key, row.datapath());
            configs.emplace(key, cfg);
        }
    }
    synced.publisher.update(std::move(configs));

    /* What the rows should be: (datapath key, address) -> port keys, for
     * the datapaths the table and the Southbound both have. */
    std::map<std::pair<uint32_t, std::string>, std::set<uint32_t>> want;
    uint64_t gen;
    {
        std::lock_guard<std::mutex> lock(mutex);
        for (const auto &[key, dp] : datapaths) {
            if (!dp_rows.count(key)) {
                continue;
            }
            std::set<uint32_t> &mrouters = want[{key, MROUTERS}];
            for (const auto &p : dp.mrouters) {
                mrouters.insert(p.first);
            }
            for (const auto &[addr, ports] : dp.groups) {
                std::set<uint32_t> &keys = want[{key, addr}];
                for (const auto &p : ports) {
                    keys.insert(p.first);
                }
            }
        }
        gen = table_gen;
    }
    if (!chassis) {
        /* Without our Chassis row yet, the rows wait for it. */
        return;
    }

    auto port_rows = [&](const sb::DatapathBinding &dp,
                         const std::set<uint32_t> &keys) {
        std::vector<const sbrec_port_binding *> rows;
        for (uint32_t key : keys) {
            const sb::PortBinding pb
                = sb::PortBinding::find_by_datapath_key(sbc.indexes, dp, key);
            if (pb) {
                rows.push_back(pb.get());
            }
        }
        return rows;
    };

    bool wrote = false;
    for (const sb::IgmpGroup row : sb::IgmpGroup::table(sbc.sb)) {
        if (row.chassis() != chassis) {
            continue;
        }
        const sb::DatapathBinding dp = row.datapath();
        auto it = dp ? want.find({uint32_t(dp.tunnel_key()),
                                  std::string(row.address())})
                     : want.end();
        if (it == want.end()) {
            sb_shim_igmp_group_delete(row.get());
            wrote = true;
            continue;
        }
        std::vector<const sbrec_port_binding *> ports
            = port_rows(dp, it->second);
        std::set<const sbrec_port_binding *> have, need(ports.begin(),
                                                        ports.end());
        for (const sb::PortBinding pb : row.ports()) {
            have.insert(pb.get());
        }
        if (have != need) {
            sb_shim_igmp_group_set_ports(row.get(), ports.data(),
                                         ports.size());
            wrote = true;
        }
        want.erase(it);
    }
    for (const auto &[key_addr, keys] : want) {
        const sb::DatapathBinding dp = dp_rows.at(key_addr.first);
        std::vector<const sbrec_port_binding *> ports = port_rows(dp, keys);
        sb_shim_igmp_group_insert(sbc.txn, key_addr.second.c_str(), dp.get(),
                                  chassis.get(), ports.data(), ports.size());
        VLOG_DBG("IGMP_Group %s on datapath %u: %zu ports",
                 key_addr.second.c_str(), key_addr.first, ports.size());
        wrote = true;
    }
    if (!wrote) {
        /* Nothing left to write: until something changes, the next
         * flushes have nothing to do. */
        synced.gen = gen;
        synced.ipm_seqno = ipm_seqno;
        synced.igmp_seqno = igmp_seqno;
        synced.pb_seqno = pb_seqno;
        synced.chassis = chassis_name;
    } else {
        synced.gen = UINT64_MAX;
    }
}

}  // namespace

void
pinctrl_register_igmp(PinctrlDispatch &d)
{
    d.add(ACTION_OPCODE_IGMP, "igmp", handle_igmp);
    d.add_periodic(run);
    d.add_sb_flush(flush);
}

}  // namespace ovn
