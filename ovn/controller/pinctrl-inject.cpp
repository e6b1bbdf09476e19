#include <config.h>

#include "ovn/controller/pinctrl-inject.h"

#include <cstring>

#include "lib/shim/packet-shim.h"
#include "openvswitch/ofp-actions.h"
#include "openvswitch/ofp-errors.h"
#include "openvswitch/ofp-packet.h"
#include "openvswitch/ofpbuf.h"
#include "ovn/lib/expr.h"
#include "ovn/lib/logical-fields.h"

namespace ovn {

namespace {

/* Main thread only, as the unixctl commands that use it. */
PinctrlLookupOfport lookup_ofport;

}  // namespace

void
pinctrl_set_lookup_ofport(PinctrlLookupOfport lookup)
{
    lookup_ofport = std::move(lookup);
}

std::string
pinctrl_compose_inject(std::string_view microflow, PacketBytes *packet,
                       uint32_t *ofport)
{
    std::string error;
    ExprParseContext pctx;
    ExprPtr e = expr_parse_string(microflow, pctx, &error);
    if (e) {
        e = expr_annotate(std::move(e), Symtab::ovn(), &error);
    }
    if (!e) {
        return error;
    }
    e = expr_normalize(expr_simplify(std::move(e), {}));

    /* The logical ingress port becomes the OpenFlow port, carried in the
     * register that 'inport' maps to. */
    bool unknown_port = false;
    ExprLookupPortCb lookup = [&](std::string_view name, uint32_t *key) {
        if (lookup_ofport && lookup_ofport(name, key)) {
            return true;
        }
        unknown_port = true;
        return false;
    };
    uint32_t n_conjs = 0;
    std::vector<ExprMatch> matches = expr_to_matches(*e, lookup, &n_conjs);
    if (unknown_port) {
        return "ingress port not found";
    }
    if (matches.size() != 1 || n_conjs) {
        return "microflow must describe exactly one packet";
    }

    struct flow uflow = matches[0].match.get()->flow;
    *ofport = uflow.regs[MFF_LOG_INPORT - MFF_REG0];
    uflow.regs[MFF_LOG_INPORT - MFF_REG0] = 0;
    if (!*ofport) {
        return "ingress port not found";
    }

    uint8_t buf[2048];
    size_t len = ovs_shim_flow_compose(&uflow, buf, sizeof buf);
    if (len > sizeof buf) {
        return "packet too long";
    }
    packet->assign(buf, buf + len);
    return "";
}

ofpbuf *
pinctrl_encode_inject(const PacketBytes &packet, uint32_t ofport,
                      ofp_version version)
{
    uint64_t stub[1024 / 8];
    ofpbuf ofpacts;
    ofpbuf_use_stub(&ofpacts, stub, sizeof stub);
    ofpact_resubmit *resubmit = ofpact_put_RESUBMIT(&ofpacts);
    resubmit->in_port = OFPP_IN_PORT;
    resubmit->table_id = 0;

    ofputil_packet_out po;
    memset(&po, 0, sizeof po);
    po.packet = packet.data();
    po.packet_len = packet.size();
    po.buffer_id = UINT32_MAX;
    po.ofpacts = static_cast<ofpact *>(ofpacts.data);
    po.ofpacts_len = ofpacts.size;
    match_init_catchall(&po.flow_metadata);
    match_set_in_port(&po.flow_metadata, ofp_port_t(ofport));
    ofpbuf *msg = ofputil_encode_packet_out(
        &po, ofputil_protocol_from_ofp_version(version));
    ofpbuf_uninit(&ofpacts);
    return msg;
}

}  // namespace ovn
