#include <config.h>

#include "ovn/controller/lflow-lb-hairpin.h"

#include <sys/socket.h>

#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "lib/ofpacts-builder.h"
#include "lib/ovs-internal.h"
#include "openvswitch/ofp-actions.h"
#include "openvswitch/ofpbuf.h"
#include "openvswitch/vlog.h"
#include "ovn/controller/binding.h"
#include "ovn/lib/actions.h"
#include "ovn/lib/bad-row.h"
#include "ovn/lib/logical-fields.h"
#include "ovn/lib/lport-addresses.h"

VLOG_DEFINE_THIS_MODULE(lflow_lb_hairpin);

COVERAGE_DEFINE(lb_hairpin_bad_vip);

namespace ovn {

namespace {

/* Where the logical pipeline saves a load-balanced packet's original
 * destination (northd's "hairpin_orig_tuple"): reg1 or xxreg1 the
 * address, reg2[0..15] the port. */
constexpr unsigned int LB_ORIG_DIP_IPV4_REG = 1;
constexpr unsigned int LB_ORIG_DIP_IPV6_XXREG = 1;
constexpr unsigned int LB_ORIG_TP_DPORT_REG = 2;

/* ct_mark and ct_label bit of a connection the LB natted. */
constexpr uint32_t OVN_CT_NATTED = 1u << 1;

/* Conntrack states (ovs-fields(7)). */
constexpr uint32_t CS_TRACKED = 0x20;
constexpr uint32_t CS_DST_NAT = 0x80;

constexpr uint16_t HAIRPIN_PRIORITY = 100;

/* An address and an L4 port (0: none). */
struct Endpoint {
    in6_addr ip;
    uint16_t port;
};

std::optional<uint16_t>
parse_port(std::string_view s)
{
    if (s.empty() || s.size() > 5) {
        return std::nullopt;
    }
    unsigned int n = 0;
    for (char c : s) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        n = n * 10 + (c - '0');
    }
    if (!n || n > 65535) {
        return std::nullopt;
    }
    return static_cast<uint16_t>(n);
}

/* "IP", "IPv4:PORT", "IPv6" or "[IPv6]:PORT". */
std::optional<Endpoint>
parse_endpoint(std::string_view s)
{
    std::string_view ip = s;
    std::string_view port;
    if (!s.empty() && s[0] == '[') {
        const size_t close = s.find(']');
        if (close == std::string_view::npos) {
            return std::nullopt;
        }
        ip = s.substr(1, close - 1);
        const std::string_view rest = s.substr(close + 1);
        if (!rest.empty()) {
            if (rest[0] != ':') {
                return std::nullopt;
            }
            port = rest.substr(1);
            if (port.empty()) {
                return std::nullopt;
            }
        }
    } else if (s.find('.') != std::string_view::npos) {
        const size_t colon = s.find(':');
        if (colon != std::string_view::npos) {
            ip = s.substr(0, colon);
            port = s.substr(colon + 1);
            if (port.empty()) {
                return std::nullopt;
            }
        }
    }
    std::optional<in6_addr> addr = parse_ip(ip);
    if (!addr) {
        return std::nullopt;
    }
    Endpoint e{*addr, 0};
    if (!port.empty()) {
        std::optional<uint16_t> p = parse_port(port);
        if (!p) {
            return std::nullopt;
        }
        e.port = *p;
    }
    return e;
}

ovs_u128
u128_of(const in6_addr &a)
{
    ovs_u128 v;
    ovs_be64 hi, lo;
    memcpy(&hi, &a.s6_addr[0], 8);
    memcpy(&lo, &a.s6_addr[8], 8);
    v.u64.hi = ntohll(hi);
    v.u64.lo = ntohll(lo);
    return v;
}

/* One LB as the flows need it. */
struct Lb {
    ovs::Uuid uuid;
    std::string name;
    uint8_t proto;
    bool orig_tuple;
    std::optional<ovs_be32> snat_ip4;     /* hairpin_snat_ip. */
    std::optional<in6_addr> snat_ip6;
};

/* The packet's original destination was 'vip' (and its port). */
void
match_orig_dst(ovs::Match &m, const Lb &lb, const Endpoint &vip)
{
    const bool v4 = is_ipv4_mapped(vip.ip);
    if (!lb.orig_tuple) {
        match_set_ct_state_masked(m.get(), CS_TRACKED | CS_DST_NAT,
                                  CS_TRACKED | CS_DST_NAT);
        if (v4) {
            match_set_ct_nw_dst(m.get(), ipv4_of_mapped(vip.ip));
        } else {
            match_set_ct_ipv6_dst(m.get(), &vip.ip);
        }
    } else if (v4) {
        match_set_reg(m.get(), LB_ORIG_DIP_IPV4_REG,
                      ntohl(ipv4_of_mapped(vip.ip)));
    } else {
        match_set_xxreg(m.get(), LB_ORIG_DIP_IPV6_XXREG, u128_of(vip.ip));
    }
    if (vip.port) {
        match_set_nw_proto(m.get(), lb.proto);
        if (!lb.orig_tuple) {
            match_set_ct_nw_proto(m.get(), lb.proto);
            match_set_ct_tp_dst(m.get(), htons(vip.port));
        } else {
            match_set_reg_masked(m.get(), LB_ORIG_TP_DPORT_REG, vip.port,
                                 UINT16_MAX);
        }
    }
}

/* An ofpbuf of actions with its stub, for the actions OfpactsBuilder
 * does not build (learn, ct). */
class ActionBuf {
public:
    ActionBuf() { ofpbuf_use_stub(&buf_, stub_, sizeof stub_); }
    ~ActionBuf() { ofpbuf_uninit(&buf_); }
    ActionBuf(const ActionBuf &) = delete;
    ActionBuf &operator=(const ActionBuf &) = delete;

