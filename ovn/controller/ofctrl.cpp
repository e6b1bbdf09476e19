#include <config.h>

#include "ovn/controller/ofctrl.h"

#include <sys/stat.h>

#include <algorithm>
#include <memory>
#include <set>

#include "dirs.h"
#include "lib/batching-vconn.h"
#include "lib/c-ptr.h"
#include "lib/dynamic-string.h"
#include "lib/list-view.h"
#include "lib/ofp-encode.h"
#include "lib/ovs-internal.h"
#include "lib/unixctl-server.h"
#include "openvswitch/ofp-actions.h"
#include "openvswitch/ofp-bundle.h"
#include "openvswitch/ofp-errors.h"
#include "openvswitch/ofp-flow.h"
#include "openvswitch/ofp-match.h"
#include "openvswitch/ofp-msgs.h"
#include "openvswitch/ofp-print.h"
#include "openvswitch/poll-loop.h"
#include "openvswitch/rconn.h"
#include "openvswitch/vlog.h"
#include "ovn/controller/ofctrl-tables.h"
#include "simap.h"
#include "timeval.h"

VLOG_DEFINE_THIS_MODULE(ofctrl);

COVERAGE_DEFINE(ofctrl_ct_flush);
COVERAGE_DEFINE(ofctrl_put);
COVERAGE_DEFINE(ofctrl_full_put);
COVERAGE_DEFINE(ofctrl_rejected);
COVERAGE_DEFINE(ofctrl_bundle_failed);
COVERAGE_DEFINE(ofctrl_openflow_error);
COVERAGE_DEFINE(ofctrl_empty_put);
COVERAGE_DEFINE(ofctrl_dump_foreign);

namespace ovn {

namespace {

/* How often to look for the switch's socket while disconnected.  The
 * backoff below waits whole seconds, doubling; a restarted ovs-vswitchd
 * should find us back within a tenth of a second. */
constexpr long long int SOCKET_POLL_MSEC = 100;

/* The wait before reconnecting after a failed attempt or a lost
 * connection: from the minimum, doubling after each attempt that did not
 * last, up to the maximum (rconn's, for the 8 s ofctrl always used). */
constexpr long long int MIN_BACKOFF_MSEC = 1000;
constexpr long long int MAX_BACKOFF_MSEC = 8000;

constexpr uint32_t OFP_VERSIONS = 1u << OFP15_VERSION;

/* How many bundled messages a put queues between two rconn_run() calls. */
constexpr size_t SEND_BATCH = 256;

/* Every put is one bundle, applied all at once and in order. */
constexpr uint16_t BUNDLE_FLAGS = OFPBF_ATOMIC | OFPBF_ORDERED;

/* The connection's state machine, in upstream's order:
 *
 *   S_NEW: just connected; ask for the switch's Geneve TLV table.
 *   S_TLV_TABLE_REQUESTED: waiting for it.
 *   S_TLV_TABLE_MOD_SENT: we asked to map our option; waiting for the
 *       barrier after it (or an error, if another controller raced us).
 *   S_CLEAR_FLOWS: forget what we knew the switch held; ask for its flows.
 *   S_DUMP_FLOWS: take the flows it dumps as installed (the engine may
 *       compute meanwhile; puts wait); the next put sends the difference.
 *   S_UPDATE_FLOWS: normal operation: puts send differences. */
enum OfctrlState {
    S_NEW,
    S_TLV_TABLE_REQUESTED,
    S_TLV_TABLE_MOD_SENT,
    S_CLEAR_FLOWS,
    S_DUMP_FLOWS,
    S_UPDATE_FLOWS,
};

const char *
state_name(OfctrlState state)
{
    switch (state) {
    case S_NEW: return "S_NEW";
    case S_TLV_TABLE_REQUESTED: return "S_TLV_TABLE_REQUESTED";
    case S_TLV_TABLE_MOD_SENT: return "S_TLV_TABLE_MOD_SENT";
    case S_CLEAR_FLOWS: return "S_CLEAR_FLOWS";
    case S_DUMP_FLOWS: return "S_DUMP_FLOWS";
    case S_UPDATE_FLOWS: return "S_UPDATE_FLOWS";
    }
    return "<invalid>";
}

/* One put on its way: from its first message until the switch answers
 * the bundle's COMMIT (or, for a put with nothing bundled, the barrier
 * after the messages sent outside a bundle). */
struct PutInFlight {
    uint32_t first_xid = 0;     /* xid of the first bundled message. */
    std::vector<MessageOrigin> origins;   /* By xid - first_xid. */
    ovs_be32 last_xid = 0;      /* Its COMMIT's if 'opened', else its
                                 * barrier's: the answer that ends it. */
    uint64_t seqno = 0;         /* Acknowledged by the last answer. */
    size_t n_queued = 0;        /* Bundled messages queued so far. */
    bool opened = false;        /* The bundle's first message queued? */
    size_t n_outside = 0;       /* Meter mods, sent outside the bundle. */
    std::set<uint16_t> ct_flushed;  /* Zones it flushes. */
    bool full = false;          /* Replaces everything the switch had... */
    bool keep_flows = false;    /* ... but the flows it holds are known. */
    bool failed = false;        /* Some part was refused. */
};

class Ofctrl : private OfctrlSink {
public:
    explicit Ofctrl(uint32_t max_group_id)
        : tables_(max_group_id),
          swconn_(new_rconn()),
          tx_counter_(rconn_packet_counter_create()) {}

    OfctrlTables &tables() noexcept { return tables_; }
    void set_probe_interval(int secs)
    {
        probe_interval_ = secs;
        rconn_set_probe_interval(swconn_.get(), secs);
    }

