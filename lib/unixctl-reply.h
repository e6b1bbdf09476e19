/* Replies to unixctl commands from C++.  Anyone may include this. */
#ifndef LIB_UNIXCTL_REPLY_H
#define LIB_UNIXCTL_REPLY_H 1

#include <string>
#include <vector>

#include "unixctl.h"

namespace ovs {

/* Replies to 'conn' with 'lines', one line each. */
void unixctl_reply_lines(unixctl_conn *conn,
                         const std::vector<std::string> &lines);

}  // namespace ovs

#endif  /* lib/unixctl-reply.h */
