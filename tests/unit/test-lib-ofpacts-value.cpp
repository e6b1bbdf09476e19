#include <config.h>

#include "lib/ofpacts-value.h"

#include <cstdint>
#include <cstring>
#include <string>
#include <type_traits>
#include <utility>

#include <gtest/gtest.h>

#include "lib/ofp-text.h"
#include "lib/ovs-internal.h"
#include "openvswitch/meta-flow.h"

namespace {

/* An ofpbuf of decoded actions, as OVS's encoders and parsers build them;
 * the stub keeps short action lists off the heap. */
class ActionsBuf {
public:
    ActionsBuf() noexcept { ofpbuf_use_stub(&buf_, stub_, sizeof stub_); }
    ~ActionsBuf() { ofpbuf_uninit(&buf_); }
    ActionsBuf(const ActionsBuf &) = delete;
    ActionsBuf &operator=(const ActionsBuf &) = delete;

    ofpbuf *get() noexcept { return &buf_; }
    const ofpbuf &operator*() const noexcept { return buf_; }

    ActionsBuf &
    output(uint16_t port)
    {
        ofpact_put_OUTPUT(&buf_)->port = OFP_PORT_C(port);
        return *this;
    }

    ActionsBuf &
    resubmit(uint8_t table_id)
    {
        ofpact_resubmit *r = ofpact_put_RESUBMIT(&buf_);
        r->in_port = OFPP_IN_PORT;
        r->table_id = table_id;
        return *this;
    }

private:
    uint64_t stub_[64 / 8];
    ofpbuf buf_;
};

/* Overwrites the bytes that pad each set_field's value and mask (nested
 * ones included) with garbage, as OVS's own parser may leave them. */
void
scribble_set_field_padding(ofpbuf *buf)
{
    ofpact *a;
    OFPACT_FOR_EACH_FLATTENED (a, static_cast<ofpact *>(buf->data),
                               buf->size) {
        if (a->type == OFPACT_SET_FIELD) {
            ofpact_set_field *sf = ofpact_get_SET_FIELD(a);
            const size_t n = sf->field->n_bytes;
            const size_t pad = ROUND_UP(n, OFPACT_ALIGNTO) - n;
            memset(reinterpret_cast<uint8_t *>(sf->value) + n, 0xa5, pad);
            memset(reinterpret_cast<uint8_t *>(ofpact_set_field_mask(sf)) + n,
                   0x5a, pad);
        }
    }
}

ovs::Ofpacts
output(uint16_t port)
{
    ActionsBuf buf;
    buf.output(port);
    return ovs::Ofpacts(*buf);
}

}  // namespace

static_assert(std::is_nothrow_move_constructible_v<ovs::Ofpacts>);
static_assert(std::is_nothrow_move_assignable_v<ovs::Ofpacts>);

TEST(Ofpacts, EmptyMeansDrop)
{
    ovs::Ofpacts none;
    EXPECT_TRUE(none.empty());
    EXPECT_EQ(0u, none.size());
    EXPECT_EQ("drop", none.to_string());
    EXPECT_EQ(ovs::Ofpacts(), none);
    EXPECT_EQ(ovs::Ofpacts(nullptr, 0), none);
}

TEST(Ofpacts, CopiesWhatTheBufferHolds)
{
    ActionsBuf buf;
    buf.output(1).resubmit(37);
    ovs::Ofpacts actions(*buf);
    EXPECT_EQ(buf.get()->size, actions.size());
    EXPECT_NE(buf.get()->data, static_cast<const void *>(actions.data()));
    EXPECT_EQ("output:1,resubmit(,37)", actions.to_string());
}

TEST(Ofpacts, OutlivesTheBufferItWasCopiedFrom)
{
    ovs::Ofpacts actions;
    {
        /* Large enough to leave the stub for the heap, so that valgrind
         * would see a read of the freed buffer. */
        ActionsBuf buf;
        for (int i = 0; i < 20; i++) {
            buf.output(i + 1);
        }
        actions = ovs::Ofpacts(*buf);
    }
    std::string expected;
    for (int i = 0; i < 20; i++) {
        expected += (i ? ",output:" : "output:") + std::to_string(i + 1);
    }
    EXPECT_EQ(expected, actions.to_string());
}

TEST(Ofpacts, PointerAndLengthConstructorCopiesThatMany)
{
    ActionsBuf buf;
    buf.output(1).output(2);
    const ofpact *first = static_cast<const ofpact *>(buf.get()->data);
    /* Only the first action's bytes. */
    const size_t first_len
        = reinterpret_cast<const char *>(ofpact_next(first))
          - reinterpret_cast<const char *>(first);
    ovs::Ofpacts one(first, first_len);
    EXPECT_EQ(first_len, one.size());
    EXPECT_EQ("output:1", one.to_string());
}

