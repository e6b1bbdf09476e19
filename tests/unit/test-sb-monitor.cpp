/* Tests for ovn/controller/sb-monitor: which tables' conditions a change
 * of the scope sets again.  The IDL never connects; what the server then
 * sends is tests/sb-monitor.at's. */

#include <config.h>

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <set>
#include <string>

#include "lib/c-ptr.h"
#include "ovn/controller/sb-monitor.h"
#include "ovn/lib/sb-rows.h"

namespace {

using ovn::SbMonitor;

constexpr const char NO_SERVER[] = "unix:/nonexistent/ovn-cxx/db.sock";

SbMonitor::Tables
tables(std::initializer_list<SbMonitor::Table> list)
{
    SbMonitor::Tables t;
    for (SbMonitor::Table table : list) {
        t.set(table);
    }
    return t;
}

const SbMonitor::Tables ALL = SbMonitor::Tables().set();
const SbMonitor::Tables NONE;
/* The tables scoped to the local datapaths (23.03 scopes IGMP_Group by
 * chassis and monitors Static_MAC_Binding whole). */
const SbMonitor::Tables BY_DATAPATH = tables({
    SbMonitor::PORT_BINDING, SbMonitor::LOGICAL_FLOW,
    SbMonitor::MULTICAST_GROUP, SbMonitor::MAC_BINDING,
    SbMonitor::IP_MULTICAST, SbMonitor::DNS});

ovs::Uuid
uuid(uint32_t n)
{
    return ovs::Uuid(n, 0, 0, 0);
}

class SbMonitorTest : public ::testing::Test {
protected:
    void
    SetUp() override
    {
        ovn::sb::Indexes *ix;
        sb_.reset(sb_gen_idl_create(NO_SERVER, false, &ix));
        ix_.reset(ix);
        scope_.chassis_name = "hv1";
        scope_.chassis = uuid(100);
        scope_.iface_ids = {"vif-a"};
        scope_.datapaths = {uuid(1), uuid(2), uuid(3)};
        ASSERT_EQ(ALL, monitor_.update(sb_.get(), scope_));
    }

    SbMonitor::Tables
    update()
    {
        return monitor_.update(sb_.get(), scope_);
    }

    ovs::IdlPtr sb_;
    ovn::sb::IndexesPtr ix_;
    SbMonitor monitor_;
    SbMonitor::Scope scope_;
};

TEST_F(SbMonitorTest, TheSameScopeSetsNothing)
{
    EXPECT_EQ(NONE, update());
    SbMonitor::Scope copy = scope_;
    EXPECT_EQ(NONE, monitor_.update(sb_.get(), copy));
}

TEST_F(SbMonitorTest, AnInterfaceIdSetsPortBindingOnly)
{
    scope_.iface_ids.insert("vif-b");
    EXPECT_EQ(tables({SbMonitor::PORT_BINDING}), update());
    scope_.iface_ids.clear();
    EXPECT_EQ(tables({SbMonitor::PORT_BINDING}), update());
}

TEST_F(SbMonitorTest, ADatapathSetsTheTablesItScopesOnly)
{
    scope_.datapaths.insert(uuid(4));
    EXPECT_EQ(BY_DATAPATH, update());
    EXPECT_FALSE(BY_DATAPATH.test(SbMonitor::CHASSIS_TEMPLATE_VAR));

    /* The datapath becomes local as its interface's id leaves the scope:
     * one update. */
    scope_.datapaths.erase(uuid(4));
    scope_.iface_ids.insert("vif-b");
    EXPECT_EQ(BY_DATAPATH, update());
    EXPECT_EQ(NONE, update());
}

TEST_F(SbMonitorTest, TheChassisSetsPortBindingItsOwnRowsAndTemplateVars)
{
    /* Its row scopes the ports bound to it, its IGMP groups and its
     * controller events. */
    scope_.chassis = uuid(101);
    EXPECT_EQ(tables({SbMonitor::PORT_BINDING, SbMonitor::IGMP_GROUP,
                      SbMonitor::CONTROLLER_EVENT}),
              update());

    scope_.chassis_name = "hv2";
    EXPECT_EQ(tables({SbMonitor::PORT_BINDING,
                      SbMonitor::CHASSIS_TEMPLATE_VAR}), update());
}

TEST_F(SbMonitorTest, MonitorAllSetsEveryTableOnceEachWay)
{
    scope_.monitor_all = true;
    EXPECT_EQ(ALL, update());

    /* Every row is monitored already: the rest of the scope is moot. */
    scope_.datapaths.insert(uuid(4));
    scope_.iface_ids.insert("vif-b");
    scope_.chassis_name = "hv2";
    EXPECT_EQ(NONE, update());

    scope_.monitor_all = false;
    EXPECT_EQ(ALL, update());
}

TEST_F(SbMonitorTest, AfterAResetEveryTableIsSetAgain)
{
    monitor_.reset();
    EXPECT_EQ(ALL, update());
    EXPECT_EQ(NONE, update());
}

TEST_F(SbMonitorTest, ConditionsOfSomeTablesAreAwaitedToo)
{
    /* Never connected, the server has applied nothing yet. */
    EXPECT_FALSE(monitor_.acked(sb_.get()));
    scope_.iface_ids.insert("vif-b");
    ASSERT_EQ(tables({SbMonitor::PORT_BINDING}), update());
    EXPECT_FALSE(monitor_.acked(sb_.get()));

    /* A new IDL (reset) that was given nothing is up to date. */
    ovn::sb::Indexes *ix;
    ovs::IdlPtr other(sb_gen_idl_create(NO_SERVER, false, &ix));
    ovn::sb::IndexesPtr other_ix(ix);
    monitor_.reset();
    EXPECT_TRUE(monitor_.acked(other.get()));
    EXPECT_EQ(ALL, monitor_.update(other.get(), scope_));
    EXPECT_FALSE(monitor_.acked(other.get()));
}

/* Which unbound interfaces' ids the Port_Binding condition names, and what
 * setting the scope they give then costs. */
class MonitoredIfaceIdsTest : public SbMonitorTest {
protected:
    /* The ids of 'unbound' to monitor, with the Port_Bindings known in
     * 'rows_' (logical port -> datapath) and the scope's datapaths. */
    std::set<std::string>
    monitored(const std::set<std::string> &unbound) const
    {
        return SbMonitor::monitored_iface_ids(
            unbound,
            [this](const std::string &id) -> std::optional<ovs::Uuid> {
                auto it = rows_.find(id);
                if (it == rows_.end()) {
                    return std::nullopt;
                }
                return it->second;
            },
            scope_.datapaths);
    }

