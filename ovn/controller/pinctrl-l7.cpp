/* pinctrl's handlers of put_dhcp_opts, put_dhcpv6_opts, dns_lookup,
 * put_nd_ra_opts and log: the glue between the dispatch
 * (pinctrl-handler.h) and the pure reply builders, one file each
 * (pinctrl-dhcp, pinctrl-dhcpv6, pinctrl-dns, pinctrl-nd-ra,
 * pinctrl-log).
 *
 * The four paused actions answer into a destination bit that their
 * userdata names (OXM header and bit offset): pinctrl resumes the packet,
 * as 23.03 does, turned into the reply with the bit set, or unchanged
 * with it clear.  Malformed input is counted and logged, rate-limited,
 * by PinctrlContext::drop(), and resumed unanswered, so the pipeline
 * goes on as 23.03's does.
 *
 * This file owns the DNS snapshot that the main thread publishes for the
 * handlers (from a Southbound flush, when the DNS table changed). */
#include <config.h>

#include <arpa/inet.h>

#include <climits>
#include <cstring>
#include <memory>

#include "openvswitch/dynamic-string.h"
#include "openvswitch/meta-flow.h"
#include "openvswitch/ofp-errors.h"
#include "openvswitch/ofp-packet.h"
#include "openvswitch/ofpbuf.h"
#include "openvswitch/vlog.h"
#include "ovn/controller/pinctrl-dhcp.h"
#include "ovn/controller/pinctrl-dhcpv6.h"
#include "ovn/controller/pinctrl-dns.h"
#include "ovn/controller/pinctrl-handler.h"
#include "ovn/controller/pinctrl-log.h"
#include "ovn/controller/pinctrl-nd-ra.h"
#include "ovn/lib/sb-rows.h"

/* From OVS's lib/nx-match.h, which is not valid C++ (it includes
 * flow.h). */
extern "C" enum ofperr nx_pull_header(struct ofpbuf *,
                                      const struct vl_mff_map *,
                                      const struct mf_field **,
                                      bool *masked);

/* From OVS's lib/flow.h, which is not valid C++. */
extern "C" void flow_format(struct ds *, const struct flow *,
                            const struct ofputil_port_map *);

VLOG_DEFINE_THIS_MODULE(pinctrl_l7);

