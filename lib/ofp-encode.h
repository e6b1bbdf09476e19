/* Encoders for the OpenFlow messages ovn-controller sends, all in OpenFlow
 * 1.5 with OXM matches, built on OVS's ofputil_encode_*().  Each returns an
 * owned message ready for rconn_send() or a bundle.  Anyone may include
 * this. */
#ifndef LIB_OFP_ENCODE_H
#define LIB_OFP_ENCODE_H 1

#include <cstdint>

#include "lib/c-ptr.h"
#include "openflow/openflow.h"
#include "openvswitch/ofp-errors.h"
#include "openvswitch/match.h"

struct ofpact;

namespace ovs {

class GroupMod;

/* The version every encoder uses. */
constexpr ofp_version OFCTRL_OFP_VERSION = OFP15_VERSION;

/* A flow_mod.  'command' is OFPFC_ADD, OFPFC_MODIFY_STRICT or
 * OFPFC_DELETE_STRICT; 'cookie' is installed by ADD only (OpenFlow 1.1+
 * MODIFY does not change cookies). */
struct FlowModArgs {
    uint16_t command = OFPFC_ADD;
    uint8_t table_id = 0;
    uint16_t priority = 0;
    const minimatch *match = nullptr;
    const ofpact *ofpacts = nullptr;
    size_t ofpacts_len = 0;
    uint64_t cookie = 0;
};
OfpbufPtr encode_flow_mod(const FlowModArgs &);

/* Deletes every flow in every table. */
OfpbufPtr encode_flow_delete_all();

/* Asks for every flow of every table (a multipart flow stats request). */
OfpbufPtr encode_flow_dump_request();

/* Adds 'group' under 'group_id'. */
OfpbufPtr encode_group_add(const GroupMod &group, uint32_t group_id);

/* Deletes group 'group_id', or every group for OFPG_ALL. */
OfpbufPtr encode_group_delete(uint32_t group_id);

OfpbufPtr encode_barrier_request();
/* NXT_CT_FLUSH_ZONE: the switch forgets every connection of 'zone'. */
OfpbufPtr encode_ct_flush_zone(uint16_t zone);

/* Replies to echo request 'request'. */
OfpbufPtr encode_echo_reply(const ofp_header &request);

/* Asks for the switch's tunnel metadata (Geneve TLV) mapping table. */
OfpbufPtr encode_tlv_table_request();

/* Maps Geneve option (class, type, len) to tun_metadata<index>. */
OfpbufPtr encode_tlv_table_add(uint16_t option_class, uint8_t option_type,
                               uint8_t option_len, uint16_t index);

/* Bundle control: OFPBCT_OPEN_REQUEST, OFPBCT_COMMIT_REQUEST, ... */
OfpbufPtr encode_bundle_ctrl(uint32_t bundle_id, uint16_t type,
                             uint16_t flags);

/* The bytes a bundle add puts before the message it wraps. */
constexpr size_t BUNDLE_ADD_HEADER_LEN = 16;

/* Wraps 'msg' (an already encoded flow_mod or group_mod) for bundle
 * 'bundle_id'; the wrapper carries the inner message's xid. */
OfpbufPtr encode_bundle_add(uint32_t bundle_id, uint16_t flags,
                            const ofpbuf &msg);

/* The bundle add of a flow mod for bundle 'bundle_id', encoded in one pass
 * into one allocation: byte for byte encode_bundle_add(bundle_id, flags,
 * *encode_flow_mod(args)) under a new xid, without the intermediate
 * message and its copy.  A flow mod that OpenFlow cannot carry shows in
 * the result's size, over UINT16_MAX (its length fields are then wrong):
 * the caller checks it before sending. */
OfpbufPtr encode_bundle_flow_mod(uint32_t bundle_id, uint16_t flags,
                                 const FlowModArgs &);

}  // namespace ovs

#endif  /* lib/ofp-encode.h */
