#include <config.h>

#include "lib/oxm-match.h"

#include <netinet/in.h>

#include <array>
#include <cstring>

#include "lib/ovs-internal.h"
#include "lib/shim/flow-shim.h"
#include "openflow/openflow.h"
#include "openvswitch/match.h"
#include "openvswitch/meta-flow.h"
#include "openvswitch/ofp-match.h"
#include "openvswitch/ofp-port.h"
#include "openvswitch/ofp-protocol.h"
#include "openvswitch/ofpbuf.h"

/* From OVS's lib/nx-match.h, which is not valid C++ (it includes
 * flow.h). */
extern "C" void nxm_put_entry_raw(struct ofpbuf *, enum mf_field_id,
                                  enum ofp_version, const void *value,
                                  const void *mask, size_t n_bytes);

namespace ovs {

namespace {

/* The order and the rules below are Open vSwitch's encoder's for its
 * version of 'struct flow'; a new field there must be looked at here. */
static_assert(FLOW_WC_SEQ == 42, "struct flow changed: check the fields");

constexpr ofp_version VERSION = OFP15_VERSION;

/* From lib/packets.h, which is not valid C++. */
constexpr uint16_t VID_CFI_MASK = 0x1fff;   /* VLAN_VID_MASK | VLAN_CFI */
constexpr uint16_t PCP_MASK = 0xe000;
constexpr int PCP_SHIFT = 13;
constexpr uint8_t DSCP_MASK = 0xfc;
constexpr uint8_t ECN_MASK = 0x03;
constexpr uint16_t ETH_TYPE_IPV4 = 0x0800;
constexpr uint16_t ETH_TYPE_IPV6 = 0x86dd;
constexpr uint16_t ETH_TYPE_ARP = 0x0806;
constexpr uint16_t ETH_TYPE_RARP = 0x8035;
constexpr uint16_t ETH_TYPE_MPLS = 0x8847;
constexpr uint16_t ETH_TYPE_MPLS_MCAST = 0x8848;
constexpr uint16_t ND_SOLICIT = 135;
constexpr uint16_t ND_ADVERT = 136;

/* One field's OXM header, as Open vSwitch writes it without a mask and
 * with one. */
struct OxmHeader {
    std::array<uint8_t, 8> exact;
    std::array<uint8_t, 8> masked;
    uint8_t exact_len = 0;
    uint8_t masked_len = 0;
    /* Whether the field needs others (e.g. IPv4 an Ethernet type). */
    bool has_prereqs = false;
};

/* The fields put_of15_match() writes itself: their headers, and the bits
 * of 'struct flow' that they cover (a mask with any other bit goes to
 * Open vSwitch's encoder). */
class OxmFields {
public:
    OxmFields();

    const OxmHeader &operator[](mf_field_id id) const { return headers_[id]; }
    const flow &covered() const { return covered_; }

private:
    /* Learns 'id''s headers from Open vSwitch's own writer. */
    void learn(mf_field_id id);

    std::array<OxmHeader, MFF_N_IDS> headers_{};
    flow covered_;
};

void
OxmFields::learn(mf_field_id id)
{
    const size_t n = mf_from_id(id)->n_bytes;
    uint64_t stub[64 / 8];
    const uint8_t ones[16] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                               0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                               0xff, 0xff };
    ofpbuf b;

    ofpbuf_use_stub(&b, stub, sizeof stub);
    nxm_put_entry_raw(&b, id, VERSION, ones, nullptr, n);
    OxmHeader &h = headers_[id];
    h.has_prereqs = mf_from_id(id)->prereqs != MFP_NONE;
    h.exact_len = b.size - n;
    memcpy(h.exact.data(), b.data, h.exact_len);