    mf_field_id run(std::string_view bridge);
    void wait();
    bool can_put() const;
    bool can_compute() const;
    OfctrlPut put(uint64_t seqno);
    void flush_ct_zones(const std::vector<uint16_t> &zones)
    {
        ct_flush_.insert(zones.begin(), zones.end());
    }
    OfctrlStatus status() const;
    uint64_t acked_seqno() const noexcept { return acked_seqno_; }

    /* The negotiated field, once negotiation is over. */
    mf_field_id current_geneve_field() const noexcept
    {
        return (state_ == S_UPDATE_FLOWS || state_ == S_DUMP_FLOWS
                ? geneve_field_ : mf_field_id(0));
    }

private:
    ovs_be32 queue_msg(ovs::OfpbufPtr msg);
    void send(ovs::OfpbufPtr msg, const MessageOrigin &origin) override;
    bool send_flow_mod(const ovs::FlowModArgs &,
                       const MessageOrigin &) override;
    void record_origin(const ofpbuf &msg, const MessageOrigin &);
    void queue_bundled(ovs::OfpbufPtr bundle_add);
    void open_bundle();

    void set_target(std::string_view bridge);
    ovs::RconnPtr new_rconn() const;
    void connect_now();
    void schedule_reconnect(int error = 0);
    void maintain_connection();
    void reconnect_if_socket_is_back();
    void run_state_machine();
    void recv(const ofp_header *oh, ofptype type);

    void run_S_NEW();
    void recv_S_TLV_TABLE_REQUESTED(const ofp_header *, ofptype);
    void recv_S_TLV_TABLE_MOD_SENT(const ofp_header *, ofptype);
    void run_S_CLEAR_FLOWS();
    void recv_S_DUMP_FLOWS(const ofp_header *, ofptype);
    bool adopt_flows(const ofp_header *);
    void finish_dump(bool adopted);
    void recv_S_UPDATE_FLOWS(const ofp_header *, ofptype);
    void recv_other(const ofp_header *, ofptype);

    void process_tlv_table_reply(const ofp_header *);
    void continue_without_geneve(const ofp_header *, const char *why);
    void handle_put_error(const ofp_header *, ofperr);
    void finish_put();
    void log_openflow(vlog_level, const ofp_header *, const char *title);

    OfctrlTables tables_;
    int probe_interval_ = 0;    /* Before 'swconn_': new_rconn() reads it. */
    /* The connection to the switch: an unreliable rconn (it does not
     * reconnect by itself) over a batching vconn, a fresh one for each
     * attempt, since an unreliable rconn keeps its queue across a
     * disconnect and the next connection must not send what was queued
     * for the last one.  Its packet counter outlives them all. */
    ovs::RconnPtr swconn_;
    ovs::RconnPacketCounterPtr tx_counter_;
    std::string bridge_;                /* set_target()'s last. */
    std::string target_;
    /* The connection seqno of 'swconn_' last seen connected (0 for a new
     * rconn). */
    unsigned int conn_seqno_ = 0;

    /* Reconnection, while 'swconn_' is neither connecting nor connected:
     * the next attempt is at 'next_attempt_', once scheduled. */
    bool reconnect_scheduled_ = false;
    long long int next_attempt_ = LLONG_MIN;
    long long int attempt_started_ = LLONG_MIN;
    long long int backoff_ = 0;
    OfctrlState state_ = S_NEW;

    /* S_TLV_TABLE_REQUESTED and S_TLV_TABLE_MOD_SENT. */
    ovs_be32 xid_ = 0;
    ovs_be32 xid2_ = 0;
    uint16_t tlv_index_ = 0;
    mf_field_id geneve_field_ = mf_field_id(0);
    bool warned_no_geneve_space_ = false;

    /* The next put must replace everything the switch holds... */
    bool full_put_ = false;
    /* ... except its flows, if a dump told which it holds. */
    bool keep_flows_ = false;
    /* S_DUMP_FLOWS: a flow of the dump could not be taken as installed. */
    bool dump_failed_ = false;
    size_t n_dumped_ = 0;
    size_t n_dump_adopted_ = 0;
    /* Conntrack zones that the next put flushes. */
    std::set<uint16_t> ct_flush_;
    std::unique_ptr<PutInFlight> in_flight_;
    uint32_t next_bundle_id_ = 1;
    uint64_t acked_seqno_ = 0;
    /* Requested by a put whose bundle failed: acknowledged only once a
     * later put has succeeded. */
    uint64_t unacked_seqno_ = 0;

    /* Identity of the socket file at the last connection attempt. */
    ino_t socket_ino_ = 0;
    time_t socket_ctime_ = 0;
    long long int next_socket_poll_ = LLONG_MIN;

