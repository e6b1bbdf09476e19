/* The unixctl server of a C++ daemon, and replies to its commands.
 * Anyone may include this. */
#ifndef LIB_UNIXCTL_SERVER_H
#define LIB_UNIXCTL_SERVER_H 1

#include <string>
#include <vector>

#include "lib/c-ptr.h"
#include "unixctl.h"

namespace ovs {

/* Creates the daemon's unixctl server on 'path' (empty: OVS's default,
 * RUNDIR/PROGRAM.PID.ctl).  A daemon without its control socket cannot be
 * managed, so failure is fatal, as in every OVS daemon. */
UnixctlServerPtr create_unixctl_server(const std::string &path);

/* Replies to 'conn' with 'lines', one line each. */
void unixctl_reply_lines(unixctl_conn *conn,
                         const std::vector<std::string> &lines);

}  // namespace ovs

#endif  /* lib/unixctl-server.h */
