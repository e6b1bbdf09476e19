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

#include <cstdint>
#include <vector>

#include "lib/ofpacts-value.h"
#include "openvswitch/meta-flow.h"
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

    bool empty() const noexcept { return buf_.size == 0; }

    /* The actions so far (an empty builder gives no actions: drop). */
    Ofpacts build() const { return Ofpacts(buf_); }

private:
    ofpbuf buf_;
    uint64_t stub_[1024 / 8];
};

}  // namespace ovs

#endif  /* lib/ofpacts-builder.h */