    uint64_t n_puts_ = 0;
    uint64_t n_full_puts_ = 0;
    uint64_t n_empty_puts_ = 0;
    uint64_t n_msgs_ = 0;
    uint64_t n_rejected_ = 0;
    uint64_t n_errors_ = 0;
    uint64_t n_reconnects_ = 0;
    uint64_t n_adopted_ = 0;
};

std::unique_ptr<Ofctrl> ofctrl;

ovs_be32
Ofctrl::queue_msg(ovs::OfpbufPtr msg)
{
    const ovs_be32 xid = static_cast<const ofp_header *>(msg->data)->xid;
    /* rconn_send() takes the message even when it fails (not connected):
     * then the reconnect resends everything anyway. */
    rconn_send(swconn_.get(), msg.release(), tx_counter_.get());
    return xid;
}

void
Ofctrl::set_target(std::string_view bridge)
{
    /* Called on every iteration, with the same bridge but for a
     * reconfiguration. */
    if (bridge == bridge_ && !bridge_.empty()) {
        return;
    }
    bridge_ = bridge;
    std::string target(bridge);
    if (target.find(':') == std::string::npos) {
        target = "unix:" + std::string(ovs_rundir()) + "/" + target
                 + ".mgmt";
    }
    if (target != target_) {
        target_ = target;
        VLOG_INFO("%s: connecting to switch", target_.c_str());
        socket_ino_ = 0;
        socket_ctime_ = 0;
        backoff_ = 0;
        connect_now();
    }
}

ovs::RconnPtr
Ofctrl::new_rconn() const
{
    ovs::RconnPtr rc(rconn_create(probe_interval_, MAX_BACKOFF_MSEC / 1000,
                                  0, OFP_VERSIONS));
    return rc;
}

/* Opens a new connection to the switch, dropping the last one and whatever
 * was still queued on it.  rconn keeps the send queue, the counters, the
 * probes and the hello; ofctrl, the reconnecting. */
void
Ofctrl::connect_now()
{
    reconnect_scheduled_ = false;
    attempt_started_ = time_msec();
    swconn_ = new_rconn();
    conn_seqno_ = 0;

    ovs::VconnPtr vconn;
    const int error = ovs::batching_vconn_open(target_.c_str(), OFP_VERSIONS,
                                               &vconn);
    if (error) {
        /* No socket yet, or nobody listening: a switch restarting. */
        schedule_reconnect(error);
        return;
    }
    rconn_connect_unreliably(swconn_.get(), vconn.release(),
                             target_.c_str());
}

/* The attempt failed (with 'error', if it could not even open) or its
 * connection was lost: the next one comes after the backoff, which starts
 * over if the connection lasted at least that long, and doubles
 * otherwise. */
void
Ofctrl::schedule_reconnect(int error)
{
    const long long int now = time_msec();
    const bool was_up = rconn_get_connection_seqno(swconn_.get()) != 0;
    if (was_up && now - attempt_started_ >= backoff_) {
        backoff_ = MIN_BACKOFF_MSEC;
    } else {
        backoff_ = std::clamp(2 * backoff_, MIN_BACKOFF_MSEC,
                              MAX_BACKOFF_MSEC);
    }
    if (was_up) {
        VLOG_INFO("%s: connection to switch lost (%s), reconnecting in "
                  "%lld s", target_.c_str(),
                  ovs_retval_to_string(rconn_get_last_error(swconn_.get())),
                  backoff_ / 1000);
    } else {
        static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 5);
        VLOG_INFO_RL(&rl, "%s: could not connect to switch (%s), retrying "
                     "in %lld s", target_.c_str(),
                     ovs_retval_to_string(error ? error
                                          : rconn_get_last_error(
                                              swconn_.get())),
                     backoff_ / 1000);
    }
    next_attempt_ = now + backoff_;
    reconnect_scheduled_ = true;
}

/* Reconnects when the connection is down and its time has come. */
void
Ofctrl::maintain_connection()
{
    if (target_.empty() || rconn_is_alive(swconn_.get())) {
        return;
    }
    if (!reconnect_scheduled_) {
        schedule_reconnect();
    }
    reconnect_if_socket_is_back();
    if (time_msec() >= next_attempt_) {
        connect_now();
    }
}

/* While disconnected from a unix socket target, reconnects as soon as the
 * socket file is (re)created, instead of waiting out the backoff. */
void
Ofctrl::reconnect_if_socket_is_back()
{
    if (target_.compare(0, 5, "unix:") || rconn_is_connected(swconn_.get())
        || time_msec() < next_socket_poll_) {
        return;
    }
    next_socket_poll_ = time_msec() + SOCKET_POLL_MSEC;

    struct stat st;
    const std::string path = target_.substr(5);
    if (stat(path.c_str(), &st) || !S_ISSOCK(st.st_mode)) {
        return;
    }
    if (st.st_ino != socket_ino_ || st.st_ctime != socket_ctime_) {
        socket_ino_ = st.st_ino;
        socket_ctime_ = st.st_ctime;
        if (reconnect_scheduled_) {
            VLOG_DBG("%s: socket is back, reconnecting now", path.c_str());
            next_attempt_ = time_msec();
        }
    }
}

mf_field_id
Ofctrl::run(std::string_view bridge)
{
    set_target(bridge);
    rconn_run(swconn_.get());
    maintain_connection();

    if (!rconn_is_connected(swconn_.get())) {
        /* The switch keeps its flows, and so do we, mapping included. */
        return current_geneve_field();
    }
    if (conn_seqno_ != rconn_get_connection_seqno(swconn_.get())) {
        conn_seqno_ = rconn_get_connection_seqno(swconn_.get());
        n_reconnects_++;
        VLOG_INFO("%s: connected", target_.c_str());
        state_ = S_NEW;
        if (in_flight_) {
            /* Its answer will never come; the full put after this
             * reconnect will acknowledge its seqno instead. */
            unacked_seqno_ = std::max(unacked_seqno_, in_flight_->seqno);
            ct_flush_.insert(in_flight_->ct_flushed.begin(),
                             in_flight_->ct_flushed.end());
            in_flight_.reset();
            tables_.abort_put();
        }
        /* Remember the socket we are connected through: after a
         * disconnect, only a new one means the switch is back. */
        struct stat st;
        if (!target_.compare(0, 5, "unix:")
            && !stat(target_.c_str() + 5, &st)) {
            socket_ino_ = st.st_ino;
            socket_ctime_ = st.st_ctime;
        }
    }

    run_state_machine();
    for (int i = 0; i < 50; i++) {
        ovs::OfpbufPtr msg(rconn_recv(swconn_.get()));
        if (!msg) {
            break;
        }
        const ofp_header *oh = static_cast<const ofp_header *>(msg->data);
        ofptype type;
        if (ofptype_decode(&type, oh)) {
            static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);
            VLOG_WARN_RL(&rl, "could not decode OpenFlow message (%zu "
                         "bytes) from switch", size_t(msg->size));
            continue;
        }
        recv(oh, type);
        /* A reply may move the state on; act on it in this same run
         * rather than waiting for the next wakeup. */
        run_state_machine();
    }
    return current_geneve_field();
}

