/* The contract between pinctrl's core (ovn/controller/pinctrl.cpp) and the
 * handlers of the controller actions, one file per concern
 * (pinctrl-arp-nd.cpp, pinctrl-icmp.cpp, pinctrl-mac-binding.cpp, ...).
 *
 * Threads.  Handlers run in the pinctrl thread, never in the main loop,
 * and must not block: they get the packet-in decoded (PinctrlPacketIn),
 * build what they answer, and hand it to PinctrlContext, which queues it
 * on pinctrl's own OpenFlow connection.  They never touch the Southbound
 * IDL: what they need from it the main thread publishes as an immutable
 * snapshot (pinctrl_publish<T>() / PinctrlContext::snapshot<T>()), and
 * what they write to it they queue for a flush function that the main
 * thread calls with its Southbound transaction (PinctrlDispatch::
 * add_sb_flush()).
 *
 * Adding a handler: write ovn/controller/pinctrl-FOO.cpp with
 *
 *     void pinctrl_register_foo(PinctrlDispatch &);
 *
 * which calls d.add(ACTION_OPCODE_FOO, "foo", handler) for each opcode,
 * declare it below, and call it from pinctrl_register_handlers() in
 * pinctrl.cpp (one line).  docs/pinctrl.rst says more. */
#ifndef OVN_CONTROLLER_PINCTRL_HANDLER_H
#define OVN_CONTROLLER_PINCTRL_HANDLER_H 1

#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <string_view>
#include <typeindex>

#include "openvswitch/match.h"
#include "openvswitch/meta-flow.h"
#include "ovn/controller/pinctrl-packet.h"
#include "ovn/lib/actions.h"

struct ofpbuf;
struct ofputil_packet_in;
struct ovsdb_idl;
struct ovsdb_idl_txn;
struct sb_gen_indexes;
struct sbrec_chassis;
struct vlog_module;

/* pinctrl's log module, "pinctrl" (pinctrl.cpp defines it): the log
 * lines that 23.03 writes from there (DHCPOFFER, DHCPACK, ...) come from
 * it in ours too, whichever file writes them. */
extern struct vlog_module *VLM_pinctrl;

namespace ovn {

/* Why a packet-in was dropped: each (opcode, reason) pair has its own
 * counter, shown by 'ovn-appctl -t ovn-controller debug/pinctrl-stats'. */
enum class PinctrlDrop : uint8_t {
    BAD_USERDATA,       /* Userdata too short or its payload malformed. */
    BAD_PACKET,         /* The packet lacks what the action needs. */
    UNKNOWN_OPCODE,     /* No handler for the opcode. */
    RATE_LIMITED,       /* Over the opcode's packet-in rate. */
    QUEUE_FULL,         /* Too many Southbound writes pending. */
};
constexpr int PINCTRL_N_DROPS = 5;
const char *pinctrl_drop_name(PinctrlDrop);

/* One packet-in of a controller action, decoded.  Everything points into
 * the OpenFlow message, which outlives the handler call. */
struct PinctrlPacketIn {
    uint32_t opcode;
    const ofputil_packet_in *pin;       /* The whole packet-in. */
    const ofpbuf *continuation;         /* Empty unless the action paused. */
    const match *md;                    /* Its metadata (registers...). */
    PinctrlPacket packet;               /* The packet, parsed. */
    /* The userdata after the opcode and its padding: the action's own
     * arguments (nested OpenFlow 1.5 actions, an MTU, ...). */
    const uint8_t *payload;
    size_t payload_len;

    uint32_t dp_key() const noexcept;   /* Logical datapath (metadata). */
    uint32_t inport_key() const noexcept;   /* MFF_LOG_INPORT. */
};

/* One register load of PinctrlContext::inject_into_table(): 'value' into
 * bits ['ofs', 'ofs' + 'n_bits') of 'field', or into all of it (at most 64
 * bits) if 'n_bits' is 0. */
struct PinctrlLoad {
    mf_field_id field;
    uint64_t value;
    int ofs = 0;
    int n_bits = 0;
};

/* What a handler may do, in the pinctrl thread. */
class PinctrlContext {
public:
    virtual ~PinctrlContext() = default;

