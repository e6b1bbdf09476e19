/* The gratuitous ARPs of ovn/controller/pinctrl-garp.h: their bytes and
 * their schedule, as Debian's ovn-controller 23.03 sends them (recorded
 * from its provider-network port; tests/pinctrl-garp.at compares the two
 * controllers on real switches). */
#include <config.h>

#include <gtest/gtest.h>

#include <arpa/inet.h>

#include <string>
#include <vector>

#include "ovn/controller/pinctrl-garp.h"
#include "tests/unit/pinctrl-test-util.h"

namespace ovn {
namespace {

GarpAnnouncement
announcement(uint8_t last, const char *ip)
{
    GarpAnnouncement a{};
    const uint8_t mac[6] = {0x50, 0x54, 0x00, 0x00, 0x00, last};
    memcpy(a.mac.ea, mac, 6);
    if (ip) {
        inet_pton(AF_INET, ip, &a.ipv4);
    }
    return a;
}

TEST(PinctrlGarp, ArpRequestFromAndForTheAddress)
{
    /* Broadcast, sender and target 172.16.0.3, target MAC zero. */
    EXPECT_EQ(packet_to_hex(garp_packet(announcement(3, "172.16.0.3"))),
              "ffffffffffff" "505400000003" "0806"
              "0001" "0800" "06" "04" "0001"
              "505400000003" "ac100003"
              "000000000000" "ac100003");
}

TEST(PinctrlGarp, RarpWithoutAnIpv4Address)
{
    /* Reverse request (3), sender and target hardware the MAC. */
    EXPECT_EQ(packet_to_hex(garp_packet(announcement(4, nullptr))),
              "ffffffffffff" "505400000004" "8035"
              "0001" "0800" "06" "04" "0003"
              "505400000004" "00000000"
              "505400000004" "00000000");
}

TEST(PinctrlGarp, FiveAnnouncementsOverThirtySeconds)
{
    /* Sent at 0, 2, 6, 14 and 30 seconds, then never again. */
    std::vector<long long int> times{0};
    for (int n = 0; garp_next_delay(n) >= 0; n++) {
        ASSERT_LT(n, 100);
        times.push_back(times.back() + garp_next_delay(n));
    }
    EXPECT_EQ(times,
              (std::vector<long long int>{0, 2000, 6000, 14000, 30000}));
    EXPECT_EQ(garp_next_delay(-1), -1);
}

TEST(PinctrlGarp, AnnouncementsDifferByEveryField)
{
    const GarpAnnouncement a = announcement(3, "172.16.0.3");
    GarpAnnouncement b = a;
    EXPECT_EQ(a, b);
    b.port_key = 7;
    EXPECT_NE(a, b);
    b = a;
    b.dp_key = 7;
    EXPECT_NE(a, b);
    b = announcement(3, "172.16.0.4");
    EXPECT_NE(a, b);
    b = announcement(5, "172.16.0.3");
    EXPECT_NE(a, b);
}

}  // namespace
}  // namespace ovn
