#include <config.h>

#include "lib/shim/packet-shim.h"

#include <string.h>

#include "dp-packet.h"
#include "flow.h"
#include "openvswitch/ofp-errors.h"
#include "openvswitch/ofp-flow.h"
#include "packets.h"
#include "util.h"

static size_t
layer_offset(uint16_t ofs)
{
    return ofs == UINT16_MAX ? SIZE_MAX : ofs;
}

void
ovs_shim_packet_parse(const void *data, size_t len, struct flow *flow,
                      struct ovs_shim_packet_offsets *ofs)
{
    struct dp_packet packet;

    /* flow_extract() writes the layer offsets into the dp_packet but never
     * the data, which dp_packet_use_const() leaves read-only. */
    dp_packet_use_const(&packet, data, len);
    memset(flow, 0, sizeof *flow);
    flow_extract(&packet, flow);
    ofs->l2_5 = layer_offset(packet.l2_5_ofs);
    ofs->l3 = layer_offset(packet.l3_ofs);
    ofs->l4 = layer_offset(packet.l4_ofs);
    dp_packet_uninit(&packet);
}

char *
ovs_shim_parse_exact_flow(const char *microflow, struct flow *flow)
{
    return parse_ofp_exact_flow(flow, NULL, NULL, microflow, NULL);
}

size_t
ovs_shim_flow_compose(const struct flow *flow, void *buf, size_t size)
{
    struct dp_packet packet;

    dp_packet_init(&packet, 0);
    flow_compose(&packet, flow, NULL, 64);
    size_t len = dp_packet_size(&packet);
    memcpy(buf, dp_packet_data(&packet), MIN(len, size));
    dp_packet_uninit(&packet);
    return len;
}
