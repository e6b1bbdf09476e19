#include <config.h>

#include "ovn/controller/lport-type.h"

#include <string>
#include <string_view>

#include "lib/ovs-internal.h"
#include "openvswitch/vlog.h"

VLOG_DEFINE_THIS_MODULE(lport_type);

COVERAGE_DEFINE(lport_type_unknown);

namespace ovn {

LportType
lport_type(sb::PortBinding pb)
{
    const std::string_view type = pb.type();
    if (type.empty()) {
        const auto parent = pb.parent_port();
        return parent && !parent->empty() ? LportType::CONTAINER
                                          : LportType::VIF;
    }
    static const struct {
        std::string_view name;
        LportType type;
    } types[] = {
        {"patch", LportType::PATCH},
        {"localnet", LportType::LOCALNET},
        {"localport", LportType::LOCALPORT},
        {"l2gateway", LportType::L2GATEWAY},
        {"l3gateway", LportType::L3GATEWAY},
        {"chassisredirect", LportType::CHASSISREDIRECT},
        {"external", LportType::EXTERNAL},
        {"virtual", LportType::VIRTUAL},
        {"vtep", LportType::VTEP},
        {"remote", LportType::REMOTE},
    };
    for (const auto &t : types) {
        if (t.name == type) {
            return t.type;
        }
    }
    return LportType::UNKNOWN;
}

bool
lport_type_is_known(sb::PortBinding pb)
{
    if (lport_type(pb) != LportType::UNKNOWN) {
        return true;
    }
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);
    COVERAGE_INC(lport_type_unknown);
    VLOG_WARN_RL(&rl, "Unknown port binding type '%s' for logical port %s: "
                 "ignoring the port", std::string(pb.type()).c_str(),
                 std::string(pb.logical_port()).c_str());
    return false;
}

bool
lport_binds_iface(sb::PortBinding pb)
{
    const LportType type = lport_type(pb);
    return type == LportType::VIF || type == LportType::LOCALPORT;
}

bool
lport_is_claimed(sb::PortBinding pb)
{
    return lport_type(pb) != LportType::LOCALPORT;
}

bool
lport_requested_elsewhere(sb::PortBinding pb, sb::Chassis chassis)
{
    if (!chassis) {
        return false;
    }
    if (const sb::Chassis requested = pb.requested_chassis()) {
        return requested != chassis;
    }
    const char *option = pb.options().get("requested-chassis");
    if (!option || !*option) {
        return false;
    }
    /* The main chassis is the first of the list. */
    const std::string_view list(option);
    const std::string_view main = list.substr(0, list.find(','));
    const std::string_view hostname = chassis.hostname();
    return main != chassis.name() && (hostname.empty() || main != hostname);
}

bool
lport_requested_additional(sb::PortBinding pb, sb::Chassis chassis)
{
    if (!chassis) {
        return false;
    }
    bool any = false;
    for (sb::Chassis ch : pb.requested_additional_chassis()) {
        if (ch == chassis) {
            return true;
        }
        any = true;
    }
    if (any || pb.requested_chassis()) {
        return false;
    }
    const char *option = pb.options().get("requested-chassis");
    if (!option) {
        return false;
    }
    std::string_view list(option);
    const std::string_view hostname = chassis.hostname();
    size_t comma = list.find(',');
    while (comma != std::string_view::npos) {
        list.remove_prefix(comma + 1);
        comma = list.find(',');
        const std::string_view name = list.substr(0, comma);
        if (!name.empty()
            && (name == chassis.name()
                || (!hostname.empty() && name == hostname))) {
            return true;
        }
    }
    return false;
}

bool
lport_has_additional_chassis(sb::PortBinding pb, sb::Chassis chassis)
{
    for (sb::Chassis ch : pb.additional_chassis()) {
        if (ch && ch == chassis) {
            return true;
        }
    }
    return false;
}

bool
lport_additional_activated(sb::PortBinding pb, std::string_view chassis_name)
{
    const char *activated = pb.options().get("additional-chassis-activated");
    std::string_view list(activated ? activated : "");
    while (!list.empty()) {
        const size_t comma = list.find(',');
        if (list.substr(0, comma) == chassis_name) {
            return true;
        }
        list.remove_prefix(comma == std::string_view::npos ? list.size()
                                                           : comma + 1);
    }
    return false;
}

}  // namespace ovn
