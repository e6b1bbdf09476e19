#include <config.h>

#include "ovn/controller/gateway.h"

#include <string_view>
#include <vector>

#include "lib/ovs-internal.h"
#include "openvswitch/vlog.h"
#include "ovn/controller/lport-datapaths.h"
#include "ovn/lib/sb-shim.h"

VLOG_DEFINE_THIS_MODULE(gateway);

COVERAGE_DEFINE(gateway_claim);
COVERAGE_DEFINE(gateway_release);

namespace ovn {

namespace {

/* The option of a gateway port of type 'type' that names its chassis, or
 * null if 'type' is not a gateway type. */
const char *
host_option(std::string_view type)
{
    return (type == "l3gateway" ? "l3gateway-chassis"
            : type == "l2gateway" ? "l2gateway-chassis"
            : nullptr);
}

}  // namespace

/* Looks at 'pb' again: hosted here or not, claimed or released as that
 * says.  Returns whether the set changed. */
bool
GatewayPorts::consider(sb::PortBinding pb, ovsdb_idl_txn *sb_txn,
                       sb::Chassis chassis)
{
    const ovs::Uuid uuid = pb.uuid();
    auto old = ports_.find(uuid);
    const bool was = old != ports_.end();
    const bool was_l2 = was && old->second.l2;
    const char *option = pb.is_deleted() ? nullptr : host_option(pb.type());
    const char *host = option ? pb.options().get(option) : nullptr;
    const bool is = chassis && pb.datapath() && host
                    && chassis.name() == host;
    retry_.erase(uuid);

    if (is) {
        const bool l2 = pb.type() == "l2gateway";
        ports_[uuid] = Port{std::string(pb.logical_port()),
                            pb.datapath().uuid(), l2};
        /* As 23.03, an l2gateway port is up once claimed: it has no
         * interface whose flows to wait for. */
        const bool set_up = l2 && !pb.up().value_or(false);
        if (pb.chassis() != chassis || set_up) {
            if (sb_txn) {
                if (pb.chassis() != chassis) {
                    COVERAGE_INC(gateway_claim);
                    VLOG_INFO("Claiming lport %s for this chassis.",
                              std::string(pb.logical_port()).c_str());
                    sb_shim_port_binding_set_chassis(pb.get(),
                                                     chassis.get());
                }
                if (set_up) {
                    sb_shim_port_binding_set_up(pb.get(), true);
                }
            } else {
                retry_.insert(uuid);
            }
        }
        return !was || was_l2 != l2;
    }
    ports_.erase(uuid);
    if (!pb.is_deleted() && chassis && pb.chassis() == chassis
        && (host_option(pb.type()) || was)) {
        if (sb_txn) {
            COVERAGE_INC(gateway_release);
            VLOG_INFO("Releasing lport %s from this chassis.",
                      std::string(pb.logical_port()).c_str());
            sb_shim_port_binding_set_chassis(pb.get(), nullptr);
        } else {
            retry_.insert(uuid);
        }
    }
    return was;
}

bool
GatewayPorts::run(const ovsdb_idl *sb, ovsdb_idl_txn *sb_txn,
                  sb::Chassis chassis, bool full)
{
    bool changed = false;
    if (full) {
        ports_.clear();
        retry_.clear();
        for (sb::PortBinding pb : sb::PortBinding::table(sb)) {
            consider(pb, sb_txn, chassis);
        }
        changed = true;
    } else {
        std::set<ovs::Uuid> seen;
        for (sb::PortBinding pb : sb::PortBinding::tracked(sb)) {
            seen.insert(pb.uuid());
            changed |= consider(pb, sb_txn, chassis);
        }
        const std::set<ovs::Uuid> retry = retry_;
        for (const ovs::Uuid &uuid : retry) {
            const sb::PortBinding pb = sb::PortBinding::get_for_uuid(sb,
                                                                     uuid);
            if (!seen.count(uuid) && pb) {
                changed |= consider(pb, sb_txn, chassis);
            }
        }
    }
    /* The row pointers may be new ones. */
    datapaths_ = lport_datapaths(sb, ports_);
    return changed;
}

bool
GatewayPorts::is_l2_resident(sb::PortBinding pb) const
{
    if (!pb) {
        return false;
    }
    auto it = ports_.find(pb.uuid());
    return it != ports_.end() && it->second.l2;
}

bool
GatewayPorts::is_l3_resident(sb::PortBinding pb) const
{
    if (!pb) {
        return false;
    }
    auto it = ports_.find(pb.uuid());
    return it != ports_.end() && !it->second.l2;
}

std::set<std::string>
GatewayPorts::lports() const
{
    std::set<std::string> names;
    for (const auto &[uuid, port] : ports_) {
        names.insert(port.name);
    }
    return names;
}

}  // namespace ovn