void
Ofctrl::run_state_machine()
{
    for (;;) {
        const OfctrlState old = state_;
        switch (state_) {
        case S_NEW:
            run_S_NEW();
            break;
        case S_CLEAR_FLOWS:
            run_S_CLEAR_FLOWS();
            break;
        case S_TLV_TABLE_REQUESTED:
        case S_TLV_TABLE_MOD_SENT:
        case S_DUMP_FLOWS:
        case S_UPDATE_FLOWS:
            /* These wait for the switch. */
            break;
        }
        if (state_ == old) {
            return;
        }
        VLOG_DBG("%s -> %s", state_name(old), state_name(state_));
    }
}

void
Ofctrl::recv(const ofp_header *oh, ofptype type)
{
    switch (state_) {
    case S_TLV_TABLE_REQUESTED:
        recv_S_TLV_TABLE_REQUESTED(oh, type);
        break;
    case S_TLV_TABLE_MOD_SENT:
        recv_S_TLV_TABLE_MOD_SENT(oh, type);
        break;
    case S_DUMP_FLOWS:
        recv_S_DUMP_FLOWS(oh, type);
        break;
    case S_UPDATE_FLOWS:
        recv_S_UPDATE_FLOWS(oh, type);
        break;
    case S_NEW:
    case S_CLEAR_FLOWS:
        recv_other(oh, type);
        break;
    }
}

void
Ofctrl::run_S_NEW()
{
    xid_ = queue_msg(ovs::encode_tlv_table_request());
    state_ = S_TLV_TABLE_REQUESTED;
}

void
Ofctrl::recv_S_TLV_TABLE_REQUESTED(const ofp_header *oh, ofptype type)
{
    if (oh->xid != xid_) {
        recv_other(oh, type);
    } else if (type == OFPTYPE_NXT_TLV_TABLE_REPLY) {
        process_tlv_table_reply(oh);
    } else {
        continue_without_geneve(oh, "switch cannot report its Geneve "
                                "option table");
    }
}

void
Ofctrl::process_tlv_table_reply(const ofp_header *oh)
{
    ofputil_tlv_table_reply reply;
    if (ofputil_decode_tlv_table_reply(oh, &reply)) {
        continue_without_geneve(oh, "undecodable Geneve option table");
        return;
    }

    uint64_t free_indexes = UINT64_MAX;
    std::optional<uint16_t> ours;
    using MapView = ovs::ListView<ofputil_tlv_map,
                                  &ofputil_tlv_map::list_node>;
    for (const ofputil_tlv_map &map : MapView(&reply.mappings)) {
        if (map.option_class == OVN_GENEVE_CLASS
            && map.option_type == OVN_GENEVE_TYPE
            && map.option_len == OVN_GENEVE_LEN
            && map.index < TUN_METADATA_NUM_OPTS) {
            ours = map.index;
        }
        if (map.index < 64) {
            free_indexes &= ~(UINT64_C(1) << map.index);
        }
    }
    ofputil_uninit_tlv_table(&reply.mappings);

    if (ours) {
        /* Already mapped, by us before a restart or by another
         * controller: use it as it is. */
        geneve_field_ = mf_field_id(MFF_TUN_METADATA0 + *ours);
        state_ = S_CLEAR_FLOWS;
    } else if (!free_indexes) {
        if (!warned_no_geneve_space_) {
            VLOG_WARN("no free tun_metadata field for the OVN Geneve option; "
                      "continuing without it");
            warned_no_geneve_space_ = true;
        }
        geneve_field_ = mf_field_id(0);
        state_ = S_CLEAR_FLOWS;
    } else {
        tlv_index_ = __builtin_ctzll(free_indexes);
        xid_ = queue_msg(ovs::encode_tlv_table_add(
                             OVN_GENEVE_CLASS, OVN_GENEVE_TYPE,
                             OVN_GENEVE_LEN, tlv_index_));
        xid2_ = queue_msg(ovs::encode_barrier_request());
        state_ = S_TLV_TABLE_MOD_SENT;
    }
}

/* Tunnels still work without the option (they just cannot carry the
 * logical ports), so a switch that will not give us one is no reason to
 * stop: say why, and go on to install flows. */
void
Ofctrl::continue_without_geneve(const ofp_header *oh, const char *why)
{
    ovs::Ds title;
    title.put_format("%s; continuing without the OVN Geneve option", why);
    log_openflow(VLL_WARN, oh, title.c_str());
    geneve_field_ = mf_field_id(0);
    state_ = S_CLEAR_FLOWS;
}

