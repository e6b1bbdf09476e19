#include <config.h>

#include "ovn/controller/sb-monitor.h"

#include <algorithm>

#include "lib/c-ptr.h"
#include "lib/shim/ovsdb-idl-shim.h"
#include "lib/smap-owner.h"
#include "lib/ovs-internal.h"
#include "openvswitch/vlog.h"

VLOG_DEFINE_THIS_MODULE(sb_monitor);

COVERAGE_DEFINE(sb_monitor_update);

namespace ovn {

namespace {

/* One condition per table, built clause by clause. */
struct Conditions {
    ovs::IdlConditionPtr pb{ovs_shim_condition_create()};
    ovs::IdlConditionPtr lf{ovs_shim_condition_create()};
    ovs::IdlConditionPtr mg{ovs_shim_condition_create()};
    ovs::IdlConditionPtr mb{ovs_shim_condition_create()};
    ovs::IdlConditionPtr smb{ovs_shim_condition_create()};
    ovs::IdlConditionPtr ipm{ovs_shim_condition_create()};
    ovs::IdlConditionPtr igmp{ovs_shim_condition_create()};
    ovs::IdlConditionPtr dns{ovs_shim_condition_create()};
    ovs::IdlConditionPtr ctv{ovs_shim_condition_create()};

    void
    add_true()
    {
        for (ovsdb_idl_condition *c : {pb.get(), lf.get(), mg.get(),
                                       mb.get(), smb.get(), ipm.get(),
                                       igmp.get(), dns.get(), ctv.get()}) {
            ovs_shim_condition_add_true(c);
        }
    }

    /* Returns the sequence number the IDL will reach once the server has
     * applied them all. */
    unsigned int
    set(ovsdb_idl *sb) const
    {
        unsigned int seqno = 0;
        seqno = std::max(seqno, sb::PortBinding::set_condition(sb, pb.get()));
        seqno = std::max(seqno, sb::LogicalFlow::set_condition(sb, lf.get()));
        seqno = std::max(seqno,
                         sb::MulticastGroup::set_condition(sb, mg.get()));
        seqno = std::max(seqno, sb::MacBinding::set_condition(sb, mb.get()));
        seqno = std::max(seqno,
                         sb::StaticMacBinding::set_condition(sb, smb.get()));
        seqno = std::max(seqno, sb::IpMulticast::set_condition(sb, ipm.get()));
        seqno = std::max(seqno, sb::IgmpGroup::set_condition(sb, igmp.get()));
        seqno = std::max(seqno, sb::Dns::set_condition(sb, dns.get()));
        seqno = std::max(seqno,
                         sb::ChassisTemplateVar::set_condition(sb, ctv.get()));
        return seqno;
    }
};

void
add_scoped_clauses(Conditions &c, const SbMonitor::Scope &scope)
{
    using sb::PortBinding;
    PortBinding::add_clause_type(c.pb.get(), OVS_SHIM_F_EQ, "patch");
    PortBinding::add_clause_type(c.pb.get(), OVS_SHIM_F_EQ,
                                 "chassisredirect");
    /* An HA chassis learns of the external ports its groups place. */
    PortBinding::add_clause_type(c.pb.get(), OVS_SHIM_F_EQ, "external");
    if (scope.chassis) {
        PortBinding::add_clause_chassis(c.pb.get(), OVS_SHIM_F_EQ,
                                        *scope.chassis);
        PortBinding::add_clause_requested_chassis(c.pb.get(), OVS_SHIM_F_EQ,
                                                  *scope.chassis);
    }
    if (!scope.chassis_name.empty()) {
        for (const char *key : {"l2gateway-chassis", "l3gateway-chassis"}) {
            ovs::Smap options;
            options.add(key, scope.chassis_name);
            PortBinding::add_clause_options(c.pb.get(), OVS_SHIM_F_INCLUDES,
                                            options.get());
        }
        sb::ChassisTemplateVar::add_clause_chassis(
            c.ctv.get(), OVS_SHIM_F_EQ, scope.chassis_name.c_str());
    }
    for (const std::string &iface_id : scope.iface_ids) {
        PortBinding::add_clause_logical_port(c.pb.get(), OVS_SHIM_F_EQ,
                                             iface_id.c_str());
    }
    for (const ovs::Uuid &dp : scope.datapaths) {
        PortBinding::add_clause_datapath(c.pb.get(), OVS_SHIM_F_EQ, dp);
        sb::LogicalFlow::add_clause_logical_datapath(c.lf.get(),
                                                     OVS_SHIM_F_EQ, dp);
        sb::MulticastGroup::add_clause_datapath(c.mg.get(), OVS_SHIM_F_EQ,
                                                dp);
        sb::MacBinding::add_clause_datapath(c.mb.get(), OVS_SHIM_F_EQ, dp);
        sb::StaticMacBinding::add_clause_datapath(c.smb.get(),
                                                  OVS_SHIM_F_EQ, dp);
        sb::IpMulticast::add_clause_datapath(c.ipm.get(), OVS_SHIM_F_EQ, dp);
        sb::IgmpGroup::add_clause_datapath(c.igmp.get(), OVS_SHIM_F_EQ, dp);
        sb::Dns::add_clause_datapaths(c.dns.get(), OVS_SHIM_F_INCLUDES, dp);
    }
    /* Every logical flow of a datapath group, as 23.03 asks: a flow
     * that moves to a new group (northd replaces the group when a
     * datapath joins it) then arrives in the same update as the removal
     * of its old row, not a condition change later, which would take
     * the flow off the switch for that long. */
    sb::LogicalFlow::add_clause_logical_dp_group(c.lf.get(), OVS_SHIM_F_NE,
                                                 std::nullopt);
}

}  // namespace

bool
SbMonitor::Scope::operator==(const Scope &o) const
{
    if (monitor_all || o.monitor_all) {
        return monitor_all == o.monitor_all;
    }
    return chassis_name == o.chassis_name && chassis == o.chassis
           && iface_ids == o.iface_ids && datapaths == o.datapaths;
}

bool
SbMonitor::update(ovsdb_idl *sb, const Scope &scope)
{
    if (last_ && *last_ == scope) {
        return false;
    }
    COVERAGE_INC(sb_monitor_update);
    VLOG_DBG("new monitor conditions: %zu iface-ids, %zu datapaths",
             scope.iface_ids.size(), scope.datapaths.size());
    Conditions c;
    if (scope.monitor_all) {
        c.add_true();
    } else {
        add_scoped_clauses(c, scope);
    }
    expected_seqno_ = c.set(sb);
    if (!last_ || last_->monitor_all != scope.monitor_all) {
        VLOG_INFO("monitoring %s of the Southbound",
                  scope.monitor_all ? "all" : "the local datapaths");
    }
    last_ = scope;
    return true;
}

bool
SbMonitor::acked(const ovsdb_idl *sb) const
{
    return ovs_shim_idl_conditions_acked(sb, expected_seqno_);
}

}  // namespace ovn
