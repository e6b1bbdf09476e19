/* pinctrl's igmp action and querier (ovn/controller/pinctrl-igmp.h): the
 * query's bytes and schedule, as Debian's ovn-controller 23.03 sends them
 * (tests/pinctrl-igmp.at compares the two controllers on real switches),
 * and what becomes of malformed IGMP and MLD messages: each is dropped
 * and counted as a bad packet, and nothing is learned nor passed on. */
#include <config.h>

#include <gtest/gtest.h>

#include <arpa/inet.h>

#include <climits>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "lib/ovs-internal.h"
#include "ovn/controller/pinctrl-handler.h"
#include "tests/unit/pinctrl-test-util.h"
#include "ovn/controller/pinctrl-igmp.h"
#include "ovn/lib/logical-fields.h"

namespace ovn {
namespace {

using FakeDispatch = FakePinctrlDispatch;
using FakeContext = FakePinctrlContext;

/* The configuration of tests/pinctrl-igmp.at's querier. */
IgmpSnoopConfig
querier_config()
{
    IgmpSnoopConfig cfg;
    cfg.querier = true;
    cfg.eth_src = eth_addr{{{0, 0, 0, 0, 0, 0xfe}}};
    inet_pton(AF_INET, "10.0.0.254", &cfg.ip4_src);
    cfg.query_interval = 1;
    cfg.query_max_resp = 3;
    return cfg;
}

void
put_csum(PacketBytes &p, size_t ofs, size_t n, size_t at)
{
    p[at] = p[at + 1] = 0;
    const uint16_t csum = packet_csum_finish(packet_csum_add(0, &p[ofs], n));
    p[at] = uint8_t(csum >> 8);
    p[at + 1] = uint8_t(csum);
}

/* An IPv4 packet from 50:54:00:00:00:01 10.0.0.1 to 224.0.0.22 carrying
 * the IGMP message 'msg' (its checksum computed, unless 'bad_csum'), the
 * IP total length saying 'extra' bytes more than there are. */
PacketBytes
igmp_packet(const PacketBytes &msg, bool bad_csum = false, int extra = 0)
{
    PacketBytes p = {0x01, 0x00, 0x5e, 0x00, 0x00, 0x16,
                     0x50, 0x54, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00};
    const size_t len = 20 + msg.size() + extra;
    p.insert(p.end(), {0x45, 0xc0, uint8_t(len >> 8), uint8_t(len),
                       0, 0, 0, 0, 1, IPPROTO_IGMP, 0, 0,
                       10, 0, 0, 1, 224, 0, 0, 22});
    put_csum(p, 14, 20, 24);
    p.insert(p.end(), msg.begin(), msg.end());
    if (msg.size() >= 4) {
        put_csum(p, 34, msg.size(), 36);
        p[37] ^= bad_csum;
    }
    return p;
}

/* An IPv6 packet from 50:54:00:00:00:01 fe80::1 to ff02::16 carrying the
 * ICMPv6 message 'msg' (an MLD message: its checksum is not looked at). */
PacketBytes
mld_packet(const PacketBytes &msg)
{
    PacketBytes p = {0x33, 0x33, 0x00, 0x00, 0x00, 0x16,
                     0x50, 0x54, 0x00, 0x00, 0x00, 0x01, 0x86, 0xdd,
                     0x60, 0, 0, 0, 0, uint8_t(msg.size()), IPPROTO_ICMPV6,
                     1};
    const uint8_t src[16] = {0xfe, 0x80, 0, 0, 0, 0, 0, 0,
                             0, 0, 0, 0, 0, 0, 0, 1};
    const uint8_t dst[16] = {0xff, 0x02, 0, 0, 0, 0, 0, 0,
                             0, 0, 0, 0, 0, 0, 0, 0x16};
    p.insert(p.end(), src, src + 16);
    p.insert(p.end(), dst, dst + 16);
    p.insert(p.end(), msg.begin(), msg.end());
    return p;
}

/* IGMP messages about 239.0.1.68. */
const PacketBytes V2_REPORT = {0x16, 0, 0, 0, 239, 0, 1, 68};
const PacketBytes V3_JOIN = {0x22, 0, 0, 0, 0, 0, 0, 1,
                             4, 0, 0, 0, 239, 0, 1, 68};

class PinctrlIgmp : public ::testing::Test {
protected:
    PinctrlIgmp()
    {
        pinctrl_register_igmp(dispatch_);
    }
    ~PinctrlIgmp() override
    {
        /* No snooping left behind for the next test. */
        ctx.set_snapshot(std::make_shared<const IgmpSnapshot>());
        run_periodic(time_msec());
    }

