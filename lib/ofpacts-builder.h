/* OfpactsBuilder: builds a sequence of OpenFlow actions field by field,
 * the way ovn-controller's modules compute them, without going through
 * text.  Each method appends one action and returns the builder, so a
 * flow's actions read as one expression:
 *
 *     ovs::Ofpacts acts = ovs::OfpactsBuilder()
 *         .load(MFF_METADATA, dp_key)
 *         .load(MFF_REG14, port_key)
 *         .resubmit(8)
 *         .build();
 *
 * Loads are set_field actions on a bit range of a field (a full-width load
 * prints as "set_field:0x1->reg13", a partial one with its mask, as in
 * "set_field:0x1/0xffffff->tun_id").  Field ids are checked with
 * ovs_assert(): a wrong one is a programming error, not bad input.
 * Anyone may include this. */
#ifndef LIB_OFPACTS_BUILDER_H
#define LIB_OFPACTS_BUILDER_H 1

#include <cstddef>
#include <cstdint>
#include <vector>

#include "lib/ofpacts-value.h"
#include "openvswitch/meta-flow.h"
#include "openvswitch/types.h"
#include "openvswitch/ofpbuf.h"

namespace ovs {

class OfpactsBuilder {
public:
    OfpactsBuilder() noexcept;
    ~OfpactsBuilder();
    OfpactsBuilder(const OfpactsBuilder &) = delete;
    OfpactsBuilder &operator=(const OfpactsBuilder &) = delete;

    /* set_field: 'value' into all of 'field' (at most 64 bits wide). */
    OfpactsBuilder &load(mf_field_id field, uint64_t value);
    /* set_field: 'value' into bits ['ofs', 'ofs' + 'n_bits') of 'field',
     * leaving its other bits alone ('n_bits' <= 64, and 'value' must fit
     * in 'n_bits').  Works for variable-length fields such as
     * tun_metadata0 as well, as OVN's put_load() does: the mask covers just
     * those bits of the field's 124 bytes, so locally it prints as
     * "set_field:0x3/0xffffffff->tun_metadata0". */
    OfpactsBuilder &load_bits(mf_field_id field, uint64_t value, int ofs,
                              int n_bits);
    /* move:SRC[src_ofs..]->DST[dst_ofs..], 'n_bits' bits. */
    OfpactsBuilder &move(mf_field_id src, int src_ofs, mf_field_id dst,
                         int dst_ofs, int n_bits);
    /* push:FIELD[] and pop:FIELD[] (whole field). */
    OfpactsBuilder &push(mf_field_id field);
    OfpactsBuilder &pop(mf_field_id field);
    /* resubmit(,TABLE). */
    OfpactsBuilder &resubmit(uint8_t table_id);
    /* output:PORT. */
    OfpactsBuilder &output(uint32_t ofp_port);
    /* bundle(eth_src,0,active_backup,ofport,members:PORTS): output to the
     * first of 'ports' that is up (BFD or carrier says so). */
    OfpactsBuilder &bundle_active_backup(const std::vector<uint32_t> &ports);
    /* conjunction(ID,CLAUSE/N_CLAUSES), 'clause' counting from 1 as the
     * text does. */
    OfpactsBuilder &conjunction(uint32_t id, uint8_t clause,
                                uint8_t n_clauses);
    /* ct_clear. */
    OfpactsBuilder &ct_clear();
    /* clone(ACTIONS), ACTIONS being what 'inner' built. */
    OfpactsBuilder &clone(const OfpactsBuilder &inner);
    /* push_vlan:TPID, strip_vlan, and set_field:VID->vlan_vid (with the
     * OFPVID_PRESENT bit, as OVN sets a VLAN tag). */
    OfpactsBuilder &push_vlan(uint16_t tpid);
    OfpactsBuilder &strip_vlan();
    OfpactsBuilder &set_vlan_vid(uint16_t vid);
    /* controller(userdata=OPCODE), as OVN encodes a controller action
     * without arguments: reason "action", no pause, no meter, and the
     * userdata the 32-bit 'opcode' and 4 bytes of padding. */
    OfpactsBuilder &controller(uint32_t opcode);

    bool empty() const noexcept { return buf_.size == 0; }

    /* The actions so far (an empty builder gives no actions: drop). */
    Ofpacts build() const { return Ofpacts(buf_); }

private:
    ofpbuf buf_;
    uint64_t stub_[1024 / 8];
};

/* LearnBuilder: one "learn" action appended to 'ofpacts' (an ofpbuf of
 * ofpacts that the caller owns and may be filling with other actions),
 * spec by spec, then finish()ed:
 *
 *     ovs::LearnBuilder learn(ofpacts, 78, 30, OFP_FLOW_PERMANENT);
 *     learn.match_field(MFF_METADATA, MFF_METADATA)
 *          .match_value(MFF_ETH_TYPE, &eth_type, sizeof eth_type)
 *          .load_value(MFF_LOG_FLAGS, 14, 1, &one, sizeof one);
 *     learn.finish();
 *
 * The learned flows have the default priority and go away with the flow
 * that learned them (delete_learned), as every learn of OVN does.  Values
 * are in network byte order; a value for 'n_bits' bits is the last
 * DIV_ROUND_UP('n_bits', 8) of its 'value_len' bytes.  Appending may move
 * 'ofpacts''s data: no pointer into it survives a call. */
class LearnBuilder {
public:
    LearnBuilder(ofpbuf *ofpacts, uint8_t table_id, uint16_t idle_timeout,
                 uint16_t hard_timeout, ovs_be64 cookie = 0);
    LearnBuilder(const LearnBuilder &) = delete;
    LearnBuilder &operator=(const LearnBuilder &) = delete;

    /* The learned flow matches all of field 'dst' on the value that field
     * 'src' of the packet has now. */
    LearnBuilder &match_field(mf_field_id dst, mf_field_id src);
    /* The learned flow matches all of 'dst', or its bits ['ofs', 'ofs' +
     * 'n_bits'), on a constant. */
    LearnBuilder &match_value(mf_field_id dst, const void *value,
                              size_t value_len);
    LearnBuilder &match_value(mf_field_id dst, int ofs, int n_bits,
                              const void *value, size_t value_len);
    /* The learned flow loads a constant into bits ['ofs', 'ofs' +
     * 'n_bits') of 'dst'. */
    LearnBuilder &load_value(mf_field_id dst, int ofs, int n_bits,
                             const void *value, size_t value_len);

    /* Ends the action (its length covers the specs); call once, last. */
    void finish();

private:
    void put_immediate(mf_field_id dst, int ofs, int n_bits,
                       const void *value, size_t value_len, bool load);

    ofpbuf *ofpacts_;
    size_t ofs_;                /* Offset of the ofpact_learn. */
};

}  // namespace ovs

#endif  /* lib/ofpacts-builder.h */
