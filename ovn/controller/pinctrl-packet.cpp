#include <config.h>

#include "ovn/controller/pinctrl-packet.h"

#include <netinet/in.h>
#include <cstring>

extern "C" {
#include "crc32c.h"
}
#include "lib/shim/packet-shim.h"

namespace ovn {

namespace {

constexpr uint16_t ETH_TYPE_IPV4 = 0x0800;
constexpr uint16_t ETH_TYPE_ARP_ = 0x0806;
constexpr uint16_t ETH_TYPE_IPV6_ = 0x86dd;
constexpr uint16_t ETH_TYPE_8021Q = 0x8100;
constexpr uint16_t TCI_CFI = 0x1000;    /* OVS's "a tag is present". */

constexpr size_t ETH_LEN = 14;
constexpr size_t IPV4_LEN = 20;
constexpr size_t IPV6_LEN = 40;
constexpr size_t ICMP_LEN = 8;          /* ICMPv4 and ICMPv6 headers. */
constexpr size_t TCP_LEN = 20;
constexpr size_t SCTP_LEN = 12;
constexpr size_t SCTP_CHUNK_LEN = 4;
constexpr size_t ND_MSG_LEN = 24;       /* ICMPv6 header + target. */
constexpr size_t ND_OPT_LLA_LEN = 8;

/* How much of an ICMP error may be, from its IP header on (RFC 1812
 * 4.3.2.3 for IPv4), or in all (RFC 4443 2.4(c), the IPv6 minimum MTU,
 * which 23.03 counts from the Ethernet header). */
constexpr size_t ICMP4_ERROR_MAX = 576;
constexpr size_t ICMP6_ERROR_MAX = 1280;

constexpr uint8_t IPPROTO_ICMPV6_ = 58;
constexpr uint8_t ICMP4_DST_UNREACH = 3;
constexpr uint8_t ICMP6_DST_UNREACH_ = 1;
constexpr uint8_t ICMP_CODE_HOST_UNREACH = 1;
constexpr uint8_t ICMP4_CODE_PORT_UNREACH = 3;
constexpr uint8_t ICMP6_CODE_PORT_UNREACH = 4;
constexpr uint8_t ND_NS_TYPE = 135;
constexpr uint8_t ND_NA_TYPE = 136;
constexpr uint8_t ND_OPT_SLL = 1;
constexpr uint8_t ND_OPT_TLL = 2;
constexpr uint32_t ND_NA_ROUTER = 0x80000000;
constexpr uint32_t ND_NA_SOLICITED = 0x40000000;
constexpr uint32_t ND_NA_OVERRIDE = 0x20000000;

constexpr uint8_t TCP_FIN_ = 0x01, TCP_SYN_ = 0x02, TCP_RST_ = 0x04,
                  TCP_ACK_ = 0x10;
constexpr uint8_t SCTP_CHUNK_INIT = 1;
constexpr uint8_t SCTP_CHUNK_ABORT = 6;

/* The TTL and hop limit of 23.03's TCP resets and SCTP aborts, and the
 * DSCP that it puts in their IPv4 header before setting it to zero. */
constexpr uint8_t RESET_TTL = 63;

/* Appends big-endian fields to a frame and patches them later. */
class Writer {
public:
    PacketBytes &bytes() noexcept { return b_; }
    size_t size() const noexcept { return b_.size(); }

    void put8(uint8_t v) { b_.push_back(v); }
    void put16(uint16_t v)
    {
        put8(v >> 8);
        put8(v & 0xff);
    }
    void put32(uint32_t v)
    {
        put16(v >> 16);
        put16(v & 0xffff);
    }
    void put(const void *p, size_t n)
    {
        const uint8_t *s = static_cast<const uint8_t *>(p);
        b_.insert(b_.end(), s, s + n);
    }
    void zeros(size_t n) { b_.insert(b_.end(), n, 0); }
    void set16(size_t ofs, uint16_t v)
    {
        b_[ofs] = v >> 8;
        b_[ofs + 1] = v & 0xff;
    }

    void eth(const eth_addr &dst, const eth_addr &src, uint16_t type)
    {
        put(dst.ea, 6);
        put(src.ea, 6);
        put16(type);
    }

