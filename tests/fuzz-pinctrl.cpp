/* fuzz-pinctrl: a standalone fuzz driver for pinctrl's packet-in path
 * (ovn/controller/pinctrl.cpp and its handlers), for builds without
 * libFuzzer, in the style of tests/fuzz-lflow-compile.cpp.
 *
 *   fuzz-pinctrl [--seconds=N] [--seed=S]
 *
 * Builds NXT_PACKET_IN2 messages for every opcode from a few seed packets
 * (ARP, ICMP, TCP, UDP, BFD, SCTP, ICMPv6 ND, IGMP, MLD) and userdata
 * (the opcode, its padding, random arguments), mutates them for N seconds
 * (default 5): mostly the packet and the userdata before encoding, so
 * that the handlers see them, sometimes the encoded message itself, so
 * that the decoding does, and hands each to pinctrl_fuzz_one().  One
 * input in eight is text instead, for the parsers of what pinctrl reads
 * from the Southbound: a Port_Binding's nat_addresses value
 * (pinctrl-garp's gratuitous ARPs), mutated from well-formed seeds.
 * Passing means not crashing, not hanging (10 s per input) and, under
 * the sanitizers, no report.  The mutations depend only on the seed. */
#include <config.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "lib/c-ptr.h"
#include "lib/ovs-internal.h"
#include "openvswitch/ofp-errors.h"
#include "openvswitch/ofp-packet.h"
#include "openvswitch/ofp-protocol.h"
#include "openvswitch/ofpbuf.h"
#include "ovn/controller/pinctrl-garp.h"
#include "ovn/controller/pinctrl.h"
#include "ovn/lib/actions.h"

namespace {

using Bytes = std::vector<uint8_t>;

Bytes
hex(const char *s)
{
    Bytes b;
    for (; s[0] && s[1]; s += 2) {
        char h[3] = { s[0], s[1], 0 };
        b.push_back(uint8_t(strtoul(h, nullptr, 16)));
    }
    return b;
}

const char *const seed_packets[] = {
    /* ICMP echo 10.0.0.1 -> 10.0.1.2. */
    "00000000ff0150540000000108004500001c000000004001659f0a0000010a000102"
    "0800f7ff00000000",
    /* TCP SYN 10.0.0.1:12345 -> 10.0.1.2:80. */
    "00000000ff01505400000001080045000028000000004006649f0a0000010a000102"
    "30390050000000000000000050020000" "00000000",
    /* UDP 10.0.0.1:12345 -> 10.0.1.2:53. */
    "00000000ff0150540000000108004500001c000000004011649f0a0000010a000102"
    "30390035000800",
    /* BFD control packet 10.0.0.2:49999 -> 10.0.0.254:3784, state up. */
    "00000000ee015054000000020800450000340000000000ff11a6b90a0000020a0000fe"
    "c34f0ec800200000" "20c0051800000077000000010001e8480001e84800000000",
    /* SCTP INIT. */
    "00000000ff01505400000001080045000034000000004084649f0a0000010a000102"
    "3039005000000000000000000100001400000001000100000001000100000001",
    /* ARP reply. */
    "00000000ff02505400000002080600010800060400025054000000020a000102"
    "00000000ff020a0001fe",
    /* ICMPv6 NS for 2001:db8::fe, with VLAN 5. */
    "3333ff0000fe50540000000181000005" "86dd6000000000203aff"
    "20010db8000000000000000000000001ff0200000000000000000001ff0000fe"
    "87000000000000002001db80000000000000000000000000fe0101505400000001",
    /* IGMPv3 report: 10.0.0.2 joins 239.0.1.68. */
    "01005e000016505400000002080046c0002800000000010239f80a000002e0000016"
    "940400002200e9b90000000104000000ef000144",
    /* MLDv2 report, with the router alert: ff05::1:3 joined. */
    "33330000001650540000000286dd6000000000240001fe800000000000005054"
    "00fffe000002ff0200000000000000000000000000163a000502000001008f00"
    "20ae0000000104000000ff050000000000000000000000010003",
};

/* nat_addresses values as ovn-northd 23.03 writes them. */
const char *const seed_nat_addresses[] = {
    "00:00:00:00:ff:02 172.16.0.1 172.16.0.100 172.16.0.101",
    "00:00:00:00:ff:02 172.16.0.1 is_chassis_resident(\"cr-lr0-pub\")",
    "0a:00:00:00:00:01 10.0.0.1 2001:db8::1",
    "00:00:00:00:ff:02",
};

class Fuzzer {
public:
    explicit Fuzzer(unsigned seed) : rng_(seed) {}