    /* Publishes 'configs' and lets the pinctrl thread's work run at
     * 'now'. */
    long long int publish(std::map<uint32_t, IgmpSnoopConfig> configs,
                          long long int now)
    {
        auto snapshot = std::make_shared<IgmpSnapshot>();
        snapshot->configs = std::move(configs);
        ctx.set_snapshot<IgmpSnapshot>(std::move(snapshot));
        return run_periodic(now);
    }

    long long int run_periodic(long long int now)
    {
        return dispatch_.periodic(ctx, now);
    }

    /* 'packet' in the igmp action's packet-in, in datapath 'dp_key' from
     * port 2. */
    void receive(const PacketBytes &packet, uint32_t dp_key = 1)
    {
        match md;
        match_init_catchall(&md);
        match_set_metadata(&md, htonll(dp_key));
        match_set_reg(&md, MFF_LOG_INPORT - MFF_REG0, 2);
        PinctrlPacketIn pi{ACTION_OPCODE_IGMP, nullptr, nullptr, &md,
                           PinctrlPacket(packet.data(), packet.size()),
                           nullptr, 0};
        dispatch_.handlers.at(ACTION_OPCODE_IGMP)(ctx, pi);
    }

    FakeContext ctx;

private:
    FakeDispatch dispatch_;
};

TEST(PinctrlIgmpQuery, BytesAreDebians)
{
    /* tests/pinctrl-igmp.at's querier: IGMPv3 general query, TTL 1, DF,
     * max response time 30 (in the header and the QQIC field). */
    EXPECT_EQ(packet_to_hex(igmp_query_packet(querier_config())),
              "01005e0000010000000000fe0800450000200000400001028edd"
              "0a0000fee0000001111eeec300000000001e0000");
}

TEST_F(PinctrlIgmp, QuerierQueriesAtOnceThenEveryQueryInterval)
{
    const long long int t0 = time_msec();
    EXPECT_EQ(publish({{1, querier_config()}}, t0), t0 + 1000);
    EXPECT_EQ(ctx.sent.size(), 1);

    /* Woken every 100 ms for 10 s: one query a second, no more. */
    for (long long int t = t0 + 100; t <= t0 + 10000; t += 100) {
        const long long int wake = run_periodic(t);
        EXPECT_EQ(wake, t0 + (t - t0) / 1000 * 1000 + 1000) << t - t0;
    }
    EXPECT_EQ(ctx.sent.size(), 11);

    /* Woken late: the next query comes one interval after the late one,
     * as Debian's drift (1.002 s, 2.002 s, 3.004 s...). */
    EXPECT_EQ(run_periodic(t0 + 11250), t0 + 12250);
    EXPECT_EQ(ctx.sent.size(), 12);

    /* A new interval: a query at once, then every 3 s. */
    IgmpSnoopConfig cfg = querier_config();
    cfg.query_interval = 3;
    EXPECT_EQ(publish({{1, cfg}}, t0 + 11500), t0 + 14500);
    EXPECT_EQ(ctx.sent.size(), 13);
    EXPECT_EQ(run_periodic(t0 + 14500), t0 + 17500);
    EXPECT_EQ(ctx.sent.size(), 14);
    for (const PacketBytes &p : ctx.sent) {
        EXPECT_EQ(p, igmp_query_packet(cfg));
    }
}

TEST_F(PinctrlIgmp, NoQueriesWithoutQuerierOrAddresses)
{
    const long long int t0 = time_msec();
    IgmpSnoopConfig no_ip = querier_config(), no_mac = querier_config(),
                    off = querier_config();
    no_ip.ip4_src = 0;
    no_mac.eth_src.reset();
    off.querier = false;
    EXPECT_EQ(publish({{1, no_ip}, {2, no_mac}, {3, off}}, t0), LLONG_MAX);
    EXPECT_EQ(run_periodic(t0 + 5000), LLONG_MAX);
    EXPECT_TRUE(ctx.sent.empty());

    /* Snooping off: the querier stops. */
    publish({{1, querier_config()}}, t0 + 6000);
    EXPECT_EQ(ctx.sent.size(), 1);
    EXPECT_EQ(publish({}, t0 + 6500), LLONG_MAX);
    run_periodic(t0 + 9000);
    EXPECT_EQ(ctx.sent.size(), 1);
}

TEST_F(PinctrlIgmp, ReportsAreLearnedAndPassedOn)
{
    publish({{1, IgmpSnoopConfig()}}, time_msec());
    ctx.n_notified = 0;
    receive(igmp_packet(V2_REPORT));
    receive(igmp_packet(V3_JOIN));
    EXPECT_TRUE(ctx.drops.empty());
    EXPECT_EQ(ctx.sent.size(), 2);      /* To the multicast routers. */
    EXPECT_EQ(ctx.n_notified, 2);       /* For the IGMP_Group rows. */

    /* Without snooping on the datapath: nothing to learn, as 23.03. */
    receive(igmp_packet(V2_REPORT), 2);
    EXPECT_TRUE(ctx.drops.empty());
    EXPECT_EQ(ctx.sent.size(), 2);
}

TEST_F(PinctrlIgmp, MalformedMessagesAreDroppedAndCounted)
{
    publish({{1, IgmpSnoopConfig()}}, time_msec());
    ctx.n_notified = 0;

    PacketBytes v2_unicast = V2_REPORT;         /* Group 10.0.1.68. */
    v2_unicast[4] = 10;
    PacketBytes v3_more_records = V3_JOIN;      /* Says 2, has 1. */
    v3_more_records[7] = 2;
    PacketBytes v3_sources = V3_JOIN;           /* Says 1 source, has 0. */
    v3_sources[11] = 1;
    PacketBytes v3_aux = V3_JOIN;               /* Says 1 aux word. */
    v3_aux[9] = 1;
    PacketBytes unknown = V2_REPORT;
    unknown[0] = 0x30;
    const PacketBytes mld_short = {131, 0, 0, 0, 0, 0, 0, 0};
    PacketBytes mld2_truncated = {143, 0, 0, 0, 0, 0, 0, 1,
                                  4, 0, 0, 0, 0xff, 0x05};
    PacketBytes mld1_unicast(24, 0);
    mld1_unicast[0] = 131;
    mld1_unicast[8] = 0x20;

    const std::vector<std::pair<PacketBytes, std::string>> bad = {
        {igmp_packet(V2_REPORT, true), "bad IGMP checksum"},
        {igmp_packet(V2_REPORT, false, 4), "not a whole IGMP or MLD message"},
        {igmp_packet({0x16, 0, 0, 0}), "IGMP message too short"},
        {igmp_packet(v2_unicast), "IGMP group not a multicast address"},
        {igmp_packet(v3_more_records), "IGMPv3 report truncated"},
        {igmp_packet(v3_sources), "IGMPv3 report truncated"},
        {igmp_packet(v3_aux), "IGMPv3 report truncated"},
        {igmp_packet(unknown), "unknown IGMP message type"},
        {mld_packet(mld_short), "MLD message too short"},
        {mld_packet(mld2_truncated), "MLDv2 report truncated"},
        {mld_packet(mld1_unicast), "MLD group not a multicast address"},
        {PacketBytes(V2_REPORT), "not a whole IGMP or MLD message"},
    };
    for (const auto &[packet, detail] : bad) {
        receive(packet);
    }
    ASSERT_EQ(ctx.details.size(), bad.size());
    for (size_t i = 0; i < bad.size(); i++) {
        EXPECT_EQ(ctx.drops[i], PinctrlDrop::BAD_PACKET) << i;
        EXPECT_EQ(ctx.details[i], bad[i].second) << i;
    }
    EXPECT_TRUE(ctx.sent.empty());
    EXPECT_EQ(ctx.n_notified, 0);

    /* The rest keeps working. */
    receive(igmp_packet(V3_JOIN));
    EXPECT_EQ(ctx.drops.size(), bad.size());
    EXPECT_EQ(ctx.sent.size(), 1);
}

}  // namespace
}  // namespace ovn
