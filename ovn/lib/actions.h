/* The action language of OVN's logical flows (the Logical_Flow "actions"
 * column of ovn-sb(5)), as ovn-controller 23.03 compiles it: parsing into
 * a list of Action values, the canonical text of each, the prerequisites
 * the flow's match must gain, and the encoding into OpenFlow actions.
 *
 * This module owns the Action values it returns and nothing else.  It is
 * schema-free: the Southbound reaches it only through ActionParseParams
 * (symbol table, pipeline, tables, DHCP option codes) and through the
 * lookups of ActionEncodeParams (port keys, group and meter ids), so the
 * caller's group and meter tables own every group and meter.  Errors are
 * values (ActionsParseResult::error), never exceptions: one bad flow among
 * 100k costs one string.  Anyone may include this. */
#ifndef OVN_LIB_ACTIONS_H
#define OVN_LIB_ACTIONS_H 1

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "lib/ofpacts-value.h"
#include "openvswitch/meta-flow.h"
#include "ovn/lib/lex.h"
#include "ovn/lib/logical-fields.h"
#include "ovn/lib/ovn-l7.h"
#include "ovn/lib/symtab.h"

namespace ovn {

/* The opcodes of the controller actions: the first 4 bytes (big-endian)
 * of the controller action's userdata, which pinctrl dispatches on.  They
 * are a contract with pinctrl, ours and 23.03's, and must not change. */
enum ActionOpcode : uint32_t {
    ACTION_OPCODE_ARP = 0,
    ACTION_OPCODE_PUT_ARP = 1,
    ACTION_OPCODE_PUT_DHCP_OPTS = 2,
    ACTION_OPCODE_ND_NA = 3,
    ACTION_OPCODE_PUT_ND = 4,
    ACTION_OPCODE_PUT_DHCPV6_OPTS = 5,
    ACTION_OPCODE_DNS_LOOKUP = 6,
    ACTION_OPCODE_LOG = 7,
    ACTION_OPCODE_PUT_ND_RA_OPTS = 8,
    ACTION_OPCODE_ND_NS = 9,
    ACTION_OPCODE_ICMP = 10,
    ACTION_OPCODE_TCP_RESET = 11,
    ACTION_OPCODE_ND_NA_ROUTER = 12,
    ACTION_OPCODE_PUT_ICMP4_FRAG_MTU = 13,
    ACTION_OPCODE_ICMP4_ERROR = 14,
    ACTION_OPCODE_EVENT = 15,
    ACTION_OPCODE_IGMP = 16,
    ACTION_OPCODE_BIND_VPORT = 17,
    ACTION_OPCODE_HANDLE_SVC_CHECK = 18,
    ACTION_OPCODE_DHCP6_SERVER = 19,
    ACTION_OPCODE_ICMP6_ERROR = 20,
    ACTION_OPCODE_PUT_ICMP6_FRAG_MTU = 21,
    ACTION_OPCODE_REJECT = 22,
    ACTION_OPCODE_BFD_MSG = 23,
    ACTION_OPCODE_SCTP_ABORT = 24,
    ACTION_OPCODE_PUT_FDB = 25,
    /* Not an action of the logical flows: physical.cpp's flows that hold
     * a migrating port until its RARP (pinctrl-activation.cpp). */
    ACTION_OPCODE_ACTIVATION_STRATEGY_RARP = 26,
};

/* The tables that actions resubmit to outside the logical pipelines
 * (ovn-architecture(7)), filled by lflow's other flows. */
constexpr uint8_t OFTABLE_MAC_BINDING = 66;
constexpr uint8_t OFTABLE_MAC_LOOKUP = 67;
constexpr uint8_t OFTABLE_CHK_LB_HAIRPIN = 68;
constexpr uint8_t OFTABLE_CHK_LB_HAIRPIN_REPLY = 69;
constexpr uint8_t OFTABLE_CT_SNAT_HAIRPIN = 70;
constexpr uint8_t OFTABLE_GET_FDB = 71;
constexpr uint8_t OFTABLE_LOOKUP_FDB = 72;
constexpr uint8_t OFTABLE_CHK_IN_PORT_SEC = 73;
constexpr uint8_t OFTABLE_CHK_IN_PORT_SEC_ND = 74;
constexpr uint8_t OFTABLE_CHK_OUT_PORT_SEC = 75;
/* Filled by the learn actions of commit_ecmp_nh and commit_lb_aff. */
constexpr uint8_t OFTABLE_ECMP_NH_MAC = 76;
constexpr uint8_t OFTABLE_ECMP_NH = 77;
constexpr uint8_t OFTABLE_CHK_LB_AFFINITY = 78;

/* The number of tables in each logical pipeline (23.03's
 * LOG_PIPELINE_LEN): 'next' may not go past the last. */
constexpr int LOG_PIPELINE_LEN = 29;

enum class ActionType : uint8_t {
    NEXT, OUTPUT, LOAD, MOVE, EXCHANGE, PUSH, POP, DEC_TTL, DROP,
    CT_NEXT, CT_COMMIT, CT_DNAT, CT_SNAT, CT_DNAT_IN_CZONE, CT_SNAT_IN_CZONE,
    CT_LB, CT_LB_MARK, CT_CLEAR, CT_COMMIT_NAT, CLONE, SET_QUEUE,
    CHECK_PKT_LARGER, GET_ARP, GET_ND, PUT_ARP, PUT_ND, LOOKUP_ARP,
    LOOKUP_ND, LOOKUP_ARP_IP, LOOKUP_ND_IP, GET_FDB, PUT_FDB, LOOKUP_FDB,
    CHECK_IN_PORT_SEC, CHECK_OUT_PORT_SEC, CHK_LB_HAIRPIN,
    CHK_LB_HAIRPIN_REPLY, CT_SNAT_TO_VIP, LOG,
    /* Controller actions with nested actions: X { ... }; */
    ARP, ND_NA, ND_NA_ROUTER, ND_NS, ICMP4, ICMP6, ICMP4_ERROR, ICMP6_ERROR,
    TCP_RESET, SCTP_ABORT, REJECT,
    /* Controller actions without arguments. */
    IGMP, HANDLE_DHCPV6_REPLY, HANDLE_BFD_MSG,
    /* icmp4.frag_mtu = N; icmp6.frag_mtu = N; */
    OVNFIELD_LOAD,
    /* Controller actions that pause for pinctrl's answer in 'dst'. */
    DNS_LOOKUP, PUT_DHCP_OPTS, PUT_DHCPV6_OPTS, PUT_ND_RA_OPTS,
    /* Controller actions with a port argument. */
    HANDLE_SVC_CHECK, BIND_VPORT,
    /* Groups and meters. */
    SELECT, FWD_GROUP, SET_METER,
    /* trigger_event(event = "empty_lb_backends", ...); */
    TRIGGER_EVENT,
    /* Learned ECMP next hops and load balancer affinity (tables 76-78),
     * and their lookups, which answer in 'dst'. */
    COMMIT_ECMP_NH, CHK_ECMP_NH_MAC, CHK_ECMP_NH, COMMIT_LB_AFF, CHK_LB_AFF,
    /* sample(probability=N, ...): parsed, and encoded as 23.03 does. */
    SAMPLE,
};

/* A field or a subfield of one, as an action names it: 'symbol' bits
 * [ofs, ofs + n_bits).  For a string field n_bits is 32. */
struct ActionField {
    const ExprSymbol *symbol = nullptr;
    int ofs = 0;
    int n_bits = 0;
    bool subfield = false;      /* Written as symbol[...]. */

