/* Unit tests of pinctrl-dns: dns_lookup's answers, against the ones
 * Debian's ovn-controller 23.03 sent for the same queries on topologies
 * tests/parity/dhcp-dns.sh and dhcp-l7.sh (queries:
 * tests/pinctrl/l7-packet.py; answers: tests/pinctrl/debian/). */
#include <config.h>

#include <gtest/gtest.h>

#include "ovn/controller/pinctrl-dns.h"
#include "tests/unit/pinctrl-l7-test.h"

namespace ovn {
namespace {

using test::hex;
using test::unhex;

/* The queries, from 10.0.0.1:5353 to 10.0.0.2:53 (id 0x4242, RD). */
const char REQ_DNS_A[] =
    "50540000000250540000000108004500003a00000000401166b10a0000010a00"
    "000214e900350026cacf42420100000100000000000003766d31036f766e0474"
    "6573740000010001";

const char REQ_DNS_AAAA[] =
    "50540000000250540000000108004500003a00000000401166b10a0000010a00"
    "000214e900350026cab442420100000100000000000003766d31036f766e0474"
    "65737400001c0001";

const char REQ_DNS_A_TWO[] =
    "50540000000250540000000108004500003a00000000401166b10a0000010a00"
    "000214e900350026cace42420100000100000000000003766d32036f766e0474"
    "6573740000010001";

const char REQ_DNS_A_UPPER[] =
    "50540000000250540000000108004500003a00000000401166b10a0000010a00"
    "000214e900350026eb2f42420100000100000000000003564d31034f766e0454"
    "6573740000010001";

const char REQ_DNS_PTR[] =
    "50540000000250540000000108004500004300000000401166a80a0000010a00"
    "000214e90035002f115742420100000100000000000001310130013002313007"
    "696e2d61646472046172706100000c0001";

const char REQ_DNS_ANY[] =
    "50540000000250540000000108004500003a00000000401166b10a0000010a00"
    "000214e900350026c9d142420100000100000000000003766d31036f766e0474"
    "6573740000ff0001";

const char REQ_DNS_MX[] =
    "50540000000250540000000108004500003a00000000401166b10a0000010a00"
    "000214e900350026cac142420100000100000000000003766d31036f766e0474"
    "65737400000f0001";

const char REQ_DNS_UNKNOWN[] =
    "50540000000250540000000108004500003d00000000401166ae0a0000010a00"
    "000214e9003500296dab424201000001000000000000066e6f626f6479036f76"
    "6e04746573740000010001";

const char DEBIAN_DHCP_DNS_DNS_A[] =
    "50540000000150540000000208004500005600000000401166950a0000020a00"
    "0001003514e90042000042428100000100010000000003766d31036f766e0474"
    "657374000001000103766d31036f766e0474657374000001000100000e100004"
    "0a000001";

const char DEBIAN_DHCP_DNS_DNS_AAAA[] =
    "50540000000150540000000208004500006200000000401166890a0000020a00"
    "0001003514e9004e000042428100000100010000000003766d31036f766e0474"
    "65737400001c000103766d31036f766e047465737400001c000100000e100010"
    "ae700000000000000000000000000001";

const char DEBIAN_DHCP_L7_DNS_A_TWO[] =
    "50540000000150540000000208004500007200000000401166790a0000020a00"
    "0001003514e9005e000042428100000100020000000003766d32036f766e0474"
    "657374000001000103766d32036f766e0474657374000001000100000e100004"
    "0a00000203766d32036f766e0474657374000001000100000e1000040a000016";

const char DEBIAN_DHCP_L7_DNS_A_UPPER[] =
    "50540000000150540000000208004500005600000000401166950a0000020a00"
    "0001003514e90042000042428100000100010000000003564d31034f766e0454"
    "657374000001000103564d31034f766e0454657374000001000100000e100004"
    "0a000001";

const char DEBIAN_DHCP_L7_DNS_PTR[] =
    "50540000000150540000000208004500007200000000401166790a0000020a00"
    "0001003514e9005e000042428100000100010000000001310130013002313007"
    "696e2d61646472046172706100000c000101310130013002313007696e2d6164"
    "6472046172706100000c000100000e10000e03766d31036f766e047465737400";

const char DEBIAN_DHCP_L7_DNS_ANY[] =
    "50540000000150540000000208004500007e000000004011666d0a0000020a00"
    "0001003514e9006a000042428100000100020000000003766d31036f766e0474"
    "6573740000ff000103766d31036f766e0474657374000001000100000e100004"
    "0a00000103766d31036f766e047465737400001c000100000e100010ae700000"
    "000000000000000000000001";

/* The DNS rows of sw0 (tunnel key 1) in dhcp-dns.sh and dhcp-l7.sh. */
std::vector<DnsRecords>
records(bool l7)
{
    DnsSnapshot snap;
    if (l7) {
        snap.add_row({ 1 }, { { "vm1.ovn.test", "10.0.0.1 ae70::1" },
                              { "vm2.ovn.test", "10.0.0.2 10.0.0.22" },
                              { "1.0.0.10.in-addr.arpa", "vm1.ovn.test" } });
    } else {
        snap.add_row({ 1 }, { { "vm1.ovn.test", "10.0.0.1 ae70::1" },
                              { "vm2.ovn.test", "10.0.0.2" } });
    }
    return snap.by_datapath[1];
}

/* What the logical flows do after the resume: eth.dst <-> eth.src;
 * ip4.src <-> ip4.dst; udp.dst = udp.src; udp.src = 53. */
std::string
addressed(const std::string &reply)
{
    return hex(test::readdress(reply, unhex("505400000001"),
                               unhex("505400000002"), unhex("0a000002"),
                               unhex("0a000001"), 53, 5353));
}

TEST(PinctrlDns, AnswersAAsDebian)
{
    L7Reply r = dns_reply(unhex(REQ_DNS_A), records(false));
    ASSERT_TRUE(r.result) << r.reason;
    EXPECT_EQ(DEBIAN_DHCP_DNS_DNS_A, addressed(r.packet));
}

TEST(PinctrlDns, AnswersAaaaAsDebian)
{
    L7Reply r = dns_reply(unhex(REQ_DNS_AAAA), records(false));
    ASSERT_TRUE(r.result) << r.reason;
    EXPECT_EQ(DEBIAN_DHCP_DNS_DNS_AAAA, addressed(r.packet));
}

TEST(PinctrlDns, OneAnswerPerAddress)
{
    L7Reply r = dns_reply(unhex(REQ_DNS_A_TWO), records(true));
    ASSERT_TRUE(r.result) << r.reason;
    EXPECT_EQ(DEBIAN_DHCP_L7_DNS_A_TWO, addressed(r.packet));
}

TEST(PinctrlDns, NamesCompareWithoutCaseAnswerAsAsked)
{
    L7Reply r = dns_reply(unhex(REQ_DNS_A_UPPER), records(true));
    ASSERT_TRUE(r.result) << r.reason;
    EXPECT_EQ(DEBIAN_DHCP_L7_DNS_A_UPPER, addressed(r.packet));
}

TEST(PinctrlDns, PtrAnswersWithTheRecordsName)
{
    L7Reply r = dns_reply(unhex(REQ_DNS_PTR), records(true));
    ASSERT_TRUE(r.result) << r.reason;
    EXPECT_EQ(DEBIAN_DHCP_L7_DNS_PTR, addressed(r.packet));
    /* Without a reverse record, no answer (as dhcp-dns.sh's Debian). */
    EXPECT_FALSE(dns_reply(unhex(REQ_DNS_PTR), records(false)).result);
}

TEST(PinctrlDns, AnyAnswersBothFamilies)
{
    L7Reply r = dns_reply(unhex(REQ_DNS_ANY), records(true));
    ASSERT_TRUE(r.result) << r.reason;
    EXPECT_EQ(DEBIAN_DHCP_L7_DNS_ANY, addressed(r.packet));
}

TEST(PinctrlDns, OtherTypesAndUnknownNamesAreNotAnswered)
{
    L7Reply r = dns_reply(unhex(REQ_DNS_MX), records(true));
    EXPECT_FALSE(r.result);
    EXPECT_FALSE(r.bad_input);
    r = dns_reply(unhex(REQ_DNS_UNKNOWN), records(true));
    EXPECT_FALSE(r.result);
    EXPECT_FALSE(r.bad_input);
    /* AAAA for a name with only IPv4 addresses. */
    std::string p = unhex(REQ_DNS_A_TWO);
    put_be16(p, p.size() - 4, DNS_QUERY_TYPE_AAAA);
    EXPECT_FALSE(dns_reply(p, records(true)).result);
    /* No rows for the datapath. */
    EXPECT_FALSE(dns_reply(unhex(REQ_DNS_A), {}).result);
}

TEST(PinctrlDns, FirstRowWithTheNameWins)
{
    DnsSnapshot snap;
    snap.add_row({ 1, 2 }, { { "VM1.ovn.test", "10.0.0.7" } });
    snap.add_row({ 1 }, { { "vm1.ovn.test", "10.0.0.1" } });
    ASSERT_EQ(2u, snap.by_datapath[1].size());
    ASSERT_EQ(1u, snap.by_datapath[2].size());
    L7Reply r = dns_reply(unhex(REQ_DNS_A), snap.by_datapath[1]);
    ASSERT_TRUE(r.result) << r.reason;
    EXPECT_EQ("0a000007", hex(r.packet.substr(r.packet.size() - 4)));
}

TEST(PinctrlDns, MalformedInputIsRefusedNeverOverread)
{
    std::string good = unhex(REQ_DNS_A);
    for (size_t n = 0; n < good.size(); n++) {
        L7Reply r = dns_reply(good.substr(0, n), records(false));
        EXPECT_FALSE(r.result) << n;
        EXPECT_TRUE(r.bad_input) << n;
    }
    size_t dns = 42;
    std::string p = good;
    p[dns + 2] |= 0x80;                         /* A response. */
    EXPECT_STREQ("DNS packet is a response",
                 dns_reply(p, records(false)).reason);
    p = good;
    put_be16(p, dns + 4, 2);                    /* Two questions. */
    EXPECT_FALSE(dns_reply(p, records(false)).result);
    p = good;
    p[dns + 12] = 64;                           /* Label too long. */
    EXPECT_TRUE(dns_reply(p, records(false)).bad_input);
    p = good;
    p[dns + 12] = static_cast<char>(0xc0);      /* A pointer. */
    EXPECT_TRUE(dns_reply(p, records(false)).bad_input);
}

}  // namespace
}  // namespace ovn