    ofpbuf_clear(&b);
    nxm_put_entry_raw(&b, id, VERSION, ones, ones, n);
    h.masked_len = b.size - 2 * n;
    memcpy(h.masked.data(), b.data, h.masked_len);
    ofpbuf_uninit(&b);
}

template <typename T>
void
cover(T &field)
{
    memset(&field, 0xff, sizeof field);
}

OxmFields::OxmFields()
{
    static const mf_field_id ids[] = {
        MFF_CONJ_ID, MFF_IN_PORT_OXM, MFF_ETH_SRC, MFF_ETH_DST,
        MFF_ETH_TYPE, MFF_VLAN_VID, MFF_VLAN_PCP,
        MFF_IPV4_SRC, MFF_IPV4_DST, MFF_IPV6_SRC, MFF_IPV6_DST,
        MFF_IP_FRAG, MFF_IP_DSCP_SHIFTED, MFF_IP_ECN, MFF_IP_TTL,
        MFF_IPV6_LABEL, MFF_IP_PROTO,
        MFF_TCP_SRC, MFF_TCP_DST, MFF_TCP_FLAGS, MFF_UDP_SRC, MFF_UDP_DST,
        MFF_SCTP_SRC, MFF_SCTP_DST, MFF_ICMPV4_TYPE, MFF_ICMPV4_CODE,
        MFF_ICMPV6_TYPE, MFF_ICMPV6_CODE, MFF_ND_RESERVED, MFF_ND_TARGET,
        MFF_ND_OPTIONS_TYPE, MFF_ND_SLL, MFF_ND_TLL,
        MFF_ARP_OP, MFF_ARP_SPA, MFF_ARP_TPA, MFF_ARP_SHA, MFF_ARP_THA,
        MFF_TUN_ID, MFF_TUN_FLAGS, MFF_TUN_SRC, MFF_TUN_DST,
        MFF_TUN_IPV6_SRC, MFF_TUN_IPV6_DST,
        MFF_PKT_MARK, MFF_CT_STATE, MFF_CT_ZONE, MFF_CT_MARK, MFF_CT_LABEL,
        MFF_CT_NW_SRC, MFF_CT_IPV6_SRC, MFF_CT_NW_DST, MFF_CT_IPV6_DST,
        MFF_CT_NW_PROTO, MFF_CT_TP_SRC, MFF_CT_TP_DST, MFF_METADATA,
        MFF_PACKET_TYPE,
    };
    for (mf_field_id id : ids) {
        learn(id);
    }
    for (int i = 0; i < FLOW_N_XREGS; i++) {
        learn(mf_field_id(MFF_XREG0 + i));
    }

    memset(&covered_, 0, sizeof covered_);
    flow &c = covered_;
    cover(c.conj_id);
    cover(c.in_port);
    cover(c.dl_src);
    cover(c.dl_dst);
    cover(c.dl_type);
    cover(c.vlans[0].tci);
    cover(c.nw_src);
    cover(c.nw_dst);
    cover(c.ipv6_src);
    cover(c.ipv6_dst);
    cover(c.nw_frag);
    cover(c.nw_tos);
    cover(c.nw_ttl);
    cover(c.ipv6_label);
    cover(c.nw_proto);
    cover(c.tp_src);
    cover(c.tp_dst);
    cover(c.tcp_flags);
    cover(c.nd_target);
    cover(c.arp_sha);
    cover(c.arp_tha);
    cover(c.igmp_group_ip4);
    cover(c.tunnel.tun_id);
    cover(c.tunnel.flags);
    cover(c.tunnel.ip_src);
    cover(c.tunnel.ip_dst);
    cover(c.tunnel.ipv6_src);
    cover(c.tunnel.ipv6_dst);
    cover(c.regs);
    cover(c.pkt_mark);
    cover(c.ct_state);
    cover(c.ct_zone);
    cover(c.ct_mark);
    cover(c.ct_label);
    cover(c.ct_nw_src);
    cover(c.ct_nw_dst);
    cover(c.ct_ipv6_src);
    cover(c.ct_ipv6_dst);
    cover(c.ct_nw_proto);
    cover(c.ct_tp_src);
    cover(c.ct_tp_dst);
    cover(c.metadata);
    cover(c.packet_type);
}

const OxmFields &
oxm_fields()
{
    static const OxmFields fields;
    return fields;
}

/* Whether the 'N' bytes at 'p' are all 'byte' (0 or 0xff), a word at a
 * time: these run for every field of every flow. */
template <size_t N>
bool
all_bytes(const void *p, uint8_t byte)
{
    const uint64_t word = byte ? UINT64_MAX : 0;
    const uint8_t *b = static_cast<const uint8_t *>(p);
    size_t i = 0;
    for (; i + 8 <= N; i += 8) {
        uint64_t x;
        memcpy(&x, b + i, 8);
        if (x != word) {
            return false;
        }
    }
    for (; i < N; i++) {
        if (b[i] != byte) {
            return false;
        }
    }
    return true;
}

/* Appends OXM fields to a buffer, with the rules of Open vSwitch's
 * encoder: a field whose mask is all zeros is left out, one whose mask
 * is all ones goes without its mask. */
class OxmWriter {
public:
    OxmWriter(ofpbuf *b, const OxmFields &fields) : b_(b), fields_(fields) {}

