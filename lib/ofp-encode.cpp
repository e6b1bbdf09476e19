#include <config.h>

#include "lib/ofp-encode.h"

#include <cstring>

#include "lib/ovs-internal.h"
#include "lib/group-mod.h"
#include "lib/oxm-match.h"
#include "openvswitch/ofp-actions.h"
#include "openvswitch/ofp-bundle.h"
#include "openvswitch/ofp-flow.h"
#include "openvswitch/ofp-group.h"
#include "openvswitch/ofp-match.h"
#include "openvswitch/ofp-msgs.h"
#include "openvswitch/ofp-port.h"
#include "openvswitch/ofp-protocol.h"
#include "openflow/nicira-ext.h"
#include "openvswitch/ofp-util.h"
#include "util.h"

namespace ovs {

namespace {

constexpr ofputil_protocol PROTOCOL = OFPUTIL_P_OF15_OXM;

/* Some OVS encoders append a body but leave the header's length for
 * vconn_send() to fix.  Anything that reads the message before then (a
 * decoder, a log line, a test switch) would see it truncated, so set the
 * length here. */
OfpbufPtr
finished(ofpbuf *msg)
{
    ofpmsg_update_length(msg);
    return OfpbufPtr(msg);
}

}  // namespace

OfpbufPtr
encode_flow_mod(const FlowModArgs &args)
{
    ofputil_flow_mod fm{};
    if (args.match) {
        /* A shallow copy: the encoder only reads it. */
        fm.match = *args.match;
    } else {
        minimatch_init_catchall(&fm.match);
    }
    fm.priority = args.priority;
    fm.table_id = args.table_id;
    fm.command = args.command;
    fm.buffer_id = UINT32_MAX;
    fm.out_port = OFPP_ANY;
    fm.out_group = OFPG_ANY;
    fm.new_cookie = htonll(args.cookie);
    fm.ofpacts = const_cast<ofpact *>(args.ofpacts);
    fm.ofpacts_len = args.ofpacts_len;

    OfpbufPtr msg(ofputil_encode_flow_mod(&fm, PROTOCOL));
    if (!args.match) {
        minimatch_destroy(&fm.match);
    }
    return msg;
}

OfpbufPtr
encode_flow_delete_all()
{
    FlowModArgs args;
    args.command = OFPFC_DELETE;
    args.table_id = OFPTT_ALL;
    return encode_flow_mod(args);
}

OfpbufPtr
encode_flow_dump_request()
{
    ofputil_flow_stats_request fsr{};
    fsr.aggregate = false;
    match_init_catchall(&fsr.match);
    fsr.table_id = OFPTT_ALL;
    fsr.out_port = OFPP_ANY;
    fsr.out_group = OFPG_ANY;
    return finished(ofputil_encode_flow_stats_request(&fsr, PROTOCOL));
}

OfpbufPtr
encode_group_add(const GroupMod &group, uint32_t group_id)
{
    /* The bucket list cannot be copied (its nodes point at its head), so
     * the encoder reads 'group' itself with the command and ID swapped in
     * for the call and restored after it. */
    ofputil_group_mod *gm = const_cast<GroupMod &>(group).get();
    const uint16_t command = gm->command;
    const uint32_t old_id = gm->group_id;
    gm->command = OFPGC11_ADD;
    gm->group_id = group_id;
    OfpbufPtr msg(ofputil_encode_group_mod(OFCTRL_OFP_VERSION, gm, nullptr,
                                           false));
    gm->command = command;
    gm->group_id = old_id;
    return msg;
}

OfpbufPtr
encode_group_delete(uint32_t group_id)
{
    GroupMod group;
    ofputil_group_mod *gm = group.get();
    gm->command = OFPGC11_DELETE;
    gm->group_id = group_id;
    return OfpbufPtr(ofputil_encode_group_mod(OFCTRL_OFP_VERSION, gm,
                                              nullptr, false));
}

OfpbufPtr
encode_barrier_request()
{
    return OfpbufPtr(ofputil_encode_barrier_request(OFCTRL_OFP_VERSION));
}

OfpbufPtr
encode_ct_flush_zone(uint16_t zone)
{
    OfpbufPtr msg(ofpraw_alloc(OFPRAW_NXT_CT_FLUSH_ZONE, OFCTRL_OFP_VERSION,
                               0));
    nx_zone_id *nzi = static_cast<nx_zone_id *>(
        ofpbuf_put_zeros(msg.get(), sizeof *nzi));
    nzi->zone_id = htons(zone);
    return msg;
}

OfpbufPtr
encode_echo_reply(const ofp_header &request)
{
    return finished(ofputil_encode_echo_reply(&request));
}

OfpbufPtr
encode_tlv_table_request()
{
    return OfpbufPtr(ofpraw_alloc(OFPRAW_NXT_TLV_TABLE_REQUEST,
                                  OFCTRL_OFP_VERSION, 0));
}

OfpbufPtr
encode_tlv_table_add(uint16_t option_class, uint8_t option_type,
                     uint8_t option_len, uint16_t index)
{
    ofputil_tlv_map map{};
    map.option_class = option_class;
    map.option_type = option_type;
    map.option_len = option_len;
    map.index = index;

    ofputil_tlv_table_mod ttm{};
    ttm.command = NXTTMC_ADD;
    ovs_list_init(&ttm.mappings);
    ovs_list_push_back(&ttm.mappings, &map.list_node);
    return finished(ofputil_encode_tlv_table_mod(OFCTRL_OFP_VERSION, &ttm));
}

OfpbufPtr
encode_bundle_ctrl(uint32_t bundle_id, uint16_t type, uint16_t flags)
{
    ofputil_bundle_ctrl_msg bc{};
    bc.bundle_id = bundle_id;
    bc.type = type;
    bc.flags = flags;
    return finished(ofputil_encode_bundle_ctrl_request(OFCTRL_OFP_VERSION,
                                                       &bc));
}

OfpbufPtr
encode_bundle_add(uint32_t bundle_id, uint16_t flags, const ofpbuf &msg)
{
    ofputil_bundle_add_msg bam{};
    bam.bundle_id = bundle_id;
    bam.flags = flags;
    bam.msg = static_cast<const ofp_header *>(msg.data);
    return OfpbufPtr(ofputil_encode_bundle_add(OFCTRL_OFP_VERSION, &bam));
}

static_assert(BUNDLE_ADD_HEADER_LEN
              == sizeof(ofp_header) + sizeof(ofp14_bundle_ctrl_msg),
              "a bundle add is a header and a bundle control body");

namespace {

/* A copy of 'src' in one allocation: the ofpbuf with its bytes as its stub,
 * so that ofpbuf_delete() frees both at once (a later growth moves the
 * bytes to the heap, as for any stub). */
OfpbufPtr
compact_copy(const ofpbuf &src)
{
    const size_t head = ROUND_UP(sizeof(ofpbuf), sizeof(uint64_t));
    char *mem = static_cast<char *>(xmalloc(head + src.size));
    ofpbuf *b = reinterpret_cast<ofpbuf *>(mem);
    ofpbuf_use_stub(b, mem + head, src.size);
    ofpbuf_put(b, src.data, src.size);
    b->header = b->data;
    b->msg = static_cast<char *>(b->data) + sizeof(ofp_header);
    return OfpbufPtr(b);
}

/* Appends to 'b' what follows a flow_mod's header: the same bytes as
 * ofputil_encode_flow_mod() for OpenFlow 1.5 and the fields FlowModArgs
 * can set (no timeouts, flags, importance or cookie mask). */
void
put_flow_mod_body(ofpbuf *b, const FlowModArgs &args)
{
    ofp11_flow_mod *ofm = static_cast<ofp11_flow_mod *>(
        ofpbuf_put_zeros(b, sizeof *ofm));
    /* OpenFlow 1.1+ MODIFY and DELETE carry a cookie only to match on it,
     * with a mask; ours match on none. */
    ofm->cookie = args.command == OFPFC_ADD ? htonll(args.cookie) : 0;
    const bool is_delete = (args.command == OFPFC_DELETE
                            || args.command == OFPFC_DELETE_STRICT);
    ofm->table_id = args.table_id != OFPTT_ALL || is_delete
                    ? args.table_id : 0;
    ofm->command = args.command;
    ofm->priority = htons(args.priority);
    ofm->buffer_id = htonl(UINT32_MAX);
    ofm->out_port = ofputil_port_to_ofp11(OFPP_ANY);
    ofm->out_group = htonl(OFPG_ANY);

    if (args.match) {
        put_of15_match(b, *args.match);
    } else {
        match m;
        match_init_catchall(&m);
        ofputil_put_ofp11_match(b, &m, PROTOCOL);
    }
    ofpacts_put_openflow_instructions(args.ofpacts, args.ofpacts_len, b,
                                      OFCTRL_OFP_VERSION);
}

}  // namespace

OfpbufPtr
encode_bundle_flow_mod(uint32_t bundle_id, uint16_t flags,
                       const FlowModArgs &args)
{
    /* Encoded on the stack, then copied once into a message of the exact
     * size: most flow mods are a few hundred bytes. */
    uint64_t stub[2048 / sizeof(uint64_t)];
    ofpbuf b;
    ofpbuf_use_stub(&b, stub, sizeof stub);

    ofpraw_put(OFPRAW_OFPT14_BUNDLE_ADD_MESSAGE, OFCTRL_OFP_VERSION, &b);
    const ovs_be32 xid = static_cast<const ofp_header *>(b.header)->xid;
    ofp14_bundle_ctrl_msg *m = static_cast<ofp14_bundle_ctrl_msg *>(
        ofpbuf_put_zeros(&b, sizeof *m));
    m->bundle_id = htonl(bundle_id);
    m->flags = htons(flags);

    /* The flow mod, under the wrapper's xid. */
    const size_t inner = b.size;
    ofpraw_put_xid(OFPRAW_OFPT11_FLOW_MOD, OFCTRL_OFP_VERSION, xid, &b);
    put_flow_mod_body(&b, args);

    static_cast<ofp_header *>(ofpbuf_at_assert(&b, inner, sizeof(ofp_header)))
        ->length = htons(b.size - inner);
    static_cast<ofp_header *>(b.data)->length = htons(b.size);
    OfpbufPtr msg = compact_copy(b);
    ofpbuf_uninit(&b);
    return msg;
}

}  // namespace ovs
