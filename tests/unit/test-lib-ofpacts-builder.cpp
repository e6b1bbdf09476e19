#include <config.h>

#include "lib/ofpacts-builder.h"

#include <netinet/in.h>

#include <string>

#include <gtest/gtest.h>

#include "lib/ofp-text.h"
#include "lib/ovs-internal.h"
#include "openvswitch/ofp-actions.h"

namespace {

/* Checks that 'built' is, byte for byte, the actions OVS parses from
 * 'text', and that it prints as OVS prints those. */
void
expect_parses_as(const ovs::Ofpacts &built, const std::string &text)
{
    const ovs::Ofpacts parsed = ovs::parse_actions(text);
    EXPECT_EQ(parsed.to_string(), built.to_string());
    EXPECT_TRUE(built == parsed) << "built: " << built.to_string()
                                 << "\nparsed: " << parsed.to_string();
}

}  // namespace

TEST(OfpactsBuilder, EmptyBuilderBuildsDrop)
{
    ovs::OfpactsBuilder b;
    EXPECT_TRUE(b.empty());

    ovs::Ofpacts acts = b.build();
    EXPECT_TRUE(acts.empty());
    EXPECT_EQ(ovs::Ofpacts(), acts);
    EXPECT_EQ("drop", acts.to_string());
}

TEST(OfpactsBuilder, AppendingMakesItNonEmpty)
{
    ovs::OfpactsBuilder b;
    b.resubmit(8);
    EXPECT_FALSE(b.empty());
}

/* physical.c's local port flow in table 0: logical datapath and port into
 * metadata and reg14, zone ids into reg11..13, then the ingress
 * pipeline. */
TEST(OfpactsBuilder, FullWidthLoadsEqualParsedSetFields)
{
    ovs::Ofpacts acts = ovs::OfpactsBuilder()
        .load(MFF_REG13, 1)
        .load(MFF_REG11, 4)
        .load(MFF_REG12, 3)
        .load(MFF_METADATA, 1)
        .load(MFF_REG14, 2)
        .resubmit(8)
        .build();
    expect_parses_as(acts, "set_field:0x1->reg13,set_field:0x4->reg11,"
                     "set_field:0x3->reg12,set_field:0x1->metadata,"
                     "set_field:0x2->reg14,resubmit(,8)");
}

TEST(OfpactsBuilder, ZeroLoadsAreFullWidthSetFieldsNotNoOps)
{
    ovs::Ofpacts acts = ovs::OfpactsBuilder()
        .load(MFF_REG0, 0)
        .load(MFF_REG9, 0)
        .resubmit(42)
        .build();
    expect_parses_as(acts, "set_field:0->reg0,set_field:0->reg9,"
                     "resubmit(,42)");
}

/* A 64-bit field takes all 64 bits of the value. */
TEST(OfpactsBuilder, LoadOf64BitFieldKeepsAllBits)
{
    ovs::Ofpacts acts = ovs::OfpactsBuilder()
        .load(MFF_METADATA, UINT64_C(0xfedcba9876543210))
        .build();
    expect_parses_as(acts, "set_field:0xfedcba9876543210->metadata");
}

TEST(OfpactsBuilder, PartialLoadSetsOnlyItsBitsAndPrintsMask)
{
    ovs::Ofpacts acts = ovs::OfpactsBuilder()
        .load_bits(MFF_REG0, 0x5, 4, 4)
        .build();
    expect_parses_as(acts, "set_field:0x50/0xf0->reg0");
}

/* physical.c's tunnel receive flow: the VNI's low 24 bits are the
 * datapath, tun_metadata0 carries the ingress and egress ports. */
TEST(OfpactsBuilder, MovesEqualParsedMoves)
{
    ovs::Ofpacts acts = ovs::OfpactsBuilder()
        .move(MFF_TUN_ID, 0, MFF_METADATA, 0, 24)
        .move(MFF_TUN_METADATA0, 16, MFF_REG14, 0, 15)
        .move(MFF_TUN_METADATA0, 0, MFF_REG15, 0, 16)
        .resubmit(40)
        .build();
    expect_parses_as(acts,
                     "move:NXM_NX_TUN_ID[0..23]->OXM_OF_METADATA[0..23],"
                     "move:NXM_NX_TUN_METADATA0[16..30]->NXM_NX_REG14[0..14],"
                     "move:NXM_NX_TUN_METADATA0[0..15]->NXM_NX_REG15[0..15],"
                     "resubmit(,40)");
}

