/* C shim over lib/flow.h, lib/dp-packet.h and lib/packets.h, which are not
 * valid C++: parsing a packet's headers into a struct flow, and composing a
 * packet from a microflow, for pinctrl.  Exposes only what the C++ code
 * needs; owns nothing beyond each call. */
#ifndef LIB_SHIM_PACKET_SHIM_H
#define LIB_SHIM_PACKET_SHIM_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct flow;

/* Where the headers of a parsed packet start, as byte offsets into it;
 * SIZE_MAX for a layer that is not there. */
struct ovs_shim_packet_offsets {
    size_t l2_5;                /* MPLS, if any. */
    size_t l3;
    size_t l4;
};

/* Extracts the headers of the Ethernet frame 'data' ('len' bytes) into
 * 'flow' (as flow_extract() does, with no metadata) and their offsets into
 * 'ofs'.  Never reads outside 'data'. */
void ovs_shim_packet_parse(const void *data, size_t len, struct flow *flow,
                           struct ovs_shim_packet_offsets *ofs);

/* Parses 'microflow', a flow in ovs-ofctl's syntax that must specify every
 * field its protocols need (parse_ofp_exact_flow()), into 'flow'.  Returns
 * NULL on success, otherwise a malloc()ed error message. */
char *ovs_shim_parse_exact_flow(const char *microflow, struct flow *flow);

/* Composes into 'buf' (of 'size' bytes) a packet with the headers of
 * 'flow', padded to at least 64 bytes as flow_compose() pads, and returns
 * its length, which may exceed 'size' (then 'buf' holds only a prefix). */
size_t ovs_shim_flow_compose(const struct flow *flow, void *buf,
                             size_t size);

#ifdef __cplusplus
}
#endif

#endif  /* lib/shim/packet-shim.h */