    /* An IPv4 header, checksum included; returns its offset. */
    size_t ipv4(ovs_be32 src, ovs_be32 dst, uint8_t tos, uint8_t ttl,
                uint8_t proto, size_t payload_len)
    {
        size_t ofs = size();
        put8(0x45);
        put8(tos);
        put16(IPV4_LEN + payload_len);
        put16(0);                       /* ID. */
        put16(0x4000);                  /* DF. */
        put8(ttl);
        put8(proto);
        put16(0);                       /* Checksum, below. */
        put(&src, 4);
        put(&dst, 4);
        set16(ofs + 10, packet_csum_finish(
                  packet_csum_add(0, &b_[ofs], IPV4_LEN)));
        return ofs;
    }

    size_t ipv6(const in6_addr &src, const in6_addr &dst, uint8_t tclass,
                ovs_be32 label, uint8_t hlim, uint8_t proto,
                size_t payload_len)
    {
        size_t ofs = size();
        put32((6u << 28) | (uint32_t(tclass) << 20)
              | (ntohl(label) & 0xfffff));
        put16(payload_len);
        put8(proto);
        put8(hlim);
        put(&src, 16);
        put(&dst, 16);
        return ofs;
    }

private:
    PacketBytes b_;
};

/* The sum of the IPv4 or IPv6 pseudo-header of the IP header at 'ip'
 * whose upper-layer packet is 'len' bytes of protocol 'proto'. */
uint32_t
pseudo_header_sum(const uint8_t *ip, bool v6, uint8_t proto, size_t len)
{
    uint32_t sum = v6 ? packet_csum_add(0, ip + 8, 32)
                      : packet_csum_add(0, ip + 12, 8);
    sum += proto;
    sum += len & 0xffff;
    sum += len >> 16;
    return sum;
}

/* Sets the upper-layer checksum at 'csum_ofs' of the packet whose IP
 * header is at 'l3' and upper layer at 'l4', up to the end of 'b'. */
void
set_l4_csum(PacketBytes &b, size_t l3, size_t l4, size_t csum_ofs,
            bool v6, uint8_t proto)
{
    b[csum_ofs] = b[csum_ofs + 1] = 0;
    size_t len = b.size() - l4;
    uint32_t sum = pseudo_header_sum(&b[l3], v6, proto, len);
    uint16_t csum = packet_csum_finish(packet_csum_add(sum, &b[l4], len));
    b[csum_ofs] = csum >> 8;
    b[csum_ofs + 1] = csum & 0xff;
}

/* Inserts the incoming packet's VLAN header, if it had one, after the
 * Ethernet addresses of 'b'. */
void
push_vlan(PacketBytes &b, const PinctrlPacket &in)
{
    if (!in.has_vlan() || b.size() < ETH_LEN) {
        return;
    }
    uint16_t tci = ntohs(in.flow.vlans[0].tci) & ~TCI_CFI;
    const uint8_t tag[4] = { ETH_TYPE_8021Q >> 8, ETH_TYPE_8021Q & 0xff,
                             uint8_t(tci >> 8), uint8_t(tci & 0xff) };
    b.insert(b.begin() + 12, tag, tag + 4);
}

uint32_t
read32(const uint8_t *p)
{
    return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16)
           | (uint32_t(p[2]) << 8) | p[3];
}

}  // namespace

PinctrlPacket::PinctrlPacket(const void *data_, size_t size_)
    : data(static_cast<const uint8_t *>(data_)), size(size_)
{
    ovs_shim_packet_offsets ofs;
    ovs_shim_packet_parse(data, size, &flow, &ofs);
    l3_ofs = ofs.l3;
    l4_ofs = ofs.l4;
}

bool
PinctrlPacket::has_vlan() const noexcept
{
    return flow.vlans[0].tci & htons(TCI_CFI);
}

bool
PinctrlPacket::is_ipv4() const noexcept
{
    return flow.dl_type == htons(ETH_TYPE_IPV4) && l3_size() >= IPV4_LEN;
}

bool
PinctrlPacket::is_ipv6() const noexcept
{
    return flow.dl_type == htons(ETH_TYPE_IPV6_) && l3_size() >= IPV6_LEN;
}

uint32_t
packet_csum_add(uint32_t partial, const uint8_t *p, size_t n)
{
    uint64_t sum = partial;
    size_t i = 0;
    for (; i + 1 < n; i += 2) {
        sum += (uint32_t(p[i]) << 8) | p[i + 1];
    }
    if (i < n) {
        sum += uint32_t(p[i]) << 8;
    }
    while (sum >> 32) {
        sum = (sum & 0xffffffff) + (sum >> 32);
    }
    return uint32_t(sum);
}

uint16_t
packet_csum_finish(uint32_t partial)
{
    while (partial >> 16) {
        partial = (partial & 0xffff) + (partial >> 16);
    }
    return ~partial & 0xffff;
}

