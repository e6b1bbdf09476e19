#include <config.h>

#include "ovn/controller/pinctrl-buffered.h"

#include <arpa/inet.h>

#include <array>
#include <cstdio>
#include <cstring>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "lib/ovs-internal.h"
#include "openvswitch/ofp-actions.h"
#include "openvswitch/ofpbuf.h"
#include "ovn/lib/sb-rows.h"

COVERAGE_DEFINE(pinctrl_buffered_sb_release);

namespace ovn {

namespace {

/* 23.03's limits: a few packets per next hop, not for long, and not for
 * too many next hops. */
constexpr size_t BUFFER_DEPTH = 4;
constexpr size_t BUFFER_MAX_HOPS = 1000;
constexpr long long int BUFFER_TIMEOUT_MS = 10000;

struct Buffered {
    PacketBytes packet;
    match md;
    long long int expires;
};

using HopKey = std::tuple<uint32_t, std::array<uint8_t, 16>>;

std::mutex mutex;
std::map<HopKey, std::deque<Buffered>> buffers;     /* Guarded by mutex. */
/* Changes each time a next hop starts waiting.  Guarded by mutex. */
uint64_t buffers_gen;

/* Next hops that the Southbound's MAC_Binding rows resolve, found by the
 * main thread and published for the pinctrl thread as a snapshot. */
struct SbResolved {
    uint32_t dp_key;
    in6_addr ip;
    eth_addr mac;
};
using SbResolvedHops = std::vector<SbResolved>;

HopKey
hop_key(uint32_t dp_key, const in6_addr &ip)
{
    std::array<uint8_t, 16> a;
    memcpy(a.data(), &ip, 16);
    return HopKey(dp_key, a);
}

void
expire(long long int now)
{
    for (auto it = buffers.begin(); it != buffers.end();) {
        auto &q = it->second;
        while (!q.empty() && q.front().expires <= now) {
            q.pop_front();
        }
        it = q.empty() ? buffers.erase(it) : std::next(it);
    }
}

}  // namespace

in6_addr
pinctrl_next_hop(const PinctrlPacketIn &pi, bool ipv4)
{
    in6_addr ip{};
    const flow &md = pi.md->flow;
    if (ipv4) {
        ip.s6_addr[10] = ip.s6_addr[11] = 0xff;
        ovs_be32 ip4 = htonl(md.regs[0]);
        memcpy(&ip.s6_addr[12], &ip4, 4);
    } else {
        /* xxreg0 is reg0...reg3, most significant first. */
        for (int i = 0; i < 4; i++) {
            ovs_be32 w = htonl(md.regs[i]);
            memcpy(&ip.s6_addr[4 * i], &w, 4);
        }
    }
    return ip;
}

void
pinctrl_buffer_packet(PinctrlContext &ctx, const PinctrlPacketIn &pi,
                      const in6_addr &next_hop)
{
    const long long int now = time_msec();
    std::lock_guard<std::mutex> lock(mutex);
    expire(now);
    HopKey key = hop_key(pi.dp_key(), next_hop);
    auto it = buffers.find(key);
    if (it == buffers.end()) {
        if (buffers.size() >= BUFFER_MAX_HOPS) {
            return;
        }
        it = buffers.emplace(key, std::deque<Buffered>()).first;
        buffers_gen++;
        /* The MAC_Binding may be in the Southbound already, written by
         * another chassis: the main thread looks (sb_scan()). */
        ctx.notify_main();
    }
    auto &q = it->second;
    if (q.size() >= BUFFER_DEPTH) {
        q.pop_front();
    }
    q.push_back(Buffered{PacketBytes(pi.packet.data,
                                     pi.packet.data + pi.packet.size),
                         *pi.md, now + BUFFER_TIMEOUT_MS});
}

bool
pinctrl_release_buffered(PinctrlContext &ctx, uint32_t dp_key,
                         const in6_addr &next_hop, const eth_addr &mac)
{
    std::deque<Buffered> q;
    {
        std::lock_guard<std::mutex> lock(mutex);
        expire(time_msec());
        auto it = buffers.find(hop_key(dp_key, next_hop));
        if (it == buffers.end()) {
            return false;
        }
        q.swap(it->second);
        buffers.erase(it);
    }

    /* They go on from the output stage, where the pipeline left them to
     * ask for the MAC: resubmit(,OFTABLE_REMOTE_OUTPUT), as OpenFlow 1.5
     * actions for send_packet_out(). */
    uint64_t stub[64 / 8];
    ofpbuf ofpacts;
    ofpbuf_use_stub(&ofpacts, stub, sizeof stub);
    ofpact_resubmit *resubmit = ofpact_put_RESUBMIT(&ofpacts);
    resubmit->in_port = OFPP_CONTROLLER;
    resubmit->table_id = OFTABLE_REMOTE_OUTPUT;
    uint64_t ostub[64 / 8];
    ofpbuf actions;
    ofpbuf_use_stub(&actions, ostub, sizeof ostub);
    ofpacts_put_openflow_actions(static_cast<const ofpact *>(ofpacts.data),
                                 ofpacts.size, &actions, OFP15_VERSION);

    for (Buffered &b : q) {
        if (b.packet.size() >= 6) {
            memcpy(b.packet.data(), mac.ea, 6);
        }
        ctx.send_packet_out(b.packet, b.md,
                            static_cast<const uint8_t *>(actions.data),
                            actions.size);
    }
    ofpbuf_uninit(&actions);
    ofpbuf_uninit(&ofpacts);
    return true;
}

namespace {

/* Parses MAC_Binding's 'ip' into the form of the buffers' keys. */
bool
parse_ip(const std::string &s, in6_addr *ip)
{
    in_addr ip4;
    if (inet_pton(AF_INET, s.c_str(), &ip4) == 1) {
        *ip = in6_addr{};
        ip->s6_addr[10] = ip->s6_addr[11] = 0xff;
        memcpy(&ip->s6_addr[12], &ip4, 4);
        return true;
    }
    return inet_pton(AF_INET6, s.c_str(), ip) == 1;
}

bool
parse_mac(const std::string &s, eth_addr *mac)
{
    int n = 0;
    uint8_t *ea = mac->ea;
    return sscanf(s.c_str(), "%2hhx:%2hhx:%2hhx:%2hhx:%2hhx:%2hhx%n",
                  &ea[0], &ea[1], &ea[2], &ea[3], &ea[4], &ea[5], &n) == 6
           && n == static_cast<int>(s.size());
}

/* Main thread: the buffered next hops that a MAC_Binding row of their
 * datapath resolves (the row of any router port there, whoever wrote
 * it: another chassis' ovn-controller, the CMS), as 23.03 looks them up.
 * Looks only when something waits and the MAC_Binding table or the set
 * of waiting next hops changed since the last look. */
class SbScan {
public:
    void
    operator()(const PinctrlSbContext &sbc)
    {
        std::set<HopKey> hops;
        uint64_t gen;
        {
            std::lock_guard<std::mutex> lock(mutex);
            if (buffers.empty()) {
                return;
            }
            for (const auto &[key, q] : buffers) {
                hops.insert(key);
            }
            gen = buffers_gen;
        }
        const unsigned int seqno = sb::MacBinding::table_seqno(sbc.sb);
        if (gen == gen_ && seqno == seqno_) {
            return;
        }
        gen_ = gen;
        seqno_ = seqno;

        SbResolvedHops found;
        uint32_t last_dp = 0;
        for (const auto &[dp_key, ip] : hops) {
            if (dp_key == last_dp) {
                continue;
            }
            last_dp = dp_key;
            const sb::DatapathBinding dp
                = sb::DatapathBinding::find_by_tunnel_key(sbc.indexes,
                                                          dp_key);
            if (!dp) {
                continue;
            }
            for (sb::MacBinding mb
                     : sb::MacBinding::all_by_datapath(sbc.indexes, dp)) {
                SbResolved r{dp_key, {}, {}};
                if (parse_ip(std::string(mb.ip()), &r.ip)
                    && parse_mac(std::string(mb.mac()), &r.mac)
                    && hops.count(hop_key(dp_key, r.ip))) {
                    found.push_back(r);
                }
            }
        }
        if (!found.empty()) {
            pinctrl_publish(std::make_shared<const SbResolvedHops>(
                                std::move(found)));
        }
    }

private:
    uint64_t gen_ = 0;
    unsigned int seqno_ = 0;
};

/* Pinctrl thread: sends the packets of the next hops in each new
 * snapshot of SbResolvedHops. */
class SbRelease {
public:
    long long int
    operator()(PinctrlContext &ctx, long long int)
    {
        auto hops = ctx.snapshot<SbResolvedHops>();
        if (hops && hops != done_) {
            done_ = hops;
            for (const SbResolved &r : *hops) {
                if (pinctrl_release_buffered(ctx, r.dp_key, r.ip, r.mac)) {
                    COVERAGE_INC(pinctrl_buffered_sb_release);
                }
            }
        }
        return LLONG_MAX;
    }

private:
    std::shared_ptr<const SbResolvedHops> done_;
};

}  // namespace

void
pinctrl_register_buffered(PinctrlDispatch &d)
{
    d.add_sb_flush(SbScan());
    d.add_periodic(SbRelease());
}

}  // namespace ovn