void
Ofctrl::recv_S_TLV_TABLE_MOD_SENT(const ofp_header *oh, ofptype type)
{
    if (oh->xid != xid_ && oh->xid != xid2_) {
        recv_other(oh, type);
    } else if (oh->xid == xid2_ && type == OFPTYPE_BARRIER_REPLY) {
        geneve_field_ = mf_field_id(MFF_TUN_METADATA0 + tlv_index_);
        VLOG_INFO("mapped the OVN Geneve option to tun_metadata%d",
                  int(tlv_index_));
        state_ = S_CLEAR_FLOWS;
    } else if (oh->xid == xid_ && type == OFPTYPE_ERROR) {
        const ofperr error = ofperr_decode_msg(oh, nullptr);
        if (error == OFPERR_NXTTMFC_ALREADY_MAPPED
            || error == OFPERR_NXTTMFC_DUP_ENTRY) {
            /* Another controller mapped it (or the index) first: read the
             * table again. */
            VLOG_INFO("Geneve option table changed under us (%s), "
                      "retrying", ofperr_get_name(error));
            state_ = S_NEW;
        } else {
            continue_without_geneve(oh, "cannot map the OVN Geneve option");
        }
    } else {
        continue_without_geneve(oh, "unexpected reply to Geneve option "
                                "table change");
    }
}

void
Ofctrl::run_S_CLEAR_FLOWS()
{
    /* Nothing is changed here: the switch keeps forwarding with what it
     * has until the next put replaces all of it in one atomic bundle.  Its
     * flows are dumped first, so that the put sends only what differs
     * from them (after a restart of ours, almost nothing) instead of
     * deleting and re-adding every one. */
    tables_.switch_cleared();
    full_put_ = true;
    keep_flows_ = false;
    dump_failed_ = false;
    n_dumped_ = 0;
    n_dump_adopted_ = 0;
    xid_ = queue_msg(ovs::encode_flow_dump_request());
    state_ = S_DUMP_FLOWS;
}

void
Ofctrl::recv_S_DUMP_FLOWS(const ofp_header *oh, ofptype type)
{
    if (oh->xid != xid_) {
        recv_other(oh, type);
    } else if (type == OFPTYPE_FLOW_STATS_REPLY) {
        if (!dump_failed_ && !adopt_flows(oh)) {
            dump_failed_ = true;
        }
        if (!ofpmp_more(oh)) {
            finish_dump(!dump_failed_);
        }
    } else {
        log_openflow(VLL_WARN, oh, "switch did not dump its flows; "
                     "replacing them all");
        finish_dump(false);
    }
}

/* Takes the flows of one part of the dump as installed.  A flow that
 * uses a group or a meter is not: the full put deletes every group and
 * meter, and the switch those flows with them.  Returns false if a flow
 * could not be taken (undecodable, or a cookie we never give), in which
 * case the put replaces every flow. */
bool
Ofctrl::adopt_flows(const ofp_header *oh)
{
    ofpbuf msg = ofpbuf_const_initializer(oh, ntohs(oh->length));
    uint64_t stub[1024 / 8];
    ofpbuf ofpacts;
    ofpbuf_use_stub(&ofpacts, stub, sizeof stub);
    bool ok = true;
    for (;;) {
        ofputil_flow_stats fs;
        const int error = ofputil_decode_flow_stats_reply(&fs, &msg, false,
                                                          &ofpacts);
        if (error == EOF) {
            break;
        }
        static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);
        if (error) {
            VLOG_WARN_RL(&rl, "undecodable flow in the switch's dump (%s)",
                         ofperr_get_name(ofperr(error)));
            ok = false;
            break;
        }
        n_dumped_++;
        const uint64_t cookie = ntohll(fs.cookie);
        const ofpact *end = ofpact_end(fs.ofpacts, fs.ofpacts_len);
        if (ofpact_find_type_flattened(fs.ofpacts, OFPACT_GROUP, end)
            || ofpact_find_type_flattened(fs.ofpacts, OFPACT_METER, end)) {
            continue;
        }
        if (cookie > UINT32_MAX) {
            VLOG_DBG_RL(&rl, "flow with cookie %#" PRIx64 " in the "
                        "switch's dump: not ours", cookie);
            ok = false;
            break;
        }
        /* Decoding records which encoding each action came in; ours say
         * "the default" (what ofpact_init() sets), and we compare bytes. */
        ofpact *a;
        OFPACT_FOR_EACH_FLATTENED (a, static_cast<ofpact *>(ofpacts.data),
                                   ofpacts.size) {
            a->raw = uint8_t(-1);
        }
        const ovs::Ofpacts actions(fs.ofpacts, fs.ofpacts_len);
        /* The switch shows the packet type that it takes by default
         * (Ethernet) as matched on; ours leave it out. */
        if (fs.match.wc.masks.packet_type == OVS_BE32_MAX
            && !fs.match.flow.packet_type) {   /* PT_ETH */
            fs.match.wc.masks.packet_type = 0;
        }
        /* Ours never have timeouts, flags or an importance: a flow that
         * does is replaced even if its actions and cookie are ours. */
        const bool foreign = (fs.idle_timeout || fs.hard_timeout
                              || fs.flags || fs.importance);
        if (foreign) {
            COVERAGE_INC(ofctrl_dump_foreign);
        }
        if (tables_.flows().adopt_installed(
                fs.table_id, fs.priority, ovs::Match(fs.match),
                actions.data(), actions.size(), uint32_t(cookie),
                foreign)) {
            n_dump_adopted_++;
        }
    }
    ofpbuf_uninit(&ofpacts);
    return ok;
}

/* The dump is over: the next (full) put keeps the flows taken from it if
 * 'adopted', else deletes every flow the switch holds. */
