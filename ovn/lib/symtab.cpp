/* The symbol table of OVN's logical flow languages.  See symtab.h. */
#include <config.h>

#include "ovn/lib/symtab.h"

#include <cstdio>

#include "ovn/lib/lex.h"
#include "ovn/lib/logical-fields.h"

namespace ovn {

const char *
expr_level_to_string(ExprLevel level)
{
    switch (level) {
    case ExprLevel::NOMINAL: return "nominal";
    case ExprLevel::BOOLEAN: return "Boolean";
    case ExprLevel::ORDINAL: return "ordinal";
    }
    return "?";
}

const mf_field *
ExprSymbol::root_field(int *ofs) const noexcept
{
    int o = 0;
    const ExprSymbol *s = this;
    while (s->kind == Kind::SUBFIELD) {
        o += s->parent_ofs;
        s = s->parent;
    }
    *ofs = o;
    return s->kind == Kind::FIELD || s->kind == Kind::STRING ? s->field
                                                             : nullptr;
}

const ExprSymbol *
Symtab::lookup(std::string_view name) const noexcept
{
    auto it = symbols_.find(name);
    return it == symbols_.end() ? nullptr : it->second.get();
}

ExprSymbol *
Symtab::add(std::string_view name)
{
    if (symbols_.find(name) != symbols_.end()) {
        return nullptr;
    }
    auto symbol = std::make_unique<ExprSymbol>();
    symbol->name = std::string(name);
    ExprSymbol *p = symbol.get();
    symbols_.emplace(symbol->name, std::move(symbol));
    return p;
}

ExprSymbol *
Symtab::add_field(std::string_view name, mf_field_id id,
                  std::string_view prereqs, bool must_crossproduct)
{
    ExprSymbol *s = add(name);
    if (s) {
        const mf_field *mf = mf_from_id(id);
        s->kind = ExprSymbol::Kind::FIELD;
        s->field = mf;
        s->width = mf->n_bits;
        /* Bits can be tested one by one only where OpenFlow can mask. */
        s->level = (mf->maskable == MFM_FULLY ? ExprLevel::ORDINAL
                    : ExprLevel::NOMINAL);
        s->must_crossproduct = must_crossproduct;
        s->rw = mf->writable ? ExprWrite::ANY : ExprWrite::NONE;
        s->prereqs = std::string(prereqs);
    }
    return s;
}

ExprSymbol *
Symtab::add_subfield(std::string_view name, std::string_view prereqs,
                     std::string_view subfield)
{
    /* "parent[ofs..end]" or "parent[bit]". */
    size_t lb = subfield.find('[');
    if (lb == subfield.npos || subfield.back() != ']') {
        return nullptr;
    }
    const ExprSymbol *parent = lookup(subfield.substr(0, lb));
    std::string range(subfield.substr(lb + 1, subfield.size() - lb - 2));
    int ofs, end, n;
    if (sscanf(range.c_str(), "%d..%d%n", &ofs, &end, &n) == 2
        && n == (int) range.size()) {
        /* Range. */
    } else if (sscanf(range.c_str(), "%d%n", &ofs, &n) == 1
               && n == (int) range.size()) {
        end = ofs;
    } else {
        return nullptr;
    }
    if (!parent || parent->level != ExprLevel::ORDINAL
        || parent->kind == ExprSymbol::Kind::PREDICATE
        || ofs < 0 || end < ofs || end >= parent->width) {
        return nullptr;
    }

    ExprSymbol *s = add(name);
    if (s) {
        s->kind = ExprSymbol::Kind::SUBFIELD;
        s->parent = parent;
        s->parent_ofs = ofs;
        s->width = end - ofs + 1;
        s->level = ExprLevel::ORDINAL;
        s->rw = parent->rw;
        s->expansion = std::string(subfield);
        s->prereqs = std::string(prereqs);
    }
    return s;
}

ExprSymbol *
Symtab::add_string(std::string_view name, mf_field_id id,
                   std::string_view prereqs)
{
    ExprSymbol *s = add(name);
    if (s) {
        s->kind = ExprSymbol::Kind::STRING;
        s->field = mf_from_id(id);
        s->width = 0;
        s->level = ExprLevel::NOMINAL;
        s->rw = ExprWrite::ANY;
        s->prereqs = std::string(prereqs);
    }
    return s;
}

ExprSymbol *
Symtab::add_predicate(std::string_view name, std::string_view expansion)
{
    /* A predicate is nominal if its expansion names a nominal symbol. */
    ExprLevel level = ExprLevel::BOOLEAN;
    Lexer lexer(expansion);
    while (lexer.get() != LexType::END && lexer.type() != LexType::ERROR) {
        if (lexer.type() == LexType::ID) {
            const ExprSymbol *ref = lookup(lexer.token().s);
            if (ref && ref->level == ExprLevel::NOMINAL) {
                level = ExprLevel::NOMINAL;
            }
        }
    }

    ExprSymbol *s = add(name);
    if (s) {
        s->kind = ExprSymbol::Kind::PREDICATE;
        s->width = 1;
        s->level = level;
        s->rw = ExprWrite::NONE;
        s->expansion = std::string(expansion);
    }
    return s;
}

ExprSymbol *
Symtab::add_ovn_field(std::string_view name, OvnField id, int width,
                      std::string_view prereqs)
{
    ExprSymbol *s = add(name);
    if (s) {
        s->kind = ExprSymbol::Kind::OVN_FIELD;
        s->ovn_field = id;
        s->width = width;
        s->level = ExprLevel::ORDINAL;
        s->rw = ExprWrite::ANY;
        s->prereqs = std::string(prereqs);
    }
    return s;
}

const Symtab &
Symtab::ovn()
{
    /* Built on first use by whichever thread gets there first (C++11
     * guarantees the initialization runs once), then read-only. */
    static const Symtab *const symtab = [] {
        static Symtab s;
        ovn_init_symtab(s);
        return &s;
    }();
    return *symtab;
}

void
ovn_init_symtab(Symtab &t)
{
    char name[32], sub[32];

    /* Logical ports, as names of the flow's datapath. */
    t.add_string("inport", MFF_LOG_INPORT, "");
    t.add_string("outport", MFF_LOG_OUTPORT, "");

    /* The ten logical registers overlay the two 128-bit registers and the
     * fifth 64-bit one: xxreg0 = reg0..reg3 (reg0 most significant),
     * xxreg1 = reg4..reg7, xreg4 = reg8:reg9. */
    for (int i = 0; i < 2; i++) {
        snprintf(name, sizeof name, "xxreg%d", i);
        t.add_field(name, mf_field_id(MFF_XXREG0 + i), "", false);
    }
    for (int i = 0; i < 4; i++) {
        snprintf(name, sizeof name, "xreg%d", i);
        snprintf(sub, sizeof sub, "xxreg%d[%d..%d]", i / 2,
                 64 * (1 - i % 2), 64 * (1 - i % 2) + 63);
        t.add_subfield(name, "", sub);
    }
    t.add_field("xreg4", MFF_XREG4, "", false);
    for (int i = 0; i < 8; i++) {
        snprintf(name, sizeof name, "reg%d", i);
        snprintf(sub, sizeof sub, "xxreg%d[%d..%d]", i / 4,
                 32 * (3 - i % 4), 32 * (3 - i % 4) + 31);
        t.add_subfield(name, "", sub);
    }
    t.add_subfield("reg8", "", "xreg4[32..63]");
    t.add_subfield("reg9", "", "xreg4[0..31]");

    /* Logical flags. */
    t.add_field("flags", MFF_LOG_FLAGS, "", false);
    struct {
        const char *name;
        int bit;
    } flags[] = {
        { "loopback", MLF_ALLOW_LOOPBACK_BIT },
        { "force_snat_for_dnat", MLF_FORCE_SNAT_FOR_DNAT_BIT },
        { "force_snat_for_lb", MLF_FORCE_SNAT_FOR_LB_BIT },
        { "skip_snat_for_lb", MLF_SKIP_SNAT_FOR_LB_BIT },
        { "use_snat_zone", MLF_USE_SNAT_ZONE_BIT },
    };
    for (const auto &f : flags) {
        snprintf(name, sizeof name, "flags.%s", f.name);
        snprintf(sub, sizeof sub, "flags[%d]", f.bit);
        t.add_subfield(name, "", sub);
    }

    /* Connection tracking.  ct_mark and ct_label (and their named bits)
     * are written only inside ct_commit { }. */
    t.add_field("ct_mark", MFF_CT_MARK, "", false)->rw = ExprWrite::CT_COMMIT;
    t.add_field("ct_label", MFF_CT_LABEL, "", false)->rw
        = ExprWrite::CT_COMMIT;
    struct {
        const char *name;
        int ofs, n_bits;
    } mark_bits[] = {
        { "blocked", OVN_CT_BLOCKED_BIT, 1 },
        { "natted", OVN_CT_NATTED_BIT, 1 },
        { "skip_snat", OVN_CT_LB_SKIP_SNAT_BIT, 1 },
        { "force_snat", OVN_CT_LB_FORCE_SNAT_BIT, 1 },
    };
    for (const char *field : { "ct_mark", "ct_label" }) {
        for (const auto &b : mark_bits) {
            snprintf(name, sizeof name, "%s.%s", field, b.name);
            snprintf(sub, sizeof sub, "%s[%d]", field, b.ofs);
            t.add_subfield(name, "", sub);
        }
    }
    t.add_subfield("ct_mark.ecmp_reply_port", "", "ct_mark[16..31]");
    t.add_subfield("ct_label.ecmp_reply_eth", "", "ct_label[32..79]");
    t.add_subfield("ct_label.ecmp_reply_port", "", "ct_label[80..95]");
    t.add_subfield("ct_label.label", "", "ct_label[96..127]");

    t.add_field("ct_state", MFF_CT_STATE, "", false);
    struct {
        const char *name;
        int bit;
    } ct_bits[] = {
        /* OVS's CS_* bit numbers (ovs-fields(7), ct_state). */
        { "new", 0 }, { "est", 1 }, { "rel", 2 }, { "rpl", 3 },
        { "inv", 4 }, { "trk", 5 }, { "snat", 6 }, { "dnat", 7 },
    };
    for (const auto &b : ct_bits) {
        snprintf(name, sizeof name, "ct.%s", b.name);
        snprintf(sub, sizeof sub, "ct_state[%d]", b.bit);
        t.add_subfield(name, b.bit == 5 ? "" : "ct.trk", sub);
    }

    /* Packet mark. */
    t.add_field("pkt.mark", MFF_PKT_MARK, "", false);

    /* Ethernet. */
    t.add_field("eth.src", MFF_ETH_SRC, "", false);
    t.add_field("eth.dst", MFF_ETH_DST, "", false);
    t.add_field("eth.type", MFF_ETH_TYPE, "", true);
    t.add_predicate("eth.bcast", "eth.dst == ff:ff:ff:ff:ff:ff");
    t.add_subfield("eth.mcast", "", "eth.dst[40]");
    t.add_predicate("eth.mcastv6", "eth.dst[32..47] == 0x3333");

    /* VLAN. */
    t.add_field("vlan.tci", MFF_VLAN_TCI, "", false);
    t.add_subfield("vlan.present", "", "vlan.tci[12]");
    t.add_subfield("vlan.pcp", "vlan.present", "vlan.tci[13..15]");
    t.add_subfield("vlan.vid", "vlan.present", "vlan.tci[0..11]");

    /* IP. */
    t.add_predicate("ip4", "eth.type == 0x800");
    t.add_predicate("ip6", "eth.type == 0x86dd");
    t.add_predicate("ip", "ip4 || ip6");
    t.add_field("ip.proto", MFF_IP_PROTO, "ip", true);
    t.add_field("ip.dscp", MFF_IP_DSCP_SHIFTED, "ip", false);
    t.add_field("ip.ecn", MFF_IP_ECN, "ip", false);
    t.add_field("ip.ttl", MFF_IP_TTL, "ip", false);
    t.add_field("ip.frag", MFF_IP_FRAG, "ip", false);
    t.add_predicate("ip.is_frag", "ip.frag[0]");
    t.add_predicate("ip.later_frag", "ip.frag[1]");
    t.add_predicate("ip.first_frag", "ip.is_frag && !ip.later_frag");

    t.add_field("ip4.src", MFF_IPV4_SRC, "ip4", false);
    t.add_field("ip4.dst", MFF_IPV4_DST, "ip4", false);
    t.add_predicate("ip4.src_mcast", "ip4.src[28..31] == 0xe");
    t.add_predicate("ip4.mcast", "eth.mcast && ip4.dst[28..31] == 0xe");

    t.add_field("ip6.src", MFF_IPV6_SRC, "ip6", false);
    t.add_field("ip6.dst", MFF_IPV6_DST, "ip6", false);
    t.add_field("ip6.label", MFF_IPV6_LABEL, "ip6", false);
    /* IPv6 multicast (RFC 4291 2.7): reserved, all-nodes, all-routers and
     * solicited-node groups, which are flooded. */
    t.add_predicate("ip6.mcast_rsvd",
                    "ip6.dst[116..127] == 0xff0 && ip6.dst[0..111] == 0x0");
    t.add_predicate("ip6.mcast_all_nodes",
                    "ip6.dst == ff01::1 || ip6.dst == ff02::1");
    t.add_predicate("ip6.mcast_all_rtrs",
                    "ip6.dst == ff01::2 || ip6.dst == ff02::2 || "
                    "ip6.dst == ff05::2");
    t.add_predicate("ip6.mcast_sol_node",
                    "ip6.dst == ff02::1:ff00:0000/104");
    t.add_predicate("ip6.mcast_flood",
                    "eth.mcastv6 && "
                    "(ip6.mcast_rsvd || ip6.mcast_all_nodes || "
                    "ip6.mcast_all_rtrs || ip6.mcast_sol_node)");
    t.add_predicate("ip6.mcast", "eth.mcastv6 && ip6.dst[120..127] == 0xff");

    /* ICMP and IGMP. */
    t.add_predicate("icmp4", "ip4 && ip.proto == 1");
    t.add_field("icmp4.type", MFF_ICMPV4_TYPE, "icmp4", false);
    t.add_field("icmp4.code", MFF_ICMPV4_CODE, "icmp4", false);
    t.add_predicate("igmp", "ip4 && ip.proto == 2");
    t.add_predicate("icmp6", "ip6 && ip.proto == 58");
    t.add_field("icmp6.type", MFF_ICMPV6_TYPE, "icmp6", true);
    t.add_field("icmp6.code", MFF_ICMPV6_CODE, "icmp6", true);
    t.add_predicate("icmp", "icmp4 || icmp6");

    /* ARP and RARP (the same OpenFlow fields). */
    t.add_predicate("arp", "eth.type == 0x806");
    t.add_field("arp.op", MFF_ARP_OP, "arp", false);
    t.add_field("arp.spa", MFF_ARP_SPA, "arp", false);
    t.add_field("arp.sha", MFF_ARP_SHA, "arp", false);
    t.add_field("arp.tpa", MFF_ARP_TPA, "arp", false);
    t.add_field("arp.tha", MFF_ARP_THA, "arp", false);
    t.add_predicate("rarp", "eth.type == 0x8035");
    t.add_field("rarp.op", MFF_ARP_OP, "rarp", false);
    t.add_field("rarp.spa", MFF_ARP_SPA, "rarp", false);
    t.add_field("rarp.sha", MFF_ARP_SHA, "rarp", false);
    t.add_field("rarp.tpa", MFF_ARP_TPA, "rarp", false);
    t.add_field("rarp.tha", MFF_ARP_THA, "rarp", false);

    /* IPv6 neighbor discovery and MLD. */
    t.add_predicate("nd",
                    "icmp6.type == {135, 136} && icmp6.code == 0 && "
                    "ip.ttl == 255");
    t.add_predicate("nd_ns",
                    "icmp6.type == 135 && icmp6.code == 0 && ip.ttl == 255");
    t.add_predicate("nd_na",
                    "icmp6.type == 136 && icmp6.code == 0 && ip.ttl == 255");
    t.add_predicate("nd_rs",
                    "icmp6.type == 133 && icmp6.code == 0 && ip.ttl == 255");
    t.add_predicate("nd_ra",
                    "icmp6.type == 134 && icmp6.code == 0 && ip.ttl == 255");
    t.add_field("nd.target", MFF_ND_TARGET, "nd", false);
    t.add_field("nd.sll", MFF_ND_SLL, "nd_ns", false);
    t.add_field("nd.tll", MFF_ND_TLL, "nd_na", false);
    t.add_predicate("mldv1",
                    "ip6.src == fe80::/10 && icmp6.type == {130, 131, 132}");
    t.add_predicate("mldv2", "ip6.dst == ff02::16 && icmp6.type == 143");

    /* Transport. */
    t.add_predicate("tcp", "ip.proto == 6");
    t.add_field("tcp.src", MFF_TCP_SRC, "tcp", false);
    t.add_field("tcp.dst", MFF_TCP_DST, "tcp", false);
    t.add_field("tcp.flags", MFF_TCP_FLAGS, "tcp", false);
    t.add_predicate("udp", "ip.proto == 17");
    t.add_field("udp.src", MFF_UDP_SRC, "udp", false);
    t.add_field("udp.dst", MFF_UDP_DST, "udp", false);
    t.add_predicate("sctp", "ip.proto == 132");
    t.add_field("sctp.src", MFF_SCTP_SRC, "sctp", false);
    t.add_field("sctp.dst", MFF_SCTP_DST, "sctp", false);

    /* Fields only OVN knows: set by actions through ovn-controller. */
    t.add_ovn_field("icmp4.frag_mtu", OvnField::ICMP4_FRAG_MTU, 16, "icmp4");
    t.add_ovn_field("icmp6.frag_mtu", OvnField::ICMP6_FRAG_MTU, 32, "icmp6");
}

std::string
symtab_dump(const Symtab &symtab)
{
    std::string out;
    for (const auto &[name, s] : symtab.symbols()) {
        out += name + ": ";
        switch (s->kind) {
        case ExprSymbol::Kind::FIELD:
            out += std::string("field ") + s->field->name;
            break;
        case ExprSymbol::Kind::SUBFIELD:
            out += "subfield " + s->expansion;
            break;
        case ExprSymbol::Kind::STRING:
            out += std::string("string in ") + s->field->name;
            break;
        case ExprSymbol::Kind::PREDICATE:
            out += "predicate " + s->expansion;
            break;
        case ExprSymbol::Kind::OVN_FIELD:
            out += "OVN field";
            break;
        }
        if (!s->is_string()) {
            out += ", " + std::to_string(s->width) + " bit";
            out += s->width == 1 ? "" : "s";
        }
        out += std::string(", ") + expr_level_to_string(s->level);
        if (s->must_crossproduct) {
            out += ", crossproduct";
        }
        if (s->rw == ExprWrite::ANY) {
            out += ", writable";
        } else if (s->rw == ExprWrite::CT_COMMIT) {
            out += ", writable in ct_commit";
        }
        if (!s->prereqs.empty()) {
            out += ", prereqs " + s->prereqs;
        }
        out += '\n';
    }
    return out;
}

}  // namespace ovn
