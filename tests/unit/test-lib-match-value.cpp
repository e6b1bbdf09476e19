#include <config.h>

#include "lib/match-value.h"

#include <string>
#include <type_traits>
#include <utility>

#include <gtest/gtest.h>

#include "lib/ovs-internal.h"

namespace {

/* packets.h, which defines these, is not valid C++. */
constexpr uint16_t ETH_TYPE_IP = 0x0800;
constexpr uint16_t ETH_TYPE_IPV6 = 0x86dd;

/* "reg14=0x1,metadata=0x5", the shape of most of OVN's flows. */
ovs::Match
port_match(uint32_t port, uint64_t datapath)
{
    ovs::Match m;
    match_set_reg(m.get(), 14, port);
    match_set_metadata(m.get(), htonll(datapath));
    return m;
}

}  // namespace

static_assert(std::is_copy_constructible_v<ovs::Match>);
static_assert(std::is_nothrow_move_constructible_v<ovs::MiniMatch>);
static_assert(std::is_nothrow_move_assignable_v<ovs::MiniMatch>);

TEST(Match, DefaultMatchesEveryPacket)
{
    ovs::Match m;
    EXPECT_TRUE(flow_wildcards_is_catchall(&m.get()->wc));
    EXPECT_EQ("", m.to_string());
}

TEST(Match, ToStringUsesOvsOfctlSyntax)
{
    EXPECT_EQ("reg14=0x1,metadata=0x5", port_match(1, 5).to_string());

    ovs::Match ip;
    match_set_dl_type(ip.get(), htons(ETH_TYPE_IP));
    match_set_nw_dst(ip.get(), htonl(0x0a000001));
    EXPECT_EQ("ip,nw_dst=10.0.0.1", ip.to_string());
}

TEST(Match, ToStringShowsMasks)
{
    ovs::Match m;
    match_set_reg_masked(m.get(), 0, 0x10, 0xf0);
    EXPECT_EQ("reg0=0x10/0xf0", m.to_string());
}

TEST(Match, EqualWhenFieldsAndValuesAreEqual)
{
    EXPECT_EQ(port_match(1, 5), port_match(1, 5));
    EXPECT_FALSE(port_match(1, 5) != port_match(1, 5));
    EXPECT_NE(port_match(1, 5), port_match(2, 5));
    EXPECT_NE(port_match(1, 5), port_match(1, 6));
    EXPECT_NE(port_match(1, 5), ovs::Match());
}

TEST(Match, EqualValuesUnderDifferentMasksDiffer)
{
    ovs::Match exact, masked;
    match_set_reg(exact.get(), 0, 0x10);
    match_set_reg_masked(masked.get(), 0, 0x10, 0xff);
    EXPECT_NE(exact, masked);
}

TEST(Match, EqualMatchesHashEqual)
{
    ovs::Match a = port_match(1, 5);
    ovs::Match b = port_match(1, 5);
    EXPECT_EQ(a.hash(), b.hash());
    EXPECT_EQ(a.hash(17), b.hash(17));
    EXPECT_EQ(match_hash(a.get(), 17), a.hash(17));
}

TEST(Match, HashDependsOnTheBasis)
{
    ovs::Match m = port_match(1, 5);
    EXPECT_NE(m.hash(0), m.hash(1));
}

TEST(Match, CopyIsIndependentOfTheOriginal)
{
    ovs::Match original = port_match(1, 5);
    ovs::Match copy = original;
    EXPECT_EQ(original, copy);
    match_set_reg(copy.get(), 15, 3);
    EXPECT_NE(original, copy);
    EXPECT_EQ("reg14=0x1,metadata=0x5", original.to_string());
}

TEST(Match, ConstructsFromAStructMatchByCopy)
{
    match raw;
    match_init_catchall(&raw);
    match_set_reg(&raw, 14, 1);
    ovs::Match m(raw);
    match_set_reg(&raw, 14, 2);
    EXPECT_EQ("reg14=0x1", m.to_string());
}

TEST(MiniMatch, DefaultMatchesEveryPacket)
{
    ovs::MiniMatch mm;
    EXPECT_EQ(ovs::MiniMatch(ovs::Match()), mm);
    EXPECT_EQ(ovs::Match(), mm.expand());
    EXPECT_EQ("", mm.to_string());
}

TEST(MiniMatch, ExpandGivesBackTheMatch)
{
    ovs::Match m = port_match(7, 9);
    match_set_dl_type(m.get(), htons(ETH_TYPE_IPV6));
    match_set_reg_masked(m.get(), 3, 0x100, 0xf00);

    ovs::Match back = ovs::MiniMatch(m).expand();
    EXPECT_EQ(m, back);
    EXPECT_EQ(m.hash(), back.hash());
    EXPECT_EQ(m.to_string(), back.to_string());
}