PacketBytes
build_arp_request(const PinctrlPacket &in)
{
    if (!in.is_ipv4()) {
        return {};
    }
    Writer w;
    w.eth(in.flow.dl_dst, in.flow.dl_src, ETH_TYPE_ARP_);
    w.put16(1);                         /* Ethernet. */
    w.put16(ETH_TYPE_IPV4);
    w.put8(6);
    w.put8(4);
    w.put16(1);                         /* Request. */
    w.put(in.flow.dl_src.ea, 6);
    w.put(&in.flow.nw_src, 4);
    w.zeros(6);
    w.put(&in.flow.nw_dst, 4);
    push_vlan(w.bytes(), in);
    return std::move(w.bytes());
}

PacketBytes
build_nd_ns(const PinctrlPacket &in)
{
    if (!in.is_ipv6()) {
        return {};
    }
    /* The solicited-node multicast address of the destination
     * (ff02::1:ffXX:XXXX) and its Ethernet multicast (33:33:ff:XX:XX:XX). */
    const uint8_t *target = in.flow.ipv6_dst.s6_addr;
    in6_addr sn{};
    sn.s6_addr[0] = 0xff;
    sn.s6_addr[1] = 0x02;
    sn.s6_addr[11] = 0x01;
    sn.s6_addr[12] = 0xff;
    memcpy(&sn.s6_addr[13], &target[13], 3);
    eth_addr mc;
    mc.ea[0] = 0x33;
    mc.ea[1] = 0x33;
    memcpy(&mc.ea[2], &sn.s6_addr[12], 4);

    Writer w;
    w.eth(mc, in.flow.dl_src, ETH_TYPE_IPV6_);
    size_t l3 = w.ipv6(in.flow.ipv6_src, sn, 0, 0, 255, IPPROTO_ICMPV6_,
                       ND_MSG_LEN + ND_OPT_LLA_LEN);
    size_t l4 = w.size();
    w.put8(ND_NS_TYPE);
    w.put8(0);
    w.put16(0);
    w.put32(0);
    w.put(target, 16);
    w.put8(ND_OPT_SLL);
    w.put8(1);
    w.put(in.flow.dl_src.ea, 6);
    set_l4_csum(w.bytes(), l3, l4, l4 + 2, true, IPPROTO_ICMPV6_);
    push_vlan(w.bytes(), in);
    return std::move(w.bytes());
}

PacketBytes
build_nd_na(const PinctrlPacket &in, bool router)
{
    if (!in.is_ipv6() || in.flow.nw_proto != IPPROTO_ICMPV6_
        || ntohs(in.flow.tp_src) != ND_NS_TYPE) {
        return {};
    }
    Writer w;
    w.eth(in.flow.dl_src, in.flow.dl_dst, ETH_TYPE_IPV6_);
    size_t l3 = w.ipv6(in.flow.nd_target, in.flow.ipv6_src, 0, 0, 255,
                       IPPROTO_ICMPV6_, ND_MSG_LEN + ND_OPT_LLA_LEN);
    size_t l4 = w.size();
    w.put8(ND_NA_TYPE);
    w.put8(0);
    w.put16(0);
    w.put32(ND_NA_SOLICITED | ND_NA_OVERRIDE | (router ? ND_NA_ROUTER : 0));
    w.put(&in.flow.nd_target, 16);
    w.put8(ND_OPT_TLL);
    w.put8(1);
    w.put(in.flow.dl_dst.ea, 6);
    set_l4_csum(w.bytes(), l3, l4, l4 + 2, true, IPPROTO_ICMPV6_);
    push_vlan(w.bytes(), in);
    return std::move(w.bytes());
}

