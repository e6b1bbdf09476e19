/* pinctrl: ovn-controller's answers to the controller actions of the
 * logical flows (arp {}, put_arp, icmp4 {}, tcp_reset {}, ...), as 23.03's
 * pinctrl gives them.
 *
 * pinctrl owns a second OpenFlow connection to the integration bridge and
 * the thread that runs it (its own poll loop, as upstream's), the dispatch
 * table of handlers (ovn/controller/pinctrl-handler.h, one file per
 * concern), the snapshots of Southbound data handlers read, and the
 * queues of Southbound writes they make.  The main thread calls the
 * functions below only: pinctrl_run() hands it the bridge and flushes the
 * queued writes through the main loop's Southbound transaction. */
#ifndef OVN_CONTROLLER_PINCTRL_H
#define OVN_CONTROLLER_PINCTRL_H 1

#include <cstddef>
#include <string_view>

struct ovsdb_idl;
struct ovsdb_idl_txn;
struct sb_gen_indexes;
struct sbrec_chassis;

namespace ovn {

/* Registers the handlers and unixctl commands (inject-pkt,
 * debug/pinctrl-stats) and starts the thread.  Call once. */
void pinctrl_init();

/* Main thread, every main-loop iteration: connects pinctrl to 'bridge'
 * (a name, or an OpenFlow target), and writes the queued Southbound
 * changes through 'sb_txn' (nothing if null: they wait, and are retried
 * when the Southbound is back).  'chassis' is this chassis' name (its
 * system-id), for the rows that name the chassis that wrote them, and
 * 'chassis_row' its Chassis row if the caller has it (else looked up). */
void pinctrl_run(std::string_view bridge, ovsdb_idl_txn *sb_txn,
                 ovsdb_idl *sb, const sb_gen_indexes *indexes,
                 std::string_view chassis = {},
                 const sbrec_chassis *chassis_row = nullptr);
/* Main thread: the last Southbound transaction failed.  The flushes that
 * write only when what they read changed write again on the next run. */
void pinctrl_sb_txn_failed();
/* Wakes the main loop when the pinctrl thread has queued writes. */
void pinctrl_wait();

/* Stops the thread and closes the connection. */
void pinctrl_destroy();

/* For tests/fuzz-pinctrl: handles the OpenFlow message 'msg' ('len'
 * bytes) as if the switch sent it, with a pinctrl of its own that has no
 * connection and no thread. */
void pinctrl_fuzz_one(const void *msg, size_t len);

}  // namespace ovn

#endif  /* ovn/controller/pinctrl.h */