TEST(MiniMatch, ToStringIsTheMatchsToString)
{
    ovs::Match m = port_match(1, 5);
    EXPECT_EQ(m.to_string(), ovs::MiniMatch(m).to_string());
}

TEST(MiniMatch, EqualIffTheMatchesAreEqual)
{
    EXPECT_EQ(ovs::MiniMatch(port_match(1, 5)),
              ovs::MiniMatch(port_match(1, 5)));
    EXPECT_NE(ovs::MiniMatch(port_match(1, 5)),
              ovs::MiniMatch(port_match(1, 6)));
    EXPECT_NE(ovs::MiniMatch(port_match(1, 5)), ovs::MiniMatch());
}

TEST(MiniMatch, EqualMiniMatchesHashEqual)
{
    ovs::MiniMatch a(port_match(1, 5));
    ovs::MiniMatch b(port_match(1, 5));
    ovs::MiniMatch copy(a);
    EXPECT_EQ(a.hash(), b.hash());
    EXPECT_EQ(a.hash(3), b.hash(3));
    EXPECT_EQ(a.hash(), copy.hash());
    EXPECT_EQ(minimatch_hash(a.get(), 3), a.hash(3));
}

TEST(MiniMatch, CopyOutlivesTheOriginal)
{
    ovs::MiniMatch *original = new ovs::MiniMatch(port_match(1, 5));
    ovs::MiniMatch copy(*original);
    /* The copy must own its own miniflow; valgrind reports a read of the
     * freed original's. */
    delete original;
    EXPECT_EQ("reg14=0x1,metadata=0x5", copy.to_string());
}

TEST(MiniMatch, CopyAssignmentReplacesTheValue)
{
    ovs::MiniMatch a(port_match(1, 5));
    ovs::MiniMatch b(port_match(2, 6));
    b = a;
    EXPECT_EQ(a, b);
    EXPECT_EQ("reg14=0x1,metadata=0x5", b.to_string());
    /* Still independent: reassigning 'a' leaves 'b' alone. */
    a = ovs::MiniMatch();
    EXPECT_EQ("reg14=0x1,metadata=0x5", b.to_string());
}

TEST(MiniMatch, SelfCopyAssignmentKeepsTheValue)
{
    ovs::MiniMatch a(port_match(1, 5));
    ovs::MiniMatch &alias = a;
    a = alias;
    EXPECT_EQ("reg14=0x1,metadata=0x5", a.to_string());
}

TEST(MiniMatch, MoveLeavesTheSourceMatchingEverything)
{
    ovs::MiniMatch source(port_match(1, 5));
    ovs::MiniMatch target(std::move(source));
    EXPECT_EQ("reg14=0x1,metadata=0x5", target.to_string());
    /* The source stays usable: it owns a fresh catch-all. */
    EXPECT_EQ(ovs::MiniMatch(), source);
    EXPECT_EQ("", source.to_string());
}

TEST(MiniMatch, MoveAssignmentFreesTheOldValueAndTakesTheNew)
{
    ovs::MiniMatch source(port_match(1, 5));
    ovs::MiniMatch target(port_match(2, 6));
    target = std::move(source);
    EXPECT_EQ("reg14=0x1,metadata=0x5", target.to_string());
    EXPECT_EQ(ovs::MiniMatch(), source);
}

TEST(MiniMatch, SelfMoveAssignmentKeepsTheValue)
{
    ovs::MiniMatch a(port_match(1, 5));
    ovs::MiniMatch &alias = a;
    a = std::move(alias);
    EXPECT_EQ("reg14=0x1,metadata=0x5", a.to_string());
}

TEST(MiniMatch, HeapSizeGrowsOneWordInFlowAndMaskPerMatchedWord)
{
    const size_t catchall = ovs::MiniMatch().heap_size();
    EXPECT_GT(catchall, 0u);
    EXPECT_EQ(0u, catchall % 8);

    /* reg0 and reg1 share a 64-bit word of 'struct flow'; metadata has one
     * of its own.  Each stored word is kept twice, as value and as mask. */
    ovs::Match reg0;
    match_set_reg(reg0.get(), 0, 1);
    ovs::Match reg0_reg1 = reg0;
    match_set_reg(reg0_reg1.get(), 1, 1);
    ovs::Match reg0_metadata = reg0;
    match_set_metadata(reg0_metadata.get(), htonll(1));

    const size_t one_word = ovs::MiniMatch(reg0).heap_size();
    EXPECT_EQ(catchall + 2 * 8, one_word);
    EXPECT_EQ(one_word, ovs::MiniMatch(reg0_reg1).heap_size());
    EXPECT_EQ(one_word + 2 * 8, ovs::MiniMatch(reg0_metadata).heap_size());
}

TEST(MiniMatch, HeapSizeOfACopyEqualsTheOriginals)
{
    ovs::MiniMatch a(port_match(1, 5));
    ovs::MiniMatch b(a);
    EXPECT_EQ(a.heap_size(), b.heap_size());
}
