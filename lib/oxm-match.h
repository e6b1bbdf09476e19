/* The OpenFlow 1.5 match of a flow mod, written straight from a minimatch.
 *
 * Open vSwitch's encoder (ofputil_put_ofp11_match()) takes a full 'struct
 * match' and tests every field it knows, dozens of them, for each flow;
 * ovn-controller's flows use a few.  put_of15_match() gives the same bytes
 * for the fields ovn-controller matches on, testing only those, and hands
 * any other match to Open vSwitch's encoder.  Stateless; anyone may
 * include this. */
#ifndef LIB_OXM_MATCH_H
#define LIB_OXM_MATCH_H 1

struct minimatch;
struct ofpbuf;

namespace ovs {

/* Appends to 'b' the match 'm' as OpenFlow 1.5 puts it in a flow mod: a
 * 'struct ofp11_match_header' of type OFPMT_OXM, the OXM fields, zeros up
 * to a multiple of 8 bytes; byte for byte what ofputil_put_ofp11_match()
 * appends for OFPUTIL_P_OF15_OXM and minimatch_expand(m).  Returns false
 * if 'm' tests a field this encoder leaves to Open vSwitch's (MPLS, NSH,
 * tunnel metadata, packet types...), which then wrote it. */
bool put_of15_match(ofpbuf *b, const minimatch &m);

}  // namespace ovs

#endif  /* lib/oxm-match.h */