void
Ofctrl::finish_dump(bool adopted)
{
    if (adopted) {
        n_adopted_ += n_dump_adopted_;
    } else {
        tables_.switch_cleared();
    }
    VLOG_INFO("switch holds %zu flows; %s", n_dumped_,
              adopted ? "the first put sends only what differs"
                      : "the first put replaces them all");
    keep_flows_ = adopted;
    state_ = S_UPDATE_FLOWS;
}

void
Ofctrl::recv_S_UPDATE_FLOWS(const ofp_header *oh, ofptype type)
{
    PutInFlight *p = in_flight_.get();
    const bool last = p && oh->xid == p->last_xid;
    if (p && type == OFPTYPE_ERROR) {
        const uint32_t xid = ntohl(oh->xid);
        const bool bundled = xid - p->first_xid < p->origins.size();
        if (bundled || (last && p->opened)) {
            handle_put_error(oh, ofperr_decode_msg(oh, nullptr));
            if (last) {
                /* The switch answers a failed COMMIT with this error
                 * alone. */
                finish_put();
            }
            return;
        }
    } else if (last && type == (p->opened ? OFPTYPE_BUNDLE_CONTROL
                                          : OFPTYPE_BARRIER_REPLY)) {
        /* The switch replies to a COMMIT once the whole bundle is in its
         * tables, after every message sent before it: no barrier needed. */
        finish_put();
        return;
    }
    recv_other(oh, type);
}

void
Ofctrl::handle_put_error(const ofp_header *oh, ofperr error)
{
    PutInFlight &p = *in_flight_;
    const bool refused_before = p.failed;
    p.failed = true;
    n_errors_++;
    COVERAGE_INC(ofctrl_openflow_error);

    const uint32_t index = ntohl(oh->xid) - p.first_xid;
    if (index < p.origins.size()) {
        std::string what = tables_.reject(p.origins[index]);
        if (!what.empty()) {
            static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(10, 10);
            n_rejected_++;
            COVERAGE_INC(ofctrl_rejected);
            VLOG_WARN_RL(&rl, "switch rejected %s (%s); leaving it out",
                         what.c_str(), ofperr_get_name(error));
            return;
        }
    }
    if (error == OFPERR_OFPBFC_MSG_FAILED
        || (error == OFPERR_OFPBFC_BAD_ID && p.opened
            && oh->xid == p.last_xid && refused_before)) {
        /* The COMMIT failing because of the message(s) reported above: with
         * every add refused, no bundle was ever opened. */
        VLOG_INFO("bundle rolled back; the next put resends its changes "
                  "but what was rejected");
    } else {
        log_openflow(VLL_WARN, oh, "switch rejected a put");
    }
}

void
Ofctrl::finish_put()
{
    std::unique_ptr<PutInFlight> p = std::move(in_flight_);
    if (p->failed) {
        /* The bundle is all or nothing, so the switch holds none of it:
         * the next put sends this put's changes again (without what was
         * rejected), again atomically, and nothing else. */
        COVERAGE_INC(ofctrl_bundle_failed);
        unacked_seqno_ = std::max(unacked_seqno_, p->seqno);
        tables_.abort_put();
        if (p->full) {
            /* The switch did not delete its old flows either. */
            full_put_ = true;
            keep_flows_ = p->keep_flows;
        }
        return;
    }
    tables_.commit_put();
    n_puts_++;
    if (p->full) {
        n_full_puts_++;
    }
    acked_seqno_ = std::max({acked_seqno_, p->seqno, unacked_seqno_});
    unacked_seqno_ = 0;
}

void
Ofctrl::recv_other(const ofp_header *oh, ofptype type)
{
    if (type == OFPTYPE_ECHO_REQUEST) {
        queue_msg(ovs::encode_echo_reply(*oh));
    } else if (type == OFPTYPE_ERROR) {
        n_errors_++;
        COVERAGE_INC(ofctrl_openflow_error);
        log_openflow(VLL_WARN, oh, "OpenFlow error");
    } else if (type != OFPTYPE_ECHO_REPLY
               && type != OFPTYPE_BARRIER_REPLY
               && type != OFPTYPE_PACKET_IN
               && type != OFPTYPE_PORT_STATUS
               && type != OFPTYPE_FLOW_REMOVED) {
        log_openflow(VLL_DBG, oh, "OpenFlow packet ignored");
    }
}

void
Ofctrl::log_openflow(vlog_level level, const ofp_header *oh,
                     const char *title)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(30, 300);
    if (!vlog_should_drop(&this_module, level, &rl)) {
        ovs::CStringPtr s(ofp_to_string(oh, ntohs(oh->length), nullptr,
                                        nullptr, 2));
        vlog(&this_module, level, "%s: %s", title, s.get());
    }
}

void
Ofctrl::wait()
{
    rconn_run_wait(swconn_.get());
    rconn_recv_wait(swconn_.get());
    if (!target_.empty() && !rconn_is_alive(swconn_.get())) {
        if (reconnect_scheduled_) {
            poll_timer_wait_until(next_attempt_);
        } else {
            /* Just lost: schedule the reconnect now. */
            poll_immediate_wake();
        }
    }
    if (!target_.compare(0, 5, "unix:")
        && !rconn_is_connected(swconn_.get())) {
        poll_timer_wait_until(next_socket_poll_);
    }
}

bool
Ofctrl::can_compute() const
{
    return (state_ == S_UPDATE_FLOWS || state_ == S_DUMP_FLOWS)
           && rconn_is_connected(swconn_.get())
           && !rconn_packet_counter_n_packets(tx_counter_.get());
}

bool
Ofctrl::can_put() const
{
    return can_compute() && state_ == S_UPDATE_FLOWS && !in_flight_;
}

