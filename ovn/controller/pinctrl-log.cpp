/* pinctrl-log: ACL log lines. */
#include <config.h>

#include "ovn/controller/pinctrl-log.h"

#include "lib/json-quote.h"
#include "openvswitch/vlog.h"
#include "ovn/lib/logical-fields.h"

VLOG_DEFINE_THIS_MODULE(acl_log);

namespace ovn {

bool
acl_log_enabled()
{
    return vlog_is_enabled(&this_module, VLL_INFO);
}

void
acl_log_write(const std::string &line)
{
    VLOG_INFO("%s", line.c_str());
}

const char *
acl_log_direction(uint8_t table_id)
{
    return table_id < OFTABLE_LOG_EGRESS_PIPELINE ? "from-lport"
                                                  : "to-lport";
}

/* The verdicts in the order log()'s userdata numbers them. */
static const char *
verdict_name(uint8_t verdict)
{
    static const char *const names[] = { "allow", "drop", "reject" };
    return verdict < 3 ? names[verdict] : "<unknown>";
}

/* Syslog levels, the ones an ACL may name. */
static const char *
severity_name(uint8_t severity)
{
    switch (severity) {
    case 1: return "alert";
    case 4: return "warning";
    case 5: return "notice";
    case 6: return "info";
    case 7: return "debug";
    default: return "<unknown>";
    }
}

bool
acl_log_line(std::string_view payload, std::string_view direction,
             std::string_view flow, std::string *line)
{
    if (payload.size() < 2) {
        return false;
    }
    std::string_view name = payload.substr(2);
    std::string s = "name=";
    s += ovs::json_quote(name.empty() ? std::string_view("<unnamed>") : name);
    s += ", verdict=";
    s += verdict_name(static_cast<uint8_t>(payload[0]));
    s += ", severity=";
    s += severity_name(static_cast<uint8_t>(payload[1]));
    s += ", direction=";
    s += direction;
    s += ": ";
    s += flow;
    *line = std::move(s);
    return true;
}

}  // namespace ovn
