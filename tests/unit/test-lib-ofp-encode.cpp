#include <config.h>

#include "lib/ofp-encode.h"

#include <cstring>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "lib/ofp-text.h"
#include "lib/ofpacts-builder.h"
#include "lib/ovs-internal.h"
#include "openvswitch/ofp-bundle.h"
#include "openvswitch/ofp-flow.h"
#include "openvswitch/ofp-group.h"
#include "openvswitch/ofp-match.h"
#include "openvswitch/ofp-msgs.h"
#include "openvswitch/ofp-protocol.h"

namespace {

const ofp_header *
header(const ovs::OfpbufPtr &msg)
{
    return static_cast<const ofp_header *>(msg->data);
}

/* Checks what every encoder promises: one whole OpenFlow 1.5 message of
 * type 'type'. */
void
expect_message(const ovs::OfpbufPtr &msg, ofptype type)
{
    ASSERT_TRUE(msg);
    ASSERT_GE(msg->size, sizeof(ofp_header));
    const ofp_header *oh = header(msg);
    EXPECT_EQ(OFP15_VERSION, oh->version);
    EXPECT_EQ(msg->size, ntohs(oh->length));
    ofptype decoded;
    ASSERT_EQ(0, ofptype_decode(&decoded, oh));
    EXPECT_EQ(type, decoded) << ofptype_get_name(decoded);
}

/* A flow_mod decoded back with OVS's own decoder. */
class DecodedFlowMod {
public:
    explicit DecodedFlowMod(const ovs::OfpbufPtr &msg)
    {
        ofpbuf_use_stub(&ofpacts_, stub_, sizeof stub_);
        error_ = ofputil_decode_flow_mod(&fm_, header(msg),
                                         OFPUTIL_P_OF15_OXM, nullptr,
                                         nullptr, &ofpacts_, OFPP_MAX, 255);
    }
    ~DecodedFlowMod()
    {
        if (!error_) {
            minimatch_destroy(&fm_.match);
        }
        ofpbuf_uninit(&ofpacts_);
    }
    DecodedFlowMod(const DecodedFlowMod &) = delete;
    DecodedFlowMod &operator=(const DecodedFlowMod &) = delete;

    ofperr error() const { return error_; }
    const ofputil_flow_mod &fm() const { return fm_; }
    ovs::Ofpacts actions() const
    {
        return ovs::Ofpacts(fm_.ofpacts, fm_.ofpacts_len);
    }
    ovs::Match match() const
    {
        ovs::Match m;
        minimatch_expand(&fm_.match, m.get());
        return m;
    }

private:
    uint64_t stub_[1024 / 8];
    ofpbuf ofpacts_;
    ofputil_flow_mod fm_{};
    ofperr error_;
};

/* A group_mod decoded back with OVS's own decoder; the GroupMod owns what
 * the decoder allocates. */
std::unique_ptr<ovs::GroupMod>
decode_group_mod(const ovs::OfpbufPtr &msg)
{
    auto group = std::make_unique<ovs::GroupMod>();
    ofputil_group_mod *gm = group->get();
    if (ofputil_decode_group_mod(header(msg), gm)) {
        /* The decoder freed what it built; keep 'group' destructible. */
        ovs_list_init(&gm->buckets);
        memset(&gm->props, 0, sizeof gm->props);
        return nullptr;
    }
    return group;
}

}  // namespace

/* ovn-controller speaks OpenFlow 1.5 only: bundles and OXM matches. */
static_assert(ovs::OFCTRL_OFP_VERSION == OFP15_VERSION);

/* Flow mods. */

