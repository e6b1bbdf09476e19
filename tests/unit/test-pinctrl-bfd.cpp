/* pinctrl's BFD (ovn/controller/pinctrl-bfd.h): the control packet as
 * Debian's ovn-controller 23.03 sends it (tests/pinctrl-bfd.at compares
 * the two on real switches), the checks of what comes in, and one
 * session's state machine (RFC 5880 section 6.8). */
#include <config.h>

#include <gtest/gtest.h>

#include <arpa/inet.h>

#include <climits>
#include <string>

#include "ovn/controller/pinctrl-bfd.h"
#include "tests/unit/pinctrl-test-util.h"

namespace ovn {
namespace {

in6_addr
ip(const char *s)
{
    in6_addr a;
    if (!strchr(s, ':')) {
        memset(&a, 0, sizeof a);
        a.s6_addr[10] = a.s6_addr[11] = 0xff;
        inet_pton(AF_INET, s, &a.s6_addr[12]);
    } else {
        inet_pton(AF_INET6, s, &a);
    }
    return a;
}

/* The row of tests/pinctrl-bfd.at: 10.0.0.254 (00:00:00:00:ee:01) to
 * 10.0.0.2, 23.03's defaults. */
BfdConfig
config()
{
    BfdConfig c;
    c.dp_key = 1;
    c.port_key = 2;
    const uint8_t mac[6] = {0, 0, 0, 0, 0xee, 0x01};
    memcpy(c.src_mac.ea, mac, 6);
    c.src_ip = ip("10.0.0.254");
    c.dst_ip = ip("10.0.0.2");
    c.src_port = 49152;
    c.disc = 0x12345678;
    c.min_tx = 1000;
    c.min_rx = 1000;
    c.mult = 5;
    return c;
}

/* The peer's control packet (UDP payload). */
std::vector<uint8_t>
control(BfdState state, uint32_t my, uint32_t your, uint32_t tx_us = 300000,
        uint32_t rx_us = 300000, uint8_t mult = 3, uint8_t flags = 0)
{
    std::vector<uint8_t> b = {
        0x20, uint8_t(uint8_t(state) << 6 | flags), mult, 24,
        uint8_t(my >> 24), uint8_t(my >> 16), uint8_t(my >> 8), uint8_t(my),
        uint8_t(your >> 24), uint8_t(your >> 16), uint8_t(your >> 8),
        uint8_t(your),
        uint8_t(tx_us >> 24), uint8_t(tx_us >> 16), uint8_t(tx_us >> 8),
        uint8_t(tx_us),
        uint8_t(rx_us >> 24), uint8_t(rx_us >> 16), uint8_t(rx_us >> 8),
        uint8_t(rx_us),
        0, 0, 0, 0,
    };
    return b;
}

BfdControl
parsed(const std::vector<uint8_t> &b)
{
    BfdControl msg;
    EXPECT_EQ(nullptr, bfd_parse_control(b.data(), b.size(), &msg));
    return msg;
}

TEST(PinctrlBfd, PacketIsDebians)
{
    /* Ethernet to broadcast (the router's pipeline puts the peer's MAC),
     * IPv4 TTL 255 and don't fragment, UDP 49152 -> 3784 without checksum, version 1, state
     * down, multiplier 5, disc, no Your Discriminator, 1000000 usec. */
    EXPECT_EQ("ffffffffffff00000000ee010800"
              "4500003400004000ff11" "66b9" "0a0000fe0a000002"
              "c0000ec80020" "0000"
              "20400518" "12345678" "00000000" "000f4240" "000f4240"
              "00000000",
              packet_to_hex(bfd_build_packet(config(), BfdState::DOWN, 0, 0,
                                      false)));
    EXPECT_EQ(66u, bfd_build_packet(config(), BfdState::DOWN, 0, 0, false)
                   .size());
}

TEST(PinctrlBfd, Ipv6PacketHasChecksum)
{
    BfdConfig c = config();
    c.src_ip = ip("fe80::200:ff:fe00:ee01");
    c.dst_ip = ip("fe80::5054:ff:fe00:2");
    const PacketBytes p = bfd_build_packet(c, BfdState::UP, 0, 7, true);
    ASSERT_EQ(14u + 40 + 8 + 24, p.size());
    EXPECT_EQ(0x86, p[12]);
    EXPECT_EQ(255, p[21]);              /* Hop limit. */
    EXPECT_NE(0, p[60] | p[61]);        /* UDP checksum. */
    EXPECT_EQ(0xd0, p[63]);             /* Up, Final. */
}

TEST(PinctrlBfd, ParsesAGoodPacket)
{
    const BfdControl msg = parsed(control(BfdState::INIT, 7, 9, 200000,
                                          100000, 4, 0x20));
    EXPECT_EQ(BfdState::INIT, msg.state);
    EXPECT_EQ(7u, msg.my_disc);
    EXPECT_EQ(9u, msg.your_disc);
    EXPECT_EQ(200000u, msg.desired_min_tx);
    EXPECT_EQ(100000u, msg.required_min_rx);
    EXPECT_EQ(4, msg.mult);
    EXPECT_TRUE(msg.poll);
}

TEST(PinctrlBfd, RejectsBadPackets)
{
    struct Case {
        const char *name;
        std::vector<uint8_t> bytes;
    };
    const std::vector<uint8_t> good = control(BfdState::DOWN, 7, 0);
    auto with = [&](size_t i, uint8_t v) {
        std::vector<uint8_t> b = good;
        b[i] = v;
        return b;
    };
    const Case cases[] = {
        {"empty", {}},
        {"short", std::vector<uint8_t>(good.begin(), good.begin() + 23)},
        {"version 0", with(0, 0x00)},
        {"version 2", with(0, 0x40)},
        {"length below 24", with(3, 20)},
        {"length beyond the packet", with(3, 48)},
        {"authentication", with(1, 0x40 | 0x04)},
        {"multipoint", with(1, 0x40 | 0x01)},
        {"no multiplier", with(2, 0)},
        {"no my_disc", control(BfdState::DOWN, 0, 0)},
        {"up without your_disc", control(BfdState::UP, 7, 0)},
        {"init without your_disc", control(BfdState::INIT, 7, 0)},
        {"poll and final", with(1, 0x40 | 0x30)},
    };
    for (const Case &c : cases) {
        BfdControl msg;
        EXPECT_NE(nullptr, bfd_parse_control(c.bytes.data(), c.bytes.size(),
                                             &msg))
            << c.name;
    }
    /* A down or admin down peer need not know us yet. */
    parsed(control(BfdState::DOWN, 7, 0));
    parsed(control(BfdState::ADMIN_DOWN, 7, 0));
}

TEST(PinctrlBfd, ThreeWayHandshakeThenDetectionTimeout)
{
    BfdSession s(config(), 1000);
    EXPECT_EQ(BfdState::DOWN, s.state());
    EXPECT_TRUE(s.tx_due(1000));

    /* Down, the peer down: init, and it knows the peer's discriminator. */
    ASSERT_TRUE(s.receive(parsed(control(BfdState::DOWN, 7, 0)), 1100));
    EXPECT_EQ(BfdState::INIT, s.state());
    EXPECT_EQ(7u, s.remote_disc());
    EXPECT_EQ("12345678" "00000007",
              packet_to_hex(s.build(false)).substr(92, 16));

    /* Init, the peer up: up. */
    ASSERT_TRUE(s.receive(parsed(control(BfdState::UP, 7, 0x12345678)),
                          1200));
    EXPECT_EQ(BfdState::UP, s.state());

    /* The detection time: the peer's multiplier (3) times the larger of
     * our min_rx (1000 ms) and its desired min tx (300 ms). */
    s.check_detection(1200 + 2999);
    EXPECT_EQ(BfdState::UP, s.state());
    EXPECT_LE(s.next_wake(), 1200 + 3000);
    s.check_detection(1200 + 3000);
    EXPECT_EQ(BfdState::DOWN, s.state());
    EXPECT_EQ(0u, s.remote_disc());
    /* No diagnostic (23.03 sends none), no Your Discriminator. */
    EXPECT_EQ("2040", packet_to_hex(s.build(false)).substr(84, 4));
    EXPECT_EQ("00000000", packet_to_hex(s.build(false)).substr(100, 8));
}

TEST(PinctrlBfd, PeerGoingDownTakesUsDown)
{
    BfdSession s(config(), 0);
    s.receive(parsed(control(BfdState::INIT, 7, 0x12345678)), 10);
    EXPECT_EQ(BfdState::UP, s.state());
    s.receive(parsed(control(BfdState::DOWN, 7, 0)), 20);
    EXPECT_EQ(BfdState::DOWN, s.state());

    s.receive(parsed(control(BfdState::INIT, 7, 0x12345678)), 30);
    EXPECT_EQ(BfdState::UP, s.state());
    s.receive(parsed(control(BfdState::ADMIN_DOWN, 7, 0)), 40);
    EXPECT_EQ(BfdState::DOWN, s.state());
    /* Down, no detection time runs: it stays down, quietly. */
    s.check_detection(1000000);
    EXPECT_EQ(BfdState::DOWN, s.state());
}

TEST(PinctrlBfd, TransmitIntervalWithJitter)
{
    BfdSession s(config(), 0);
    s.sent(0, 0.0);
    EXPECT_FALSE(s.tx_due(999));
    EXPECT_TRUE(s.tx_due(1000));
    s.sent(1000, 0.999);
    EXPECT_TRUE(s.tx_due(1000 + 751));
    EXPECT_FALSE(s.tx_due(1000 + 749));

    /* The peer's required min rx slows us down. */
    s.receive(parsed(control(BfdState::DOWN, 7, 0, 300000, 2000000)), 2000);
    s.sent(2000, 0.0);
    EXPECT_FALSE(s.tx_due(3999));
    EXPECT_TRUE(s.tx_due(4000));

    /* A Poll gets a Final at once. */
    s.receive(parsed(control(BfdState::DOWN, 7, 0, 300000, 2000000, 3,
                             0x20)), 4100);
    EXPECT_TRUE(s.final_due());
    EXPECT_TRUE(s.tx_due(4100));
}

TEST(PinctrlBfd, AdminDownSendsAndTakesNothing)
{
    BfdConfig c = config();
    c.admin_down = true;
    BfdSession s(c, 0);
    EXPECT_EQ(BfdState::ADMIN_DOWN, s.state());
    EXPECT_FALSE(s.tx_due(100000));
    EXPECT_EQ(LLONG_MAX, s.next_wake());
    EXPECT_FALSE(s.receive(parsed(control(BfdState::DOWN, 7, 0)), 10));

    /* ovn-northd lifts it: down, and sending at once. */
    s.reconfigure(config(), 20);
    EXPECT_EQ(BfdState::DOWN, s.state());
    EXPECT_TRUE(s.tx_due(20));
}

TEST(PinctrlBfd, NewTimersApply)
{
    BfdSession s(config(), 0);
    s.sent(0, 0.0);
    EXPECT_FALSE(s.tx_due(200));
    BfdConfig c = config();
    c.min_tx = 200;
    c.min_rx = 300;
    c.mult = 3;
    EXPECT_TRUE(s.config().same_session(c));
    EXPECT_NE(s.config(), c);
    s.reconfigure(c, 100);
    EXPECT_TRUE(s.tx_due(300));
    /* 200000 and 300000 usec, multiplier 3. */
    const std::string hex = packet_to_hex(s.build(false));
    EXPECT_EQ("03", hex.substr(88, 2));
    EXPECT_EQ("00030d40" "000493e0", hex.substr(108, 16));
}

}  // namespace
}  // namespace ovn
