/* ovn/controller/physical on in-memory Open_vSwitch and Southbound
 * databases: which rows own which desired flows, in full and incremental
 * computation.  No daemon: the flows are ofctrl's desired flows. */
#include <config.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "lib/c-ptr.h"
#include "lib/ovs-internal.h"
#include "lib/shim/ovsdb-idl-shim.h"
#include "lib/shim/vswitch-idl-shim.h"
#include "ovn/controller/binding.h"
#include "ovn/controller/ct-zones.h"
#include "ovn/controller/local-datapaths.h"
#include "ovn/controller/encaps.h"
#include "ovn/controller/gateway.h"
#include "ovn/controller/ofctrl.h"
#include "ovn/controller/patch.h"
#include "ovn/controller/physical.h"
#include "ovn/lib/sb-rows.h"
#include "ovn/lib/sb-shim.h"
#include "tests/unit/chassis-fixture.h"
#include "tests/unit/ovs-fixture.h"
#include "tests/unit/sb-fixture.h"

/* physical.cpp's count of Multicast_Groups whose flows were computed
 * (COVERAGE_DEFINE gives it external linkage). */
extern struct coverage_counter counter_physical_mc_group;
/* ... and of the members whose part of those flows was taken from the
 * group's last computation. */
extern struct coverage_counter counter_physical_mc_member_kept;

namespace {

/* The groups computed since the last call, in this thread. */
unsigned int
groups_computed()
{
    return counter_physical_mc_group.count();
}

namespace sb = ovn::sb;

/* sw0 with VIFs lp1 and lp2 and a flood group of both; lp1 on vif1
 * (OpenFlow port 5). */
class PhysicalTest : public ovn_test::ChassisFixture {
protected:
    PhysicalTest() : ChassisFixture(true) {}

    void
    SetUp() override
    {
        ChassisFixture::SetUp();

        const sbrec_datapath_binding *sw0
            = sb_fixture_datapath(sb_txn_.get(), 1, "sw0");
        lp1_ = sb::PortBinding(sb_fixture_port(sb_txn_.get(), sw0, "lp1", 1,
                                               "", nullptr, 0, nullptr));
        lp2_ = sb::PortBinding(sb_fixture_port(sb_txn_.get(), sw0, "lp2", 2,
                                               "", nullptr, 0, nullptr));
        const sbrec_port_binding *members[] = {lp1_.get(), lp2_.get()};
        flood_ = sb::MulticastGroup(sb_fixture_multicast_group(
                                        sb_txn_.get(), sw0, "_MC_flood",
                                        32768, members, 2));
        ovs_fixture_vif(ovs_txn_.get(), br_, "vif1", "lp1", 5);
    }

    void
    bind()
    {
        ASSERT_TRUE(bindings_.run(sb_.get(), ix_.get(), sb_txn_.get(), br_,
                                  hv1_));
        datapaths_.run(ix_.get(), bindings_.local_datapaths());
    }

    ovn::PhysicalInput
    input() const
    {
        return ovn::PhysicalInput{sb_.get(), ix_.get(), hv1_, &bindings_,
                                  &datapaths_, &patch_ports_, &gateways_,
                                  &zones_, &tunnels_,
                                  static_cast<mf_field_id>(0)};
    }

    /* The desired flows 'owner' has. */
    static std::vector<std::string>
    flows_of(const ovs::Uuid &owner)
    {
        std::vector<std::string> flows;
        const std::string tag = "owner=" + owner.to_string();
        for (const std::string &f : ovn::ofctrl_dump_desired()) {
            if (f.size() >= tag.size()
                && !f.compare(f.size() - tag.size(), tag.size(), tag)) {
                flows.push_back(f);
            }
        }
        return flows;
    }

    static bool
    any_contains(const std::vector<std::string> &flows,
                 const std::string &s)
    {
        return std::any_of(flows.begin(), flows.end(),
                           [&](const std::string &f) {
                               return f.find(s) != std::string::npos;
                           });
    }