TEST(EncodeFlowMod, AddCarriesTableMatchPriorityActionsAndCookie)
{
    ovs::FlowSpec spec = ovs::parse_flow(
        "table=8,priority=100,reg14=0x1,metadata=0x5,"
        "actions=set_field:0x1->reg15,resubmit(,37)");
    ovs::MiniMatch match(spec.match);

    ovs::FlowModArgs args;
    args.command = OFPFC_ADD;
    args.table_id = spec.table_id;
    args.priority = spec.priority;
    args.match = match.get();
    args.ofpacts = spec.actions.data();
    args.ofpacts_len = spec.actions.size();
    args.cookie = 0x1234abcd;
    ovs::OfpbufPtr msg = ovs::encode_flow_mod(args);
    expect_message(msg, OFPTYPE_FLOW_MOD);

    DecodedFlowMod decoded(msg);
    ASSERT_EQ(0, decoded.error()) << ofperr_to_string(decoded.error());
    const ofputil_flow_mod &fm = decoded.fm();
    EXPECT_EQ(OFPFC_ADD, fm.command);
    EXPECT_EQ(8, fm.table_id);
    EXPECT_EQ(100, fm.priority);
    EXPECT_EQ(spec.match, decoded.match());
    /* Compared as text: decoded ofpacts record which wire encoding they
     * came from ('raw'), so they need not be byte-equal to parsed ones. */
    EXPECT_EQ(spec.actions.to_string(), decoded.actions().to_string());
    EXPECT_EQ("set_field:0x1->reg15,resubmit(,37)",
              decoded.actions().to_string());
    EXPECT_EQ(0x1234abcdu, ntohll(fm.new_cookie));
    EXPECT_EQ(UINT32_MAX, fm.buffer_id);
    EXPECT_EQ(0, fm.idle_timeout);
    EXPECT_EQ(0, fm.hard_timeout);
}

TEST(EncodeFlowMod, ModifyStrictLeavesTheCookieAlone)
{
    ovs::MiniMatch match(ovs::parse_match("reg14=0x1"));
    ovs::Ofpacts actions = ovs::parse_actions("output:2");
    ovs::FlowModArgs args;
    args.command = OFPFC_MODIFY_STRICT;
    args.table_id = 3;
    args.priority = 50;
    args.match = match.get();
    args.ofpacts = actions.data();
    args.ofpacts_len = actions.size();
    args.cookie = 0x99;
    ovs::OfpbufPtr msg = ovs::encode_flow_mod(args);
    expect_message(msg, OFPTYPE_FLOW_MOD);

    DecodedFlowMod decoded(msg);
    ASSERT_EQ(0, decoded.error()) << ofperr_to_string(decoded.error());
    const ofputil_flow_mod &fm = decoded.fm();
    EXPECT_EQ(OFPFC_MODIFY_STRICT, fm.command);
    EXPECT_EQ(3, fm.table_id);
    EXPECT_EQ(50, fm.priority);
    EXPECT_EQ(ovs::parse_match("reg14=0x1"), decoded.match());
    EXPECT_EQ("output:2", decoded.actions().to_string());
    /* Matches any cookie and sets none: OpenFlow 1.1+ MODIFY never
     * changes a flow's cookie. */
    EXPECT_EQ(0u, ntohll(fm.cookie_mask));
    EXPECT_EQ(OVS_BE64_MAX, fm.new_cookie);
}

TEST(EncodeFlowMod, DeleteStrictNamesOneFlowWithoutActions)
{
    ovs::MiniMatch match(ovs::parse_match("ip,nw_dst=10.0.0.1"));
    ovs::FlowModArgs args;
    args.command = OFPFC_DELETE_STRICT;
    args.table_id = 12;
    args.priority = 7;
    args.match = match.get();
    ovs::OfpbufPtr msg = ovs::encode_flow_mod(args);
    expect_message(msg, OFPTYPE_FLOW_MOD);

    DecodedFlowMod decoded(msg);
    ASSERT_EQ(0, decoded.error()) << ofperr_to_string(decoded.error());
    const ofputil_flow_mod &fm = decoded.fm();
    EXPECT_EQ(OFPFC_DELETE_STRICT, fm.command);
    EXPECT_EQ(12, fm.table_id);
    EXPECT_EQ(7, fm.priority);
    EXPECT_EQ(ovs::parse_match("ip,nw_dst=10.0.0.1"), decoded.match());
    EXPECT_TRUE(decoded.actions().empty());
    /* Not restricted to flows that output to a port or group. */
    EXPECT_EQ(OFPP_ANY, fm.out_port);
    EXPECT_EQ(OFPG_ANY, fm.out_group);
}