    ofpbuf *get() { return &buf_; }
    ovs::Ofpacts build() const { return ovs::Ofpacts(buf_); }

private:
    ofpbuf buf_;
    uint64_t stub_[1024 / 8];
};

mf_field_id
tp_src_field(uint8_t proto)
{
    return proto == IPPROTO_UDP ? MFF_UDP_SRC
           : proto == IPPROTO_SCTP ? MFF_SCTP_SRC : MFF_TCP_SRC;
}

mf_field_id
tp_dst_field(uint8_t proto)
{
    return proto == IPPROTO_UDP ? MFF_UDP_DST
           : proto == IPPROTO_SCTP ? MFF_SCTP_DST : MFF_TCP_DST;
}

/* The source a hairpinned connection to 'vip' is SNATed to. */
in6_addr
snat_source(const Lb &lb, const in6_addr &vip)
{
    if (is_ipv4_mapped(vip)) {
        if (lb.snat_ip4) {
            in6_addr a = vip;
            memcpy(&a.s6_addr[12], &*lb.snat_ip4, 4);
            return a;
        }
    } else if (lb.snat_ip6) {
        return *lb.snat_ip6;
    }
    return vip;
}

/* flags[7] = 1, and a flow in table 69 that sets it for the replies of
 * this connection: same datapath, from the backend to the address the
 * client was SNATed to, same protocol and port. */
ovs::Ofpacts
hairpin_actions(const Lb &lb, const Endpoint &vip)
{
    ActionBuf acts;
    ofpbuf *b = acts.get();
    const uint8_t flag = 1;
    ofpact_set_field *sf = ofpact_put_set_field(
        b, mf_from_id(MFF_LOG_FLAGS), nullptr, nullptr);
    bitwise_put(flag, sf->value, 4, MLF_LOOKUP_LB_HAIRPIN_BIT, 1);
    bitwise_one(ofpact_set_field_mask(sf), 4, MLF_LOOKUP_LB_HAIRPIN_BIT, 1);

    ovs::LearnBuilder learn(b, OFTABLE_CHK_LB_HAIRPIN_REPLY,
                            OFP_FLOW_PERMANENT, OFP_FLOW_PERMANENT,
                            htonll(lb.uuid.first_word()));
    const bool v4 = is_ipv4_mapped(vip.ip);
    learn.match_field(MFF_METADATA, MFF_METADATA);
    const ovs_be16 eth_type = htons(v4 ? ETHTYPE_IPV4 : ETHTYPE_IPV6);
    learn.match_value(MFF_ETH_TYPE, &eth_type, sizeof eth_type);
    const in6_addr snat = snat_source(lb, vip.ip);
    if (v4) {
        const ovs_be32 dst = ipv4_of_mapped(snat);
        learn.match_field(MFF_IPV4_SRC, MFF_IPV4_SRC)
             .match_value(MFF_IPV4_DST, &dst, sizeof dst);
    } else {
        learn.match_field(MFF_IPV6_SRC, MFF_IPV6_SRC)
             .match_value(MFF_IPV6_DST, &snat, sizeof snat);
    }
    if (vip.port) {
        learn.match_value(MFF_IP_PROTO, &lb.proto, sizeof lb.proto)
             .match_field(tp_src_field(lb.proto), tp_dst_field(lb.proto));
    } else {
        learn.match_field(MFF_IP_PROTO, MFF_IP_PROTO);
    }
    learn.load_value(MFF_LOG_FLAGS, MLF_LOOKUP_LB_HAIRPIN_BIT, 1, &flag,
                     sizeof flag);
    learn.finish();
    return acts.build();
}

/* ct(commit,zone=<SNAT zone>,nat(src=<to>)). */
ovs::Ofpacts
snat_actions(const in6_addr &to)
{
    ActionBuf acts;
    ofpbuf *b = acts.get();
    const size_t ct_ofs = b->size;
    ofpact_conntrack *ct = ofpact_put_CT(b);
    ct->flags = NX_CT_F_COMMIT;
    ct->zone_src.field = mf_from_id(MFF_LOG_SNAT_ZONE);
    ct->zone_src.ofs = 0;
    ct->zone_src.n_bits = 16;
    ct->recirc_table = NX_CT_RECIRC_NONE;
    ct->alg = 0;

    ofpact_nat *nat = ofpact_put_NAT(b);
    nat->flags = NX_NAT_F_SRC;
    if (is_ipv4_mapped(to)) {
        nat->range_af = AF_INET;
        nat->range.addr.ipv4.min = ipv4_of_mapped(to);
    } else {
        nat->range_af = AF_INET6;
        nat->range.addr.ipv6.min = to;
    }

    ct = static_cast<ofpact_conntrack *>(ofpbuf_at_assert(b, ct_ofs,
                                                          sizeof *ct));
    b->header = ct;
    ofpact_finish_CT(b, &ct);
    return acts.build();
}

/* The LB's datapaths, through its datapath group too. */
std::vector<sb::DatapathBinding>
lb_datapaths(sb::LoadBalancer slb)
{
    std::vector<sb::DatapathBinding> dps;
    for (sb::DatapathBinding dp : slb.datapaths()) {
        if (dp) {
            dps.push_back(dp);
        }
    }
    if (const sb::LogicalDpGroup group = slb.datapath_group()) {
        for (sb::DatapathBinding dp : group.datapaths()) {
            if (dp) {
                dps.push_back(dp);
            }
        }
    }
    return dps;
}

}  // namespace

