/* pinctrl's core: the thread, its OpenFlow connection, the decoding of
 * packet-ins and the dispatch to the handlers (pinctrl-handler.h), and
 * the hand-over of Southbound snapshots and writes with the main thread.
 * See pinctrl.h and docs/pinctrl.rst. */
#include <config.h>

#include "ovn/controller/pinctrl.h"

#include <sched.h>

#include <array>
#include <atomic>
#include <climits>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <typeindex>
#include <vector>

#include "dirs.h"
#include "lib/c-ptr.h"
#include "lib/dynamic-string.h"
#include "lib/ofpacts-builder.h"
#include "lib/ovs-internal.h"
#include "lib/shim/ovsdb-idl-shim.h"
#include "lib/unixctl-server.h"
#include "openvswitch/ofp-actions.h"
#include "openvswitch/ofp-errors.h"
#include "openvswitch/ofp-msgs.h"
#include "openvswitch/ofp-packet.h"
#include "openvswitch/ofp-print.h"
#include "openvswitch/ofp-switch.h"
#include "openvswitch/ofp-protocol.h"
#include "openvswitch/ofp-util.h"
#include "openvswitch/ofpbuf.h"
#include "openvswitch/poll-loop.h"
#include "openvswitch/rconn.h"
#include "openvswitch/token-bucket.h"
#include "openvswitch/vlog.h"
#include "ovn/controller/pinctrl-handler.h"
#include "ovn/controller/pinctrl-inject.h"
#include "ovn/controller/pinctrl-sb.h"
#include "unixctl.h"

VLOG_DEFINE_THIS_MODULE(pinctrl);

COVERAGE_DEFINE(pinctrl_packet_in);
COVERAGE_DEFINE(pinctrl_drop_bad_userdata);
COVERAGE_DEFINE(pinctrl_drop_bad_packet);
COVERAGE_DEFINE(pinctrl_drop_unknown_opcode);
COVERAGE_DEFINE(pinctrl_drop_rate_limited);
COVERAGE_DEFINE(pinctrl_drop_queue_full);
COVERAGE_DEFINE(pinctrl_bad_openflow);
COVERAGE_DEFINE(pinctrl_flush_skipped);

namespace ovn {

namespace {

/* Opcodes 0...MAX_OPCODE - 1 have counters of their own; the rest (and
 * packet-ins too short to carry one) share the last slot. */
constexpr uint32_t MAX_OPCODE = 32;
constexpr uint32_t OTHER_OPCODE = MAX_OPCODE;

/* Each opcode's packet-ins beyond this rate are dropped before decoding
 * the rest: a storm of one kind (say, ARP misses) must not starve the
 * others.  The switch meters them first, with the controller meters the
 * logical flows carry. */
constexpr unsigned int RATE_PER_MSEC = 1;       /* 1000 per second... */
constexpr unsigned int RATE_BURST = 1000;       /* ...bursts of 1000. */

/* How many messages the thread handles per wakeup before it lets others
 * (the exit latch, the main thread's seq) in. */
constexpr int RECV_BATCH = 50;

void
count_drop(PinctrlDrop why)
{
    switch (why) {
    case PinctrlDrop::BAD_USERDATA: COVERAGE_INC(pinctrl_drop_bad_userdata);
        break;
    case PinctrlDrop::BAD_PACKET: COVERAGE_INC(pinctrl_drop_bad_packet);
        break;
    case PinctrlDrop::UNKNOWN_OPCODE:
        COVERAGE_INC(pinctrl_drop_unknown_opcode);
        break;
    case PinctrlDrop::RATE_LIMITED: COVERAGE_INC(pinctrl_drop_rate_limited);
        break;
    case PinctrlDrop::QUEUE_FULL: COVERAGE_INC(pinctrl_drop_queue_full);
        break;
    }
}

struct OpcodeEntry {
    const char *name = nullptr;
    PinctrlHandler handler;
    token_bucket bucket;
};

class Pinctrl final : public PinctrlContext, public PinctrlDispatch {
public:
    Pinctrl();
    ~Pinctrl() override;

    void start();
    void stop();