TEST(EncodeFlowMod, NoMatchMeansMatchEverything)
{
    /* The encoder makes a catch-all of its own and must free it; valgrind
     * checks that. */
    ovs::FlowModArgs args;
    args.table_id = 1;
    args.priority = 0;
    ovs::OfpbufPtr msg = ovs::encode_flow_mod(args);
    expect_message(msg, OFPTYPE_FLOW_MOD);

    DecodedFlowMod decoded(msg);
    ASSERT_EQ(0, decoded.error()) << ofperr_to_string(decoded.error());
    EXPECT_EQ(OFPFC_ADD, decoded.fm().command);
    EXPECT_EQ(ovs::Match(), decoded.match());
    EXPECT_TRUE(decoded.actions().empty());
}

TEST(EncodeFlowMod, LeavesTheCallersMatchIntact)
{
    /* The encoder takes a shallow copy of the minimatch; it must not free
     * or change the caller's.  valgrind reports a double free. */
    ovs::MiniMatch match(ovs::parse_match("reg14=0x1,metadata=0x5"));
    ovs::FlowModArgs args;
    args.match = match.get();
    ovs::OfpbufPtr msg = ovs::encode_flow_mod(args);
    EXPECT_EQ("reg14=0x1,metadata=0x5", match.to_string());
}

TEST(EncodeFlowDeleteAll, DeletesEveryFlowInEveryTable)
{
    ovs::OfpbufPtr msg = ovs::encode_flow_delete_all();
    expect_message(msg, OFPTYPE_FLOW_MOD);

    DecodedFlowMod decoded(msg);
    ASSERT_EQ(0, decoded.error()) << ofperr_to_string(decoded.error());
    const ofputil_flow_mod &fm = decoded.fm();
    EXPECT_EQ(OFPFC_DELETE, fm.command);
    EXPECT_EQ(OFPTT_ALL, fm.table_id);
    EXPECT_EQ(ovs::Match(), decoded.match());
    EXPECT_EQ(0u, ntohll(fm.cookie_mask));
    EXPECT_EQ(OFPP_ANY, fm.out_port);
    EXPECT_EQ(OFPG_ANY, fm.out_group);
}

/* Group mods. */

TEST(EncodeGroupAdd, CarriesTheGivenIdTypeAndBuckets)
{
    std::unique_ptr<ovs::GroupMod> group = ovs::parse_group(
        "type=select,bucket=weight:10,actions=output:1,"
        "bucket=weight:20,actions=output:2");
    ovs::OfpbufPtr msg = ovs::encode_group_add(*group, 7);
    expect_message(msg, OFPTYPE_GROUP_MOD);

    std::unique_ptr<ovs::GroupMod> decoded = decode_group_mod(msg);
    ASSERT_TRUE(decoded);
    EXPECT_EQ(OFPGC11_ADD, decoded->get()->command);
    EXPECT_EQ(7u, decoded->get()->group_id);
    EXPECT_EQ(OFPGT11_SELECT, decoded->type());
    EXPECT_EQ(2u, decoded->n_buckets());
    EXPECT_EQ("type=select,"
              "bucket=bucket_id:0,weight:10,actions=output:1,"
              "bucket=bucket_id:1,weight:20,actions=output:2",
              decoded->to_string());
}

TEST(EncodeGroupAdd, LeavesTheGroupAsItWas)
{
    /* The encoder borrows the group to set the command and ID; they must
     * be put back so the group can be encoded again under another ID. */
    std::unique_ptr<ovs::GroupMod> group = ovs::parse_group(
        "type=all,bucket=actions=output:1");
    group->get()->command = OFPGC11_MODIFY;
    const uint32_t old_id = group->get()->group_id;
    const std::string old_text = group->to_string();

    ovs::OfpbufPtr first = ovs::encode_group_add(*group, 10);
    EXPECT_EQ(OFPGC11_MODIFY, group->get()->command);
    EXPECT_EQ(old_id, group->get()->group_id);
    EXPECT_EQ(old_text, group->to_string());

    ovs::OfpbufPtr second = ovs::encode_group_add(*group, 11);
    std::unique_ptr<ovs::GroupMod> decoded = decode_group_mod(second);
    ASSERT_TRUE(decoded);
    EXPECT_EQ(OFPGC11_ADD, decoded->get()->command);
    EXPECT_EQ(11u, decoded->get()->group_id);
}