void
LbHairpinFlows::index(sb::LoadBalancer slb)
{
    Refs &refs = refs_[slb.uuid()];
    for (sb::DatapathBinding dp : slb.datapaths()) {
        if (dp) {
            refs.datapaths.insert(dp.uuid());
            lbs_by_datapath_[dp.uuid()].insert(slb.uuid());
        }
    }
    if (const sb::LogicalDpGroup group = slb.datapath_group()) {
        refs.group = group.uuid();
        lbs_by_group_[group.uuid()].insert(slb.uuid());
    }
}

void
LbHairpinFlows::unindex(const ovs::Uuid &lb)
{
    auto it = refs_.find(lb);
    if (it == refs_.end()) {
        return;
    }
    auto drop = [&lb](std::map<ovs::Uuid, std::set<ovs::Uuid>> &by,
                      const ovs::Uuid &key) {
        auto e = by.find(key);
        if (e != by.end()) {
            e->second.erase(lb);
            if (e->second.empty()) {
                by.erase(e);
            }
        }
    };
    for (const ovs::Uuid &dp : it->second.datapaths) {
        drop(lbs_by_datapath_, dp);
    }
    if (!it->second.group.is_zero()) {
        drop(lbs_by_group_, it->second.group);
    }
    refs_.erase(it);
}

