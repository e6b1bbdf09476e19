/* OVN's own run and log directories, kept apart from Open vSwitch's as
 * upstream OVN keeps them: an OVN daemon's pidfile and control socket go
 * in ovn_rundir() and its log in ovn_logdir(), while the Open_vSwitch
 * database it talks to stays under OVS's ovs_rundir().
 *
 * Each directory is the environment variable of the same name (OVN_RUNDIR,
 * OVN_LOGDIR) when that is set, otherwise the default that configure
 * derived from --localstatedir: /var/run/ovn and /var/log/ovn with
 * Debian's prefixes, where Debian's ovn-ctl and ovn-appctl look.
 *
 * The path helpers turn a daemon's --pidfile, --unixctl and --log-file
 * arguments into the names OVS's daemon, unixctl and vlog modules then
 * use as given.  Anyone may call them; they own nothing. */
#ifndef OVN_LIB_OVN_DIRS_H
#define OVN_LIB_OVN_DIRS_H 1

#include <string>

namespace ovn {

const char *ovn_rundir();
const char *ovn_logdir();

/* The pidfile for '--pidfile[=NAME]': ovn_rundir()/PROGRAM.pid when 'name'
 * is null, else 'name' taken relative to ovn_rundir(). */
std::string ovn_pidfile_path(const char *name);

/* The control socket for '--unixctl=PATH': ovn_rundir()/PROGRAM.PID.ctl
 * when 'path' is empty (call it after daemonize_start(), so that PID is
 * the daemon's), else 'path' taken relative to ovn_rundir(). */
std::string ovn_unixctl_path(const std::string &path);

/* The log file for '--log-file[=NAME]': ovn_logdir()/PROGRAM.log when
 * 'name' is null, else 'name' unchanged (as OVS's vlog takes it). */
std::string ovn_log_file_path(const char *name);

}  // namespace ovn

#endif  /* ovn/lib/ovn-dirs.h */