    /* PinctrlDispatch. */
    void add(uint32_t opcode, const char *name,
             PinctrlHandler handler) override;
    void add_sb_flush(PinctrlSbFlush flush) override;
    void add_periodic(PinctrlPeriodic periodic) override;

    /* PinctrlContext. */
    bool send_packet_out(const PacketBytes &packet, const match &md,
                         const uint8_t *actions, size_t len) override;
    void send_packet_out_ofpacts(const PacketBytes &packet,
                                 const ofpbuf &ofpacts) override;
    void resume(const PinctrlPacketIn &pi, const PacketBytes *packet,
                const match *md) override;
    void drop(const PinctrlPacketIn &pi, PinctrlDrop why,
              std::string_view detail) override;
    void notify_main() override { seq_change(main_seq_); }

    /* Main thread. */
    void set_target(std::string_view bridge);
    void flush(const PinctrlSbContext &sbc);
    void sb_txn_failed() { retry_gen_++; }
    void wait_main() { seq_wait(main_seq_, main_seqno_); }
    void publish(std::type_index, std::shared_ptr<const void>);
    void queue_inject(PacketBytes packet, uint32_t ofport);
    std::vector<std::string> stats() const;

    /* Handler thread. */
    void run_thread();
    std::atomic<bool> running_{false};  /* Set once the thread runs. */

    /* Parses and handles one OpenFlow message from the switch (also the
     * fuzz target's entry point, with no connection). */
    void handle_msg(const ofp_header *oh, size_t len);

    /* Without rate limits (for the fuzz target, which sends as fast as
     * it can and wants every packet-in to reach its handler). */
    void disable_rate_limit() { rate_limit_ = false; }

    /* Counts a drop of a packet-in with 'opcode' for 'why'. */
    void count(uint32_t opcode, PinctrlDrop why, std::string_view detail);

protected:
    std::shared_ptr<const void> get_snapshot(std::type_index) const
        override;

private:
    void queue_msg(ofpbuf *msg);
    void handle_packet_in(const ofp_header *oh);
    void send_injected();
    ofp_version version() const;

    std::map<uint32_t, OpcodeEntry> handlers_;  /* Set before start(). */
    std::vector<PinctrlSbFlush> flushes_;       /* Set before start(). */
    std::vector<PinctrlPeriodic> periodics_;    /* Set before start(). */

    /* Main thread <-> handler thread. */
    mutable std::mutex mutex_;
    std::string target_;                        /* Guarded by mutex_. */
    std::map<std::type_index, std::shared_ptr<const void>> snapshots_;
    std::vector<std::pair<PacketBytes, uint32_t>> injects_;
    seq *handler_seq_;          /* Wakes the handler thread. */
    seq *main_seq_;             /* Wakes the main thread. */
    uint64_t main_seqno_ = 0;
    latch exit_latch_;
    pthread_t thread_{};
    /* Main thread only: the bridge set_target() was last given, and the
     * Southbound transactions failed so far (PinctrlSbContext). */
    std::string bridge_;
    uint64_t retry_gen_ = 0;
    /* What the flushes last ran on: no flush has anything to do until one
     * of these changes (each one's own gate looks at a part of them). */
    struct FlushInputs {
        const ovsdb_idl *sb;
        unsigned int sb_seqno;      /* Every Southbound change. */
        uint64_t handed;            /* The handler thread's notify_main(). */
        uint64_t retry_gen;
        const sbrec_chassis *chassis_row;
        std::string chassis;

        bool
        operator==(const FlushInputs &o) const
        {
            return sb == o.sb && sb_seqno == o.sb_seqno
                   && handed == o.handed && retry_gen == o.retry_gen
                   && chassis_row == o.chassis_row && chassis == o.chassis;
        }
    };
    std::optional<FlushInputs> flushed_;
    bool started_ = false;
    bool rate_limit_ = true;

    /* Handler thread only. */
    ovs::RconnPtr swconn_;
    std::string conn_target_;
    unsigned int conn_seqno_ = 0;