/* A load into 32 bits of tun_metadata0 is what OVN's
 * put_load(value, mff_ovn_geneve, 0, 32) makes: a set_field on the whole
 * 124-byte field whose mask covers the low 32 bits.  Locally that prints
 * with its mask; the "set_field:0x3->tun_metadata0" that ovs-ofctl shows
 * is the switch's view after it has applied the TLV mapping (tun_metadata0
 * is 4 bytes long there, so the mask is full).  Parsing the unmasked text
 * without that mapping gives a different action, one that would set all
 * 992 bits, so that text is not what the builder must equal. */
TEST(OfpactsBuilder, TunMetadataLoadMasksOnlyTheLoadedBits)
{
    ovs::Ofpacts acts = ovs::OfpactsBuilder()
        .load_bits(MFF_TUN_METADATA0, 3, 0, 32)
        .build();
    expect_parses_as(acts, "set_field:0x3/0xffffffff->tun_metadata0");
    const ovs::Ofpacts whole
        = ovs::parse_actions("set_field:0x3->tun_metadata0");
    EXPECT_EQ("set_field:0x3->tun_metadata0", whole.to_string());
    EXPECT_TRUE(whole != acts);
}

/* physical.c's tunnel send flow: the datapath into the VNI (24 of its
 * 64 bits), the ports into tun_metadata0, out the tunnel, then on to the
 * local output table. */
TEST(OfpactsBuilder, TunnelSendActionsEqualParsedActions)
{
    ovs::Ofpacts acts = ovs::OfpactsBuilder()
        .load_bits(MFF_TUN_ID, 1, 0, 24)
        .load_bits(MFF_TUN_METADATA0, 3, 0, 32)
        .move(MFF_REG14, 0, MFF_TUN_METADATA0, 16, 15)
        .output(3)
        .resubmit(40)
        .build();
    expect_parses_as(acts, "set_field:0x1/0xffffff->tun_id,"
                     "set_field:0x3/0xffffffff->tun_metadata0,"
                     "move:NXM_NX_REG14[0..14]->NXM_NX_TUN_METADATA0[16..30],"
                     "output:3,resubmit(,40)");
}

/* Hairpin: to send a packet back out its input port, in_port is saved,
 * cleared (OFPP_NONE, printed "ANY") and restored around the
 * resubmit. */
TEST(OfpactsBuilder, PushLoadResubmitPopEqualsParsedActions)
{
    ovs::Ofpacts acts = ovs::OfpactsBuilder()
        .push(MFF_IN_PORT)
        .load(MFF_IN_PORT, 0xffff)
        .resubmit(65)
        .pop(MFF_IN_PORT)
        .build();
    expect_parses_as(acts, "push:NXM_OF_IN_PORT[],set_field:ANY->in_port,"
                     "resubmit(,65),pop:NXM_OF_IN_PORT[]");
}

TEST(OfpactsBuilder, OutputEqualsParsedOutput)
{
    expect_parses_as(ovs::OfpactsBuilder().output(2).build(), "output:2");
}

TEST(OfpactsBuilder, OutputToControllerSendsWholePacketAsParserDoes)
{
    expect_parses_as(ovs::OfpactsBuilder().output(0xfffd).build(),
                     "output:CONTROLLER");
}

TEST(OfpactsBuilder, BuildCopiesSoTheBuilderCanGoOn)
{
    ovs::OfpactsBuilder b;
    b.load(MFF_REG15, 5);
    ovs::Ofpacts first = b.build();
    b.resubmit(37);
    ovs::Ofpacts second = b.build();

    expect_parses_as(first, "set_field:0x5->reg15");
    expect_parses_as(second, "set_field:0x5->reg15,resubmit(,37)");
}

/* Each tun_metadata0 set_field takes over 256 bytes, so a few of them
 * outgrow the builder's stub and move to the heap. */
TEST(OfpactsBuilder, ActionsOutgrowingTheStubAreKept)
{
    ovs::OfpactsBuilder b;
    std::string text;
    for (int i = 0; i < 8; i++) {
        b.load_bits(MFF_TUN_METADATA0, i + 1, 0, 32).output(i + 1);
        text += (i ? "," : "") + std::string("set_field:0x")
            + std::to_string(i + 1) + "/0xffffffff->tun_metadata0,output:"
            + std::to_string(i + 1);
    }
    ovs::Ofpacts acts = b.build();
    EXPECT_LT(1024u, acts.size());
    expect_parses_as(acts, text);
}

/* Misuse is a programming error: the builder aborts rather than emit an
 * action other than the one asked for. */