    void run_one()
    {
        if (pick(8) == 0) {
            run_one_text();
            return;
        }
        Bytes packet = hex(seed_packets[pick(std::size(seed_packets))]);
        Bytes userdata(8, 0);
        uint32_t opcode = pick(10)
                          ? pick(ovn::ACTION_OPCODE_ACTIVATION_STRATEGY_RARP
                                 + 1)
                                   : uint32_t(rng_());
        for (int i = 0; i < 4; i++) {
            userdata[i] = uint8_t(opcode >> (24 - 8 * i));
        }
        if (opcode == ovn::ACTION_OPCODE_EVENT && pick(2)) {
            /* A well-formed empty_lb_backends event, for the mutations
             * to start from. */
            const Bytes event = hex("00000000"
                                    "0001000d31302e302e302e3130303a3830"
                                    "00020003746370"
                                    "00030024"
                                    "62363539626665352d353337392d3435"
                                    "61622d623861612d3562396234653830"
                                    "36313064");
            userdata.insert(userdata.end(), event.begin(), event.end());
        } else {
            size_t n_args = pick(4) ? pick(64) : 0;
            for (size_t i = 0; i < n_args; i++) {
                userdata.push_back(uint8_t(rng_()));
            }
        }
        mutate(packet);
        if (pick(4) == 0) {
            mutate(userdata);
        }

        ofputil_packet_in_private pin;
        memset(&pin, 0, sizeof pin);
        pin.base.packet = packet.data();
        pin.base.packet_len = packet.size();
        pin.base.reason = OFPR_ACTION;
        pin.base.table_id = uint8_t(pick(80));
        pin.base.userdata = userdata.data();
        pin.base.userdata_len = userdata.size();
        match_init_catchall(&pin.base.flow_metadata);
        match_set_metadata(&pin.base.flow_metadata,
                           htonll(1 + pick(4)));
        for (int r = 0; r < 16; r++) {
            if (pick(2)) {
                match_set_reg(&pin.base.flow_metadata, r, uint32_t(rng_()));
            }
        }
        ovs::OfpbufPtr msg(ofputil_encode_packet_in_private(
                               &pin, OFPUTIL_P_OF15_OXM,
                               OFPUTIL_PACKET_IN_NXT2));
        if (pick(5) == 0) {
            /* The message itself, mangled: only the decoding sees it. */
            Bytes raw(static_cast<uint8_t *>(msg->data),
                      static_cast<uint8_t *>(msg->data) + msg->size);
            mutate(raw, true);
            ovn::pinctrl_fuzz_one(raw.data(), raw.size());
        } else {
            ovn::pinctrl_fuzz_one(msg->data, msg->size);
        }
    }

private:
    /* A nat_addresses value, parsed as pinctrl-garp parses it, and the
     * gratuitous ARP of each address built. */
    void run_one_text()
    {
        const char *seed = seed_nat_addresses[
            pick(std::size(seed_nat_addresses))];
        Bytes text(seed, seed + strlen(seed));
        mutate(text);
        std::string_view resident;
        const auto parsed = ovn::garp_parse_nat_addresses(
            std::string_view(reinterpret_cast<const char *>(text.data()),
                             text.size()), &resident);
        if (parsed) {
            for (const ovn::Ipv4Netaddr &ip : parsed->ipv4) {
                ovn::garp_packet(ovn::GarpAnnouncement{parsed->mac, ip.addr,
                                                       1, 1});
            }
        }
    }

    uint32_t pick(uint32_t n) { return n ? uint32_t(rng_() % n) : 0; }

    void mutate(Bytes &b, bool keep_header = false)
    {
        size_t lo = keep_header ? 8 : 0;
        int n = pick(4);
        for (int i = 0; i < n && b.size() > lo; i++) {
            switch (pick(4)) {
            case 0:                     /* Flip a byte. */
                b[lo + pick(b.size() - lo)] ^= uint8_t(1 + pick(255));
                break;
            case 1:                     /* Truncate. */
                b.resize(lo + pick(b.size() - lo + 1));
                break;
            case 2:                     /* Insert junk. */
                b.insert(b.begin() + lo + pick(b.size() - lo + 1),
                         size_t(1 + pick(8)), uint8_t(rng_()));
                break;
            default:                    /* Set a byte to an edge value. */
                b[lo + pick(b.size() - lo)] = pick(2) ? 0xff : 0;
                break;
            }
        }
    }

    std::mt19937 rng_;
};

}  // namespace

int
main(int argc, char *argv[])
{
    double seconds = 5;
    unsigned seed = 1;
    for (int i = 1; i < argc; i++) {
        if (!strncmp(argv[i], "--seconds=", 10)) {
            seconds = atof(argv[i] + 10);
        } else if (!strncmp(argv[i], "--seed=", 7)) {
            seed = unsigned(atoi(argv[i] + 7));
        } else {
            fprintf(stderr, "usage: %s [--seconds=N] [--seed=S]\n",
                    argv[0]);
            return 2;
        }
    }

    Fuzzer fuzzer(seed);
    const auto end = std::chrono::steady_clock::now()
                     + std::chrono::duration<double>(seconds);
    unsigned long n = 0;
    do {
        fuzzer.run_one();
        n++;
    } while (std::chrono::steady_clock::now() < end);
    printf("%lu packet-ins, seed %u\n", n, seed);
    return 0;
}