    /* Counters: [opcode][reason], and packet-ins handled per opcode. */
    std::array<std::array<std::atomic<uint64_t>, PINCTRL_N_DROPS>,
               MAX_OPCODE + 1> drops_{};
    std::array<std::atomic<uint64_t>, MAX_OPCODE + 1> handled_{};
};

std::unique_ptr<Pinctrl> pinctrl;

Pinctrl::Pinctrl()
    : handler_seq_(seq_create()), main_seq_(seq_create()),
      swconn_(rconn_create(0, 0, 0, 1u << OFP15_VERSION))
{
    latch_init(&exit_latch_);
    main_seqno_ = seq_read(main_seq_);
}

Pinctrl::~Pinctrl()
{
    stop();
    latch_destroy(&exit_latch_);
    seq_destroy(handler_seq_);
    seq_destroy(main_seq_);
}

void
Pinctrl::add(uint32_t opcode, const char *name, PinctrlHandler handler)
{
    OpcodeEntry &e = handlers_[opcode];
    e.name = name;
    e.handler = std::move(handler);
    token_bucket_init(&e.bucket, RATE_PER_MSEC, RATE_BURST);
}

void
Pinctrl::add_sb_flush(PinctrlSbFlush flush)
{
    flushes_.push_back(std::move(flush));
}

void
Pinctrl::add_periodic(PinctrlPeriodic periodic)
{
    periodics_.push_back(std::move(periodic));
}

void *
thread_main(void *arg)
{
    Pinctrl *pinctrl = static_cast<Pinctrl *>(arg);
    pinctrl->running_.store(true);
    pinctrl->run_thread();
    return nullptr;
}

void
Pinctrl::start()
{
    thread_ = ovs_thread_create("ovn_pinctrl", thread_main, this);
    started_ = true;
    /* OVS numbers threads in the order they first ask for their ID, and
     * the main thread (or one it starts next) could otherwise come before
     * this one: wait until it has its number, so that it is
     * "ovn_pinctrl0" as 23.03's, whatever the scheduler does.  Only a
     * plain spin: anything of OVS's might take an ID for this thread. */
    while (!running_.load()) {
        sched_yield();
    }
}

void
Pinctrl::stop()
{
    if (started_) {
        latch_set(&exit_latch_);
        xpthread_join(thread_, nullptr);
        started_ = false;
    }
}

ofp_version
Pinctrl::version() const
{
    int v = rconn_get_version(swconn_.get());
    return v < 0 ? OFP15_VERSION : ofp_version(v);
}

void
Pinctrl::queue_msg(ofpbuf *msg)
{
    /* Without a connection the message is lost: the packet it answers
     * came over that connection, and its sender will retry. */
    rconn_send(swconn_.get(), msg, nullptr);
}

void
Pinctrl::set_target(std::string_view bridge)
{
    if (bridge == bridge_ && !bridge_.empty()) {
        return;
    }
    bridge_ = bridge;
    std::string target(bridge);
    if (target.find(':') == std::string::npos) {
        target = "unix:" + std::string(ovs_rundir()) + "/" + target
                 + ".mgmt";
    }
    std::lock_guard<std::mutex> lock(mutex_);
    if (target != target_) {
        target_ = target;
        seq_change(handler_seq_);
    }
}

void
Pinctrl::publish(std::type_index type, std::shared_ptr<const void> snap)
{
    std::lock_guard<std::mutex> lock(mutex_);
    snapshots_[type] = std::move(snap);
    seq_change(handler_seq_);
}

std::shared_ptr<const void>
Pinctrl::get_snapshot(std::type_index type) const
{
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = snapshots_.find(type);
    return it == snapshots_.end() ? nullptr : it->second;
}

void
Pinctrl::queue_inject(PacketBytes packet, uint32_t ofport)
{
    std::lock_guard<std::mutex> lock(mutex_);
    injects_.emplace_back(std::move(packet), ofport);
    seq_change(handler_seq_);
}

void
Pinctrl::flush(const PinctrlSbContext &context)
{
    main_seqno_ = seq_read(main_seq_);
    if (!context.txn) {
        return;
    }
    /* Most wake-ups (a reply to one of our writes, a change of the local
     * database) bring none of the flushes' inputs: each would only find
     * that out, touching its state after a long sleep. */
    FlushInputs in{context.sb, ovs_shim_idl_get_seqno(context.sb),
                   main_seqno_, retry_gen_, context.chassis_row,
                   context.chassis ? context.chassis : ""};
    if (flushed_ && *flushed_ == in) {
        COVERAGE_INC(pinctrl_flush_skipped);
        return;
    }
    flushed_ = std::move(in);
    /* Our Chassis, for every flush that needs it: one lookup a run. */
    PinctrlSbContext sbc = context;
    sbc.retry_gen = retry_gen_;
    if (sbc.chassis && !sbc.chassis_row) {
        sbc.chassis_row = sb::Chassis::find_by_name(sbc.indexes,
                                                    sbc.chassis).get();
    }
    for (const PinctrlSbFlush &f : flushes_) {
        f(sbc);
    }
}

void
Pinctrl::run_thread()
{
    uint64_t handler_seqno = seq_read(handler_seq_);
    while (!latch_is_set(&exit_latch_)) {
        std::string target;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            target = target_;
        }
        if (target != conn_target_ && !target.empty()) {
            conn_target_ = target;
            VLOG_INFO("%s: connecting to switch for packet-ins",
                      target.c_str());
            rconn_connect(swconn_.get(), target.c_str(), target.c_str());
        }

        rconn_run(swconn_.get());
        if (rconn_is_connected(swconn_.get())) {
            if (conn_seqno_ != rconn_get_connection_seqno(swconn_.get())) {
                conn_seqno_ = rconn_get_connection_seqno(swconn_.get());
                /* A service connection gets no packet-ins until it sets
                 * miss_send_len: ask for the switch's configuration, to
                 * send it back with one (below).  NXT_PACKET_IN2 carries
                 * the userdata and, for actions that pause, the
                 * continuation. */
                queue_msg(ofpraw_alloc(OFPRAW_OFPT_GET_CONFIG_REQUEST,
                                       version(), 0));
                queue_msg(ofputil_encode_set_packet_in_format(
                              version(), OFPUTIL_PACKET_IN_NXT2));
            }
            for (int i = 0; i < RECV_BATCH; i++) {
                ovs::OfpbufPtr msg(rconn_recv(swconn_.get()));
                if (!msg) {
                    break;
                }
                handle_msg(static_cast<const ofp_header *>(msg->data),
                           msg->size);
            }
            send_injected();
            for (const PinctrlPeriodic &periodic : periodics_) {
                long long int next = periodic(*this, time_msec());
                if (next != LLONG_MAX) {
                    poll_timer_wait_until(next);
                }
            }
        }

        rconn_run_wait(swconn_.get());
        rconn_recv_wait(swconn_.get());
        latch_wait(&exit_latch_);
        uint64_t seqno = seq_read(handler_seq_);
        if (seqno != handler_seqno) {
            handler_seqno = seqno;
            poll_immediate_wake();
        } else {
            seq_wait(handler_seq_, handler_seqno);
        }
        poll_block();
    }
}

void
Pinctrl::send_injected()
{
    std::vector<std::pair<PacketBytes, uint32_t>> injects;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        injects.swap(injects_);
    }
    for (const auto &[packet, ofport] : injects) {
        queue_msg(pinctrl_encode_inject(packet, ofport, version()));
    }
}

