/* The OpenFlow fields and tables through which OVN's logical pipeline runs
 * on br-int, as ovn-architecture(7) describes them for OVN 23.03.
 *
 * These numbers are a contract with everything else that programs or
 * reads br-int: ovn-northd's logical flows (translated into the pipeline
 * tables), ovn-trace, and another ovn-controller taking over the bridge
 * after 'exit --restart'.  They must not change. */
#ifndef OVN_LIB_LOGICAL_FIELDS_H
#define OVN_LIB_LOGICAL_FIELDS_H 1

#include <cstdint>

#include "openvswitch/meta-flow.h"

namespace ovn {

/* Logical fields, each in the register that carries it. */
constexpr mf_field_id MFF_LOG_DATAPATH = MFF_METADATA;  /* Datapath key. */
constexpr mf_field_id MFF_LOG_FLAGS = MFF_REG10;
constexpr mf_field_id MFF_LOG_DNAT_ZONE = MFF_REG11;    /* Per datapath. */
constexpr mf_field_id MFF_LOG_SNAT_ZONE = MFF_REG12;    /* Per datapath. */
constexpr mf_field_id MFF_LOG_CT_ZONE = MFF_REG13;      /* Per port. */
constexpr mf_field_id MFF_LOG_INPORT = MFF_REG14;       /* Port key. */
constexpr mf_field_id MFF_LOG_OUTPORT = MFF_REG15;      /* Port key. */

/* The registers the logical pipeline may use freely: cleared before the
 * egress pipeline starts, so nothing leaks from ingress. */
constexpr mf_field_id MFF_LOG_REG0 = MFF_REG0;
constexpr int MFF_N_LOG_REGS = 10;

/* Bits of MFF_LOG_FLAGS. */
constexpr uint32_t MLF_ALLOW_LOOPBACK = 1u << 0;  /* Output to the inport. */
constexpr uint32_t MLF_RCV_FROM_RAMP = 1u << 1;   /* From a VTEP gateway. */
constexpr uint32_t MLF_LOCAL_ONLY = 1u << 4;      /* Never to a tunnel. */

/* Bit numbers of MFF_LOG_FLAGS (the MLF_* masks above are 1 << these),
 * as the symbol table and the actions address them. */
constexpr int MLF_ALLOW_LOOPBACK_BIT = 0;
constexpr int MLF_RCV_FROM_RAMP_BIT = 1;
constexpr int MLF_FORCE_SNAT_FOR_DNAT_BIT = 2;
constexpr int MLF_FORCE_SNAT_FOR_LB_BIT = 3;
constexpr int MLF_LOCAL_ONLY_BIT = 4;
constexpr int MLF_NESTED_CONTAINER_BIT = 5;
constexpr int MLF_LOOKUP_MAC_BIT = 6;
constexpr int MLF_LOOKUP_LB_HAIRPIN_BIT = 7;
constexpr int MLF_LOOKUP_FDB_BIT = 8;
constexpr int MLF_SKIP_SNAT_FOR_LB_BIT = 9;
constexpr int MLF_LOCALPORT_BIT = 10;
constexpr int MLF_USE_SNAT_ZONE_BIT = 11;
constexpr int MLF_CHECK_PORT_SEC_BIT = 12;
constexpr int MLF_LOOKUP_COMMIT_ECMP_NH_BIT = 13;
constexpr int MLF_USE_LB_AFF_SESSION_BIT = 14;

/* Bits of ct_mark and ct_label that OVN's logical flows use by name
 * (ct_mark.blocked and so on in the symbol table). */
constexpr int OVN_CT_BLOCKED_BIT = 0;
constexpr int OVN_CT_NATTED_BIT = 1;
constexpr int OVN_CT_LB_SKIP_SNAT_BIT = 2;
constexpr int OVN_CT_LB_FORCE_SNAT_BIT = 3;
constexpr int OVN_CT_MARK_ECMP_REPLY_PORT_OFS = 16;     /* 16 bits. */
constexpr int OVN_CT_LABEL_ECMP_REPLY_ETH_OFS = 32;     /* 48 bits. */
constexpr int OVN_CT_LABEL_ECMP_REPLY_PORT_OFS = 80;    /* 16 bits. */
constexpr int OVN_CT_LABEL_LABEL_OFS = 96;              /* 32 bits. */

/* Logical port keys at or above this are multicast groups. */
constexpr int64_t OVN_MIN_MULTICAST = 32768;

/* Bits of the tunnel metadata: the datapath key goes in the low 24 bits
 * of the tunnel ID; the Geneve option carries the logical output port in
 * its bits 0..15 and the logical input port in bits 16..30. */
constexpr int TUN_DATAPATH_BITS = 24;
constexpr int TUN_OUTPORT_OFS = 0;
constexpr int TUN_OUTPORT_BITS = 16;
constexpr int TUN_INPORT_OFS = 16;
constexpr int TUN_INPORT_BITS = 15;

/* OpenFlow tables (ovn-architecture(7), "Architectural Physical Life
 * Cycle of a Packet"). */
constexpr uint8_t OFTABLE_PHY_TO_LOG = 0;
constexpr uint8_t OFTABLE_LOG_INGRESS_PIPELINE = 8;
constexpr uint8_t OFTABLE_OUTPUT_LARGE_PKT_DETECT = 37;
constexpr uint8_t OFTABLE_OUTPUT_LARGE_PKT_PROCESS = 38;
constexpr uint8_t OFTABLE_REMOTE_OUTPUT = 39;
constexpr uint8_t OFTABLE_LOCAL_OUTPUT = 40;
constexpr uint8_t OFTABLE_CHECK_LOOPBACK = 41;
constexpr uint8_t OFTABLE_LOG_EGRESS_PIPELINE = 42;
constexpr uint8_t OFTABLE_SAVE_INPORT = 64;
constexpr uint8_t OFTABLE_LOG_TO_PHY = 65;

}  // namespace ovn

#endif  /* ovn/lib/logical-fields.h */
