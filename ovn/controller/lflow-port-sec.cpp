#include <config.h>

#include "ovn/controller/lflow-port-sec.h"

#include <arpa/inet.h>

#include <cstring>
#include <string>
#include <vector>

#include "lib/ofpacts-builder.h"
#include "lib/ovs-internal.h"
#include "openvswitch/vlog.h"
#include "ovn/controller/binding.h"
#include "ovn/lib/actions.h"
#include "ovn/lib/bad-row.h"
#include "ovn/lib/logical-fields.h"
#include "ovn/lib/lport-addresses.h"

VLOG_DEFINE_THIS_MODULE(lflow_port_sec);

COVERAGE_DEFINE(port_sec_bad_address);

namespace ovn {

namespace {

/* ICMPv6 types (RFC 4443, 4861, 2710, 3810). */
constexpr uint8_t ICMP6_MLD_QUERY_V1_REPORT = 131;
constexpr uint8_t ICMP6_NEIGHBOR_SOLICIT = 135;
constexpr uint8_t ICMP6_NEIGHBOR_ADVERT = 136;
constexpr uint8_t ICMP6_MLD_V2_REPORT = 143;

/* 23.03 matches ND with this hop limit in table 74's priority-90 flows
 * (a typo for 255 that later releases fixed); the switch must hold the
 * same flows. */
constexpr uint8_t ND_TTL_AS_2303 = 225;
constexpr uint8_t ND_TTL = 255;

const eth_addr ETH_ZERO = {{{0, 0, 0, 0, 0, 0}}};

in6_addr
ipv6_any()
{
    in6_addr a;
    memset(&a, 0, sizeof a);
    return a;
}

in6_addr
ipv6_from_text(const char *s)
{
    in6_addr a;
    ovs_assert(inet_pton(AF_INET6, s, &a) == 1);
    return a;
}

/* The flows of one port: everything matches its datapath and its key as
 * input (tables 73, 74) or output (75) port. */
class PortSecBuilder {
public:
    PortSecBuilder(SideFlowOwners &owners, sb::PortBinding pb,
                   sb::DatapathBinding dp)
        : owners_(owners), owner_(pb.uuid()), dp_(dp.uuid()),
          dp_key_(dp.tunnel_key()), port_key_(pb.tunnel_key()) {}

    ovs::Match
    in_match() const
    {
        ovs::Match m;
        match_set_metadata(m.get(), htonll(dp_key_));
        match_set_reg(m.get(), MFF_LOG_INPORT - MFF_REG0, port_key_);
        return m;
    }

    ovs::Match
    out_match() const
    {
        ovs::Match m;
        match_set_metadata(m.get(), htonll(dp_key_));
        match_set_reg(m.get(), MFF_LOG_OUTPORT - MFF_REG0, port_key_);
        return m;
    }

    /* flags[12] = 0: the packet passes. */
    void
    allow(uint8_t table, uint16_t priority, const ovs::Match &m)
    {
        add(table, priority, m,
            ovs::OfpactsBuilder().load_bits(MFF_LOG_FLAGS, 0,
                                            MLF_CHECK_PORT_SEC_BIT, 1));
    }

    /* flags[12] = 1: the packet is to be dropped. */
    void
    deny(uint8_t table, uint16_t priority, const ovs::Match &m)
    {
        add(table, priority, m,
            ovs::OfpactsBuilder().load_bits(MFF_LOG_FLAGS, 1,
                                            MLF_CHECK_PORT_SEC_BIT, 1));
    }

    void
    to_nd_table(uint16_t priority, const ovs::Match &m)
    {
        add(OFTABLE_CHK_IN_PORT_SEC, priority, m,
            ovs::OfpactsBuilder().resubmit(OFTABLE_CHK_IN_PORT_SEC_ND));
    }

    void add_port_flows();
    void add_entry_flows(const LportAddresses &);

private:
    void
    add(uint8_t table, uint16_t priority, const ovs::Match &m,
        const ovs::OfpactsBuilder &acts)
    {
        owners_.add_flow(table, priority, m, acts.build(), owner_, dp_);
    }

    void add_in_flows(const LportAddresses &);
    void add_in_nd_flows(const LportAddresses &);
    void add_out_flows(const LportAddresses &);