void
Pinctrl::handle_msg(const ofp_header *oh, size_t len)
{
    ofptype type;
    if (len < sizeof *oh || ntohs(oh->length) != len
        || ofptype_decode(&type, oh)) {
        static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);
        COVERAGE_INC(pinctrl_bad_openflow);
        VLOG_WARN_RL(&rl, "could not decode OpenFlow message (%zu bytes) "
                     "from switch", len);
        return;
    }
    if (type == OFPTYPE_ECHO_REQUEST) {
        queue_msg(ofputil_encode_echo_reply(oh));
    } else if (type == OFPTYPE_PACKET_IN) {
        handle_packet_in(oh);
    } else if (type == OFPTYPE_GET_CONFIG_REPLY) {
        ofputil_switch_config config;
        ofputil_decode_get_config_reply(oh, &config);
        config.miss_send_len = UINT16_MAX;
        queue_msg(ofputil_encode_set_config(&config, version()));
    } else if (type == OFPTYPE_ERROR) {
        static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);
        if (!VLOG_DROP_INFO(&rl)) {
            ovs::CStringPtr s(ofp_to_string(oh, len, nullptr, nullptr, 2));
            VLOG_INFO("OpenFlow error: %s", s.get());
        }
    }
}

void
Pinctrl::count(uint32_t opcode, PinctrlDrop why, std::string_view detail)
{
    size_t slot = opcode < MAX_OPCODE ? opcode : OTHER_OPCODE;
    drops_[slot][size_t(why)]++;
    count_drop(why);

    /* Opcodes of 23.03 whose handlers are not written yet are no
     * error of the input: counted, logged at debug level only. */
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);
    const vlog_level level
        = why == PinctrlDrop::RATE_LIMITED ? VLL_DBG
          : why == PinctrlDrop::UNKNOWN_OPCODE
            && opcode <= ACTION_OPCODE_PUT_FDB ? VLL_DBG
          : VLL_WARN;
    if (!vlog_should_drop(&this_module, level, &rl)) {
        auto it = handlers_.find(opcode);
        vlog(&this_module, level,
             "dropped packet-in (opcode %" PRIu32 " %s): %s: %.*s",
             opcode, it != handlers_.end() ? it->second.name : "?",
             pinctrl_drop_name(why), int(detail.size()), detail.data());
    }
}