    std::map<std::string, ovs::Uuid> rows_;
};

TEST_F(MonitoredIfaceIdsTest, AnIdOnALocalDatapathSetsNoTable)
{
    rows_["vif-a"] = uuid(9);       /* Not local: named. */
    rows_["vif-b"] = uuid(2);       /* Local. */
    EXPECT_EQ((std::set<std::string>{"vif-a"}),
              monitored({"vif-a", "vif-b"}));

    /* vif-b's interface comes (unbound until binding claims it), then
     * is bound, then unbound and gone: the conditions never change. */
    scope_.iface_ids = monitored({"vif-a", "vif-b"});
    EXPECT_EQ(NONE, update());
    scope_.iface_ids = monitored({"vif-a"});
    EXPECT_EQ(NONE, update());
}

TEST_F(MonitoredIfaceIdsTest, AnIdWhoseRowIsUnknownOrNotLocalSetsPortBinding)
{
    rows_["vif-a"] = uuid(9);
    scope_.iface_ids = monitored({"vif-a"});
    ASSERT_EQ(NONE, update());

    /* An interface before its Port_Binding. */
    scope_.iface_ids = monitored({"vif-a", "vif-new"});
    EXPECT_EQ((std::set<std::string>{"vif-a", "vif-new"}), scope_.iface_ids);
    EXPECT_EQ(tables({SbMonitor::PORT_BINDING}), update());

    /* Its row comes, on a datapath that is not local (a port requested
     * for another chassis, the first port of a datapath): still named. */
    rows_["vif-new"] = uuid(8);
    scope_.iface_ids = monitored({"vif-a", "vif-new"});
    EXPECT_EQ(NONE, update());

    /* Moved by northd (deleted, re-created) onto a local datapath: its
     * datapath brings it now. */
    rows_["vif-new"] = uuid(3);
    scope_.iface_ids = monitored({"vif-a", "vif-new"});
    EXPECT_EQ((std::set<std::string>{"vif-a"}), scope_.iface_ids);
    EXPECT_EQ(tables({SbMonitor::PORT_BINDING}), update());
}

TEST_F(MonitoredIfaceIdsTest, ADatapathLeavingGivesItsPortsIdsBack)
{
    rows_["vif-a"] = uuid(9);
    rows_["vif-b"] = uuid(3);
    rows_["vif-c"] = uuid(3);
    scope_.iface_ids = monitored({"vif-a", "vif-b", "vif-c"});
    ASSERT_EQ((std::set<std::string>{"vif-a"}), scope_.iface_ids);
    ASSERT_EQ(NONE, update());

    /* Datapath 3 stops being local while vif-b and vif-c are still
     * there (requested for another chassis, say): one condition change
     * drops the datapath and names them. */
    scope_.datapaths.erase(uuid(3));
    scope_.iface_ids = monitored({"vif-a", "vif-b", "vif-c"});
    EXPECT_EQ((std::set<std::string>{"vif-a", "vif-b", "vif-c"}),
              scope_.iface_ids);
    EXPECT_EQ(BY_DATAPATH, update());
    EXPECT_EQ(NONE, update());
}

}  // namespace