TEST(EncodeGroupAdd, EncodesAGroupWithoutBuckets)
{
    std::unique_ptr<ovs::GroupMod> group = ovs::parse_group("type=all");
    ovs::OfpbufPtr msg = ovs::encode_group_add(*group, 1);
    std::unique_ptr<ovs::GroupMod> decoded = decode_group_mod(msg);
    ASSERT_TRUE(decoded);
    EXPECT_EQ(0u, decoded->n_buckets());
}

TEST(EncodeGroupDelete, DeletesOneGroupById)
{
    ovs::OfpbufPtr msg = ovs::encode_group_delete(5);
    expect_message(msg, OFPTYPE_GROUP_MOD);
    std::unique_ptr<ovs::GroupMod> decoded = decode_group_mod(msg);
    ASSERT_TRUE(decoded);
    EXPECT_EQ(OFPGC11_DELETE, decoded->get()->command);
    EXPECT_EQ(5u, decoded->get()->group_id);
    EXPECT_EQ(0u, decoded->n_buckets());
}

TEST(EncodeGroupDelete, AllDeletesEveryGroup)
{
    ovs::OfpbufPtr msg = ovs::encode_group_delete(OFPG_ALL);
    expect_message(msg, OFPTYPE_GROUP_MOD);
    std::unique_ptr<ovs::GroupMod> decoded = decode_group_mod(msg);
    ASSERT_TRUE(decoded);
    EXPECT_EQ(OFPGC11_DELETE, decoded->get()->command);
    EXPECT_EQ(OFPG_ALL, decoded->get()->group_id);
}

/* Connection upkeep and Geneve TLV mappings. */

TEST(EncodeEchoReply, EchoesTheRequestsXidAndPayload)
{
    /* The switch's liveness probe: the reply must carry the request's xid
     * and its payload back unchanged. */
    const char payload[] = "are you there?";
    ovs::OfpbufPtr request(ofpraw_alloc(OFPRAW_OFPT_ECHO_REQUEST,
                                        OFP15_VERSION, sizeof payload));
    ofpbuf_put(request.get(), payload, sizeof payload);
    ofpmsg_update_length(request.get());
    static_cast<ofp_header *>(request->data)->xid = htonl(0xec40);

    ovs::OfpbufPtr reply = ovs::encode_echo_reply(*header(request));
    expect_message(reply, OFPTYPE_ECHO_REPLY);
    EXPECT_EQ(htonl(0xec40), header(reply)->xid);
    ASSERT_EQ(sizeof(ofp_header) + sizeof payload, reply->size);
    EXPECT_EQ(0, memcmp(static_cast<const char *>(reply->data)
                        + sizeof(ofp_header), payload, sizeof payload));
}

TEST(EncodeEchoReply, EchoesAnEmptyRequest)
{
    ovs::OfpbufPtr request(ofpraw_alloc(OFPRAW_OFPT_ECHO_REQUEST,
                                        OFP15_VERSION, 0));
    ovs::OfpbufPtr reply = ovs::encode_echo_reply(*header(request));
    expect_message(reply, OFPTYPE_ECHO_REPLY);
    EXPECT_EQ(header(request)->xid, header(reply)->xid);
    EXPECT_EQ(sizeof(ofp_header), reply->size);
}

TEST(EncodeTlvTableRequest, IsAnOpenFlow15TlvTableRequest)
{
    ovs::OfpbufPtr msg = ovs::encode_tlv_table_request();
    expect_message(msg, OFPTYPE_NXT_TLV_TABLE_REQUEST);
}

TEST(EncodeTlvTableAdd, MapsOneGeneveOptionToATunMetadataField)
{
    /* OVN's own option: class 0x102, type 0x80, 4 bytes. */
    ovs::OfpbufPtr msg = ovs::encode_tlv_table_add(0x102, 0x80, 4, 0);
    expect_message(msg, OFPTYPE_NXT_TLV_TABLE_MOD);

    ofputil_tlv_table_mod ttm;
    ASSERT_EQ(0, ofputil_decode_tlv_table_mod(header(msg), &ttm));
    EXPECT_EQ(NXTTMC_ADD, ttm.command);
    ASSERT_EQ(1u, ovs_list_size(&ttm.mappings));
    const ofputil_tlv_map *map = CONTAINER_OF(ovs_list_front(&ttm.mappings),
                                              ofputil_tlv_map, list_node);
    EXPECT_EQ(0x102, map->option_class);
    EXPECT_EQ(0x80, map->option_type);
    EXPECT_EQ(4, map->option_len);
    EXPECT_EQ(0, map->index);
    ofputil_uninit_tlv_table(&ttm.mappings);
}

