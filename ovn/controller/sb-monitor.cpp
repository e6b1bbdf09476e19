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
COVERAGE_DEFINE(sb_monitor_table_set);

namespace ovn {

namespace {

using Table = SbMonitor::Table;
using Tables = SbMonitor::Tables;

/* Each table's setter, by SbMonitor::Table: sets the table's condition in
 * an IDL and returns the sequence number the IDL will reach once the
 * server has applied it. */
using SetCondition = unsigned int (*)(ovsdb_idl *,
                                      const ovsdb_idl_condition *);
constexpr SetCondition set_functions[SbMonitor::N_TABLES] = {
    sb::PortBinding::set_condition,
    sb::LogicalFlow::set_condition,
    sb::MulticastGroup::set_condition,
    sb::MacBinding::set_condition,
    sb::IpMulticast::set_condition,
    sb::Dns::set_condition,
    sb::IgmpGroup::set_condition,
    sb::ControllerEvent::set_condition,
    sb::ChassisTemplateVar::set_condition,
};

/* The tables whose clauses name the local datapaths. */
const Tables datapath_tables = [] {
    Tables t;
    for (Table table : {SbMonitor::PORT_BINDING, SbMonitor::LOGICAL_FLOW,
                        SbMonitor::MULTICAST_GROUP, SbMonitor::MAC_BINDING,
                        SbMonitor::IP_MULTICAST, SbMonitor::DNS}) {
        t.set(table);
    }
    return t;
}();

/* The conditions of the tables given, built clause by clause. */
class Conditions {
public:
    explicit Conditions(const Tables &tables)
    {
        for (size_t i = 0; i < SbMonitor::N_TABLES; i++) {
            if (tables.test(i)) {
                conds_[i].reset(ovs_shim_condition_create());
            }
        }
    }

    /* Table 'table''s condition, or null if it is not being built. */
    ovsdb_idl_condition *
    operator[](Table table) const
    {
        return conds_[table].get();
    }

    void
    add_true()
    {
        for (const ovs::IdlConditionPtr &c : conds_) {
            if (c) {
                ovs_shim_condition_add_true(c.get());
            }
        }
    }