    /* The OpenFlow subfield that holds it (root field of subfields). */
    mf_subfield resolve() const noexcept;
    std::string to_string() const;
};

/* A ct_lb backend: an IPv4 or IPv6 address and an optional port. */
struct CtLbBackend {
    int family = 0;                     /* AF_INET or AF_INET6. */
    mf_subvalue ip;                     /* Right-justified. */
    uint16_t port = 0;                  /* 0 if none. */
};

/* One option of put_dhcp_opts, put_dhcpv6_opts or put_nd_ra_opts: a
 * constant, or a set of them in {}. */
struct DhcpOptValue {
    const DhcpOption *option = nullptr;
    std::vector<LexToken> values;
    bool set = false;
};

struct Action {
    ActionType type;

    /* LOAD, MOVE, EXCHANGE, PUSH, POP, OVNFIELD_LOAD and the actions that
     * store a result ('dst = check_pkt_larger(...)'). */
    ActionField dst;
    ActionField src;                    /* MOVE, EXCHANGE. */

    /* LOAD's constant: an integer (imm, format) or a string (str). */
    mf_subvalue imm{};
    LexFormat imm_format = LexFormat::DECIMAL;
    std::string str;                    /* Also: log's name, hash_fields. */

    /* NEXT: the logical table and whether it is in the ingress pipeline.
     * CT_NEXT, CT_*NAT, CT_LB*: 'ltable' is the table to resume in. */
    int ltable = 0;
    bool ingress = true;
    bool explicit_table = false;        /* next(N) or next(pipeline=...). */