TEST(EncodeTlvTableAdd, CarriesTheIndexOfTheTunMetadataField)
{
    ovs::OfpbufPtr msg = ovs::encode_tlv_table_add(0xffff, 1, 8, 63);
    ofputil_tlv_table_mod ttm;
    ASSERT_EQ(0, ofputil_decode_tlv_table_mod(header(msg), &ttm));
    const ofputil_tlv_map *map = CONTAINER_OF(ovs_list_front(&ttm.mappings),
                                              ofputil_tlv_map, list_node);
    EXPECT_EQ(0xffff, map->option_class);
    EXPECT_EQ(1, map->option_type);
    EXPECT_EQ(8, map->option_len);
    EXPECT_EQ(63, map->index);
    ofputil_uninit_tlv_table(&ttm.mappings);
}

/* Barrier and bundles. */

TEST(EncodeBarrierRequest, IsAnOpenFlow15BarrierRequest)
{
    ovs::OfpbufPtr msg = ovs::encode_barrier_request();
    expect_message(msg, OFPTYPE_BARRIER_REQUEST);
    EXPECT_EQ(sizeof(ofp_header), msg->size);
}

TEST(EncodeBarrierRequest, EachRequestHasItsOwnXid)
{
    /* ofctrl matches a barrier reply to its request by xid. */
    ovs::OfpbufPtr a = ovs::encode_barrier_request();
    ovs::OfpbufPtr b = ovs::encode_barrier_request();
    EXPECT_NE(header(a)->xid, header(b)->xid);
}

TEST(EncodeBundleCtrl, CarriesBundleIdTypeAndFlags)
{
    for (uint16_t type : {OFPBCT_OPEN_REQUEST, OFPBCT_COMMIT_REQUEST,
                          OFPBCT_DISCARD_REQUEST, OFPBCT_CLOSE_REQUEST}) {
        SCOPED_TRACE(type);
        ovs::OfpbufPtr msg = ovs::encode_bundle_ctrl(
            42, type, OFPBF_ATOMIC | OFPBF_ORDERED);
        expect_message(msg, OFPTYPE_BUNDLE_CONTROL);

        ofputil_bundle_ctrl_msg bc;
        ASSERT_EQ(0, ofputil_decode_bundle_ctrl(header(msg), &bc));
        EXPECT_EQ(42u, bc.bundle_id);
        EXPECT_EQ(type, bc.type);
        EXPECT_EQ(OFPBF_ATOMIC | OFPBF_ORDERED, bc.flags);
    }
}

TEST(EncodeBundleAdd, WrapsAFlowModUnderTheInnerXid)
{
    ovs::MiniMatch match(ovs::parse_match("reg14=0x1"));
    ovs::Ofpacts actions = ovs::parse_actions("output:1");
    ovs::FlowModArgs args;
    args.table_id = 4;
    args.priority = 10;
    args.match = match.get();
    args.ofpacts = actions.data();
    args.ofpacts_len = actions.size();
    ovs::OfpbufPtr inner = ovs::encode_flow_mod(args);
    /* An xid the encoder would not pick by chance. */
    static_cast<ofp_header *>(inner->data)->xid = htonl(0x5eed);

    ovs::OfpbufPtr msg = ovs::encode_bundle_add(9, OFPBF_ATOMIC, *inner);
    expect_message(msg, OFPTYPE_BUNDLE_ADD_MESSAGE);
    EXPECT_EQ(htonl(0x5eed), header(msg)->xid);

    /* The decoder also insists that the outer and inner xids agree. */
    ofputil_bundle_add_msg bam;
    ofptype inner_type;
    ASSERT_EQ(0, ofputil_decode_bundle_add(header(msg), &bam, &inner_type));
    EXPECT_EQ(9u, bam.bundle_id);
    EXPECT_EQ(OFPBF_ATOMIC, bam.flags);
    EXPECT_EQ(OFPTYPE_FLOW_MOD, inner_type);
    ASSERT_EQ(inner->size, ntohs(bam.msg->length));
    EXPECT_EQ(0, memcmp(inner->data, bam.msg, inner->size));
}