    /* Whether a field written so far implies Ethernet. */
    bool implied_ethernet() const { return implied_ethernet_; }

    void exact(mf_field_id id, const void *value, size_t n)
    {
        const OxmHeader &h = fields_[id];
        implied_ethernet_ |= h.has_prereqs;
        uint8_t *p = static_cast<uint8_t *>(
            ofpbuf_put_uninit(b_, h.exact_len + n));
        memcpy(p, h.exact.data(), h.exact_len);
        memcpy(p + h.exact_len, value, n);
    }

    template <typename T>
    void exact(mf_field_id id, T value) { exact(id, &value, sizeof value); }

    template <typename T>
    void masked(mf_field_id id, T value, T mask)
    {
        constexpr size_t n = sizeof(T);
        if (all_bytes<n>(&mask, 0)) {
            return;
        }
        if (all_bytes<n>(&mask, 0xff)) {
            exact(id, &value, n);
            return;
        }
        const OxmHeader &h = fields_[id];
        implied_ethernet_ |= h.has_prereqs;
        uint8_t *p = static_cast<uint8_t *>(
            ofpbuf_put_uninit(b_, h.masked_len + 2 * n));
        memcpy(p, h.masked.data(), h.masked_len);
        memcpy(p + h.masked_len, &value, n);
        memcpy(p + h.masked_len + n, &mask, n);
    }

private:
    ofpbuf *b_;
    const OxmFields &fields_;
    bool implied_ethernet_ = false;
};

void
put_ip_fields(OxmWriter &w, const flow &f, const flow &m, uint16_t dl_type)
{
    if (dl_type == ETH_TYPE_IPV4) {
        w.masked(MFF_IPV4_SRC, f.nw_src, m.nw_src);
        w.masked(MFF_IPV4_DST, f.nw_dst, m.nw_dst);
    } else {
        w.masked(MFF_IPV6_SRC, f.ipv6_src, m.ipv6_src);
        w.masked(MFF_IPV6_DST, f.ipv6_dst, m.ipv6_dst);
    }

    /* Both fragment bits tested read as the whole byte tested. */
    const uint8_t frag_mask = m.nw_frag & FLOW_NW_FRAG_MASK;
    w.masked(MFF_IP_FRAG, uint8_t(f.nw_frag & FLOW_NW_FRAG_MASK),
             uint8_t(frag_mask == FLOW_NW_FRAG_MASK ? 0xff : frag_mask));
    if (m.nw_tos & DSCP_MASK) {
        w.exact(MFF_IP_DSCP_SHIFTED, uint8_t(f.nw_tos >> 2));
    }
    if (m.nw_tos & ECN_MASK) {
        w.exact(MFF_IP_ECN, uint8_t(f.nw_tos & ECN_MASK));
    }
    if (m.nw_ttl) {
        w.exact(MFF_IP_TTL, f.nw_ttl);
    }
    w.masked(MFF_IPV6_LABEL, f.ipv6_label, m.ipv6_label);
    if (!m.nw_proto) {
        return;
    }

    /* The transport fields, only under an exact protocol, and only its
     * own. */
    w.exact(MFF_IP_PROTO, f.nw_proto);
    if (f.nw_proto == IPPROTO_TCP) {
        w.masked(MFF_TCP_SRC, f.tp_src, m.tp_src);
        w.masked(MFF_TCP_DST, f.tp_dst, m.tp_dst);
        w.masked(MFF_TCP_FLAGS, f.tcp_flags, m.tcp_flags);
    } else if (f.nw_proto == IPPROTO_UDP) {
        w.masked(MFF_UDP_SRC, f.tp_src, m.tp_src);
        w.masked(MFF_UDP_DST, f.tp_dst, m.tp_dst);
    } else if (f.nw_proto == IPPROTO_SCTP) {
        w.masked(MFF_SCTP_SRC, f.tp_src, m.tp_src);
        w.masked(MFF_SCTP_DST, f.tp_dst, m.tp_dst);
    } else if (f.nw_proto == IPPROTO_ICMP && dl_type == ETH_TYPE_IPV4) {
        if (m.tp_src) {
            w.exact(MFF_ICMPV4_TYPE, uint8_t(ntohs(f.tp_src)));
        }
        if (m.tp_dst) {
            w.exact(MFF_ICMPV4_CODE, uint8_t(ntohs(f.tp_dst)));
        }
    } else if (f.nw_proto == IPPROTO_ICMPV6 && dl_type == ETH_TYPE_IPV6) {
        if (m.tp_src) {
            w.exact(MFF_ICMPV6_TYPE, uint8_t(ntohs(f.tp_src)));
        }
        if (m.tp_dst) {
            w.exact(MFF_ICMPV6_CODE, uint8_t(ntohs(f.tp_dst)));
        }
        const uint16_t type = ntohs(f.tp_src);
        if (f.tp_dst == 0 && (type == ND_SOLICIT || type == ND_ADVERT)) {
            if (m.igmp_group_ip4) {
                w.exact(MFF_ND_RESERVED, f.igmp_group_ip4);
            }
            w.masked(MFF_ND_TARGET, f.nd_target, m.nd_target);
            if (m.tcp_flags) {
                w.exact(MFF_ND_OPTIONS_TYPE, uint8_t(ntohs(f.tcp_flags)));
            }
            if (type == ND_SOLICIT) {
                w.masked(MFF_ND_SLL, f.arp_sha, m.arp_sha);
            } else {
                w.masked(MFF_ND_TLL, f.arp_tha, m.arp_tha);
            }
        }
    }
}

uint64_t
xreg(const flow &f, int i)
{
    return (uint64_t(f.regs[2 * i]) << 32) | f.regs[2 * i + 1];
}

/* Writes the OXM fields of 'f' under mask 'm' in Open vSwitch's order;
 * false if they need what only Open vSwitch's encoder writes. */
bool
put_fields(OxmWriter &w, const flow &f, const flow &m)
{
    /* Another packet type changes what the Ethernet type is, and MPLS
     * brings fields of its own.  (Packet type 0 is Ethernet.) */
    const uint16_t dl_type = ntohs(f.dl_type);
    if (f.packet_type != htonl(0)
        || (m.packet_type && m.packet_type != OVS_BE32_MAX)
        || dl_type == ETH_TYPE_MPLS || dl_type == ETH_TYPE_MPLS_MCAST) {
        return false;
    }

    if (m.conj_id) {
        w.exact(MFF_CONJ_ID, htonl(f.conj_id));
    }
    if (m.in_port.ofp_port != 0) {
        w.exact(MFF_IN_PORT_OXM, ofputil_port_to_ofp11(f.in_port.ofp_port));
    }
    w.masked(MFF_ETH_SRC, f.dl_src, m.dl_src);
    w.masked(MFF_ETH_DST, f.dl_dst, m.dl_dst);
    w.masked(MFF_ETH_TYPE, ofputil_dl_type_to_openflow(f.dl_type),
             m.dl_type);

    const ovs_be16 vid = f.vlans[0].tci & htons(VID_CFI_MASK);
    const ovs_be16 vid_mask = m.vlans[0].tci & htons(VID_CFI_MASK);
    /* The VID and CFI bits are the whole field here. */
    if (vid_mask == htons(VID_CFI_MASK)) {
        w.exact(MFF_VLAN_VID, vid);
    } else {
        w.masked(MFF_VLAN_VID, vid, vid_mask);
    }
    if (vid && (ntohs(m.vlans[0].tci) & PCP_MASK)) {
        w.exact(MFF_VLAN_PCP,
                uint8_t((ntohs(f.vlans[0].tci) & PCP_MASK) >> PCP_SHIFT));
    }

    if (dl_type == ETH_TYPE_IPV4 || dl_type == ETH_TYPE_IPV6) {
        put_ip_fields(w, f, m, dl_type);
    } else if (dl_type == ETH_TYPE_ARP || dl_type == ETH_TYPE_RARP) {
        if (m.nw_proto) {
            w.exact(MFF_ARP_OP, htons(f.nw_proto));
        }
        w.masked(MFF_ARP_SPA, f.nw_src, m.nw_src);
        w.masked(MFF_ARP_TPA, f.nw_dst, m.nw_dst);
        w.masked(MFF_ARP_SHA, f.arp_sha, m.arp_sha);
        w.masked(MFF_ARP_THA, f.arp_tha, m.arp_tha);
    }

    w.masked(MFF_TUN_ID, f.tunnel.tun_id, m.tunnel.tun_id);
    w.masked(MFF_TUN_FLAGS, htons(f.tunnel.flags), htons(m.tunnel.flags));
    w.masked(MFF_TUN_SRC, f.tunnel.ip_src, m.tunnel.ip_src);
    w.masked(MFF_TUN_DST, f.tunnel.ip_dst, m.tunnel.ip_dst);
    w.masked(MFF_TUN_IPV6_SRC, f.tunnel.ipv6_src, m.tunnel.ipv6_src);
    w.masked(MFF_TUN_IPV6_DST, f.tunnel.ipv6_dst, m.tunnel.ipv6_dst);

    /* OpenFlow 1.5 has the registers in pairs. */
    for (int i = 0; i < FLOW_N_XREGS; i++) {
        w.masked(mf_field_id(MFF_XREG0 + i), htonll(xreg(f, i)),
                 htonll(xreg(m, i)));
    }

    w.masked(MFF_PKT_MARK, htonl(f.pkt_mark), htonl(m.pkt_mark));
    w.masked(MFF_CT_STATE, htonl(f.ct_state), htonl(m.ct_state));
    w.masked(MFF_CT_ZONE, htons(f.ct_zone), htons(m.ct_zone));
    w.masked(MFF_CT_MARK, htonl(f.ct_mark), htonl(m.ct_mark));
    w.masked(MFF_CT_LABEL, hton128(f.ct_label), hton128(m.ct_label));
    w.masked(MFF_CT_NW_SRC, f.ct_nw_src, m.ct_nw_src);
    w.masked(MFF_CT_IPV6_SRC, f.ct_ipv6_src, m.ct_ipv6_src);
    w.masked(MFF_CT_NW_DST, f.ct_nw_dst, m.ct_nw_dst);
    w.masked(MFF_CT_IPV6_DST, f.ct_ipv6_dst, m.ct_ipv6_dst);
    /* The original tuple's protocol and ports, only with a protocol. */
    if (f.ct_nw_proto) {
        w.masked(MFF_CT_NW_PROTO, f.ct_nw_proto, m.ct_nw_proto);
        w.masked(MFF_CT_TP_SRC, f.ct_tp_src, m.ct_tp_src);
        w.masked(MFF_CT_TP_DST, f.ct_tp_dst, m.ct_tp_dst);
    }
    w.masked(MFF_METADATA, f.metadata, m.metadata);
    return true;
}

/* A match on the Ethernet packet type that no other field implies says
 * it first. */
void
put_packet_type(ofpbuf *b, size_t at, const OxmFields &fields)
{
    const OxmHeader &h = fields[MFF_PACKET_TYPE];
    uint8_t entry[8 + sizeof(ovs_be32)] = {};
    memcpy(entry, h.exact.data(), h.exact_len);
    ofpbuf_insert(b, at, entry, h.exact_len + sizeof(ovs_be32));
}

void
put_with_ovs(ofpbuf *b, const minimatch &m)
{
    match expanded;
    minimatch_expand(&m, &expanded);
    ofputil_put_ofp11_match(b, &expanded, OFPUTIL_P_OF15_OXM);
}

}  // namespace

bool
put_of15_match(ofpbuf *b, const minimatch &m)
{
    const OxmFields &fields = oxm_fields();
    flow value;
    flow mask;
    if (!ovs_shim_minimatch_expand_within(&m, &fields.covered(), &value,
                                          &mask)) {
        put_with_ovs(b, m);
        return false;
    }

    const size_t start = b->size;
    ofpbuf_put_uninit(b, sizeof(ofp11_match_header));
    OxmWriter w(b, fields);
    if (!put_fields(w, value, mask)) {
        b->size = start;
        put_with_ovs(b, m);
        return false;
    }
    if (mask.packet_type && !w.implied_ethernet()) {
        put_packet_type(b, start + sizeof(ofp11_match_header), fields);
    }

    const size_t len = b->size - start;
    ofp11_match_header *omh = static_cast<ofp11_match_header *>(
        ofpbuf_at_assert(b, start, sizeof *omh));
    omh->type = htons(OFPMT_OXM);
    omh->length = htons(len);
    ofpbuf_put_zeros(b, PAD_SIZE(len, 8));
    return true;
}

}  // namespace ovs
