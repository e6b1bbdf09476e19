#include <config.h>

#include "lib/shim/flow-shim.h"

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "lib/match-value.h"
#include "lib/ofp-text.h"

namespace {

/* An inline minimatch and the 8-byte aligned buffer it lives in, as a
 * table entry would hold them. */
class InlineMiniMatch {
public:
    explicit InlineMiniMatch(const ovs::Match &m)
        : size_(ovs_shim_minimatch_inline_size(m.get())),
          buf_(new uint64_t[size_ / 8])
    {
        ovs_shim_minimatch_inline_init(&mm_, buf_.get(), m.get());
    }
    /* A copy of 'o' through ovs_shim_minimatch_inline_clone(). */
    InlineMiniMatch(const InlineMiniMatch &o)
        : size_(o.size_), buf_(new uint64_t[size_ / 8])
    {
        ovs_shim_minimatch_inline_clone(&mm_, buf_.get(), &o.mm_, size_);
    }
    ~InlineMiniMatch() { ovs_shim_minimatch_inline_destroy(&mm_); }
    InlineMiniMatch &operator=(const InlineMiniMatch &) = delete;

    const minimatch *get() const { return &mm_; }
    size_t size() const { return size_; }
    const void *buffer() const { return buf_.get(); }

    ovs::Match
    expand() const
    {
        ovs::Match m;
        minimatch_expand(&mm_, m.get());
        return m;
    }

private:
    size_t size_;
    std::unique_ptr<uint64_t[]> buf_;
    minimatch mm_;
};

const char *const MATCHES[] = {
    "",
    "reg14=0x1,metadata=0x5",
    "ip,nw_dst=10.0.0.1",
    "reg0=0x10/0xf0",
    "tcp6,ipv6_src=fe80::1,tp_dst=443",
};

}  // namespace

TEST(FlowShim, HeapSizeIsWhatMinimatchInitAllocates)
{
    /* minimatch_init() allocates the flow and the mask, each a map plus one
     * 64-bit word per word matched, in one block. */
    for (const char *text : MATCHES) {
        SCOPED_TRACE(text);
        ovs::Match m = ovs::parse_match(text);
        ovs::MiniMatch mm(m);
        EXPECT_EQ(ovs_shim_minimatch_inline_size(m.get()),
                  ovs_shim_minimatch_heap_size(mm.get()));
        EXPECT_EQ(mm.heap_size(), ovs_shim_minimatch_heap_size(mm.get()));
    }
}

TEST(FlowShim, InlineSizeIsAWholeNumberOfWords)
{
    for (const char *text : MATCHES) {
        SCOPED_TRACE(text);
        ovs::Match m = ovs::parse_match(text);
        EXPECT_EQ(0u, ovs_shim_minimatch_inline_size(m.get()) % 8);
    }
}

TEST(FlowShim, InlineMinimatchLivesInTheGivenBuffer)
{
    ovs::Match m = ovs::parse_match("reg14=0x1,metadata=0x5");
    InlineMiniMatch inl(m);
    const char *begin = static_cast<const char *>(inl.buffer());
    const char *end = begin + inl.size();
    const char *flow = reinterpret_cast<const char *>(inl.get()->flow);
    const char *mask = reinterpret_cast<const char *>(inl.get()->mask);
    EXPECT_EQ(begin, flow);
    EXPECT_GT(mask, flow);
    EXPECT_LT(mask, end);
}

TEST(FlowShim, InlineMinimatchEqualsAndHashesLikeAHeapOne)
{
    /* Tables mix lookups by heap MiniMatch with entries stored inline, so
     * equality and hashes must agree across the two forms. */
    for (const char *text : MATCHES) {
        SCOPED_TRACE(text);
        ovs::Match m = ovs::parse_match(text);
        ovs::MiniMatch heap(m);
        InlineMiniMatch inl(m);
        EXPECT_TRUE(minimatch_equal(heap.get(), inl.get()));
        EXPECT_EQ(heap.hash(0), minimatch_hash(inl.get(), 0));
        EXPECT_EQ(heap.hash(42), minimatch_hash(inl.get(), 42));
    }
}

TEST(FlowShim, InlineMinimatchExpandsBackToTheMatch)
{
    for (const char *text : MATCHES) {
        SCOPED_TRACE(text);
        ovs::Match m = ovs::parse_match(text);
        InlineMiniMatch inl(m);
        EXPECT_EQ(m, inl.expand());
        EXPECT_EQ(text, inl.expand().to_string());
    }
}

TEST(FlowShim, DifferentMatchesStayUnequalInline)
{
    InlineMiniMatch a(ovs::parse_match("reg14=0x1,metadata=0x5"));
    InlineMiniMatch b(ovs::parse_match("reg14=0x2,metadata=0x5"));
    InlineMiniMatch c(ovs::parse_match("reg14=0x1"));
    EXPECT_FALSE(minimatch_equal(a.get(), b.get()));
    EXPECT_FALSE(minimatch_equal(a.get(), c.get()));
}

TEST(FlowShim, InlineCloneIsAnIndependentEqualCopy)
{
    auto original = std::make_unique<InlineMiniMatch>(
        ovs::parse_match("ip,nw_dst=10.0.0.1"));
    InlineMiniMatch copy(*original);
    EXPECT_NE(original->buffer(), copy.buffer());
    EXPECT_TRUE(minimatch_equal(original->get(), copy.get()));
    /* The copy's pointers must point into its own buffer: valgrind reports
     * a read of the freed original. */
    original.reset();
    EXPECT_EQ("ip,nw_dst=10.0.0.1", copy.expand().to_string());
}