TEST(EncodeBundleAdd, WrapsAGroupMod)
{
    std::unique_ptr<ovs::GroupMod> group = ovs::parse_group(
        "type=all,bucket=actions=output:1");
    ovs::OfpbufPtr inner = ovs::encode_group_add(*group, 3);
    ovs::OfpbufPtr msg = ovs::encode_bundle_add(1, OFPBF_ORDERED, *inner);
    expect_message(msg, OFPTYPE_BUNDLE_ADD_MESSAGE);
    EXPECT_EQ(header(inner)->xid, header(msg)->xid);

    ofputil_bundle_add_msg bam;
    ofptype inner_type;
    ASSERT_EQ(0, ofputil_decode_bundle_add(header(msg), &bam, &inner_type));
    EXPECT_EQ(1u, bam.bundle_id);
    EXPECT_EQ(OFPBF_ORDERED, bam.flags);
    EXPECT_EQ(OFPTYPE_GROUP_MOD, inner_type);
    EXPECT_EQ(0, memcmp(inner->data, bam.msg, inner->size));
}

TEST(EncodeBundleAdd, CopiesTheInnerMessage)
{
    /* The wrapper must not point into 'inner', which the caller may free
     * right away; valgrind reports a read of the freed buffer. */
    ovs::OfpbufPtr inner = ovs::encode_group_delete(8);
    const ovs_be32 xid = header(inner)->xid;
    ovs::OfpbufPtr msg = ovs::encode_bundle_add(2, 0, *inner);
    inner.reset();

    ofputil_bundle_add_msg bam;
    ofptype inner_type;
    ASSERT_EQ(0, ofputil_decode_bundle_add(header(msg), &bam, &inner_type));
    EXPECT_EQ(OFPTYPE_GROUP_MOD, inner_type);
    EXPECT_EQ(xid, bam.msg->xid);
}

/* A flow mod's bundle add encoded in one pass. */

namespace {

/* The two-step encoding, under 'xid': encode_flow_mod() wrapped by
 * encode_bundle_add(). */
std::string
two_step_bytes(uint32_t bundle_id, uint16_t flags,
               const ovs::FlowModArgs &args, ovs_be32 xid)
{
    ovs::OfpbufPtr inner = ovs::encode_flow_mod(args);
    static_cast<ofp_header *>(inner->data)->xid = xid;
    ovs::OfpbufPtr msg = ovs::encode_bundle_add(bundle_id, flags, *inner);
    return std::string(static_cast<const char *>(msg->data), msg->size);
}

/* encode_bundle_flow_mod() checked against the two-step encoding. */
void
expect_same_as_two_steps(const ovs::FlowModArgs &args)
{
    const uint16_t flags = OFPBF_ATOMIC | OFPBF_ORDERED;
    ovs::OfpbufPtr msg = ovs::encode_bundle_flow_mod(77, flags, args);
    expect_message(msg, OFPTYPE_BUNDLE_ADD_MESSAGE);
    const std::string one_pass(static_cast<const char *>(msg->data),
                               msg->size);
    EXPECT_EQ(two_step_bytes(77, flags, args, header(msg)->xid), one_pass);

    /* OVS's decoder takes it: the inner xid is the wrapper's. */
    ofputil_bundle_add_msg bam;
    ofptype inner_type;
    ASSERT_EQ(0, ofputil_decode_bundle_add(header(msg), &bam, &inner_type));
    EXPECT_EQ(OFPTYPE_FLOW_MOD, inner_type);
    EXPECT_EQ(77u, bam.bundle_id);
    EXPECT_EQ(ntohs(bam.msg->length) + ovs::BUNDLE_ADD_HEADER_LEN,
              msg->size);
}

ovs::FlowModArgs
flow_mod_args(uint16_t command, const ovs::FlowSpec &spec,
              const ovs::MiniMatch &match, uint64_t cookie)
{
    ovs::FlowModArgs args;
    args.command = command;
    args.table_id = spec.table_id;
    args.priority = spec.priority;
    args.match = match.get();
    args.ofpacts = spec.actions.data();
    args.ofpacts_len = spec.actions.size();
    args.cookie = cookie;
    return args;
}

}  // namespace

