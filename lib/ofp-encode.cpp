#include <config.h>

#include "lib/ofp-encode.h"

#include <cstring>

#include "lib/ovs-internal.h"
#include "lib/group-mod.h"
#include "openvswitch/ofp-bundle.h"
#include "openvswitch/ofp-flow.h"
#include "openvswitch/ofp-group.h"
#include "openvswitch/ofp-match.h"
#include "openvswitch/ofp-msgs.h"
#include "openvswitch/ofp-protocol.h"
#include "openflow/nicira-ext.h"
#include "openvswitch/ofp-util.h"

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

}  // namespace ovs