namespace ovn {

namespace {

/* Reads the destination bit at the start of 'pi''s payload into 'dst';
 * the rest of the payload (the action's options) into 'rest'. */
bool
pull_result_dst(const PinctrlPacketIn &pi, mf_subfield *dst,
                std::string_view *rest)
{
    ofpbuf b;
    ofpbuf_use_const(&b, pi.payload, pi.payload_len);
    const mf_field *field = nullptr;
    if (nx_pull_header(&b, nullptr, &field, nullptr) || !field
        || b.size < sizeof(ovs_be32)) {
        return false;
    }
    ovs_be32 ofs;
    memcpy(&ofs, ofpbuf_pull(&b, sizeof ofs), sizeof ofs);
    if (ntohl(ofs) >= field->n_bits || !field->writable) {
        return false;
    }
    dst->field = field;
    dst->ofs = ntohl(ofs);
    dst->n_bits = 1;
    *rest = std::string_view(static_cast<const char *>(b.data), b.size);
    return true;
}

/* The common end of the paused L7 actions: resumes 'pi' with the reply
 * and the bit set, or unchanged with it clear. */
void
answer(PinctrlContext &ctx, const PinctrlPacketIn &pi,
       const mf_subfield &dst, const L7Reply &r)
{
    /* A lease's lines (OFFER, ACK, ...) all get through, a flood's
     * not.  They come from module "pinctrl", as 23.03's. */
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(20, 20);
    for (const std::string &line : r.info) {
        vlog_rate_limit(VLM_pinctrl, VLL_INFO, &rl, "%s", line.c_str());
    }
    if (!r.warning.empty()) {
        vlog_rate_limit(VLM_pinctrl, VLL_WARN, &rl, "%s",
                        r.warning.c_str());
    }
    if (!r.result && r.bad_input) {
        ctx.drop(pi, PinctrlDrop::BAD_PACKET, r.reason);
    } else if (!r.result && r.reason[0]) {
        VLOG_DBG_RL(&rl, "no reply: %s", r.reason);
    }

    match md = *pi.md;
    mf_subvalue bit;
    memset(&bit, 0, sizeof bit);
    bit.u8_val = r.result;
    mf_write_subfield(&dst, &bit, &md);
    if (r.result) {
        const auto *p = reinterpret_cast<const uint8_t *>(r.packet.data());
        PacketBytes packet(p, p + r.packet.size());
        ctx.resume(pi, &packet, &md);
    } else {
        ctx.resume(pi, nullptr, &md);
    }
}

std::string_view
packet_of(const PinctrlPacketIn &pi)
{
    return std::string_view(reinterpret_cast<const char *>(pi.packet.data),
                            pi.packet.size);
}

/* A paused L7 action whose reply 'build' makes from the packet and the
 * options. */
template <typename Build>
void
handle_paused(PinctrlContext &ctx, const PinctrlPacketIn &pi, Build build)
{
    mf_subfield dst;
    std::string_view opts;
    if (!pull_result_dst(pi, &dst, &opts)) {
        ctx.drop(pi, PinctrlDrop::BAD_USERDATA,
                 "userdata without a writable destination bit");
        ctx.resume(pi);
        return;
    }
    answer(ctx, pi, dst, build(packet_of(pi), opts));
}

void
handle_log(PinctrlContext &ctx, const PinctrlPacketIn &pi)
{
    if (!acl_log_enabled()) {
        return;
    }
    ds flow_text;
    ds_init(&flow_text);
    flow_format(&flow_text, &pi.packet.flow, nullptr);
    std::string line;
    bool ok = acl_log_line(
        std::string_view(reinterpret_cast<const char *>(pi.payload),
                         pi.payload_len),
        acl_log_direction(pi.pin->table_id),
        std::string_view(flow_text.string ? flow_text.string : "",
                         flow_text.length), &line);
    ds_destroy(&flow_text);
    if (!ok) {
        ctx.drop(pi, PinctrlDrop::BAD_USERDATA,
                 "log userdata without verdict and severity");
        return;
    }
    acl_log_write(line);
}

/* The main thread's side: a new DnsSnapshot whenever the DNS table has
 * changed.  Only the main thread touches 'dns_seqno'. */
unsigned int dns_seqno = UINT_MAX;

void
publish_dns(const PinctrlSbContext &c)
{
    unsigned int seqno = sb::Dns::table_seqno(c.sb);
    if (seqno == dns_seqno) {
        return;
    }
    dns_seqno = seqno;
    auto snapshot = std::make_shared<DnsSnapshot>();
    for (sb::Dns dns : sb::Dns::Table(c.sb)) {
        std::vector<uint64_t> dps;
        for (sb::DatapathBinding dp : dns.datapaths()) {
            dps.push_back(dp.tunnel_key());
        }
        std::map<std::string, std::string> records;
        for (const auto &[name, value] : dns.records()) {
            records.emplace(name, value);
        }
        snapshot->add_row(dps, records);
    }
    pinctrl_publish<DnsSnapshot>(std::move(snapshot));
}

}  // namespace

void
pinctrl_register_l7(PinctrlDispatch &d)
{
    d.add(ACTION_OPCODE_PUT_DHCP_OPTS, "put_dhcp_opts",
          [](PinctrlContext &ctx, const PinctrlPacketIn &pi) {
              handle_paused(ctx, pi, dhcp_reply);
          });
    d.add(ACTION_OPCODE_PUT_DHCPV6_OPTS, "put_dhcpv6_opts",
          [](PinctrlContext &ctx, const PinctrlPacketIn &pi) {
              handle_paused(ctx, pi, dhcpv6_reply);
          });
    d.add(ACTION_OPCODE_PUT_ND_RA_OPTS, "put_nd_ra_opts",
          [](PinctrlContext &ctx, const PinctrlPacketIn &pi) {
              handle_paused(ctx, pi, nd_ra_reply);
          });
    d.add(ACTION_OPCODE_DNS_LOOKUP, "dns_lookup",
          [](PinctrlContext &ctx, const PinctrlPacketIn &pi) {
              auto dns = ctx.snapshot<DnsSnapshot>();
              handle_paused(ctx, pi, [&](std::string_view packet,
                                         std::string_view) {
                  static const std::vector<DnsRecords> none;
                  if (!dns) {
                      return dns_reply(packet, none);
                  }
                  auto it = dns->by_datapath.find(pi.dp_key());
                  return dns_reply(packet, it == dns->by_datapath.end()
                                           ? none : it->second);
              });
          });
    d.add(ACTION_OPCODE_LOG, "log", handle_log);
    d.add_sb_flush(publish_dns);
}

}  // namespace ovn