TEST(EncodeBundleFlowMod, IsByteForByteTheTwoStepEncoding)
{
    const char *const flows[] = {
        "table=8,priority=100,reg14=0x1,metadata=0x5,"
        "actions=set_field:0x1->reg15,resubmit(,37)",
        "table=44,priority=2002,ip,reg15=0x2,metadata=0x1,"
        "nw_src=10.128.0.3,actions=conjunction(5,1/2)",
        "table=44,priority=2002,ipv6,metadata=0x1,"
        "ipv6_src=fd00::/64,ct_state=+est-rel,"
        "actions=ct(commit,zone=NXM_NX_REG13[0..15]),resubmit(,45)",
        "table=0,priority=0,actions=drop",
        "table=65,priority=100,reg15=0x3,metadata=0x2,"
        "actions=output:7",
    };
    for (const char *flow : flows) {
        SCOPED_TRACE(flow);
        ovs::FlowSpec spec = ovs::parse_flow(flow);
        ovs::MiniMatch match(spec.match);
        for (uint16_t command : {OFPFC_ADD, OFPFC_MODIFY_STRICT}) {
            SCOPED_TRACE(command);
            expect_same_as_two_steps(
                flow_mod_args(command, spec, match, 0x1234abcd));
        }
        ovs::FlowModArgs del = flow_mod_args(OFPFC_DELETE_STRICT, spec,
                                             match, 0);
        del.ofpacts = nullptr;
        del.ofpacts_len = 0;
        expect_same_as_two_steps(del);
    }
}

TEST(EncodeBundleFlowMod, NoMatchMeansMatchEverything)
{
    ovs::FlowModArgs args;
    args.command = OFPFC_DELETE;
    args.table_id = OFPTT_ALL;
    expect_same_as_two_steps(args);
}

TEST(EncodeBundleFlowMod, EachMessageHasItsOwnXid)
{
    ovs::MiniMatch match(ovs::parse_match("reg14=0x1"));
    ovs::FlowModArgs args;
    args.match = match.get();
    ovs::OfpbufPtr a = ovs::encode_bundle_flow_mod(1, 0, args);
    ovs::OfpbufPtr b = ovs::encode_bundle_flow_mod(1, 0, args);
    EXPECT_NE(header(a)->xid, header(b)->xid);
}

TEST(EncodeBundleFlowMod, AFlowModOverTheStubIsEncodedWhole)
{
    /* 300 conjunctions: 4.8 kB of actions, more than the encoder's stack
     * buffer. */
    ovs::OfpactsBuilder actions;
    for (uint32_t i = 1; i <= 300; i++) {
        actions.conjunction(i, 1, 2);
    }
    const ovs::Ofpacts ofpacts = actions.build();
    ovs::MiniMatch match(ovs::parse_match("ip,nw_src=10.0.0.1"));
    ovs::FlowModArgs args;
    args.table_id = 44;
    args.priority = 2002;
    args.match = match.get();
    args.ofpacts = ofpacts.data();
    args.ofpacts_len = ofpacts.size();
    args.cookie = 9;
    ovs::OfpbufPtr msg = ovs::encode_bundle_flow_mod(3, 0, args);
    EXPECT_GT(msg->size, 4800u);
    expect_same_as_two_steps(args);
}

TEST(EncodeBundleFlowMod, TooLargeForOpenFlowShowsInItsSize)
{
    /* 5000 conjunctions of 16 bytes: no OpenFlow message carries them;
     * the caller sees it from the size. */
    ovs::OfpactsBuilder actions;
    for (uint32_t i = 1; i <= 5000; i++) {
        actions.conjunction(i, 1, 2);
    }
    const ovs::Ofpacts ofpacts = actions.build();
    ovs::MiniMatch match(ovs::parse_match("ip,nw_src=10.0.0.1"));
    ovs::FlowModArgs args;
    args.match = match.get();
    args.ofpacts = ofpacts.data();
    args.ofpacts_len = ofpacts.size();
    ovs::OfpbufPtr msg = ovs::encode_bundle_flow_mod(3, 0, args);
    EXPECT_GT(msg->size, size_t(UINT16_MAX));
}
