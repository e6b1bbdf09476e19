#include <config.h>

#include "lib/unixctl-reply.h"

#include "lib/dynamic-string.h"

namespace ovs {

void
unixctl_reply_lines(unixctl_conn *conn, const std::vector<std::string> &lines)
{
    Ds s;
    for (const std::string &line : lines) {
        s.put(line);
        s.put("\n");
    }
    unixctl_command_reply(conn, s.c_str());
}

}  // namespace ovs
