/* Unit tests of pinctrl-dhcpv6: the DHCPv6 replies of put_dhcpv6_opts,
 * against the replies Debian's ovn-controller 23.03 sent for the same
 * requests on topologies tests/parity/dhcp-dns.sh and dhcp-l7.sh
 * (requests: tests/pinctrl/l7-packet.py; replies:
 * tests/pinctrl/debian/). */
#include <config.h>

#include <gtest/gtest.h>

#include "ovn/controller/pinctrl-dhcpv6.h"
#include "tests/unit/pinctrl-l7-test.h"

namespace ovn {
namespace {

using test::hex;
using test::unhex;

/* The requests, from 50:54:00:00:00:01, fe80::5254:ff:fe00:1 (xid
 * 0xabcdef, DUID-LL of the MAC, IAID 0x01020304 unless
 * information-request). */
const char REQ_DHCPV6_SOLICIT[] =
    "33330001000250540000000186dd6000000000301101fe800000000000005254"
    "00fffe000001ff020000000000000000000000010002022202230030884f01ab"
    "cdef0001000a000300015054000000010003000c010203040000000000000000"
    "000800020000";

const char REQ_DHCPV6_REQUEST[] =
    "33330001000250540000000186dd6000000000301101fe800000000000005254"
    "00fffe000001ff020000000000000000000000010002022202230030864f03ab"
    "cdef0001000a000300015054000000010003000c010203040000000000000000"
    "000800020000";

const char REQ_DHCPV6_INFO_REQUEST[] =
    "33330001000250540000000186dd6000000000201101fe800000000000005254"
    "00fffe000001ff02000000000000000000000001000202220223002082840bab"
    "cdef0001000a00030001505400000001000800020000";

const char REQ_DHCPV6_RENEW[] =
    "33330001000250540000000186dd6000000000301101fe800000000000005254"
    "00fffe000001ff020000000000000000000000010002022202230030844f05ab"
    "cdef0001000a000300015054000000010003000c010203040000000000000000"
    "000800020000";

const char DEBIAN_DHCP_DNS_DHCPV6_SOLICIT[] =
    "50540000000100000010000186dd6000000000541101fe800000000000000200"
    "00fffe100001fe80000000000000525400fffe000001022302220054d7b902ab"
    "cdef0001000a000300015054000000010003002801020304ffffffffffffffff"
    "00050018ae700000000000000000000000000001ffffffffffffffff0002000a"
    "00030001000000100001";

const char DEBIAN_DHCP_DNS_DHCPV6_REQUEST[] =
    "50540000000100000010000186dd6000000000541101fe800000000000000200"
    "00fffe100001fe80000000000000525400fffe000001022302220054d2b907ab"
    "cdef0001000a000300015054000000010003002801020304ffffffffffffffff"
    "00050018ae700000000000000000000000000001ffffffffffffffff0002000a"
    "00030001000000100001";

const char DEBIAN_DHCP_DNS_DHCPV6_INFO_REQUEST[] =
    "50540000000100000010000186dd6000000000281101fe800000000000000200"
    "00fffe100001fe80000000000000525400fffe00000102230222002885d107ab"
    "cdef0001000a000300015054000000010002000a00030001000000100001";

const char DEBIAN_DHCP_L7_DHCPV6_SOLICIT[] =
    "50540000000100000010000186dd6000000000761101fe800000000000000200"
    "00fffe100001fe80000000000000525400fffe000001022302220076a0f802ab"
    "cdef0001000a000300015054000000010003002801020304ffffffffffffffff"
    "00050018ae700000000000000000000000000001ffffffffffffffff00170010"
    "ae7000000000000000000000000000fe0018000a086f766e2e74657374000002"
    "000a00030001000000100001";

const char DEBIAN_DHCP_L7_DHCPV6_INFO_REQUEST[] =
    "50540000000100000010000186dd60000000004a1101fe800000000000000200"
    "00fffe100001fe80000000000000525400fffe00000102230222004a4f1007ab"
    "cdef0001000a0003000150540000000100170010ae7000000000000000000000"
    "000000fe0018000a086f766e2e74657374000002000a00030001000000100001";

std::string
opt(uint16_t code, std::string_view hexvalue)
{
    std::string value = unhex(hexvalue), s;
    append_be16(s, code);
    append_be16(s, static_cast<uint16_t>(value.size()));
    return s + value;
}

/* put_dhcpv6_opts's userdata on dhcp-dns.sh: ia_addr = ae70::1,
 * server_id = 00:00:00:10:00:01. */
std::string
dhcp_dns_opts()
{
    return opt(5, "ae700000000000000000000000000001")
           + opt(2, "000000100001");
}

/* On dhcp-l7.sh: ia_addr, dns_server = ae70::fe, domain_search =
 * "ovn.test", server_id. */
std::string
dhcp_l7_opts()
{
    return opt(5, "ae700000000000000000000000000001")
           + opt(23, "ae7000000000000000000000000000fe")
           + opt(24, hex("ovn.test")) + opt(2, "000000100001");
}

/* What the logical flows do after the resume: eth.dst = eth.src; eth.src
 * = the server's MAC; ip6.dst = ip6.src; ip6.src = its link-local
 * address; udp.src = 547; udp.dst = 546. */
std::string
addressed(const std::string &reply)
{
    return hex(test::readdress(
                   reply, unhex("505400000001"), unhex("000000100001"),
                   unhex("fe800000000000000200" "00fffe100001"),
                   unhex("fe800000000000005254" "00fffe000001"), 547, 546));
}

TEST(PinctrlDhcpv6, SolicitGetsAdvertiseAsDebianSendsIt)
{
    L7Reply r = dhcpv6_reply(unhex(REQ_DHCPV6_SOLICIT), dhcp_dns_opts());
    ASSERT_TRUE(r.result) << r.reason;
    EXPECT_EQ(DEBIAN_DHCP_DNS_DHCPV6_SOLICIT, addressed(r.packet));
}

TEST(PinctrlDhcpv6, RequestGetsReply)
{
    L7Reply r = dhcpv6_reply(unhex(REQ_DHCPV6_REQUEST), dhcp_dns_opts());
    ASSERT_TRUE(r.result) << r.reason;
    EXPECT_EQ(DEBIAN_DHCP_DNS_DHCPV6_REQUEST, addressed(r.packet));
}

TEST(PinctrlDhcpv6, InformationRequestGetsReplyWithoutAddress)
{
    L7Reply r = dhcpv6_reply(unhex(REQ_DHCPV6_INFO_REQUEST),
                             dhcp_dns_opts());
    ASSERT_TRUE(r.result) << r.reason;
    EXPECT_EQ(DEBIAN_DHCP_DNS_DHCPV6_INFO_REQUEST, addressed(r.packet));
}

TEST(PinctrlDhcpv6, DnsServerAndDomainSearchAsDebianSendsThem)
{
    L7Reply r = dhcpv6_reply(unhex(REQ_DHCPV6_SOLICIT), dhcp_l7_opts());
    ASSERT_TRUE(r.result) << r.reason;
    EXPECT_EQ(DEBIAN_DHCP_L7_DHCPV6_SOLICIT, addressed(r.packet));
    r = dhcpv6_reply(unhex(REQ_DHCPV6_INFO_REQUEST), dhcp_l7_opts());
    ASSERT_TRUE(r.result) << r.reason;
    EXPECT_EQ(DEBIAN_DHCP_L7_DHCPV6_INFO_REQUEST, addressed(r.packet));
}

TEST(PinctrlDhcpv6, RenewRebindAndReleaseAreNotAnswered)
{
    /* As 23.03: no reply to them (tests/pinctrl/debian/dhcp-l7/). */
    std::string p = unhex(REQ_DHCPV6_RENEW);
    for (uint8_t type : { DHCPV6_MSG_RENEW, DHCPV6_MSG_REBIND,
                          DHCPV6_MSG_RELEASE, DHCPV6_MSG_REPLY }) {
        p[62] = static_cast<char>(type);
        L7Reply r = dhcpv6_reply(p, dhcp_dns_opts());
        EXPECT_FALSE(r.result) << int(type);
        EXPECT_FALSE(r.bad_input) << int(type);
    }
}

TEST(PinctrlDhcpv6, MalformedInputIsRefusedNeverOverread)
{
    std::string good = unhex(REQ_DHCPV6_SOLICIT);
    for (size_t n = 0; n < good.size(); n++) {
        L7Reply r = dhcpv6_reply(good.substr(0, n), dhcp_dns_opts());
        EXPECT_FALSE(r.result) << n;
        EXPECT_TRUE(r.bad_input) << n;
    }
    std::string opts = dhcp_dns_opts();
    for (size_t n = 1; n < opts.size(); n++) {
        L7Reply r = dhcpv6_reply(good, opts.substr(0, n));
        if (n != 20) {                  /* Cut between the two options. */
            EXPECT_FALSE(r.result) << n;
            EXPECT_TRUE(r.bad_input) << n;
        }
    }
    /* No Client Identifier: the first option made another one. */
    std::string p = good;
    p[66 + 1] = 99;
    EXPECT_STREQ("DHCPv6 request without Client Identifier",
                 dhcpv6_reply(p, opts).reason);
    /* An option overrunning the message. */
    p = good;
    p[66 + 2] = 1;
    EXPECT_FALSE(dhcpv6_reply(p, opts).result);
    /* IPv4. */
    EXPECT_FALSE(dhcpv6_reply(unhex("ffffffffffff505400000001080045000020"
                                    "0000000040110000000000000000000000440043"
                                    "000c0000"), opts).result);
}

}  // namespace
}  // namespace ovn