    /* Sends 'packet' through the actions 'actions' (OpenFlow 1.5 actions,
     * as the compiler encodes a nested action's, 'len' bytes) in a
     * packet-out, with the registers and metadata of 'md' loaded first, as
     * 23.03's pinctrl does for arp {}, icmp4 {} and the like.  Returns
     * false, sending nothing, if the actions do not decode. */
    virtual bool send_packet_out(const PacketBytes &packet, const match &md,
                                 const uint8_t *actions, size_t len) = 0;

    /* Sends 'packet' through 'ofpacts' (struct ofpact, as ofpbuf
     * holds them) in a packet-out from the controller port: what pinctrl
     * sends on its own, not in answer to a packet-in (periodic router
     * advertisements, gratuitous ARPs). */
    virtual void send_packet_out_ofpacts(const PacketBytes &packet,
                                         const ofpbuf &ofpacts) = 0;

    /* Injects 'packet' into the pipeline at table 'table_id', as if a
     * flow had resubmitted it there after 'loads' (the logical datapath,
     * an input or output port, flags): send_packet_out_ofpacts() with
     * those actions, built with ovs::OfpactsBuilder.  What pinctrl sends
     * on its own (router advertisements, gratuitous ARPs, health check
     * probes) goes through here. */
    void inject_into_table(const PacketBytes &packet, uint8_t table_id,
                           std::initializer_list<PinctrlLoad> loads);

    /* Resumes the paused pipeline of 'pi' (NXT_RESUME), with 'packet' in
     * place of the packet that came in and 'md' in place of its metadata
     * (null: unchanged; a handler that answers into a register passes the
     * metadata with that register set). */
    virtual void resume(const PinctrlPacketIn &pi,
                        const PacketBytes *packet = nullptr,
                        const match *md = nullptr) = 0;

    /* Counts a drop of 'pi' for 'why' and logs 'detail' (rate-limited). */
    virtual void drop(const PinctrlPacketIn &pi, PinctrlDrop why,
                      std::string_view detail) = 0;

    /* Wakes the main thread: something waits for its flush. */
    virtual void notify_main() = 0;

