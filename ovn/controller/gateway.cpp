#include <config.h>

#include "ovn/controller/gateway.h"

#include <vector>

#include "lib/ovs-internal.h"
#include "ovn/controller/lport-datapaths.h"
#include "openvswitch/vlog.h"
#include "ovn/lib/sb-shim.h"

VLOG_DEFINE_THIS_MODULE(gateway);

COVERAGE_DEFINE(gateway_claim);
COVERAGE_DEFINE(gateway_release);

namespace ovn {

/* Looks at 'pb' again: hosted here or not, claimed or released as that
 * says.  Returns whether the set changed. */
bool
GatewayPorts::consider(sb::PortBinding pb, ovsdb_idl_txn *sb_txn,
                       sb::Chassis chassis)
{
    const ovs::Uuid uuid = pb.uuid();
    const bool was = ports_.count(uuid);
    const char *host = pb.is_deleted()
                       ? nullptr : pb.options().get("l3gateway-chassis");
    const bool is = chassis && !pb.is_deleted() && pb.type() == "l3gateway"
                    && pb.datapath() && host && chassis.name() == host;
    retry_.erase(uuid);

    if (is) {
        ports_[uuid] = Port{std::string(pb.logical_port()),
                            pb.datapath().uuid()};
        if (pb.chassis() != chassis) {
            if (sb_txn) {
                COVERAGE_INC(gateway_claim);
                VLOG_INFO("Claiming lport %s for this chassis.",
                          std::string(pb.logical_port()).c_str());
                sb_shim_port_binding_set_chassis(pb.get(), chassis.get());
            } else {
                retry_.insert(uuid);
            }
        }
        return !was;
    }
    ports_.erase(uuid);
    if (!pb.is_deleted() && chassis && pb.chassis() == chassis
        && (pb.type() == "l3gateway" || was)) {
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