    SideFlowOwners &owners_;
    const ovs::Uuid owner_;
    const ovs::Uuid dp_;
    const int64_t dp_key_;
    const int64_t port_key_;
};

void
match_ipv4_src(ovs::Match &m, const Ipv4Netaddr &a)
{
    if (a.is_host()) {
        match_set_nw_src(m.get(), a.addr);
    } else {
        match_set_nw_src_masked(m.get(), a.network(), a.mask);
    }
}

void
match_ipv6(ovs::Match &m, const Ipv6Netaddr &a,
           void (*set)(match *, const in6_addr *, const in6_addr *))
{
    in6_addr mask = a.mask;
    in6_addr addr = a.addr;
    if (a.is_host()) {
        mask = ipv6_prefix_mask(128);
    } else {
        for (int i = 0; i < 16; i++) {
            addr.s6_addr[i] &= mask.s6_addr[i];
        }
    }
    set(m.get(), &addr, &mask);
}

/* The flows that every port with port security has once. */
void
PortSecBuilder::add_port_flows()
{
    /* 73: whatever no entry allows is denied; ARP is checked in 74. */
    deny(OFTABLE_CHK_IN_PORT_SEC, 80, in_match());
    ovs::Match arp = in_match();
    match_set_dl_type(arp.get(), htons(ETHTYPE_ARP));
    to_nd_table(95, arp);

    /* 74: ARP that no entry allows is denied; so is an NA, but an NS is
     * allowed. */
    deny(OFTABLE_CHK_IN_PORT_SEC_ND, 80, arp);
    for (uint8_t type : {ICMP6_NEIGHBOR_SOLICIT, ICMP6_NEIGHBOR_ADVERT}) {
        ovs::Match nd = in_match();
        match_set_dl_type(nd.get(), htons(ETHTYPE_IPV6));
        match_set_nw_proto(nd.get(), IPPROTO_ICMPV6);
        match_set_nw_ttl(nd.get(), ND_TTL);
        match_set_icmp_type(nd.get(), type);
        if (type == ICMP6_NEIGHBOR_SOLICIT) {
            allow(OFTABLE_CHK_IN_PORT_SEC_ND, 80, nd);
        } else {
            deny(OFTABLE_CHK_IN_PORT_SEC_ND, 80, nd);
        }
    }

    /* 75: whatever no entry allows is denied. */
    deny(OFTABLE_CHK_OUT_PORT_SEC, 80, out_match());
}

void
PortSecBuilder::add_in_flows(const LportAddresses &e)
{
    ovs::Match base = in_match();
    match_set_dl_src(base.get(), e.mac);

    if (e.ipv4.empty() && e.ipv6.empty()) {
        /* Only the MAC is checked; ARP and ND go on to 74. */
        to_nd_table(90, base);
        return;
    }

    if (!e.ipv4.empty()) {
        for (const Ipv4Netaddr &a : e.ipv4) {
            ovs::Match m = base;
            match_set_dl_type(m.get(), htons(ETHTYPE_IPV4));
            match_ipv4_src(m, a);
            allow(OFTABLE_CHK_IN_PORT_SEC, 90, m);
        }
        /* DHCP discovery, before the port has its address. */
        ovs::Match dhcp = base;
        match_set_dl_type(dhcp.get(), htons(ETHTYPE_IPV4));
        match_set_nw_proto(dhcp.get(), IPPROTO_UDP);
        match_set_nw_src(dhcp.get(), 0);
        match_set_nw_dst(dhcp.get(), htonl(UINT32_MAX));
        match_set_tp_src(dhcp.get(), htons(68));
        match_set_tp_dst(dhcp.get(), htons(67));
        allow(OFTABLE_CHK_IN_PORT_SEC, 90, dhcp);
    }

    if (!e.ipv6.empty()) {
        /* Its link-local and its own addresses; 74 checks ND. */
        const in6_addr lla = ipv6_link_local(e.mac);
        const in6_addr exact = ipv6_prefix_mask(128);
        ovs::Match m = base;
        match_set_dl_type(m.get(), htons(ETHTYPE_IPV6));
        match_set_ipv6_src_masked(m.get(), &lla, &exact);
        to_nd_table(90, m);
        for (const Ipv6Netaddr &a : e.ipv6) {
            ovs::Match m6 = base;
            match_set_dl_type(m6.get(), htons(ETHTYPE_IPV6));
            match_ipv6(m6, a, match_set_ipv6_src_masked);
            to_nd_table(90, m6);
        }

        /* Duplicate address detection: MLD reports and NS from the
         * unspecified address. */
        const in6_addr any = ipv6_any();
        const in6_addr ff02 = ipv6_from_text("ff02::");
        const in6_addr mask16 = ipv6_prefix_mask(16);
        for (uint8_t type : {ICMP6_MLD_QUERY_V1_REPORT,
                             ICMP6_NEIGHBOR_SOLICIT, ICMP6_MLD_V2_REPORT}) {
            ovs::Match dad = base;
            match_set_dl_type(dad.get(), htons(ETHTYPE_IPV6));
            match_set_nw_proto(dad.get(), IPPROTO_ICMPV6);
            match_set_ipv6_src_masked(dad.get(), &any, &exact);
            match_set_ipv6_dst_masked(dad.get(), &ff02, &mask16);
            match_set_icmp_type(dad.get(), type);
            match_set_icmp_code(dad.get(), 0);
            if (type == ICMP6_NEIGHBOR_SOLICIT) {
                to_nd_table(90, dad);
            } else {
                allow(OFTABLE_CHK_IN_PORT_SEC, 90, dad);
            }
        }
    }
}

void
PortSecBuilder::add_in_nd_flows(const LportAddresses &e)
{
    /* ARP: with the port's MAC, and its IPv4 addresses if it has. */
    ovs::Match arp = in_match();
    match_set_dl_type(arp.get(), htons(ETHTYPE_ARP));
    match_set_dl_src(arp.get(), e.mac);
    match_set_arp_sha(arp.get(), e.mac);
    if (!e.ipv4.empty()) {
        for (const Ipv4Netaddr &a : e.ipv4) {
            ovs::Match m = arp;
            if (a.is_host()) {
                match_set_nw_src(m.get(), a.addr);
            } else {
                match_set_nw_src_masked(m.get(), a.network(), a.mask);
            }
            allow(OFTABLE_CHK_IN_PORT_SEC_ND, 90, m);
        }
    } else if (e.ipv6.empty()) {
        allow(OFTABLE_CHK_IN_PORT_SEC_ND, 90, arp);
    }

    /* NS: without a source link-layer address, or with the MAC. */
    ovs::Match nd = in_match();
    match_set_dl_type(nd.get(), htons(ETHTYPE_IPV6));
    match_set_nw_proto(nd.get(), IPPROTO_ICMPV6);
    match_set_nw_ttl(nd.get(), ND_TTL_AS_2303);
    match_set_icmp_code(nd.get(), 0);
    ovs::Match ns = nd;
    match_set_icmp_type(ns.get(), ICMP6_NEIGHBOR_SOLICIT);
    for (const eth_addr &sll : {ETH_ZERO, e.mac}) {
        ovs::Match m = ns;
        match_set_arp_sha(m.get(), sll);
        allow(OFTABLE_CHK_IN_PORT_SEC_ND, 90, m);
    }

    /* NA: for its addresses, if it has IPv6 ones, without a target
     * link-layer address or with the MAC. */
    ovs::Match na = nd;
    match_set_icmp_type(na.get(), ICMP6_NEIGHBOR_ADVERT);
    const in6_addr exact = ipv6_prefix_mask(128);
    auto allow_na = [&](const ovs::Match &base) {
        for (const eth_addr &tll : {ETH_ZERO, e.mac}) {
            ovs::Match m = base;
            match_set_arp_tha(m.get(), tll);
            allow(OFTABLE_CHK_IN_PORT_SEC_ND, 90, m);
        }
    };
    if (e.ipv6.empty()) {
        allow_na(na);
        return;
    }
    const in6_addr lla = ipv6_link_local(e.mac);
    ovs::Match na_lla = na;
    match_set_nd_target_masked(na_lla.get(), &lla, &exact);
    allow_na(na_lla);
    /* 23.03 matches these on eth.src but not on the hop limit. */
    for (const Ipv6Netaddr &a : e.ipv6) {
        ovs::Match m = in_match();
        match_set_dl_type(m.get(), htons(ETHTYPE_IPV6));
        match_set_nw_proto(m.get(), IPPROTO_ICMPV6);
        match_set_icmp_type(m.get(), ICMP6_NEIGHBOR_ADVERT);
        match_set_icmp_code(m.get(), 0);
        match_set_dl_src(m.get(), e.mac);
        match_ipv6(m, a, match_set_nd_target_masked);
        allow_na(m);
    }
}

void
PortSecBuilder::add_out_flows(const LportAddresses &e)
{
    ovs::Match base = out_match();
    match_set_dl_dst(base.get(), e.mac);
    allow(OFTABLE_CHK_OUT_PORT_SEC, 85, base);
    if (e.ipv4.empty() && e.ipv6.empty()) {
        return;
    }

    /* With IPs, IP traffic needs one of them as destination. */
    ovs::Match ip4 = base;
    match_set_dl_type(ip4.get(), htons(ETHTYPE_IPV4));
    ovs::Match ip6 = base;
    match_set_dl_type(ip6.get(), htons(ETHTYPE_IPV6));
    deny(OFTABLE_CHK_OUT_PORT_SEC, 90, ip4);
    deny(OFTABLE_CHK_OUT_PORT_SEC, 90, ip6);

    auto allow_ip4 = [&](ovs_be32 addr, ovs_be32 mask) {
        ovs::Match m = ip4;
        match_set_nw_dst_masked(m.get(), addr, mask);
        allow(OFTABLE_CHK_OUT_PORT_SEC, 95, m);
    };
    if (!e.ipv4.empty()) {
        for (const Ipv4Netaddr &a : e.ipv4) {
            if (a.is_host()) {
                allow_ip4(a.addr, htonl(UINT32_MAX));
                if (a.plen != 32) {
                    allow_ip4(a.bcast(), htonl(UINT32_MAX));
                }
            } else {
                allow_ip4(a.network(), a.mask);
            }
        }
        allow_ip4(htonl(0xe0000000), htonl(0xf0000000));   /* 224/4. */
        allow_ip4(htonl(UINT32_MAX), htonl(UINT32_MAX));   /* Broadcast. */
    }

    if (!e.ipv6.empty()) {
        const in6_addr exact = ipv6_prefix_mask(128);
        const in6_addr lla = ipv6_link_local(e.mac);
        ovs::Match m = ip6;
        match_set_ipv6_dst_masked(m.get(), &lla, &exact);
        allow(OFTABLE_CHK_OUT_PORT_SEC, 95, m);
        for (const Ipv6Netaddr &a : e.ipv6) {
            ovs::Match m6 = ip6;
            match_ipv6(m6, a, match_set_ipv6_dst_masked);
            allow(OFTABLE_CHK_OUT_PORT_SEC, 95, m6);
        }
        const in6_addr ff00 = ipv6_from_text("ff00::");
        const in6_addr mask8 = ipv6_prefix_mask(8);
        ovs::Match mc = ip6;
        match_set_ipv6_dst_masked(mc.get(), &ff00, &mask8);
        allow(OFTABLE_CHK_OUT_PORT_SEC, 95, mc);
    }
}

void
PortSecBuilder::add_entry_flows(const LportAddresses &e)
{
    add_in_flows(e);
    add_in_nd_flows(e);
    add_out_flows(e);
}

}  // namespace

void
PortSecFlows::add_port(const SideFlowInput &in, sb::PortBinding pb)
{
    if (pb.port_security().empty()) {
        return;
    }
    const sb::DatapathBinding dp = pb.datapath();
    const LocalBinding *b = in.bindings->find(std::string(pb.logical_port()));
    if (!dp || !b || b->pb != pb) {
        return;
    }

    std::vector<LportAddresses> entries;
    for (std::string_view ps : pb.port_security()) {
        bool trailing = false;
        std::optional<LportAddresses> e = parse_lport_addresses(ps,
                                                                &trailing);
        if (!e || trailing) {
            COVERAGE_INC(port_sec_bad_address);
            report_bad_row("Port_Binding", pb.logical_port(),
                           e ? "bad address in port_security '"
                                   + std::string(ps)
                                   + "': the addresses from it on"
                             : "bad port_security '" + std::string(ps)
                                   + "'");
        }
        if (e) {
            entries.push_back(std::move(*e));
        }
    }
    if (entries.empty()) {
        return;
    }

    PortSecBuilder builder(owners_, pb, dp);
    builder.add_port_flows();
    for (const LportAddresses &e : entries) {
        builder.add_entry_flows(e);
    }
}

void
PortSecFlows::run(const SideFlowInput &in)
{
    owners_.remove_all();
    for (const auto &[lport, b] : in.bindings->bindings()) {
        add_port(in, b.pb);
    }
}

void
PortSecFlows::handle_port(const SideFlowInput &in, const ovs::Uuid &uuid)
{
    owners_.remove(uuid);
    if (const sb::PortBinding pb = sb::PortBinding::get_for_uuid(in.sb,
                                                                 uuid)) {
        add_port(in, pb);
    }
}

}  // namespace ovn
