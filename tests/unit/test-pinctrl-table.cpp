/* pinctrl's handlers, one table: for each opcode, packet-ins as the
 * logical flows send them and packet-ins they never send (bad userdata, a
 * packet the action cannot apply to), and what the handler must do with
 * each: send an answer (the bytes it builds, before the nested actions
 * change them), resume the pipeline, queue a Southbound write (and wake
 * the main thread), or drop it for a given reason.  What the answers
 * become on a real switch, compared with Debian's, is in tests/pinctrl*.at;
 * the L7 replies (DHCP, DNS, router advertisements) byte by byte in
 * test-pinctrl-dhcp.cpp and the like. */
#include <config.h>

#include <gtest/gtest.h>

#include <map>
#include <ostream>
#include <optional>
#include <string>
#include <vector>

#include "lib/ovs-internal.h"
#include "openvswitch/ofp-packet.h"
#include "openvswitch/ofpbuf.h"
#include "ovn/controller/pinctrl-handler.h"
#include "tests/unit/pinctrl-test-util.h"
#include "ovn/lib/logical-fields.h"

namespace ovn {
namespace {

using FakeDispatch = FakePinctrlDispatch;
using FakeContext = FakePinctrlContext;

/* Packets, as ovs-ofctl compose-packet makes them: from vm1
 * 50:54:00:00:00:01 10.0.0.1 (2001:db8::1) to its router
 * 00:00:00:00:ff:01, for 10.0.1.2 (2001:db8:1::2). */
const char ICMP4_ECHO[] =
    "00000000ff0150540000000108004500005c000000004001659f0a0000010a000102"
    "080013fc00000000000102030405060708090a0b0c0d0e0f101112131415161718"
    "191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a"
    "3b3c3d3e3f";
const char ICMP6_ECHO[] =
    "00000000ff0150540000000186dd6000000000483a4020010db80000000000000000"
    "0000000120010db80001000000000000000000028000400300000000000102030405"
    "060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f2021222324252627"
    "28292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f";
/* vm1 asks for 2001:db8::fe. */
const char ND_NS[] =
    "3333ff0000fe50540000000186dd6000000000203aff20010db80000000000000000"
    "00000001ff0200000000000000000001ff0000fe8700cbda0000000020010db80000"
    "000000000000000000fe0101505400000001";
/* 10.0.0.1:12345 -> 10.0.1.2:80, SYN. */
const char TCP4_SYN[] =
    "00000000ff0150540000000108004500002800000000400665ce0a0000010a000102"
    "303900500000000000000000500200006a570000";
const char UDP4[] =
    "00000000ff0150540000000108004500005c000000004011658f0a0000010a000102"
    "303900350048d5e9000102030405060708090a0b0c0d0e0f101112131415161718"
    "191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a"
    "3b3c3d3e3f";
/* 10.0.0.1:1 -> 10.0.1.2:2, INIT. */
const char SCTP4[] =
    "00000000ff0150540000000108004500003400000000408465440a0000010a000102"
    "00010002000000007be7b02e01000014000000010000ffff000a000a00000001";
/* A gratuitous ARP from 50:54:00:00:00:01 for 10.0.0.10. */
const char GARP[] =
    "ffffffffffff505400000001080600010800060400015054000000010a00000a"
    "0000000000000a00000a";
/* A SYN+ACK to the health checks' 10.0.0.250:1 that no probe asked. */
const char SVC_SYN_ACK[] =
    "fe000000000150540000000108004500002800004000400626d40a0000010a0000fa"
    "00500001000003e8000000015012ffff00000000";

enum class Did {
    SEND,       /* Sends an answer (packet-out). */
    RESUME,     /* Resumes the paused pipeline. */
    QUEUE,      /* Queues a Southbound write and wakes the main thread. */
    NOTHING,    /* Nothing at all (an action that only logs). */
};

struct Row {
    const char *name;
    uint32_t opcode;
    const char *packet;             /* Hex. */
    std::vector<uint8_t> userdata;  /* After the opcode. */
    Did did;
    /* The answer's bytes (hex), SEND and RESUME only; null: not checked
     * here (tests/pinctrl*.at and the L7 unit tests check them). */
    const char *reply = nullptr;
    std::optional<PinctrlDrop> drop = std::nullopt;
    uint64_t dp_key = 1;
    uint32_t inport = 2;
    bool paused = false;            /* The action paused the pipeline. */
};

const auto BAD_USERDATA = PinctrlDrop::BAD_USERDATA;
const auto BAD_PACKET = PinctrlDrop::BAD_PACKET;

/* arp {} and nd_ns {} keep the packet until put_arp or put_nd on the same
 * datapath releases it (pinctrl-buffered.h): their rows use a datapath of
 * their own, so that the put_arp and put_nd rows only queue. */
constexpr uint64_t BUFFERING_DP = 7;

const Row ROWS[] = {
    /* arp {}: a request for the next hop, from the packet's addresses
     * (the nested actions make it a broadcast from the router port). */
    {"ArpAsksForTheDestination", ACTION_OPCODE_ARP, ICMP4_ECHO, {},
     Did::SEND,
     "00000000ff015054000000010806000108000604000150540000000"
     "10a0000010000000000000a000102", std::nullopt, BUFFERING_DP},
    {"ArpOnIpv6", ACTION_OPCODE_ARP, ICMP6_ECHO, {}, Did::NOTHING,
     nullptr, BAD_PACKET},
    {"ArpOnArp", ACTION_OPCODE_ARP, GARP, {}, Did::NOTHING, nullptr,
     BAD_PACKET},

    /* nd_ns {}: a solicitation for the destination. */
    {"NdNsSolicitsTheDestination", ACTION_OPCODE_ND_NS, ICMP6_ECHO, {},
     Did::SEND, nullptr, std::nullopt, BUFFERING_DP},
    {"NdNsOnIpv4", ACTION_OPCODE_ND_NS, ICMP4_ECHO, {}, Did::NOTHING,
     nullptr, BAD_PACKET},

    /* nd_na {}, nd_na_router {}: an advertisement for a solicitation. */
    {"NdNaAnswersASolicitation", ACTION_OPCODE_ND_NA, ND_NS, {}, Did::SEND},
    {"NdNaOnAnEcho", ACTION_OPCODE_ND_NA, ICMP6_ECHO, {}, Did::NOTHING,
     nullptr, BAD_PACKET},
    {"NdNaRouterAnswersASolicitation", ACTION_OPCODE_ND_NA_ROUTER, ND_NS, {},
     Did::SEND},
    {"NdNaRouterOnIpv4", ACTION_OPCODE_ND_NA_ROUTER, ICMP4_ECHO, {},
     Did::NOTHING, nullptr, BAD_PACKET},

    /* put_arp, put_nd: a MAC_Binding to write. */
    {"PutArpQueuesABinding", ACTION_OPCODE_PUT_ARP, GARP, {}, Did::QUEUE},
    {"PutNdQueuesABinding", ACTION_OPCODE_PUT_ND, ND_NS, {}, Did::QUEUE},

    /* icmp4 {}, icmp6 {}, icmp4_error {}, icmp6_error {}. */
    {"IcmpOnIpv4", ACTION_OPCODE_ICMP, ICMP4_ECHO, {}, Did::SEND},
    {"IcmpOnIpv6", ACTION_OPCODE_ICMP, ICMP6_ECHO, {}, Did::SEND},
    {"IcmpOnArp", ACTION_OPCODE_ICMP, GARP, {}, Did::NOTHING, nullptr,
     BAD_PACKET},
    {"Icmp4ErrorQuotesTheDatagram", ACTION_OPCODE_ICMP4_ERROR, UDP4, {},
     Did::SEND},
    {"Icmp4ErrorOnArp", ACTION_OPCODE_ICMP4_ERROR, GARP, {}, Did::NOTHING,
     nullptr, BAD_PACKET},
    {"Icmp6ErrorQuotesTheDatagram", ACTION_OPCODE_ICMP6_ERROR, ICMP6_ECHO,
     {}, Did::SEND},
    {"Icmp6ErrorOnArp", ACTION_OPCODE_ICMP6_ERROR, GARP, {}, Did::NOTHING,
     nullptr, BAD_PACKET},

    /* tcp_reset {}, sctp_abort {}, reject {}. */
    {"TcpResetAnswersASyn", ACTION_OPCODE_TCP_RESET, TCP4_SYN, {},
     Did::SEND},
    {"TcpResetOnUdp", ACTION_OPCODE_TCP_RESET, UDP4, {}, Did::NOTHING,
     nullptr, BAD_PACKET},
    {"SctpAbortAnswersSctp", ACTION_OPCODE_SCTP_ABORT, SCTP4, {},
     Did::SEND},
    {"SctpAbortOnTcp", ACTION_OPCODE_SCTP_ABORT, TCP4_SYN, {},
     Did::NOTHING, nullptr, BAD_PACKET},
    {"RejectTcpWithARst", ACTION_OPCODE_REJECT, TCP4_SYN, {}, Did::SEND},
    {"RejectUdpWithAnIcmpError", ACTION_OPCODE_REJECT, UDP4, {},
     Did::SEND},
    {"RejectSctpWithAnAbort", ACTION_OPCODE_REJECT, SCTP4, {}, Did::SEND},
    {"RejectArp", ACTION_OPCODE_REJECT, GARP, {}, Did::NOTHING, nullptr,
     BAD_PACKET},

    /* icmp4.frag_mtu, icmp6.frag_mtu: the MTU into the ICMP error, and
     * the pipeline always resumed. */
    {"FragMtu4SetsTheMtu", ACTION_OPCODE_PUT_ICMP4_FRAG_MTU, ICMP4_ECHO,
     {0x05, 0xdc}, Did::RESUME, nullptr, std::nullopt, 1, 2, true},
    {"FragMtu4WithoutMtu", ACTION_OPCODE_PUT_ICMP4_FRAG_MTU, ICMP4_ECHO,
     {0x05}, Did::RESUME, nullptr, BAD_USERDATA, 1, 2, true},
    {"FragMtu4NotPaused", ACTION_OPCODE_PUT_ICMP4_FRAG_MTU, ICMP4_ECHO,
     {0x05, 0xdc}, Did::NOTHING, nullptr, BAD_USERDATA},
    {"FragMtu4OnUdp", ACTION_OPCODE_PUT_ICMP4_FRAG_MTU, UDP4,
     {0x05, 0xdc}, Did::RESUME, UDP4, BAD_PACKET, 1, 2, true},
    {"FragMtu6WithoutMtu", ACTION_OPCODE_PUT_ICMP6_FRAG_MTU, ICMP6_ECHO,
     {0, 0, 5}, Did::RESUME, nullptr, BAD_USERDATA, 1, 2, true},

    /* put_dhcp_opts, put_dhcpv6_opts, put_nd_ra_opts, dns_lookup: the
     * userdata starts with the result bit's field; without one, the
     * pipeline resumes unanswered. */
    {"PutDhcpOptsWithoutResultBit", ACTION_OPCODE_PUT_DHCP_OPTS, UDP4, {},
     Did::RESUME, UDP4, BAD_USERDATA, 1, 2, true},
    {"PutDhcpv6OptsWithoutResultBit", ACTION_OPCODE_PUT_DHCPV6_OPTS,
     ICMP6_ECHO, {1, 2}, Did::RESUME, ICMP6_ECHO, BAD_USERDATA, 1, 2, true},
    {"PutNdRaOptsWithoutResultBit", ACTION_OPCODE_PUT_ND_RA_OPTS, ND_NS,
     {}, Did::RESUME, ND_NS, BAD_USERDATA, 1, 2, true},
    {"DnsLookupWithoutResultBit", ACTION_OPCODE_DNS_LOOKUP, UDP4, {0},
     Did::RESUME, UDP4, BAD_USERDATA, 1, 2, true},

    /* trigger_event: empty_lb_backends and its three options. */
    {"EventWithoutType", ACTION_OPCODE_EVENT, TCP4_SYN, {}, Did::NOTHING,
     nullptr, BAD_USERDATA},
    {"EventOfUnknownType", ACTION_OPCODE_EVENT, TCP4_SYN, {0, 0, 0, 9},
     Did::NOTHING, nullptr, BAD_USERDATA},
    {"EventWithoutOptions", ACTION_OPCODE_EVENT, TCP4_SYN, {0, 0, 0, 0},
     Did::NOTHING, nullptr, BAD_USERDATA},
    {"EventWithTruncatedOption", ACTION_OPCODE_EVENT, TCP4_SYN,
     {0, 0, 0, 0, 0, 0}, Did::NOTHING, nullptr, BAD_USERDATA},

    /* bind_vport: the virtual port's key, 4 bytes, 1 to 2**24 - 1. */
    {"BindVportQueuesTheParent", ACTION_OPCODE_BIND_VPORT, GARP,
     {0, 0, 0, 3}, Did::QUEUE},
    {"BindVportWithoutKey", ACTION_OPCODE_BIND_VPORT, GARP, {},
     Did::NOTHING, nullptr, BAD_USERDATA},
    {"BindVportShortKey", ACTION_OPCODE_BIND_VPORT, GARP, {0, 0, 3},
     Did::NOTHING, nullptr, BAD_USERDATA},
    {"BindVportLongKey", ACTION_OPCODE_BIND_VPORT, GARP, {0, 0, 0, 3, 0},
     Did::NOTHING, nullptr, BAD_USERDATA},
    {"BindVportZeroKey", ACTION_OPCODE_BIND_VPORT, GARP, {0, 0, 0, 0},
     Did::NOTHING, nullptr, BAD_USERDATA},
    {"BindVportKeyOver24Bits", ACTION_OPCODE_BIND_VPORT, GARP, {1, 0, 0, 0},
     Did::NOTHING, nullptr, BAD_USERDATA},
    {"BindVportDatapathZero", ACTION_OPCODE_BIND_VPORT, GARP, {0, 0, 0, 3},
     Did::NOTHING, nullptr, BAD_USERDATA, 0, 2},
    {"BindVportInportZero", ACTION_OPCODE_BIND_VPORT, GARP, {0, 0, 0, 3},
     Did::NOTHING, nullptr, BAD_USERDATA, 1, 0},

    /* put_fdb: keys in the FDB table's range, 1 to 2**24 - 1. */
    {"PutFdbQueuesTheMac", ACTION_OPCODE_PUT_FDB, GARP, {}, Did::QUEUE},
    {"PutFdbDatapathZero", ACTION_OPCODE_PUT_FDB, GARP, {}, Did::NOTHING,
     nullptr, BAD_USERDATA, 0, 2},
    {"PutFdbInportZero", ACTION_OPCODE_PUT_FDB, GARP, {}, Did::NOTHING,
     nullptr, BAD_USERDATA, 1, 0},
    {"PutFdbDatapathOver24Bits", ACTION_OPCODE_PUT_FDB, GARP, {},
     Did::NOTHING, nullptr, BAD_USERDATA, 1 << 24, 2},
    {"PutFdbMetadataOver32Bits", ACTION_OPCODE_PUT_FDB, GARP, {},
     Did::NOTHING, nullptr, BAD_USERDATA, 1ull << 32 | 1, 2},
    {"PutFdbInportOver24Bits", ACTION_OPCODE_PUT_FDB, GARP, {},
     Did::NOTHING, nullptr, BAD_USERDATA, 1, 1 << 24},

    /* handle_svc_check: an answer to no probe. */
    {"SvcCheckAnswerToNoProbe", ACTION_OPCODE_HANDLE_SVC_CHECK, SVC_SYN_ACK,
     {}, Did::NOTHING, nullptr, BAD_PACKET},
    {"SvcCheckOnArp", ACTION_OPCODE_HANDLE_SVC_CHECK, GARP, {},
     Did::NOTHING, nullptr, BAD_PACKET},
    {"SvcCheckOnUdp", ACTION_OPCODE_HANDLE_SVC_CHECK, UDP4, {},
     Did::NOTHING, nullptr, BAD_PACKET},

    /* activation_strategy_rarp: the port to activate. */
    {"ActivationQueuesThePort", ACTION_OPCODE_ACTIVATION_STRATEGY_RARP,
     GARP, {}, Did::QUEUE},
};

/* Failures name the row. */
void
PrintTo(const Row &row, std::ostream *os)
{
    *os << row.name;
}

class PinctrlHandlerTable : public ::testing::TestWithParam<Row> {
protected:
    PinctrlHandlerTable()
    {
        pinctrl_register_arp_nd(dispatch_);
        pinctrl_register_icmp(dispatch_);
        pinctrl_register_mac_binding(dispatch_);
        pinctrl_register_l7(dispatch_);
        pinctrl_register_event(dispatch_);
        pinctrl_register_activation(dispatch_);
        pinctrl_register_fdb(dispatch_);
        pinctrl_register_vport(dispatch_);
        pinctrl_register_svc_monitor(dispatch_);
    }