    /* Returns the sequence number the IDL will reach once the server has
     * applied them all, at least 'seqno' (that of those set before). */
    unsigned int
    set(ovsdb_idl *sb, unsigned int seqno) const
    {
        for (size_t i = 0; i < SbMonitor::N_TABLES; i++) {
            if (conds_[i]) {
                seqno = std::max(seqno,
                                 set_functions[i](sb, conds_[i].get()));
            }
        }
        return seqno;
    }

private:
    ovs::IdlConditionPtr conds_[SbMonitor::N_TABLES];
};

void
add_port_binding_clauses(ovsdb_idl_condition *pb,
                         const SbMonitor::Scope &scope)
{
    using sb::PortBinding;
    PortBinding::add_clause_type(pb, OVS_SHIM_F_EQ, "patch");
    PortBinding::add_clause_type(pb, OVS_SHIM_F_EQ, "chassisredirect");
    /* An HA chassis learns of the external ports its groups place. */
    PortBinding::add_clause_type(pb, OVS_SHIM_F_EQ, "external");
    if (scope.chassis) {
        PortBinding::add_clause_chassis(pb, OVS_SHIM_F_EQ, *scope.chassis);
        PortBinding::add_clause_requested_chassis(pb, OVS_SHIM_F_EQ,
                                                  *scope.chassis);
    }
    if (!scope.chassis_name.empty()) {
        for (const char *key : {"l2gateway-chassis", "l3gateway-chassis"}) {
            ovs::Smap options;
            options.add(key, scope.chassis_name);
            PortBinding::add_clause_options(pb, OVS_SHIM_F_INCLUDES,
                                            options.get());
        }
    }
    for (const std::string &iface_id : scope.iface_ids) {
        PortBinding::add_clause_logical_port(pb, OVS_SHIM_F_EQ,
                                             iface_id.c_str());
    }
    /* Every container port, whose datapath may be local only through it
     * (see sb-monitor.h). */
    PortBinding::add_clause_parent_port(pb, OVS_SHIM_F_NE, std::nullopt);
    for (const ovs::Uuid &dp : scope.datapaths) {
        PortBinding::add_clause_datapath(pb, OVS_SHIM_F_EQ, dp);
    }
}

/* The clauses of the tables that only the local datapaths scope, for those
 * of them that 'c' builds. */
void
add_datapath_clauses(const Conditions &c, const SbMonitor::Scope &scope)
{
    if (ovsdb_idl_condition *lf = c[SbMonitor::LOGICAL_FLOW]) {
        for (const ovs::Uuid &dp : scope.datapaths) {
            sb::LogicalFlow::add_clause_logical_datapath(lf, OVS_SHIM_F_EQ,
                                                         dp);
        }
        /* Every logical flow of a datapath group, as 23.03 asks: a flow
         * that moves to a new group (northd replaces the group when a
         * datapath joins it) then arrives in the same update as the
         * removal of its old row, not a condition change later, which
         * would take the flow off the switch for that long. */
        sb::LogicalFlow::add_clause_logical_dp_group(lf, OVS_SHIM_F_NE,
                                                     std::nullopt);
    }
    /* The others have one clause a datapath on their 'datapath' column
     * (DNS: 'datapaths' includes it). */
    using AddClause = void (*)(ovsdb_idl_condition *, ovs_shim_function,
                               const ovs::Uuid &);
    const std::pair<Table, AddClause> by_datapath[] = {
        {SbMonitor::MULTICAST_GROUP, sb::MulticastGroup::add_clause_datapath},
        {SbMonitor::MAC_BINDING, sb::MacBinding::add_clause_datapath},
        {SbMonitor::IP_MULTICAST, sb::IpMulticast::add_clause_datapath},
    };
    for (const auto &[table, add_clause] : by_datapath) {
        if (ovsdb_idl_condition *cond = c[table]) {
            for (const ovs::Uuid &dp : scope.datapaths) {
                add_clause(cond, OVS_SHIM_F_EQ, dp);
            }
        }
    }
    if (ovsdb_idl_condition *dns = c[SbMonitor::DNS]) {
        for (const ovs::Uuid &dp : scope.datapaths) {
            sb::Dns::add_clause_datapaths(dns, OVS_SHIM_F_INCLUDES, dp);
        }
    }
}

void
add_scoped_clauses(const Conditions &c, const SbMonitor::Scope &scope)
{
    if (ovsdb_idl_condition *pb = c[SbMonitor::PORT_BINDING]) {
        add_port_binding_clauses(pb, scope);
    }
    add_datapath_clauses(c, scope);
    if (scope.chassis) {
        if (ovsdb_idl_condition *igmp = c[SbMonitor::IGMP_GROUP]) {
            sb::IgmpGroup::add_clause_chassis(igmp, OVS_SHIM_F_EQ,
                                              *scope.chassis);
        }
        if (ovsdb_idl_condition *ce = c[SbMonitor::CONTROLLER_EVENT]) {
            sb::ControllerEvent::add_clause_chassis(ce, OVS_SHIM_F_EQ,
                                                    *scope.chassis);
        }
    }
    ovsdb_idl_condition *ctv = c[SbMonitor::CHASSIS_TEMPLATE_VAR];
    if (ctv && !scope.chassis_name.empty()) {
        sb::ChassisTemplateVar::add_clause_chassis(
            ctv, OVS_SHIM_F_EQ, scope.chassis_name.c_str());
    }
}

}  // namespace

std::set<std::string>
SbMonitor::monitored_iface_ids(
    const std::set<std::string> &unbound,
    const std::function<std::optional<ovs::Uuid>(const std::string &)>
        &datapath_of,
    const std::set<ovs::Uuid> &datapaths)
{
    std::set<std::string> ids;
    for (const std::string &id : unbound) {
        const std::optional<ovs::Uuid> dp = datapath_of(id);
        if (!dp || !datapaths.count(*dp)) {
            ids.insert(ids.end(), id);
        }
    }
    return ids;
}

bool
SbMonitor::Scope::operator==(const Scope &o) const
{
    if (monitor_all || o.monitor_all) {
        return monitor_all == o.monitor_all;
    }
    return chassis_name == o.chassis_name && chassis == o.chassis
           && iface_ids == o.iface_ids && datapaths == o.datapaths;
}

/* The tables whose clauses, built for 'scope', would differ from those
 * last set: every table's clauses are a function of the parts of the
 * scope named here. */
SbMonitor::Tables
SbMonitor::changed_tables(const Scope &scope) const
{
    Tables tables;
    if (!last_ || last_->monitor_all != scope.monitor_all) {
        return tables.set();
    } else if (scope.monitor_all) {
        return tables;
    }
    if (last_->datapaths != scope.datapaths) {
        tables |= datapath_tables;
    }
    if (last_->chassis != scope.chassis
        || last_->chassis_name != scope.chassis_name
        || last_->iface_ids != scope.iface_ids) {
        tables.set(PORT_BINDING);
    }
    if (last_->chassis != scope.chassis) {
        tables.set(IGMP_GROUP);
        tables.set(CONTROLLER_EVENT);
    }
    if (last_->chassis_name != scope.chassis_name) {
        tables.set(CHASSIS_TEMPLATE_VAR);
    }
    return tables;
}

SbMonitor::Tables
SbMonitor::update(ovsdb_idl *sb, const Scope &scope)
{
    const Tables tables = changed_tables(scope);
    if (tables.none()) {
        return tables;
    }
    COVERAGE_INC(sb_monitor_update);
    COVERAGE_ADD(sb_monitor_table_set, tables.count());
    VLOG_DBG("new monitor conditions for %zu tables: %zu iface-ids, "
             "%zu datapaths", tables.count(), scope.iface_ids.size(),
             scope.datapaths.size());
    Conditions c(tables);
    if (scope.monitor_all) {
        c.add_true();
    } else {
        add_scoped_clauses(c, scope);
    }
    expected_seqno_ = c.set(sb, expected_seqno_);
    if (!last_ || last_->monitor_all != scope.monitor_all) {
        VLOG_INFO("monitoring %s of the Southbound",
                  scope.monitor_all ? "all" : "the local datapaths");
    }
    last_ = scope;
    return tables;
}

bool
SbMonitor::acked(const ovsdb_idl *sb) const
{
    return ovs_shim_idl_conditions_acked(sb, expected_seqno_);
}

}  // namespace ovn
