#include <config.h>

#include "ovn/controller/pinctrl-buffered.h"

#include <array>
#include <cstring>
#include <deque>
#include <map>
#include <mutex>
#include <tuple>

#include "lib/ovs-internal.h"
#include "openvswitch/ofp-actions.h"
#include "openvswitch/ofpbuf.h"

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
pinctrl_buffer_packet(const PinctrlPacketIn &pi, const in6_addr &next_hop)
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
    }
    auto &q = it->second;
    if (q.size() >= BUFFER_DEPTH) {
        q.pop_front();
    }
    q.push_back(Buffered{PacketBytes(pi.packet.data,
                                     pi.packet.data + pi.packet.size),
                         *pi.md, now + BUFFER_TIMEOUT_MS});
}

void
pinctrl_release_buffered(PinctrlContext &ctx, uint32_t dp_key,
                         const in6_addr &next_hop, const eth_addr &mac)
{
    std::deque<Buffered> q;
    {
        std::lock_guard<std::mutex> lock(mutex);
        expire(time_msec());
        auto it = buffers.find(hop_key(dp_key, next_hop));
        if (it == buffers.end()) {
            return;
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
}

}  // namespace ovn