void
Pinctrl::drop(const PinctrlPacketIn &pi, PinctrlDrop why,
              std::string_view detail)
{
    count(pi.opcode, why, detail);
}

void
Pinctrl::handle_packet_in(const ofp_header *oh)
{
    COVERAGE_INC(pinctrl_packet_in);
    ofputil_packet_in pin;
    ofpbuf continuation;
    ofperr error = ofputil_decode_packet_in(oh, true, nullptr, nullptr,
                                            &pin, nullptr, nullptr,
                                            &continuation);
    if (error) {
        count(OTHER_OPCODE, PinctrlDrop::BAD_USERDATA,
              ofperr_to_string(error));
        return;
    }
    /* The decoder stores the reason byte as it came, and a value that is
     * not one of the enum's is undefined behaviour in C++ when read as
     * the enum (UBSan says so with fuzz-pinctrl-asan): read its bytes. */
    int reason;
    static_assert(sizeof reason == sizeof pin.reason, "enum is an int");
    memcpy(&reason, &pin.reason, sizeof reason);
    if (reason != OFPR_ACTION) {
        return;
    }
    if (pin.userdata_len < 8) {
        count(OTHER_OPCODE, PinctrlDrop::BAD_USERDATA,
              "userdata lacks the action header");
        return;
    }
    const uint8_t *ud = static_cast<const uint8_t *>(pin.userdata);
    const uint32_t opcode = (uint32_t(ud[0]) << 24) | (ud[1] << 16)
                            | (ud[2] << 8) | ud[3];
    auto it = handlers_.find(opcode);
    if (it == handlers_.end()) {
        count(opcode, PinctrlDrop::UNKNOWN_OPCODE, "no handler");
        return;
    }
    if (rate_limit_ && !token_bucket_withdraw(&it->second.bucket, 1)) {
        count(opcode, PinctrlDrop::RATE_LIMITED, "");
        return;
    }

    VLOG_DBG("packet-in: opcode %" PRIu32 ", %zu bytes", opcode,
             pin.packet_len);
    PinctrlPacketIn pi{opcode, &pin, &continuation, &pin.flow_metadata,
                       PinctrlPacket(pin.packet, pin.packet_len),
                       ud + 8, pin.userdata_len - 8};
    handled_[opcode < MAX_OPCODE ? opcode : OTHER_OPCODE]++;
    it->second.handler(*this, pi);
}