/* OfctrlSink: each message of the put goes into the open bundle. */
void
Ofctrl::send(ovs::OfpbufPtr msg, const MessageOrigin &origin)
{
    PutInFlight &p = *in_flight_;
    if (origin.outside_bundle) {
        /* Meter mods: OVS does not take them in a bundle.  They all come
         * before the bundle's first message. */
        ovs_assert(!p.opened);
        queue_msg(std::move(msg));
        p.n_outside++;
        return;
    }
    /* Recorded before the bundle opens: opening a full put's bundle sends
     * its deletes through here, with xids after this message's. */
    record_origin(*msg, origin);
    if (!p.opened) {
        open_bundle();
    }
    queue_bundled(ovs::encode_bundle_add(next_bundle_id_, BUNDLE_FLAGS,
                                         *msg));
}

/* OfctrlSink: a flow mod is encoded straight into its bundle add. */
bool
Ofctrl::send_flow_mod(const ovs::FlowModArgs &args,
                      const MessageOrigin &origin)
{
    PutInFlight &p = *in_flight_;
    ovs::OfpbufPtr msg = ovs::encode_bundle_flow_mod(next_bundle_id_,
                                                     BUNDLE_FLAGS, args);
    if (msg->size > UINT16_MAX) {
        return false;
    }
    record_origin(*msg, origin);
    if (!p.opened) {
        open_bundle();
    }
    queue_bundled(std::move(msg));
    return true;
}

/* Remembers what bundled message 'msg' (or the message a bundle add will
 * wrap: the two share their xid) is about, for an error about it. */
void
Ofctrl::record_origin(const ofpbuf &msg, const MessageOrigin &origin)
{
    PutInFlight &p = *in_flight_;
    const uint32_t xid = ntohl(static_cast<const ofp_header *>
                               (msg.data)->xid);
    if (p.origins.empty()) {
        p.first_xid = xid;
    }
    /* xids of one put are consecutive, so the vector index is the xid's
     * offset; pad if something else took an xid in between, and give up
     * tracking (errors are then logged without their row) if the xids
     * wrapped around. */
    const uint32_t offset = xid - p.first_xid;
    if (offset >= p.origins.size() && offset - p.origins.size() < 1024) {
        p.origins.resize(offset);
        p.origins.push_back(origin);
    }
}

void
Ofctrl::queue_bundled(ovs::OfpbufPtr bundle_add)
{
    PutInFlight &p = *in_flight_;
    queue_msg(std::move(bundle_add));
    n_msgs_++;

    /* rconn_send() writes only while the socket takes it; after that it
     * queues until rconn_run().  Running it now and then lets the switch
     * work on the start of a large put while we encode the rest, instead of
     * idling until the whole bundle is queued. */
    if (++p.n_queued % SEND_BATCH == 0) {
        rconn_run(swconn_.get());
    }
}

/* Opens the put's bundle, on its first message, so that a put with nothing
 * to say sends no empty bundle.  No OPEN is sent: Open vSwitch creates a
 * bundle on the first BUNDLE_ADD naming it (OpenFlow 1.4's implicit open),
 * which spares the switch a message and us a wake-up for its reply, which
 * would often come alone.  A full put's bundle starts by deleting every
 * group, and every flow unless they were dumped (keep_flows). */
void
Ofctrl::open_bundle()
{
    PutInFlight &p = *in_flight_;
    p.opened = true;
    if (p.full) {
        if (!p.keep_flows) {
            send(ovs::encode_flow_delete_all(), MessageOrigin());
        }
        send(ovs::encode_group_delete(OFPG_ALL), MessageOrigin());
    }
}

OfctrlPut
Ofctrl::put(uint64_t seqno)
{
    if (!can_put()) {
        return OfctrlPut::DEFERRED;
    }
    if (!full_put_ && !tables_.has_changes() && ct_flush_.empty()) {
        /* Nothing to send: everything asked so far is on the switch. */
        acked_seqno_ = std::max({acked_seqno_, seqno, unacked_seqno_});
        unacked_seqno_ = 0;
        return OfctrlPut::UNCHANGED;
    }

    COVERAGE_INC(ofctrl_put);
    in_flight_ = std::make_unique<PutInFlight>();
    PutInFlight &p = *in_flight_;
    p.seqno = seqno;
    p.full = full_put_;
    p.keep_flows = full_put_ && keep_flows_;
    /* One origin per message: at most one per changed flow key and group,
     * plus the two deletes of a full put. */
    p.origins.reserve(tables_.flows().stats().n_tracked
                      + tables_.groups().size() + 2);

    /* Before the flows that may send connections to them. */
    for (uint16_t zone : ct_flush_) {
        COVERAGE_INC(ofctrl_ct_flush);
        MessageOrigin outside;
        outside.outside_bundle = true;
        send(ovs::encode_ct_flush_zone(zone), outside);
    }
    p.ct_flushed = std::move(ct_flush_);
    ct_flush_.clear();

    if (full_put_) {
        /* Meters cannot go in the bundle: they are deleted before it (with
         * the flows that use them, as upstream does) and re-added before
         * it too.  The bundle starts with the delete of all flows and
         * groups (see send()), so that the switch goes from its old tables
         * to ours in one step. */
        COVERAGE_INC(ofctrl_full_put);
        MessageOrigin outside;
        outside.outside_bundle = true;
        send(MeterTable::encode_delete_all(), outside);
    }
    tables_.begin_put(*this);
    if (p.full && !p.opened) {
        /* Nothing desired at all: the bundle only clears the switch. */
        open_bundle();
    }
    full_put_ = false;
    keep_flows_ = false;
    if (!p.opened && !p.n_outside) {
        /* The changes cancelled out: nothing to send, nothing pending. */
        COVERAGE_INC(ofctrl_empty_put);
        n_empty_puts_++;
        in_flight_.reset();
        tables_.commit_put();
        acked_seqno_ = std::max({acked_seqno_, seqno, unacked_seqno_});
        unacked_seqno_ = 0;
        return OfctrlPut::EMPTY;
    }
    if (p.opened) {
        p.last_xid = queue_msg(ovs::encode_bundle_ctrl(
                                   next_bundle_id_, OFPBCT_COMMIT_REQUEST,
                                   BUNDLE_FLAGS));
    } else {
        /* Only meter mods or conntrack flushes, outside any bundle. */
        p.last_xid = queue_msg(ovs::encode_barrier_request());
    }
    next_bundle_id_++;
    return OfctrlPut::SENT;
}