    /* Numbers: SET_QUEUE's queue, CHECK_PKT_LARGER's length, SET_METER's
     * rate (and burst, 0 if none). */
    uint32_t number = 0;
    uint32_t burst = 0;

    /* SELECT: the values and their weights.  FWD_GROUP: 'strings' are the
     * child ports, 'liveness' whether to watch them. */
    std::vector<std::pair<uint32_t, uint16_t>> select_values;
    std::vector<std::string> strings;
    bool liveness = false;

    /* TRIGGER_EVENT: the event's options (code, value), as written. */
    std::vector<std::pair<uint16_t, std::string>> event_opts;

    /* CT_DNAT, CT_SNAT and their _IN_CZONE forms. */
    int nat_family = 0;                 /* 0 (no address) or AF_INET[6]. */
    mf_subvalue nat_ip{};
    bool nat_ports = false;
    uint16_t port_lo = 0, port_hi = 0;

    /* CT_LB, CT_LB_MARK. */
    std::vector<CtLbBackend> backends;
    bool skip_snat = false, force_snat = false;

    /* CT_COMMIT in its old form, ct_commit(ct_mark=V[/M], ct_label=V[/M]):
     * the values and masks (a zero mask for a field not given). */
    bool ct_commit_v1 = false;
    mf_subvalue ct_mark{}, ct_mark_mask{}, ct_label{}, ct_label_mask{};

    /* COMMIT_ECMP_NH: the family (ipv6 = true or false) and the L4
     * protocol (IPPROTO_TCP, _UDP or _SCTP).  COMMIT_LB_AFF: 'lb_vip' and
     * 'lb_backend' (port 0 if none), 'l4_proto' (0 if none) and the
     * affinity timeout in 'number'. */
    bool ipv6 = false;
    uint8_t l4_proto = 0;
    CtLbBackend lb_vip, lb_backend;

    /* SAMPLE. */
    uint32_t collector_set = 0;
    uint8_t obs_domain = 0;
    uint32_t obs_point = 0;

    /* LOG. */
    uint8_t verdict = 0;                /* allow 0, drop 1, reject 2. */
    uint8_t severity = 6;               /* syslog levels, info 6. */
    std::string meter;

    /* Arguments of get_arp(), put_arp(), lookup_fdb()... */
    std::vector<ActionField> args;

    /* Nested actions: ct_commit { }, clone { }, arp { }... */
    std::vector<Action> nested;