PacketBytes
build_icmp(const PinctrlPacket &in, bool udp_port_code, bool loopback)
{
    const flow &f = in.flow;
    const eth_addr &eth_src = loopback ? f.dl_dst : f.dl_src;
    const eth_addr &eth_dst = loopback ? f.dl_src : f.dl_dst;
    const uint8_t *in_ip = in.data + in.l3_ofs;
    Writer w;
    if (in.is_ipv4()) {
        /* The datagram as far as its total length says, and as far as it
         * was captured. */
        size_t in_len = std::min<size_t>((in_ip[2] << 8) | in_ip[3],
                                         in.l3_size());
        if (in_len < IPV4_LEN) {
            return {};
        }
        size_t room = ICMP4_ERROR_MAX - (ETH_LEN + IPV4_LEN + ICMP_LEN);
        in_len = std::min(in_len, room);

        w.eth(eth_dst, eth_src, ETH_TYPE_IPV4);
        w.ipv4(loopback ? f.nw_dst : f.nw_src,
               loopback ? f.nw_src : f.nw_dst,
               f.nw_tos, 255, IPPROTO_ICMP, ICMP_LEN + in_len);
        size_t l4 = w.size();
        w.put8(ICMP4_DST_UNREACH);
        w.put8(udp_port_code && f.nw_proto == IPPROTO_UDP
               ? ICMP4_CODE_PORT_UNREACH : ICMP_CODE_HOST_UNREACH);
        w.put16(0);
        w.put32(0);
        w.put(in_ip, in_len);
        w.set16(l4 + 2, packet_csum_finish(
                    packet_csum_add(0, &w.bytes()[l4], ICMP_LEN + in_len)));
    } else if (in.is_ipv6()) {
        size_t in_len = std::min<size_t>(
            IPV6_LEN + ((in_ip[4] << 8) | in_ip[5]), in.l3_size());
        size_t room = ICMP6_ERROR_MAX - (ETH_LEN + IPV6_LEN + ICMP_LEN);
        in_len = std::min(in_len, room);

        w.eth(eth_dst, eth_src, ETH_TYPE_IPV6_);
        size_t l3 = w.ipv6(loopback ? f.ipv6_dst : f.ipv6_src,
                           loopback ? f.ipv6_src : f.ipv6_dst,
                           f.nw_tos, f.ipv6_label, 255, IPPROTO_ICMPV6_,
                           ICMP_LEN + in_len);
        size_t l4 = w.size();
        w.put8(ICMP6_DST_UNREACH_);
        w.put8(udp_port_code && f.nw_proto == IPPROTO_UDP
               ? ICMP6_CODE_PORT_UNREACH : ICMP_CODE_HOST_UNREACH);
        w.put16(0);
        w.put32(0);
        w.put(in_ip, in_len);
        set_l4_csum(w.bytes(), l3, l4, l4 + 2, true, IPPROTO_ICMPV6_);
    } else {
        return {};
    }
    push_vlan(w.bytes(), in);
    return std::move(w.bytes());
}

PacketBytes
build_tcp_reset(const PinctrlPacket &in, bool loopback)
{
    const flow &f = in.flow;
    if (f.nw_proto != IPPROTO_TCP || in.l4_size() < TCP_LEN
        || (!in.is_ipv4() && !in.is_ipv6())) {
        return {};
    }
    const uint8_t *in_tcp = in.data + in.l4_ofs;
    const eth_addr &eth_src = loopback ? f.dl_dst : f.dl_src;
    const eth_addr &eth_dst = loopback ? f.dl_src : f.dl_dst;
    const bool v6 = in.is_ipv6();

    Writer w;
    size_t l3;
    w.eth(eth_dst, eth_src, v6 ? ETH_TYPE_IPV6_ : ETH_TYPE_IPV4);
    if (v6) {
        l3 = w.ipv6(loopback ? f.ipv6_dst : f.ipv6_src,
                    loopback ? f.ipv6_src : f.ipv6_dst,
                    0, 0, RESET_TTL, IPPROTO_TCP, TCP_LEN);
    } else {
        l3 = w.ipv4(loopback ? f.nw_dst : f.nw_src,
                    loopback ? f.nw_src : f.nw_dst,
                    0, RESET_TTL, IPPROTO_TCP, TCP_LEN);
    }
    size_t l4 = w.size();
    w.put(&f.tp_dst, 2);
    w.put(&f.tp_src, 2);
    uint8_t flags = in_tcp[13];
    if (flags & TCP_ACK_) {
        /* RFC 793: the RST takes its sequence number from the ACK. */
        w.put(in_tcp + 8, 4);
        w.put32(0);
        w.put8(5 << 4);
        w.put8(TCP_RST_);
    } else {
        /* Acknowledge everything the segment occupied. */
        size_t hdr_len = (in_tcp[12] >> 4) * 4;
        uint32_t seq_len = in.l4_size() > hdr_len
                           ? uint32_t(in.l4_size() - hdr_len) : 0;
        if (flags & (TCP_SYN_ | TCP_FIN_)) {
            seq_len++;
        }
        w.put32(0);
        w.put32(read32(in_tcp + 4) + seq_len);
        w.put8(5 << 4);
        w.put8(TCP_RST_ | TCP_ACK_);
    }
    w.put16(0);                         /* Window. */
    w.put16(0);                         /* Checksum, below. */
    w.put16(0);                         /* Urgent pointer. */
    set_l4_csum(w.bytes(), l3, l4, l4 + 16, v6, IPPROTO_TCP);
    push_vlan(w.bytes(), in);
    return std::move(w.bytes());
}