OfctrlStatus
Ofctrl::status() const
{
    OfctrlStatus s{};
    s.state = state_name(state_);
    s.connected = rconn_is_connected(swconn_.get());
    s.geneve_field = current_geneve_field();
    s.acked_seqno = acked_seqno_;
    s.n_puts = n_puts_;
    s.n_full_puts = n_full_puts_;
    s.n_empty_puts = n_empty_puts_;
    s.n_msgs = n_msgs_;
    s.n_rejected = n_rejected_;
    s.n_errors = n_errors_;
    s.n_reconnects = n_reconnects_;
    s.n_adopted = n_adopted_;
    s.flows = tables_.flows().stats();
    s.n_groups = tables_.groups().size();
    s.n_meters = tables_.meters().size();
    return s;
}

}  // namespace

void
ofctrl_init(uint32_t max_group_id)
{
    ofctrl = std::make_unique<Ofctrl>(max_group_id);
}

mf_field_id
ofctrl_run(std::string_view bridge)
{
    return ofctrl->run(bridge);
}

void
ofctrl_wait()
{
    ofctrl->wait();
}

void
ofctrl_set_probe_interval(int secs)
{
    ofctrl->set_probe_interval(secs);
}

void
ofctrl_destroy()
{
    ofctrl.reset();
}

DesiredFlowTable &
ofctrl_flow_table(FlowProducer producer)
{
    return ofctrl->tables().table(producer);
}

void
ofctrl_clear_flows()
{
    ofctrl->tables().clear();
}

bool
ofctrl_can_put()
{
    return ofctrl->can_put();
}

bool
ofctrl_can_compute()
{
    return ofctrl->can_compute();
}

void
ofctrl_flush_ct_zones(const std::vector<uint16_t> &zones)
{
    ofctrl->flush_ct_zones(zones);
}

OfctrlPut
ofctrl_put(uint64_t seqno)
{
    return ofctrl->put(seqno);
}

uint64_t
ofctrl_get_acked_seqno()
{
    return ofctrl->acked_seqno();
}

OfctrlStatus
ofctrl_get_status()
{
    return ofctrl->status();
}

void
ofctrl_get_memory_usage(struct simap *usage)
{
    const OfctrlStatus st = ofctrl->status();
    simap_increase(usage, "ofctrl_desired_flows", st.flows.n_desired);
    simap_increase(usage, "ofctrl_installed_flows", st.flows.n_installed);
    simap_increase(usage, "ofctrl_groups", st.n_groups);
    simap_increase(usage, "ofctrl_meters", st.n_meters);
    simap_increase(usage, "ofctrl_flow_tables-KB",
                   ofctrl->tables().flows().memory_bytes() / 1024);
}

std::vector<std::string>
ofctrl_dump_desired()
{
    return ofctrl->tables().flows().dump_desired();
}

std::vector<std::string>
ofctrl_dump_installed()
{
    return ofctrl->tables().flows().dump_installed();
}

std::vector<std::string>
ofctrl_dump_groups()
{
    return ofctrl->tables().groups().dump();
}

std::vector<std::string>
ofctrl_dump_meters()
{
    return ofctrl->tables().meters().dump();
}

std::vector<std::string>
ofctrl_list_groups()
{
    return ofctrl->tables().groups().list();
}

std::vector<std::string>
ofctrl_list_meters()
{
    return ofctrl->tables().meters().list();
}

}  // namespace ovn

namespace ovn {

namespace {

void
cmd_dump_desired(unixctl_conn *conn, int, const char *[], void *)
{
    ovs::unixctl_reply_lines(conn, ofctrl_dump_desired());
}

void
cmd_dump_installed(unixctl_conn *conn, int, const char *[], void *)
{
    ovs::unixctl_reply_lines(conn, ofctrl_dump_installed());
}

void
cmd_dump_groups(unixctl_conn *conn, int, const char *[], void *)
{
    ovs::unixctl_reply_lines(conn, ofctrl_dump_groups());
}

void
cmd_dump_meters(unixctl_conn *conn, int, const char *[], void *)
{
    ovs::unixctl_reply_lines(conn, ofctrl_dump_meters());
}

}  // namespace

void
ofctrl_register_dump_commands()
{
    unixctl_command_register("ofctrl/dump-desired", "", 0, 0,
                             cmd_dump_desired, nullptr);
    unixctl_command_register("ofctrl/dump-installed", "", 0, 0,
                             cmd_dump_installed, nullptr);
    unixctl_command_register("ofctrl/dump-groups", "", 0, 0,
                             cmd_dump_groups, nullptr);
    unixctl_command_register("ofctrl/dump-meters", "", 0, 0,
                             cmd_dump_meters, nullptr);
}

}  // namespace ovn