void
LbHairpinFlows::add_lb(const SideFlowInput &in, sb::LoadBalancer slb)
{
    std::vector<sb::DatapathBinding> local;
    for (sb::DatapathBinding dp : lb_datapaths(slb)) {
        if (in.is_local_datapath(dp)) {
            local.push_back(dp);
        }
    }
    if (local.empty()) {
        return;
    }

    Lb lb;
    lb.uuid = slb.uuid();
    lb.name = std::string(slb.name());
    const std::string_view proto = slb.protocol().value_or("tcp");
    lb.proto = proto == "udp" ? IPPROTO_UDP
               : proto == "sctp" ? IPPROTO_SCTP : IPPROTO_TCP;
    lb.orig_tuple = slb.options().get_bool("hairpin_orig_tuple", false);
    if (const char *snat = slb.options().get("hairpin_snat_ip")) {
        /* The first IPv4 and the first IPv6 address it lists. */
        std::string_view s(snat);
        while (!s.empty()) {
            const size_t sp = s.find(' ');
            const std::string_view tok = s.substr(0, sp);
            s = sp == std::string_view::npos ? std::string_view()
                                             : s.substr(sp + 1);
            if (std::optional<in6_addr> a = parse_ip(tok)) {
                if (is_ipv4_mapped(*a)) {
                    if (!lb.snat_ip4) {
                        lb.snat_ip4 = ipv4_of_mapped(*a);
                    }
                } else if (!lb.snat_ip6) {
                    lb.snat_ip6 = *a;
                }
            }
        }
    }
    const ovs::Uuid &owner = lb.uuid;
    const ovs::Uuid no_dp;

    auto bad = [&](std::string why) {
        COVERAGE_INC(lb_hairpin_bad_vip);
        report_bad_row("Load_Balancer", lb.name.empty() ? owner.to_string()
                                                        : lb.name,
                       why);
    };

    for (const auto &[key, value] : slb.vips()) {
        const std::string_view vip_s(key);
        if (vip_s.find('^') != std::string_view::npos) {
            continue;
        }
        const std::optional<Endpoint> vip = parse_endpoint(vip_s);
        if (!vip) {
            bad("bad VIP '" + std::string(vip_s) + "'");
            continue;
        }
        const bool v4 = is_ipv4_mapped(vip->ip);

        /* 68: per backend. */
        std::string_view backends(value);
        while (!backends.empty()) {
            const size_t comma = backends.find(',');
            const std::string_view b_s = backends.substr(0, comma);
            backends = comma == std::string_view::npos
                           ? std::string_view()
                           : backends.substr(comma + 1);
            if (b_s.empty()) {
                continue;
            }
            const std::optional<Endpoint> backend = parse_endpoint(b_s);
            if (!backend || is_ipv4_mapped(backend->ip) != v4) {
                bad("VIP '" + std::string(vip_s) + "': bad backend '"
                    + std::string(b_s) + "'");
                continue;
            }
            ovs::Match m;
            if (v4) {
                match_set_dl_type(m.get(), htons(ETHTYPE_IPV4));
                match_set_nw_src(m.get(), ipv4_of_mapped(backend->ip));
                match_set_nw_dst(m.get(), ipv4_of_mapped(backend->ip));
            } else {
                const in6_addr exact = ipv6_prefix_mask(128);
                match_set_dl_type(m.get(), htons(ETHTYPE_IPV6));
                match_set_ipv6_src_masked(m.get(), &backend->ip, &exact);
                match_set_ipv6_dst_masked(m.get(), &backend->ip, &exact);
            }
            Endpoint orig = *vip;
            match_orig_dst(m, lb, orig);
            if (backend->port) {
                match_set_nw_proto(m.get(), lb.proto);
                match_set_tp_dst(m.get(), htons(backend->port));
            }
            if (in.lb_hairpin_use_ct_mark) {
                match_set_ct_mark_masked(m.get(), OVN_CT_NATTED,
                                         OVN_CT_NATTED);
            } else {
                ovs_u128 natted;
                natted.u64.hi = 0;
                natted.u64.lo = OVN_CT_NATTED;
                match_set_ct_label_masked(m.get(), natted, natted);
            }
            owners_.add_flow(OFTABLE_CHK_LB_HAIRPIN, HAIRPIN_PRIORITY, m,
                             hairpin_actions(lb, *vip), owner, no_dp);
        }

        /* 70: the SNAT, on the LB's local datapaths only if it has its
         * own address for it (then the flow must beat another LB's for
         * the same VIP without one). */
        const bool use_snat_ip = v4 ? lb.snat_ip4.has_value()
                                    : lb.snat_ip6.has_value();
        uint16_t priority = use_snat_ip ? 200 : 100;
        if (!vip->port) {
            priority -= 10;
        }
        ovs::Match m;
        match_set_dl_type(m.get(), htons(v4 ? ETHTYPE_IPV4 : ETHTYPE_IPV6));
        match_orig_dst(m, lb, *vip);
        const ovs::Ofpacts snat = snat_actions(snat_source(lb, vip->ip));
        if (!use_snat_ip) {
            owners_.add_flow(OFTABLE_CT_SNAT_HAIRPIN, priority, m, snat,
                             owner, no_dp);
            continue;
        }
        for (sb::DatapathBinding dp : local) {
            ovs::Match dm = m;
            match_set_metadata(dm.get(), htonll(dp.tunnel_key()));
            owners_.add_flow(OFTABLE_CT_SNAT_HAIRPIN, priority, dm, snat,
                             owner, no_dp);
        }
    }
}