PacketBytes
build_sctp_abort(const PinctrlPacket &in, bool loopback)
{
    const flow &f = in.flow;
    if (f.nw_proto != IPPROTO_SCTP
        || in.l4_size() < SCTP_LEN + SCTP_CHUNK_LEN
        || (!in.is_ipv4() && !in.is_ipv6())) {
        return {};
    }
    const uint8_t *in_sctp = in.data + in.l4_ofs;
    const uint8_t *chunk = in_sctp + SCTP_LEN;
    uint32_t vtag;
    bool reflected;
    if (chunk[0] == SCTP_CHUNK_ABORT) {
        return {};
    } else if (chunk[0] == SCTP_CHUNK_INIT) {
        if (in.l4_size() < SCTP_LEN + SCTP_CHUNK_LEN + 4) {
            return {};
        }
        vtag = read32(chunk + SCTP_CHUNK_LEN);
        reflected = false;
    } else {
        vtag = read32(in_sctp + 4);
        reflected = true;
    }

    const eth_addr &eth_src = loopback ? f.dl_dst : f.dl_src;
    const eth_addr &eth_dst = loopback ? f.dl_src : f.dl_dst;
    const bool v6 = in.is_ipv6();
    const size_t len = SCTP_LEN + SCTP_CHUNK_LEN;
    Writer w;
    w.eth(eth_dst, eth_src, v6 ? ETH_TYPE_IPV6_ : ETH_TYPE_IPV4);
    if (v6) {
        w.ipv6(loopback ? f.ipv6_dst : f.ipv6_src,
               loopback ? f.ipv6_src : f.ipv6_dst,
               0, 0, RESET_TTL, IPPROTO_SCTP, len);
    } else {
        w.ipv4(loopback ? f.nw_dst : f.nw_src,
               loopback ? f.nw_src : f.nw_dst,
               0, RESET_TTL, IPPROTO_SCTP, len);
    }
    size_t l4 = w.size();
    w.put(&f.tp_dst, 2);
    w.put(&f.tp_src, 2);
    w.put32(vtag);
    w.put32(0);                         /* CRC32c, below. */
    w.put8(SCTP_CHUNK_ABORT);
    w.put8(reflected ? 1 : 0);          /* The T bit. */
    w.put16(SCTP_CHUNK_LEN);
    ovs_be32 crc = crc32c(&w.bytes()[l4], len);
    memcpy(&w.bytes()[l4 + 8], &crc, 4);
    push_vlan(w.bytes(), in);
    return std::move(w.bytes());
}

bool
packet_set_icmp_frag_mtu(PacketBytes &pkt, uint32_t mtu)
{
    PinctrlPacket p(pkt.data(), pkt.size());
    if (p.is_ipv4() && p.flow.nw_proto == IPPROTO_ICMP
        && p.l4_size() >= ICMP_LEN) {
        size_t l3 = p.l3_ofs, l4 = p.l4_ofs;
        pkt[l4 + 6] = (mtu >> 8) & 0xff;
        pkt[l4 + 7] = mtu & 0xff;
        pkt[l4 + 2] = pkt[l4 + 3] = 0;
        uint16_t csum = packet_csum_finish(
            packet_csum_add(0, &pkt[l4], pkt.size() - l4));
        pkt[l4 + 2] = csum >> 8;
        pkt[l4 + 3] = csum & 0xff;
        size_t ihl = (pkt[l3] & 0x0f) * 4;
        pkt[l3 + 10] = pkt[l3 + 11] = 0;
        csum = packet_csum_finish(packet_csum_add(0, &pkt[l3], ihl));
        pkt[l3 + 10] = csum >> 8;
        pkt[l3 + 11] = csum & 0xff;
        return true;
    } else if (p.is_ipv6() && p.flow.nw_proto == IPPROTO_ICMPV6_
               && p.l4_size() >= ICMP_LEN) {
        size_t l4 = p.l4_ofs;
        for (int i = 0; i < 4; i++) {
            pkt[l4 + 4 + i] = (mtu >> (24 - 8 * i)) & 0xff;
        }
        set_l4_csum(pkt, p.l3_ofs, l4, l4 + 2, true, IPPROTO_ICMPV6_);
        return true;
    }
    return false;
}

}  // namespace ovn