TEST(Ofpacts, EqualWhenTheActionsAreEqual)
{
    EXPECT_EQ(output(1), output(1));
    EXPECT_FALSE(output(1) != output(1));
    EXPECT_NE(output(1), output(2));
    EXPECT_NE(output(1), ovs::Ofpacts());

    ActionsBuf two;
    two.output(1).output(1);
    EXPECT_NE(output(1), ovs::Ofpacts(*two));
}

TEST(Ofpacts, SetFieldPaddingDoesNotAffectEquality)
{
    /* A 4-byte register leaves 4 bytes of padding after the value and
     * after the mask.  Their contents mean nothing, so two copies of the
     * same action must be equal whatever those bytes held. */
    const uint32_t value = htonl(5);
    const uint32_t mask = OVS_BE32_MAX;
    const mf_field *reg15 = mf_from_name("reg15");
    ASSERT_TRUE(reg15);

    ActionsBuf clean;
    ofpact_put_set_field(clean.get(), reg15, &value, &mask);
    ActionsBuf dirty;
    ofpact_put_set_field(dirty.get(), reg15, &value, &mask);
    scribble_set_field_padding(dirty.get());

    ovs::Ofpacts a(*clean);
    ovs::Ofpacts b(*dirty);
    EXPECT_EQ(a, b);
    EXPECT_EQ("set_field:0x5->reg15", b.to_string());
}

TEST(Ofpacts, NestedSetFieldPaddingDoesNotAffectEquality)
{
    /* OVN puts set_field inside ct(exec(...)) and clone(...). */
    for (const char *text : {"clone(set_field:0x5->reg15,resubmit(,37))",
                             "ct(commit,zone=NXM_NX_REG13[0..15],"
                             "exec(set_field:0x1/0x1->ct_mark))",
                             "set_field:00:11:22:33:44:55->eth_src,"
                             "set_field:10.0.0.1->ip_dst,output:1"}) {
        SCOPED_TRACE(text);
        ovs::Ofpacts parsed = ovs::parse_actions(text);

        ActionsBuf dirty;
        ofpbuf_put(dirty.get(), parsed.data(), parsed.size());
        scribble_set_field_padding(dirty.get());
        ovs::Ofpacts copy(*dirty);

        EXPECT_EQ(parsed, copy);
        EXPECT_EQ(parsed.to_string(), copy.to_string());
    }
}

TEST(Ofpacts, ToStringFormatsLikeOvsOfctl)
{
    ActionsBuf buf;
    buf.resubmit(37).output(65534);
    EXPECT_EQ("resubmit(,37),LOCAL", ovs::Ofpacts(*buf).to_string());
}

TEST(Ofpacts, CopyIsDeepAndEqual)
{
    ovs::Ofpacts *original = new ovs::Ofpacts(output(3));
    ovs::Ofpacts copy(*original);
    EXPECT_EQ(*original, copy);
    EXPECT_NE(original->data(), copy.data());
    delete original;
    EXPECT_EQ("output:3", copy.to_string());
}

TEST(Ofpacts, CopyAssignmentReplacesTheActions)
{
    ovs::Ofpacts a = output(1);
    ovs::Ofpacts b = output(2);
    b = a;
    EXPECT_EQ(a, b);
    EXPECT_NE(a.data(), b.data());
    b = ovs::Ofpacts();
    EXPECT_EQ("drop", b.to_string());
    EXPECT_EQ("output:1", a.to_string());
}

TEST(Ofpacts, SelfCopyAssignmentKeepsTheActions)
{
    ovs::Ofpacts a = output(1);
    ovs::Ofpacts &alias = a;
    a = alias;
    EXPECT_EQ("output:1", a.to_string());
}

TEST(Ofpacts, MoveTransfersTheActionsWithoutCopying)
{
    ovs::Ofpacts source = output(4);
    const ofpact *data = source.data();
    ovs::Ofpacts target(std::move(source));
    EXPECT_EQ(data, target.data());
    EXPECT_EQ("output:4", target.to_string());
}

TEST(Ofpacts, MovedFromIsEmpty)
{
    /* A moved-from value must stay consistent: a size with no data would
     * make to_string(), == and copying read through a null pointer. */
    ovs::Ofpacts source = output(5);
    ovs::Ofpacts target(std::move(source));
    EXPECT_TRUE(source.empty());
    EXPECT_EQ(0u, source.size());
    EXPECT_EQ("drop", source.to_string());
    EXPECT_EQ(ovs::Ofpacts(), source);
    ovs::Ofpacts copy(source);
    EXPECT_TRUE(copy.empty());

    ovs::Ofpacts assigned = output(6);
    assigned = std::move(target);
    EXPECT_EQ("output:5", assigned.to_string());
    EXPECT_TRUE(target.empty());
    EXPECT_EQ("drop", target.to_string());
}
