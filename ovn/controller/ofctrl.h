/* ofctrl: ovn-controller's OpenFlow connection to the integration bridge and
 * its persistent flow tables.
 *
 * The rest of ovn-controller adds and removes desired flows and groups,
 * each owned by the UUID of the Southbound row that produced it, through
 * its producer's DesiredFlowTable (ofctrl_flow_table()); once per
 * main-loop iteration
 * ofctrl_put() sends the switch just what changed, as one atomic OpenFlow
 * bundle.  ofctrl_run() and ofctrl_wait() drive the connection: after every
 * (re)connect it negotiates the Geneve option and dumps the switch's flows,
 * and the next put replaces whatever the switch holds by the desired tables
 * in a single bundle, sending only the flows that differ from the dump, so
 * a packet never meets an empty or half-filled table.
 *
 * Single-threaded, module-global state, as upstream: call ofctrl_init()
 * once, ofctrl_destroy() at exit. */
#ifndef OVN_CONTROLLER_OFCTRL_H
#define OVN_CONTROLLER_OFCTRL_H 1

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lib/match-value.h"
#include "lib/ofpacts-value.h"
#include "lib/uuid-value.h"
#include "openvswitch/meta-flow.h"
#include "ovn/controller/flow-table.h"
#include "ovn/controller/group-table.h"
#include "ovn/controller/ofctrl-tables.h"

struct simap;

namespace ovn {

/* OVN's Geneve option: class 0x0102 (OVN), type 0x80, 4 bytes. */
constexpr uint16_t OVN_GENEVE_CLASS = 0x0102;
constexpr uint8_t OVN_GENEVE_TYPE = 0x80;
constexpr uint8_t OVN_GENEVE_LEN = 4;

/* Counters for ofctrl/status, memory/show and tests. */
struct OfctrlStatus {
    const char *state;          /* "S_NEW", ..., "S_UPDATE_FLOWS". */
    bool connected;
    /* MFF_TUN_METADATA0 + index, or 0 (MFF_DP_HASH) if none. */
    mf_field_id geneve_field;
    uint64_t acked_seqno;
    uint64_t n_puts;            /* Bundles committed. */
    uint64_t n_full_puts;       /* ... of which replaced everything. */
    uint64_t n_empty_puts;      /* Puts whose changes cancelled out (no
                                 * bundle sent). */
    uint64_t n_msgs;            /* Flow and group mods sent in bundles. */
    uint64_t n_rejected;        /* Flows and groups the switch refused. */
    uint64_t n_errors;          /* OpenFlow errors received. */
    uint64_t n_reconnects;
    uint64_t n_adopted;         /* Flows taken as installed from the
                                 * switch's dumps at connect. */
    FlowTableStats flows;
    size_t n_groups;
    size_t n_meters;
};

/* Sets up the module.  Group IDs are allocated from 1 to 'max_group_id'. */
void ofctrl_init(uint32_t max_group_id = GroupTable::DEFAULT_MAX_ID);

/* Connects to, or keeps the connection to, 'bridge': a bridge name (whose
 * management socket is RUNDIR/BRIDGE.mgmt) or an OpenFlow target such as
 * "unix:/path/br-int.mgmt".  Processes what the switch sent.  Returns the
 * Geneve field in use (0 while not negotiated or if none is free). */
mf_field_id ofctrl_run(std::string_view bridge);
void ofctrl_wait();
void ofctrl_destroy();

/* Sets the inactivity probe interval of the connection to the switch, in
 * seconds: 0 (the default) disables it, a value below 5 counts as 5. */
void ofctrl_set_probe_interval(int secs);

/* The desired flows and groups of 'producer': its handle for
 * add_flow(), add_or_append_conj_flow(), remove_flows(),
 * flood_remove_flows(), add_group().  These never touch the switch;
 * ofctrl_put() does.  See FlowTable and GroupTable for the rules.  Valid
 * until ofctrl_destroy(). */
DesiredFlowTable &ofctrl_flow_table(FlowProducer);
/* Drops every desired flow and group, before a full recompute. */
void ofctrl_clear_flows();

/* True if a put now would reach the switch: connected, negotiated, no
 * backlog and no bundle awaiting its reply. */
bool ofctrl_can_put();
/* True if the desired tables may change now: connected and negotiated
 * (the Geneve field is known) with no backlog; a bundle may be awaiting
 * its reply, or the switch's flows still being dumped after a connect,
 * and the changes wait for the next put. */
bool ofctrl_can_compute();

/* Has the next put first make the switch forget the connections of each
 * of 'zones' (NXT_CT_FLUSH_ZONE), as 23.03 does for a zone it gives out:
 * a port must not inherit the connections of the zone's last user.
 * Sent again after a reconnect if the put did not complete. */
void ofctrl_flush_ct_zones(const std::vector<uint16_t> &zones);

/* What ofctrl_put() did. */
enum class OfctrlPut {
    DEFERRED,   /* Could not run now: the changes wait for the next put. */
    UNCHANGED,  /* Nothing had changed since the last put. */
    EMPTY,      /* The changes cancelled out: diffed, nothing sent. */
    SENT,       /* A bundle (or messages outside one) went to the switch. */
};

/* Sends the switch what changed since the last put, as one bundle; once
 * the switch has answered its COMMIT (a barrier, if the put had only
 * messages that go outside a bundle), ofctrl_get_acked_seqno() returns
 * 'seqno' (or more).  If a put cannot run now, the changes wait
 * for the next one: nothing is lost and nothing is sent twice. */
OfctrlPut ofctrl_put(uint64_t seqno);

/* The highest 'seqno' the switch has acknowledged. */
uint64_t ofctrl_get_acked_seqno();

OfctrlStatus ofctrl_get_status();

/* Adds ofctrl's memory use to 'usage', for memory/show. */
void ofctrl_get_memory_usage(struct simap *usage);
std::vector<std::string> ofctrl_dump_desired();
std::vector<std::string> ofctrl_dump_installed();
std::vector<std::string> ofctrl_dump_groups();
std::vector<std::string> ofctrl_dump_meters();
/* OVN 23.03's 'group-table-list' and 'meter-table-list': "NAME: ID". */
std::vector<std::string> ofctrl_list_groups();
std::vector<std::string> ofctrl_list_meters();

/* Registers the unixctl commands ofctrl/dump-desired, ofctrl/dump-installed,
 * ofctrl/dump-groups and ofctrl/dump-meters, which print the dumps
 * above. */
void ofctrl_register_dump_commands();

}  // namespace ovn

#endif  /* ovn/controller/ofctrl.h */
