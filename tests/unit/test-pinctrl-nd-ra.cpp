/* Unit tests of pinctrl-nd-ra: the router advertisements that answer a
 * router solicitation, against what Debian's ovn-controller 23.03 sent
 * on topology tests/parity/nd-ra.sh (solicitation:
 * tests/pinctrl/l7-packet.py nd-rs; advertisements:
 * tests/pinctrl/debian/nd-ra/). */
#include <config.h>

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "ovn/controller/pinctrl-nd-ra.h"
#include "tests/unit/pinctrl-l7-test.h"

namespace ovn {
namespace {

using test::hex;
using test::unhex;

/* From 50:54:00:00:00:01, fe80::5254:ff:fe00:1 to ff02::2. */
const char REQ_ND_RS[] =
    "33330000000250540000000186dd6000000000103afffe800000000000005254"
    "00fffe000001ff0200000000000000000000000000028500da83000000000101"
    "505400000001";

/* Debian's answer, addressed by the logical flows. */
const char DEBIAN_ND_RA[] =
    "50540000000100000000ff0186dd6000000000583afffe800000000000000200"
    "00fffe00ff01fe80000000000000525400fffe000001860066c6ff00ffff0000"
    "000000000000010100000000ff0105010000000005a219030000ffffffffae70"
    "00000000000000000000000000fe030440c0ffffffffffffffff00000000ae70"
    "0000000000000000000000000000";

/* put_nd_ra_opts's userdata after the destination field for lr0-sw0
 * (addr_mode = "slaac", slla = 00:00:00:00:ff:01, mtu = 1442, rdnss =
 * ae70::fe, prefix = ae70::/64), as the compiler encodes it: the whole
 * advertisement, checksum zero. */
std::string
ra_userdata()
{
    return unhex("86000000ff00ffff0000000000000000"
                 "010100000000ff01"
                 "05010000000005a2"
                 "19030000ffffffffae7000000000000000000000000000fe"
                 "030440c0ffffffffffffffff00000000"
                 "ae700000000000000000000000000000");
}

/* eth.dst = eth.src; eth.src = 00:00:00:00:ff:01; ip6.dst = ip6.src;
 * ip6.src = fe80::200:ff:fe00:ff01: the checksum follows, as the switch
 * updates it. */
std::string
addressed(std::string p)
{
    p.replace(0, 6, unhex("505400000001"));
    p.replace(6, 6, unhex("00000000ff01"));
    p.replace(14 + 24, 16, unhex("fe800000000000005254" "00fffe000001"));
    p.replace(14 + 8, 16, unhex("fe800000000000000200" "00fffe00ff01"));
    std::string ra = p.substr(54);
    put_be16(ra, 2, 0);
    std::string pseudo = p.substr(22, 32);
    append_be32(pseudo, static_cast<uint32_t>(ra.size()));
    append_be32(pseudo, 58);
    put_be16(p, 56, inet_checksum(pseudo + ra));
    return hex(p);
}

TEST(PinctrlNdRa, SolicitationGetsAdvertisementAsDebianSendsIt)
{
    L7Reply r = nd_ra_reply(unhex(REQ_ND_RS), ra_userdata());
    ASSERT_TRUE(r.result) << r.reason;
    EXPECT_EQ(DEBIAN_ND_RA, addressed(r.packet));
}

TEST(PinctrlNdRa, ChecksumIsRightBeforeTheFlowsReaddressIt)
{
    L7Reply r = nd_ra_reply(unhex(REQ_ND_RS), ra_userdata());
    ASSERT_TRUE(r.result) << r.reason;
    std::string pseudo = r.packet.substr(22, 32);
    append_be32(pseudo, static_cast<uint32_t>(r.packet.size() - 54));
    append_be32(pseudo, 58);
    EXPECT_EQ(0, inet_checksum(pseudo + r.packet.substr(54)));
}

TEST(PinctrlNdRa, MalformedInputIsRefused)
{
    std::string rs = unhex(REQ_ND_RS);
    for (size_t n = 0; n < 58; n++) {
        L7Reply r = nd_ra_reply(rs.substr(0, n), ra_userdata());
        EXPECT_FALSE(r.result) << n;
        EXPECT_TRUE(r.bad_input) << n;
    }
    EXPECT_FALSE(nd_ra_reply(rs, ra_userdata().substr(0, 15)).result);
    std::string ra = ra_userdata();
    ra[0] = static_cast<char>(135);
    EXPECT_FALSE(nd_ra_reply(rs, ra).result);
    std::string p = rs;
    p[54] = static_cast<char>(128);             /* An echo request. */
    EXPECT_FALSE(nd_ra_reply(p, ra_userdata()).result);
}


/* The periodic advertisements: built from lr0-sw0's Port_Binding options
 * as ovn-northd 23.03 writes them on tests/parity/nd-ra.sh. */
std::map<std::string, std::string>
periodic_options()
{
    return {
        {"ipv6_ra_address_mode", "slaac"},
        {"ipv6_ra_max_interval", "4"},
        {"ipv6_ra_min_interval", "3"},
        {"ipv6_ra_mtu", "1442"},
        {"ipv6_ra_prefixes", "ae70::/64"},
        {"ipv6_ra_prf", "MEDIUM"},
        {"ipv6_ra_rdnss", "ae70::fe"},
        {"ipv6_ra_send_periodic", "true"},
        {"ipv6_ra_src_addr", "fe80::200:ff:fe00:ff01"},
        {"ipv6_ra_src_eth", "00:00:00:00:ff:01"},
        {"peer", "sw0-lr0"},
    };
}

TEST(PinctrlNdRaPeriodic, DebiansBytesAndIntervals)
{
    NdRaPeriodic ra;
    ASSERT_EQ("", nd_ra_periodic_from_options(periodic_options(), &ra));
    /* tests/pinctrl/debian/nd-ra/periodic-ra. */
    EXPECT_EQ("33330000000100000000ff0186dd6000000000583afffe80000000000000"
              "020000fffe00ff01ff0200000000000000000000000000018600b798ff00"
              "ffff0000000000000000010100000000ff0105010000000005a2030440c0"
              "ffffffffffffffff00000000ae7000000000000000000000000000001903"
              "0000ffffffffae7000000000000000000000000000fe",
              hex(ra.packet));
    EXPECT_EQ(3, ra.min_interval);
    EXPECT_EQ(4, ra.max_interval);
}

TEST(PinctrlNdRaPeriodic, ModesAndPreference)
{
    auto o = periodic_options();
    NdRaPeriodic ra;
    const size_t flags = 14 + 40 + 5;           /* RA flags byte. */
    const size_t prefix_flags = 14 + 40 + 16 + 8 + 8 + 3;
    o["ipv6_ra_address_mode"] = "dhcpv6_stateful";
    o["ipv6_ra_prf"] = "HIGH";
    ASSERT_EQ("", nd_ra_periodic_from_options(o, &ra));
    EXPECT_EQ(0x88, uint8_t(ra.packet[flags]));
    EXPECT_EQ(0x80, uint8_t(ra.packet[prefix_flags]));
    o["ipv6_ra_address_mode"] = "dhcpv6_stateless";
    o["ipv6_ra_prf"] = "LOW";
    ASSERT_EQ("", nd_ra_periodic_from_options(o, &ra));
    EXPECT_EQ(0x58, uint8_t(ra.packet[flags]));
    EXPECT_EQ(0x80, uint8_t(ra.packet[prefix_flags]));
}

TEST(PinctrlNdRaPeriodic, SearchListAndRoutes)
{
    auto o = periodic_options();
    o.erase("ipv6_ra_rdnss");
    o.erase("ipv6_ra_mtu");
    o["ipv6_ra_dnssl"] = "ab.c";
    o["ipv6_ra_route_info"] = "HIGH-aef1::11/48,LOW-aef2::11/96";
    NdRaPeriodic ra;
    ASSERT_EQ("", nd_ra_periodic_from_options(o, &ra));
    /* After the headers, the source link-layer address and the prefix:
     * the search list padded to 8 bytes, then a route of 8 prefix bytes
     * and one of 16, with their preferences. */
    EXPECT_EQ("1f020000ffffffff0261620163000000"
              "18023008ffffffffaef1000000000000"
              "18036018ffffffffaef2000000000000"
              "0000000000000011",
              hex(ra.packet.substr(14 + 40 + 16 + 8 + 32)));
}

TEST(PinctrlNdRaPeriodic, IntervalBounds)
{
    auto o = periodic_options();
    NdRaPeriodic ra;
    o.erase("ipv6_ra_max_interval");
    o.erase("ipv6_ra_min_interval");
    ASSERT_EQ("", nd_ra_periodic_from_options(o, &ra));
    EXPECT_EQ(600, ra.max_interval);
    EXPECT_EQ(200, ra.min_interval);
    o["ipv6_ra_max_interval"] = "1";
    o["ipv6_ra_min_interval"] = "9";
    ASSERT_EQ("", nd_ra_periodic_from_options(o, &ra));
    EXPECT_EQ(4, ra.max_interval);
    EXPECT_EQ(3, ra.min_interval);
}

TEST(PinctrlNdRaPeriodic, NotPeriodicOrBadOptions)
{
    NdRaPeriodic ra;
    auto o = periodic_options();
    o["ipv6_ra_send_periodic"] = "false";
    EXPECT_EQ("-", nd_ra_periodic_from_options(o, &ra));
    EXPECT_EQ("-", nd_ra_periodic_from_options({}, &ra));

    const std::string long_label(64, 'a');
    const std::pair<const char *, const char *> bad[] = {
        {"ipv6_ra_address_mode", "dhcp"},
        {"ipv6_ra_src_eth", "00:00:00:00:ff"},
        {"ipv6_ra_src_eth", "00:00:00:00:ff:01:02"},
        {"ipv6_ra_src_addr", "fe80::1::2"},
        {"ipv6_ra_prefixes", "ae70::/129"},
        {"ipv6_ra_prefixes", "ae70::"},
        {"ipv6_ra_rdnss", "10.0.0.1"},
        {"ipv6_ra_route_info", "HIGH-aef1::/x"},
        {"ipv6_ra_dnssl", long_label.c_str()},
    };
    for (const auto &[key, value] : bad) {
        auto b = periodic_options();
        b[key] = value;
        EXPECT_NE("", nd_ra_periodic_from_options(b, &ra)) << key << "="
                                                             << value;
        EXPECT_NE("-", nd_ra_periodic_from_options(b, &ra));
    }
    o = periodic_options();
    o.erase("ipv6_ra_address_mode");
    EXPECT_NE("", nd_ra_periodic_from_options(o, &ra));
}

}  // namespace
}  // namespace ovn
