#include <config.h>

#include "lib/ofpacts-builder.h"

#include <cstring>

#include "lib/ovs-internal.h"
#include "openvswitch/ofp-actions.h"

namespace ovs {

namespace {

/* 'field' itself, checking that 'ofs' and 'n_bits' name a range of at most
 * 64 bits inside it.  For a variable-length field such as tun_metadata0
 * the range is checked against the field's maximum width: the length the
 * switch actually gives it comes from a TLV mapping that only the switch
 * knows. */
const mf_field *
checked_field(mf_field_id field, int ofs, int n_bits)
{
    const mf_field *mf = mf_from_id(field);
    ovs_assert(ofs >= 0 && n_bits > 0 && n_bits <= 64);
    ovs_assert(ofs + n_bits <= static_cast<int>(mf->n_bits));
    return mf;
}

/* The subfield bits ['ofs', 'ofs' + 'n_bits') of 'field', as move, push
 * and pop name them.  Those may be wider than 64 bits (push:NXM_NX_XXREG0[]
 * is legal), so only the bounds are checked. */
mf_subfield
subfield(mf_field_id field, int ofs, int n_bits)
{
    const mf_field *mf = mf_from_id(field);
    ovs_assert(ofs >= 0 && n_bits > 0);
    ovs_assert(ofs + n_bits <= static_cast<int>(mf->n_bits));

    mf_subfield sf;
    sf.field = mf;
    sf.ofs = ofs;
    sf.n_bits = n_bits;
    return sf;
}

}  // namespace

OfpactsBuilder::OfpactsBuilder() noexcept
{
    ofpbuf_use_stub(&buf_, stub_, sizeof stub_);
}

OfpactsBuilder::~OfpactsBuilder()
{
    ofpbuf_uninit(&buf_);
}

OfpactsBuilder &
OfpactsBuilder::load(mf_field_id field, uint64_t value)
{
    /* A field wider than 64 bits (an xxreg, tun_metadata) cannot be loaded
     * whole from a uint64_t; use load_bits() on the part that matters. */
    const mf_field *mf = mf_from_id(field);
    ovs_assert(mf->n_bits <= 64);
    return load_bits(field, value, 0, mf->n_bits);
}

OfpactsBuilder &
OfpactsBuilder::load_bits(mf_field_id field, uint64_t value, int ofs,
                          int n_bits)
{
    const mf_field *mf = checked_field(field, ofs, n_bits);
    ovs_assert(mf->writable);
    /* Bits of 'value' beyond 'n_bits' would be silently dropped, which
     * always means the caller computed the wrong value or range. */
    ovs_assert(n_bits == 64 || !(value >> n_bits));

    /* This is OVN's put_load(): a set_field whose mask covers just the
     * range, so that a partial load leaves the field's other bits alone
     * and a full-width one prints (and encodes) without a mask.  With no
     * value or mask, ofpact_put_set_field() zeroes both, padding
     * included, so only the range's bits need setting. */
    ofpact_set_field *sf = ofpact_put_set_field(&buf_, mf, nullptr, nullptr);
    if (ofs == 0 && n_bits == static_cast<int>(mf->n_bytes * 8)) {
        /* The whole field, as most loads are (a register, the metadata):
         * its bytes at once rather than bit range by bit range. */
        const ovs_be64 be = htonll(value);
        memcpy(sf->value, reinterpret_cast<const uint8_t *>(&be) + 8
                          - mf->n_bytes, mf->n_bytes);
        memset(ofpact_set_field_mask(sf), 0xff, mf->n_bytes);
    } else {
        bitwise_put(value, sf->value, mf->n_bytes, ofs, n_bits);
        bitwise_one(ofpact_set_field_mask(sf), mf->n_bytes, ofs, n_bits);
    }
    return *this;
}

OfpactsBuilder &
OfpactsBuilder::move(mf_field_id src, int src_ofs, mf_field_id dst,
                     int dst_ofs, int n_bits)
{
    ovs_assert(mf_from_id(dst)->writable);

    ofpact_reg_move *move = ofpact_put_REG_MOVE(&buf_);
    move->src = subfield(src, src_ofs, n_bits);
    move->dst = subfield(dst, dst_ofs, n_bits);
    return *this;
}

OfpactsBuilder &
OfpactsBuilder::push(mf_field_id field)
{
    const mf_field *mf = mf_from_id(field);
    ofpact_put_STACK_PUSH(&buf_)->subfield = subfield(field, 0, mf->n_bits);
    return *this;
}

OfpactsBuilder &
OfpactsBuilder::pop(mf_field_id field)
{
    const mf_field *mf = mf_from_id(field);
    ovs_assert(mf->writable);
    ofpact_put_STACK_POP(&buf_)->subfield = subfield(field, 0, mf->n_bits);
    return *this;
}

OfpactsBuilder &
OfpactsBuilder::resubmit(uint8_t table_id)
{
    /* "resubmit(,T)" keeps the packet's in_port, which OVS spells
     * OFPP_IN_PORT. */
    ofpact_resubmit *r = ofpact_put_RESUBMIT(&buf_);
    r->in_port = OFPP_IN_PORT;
    r->table_id = table_id;
    return *this;
}

OfpactsBuilder &
OfpactsBuilder::bundle_active_backup(const std::vector<uint32_t> &ports)
{
    ofpact_bundle *bundle = ofpact_put_BUNDLE(&buf_);
    bundle->algorithm = NX_BD_ALG_ACTIVE_BACKUP;
    bundle->fields = NX_HASH_FIELDS_ETH_SRC;
    bundle->basis = 0;
    bundle->dst.field = nullptr;
    for (uint32_t port : ports) {
        ovs_assert(port <= UINT16_MAX);
        const ofp_port_t member = OFP_PORT_C(static_cast<uint16_t>(port));
        ofpbuf_put(&buf_, &member, sizeof member);
    }
    /* ofpbuf_put() may have moved the action. */
    bundle = static_cast<ofpact_bundle *>(buf_.header);
    bundle->n_members = ports.size();
    ofpact_finish_BUNDLE(&buf_, &bundle);
    return *this;
}

OfpactsBuilder &
OfpactsBuilder::conjunction(uint32_t id, uint8_t clause, uint8_t n_clauses)
{
    ovs_assert(clause >= 1 && clause <= n_clauses && n_clauses >= 2);
    ofpact_conjunction *conj = ofpact_put_CONJUNCTION(&buf_);
    conj->id = id;
    conj->clause = clause - 1;
    conj->n_clauses = n_clauses;
    return *this;
}

OfpactsBuilder &
OfpactsBuilder::output(uint32_t ofp_port)
{
    /* ofpact_output holds an OpenFlow 1.0 (16-bit) port number; OpenFlow
     * 1.1+ 32-bit numbers are translated to it when decoded.  (flow.h's
     * u16_to_ofp() would say this, but flow.h is not valid C++.) */
    ovs_assert(ofp_port <= UINT16_MAX);
    ofpact_output *output = ofpact_put_OUTPUT(&buf_);
    output->port = OFP_PORT_C(static_cast<uint16_t>(ofp_port));
    /* As OVS's parser does: "output:CONTROLLER" sends the whole packet. */
    output->max_len = output->port == OFPP_CONTROLLER ? UINT16_MAX : 0;
    return *this;
}

OfpactsBuilder &
OfpactsBuilder::ct_clear()
{
    ofpact_put_CT_CLEAR(&buf_);
    return *this;
}

OfpactsBuilder &
OfpactsBuilder::clone(const OfpactsBuilder &inner)
{
    const size_t ofs = buf_.size;
    ofpact_put_CLONE(&buf_);
    ofpbuf_put(&buf_, inner.buf_.data, inner.buf_.size);
    /* The nested actions may have moved the buffer: find the header
     * again before finishing it. */
    ofpact_nest *clone = static_cast<ofpact_nest *>(
        ofpbuf_at_assert(&buf_, ofs, sizeof *clone));
    buf_.header = clone;
    ofpact_finish_CLONE(&buf_, &clone);
    return *this;
}

OfpactsBuilder &
OfpactsBuilder::push_vlan(uint16_t tpid)
{
    ofpact_put_PUSH_VLAN(&buf_)->ethertype = htons(tpid);
    return *this;
}

OfpactsBuilder &
OfpactsBuilder::strip_vlan()
{
    ofpact_put_STRIP_VLAN(&buf_);
    return *this;
}

OfpactsBuilder &
OfpactsBuilder::set_vlan_vid(uint16_t vid)
{
    /* OpenFlow 1.2+ encodes this as a set_field with OFPVID_PRESENT,
     * which is how the switch shows it ("set_field:4197->vlan_vid" for
     * VID 101). */
    ovs_assert(vid <= 0xfff);
    ofpact_vlan_vid *a = ofpact_put_SET_VLAN_VID(&buf_);
    a->vlan_vid = vid;
    a->push_vlan_if_needed = false;
    return *this;
}

OfpactsBuilder &
OfpactsBuilder::controller(uint32_t opcode)
{
    ofpact_controller *oc = ofpact_put_CONTROLLER(&buf_);
    oc->max_len = UINT16_MAX;
    oc->reason = OFPR_ACTION;
    oc->meter_id = NX_CTLR_NO_METER;
    const ovs_be32 userdata[2] = { htonl(opcode), 0 };
    ofpbuf_put(&buf_, userdata, sizeof userdata);
    oc = static_cast<ofpact_controller *>(buf_.header);
    oc->userdata_len = sizeof userdata;
    ofpact_finish_CONTROLLER(&buf_, &oc);
    return *this;
}

LearnBuilder::LearnBuilder(ofpbuf *ofpacts, uint8_t table_id,
                           uint16_t idle_timeout, uint16_t hard_timeout,
                           ovs_be64 cookie)
    : ofpacts_(ofpacts), ofs_(ofpacts->size)
{
    ofpact_learn *learn = ofpact_put_LEARN(ofpacts_);
    learn->flags = NX_LEARN_F_DELETE_LEARNED;
    learn->idle_timeout = idle_timeout;
    learn->hard_timeout = hard_timeout;
    learn->priority = OFP_DEFAULT_PRIORITY;
    learn->table_id = table_id;
    learn->cookie = cookie;
}

LearnBuilder &
LearnBuilder::match_field(mf_field_id dst, mf_field_id src)
{
    const mf_field *d = mf_from_id(dst), *s = mf_from_id(src);
    ovs_assert(d->n_bits == s->n_bits);
    auto *spec = static_cast<ofpact_learn_spec *>(
        ofpbuf_put_zeros(ofpacts_, sizeof(ofpact_learn_spec)));
    spec->src = subfield(src, 0, s->n_bits);
    spec->dst = subfield(dst, 0, d->n_bits);
    spec->n_bits = d->n_bits;
    spec->src_type = NX_LEARN_SRC_FIELD;
    spec->dst_type = NX_LEARN_DST_MATCH;
    return *this;
}

LearnBuilder &
LearnBuilder::match_value(mf_field_id dst, const void *value,
                          size_t value_len)
{
    put_immediate(dst, 0, mf_from_id(dst)->n_bits, value, value_len,
                  false);
    return *this;
}

LearnBuilder &
LearnBuilder::match_value(mf_field_id dst, int ofs, int n_bits,
                          const void *value, size_t value_len)
{
    put_immediate(dst, ofs, n_bits, value, value_len, false);
    return *this;
}

LearnBuilder &
LearnBuilder::load_value(mf_field_id dst, int ofs, int n_bits,
                         const void *value, size_t value_len)
{
    put_immediate(dst, ofs, n_bits, value, value_len, true);
    return *this;
}

void
LearnBuilder::put_immediate(mf_field_id dst, int ofs, int n_bits,
                            const void *value, size_t value_len, bool load)
{
    auto *spec = static_cast<ofpact_learn_spec *>(
        ofpbuf_put_zeros(ofpacts_, sizeof(ofpact_learn_spec)));
    spec->dst = subfield(dst, ofs, n_bits);
    spec->n_bits = n_bits;
    spec->src_type = NX_LEARN_SRC_IMMEDIATE;
    spec->dst_type = load ? NX_LEARN_DST_LOAD : NX_LEARN_DST_MATCH;

    const size_t n_bytes = DIV_ROUND_UP(n_bits, 8);
    ovs_assert(n_bytes <= value_len);
    /* Last: this may move 'spec'. */
    void *imm = ofpbuf_put_zeros(ofpacts_, OFPACT_ALIGN(n_bytes));
    memcpy(imm, static_cast<const uint8_t *>(value) + value_len - n_bytes,
           n_bytes);
}

void
LearnBuilder::finish()
{
    auto *learn = static_cast<ofpact_learn *>(
        ofpbuf_at_assert(ofpacts_, ofs_, sizeof(ofpact_learn)));
    ofpacts_->header = learn;
    ofpact_finish_LEARN(ofpacts_, &learn);
}

}  // namespace ovs
