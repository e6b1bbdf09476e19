/* ovn/lib/lport-addresses: address strings parsed with 23.03's
 * leniency. */
#include <config.h>

#include <arpa/inet.h>

#include <gtest/gtest.h>

#include "ovn/lib/lport-addresses.h"

namespace {

std::string
ip6_text(const in6_addr &a)
{
    char buf[INET6_ADDRSTRLEN];
    return inet_ntop(AF_INET6, &a, buf, sizeof buf);
}

TEST(LportAddresses, MacAloneHasNoIps)
{
    auto la = ovn::parse_lport_addresses("00:00:00:00:00:0a");
    ASSERT_TRUE(la);
    EXPECT_EQ(la->mac.ea[5], 0x0a);
    EXPECT_TRUE(la->ipv4.empty());
    EXPECT_TRUE(la->ipv6.empty());
}

TEST(LportAddresses, Ipv4AndIpv6WithPrefixes)
{
    auto la = ovn::parse_lport_addresses(
        "0a:00:00:00:00:01  10.0.0.4/24 10.1.0.4 fd00::5/64");
    ASSERT_TRUE(la);
    ASSERT_EQ(la->ipv4.size(), 2u);
    EXPECT_EQ(la->ipv4[0].plen, 24u);
    EXPECT_TRUE(la->ipv4[0].is_host());
    EXPECT_EQ(la->ipv4[0].bcast(), htonl(0x0a0000ff));
    EXPECT_EQ(la->ipv4[1].plen, 32u);
    ASSERT_EQ(la->ipv6.size(), 1u);
    EXPECT_EQ(la->ipv6[0].plen, 64u);
    EXPECT_TRUE(la->ipv6[0].is_host());
}

TEST(LportAddresses, ZeroHostPartIsASubnet)
{
    auto la = ovn::parse_lport_addresses(
        "00:00:00:00:00:01 10.2.0.0/24 fd01::/64 10.3.0.0/255.255.0.0");
    ASSERT_TRUE(la);
    ASSERT_EQ(la->ipv4.size(), 2u);
    EXPECT_FALSE(la->ipv4[0].is_host());
    EXPECT_EQ(la->ipv4[1].plen, 16u);
    ASSERT_EQ(la->ipv6.size(), 1u);
    EXPECT_FALSE(la->ipv6[0].is_host());
}

TEST(LportAddresses, BadMacIsBad)
{
    EXPECT_FALSE(ovn::parse_lport_addresses("xx:yy 10.0.0.1"));
    EXPECT_FALSE(ovn::parse_lport_addresses(""));
    EXPECT_FALSE(ovn::parse_lport_addresses("00:00:00:00:00"));
    EXPECT_FALSE(ovn::parse_lport_addresses("00:00:00:00:00:001"));
}

TEST(LportAddresses, BadTokenKeepsWhatCameBefore)
{
    bool trailing = false;
    auto la = ovn::parse_lport_addresses(
        "00:00:00:00:00:09 10.0.0.9 zz fd00::9", &trailing);
    ASSERT_TRUE(la);
    EXPECT_TRUE(trailing);
    EXPECT_EQ(la->ipv4.size(), 1u);
    EXPECT_TRUE(la->ipv6.empty());
    trailing = false;
    ASSERT_TRUE(ovn::parse_lport_addresses("00:00:00:00:00:09 10.0.0.9/33",
                                           &trailing));
    EXPECT_TRUE(trailing);
}

TEST(LportAddresses, IpsForNeighborsAndVips)
{
    auto v4 = ovn::parse_ip("10.0.0.50");
    ASSERT_TRUE(v4);
    EXPECT_TRUE(ovn::is_ipv4_mapped(*v4));
    EXPECT_EQ(ovn::ipv4_of_mapped(*v4), htonl(0x0a000032));
    auto v6 = ovn::parse_ip("fd00::50");
    ASSERT_TRUE(v6);
    EXPECT_FALSE(ovn::is_ipv4_mapped(*v6));
    EXPECT_FALSE(ovn::parse_ip("10.0.0.300"));
    EXPECT_FALSE(ovn::parse_ip("10.0.0.1 "));
    EXPECT_FALSE(ovn::parse_ip(""));
}

TEST(LportAddresses, LinkLocalFromMac)
{
    auto mac = ovn::parse_mac("00:00:00:00:00:05");
    ASSERT_TRUE(mac);
    EXPECT_EQ(ip6_text(ovn::ipv6_link_local(*mac)), "fe80::200:ff:fe00:5");
    EXPECT_EQ(ip6_text(ovn::ipv6_prefix_mask(16)), "ffff::");
    EXPECT_EQ(ip6_text(ovn::ipv6_prefix_mask(9)), "ff80::");
}

}  // namespace