TEST(OfpactsBuilderDeathTest, ValueWiderThanItsBitsAborts)
{
    EXPECT_DEATH(ovs::OfpactsBuilder().load_bits(MFF_REG0, 0x10, 0, 4),
                 "assertion");
}

TEST(OfpactsBuilderDeathTest, WholeLoadOfFieldWiderThan64BitsAborts)
{
    EXPECT_DEATH(ovs::OfpactsBuilder().load(MFF_XXREG0, 1), "assertion");
}

TEST(OfpactsBuilderDeathTest, BitsPastTheEndOfTheFieldAbort)
{
    EXPECT_DEATH(ovs::OfpactsBuilder().load_bits(MFF_REG0, 1, 31, 2),
                 "assertion");
    EXPECT_DEATH(ovs::OfpactsBuilder().move(MFF_REG0, 16, MFF_REG1, 0, 17),
                 "assertion");
}

TEST(OfpactsBuilderDeathTest, PortBeyond16BitsAborts)
{
    EXPECT_DEATH(ovs::OfpactsBuilder().output(0x10000), "assertion");
}

/* LearnBuilder: the learn actions of OVN's load balancer hairpin and
 * affinity flows, spec by spec, are byte for byte what OVS parses from
 * their text. */
TEST(LearnBuilder, MatchesAndLoadsEqualParsedLearn)
{
    ofpbuf b;
    uint64_t stub[1024 / 8];
    ofpbuf_use_stub(&b, stub, sizeof stub);
    const ovs_be16 eth_type = htons(0x0800);
    const ovs_be32 vip = htonl(0xac10007b);         /* 172.16.0.123 */
    const uint8_t proto = 6, one = 1;
    const ovs_be16 port = htons(8080);
    const ovs_be32 backend = htonl(0x0a000003);     /* 10.0.0.3 */

    ovs::LearnBuilder learn(&b, 78, 30, 0, htonll(0x1234));
    learn.match_field(MFF_METADATA, MFF_METADATA)
         .match_value(MFF_ETH_TYPE, &eth_type, sizeof eth_type)
         .match_field(MFF_IPV4_SRC, MFF_IPV4_SRC)
         .match_value(MFF_IPV4_DST, &vip, sizeof vip)
         .match_value(MFF_IP_PROTO, &proto, sizeof proto)
         .match_field(MFF_TCP_SRC, MFF_TCP_DST)
         .match_value(MFF_TCP_DST, 0, 16, &port, sizeof port)
         .load_value(MFF_REG10, 14, 1, &one, sizeof one)
         .load_value(MFF_REG4, 0, 32, &backend, sizeof backend);
    learn.finish();
    expect_parses_as(
        ovs::Ofpacts(b),
        "learn(table=78,idle_timeout=30,cookie=0x1234,delete_learned,"
        "OXM_OF_METADATA[],eth_type=0x800,NXM_OF_IP_SRC[],"
        "ip_dst=172.16.0.123,nw_proto=6,NXM_OF_TCP_SRC[]=NXM_OF_TCP_DST[],"
        "tcp_dst=8080,load:0x1->NXM_NX_REG10[14],"
        "load:0xa000003->NXM_NX_REG4[])");
    ofpbuf_uninit(&b);
}

/* A learn after other actions, and actions after it, in the same buffer:
 * the builder only appends, whatever moves the buffer. */
TEST(LearnBuilder, AppendsToActionsAlreadyThere)
{
    ofpbuf b;
    ofpbuf_init(&b, 8);
    ofpact_put_CT_CLEAR(&b);
    const uint8_t flag = 1;
    const struct in6_addr ip6 = { { { 0xfe, 0x80, 0, 0, 0, 0, 0, 0,
                                      0, 0, 0, 0, 0, 0, 0, 1 } } };
    const ovs_be16 eth_type = htons(0x86dd);
    ovs::LearnBuilder learn(&b, 69, 0, 0);
    learn.match_field(MFF_METADATA, MFF_METADATA)
         .match_value(MFF_ETH_TYPE, &eth_type, sizeof eth_type)
         .match_value(MFF_IPV6_DST, &ip6, sizeof ip6)
         .load_value(MFF_REG10, 7, 1, &flag, sizeof flag);
    learn.finish();
    ofpact_put_CT_CLEAR(&b);
    expect_parses_as(
        ovs::Ofpacts(b),
        "ct_clear,learn(table=69,delete_learned,OXM_OF_METADATA[],"
        "eth_type=0x86dd,ipv6_dst=fe80::1,load:0x1->NXM_NX_REG10[7]),"
        "ct_clear");
    ofpbuf_uninit(&b);
}