    /* PUT_DHCP_OPTS, PUT_DHCPV6_OPTS, PUT_ND_RA_OPTS, in the order
     * written. */
    std::vector<DhcpOptValue> dhcp_opts;
};

/* What the parser needs to know about the flow and its pipeline. */
struct ActionParseParams {
    const Symtab *symtab = &Symtab::ovn();
    bool ingress = true;                /* The flow's pipeline. */
    int cur_ltable = 0;                 /* The flow's logical table. */
    int n_tables = LOG_PIPELINE_LEN;
    /* The Southbound's DHCP_Options, for put_dhcp_opts, and its
     * DHCPv6_Options, for put_dhcpv6_opts (none if null). */
    const DhcpOptions *dhcp_opts = nullptr;
    const DhcpOptions *dhcpv6_opts = nullptr;
};

struct ActionsParseResult {
    std::vector<Action> actions;
    /* Expressions (match syntax) that the flow's match must be ANDed
     * with, e.g. "ip" for ct_next, in the order the actions need them. */
    std::vector<std::string> prereqs;
    std::string error;                  /* "" on success. */

    bool ok() const noexcept { return error.empty(); }
};

/* Parses 'input', after template expansion.  On error, 'actions' and
 * 'prereqs' are empty and 'error' says why. */
ActionsParseResult actions_parse(std::string_view input,
                                 const ActionParseParams &);

/* The canonical text of 'actions' (reparses to the same actions); "drop;"
 * for none. */
std::string actions_format(const std::vector<Action> &actions);
/* 'prereqs' as one expression, "" for none. */
std::string actions_prereqs_format(const std::vector<std::string> &prereqs);

/* What the encoder needs to know about the flow, and the lookups through
 * which the caller's tables give port keys, groups and meters. */
struct ActionEncodeParams {
    bool is_switch = true;              /* Else a router. */
    uint8_t ingress_ptable = OFTABLE_LOG_INGRESS_PIPELINE;
    uint8_t egress_ptable = OFTABLE_LOG_EGRESS_PIPELINE;
    /* Where 'output' goes: OFTABLE_OUTPUT_LARGE_PKT_DETECT (37) in the
     * ingress pipeline, OFTABLE_SAVE_INPORT (64) in the egress one. */
    uint8_t output_ptable = OFTABLE_OUTPUT_LARGE_PKT_DETECT;
    /* The zone of ct_dnat_in_czone and ct_snat_in_czone. */
    mf_field_id common_nat_ct_zone = MFF_LOG_DNAT_ZONE;
    /* The lflow's controller meter for controller actions, or
     * NX_CTLR_NO_METER (also when the switch has no meters). */
    uint32_t ctrl_meter_id = NX_CTLR_NO_METER;

    /* What the switch supports (23.03 probes them): ct_commit gains
     * nat(src) with ct_zero_snat, select's dp_hash hashes symmetric L4
     * fields with dp_hash_l4_sym. */
    bool ct_zero_snat = false;
    bool dp_hash_l4_sym = false;

    /* The lflow's UUID, in text: set_meter's meters are the lflow's own. */
    std::string lflow_uuid;

    /* A port or multicast group name on the flow's datapath to its tunnel
     * key; false if there is none (the load then loads 0). */
    std::function<bool(std::string_view name, uint32_t *key)> lookup_port;
    /* The id of the group described by 'spec' (ovs-ofctl add-group
     * syntax without group_id), allocated for this flow; 0 if none is
     * left, which makes the action drop. */
    std::function<uint32_t(const std::string &spec)> group_id;
    /* The id of the meter named 'name', allocated for this flow.  Meters
     * that set_meter asks for are named "__string: uuid <lflow uuid>
     * <spec>", <spec> in ovs-ofctl add-meter syntax without meter=. */
    std::function<uint32_t(const std::string &name)> meter_id;
    /* The OpenFlow port of the tunnel to the chassis that hosts port
     * 'name', for fwd_group's liveness (which watches it); false if there
     * is none (the port is here, or nowhere). */
    std::function<bool(std::string_view name, uint32_t *ofport)>
        lookup_tunnel_ofport;
};

/* Appends the OpenFlow actions for 'actions' to 'ofpacts'. */
void actions_encode(const std::vector<Action> &actions,
                    const ActionEncodeParams &, struct ofpbuf *ofpacts);
/* The same as a value. */
ovs::Ofpacts actions_encode(const std::vector<Action> &actions,
                            const ActionEncodeParams &);

}  // namespace ovn

#endif  /* ovn/lib/actions.h */