bool
Pinctrl::send_packet_out(const PacketBytes &packet, const match &md,
                         const uint8_t *actions, size_t len)
{
    uint64_t stub[4096 / 8];
    ofpbuf ofpacts;
    ofpbuf_use_stub(&ofpacts, stub, sizeof stub);

    /* The pipeline continues where the packet-in left it: the registers
     * and the logical datapath as the switch reported them. */
    static const mf_field_id md_fields[] = {
        MFF_REG0, MFF_REG1, MFF_REG2, MFF_REG3, MFF_REG4, MFF_REG5,
        MFF_REG6, MFF_REG7, MFF_REG8, MFF_REG9, MFF_REG10, MFF_REG11,
        MFF_REG12, MFF_REG13, MFF_REG14, MFF_REG15, MFF_METADATA,
    };
    for (mf_field_id id : md_fields) {
        const mf_field *field = mf_from_id(id);
        if (!mf_is_all_wild(field, &md.wc)) {
            mf_value value;
            mf_get_value(field, &md.flow, &value);
            ofpact_put_set_field(&ofpacts, field, &value, nullptr);
        }
    }

    ofpbuf userdata;
    ofpbuf_use_const(&userdata, actions, len);
    ofperr error = ofpacts_pull_openflow_actions(&userdata, len, version(),
                                                 nullptr, nullptr,
                                                 &ofpacts);
    if (error) {
        ofpbuf_uninit(&ofpacts);
        return false;
    }
    send_packet_out_ofpacts(packet, ofpacts);
    ofpbuf_uninit(&ofpacts);
    return true;
}

void
Pinctrl::send_packet_out_ofpacts(const PacketBytes &packet,
                                 const ofpbuf &ofpacts)
{
    ofputil_packet_out po;
    memset(&po, 0, sizeof po);
    po.packet = packet.data();
    po.packet_len = packet.size();
    po.buffer_id = UINT32_MAX;
    po.ofpacts = static_cast<ofpact *>(ofpacts.data);
    po.ofpacts_len = ofpacts.size;
    match_init_catchall(&po.flow_metadata);
    match_set_in_port(&po.flow_metadata, OFPP_CONTROLLER);
    queue_msg(ofputil_encode_packet_out(
                  &po, ofputil_protocol_from_ofp_version(version())));
}

void
Pinctrl::resume(const PinctrlPacketIn &pi, const PacketBytes *packet,
                const match *md)
{
    ofputil_packet_in pin = *pi.pin;
    if (packet) {
        pin.packet = const_cast<uint8_t *>(packet->data());
        pin.packet_len = packet->size();
    }
    if (md) {
        pin.flow_metadata = *md;
    }
    queue_msg(ofputil_encode_resume(
                  &pin, pi.continuation,
                  ofputil_protocol_from_ofp_version(version())));
}

std::vector<std::string>
Pinctrl::stats() const
{
    std::vector<std::string> lines;
    for (uint32_t op = 0; op <= MAX_OPCODE; op++) {
        auto it = handlers_.find(op);
        std::string line = op == OTHER_OPCODE ? std::string("other")
                           : it != handlers_.end() ? std::string(
                                 it->second.name)
                           : "opcode " + std::to_string(op);
        bool any = handled_[op] != 0;
        line += ": handled " + std::to_string(handled_[op].load());
        for (int r = 0; r < PINCTRL_N_DROPS; r++) {
            uint64_t n = drops_[op][r];
            if (n) {
                any = true;
                line += std::string(", ")
                        + pinctrl_drop_name(PinctrlDrop(r)) + " "
                        + std::to_string(n);
            }
        }
        if (any) {
            lines.push_back(line);
        }
    }
    return lines;
}

void
cmd_stats(unixctl_conn *conn, int, const char *[], void *)
{
    ovs::unixctl_reply_lines(conn, pinctrl->stats());
}

void
cmd_inject_pkt(unixctl_conn *conn, int, const char *argv[], void *)
{
    PacketBytes packet;
    uint32_t ofport;
    std::string error = pinctrl_compose_inject(argv[1], &packet, &ofport);
    if (!error.empty()) {
        unixctl_command_reply_error(conn, error.c_str());
        return;
    }
    pinctrl->queue_inject(std::move(packet), ofport);
    unixctl_command_reply(conn, nullptr);
}

/* The handlers of every concern: one line each. */
void
pinctrl_register_handlers(PinctrlDispatch &d)
{
    pinctrl_register_arp_nd(d);
    pinctrl_register_icmp(d);
    pinctrl_register_mac_binding(d);
    pinctrl_register_l7(d);
    pinctrl_register_ra_timer(d);
    pinctrl_register_event(d);
    pinctrl_register_activation(d);
    pinctrl_register_garp(d);
    pinctrl_register_fdb(d);
    pinctrl_register_vport(d);
    pinctrl_register_svc_monitor(d);
    pinctrl_register_igmp(d);
    pinctrl_register_bfd(d);
}

}  // namespace