    void
    run(const Row &row)
    {
        const PacketBytes packet = packet_from_hex(row.packet);
        match md;
        match_init_catchall(&md);
        match_set_metadata(&md, htonll(row.dp_key));
        match_set_reg(&md, MFF_LOG_INPORT - MFF_REG0, row.inport);
        /* Anything will do: the handlers only look whether there is
         * one. */
        uint8_t cont_bytes[8] = {0};
        ofpbuf continuation;
        ofpbuf_use_const(&continuation, cont_bytes,
                         row.paused ? sizeof cont_bytes : 0);
        ofputil_packet_in pin;
        memset(&pin, 0, sizeof pin);
        PinctrlPacketIn pi{row.opcode, &pin, &continuation, &md,
                           PinctrlPacket(packet.data(), packet.size()),
                           row.userdata.data(), row.userdata.size()};
        dispatch_.handlers.at(row.opcode)(ctx, pi);
    }

    FakeContext ctx;

private:
    FakeDispatch dispatch_;
};

TEST_P(PinctrlHandlerTable, DoesWhatTheRowSays)
{
    const Row &row = GetParam();
    run(row);

    if (row.drop) {
        EXPECT_EQ(ctx.drops, std::vector<PinctrlDrop>{*row.drop});
    } else {
        EXPECT_TRUE(ctx.drops.empty());
    }
    EXPECT_EQ(ctx.sent.size(), row.did == Did::SEND ? 1u : 0u);
    EXPECT_EQ(ctx.resumed.size(), row.did == Did::RESUME ? 1u : 0u);
    if (row.did == Did::QUEUE) {
        EXPECT_EQ(ctx.n_notified, 1);
    } else if (row.did != Did::SEND) {
        /* (arp {} and nd_ns {} wake the main thread for a next hop that
         * starts waiting.) */
        EXPECT_EQ(ctx.n_notified, 0);
    }
    if (row.reply) {
        const auto &answers = row.did == Did::SEND ? ctx.sent : ctx.resumed;
        ASSERT_FALSE(answers.empty());
        EXPECT_EQ(packet_to_hex(answers[0]), row.reply);
    }
}

INSTANTIATE_TEST_SUITE_P(
    Opcodes, PinctrlHandlerTable, ::testing::ValuesIn(ROWS),
    [](const ::testing::TestParamInfo<Row> &info) {
        return std::string(info.param.name);
    });

/* Every opcode that has a handler has rows above. */
TEST(PinctrlHandlerTableCoverage, EveryHandlerHasRows)
{
    class Registered : public PinctrlDispatch {
    public:
        void add(uint32_t opcode, const char *name, PinctrlHandler) override
        {
            names[opcode] = name;
        }
        void add_sb_flush(PinctrlSbFlush) override {}
        void add_periodic(PinctrlPeriodic) override {}
        std::map<uint32_t, std::string> names;
    } d;
    pinctrl_register_arp_nd(d);
    pinctrl_register_icmp(d);
    pinctrl_register_mac_binding(d);
    pinctrl_register_l7(d);
    pinctrl_register_event(d);
    pinctrl_register_activation(d);
    pinctrl_register_fdb(d);
    pinctrl_register_vport(d);
    pinctrl_register_svc_monitor(d);
    for (const Row &row : ROWS) {
        d.names.erase(row.opcode);
    }
    /* log (ACL logging) is tested in test-pinctrl-log.cpp. */
    d.names.erase(ACTION_OPCODE_LOG);
    EXPECT_TRUE(d.names.empty()) << "no row for " << d.names.begin()->second;
}

}  // namespace
}  // namespace ovn
