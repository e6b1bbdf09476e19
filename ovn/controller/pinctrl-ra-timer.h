/* pinctrl-ra-timer: the periodic router advertisements of the router
 * ports whose ipv6_ra_configs has send_periodic=true, as 23.03 sends
 * them.
 *
 * The main thread publishes the local router ports that advertise (a
 * snapshot: each port's advertisement, built by pinctrl-nd-ra from its
 * Port_Binding options, and the keys of its peer on the switch); the
 * pinctrl thread keeps each port's next time, waits between
 * ipv6_ra_min_interval and ipv6_ra_max_interval seconds (at random, as
 * 23.03), and injects the advertisement into the switch's ingress
 * pipeline as if it came from the router port's peer, for this chassis's
 * ports only (MLF_LOCAL_ONLY: every chassis advertises to its own VMs).
 *
 * This file owns that snapshot and the thread's timers. */
#ifndef OVN_CONTROLLER_PINCTRL_RA_TIMER_H
#define OVN_CONTROLLER_PINCTRL_RA_TIMER_H 1

struct ovsdb_idl;
struct sb_gen_indexes;

namespace ovn {

class LocalDatapaths;

/* Main thread, every main-loop iteration with the Southbound: publishes
 * the ports that advertise when they, or the local datapaths, may have
 * changed. */
void pinctrl_ra_timer_run(const ovsdb_idl *sb, const sb_gen_indexes *ix,
                          const LocalDatapaths &);

}  // namespace ovn

#endif  /* ovn/controller/pinctrl-ra-timer.h */