TEST(FlowShim, TunnelMetadataIsTheOnlyHeapPartAndIsFreed)
{
    /* A tun_metadata match carries an allocation description, which init
     * and clone copy to the heap and destroy frees (checked by
     * valgrind). */
    ovs::Match m = ovs::parse_match("tun_metadata0=0x1");
    ASSERT_TRUE(m.get()->tun_md.valid);
    InlineMiniMatch inl(m);
    ASSERT_NE(nullptr, inl.get()->tun_md);
    InlineMiniMatch copy(inl);
    ASSERT_NE(nullptr, copy.get()->tun_md);
    EXPECT_NE(inl.get()->tun_md, copy.get()->tun_md);
    EXPECT_EQ(m, copy.expand());
}

TEST(FlowShim, MatchWithoutTunnelMetadataAllocatesNothing)
{
    InlineMiniMatch inl(ovs::parse_match("reg14=0x1"));
    EXPECT_EQ(nullptr, inl.get()->tun_md);
}

TEST(FlowShim, TryInitBuildsOnlyWhatFitsAndAlwaysSaysTheSize)
{
    for (const char *text : MATCHES) {
        SCOPED_TRACE(text);
        ovs::Match m = ovs::parse_match(text);
        const size_t size = ovs_shim_minimatch_inline_size(m.get());

        /* Room enough: the same minimatch as init's, in the buffer. */
        std::unique_ptr<uint64_t[]> buf(new uint64_t[size / 8]);
        minimatch mm;
        EXPECT_EQ(size, ovs_shim_minimatch_inline_try_init(
                            &mm, buf.get(), size, m.get()));
        EXPECT_EQ(static_cast<const void *>(buf.get()),
                  static_cast<const void *>(mm.flow));
        InlineMiniMatch inl(m);
        EXPECT_TRUE(minimatch_equal(inl.get(), &mm));
        ovs_shim_minimatch_inline_destroy(&mm);

        /* One byte short: nothing built, nothing written. */
        std::unique_ptr<uint64_t[]> small(new uint64_t[size / 8]);
        memset(small.get(), 0xa5, size);
        minimatch untouched;
        untouched.flow = nullptr;
        EXPECT_EQ(size, ovs_shim_minimatch_inline_try_init(
                            &untouched, small.get(), size - 1, m.get()));
        EXPECT_EQ(nullptr, untouched.flow);
        for (size_t i = 0; i < size / 8; i++) {
            EXPECT_EQ(0xa5a5a5a5a5a5a5a5ull, small[i]);
        }
    }
}

TEST(FlowShim, HeapInitIsMinimatchInit)
{
    /* Each field's words at either end of 'struct flow' and in between:
     * the mask is looked at four words at a time. */
    const char *const more[] = {
        "tun_id=0x5", "tun_dst=192.168.0.1", "metadata=0x1",
        "reg15=0x1", "ct_label=0x1/0x1", "in_port=3",
        "dl_src=00:00:00:00:00:01", "icmp6,nd_target=fd00::1",
        "udp,tp_src=1", "tun_metadata0=0x1",
    };
    std::vector<const char *> texts(std::begin(MATCHES), std::end(MATCHES));
    texts.insert(texts.end(), std::begin(more), std::end(more));
    for (const char *text : texts) {
        SCOPED_TRACE(text);
        ovs::Match m = ovs::parse_match(text);
        minimatch theirs;
        minimatch ours;
        minimatch_init(&theirs, m.get());
        ovs_shim_minimatch_init(&ours, m.get());
        EXPECT_TRUE(minimatch_equal(&theirs, &ours));
        EXPECT_EQ(minimatch_hash(&theirs, 0), minimatch_hash(&ours, 0));
        EXPECT_EQ(ovs_shim_minimatch_heap_size(&theirs),
                  ovs_shim_minimatch_heap_size(&ours));
        EXPECT_EQ(theirs.tun_md != nullptr, ours.tun_md != nullptr);
        /* Freed as minimatch_init()'s are (checked by valgrind). */
        minimatch_destroy(&theirs);
        minimatch_destroy(&ours);
    }
}

TEST(FlowShim, ExpandIntoAUsedMatchIsMinimatchExpand)
{
    /* One match expanded into again and again, with and without tunnel
     * metadata, as the compiler's collector does. */
    ovs::Match into;
    for (const char *text : { "reg14=0x1", "tun_metadata0=0x1",
                              "ip,nw_dst=10.0.0.1", "tun_metadata0=0x2",
                              "tun_metadata0=0x2", "" }) {
        SCOPED_TRACE(text);
        ovs::MiniMatch mm(ovs::parse_match(text));
        ovs::Match theirs;
        minimatch_expand(mm.get(), theirs.get());
        ovs_shim_minimatch_expand(mm.get(), into.get());
        EXPECT_EQ(theirs, into);
        EXPECT_EQ(theirs.get()->tun_md.valid, into.get()->tun_md.valid);
        EXPECT_EQ(0, memcmp(&theirs.get()->tun_md, &into.get()->tun_md,
                            sizeof theirs.get()->tun_md));
    }
}
