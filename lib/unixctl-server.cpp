#include <config.h>

#include "lib/unixctl-server.h"

#include "lib/dynamic-string.h"
#include "util.h"

namespace ovs {

UnixctlServerPtr
create_unixctl_server(const std::string &path)
{
    unixctl_server *server;
    int error = unixctl_server_create(path.empty() ? nullptr : path.c_str(),
                                      &server);
    if (error) {
        ovs_fatal(error, "failed to create unixctl server");
    }
    return UnixctlServerPtr(server);
}

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
