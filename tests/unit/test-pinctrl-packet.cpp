/* The packets pinctrl builds (ovn/controller/pinctrl-packet.h), byte for
 * byte as Debian's ovn-controller 23.03 builds them (tests/pinctrl.at
 * checks the same against it on real switches). */
#include <config.h>

#include <gtest/gtest.h>

#include <string>

#include "ovn/controller/pinctrl-packet.h"
#include "tests/unit/pinctrl-test-util.h"

namespace ovn {
namespace {

/* An ICMP echo from 10.0.0.1 to 10.0.1.2, as it reaches arp {} in the
 * router: eth.src the router port's, eth.dst zero. */
const std::string ECHO_AT_ARP =
    "000000000000" "00000000ff02" "0800"
    "4500001c00000000" "3f01" "0000" "0a000001" "0a000102"
    "0800f7ff00000000";

TEST(PinctrlPacket, ArpRequestAsksForTheDestinationFromTheSource)
{
    PacketBytes in = packet_from_hex(ECHO_AT_ARP);
    PinctrlPacket p(in.data(), in.size());
    EXPECT_EQ(packet_to_hex(build_arp_request(p)),
              "00000000000000000000ff02080600010800060400010000"
              "0000ff020a0000010000000000000a000102");
}

TEST(PinctrlPacket, ArpRequestOfNonIpIsEmpty)
{
    PacketBytes in = packet_from_hex("ffffffffffff00000000ff020806"
                              "0001080006040001");
    PinctrlPacket p(in.data(), in.size());
    EXPECT_TRUE(build_arp_request(p).empty());
}

TEST(PinctrlPacket, ChecksumOfRfc1071Example)
{
    const uint8_t data[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5,
                             0xf6, 0xf7 };
    EXPECT_EQ(packet_csum_finish(packet_csum_add(0, data, sizeof data)),
              uint16_t(~0xddf2 & 0xffff));
}

TEST(PinctrlPacket, IcmpErrorCarriesTheDatagramAndValidChecksums)
{
    PacketBytes in = packet_from_hex(ECHO_AT_ARP);
    PinctrlPacket p(in.data(), in.size());
    PacketBytes out = build_icmp(p, false, false);
    ASSERT_EQ(out.size(), 14u + 20 + 8 + 28);
    /* Destination unreachable, host unreachable. */
    EXPECT_EQ(out[34], 3);
    EXPECT_EQ(out[35], 1);
    /* Both checksums verify to zero. */
    EXPECT_EQ(packet_csum_finish(packet_csum_add(0, &out[14], 20)), 0);
    EXPECT_EQ(packet_csum_finish(packet_csum_add(0, &out[34], 36)), 0);
    /* The original datagram follows the ICMP header. */
    EXPECT_TRUE(std::equal(in.begin() + 14, in.end(), out.begin() + 42));
}

TEST(PinctrlPacket, IcmpFragMtuIsSetAndChecksumFixed)
{
    PacketBytes in = packet_from_hex(ECHO_AT_ARP);
    PinctrlPacket p(in.data(), in.size());
    PacketBytes out = build_icmp(p, false, false);
    ASSERT_TRUE(packet_set_icmp_frag_mtu(out, 1400));
    EXPECT_EQ((out[40] << 8) | out[41], 1400);
    EXPECT_EQ(packet_csum_finish(packet_csum_add(0, &out[34],
                                                 out.size() - 34)), 0);
}

TEST(PinctrlPacket, TcpResetOfSynAcknowledgesIt)
{
    /* A SYN 10.0.0.1:12345 -> 10.0.1.2:80, seq 0: the RST that 23.03
     * sends (tests/pinctrl.at), before the nested actions swap the
     * addresses. */
    PacketBytes in = packet_from_hex(
        "00000000ff0150540000000108004500002800000000400164"
        "9f0a0000010a000102303900500000000000000000500200"
        "000000" "0000");
    in[23] = 6;                         /* TCP. */
    PinctrlPacket p(in.data(), in.size());
    PacketBytes out = build_tcp_reset(p, true);
    ASSERT_EQ(out.size(), 54u);
    EXPECT_EQ(packet_to_hex(PacketBytes(out.begin() + 26, out.begin() + 50)),
              "0a0001020a000001005030390000000000000001"
              "50140000");
}

TEST(PinctrlPacket, SctpAbortIsNeverSentForAnAbort)
{
    PacketBytes in = packet_from_hex(
        "00000000ff01505400000001080045000024000000004084"
        "00000a0000010a000102" "30390050" "00000001" "00000000"
        "06000004");
    PinctrlPacket p(in.data(), in.size());
    EXPECT_TRUE(build_sctp_abort(p, true).empty());
}

TEST(PinctrlPacket, TruncatedPacketsBuildNothing)
{
    PacketBytes in = packet_from_hex(ECHO_AT_ARP);
    for (size_t n = 0; n < 34; n++) {
        PinctrlPacket p(in.data(), n);
        EXPECT_TRUE(build_tcp_reset(p, true).empty()) << n;
        EXPECT_TRUE(build_nd_na(p, true).empty()) << n;
        if (n < 14 + 20) {
            EXPECT_TRUE(build_icmp(p, true, true).empty()) << n;
        }
    }
}

}  // namespace
}  // namespace ovn