    /* The latest snapshot of type T the main thread published, or null. */
    template <typename T>
    std::shared_ptr<const T> snapshot() const
    {
        return std::static_pointer_cast<const T>(
            get_snapshot(std::type_index(typeid(T))));
    }

protected:
    virtual std::shared_ptr<const void> get_snapshot(std::type_index) const
        = 0;
};

/* The common end of arp {}, icmp4 {} and the like: sends 'packet', built
 * from 'pi', through the nested actions of 'pi''s userdata; drops 'pi'
 * if the builder gave nothing ('why_empty' says what the packet lacked)
 * or the nested actions do not decode. */
void pinctrl_answer(PinctrlContext &, const PinctrlPacketIn &pi,
                    const PacketBytes &packet, std::string_view why_empty);

using PinctrlHandler = std::function<void(PinctrlContext &,
                                          const PinctrlPacketIn &)>;

/* What the main thread hands a flush function: its open Southbound
 * transaction, the IDL and its indexes. */
struct PinctrlSbContext {
    ovsdb_idl_txn *txn;
    ovsdb_idl *sb;
    const sb_gen_indexes *indexes;   /* ovn::sb::Indexes. */
    const char *chassis = nullptr;   /* Our Chassis name, if known. */
    /* Our Chassis row, looked up once for all the flushes of a run; null
     * if not found (pinctrl_sb_chassis() then looks it up by name). */
    const sbrec_chassis *chassis_row = nullptr;
    /* Bumped whenever a Southbound transaction failed: a flush that runs
     * only when its inputs change (PinctrlSbGate) writes again then. */
    uint64_t retry_gen = 0;
};

/* Called by the main thread, with a Southbound transaction open, to write
 * what the handlers queued (under the handler's own mutex). */
using PinctrlSbFlush = std::function<void(const PinctrlSbContext &)>;

/* Work of the pinctrl thread on its own clock, called while the switch
 * is connected, on every wakeup of the thread (a packet-in, a new
 * snapshot, its last answer's time): does what is due at 'now' (msec,
 * time_msec()) and returns when it wants to be called again (LLONG_MAX:
 * only on the next wakeup). */
using PinctrlPeriodic = std::function<long long int(PinctrlContext &,
                                                    long long int now)>;

/* The dispatch table, filled once at start-up, before the thread runs. */
class PinctrlDispatch {
public:
    /* Registers 'handler' for 'opcode' ('name' for logs and counters).
     * A second registration of an opcode replaces the first. */
    virtual void add(uint32_t opcode, const char *name,
                     PinctrlHandler handler) = 0;
    /* Registers a Southbound flush. */
    virtual void add_sb_flush(PinctrlSbFlush flush) = 0;
    /* Registers periodic work (the pinctrl thread's timers). */
    virtual void add_periodic(PinctrlPeriodic periodic) = 0;

protected:
    ~PinctrlDispatch() = default;
};

/* Publishes (main thread) the snapshot of type T that handlers read
 * through PinctrlContext::snapshot<T>(). */
void pinctrl_publish_snapshot(std::type_index,
                              std::shared_ptr<const void>);
template <typename T>
void
pinctrl_publish(std::shared_ptr<const T> snapshot)
{
    pinctrl_publish_snapshot(std::type_index(typeid(T)),
                             std::move(snapshot));
}

/* Main thread: publishes snapshots of type T, an aggregate whose only
 * member is a Content, and remembers what it published last.  update()
 * publishes only a content that differs from that one (or the first), so
 * that the pinctrl thread wakes for real changes only, and the flushes
 * that write back what the thread found check it against published(). */
template <typename T, typename Content>
class PinctrlPublisher {
public:
    void update(Content content)
    {
        if (published_once_ && content == published_) {
            return;
        }
        pinctrl_publish<T>(std::make_shared<const T>(T{content}));
        published_ = std::move(content);
        published_once_ = true;
    }
    const Content &published() const { return published_; }

private:
    Content published_;
    bool published_once_ = false;
};

/* The registrations, one per handler file. */
void pinctrl_register_arp_nd(PinctrlDispatch &);      /* pinctrl-arp-nd. */
void pinctrl_register_icmp(PinctrlDispatch &);        /* pinctrl-icmp. */
void pinctrl_register_mac_binding(PinctrlDispatch &); /* ...mac-binding. */
void pinctrl_register_event(PinctrlDispatch &);       /* pinctrl-event. */
void pinctrl_register_fdb(PinctrlDispatch &);         /* pinctrl-fdb. */
void pinctrl_register_vport(PinctrlDispatch &);       /* pinctrl-vport. */
void pinctrl_register_svc_monitor(PinctrlDispatch &); /* ...svc-monitor. */
void pinctrl_register_igmp(PinctrlDispatch &);        /* pinctrl-igmp. */
/* DHCP, DNS, RA, log: pinctrl-l7.cpp (engineer B's). */
void pinctrl_register_l7(PinctrlDispatch &);
void pinctrl_register_ra_timer(PinctrlDispatch &);   /* pinctrl-ra-timer. */
void pinctrl_register_activation(PinctrlDispatch &); /* ...activation. */
void pinctrl_register_garp(PinctrlDispatch &);       /* pinctrl-garp. */
void pinctrl_register_bfd(PinctrlDispatch &);        /* pinctrl-bfd. */

}  // namespace ovn

#endif  /* ovn/controller/pinctrl-handler.h */