const char *
pinctrl_drop_name(PinctrlDrop why)
{
    switch (why) {
    case PinctrlDrop::BAD_USERDATA: return "bad userdata";
    case PinctrlDrop::BAD_PACKET: return "bad packet";
    case PinctrlDrop::UNKNOWN_OPCODE: return "unknown opcode";
    case PinctrlDrop::RATE_LIMITED: return "rate limited";
    case PinctrlDrop::QUEUE_FULL: return "queue full";
    }
    return "?";
}

uint32_t
PinctrlPacketIn::dp_key() const noexcept
{
    return uint32_t(ntohll(md->flow.metadata));
}

uint32_t
PinctrlPacketIn::inport_key() const noexcept
{
    return md->flow.regs[MFF_LOG_INPORT - MFF_REG0];
}

void
pinctrl_answer(PinctrlContext &ctx, const PinctrlPacketIn &pi,
               const PacketBytes &packet, std::string_view why_empty)
{
    if (packet.empty()) {
        ctx.drop(pi, PinctrlDrop::BAD_PACKET, why_empty);
    } else if (!ctx.send_packet_out(packet, *pi.md, pi.payload,
                                    pi.payload_len)) {
        ctx.drop(pi, PinctrlDrop::BAD_USERDATA,
                 "nested actions do not decode");
    }
}

void
PinctrlContext::inject_into_table(const PacketBytes &packet,
                                  uint8_t table_id,
                                  std::initializer_list<PinctrlLoad> loads)
{
    ovs::OfpactsBuilder b;
    for (const PinctrlLoad &l : loads) {
        if (l.n_bits) {
            b.load_bits(l.field, l.value, l.ofs, l.n_bits);
        } else {
            b.load(l.field, l.value);
        }
    }
    b.resubmit(table_id);
    const ovs::Ofpacts ofpacts = b.build();
    ofpbuf buf;
    ofpbuf_use_const(&buf, ofpacts.data(), ofpacts.size());
    send_packet_out_ofpacts(packet, buf);
}

void
pinctrl_publish_snapshot(std::type_index type,
                         std::shared_ptr<const void> snapshot)
{
    if (pinctrl) {
        pinctrl->publish(type, std::move(snapshot));
    }
}

void
pinctrl_init()
{
    pinctrl = std::make_unique<Pinctrl>();
    pinctrl_register_handlers(*pinctrl);
    unixctl_command_register("debug/pinctrl-stats", "", 0, 0, cmd_stats,
                             nullptr);
    unixctl_command_register("inject-pkt", "MICROFLOW", 1, 1,
                             cmd_inject_pkt, nullptr);
    pinctrl->start();
}

void
pinctrl_run(std::string_view bridge, ovsdb_idl_txn *sb_txn, ovsdb_idl *sb,
            const sb_gen_indexes *indexes, std::string_view chassis,
            const sbrec_chassis *chassis_row)
{
    pinctrl->set_target(bridge);
    const std::string chassis_name(chassis);
    pinctrl->flush(PinctrlSbContext{sb_txn, sb, indexes,
                                    chassis.empty() ? nullptr
                                                    : chassis_name.c_str(),
                                    chassis_row});
}

void
pinctrl_sb_txn_failed()
{
    pinctrl->sb_txn_failed();
}

void
pinctrl_wait()
{
    pinctrl->wait_main();
}

void
pinctrl_destroy()
{
    pinctrl.reset();
}

/* The fuzz target's entry: one OpenFlow message through the decoding and
 * the handlers, with no connection (what they send is discarded). */
void
pinctrl_fuzz_one(const void *msg, size_t len)
{
    static std::unique_ptr<Pinctrl> p;
    if (!p) {
        p = std::make_unique<Pinctrl>();
        p->disable_rate_limit();
        pinctrl_register_handlers(*p);
    }
    p->handle_msg(static_cast<const ofp_header *>(msg), len);
}

}  // namespace ovn
