/* pinctrl's BFD (RFC 5880, single hop over UDP, RFC 5881) for the
 * Southbound BFD table: the sessions that ovn-northd 23.03 asks for with
 * static routes (ECMP or not) that name a BFD row.  Not the BFD between
 * chassis on the tunnels, which ovs-vswitchd runs (bfd.h).
 *
 * This header has the parts without threads or Southbound, for the unit
 * tests and the fuzz driver: the control packet's parser and builder and
 * one session's state machine.  pinctrl-bfd.cpp owns the sessions: the
 * main thread publishes the rows resident here, the pinctrl thread runs
 * them (transmit timer, detection time, handle_bfd_msg()) and hands the
 * states back for the main thread to write to BFD.status. */
#ifndef OVN_CONTROLLER_PINCTRL_BFD_H
#define OVN_CONTROLLER_PINCTRL_BFD_H 1

#include <netinet/in.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "openvswitch/types.h"
#include "ovn/controller/pinctrl-packet.h"

namespace ovn {

/* RFC 5880 section 4.1's session states, with their wire values. */
enum class BfdState : uint8_t { ADMIN_DOWN = 0, DOWN = 1, INIT = 2, UP = 3 };

/* "admin_down", "down", "init", "up": BFD.status's words. */
const char *bfd_state_name(BfdState);

constexpr uint16_t BFD_DEST_PORT = 3784;
constexpr size_t BFD_CONTROL_LEN = 24;

/* A BFD control packet, its mandatory section (RFC 5880 section 4.1),
 * times in microseconds as on the wire. */
struct BfdControl {
    uint8_t version = 1;
    uint8_t diag = 0;
    BfdState state = BfdState::DOWN;
    bool poll = false;
    bool final = false;
    bool auth = false;
    bool multipoint = false;
    uint8_t mult = 0;
    uint32_t my_disc = 0;
    uint32_t your_disc = 0;
    uint32_t desired_min_tx = 0;
    uint32_t required_min_rx = 0;
    uint32_t required_min_echo_rx = 0;
};

/* Parses the UDP payload 'data' ('len' bytes) into '*msg', with the
 * checks of RFC 5880 section 6.8.6 that need no session.  Returns null
 * if it is acceptable, otherwise why not (for the log). */
const char *bfd_parse_control(const uint8_t *data, size_t len,
                              BfdControl *msg);

/* One session's configuration: what the main thread takes from a BFD row
 * and its logical port. */
struct BfdConfig {
    uint32_t dp_key = 0;        /* The router's datapath... */
    uint32_t port_key = 0;      /* ...and its port, logical_port. */
    eth_addr src_mac;           /* The port's MAC. */
    in6_addr src_ip;            /* Its address (IPv4-mapped for IPv4)... */
    in6_addr dst_ip;            /* ...and the peer's, dst_ip. */
    uint16_t src_port = 0;      /* src_port. */
    uint32_t disc = 0;          /* disc: My Discriminator. */
    uint32_t min_tx = 0;        /* min_tx, msec. */
    uint32_t min_rx = 0;        /* min_rx, msec. */
    uint8_t mult = 0;           /* detect_mult. */
    bool admin_down = false;    /* status is "admin_down". */

    /* Whether 'o' is the same session (the same addresses, ports and
     * discriminator), maybe with other timers. */
    bool same_session(const BfdConfig &) const;
    bool operator==(const BfdConfig &) const;
    bool operator!=(const BfdConfig &o) const { return !(*this == o); }
};

/* One session's state machine (RFC 5880 section 6.8), on the clock the
 * caller passes (msec). */
class BfdSession {
public:
    BfdSession(const BfdConfig &, long long int now);

    /* Takes a new configuration of the same session: new timers apply
     * from the next packet; "admin_down" stops it, its end starts it
     * again, down. */
    void reconfigure(const BfdConfig &, long long int now);

    /* A control packet from the peer, already parsed.  Returns false if
     * the session does not take it (administratively down). */
    bool receive(const BfdControl &, long long int now);

    /* The detection time: if it passed without a packet from the peer,
     * the session goes down.  Call before transmitting. */
    void check_detection(long long int now);

    /* Whether a control packet is due at 'now'; then the packet, and
     * sent() to schedule the next one ('jitter' in [0, 1): RFC 5880
     * section 6.8.7's 0 to 25% less). */
    bool tx_due(long long int now) const;
    PacketBytes build(bool final) const;
    void sent(long long int now, double jitter);

    /* The next time something is due (LLONG_MAX: nothing). */
    long long int next_wake() const;

    const BfdConfig &config() const { return config_; }
    BfdState state() const { return state_; }
    uint32_t remote_disc() const { return remote_disc_; }
    /* Whether the peer asked for a Final (a Poll). */
    bool final_due() const { return final_due_; }
    void clear_final() { final_due_ = false; }

private:
    void set_state(BfdState);

    BfdConfig config_;
    BfdState state_;
    uint32_t remote_disc_ = 0;
    uint32_t remote_min_rx_ = 1;    /* msec; RFC 5880's initial 1 usec. */
    long long int next_tx_;
    long long int detect_at_ = 0;   /* 0: not running. */
    bool final_due_ = false;
};

/* The control packet of 'config' in 'state': Ethernet (to broadcast: the
 * router's pipeline puts the peer's MAC), IPv4 (don't fragment) or IPv6
 * with TTL or hop limit 255, UDP from src_port to 3784 (no checksum over
 * IPv4), then the control packet. */
PacketBytes bfd_build_packet(const BfdConfig &, BfdState state, uint8_t diag,
                             uint32_t remote_disc, bool final);

}  // namespace ovn

#endif  /* ovn/controller/pinctrl-bfd.h */