void
LbHairpinFlows::run(const SideFlowInput &in)
{
    owners_.remove_all();
    refs_.clear();
    lbs_by_datapath_.clear();
    lbs_by_group_.clear();
    for (sb::LoadBalancer slb : sb::LoadBalancer::table(in.sb)) {
        index(slb);
        add_lb(in, slb);
    }
}

void
LbHairpinFlows::handle_load_balancer(const SideFlowInput &in,
                                     const ovs::Uuid &uuid)
{
    owners_.remove(uuid);
    unindex(uuid);
    if (const sb::LoadBalancer slb = sb::LoadBalancer::get_for_uuid(in.sb,
                                                                    uuid)) {
        index(slb);
        add_lb(in, slb);
    }
}

void
LbHairpinFlows::handle_datapath(const SideFlowInput &in, const ovs::Uuid &dp)
{
    std::set<ovs::Uuid> lbs;
    auto it = lbs_by_datapath_.find(dp);
    if (it != lbs_by_datapath_.end()) {
        lbs = it->second;
    }
    for (const auto &[group, members] : lbs_by_group_) {
        const sb::LogicalDpGroup g = sb::LogicalDpGroup::get_for_uuid(in.sb,
                                                                      group);
        /* A group that is gone changed: its LBs are handled with it. */
        if (!g) {
            lbs.insert(members.begin(), members.end());
            continue;
        }
        for (sb::DatapathBinding d : g.datapaths()) {
            if (d && d.uuid() == dp) {
                lbs.insert(members.begin(), members.end());
                break;
            }
        }
    }
    for (const ovs::Uuid &lb : lbs) {
        handle_load_balancer(in, lb);
    }
}

void
LbHairpinFlows::handle_dp_group(const SideFlowInput &in,
                                const ovs::Uuid &group)
{
    auto it = lbs_by_group_.find(group);
    if (it == lbs_by_group_.end()) {
        return;
    }
    const std::set<ovs::Uuid> lbs = it->second;
    for (const ovs::Uuid &lb : lbs) {
        handle_load_balancer(in, lb);
    }
}

}  // namespace ovn