    sb::PortBinding lp1_, lp2_;
    sb::MulticastGroup flood_;
    ovn::Bindings bindings_;
    ovn::LocalDatapaths datapaths_;
    ovn::PatchPorts patch_ports_;
    ovn::GatewayPorts gateways_;
    ovn::CtZones zones_;
    ovn::Tunnels tunnels_;
    ovn::Physical physical_;
};

TEST_F(PhysicalTest, NoLocalPortOnlyDefaults)
{
    ovs_fixture_clear_ports(br_);
    bind();
    physical_.run(input());
    EXPECT_TRUE(flows_of(lp1_.uuid()).empty());
    EXPECT_TRUE(flows_of(flood_.uuid()).empty());
    EXPECT_FALSE(flows_of(ovn::Physical::DEFAULT_FLOWS_OWNER).empty());
}

TEST_F(PhysicalTest, LocalVifOwnsItsFlowsInTables0To65)
{
    bind();
    physical_.run(input());
    const std::vector<std::string> flows = flows_of(lp1_.uuid());
    ASSERT_EQ(flows.size(), 5u);
    EXPECT_TRUE(any_contains(flows, "in_port=5"));
    EXPECT_TRUE(any_contains(flows, "output:5"));
    /* lp2 has no interface here, and no tunnel reaches it. */
    EXPECT_TRUE(flows_of(lp2_.uuid()).empty());
    /* The flood group reaches the one local member. */
    const std::vector<std::string> mc = flows_of(flood_.uuid());
    ASSERT_EQ(mc.size(), 1u);
    EXPECT_NE(mc[0].find("table=40"), std::string::npos);
}

TEST_F(PhysicalTest, AContainerOnAnotherSwitchClearsInPortForItsParentThere)
{
    /* c1, a container of lp1 (VLAN 42), on sw1, which nothing else makes
     * local. */
    const sbrec_datapath_binding *sw1
        = sb_fixture_datapath(sb_txn_.get(), 7, "sw1");
    const int64_t tag = 42;
    const sb::PortBinding c1(sb_fixture_port(sb_txn_.get(), sw1, "c1", 3,
                                             "", nullptr, 0, &tag));
    sb_fixture_port_set_parent(c1.get(), "lp1");
    bind();
    ASSERT_TRUE(bindings_.find("c1"));
    physical_.run(input());

    /* Its VLAN on its parent's OpenFlow port, into sw1. */
    const std::vector<std::string> flows = flows_of(c1.uuid());
    EXPECT_TRUE(any_contains(flows, "in_port=5,dl_vlan=42"));
    /* Table 64, as 23.03: the parent's key (1) on the container's
     * datapath (7), from a container; and its own key, always. */
    EXPECT_TRUE(any_contains(
        flows, "table=64, priority=100, reg10=0x20/0x20,reg15=0x1,"
               "metadata=0x7"));
    EXPECT_TRUE(any_contains(
        flows, "table=64, priority=100, reg15=0x3,metadata=0x7"));
    /* The parent has no flow of that kind on its own datapath: no
     * container of it lies there. */
    EXPECT_FALSE(any_contains(flows_of(lp1_.uuid()), "reg10=0x20/0x20"));
}

TEST_F(PhysicalTest, OnePortsChangeReplacesOnlyItsRows)
{
    ovs_fixture_vif(ovs_txn_.get(), br_, "vif2", "lp2", 6);
    bind();
    physical_.run(input());
    const std::vector<std::string> lp1_flows = flows_of(lp1_.uuid());
    EXPECT_EQ(flows_of(lp2_.uuid()).size(), 5u);
    ASSERT_EQ(flows_of(flood_.uuid()).size(), 1u);
    EXPECT_NE(flows_of(flood_.uuid())[0].find("set_field:0x2->reg15"),
              std::string::npos);
    bindings_.clear_changes();

    /* vif2 goes: lp2 is no longer bound, sw0 stays local. */
    ovs_fixture_clear_ports(br_);
    ovs_fixture_vif(ovs_txn_.get(), br_, "vif1", "lp1", 5);
    bind();
    ASSERT_FALSE(bindings_.datapaths_changed());
    const std::vector<std::string> replaced = physical_.handle_changes(
        input(), bindings_.changed_port_bindings());
    EXPECT_TRUE(replaced.empty());
    EXPECT_TRUE(flows_of(lp2_.uuid()).empty());
    EXPECT_EQ(flows_of(lp1_.uuid()), lp1_flows);
    /* The group was recomputed: one local member left. */
    const std::vector<std::string> mc = flows_of(flood_.uuid());
    ASSERT_EQ(mc.size(), 1u);
    EXPECT_EQ(mc[0].find("set_field:0x2->reg15"), std::string::npos);
    EXPECT_NE(mc[0].find("set_field:0x1->reg15"), std::string::npos);
}


TEST_F(PhysicalTest, APortsChangeRecomputesOnlyTheGroupsThatListIt)
{
    /* A second group of sw0, without lp2. */
    const sbrec_port_binding *lp1_only[] = {lp1_.get()};
    const sb::MulticastGroup unknown(sb_fixture_multicast_group(
        sb_txn_.get(), lp1_.datapath().get(), "_MC_unknown", 32769,
        lp1_only, 1));
    ovs_fixture_vif(ovs_txn_.get(), br_, "vif2", "lp2", 6);
    bind();
    groups_computed();
    physical_.run(input());
    EXPECT_EQ(2u, groups_computed());
    const std::vector<std::string> unknown_flows = flows_of(unknown.uuid());
    ASSERT_EQ(unknown_flows.size(), 1u);
    bindings_.clear_changes();

    /* lp2 loses its interface: the flood group, which lists it, drops it;
     * the other group is not computed again. */
    ovs_fixture_clear_ports(br_);
    ovs_fixture_vif(ovs_txn_.get(), br_, "vif1", "lp1", 5);
    bind();
    ASSERT_FALSE(bindings_.datapaths_changed());
    physical_.handle_changes(input(), bindings_.changed_port_bindings());
    EXPECT_EQ(1u, groups_computed());
    const std::vector<std::string> mc = flows_of(flood_.uuid());
    ASSERT_EQ(mc.size(), 1u);
    EXPECT_EQ(mc[0].find("set_field:0x2->reg15"), std::string::npos);
    EXPECT_EQ(flows_of(unknown.uuid()), unknown_flows);

    /* lp2 bound again: the flood group has it back. */
    bindings_.clear_changes();
    ovs_fixture_vif(ovs_txn_.get(), br_, "vif2", "lp2", 6);
    bind();
    physical_.handle_changes(input(), bindings_.changed_port_bindings());
    EXPECT_EQ(1u, groups_computed());
    ASSERT_EQ(flows_of(flood_.uuid()).size(), 1u);
    EXPECT_NE(flows_of(flood_.uuid())[0].find("set_field:0x2->reg15"),
              std::string::npos);

    /* A change of lp1, which both list, that leaves what it gives them
     * as it was (our own claim's Port_Binding.chassis or 'up' coming
     * back): neither group is computed again, and both keep their flows. */
    bindings_.clear_changes();
    const std::vector<std::string> flood_flows = flows_of(flood_.uuid());
    physical_.handle_changes(input(), {lp1_.uuid()});
    EXPECT_EQ(0u, groups_computed());
    EXPECT_EQ(flows_of(flood_.uuid()), flood_flows);
    EXPECT_EQ(flows_of(unknown.uuid()), unknown_flows);

    /* lp1 gets a conntrack zone, which both groups load: both. */
    ASSERT_TRUE(zones_.change(nullptr, {"lp1"}, {}));
    char zone[32];
    snprintf(zone, sizeof zone, "set_field:%#x->reg13",
             unsigned(*zones_.find("lp1")));
    physical_.handle_changes(input(), {lp1_.uuid()});
    EXPECT_EQ(2u, groups_computed());
    ASSERT_EQ(flows_of(unknown.uuid()).size(), 1u);
    EXPECT_NE(flows_of(unknown.uuid())[0].find(zone), std::string::npos);
    ASSERT_EQ(flows_of(flood_.uuid()).size(), 1u);
    EXPECT_NE(flows_of(flood_.uuid())[0].find(zone), std::string::npos);
}

TEST_F(PhysicalTest, AGroupComputedAgainReusesItsUnchangedMembersParts)
{
    /* sw0 gets lp3 (no interface) and lp4 (on vif4), and a group of
     * lp1 to lp4. */
    const sbrec_datapath_binding *sw0 = lp1_.datapath().get();
    const sb::PortBinding lp3(sb_fixture_port(sb_txn_.get(), sw0, "lp3", 3,
                                              "", nullptr, 0, nullptr));
    const sb::PortBinding lp4(sb_fixture_port(sb_txn_.get(), sw0, "lp4", 4,
                                              "", nullptr, 0, nullptr));
    const sbrec_port_binding *four[] = {lp1_.get(), lp2_.get(), lp3.get(),
                                        lp4.get()};
    const sb::MulticastGroup unknown(sb_fixture_multicast_group(
        sb_txn_.get(), sw0, "_MC_unknown", 32769, four, 4));
    ovs_fixture_vif(ovs_txn_.get(), br_, "vif2", "lp2", 6);
    ovs_fixture_vif(ovs_txn_.get(), br_, "vif4", "lp4", 8);
    bind();
    physical_.run(input());
    ASSERT_EQ(flows_of(unknown.uuid()).size(), 1u);
    groups_computed();
    counter_physical_mc_member_kept.count();
    bindings_.clear_changes();

    /* lp2 loses its interface: both groups are computed again; lp2's
     * part is computed anew (the flows no longer output to it), the
     * others' (lp1's in the flood group, lp1's, lp3's and lp4's in the
     * other) are those of last time. */
    ovs_fixture_clear_ports(br_);
    ovs_fixture_vif(ovs_txn_.get(), br_, "vif1", "lp1", 5);
    ovs_fixture_vif(ovs_txn_.get(), br_, "vif4", "lp4", 8);
    bind();
    physical_.handle_changes(input(), bindings_.changed_port_bindings());
    EXPECT_EQ(2u, groups_computed());
    EXPECT_EQ(4u, counter_physical_mc_member_kept.count());
    const std::vector<std::string> flows = flows_of(unknown.uuid());
    ASSERT_EQ(flows.size(), 1u);
    EXPECT_NE(flows[0].find("set_field:0x1->reg15"), std::string::npos);
    EXPECT_EQ(flows[0].find("set_field:0x2->reg15"), std::string::npos);
    EXPECT_NE(flows[0].find("set_field:0x4->reg15"), std::string::npos);

    /* The same flows as a full computation's, which reuses nothing. */
    physical_.run(input());
    EXPECT_EQ(0u, counter_physical_mc_member_kept.count());
    EXPECT_EQ(flows_of(unknown.uuid()), flows);
    groups_computed();

    /* lp4 gets a conntrack zone and lp2 its interface back: both parts
     * are computed anew, lp1's and lp3's kept. */
    bindings_.clear_changes();
    ASSERT_TRUE(zones_.change(nullptr, {"lp4"}, {}));
    char zone[32];
    snprintf(zone, sizeof zone, "set_field:%#x->reg13",
             unsigned(*zones_.find("lp4")));
    ovs_fixture_vif(ovs_txn_.get(), br_, "vif2", "lp2", 6);
    bind();
    std::set<ovs::Uuid> changed = bindings_.changed_port_bindings();
    changed.insert(lp4.uuid());
    physical_.handle_changes(input(), changed);
    EXPECT_EQ(2u, groups_computed());
    EXPECT_EQ(3u, counter_physical_mc_member_kept.count());
    ASSERT_EQ(flows_of(unknown.uuid()).size(), 1u);
    EXPECT_NE(flows_of(unknown.uuid())[0].find("set_field:0x2->reg15"),
              std::string::npos);
    EXPECT_NE(flows_of(unknown.uuid())[0].find(zone), std::string::npos);
    const std::vector<std::string> incremental = flows_of(unknown.uuid());
    physical_.run(input());
    EXPECT_EQ(flows_of(unknown.uuid()), incremental);
}

TEST_F(PhysicalTest, AGroupIsComputedAgainWhenAMembersOpenFlowPortGoes)
{
    ovs_fixture_clear_ports(br_);
    const ovsrec_interface *vif1 = ovs_fixture_vif(ovs_txn_.get(), br_,
                                                   "vif1", "lp1", 5);
    ovs_fixture_vif(ovs_txn_.get(), br_, "vif2", "lp2", 6);
    bind();
    physical_.run(input());
    ASSERT_EQ(flows_of(flood_.uuid()).size(), 1u);
    groups_computed();
    bindings_.clear_changes();

    /* vif1 loses its OpenFlow port: the group outputs to lp2 alone. */
    ovs_fixture_set_ofport(vif1, -1);
    bind();
    physical_.handle_changes(input(), bindings_.changed_port_bindings());
    EXPECT_EQ(1u, groups_computed());
    ASSERT_EQ(flows_of(flood_.uuid()).size(), 1u);
    EXPECT_EQ(flows_of(flood_.uuid())[0].find("set_field:0x1->reg15"),
              std::string::npos);

    /* And gets one again: lp1 is back in the group. */
    bindings_.clear_changes();
    ovs_fixture_set_ofport(vif1, 7);
    bind();
    physical_.handle_changes(input(), bindings_.changed_port_bindings());
    EXPECT_EQ(1u, groups_computed());
    ASSERT_EQ(flows_of(flood_.uuid()).size(), 1u);
    EXPECT_NE(flows_of(flood_.uuid())[0].find("set_field:0x1->reg15"),
              std::string::npos);
}

}  // namespace
