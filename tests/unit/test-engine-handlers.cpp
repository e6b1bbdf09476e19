/* The change handlers of ovn-controller's engine nodes
 * (docs/ovn-controller-engine.rst), on in-memory Open_vSwitch and
 * Southbound databases: for each change of an input, what the handler
 * answers, and that the node's data after it equal a full recompute's.
 *
 *   runtime_data           Bindings::note_changes() and run_changes()
 *                          against Bindings::run();
 *   ct_zones               ct_zones_handle_changes() against
 *                          ct_zones_recompute(), for bindings, local
 *                          datapaths and localnet ports that come and
 *                          go;
 *   tunnels                tunnels_handle_change(): tunnel ports added,
 *                          made usable and removed as chassis come and
 *                          go, giving up without a transaction;
 *   physical_flow_output   Physical::handle_changes() against
 *                          Physical::run(), on ofctrl's desired flows,
 *                          also when the local datapaths change.
 *
 * The in-memory IDLs track no changes (nothing comes from a server), so
 * the changes are given as the main loop gives them: BindingChanges for
 * the bindings, the changed bindings for the flows. */
#include <config.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "lib/c-ptr.h"
#include "lib/shim/ovsdb-idl-shim.h"
#include "lib/shim/vswitch-idl-shim.h"
#include "lib/smap-owner.h"
#include "ovn/controller/binding.h"
#include "ovn/controller/ct-zones.h"
#include "ovn/controller/encaps.h"
#include "ovn/controller/gateway.h"
#include "ovn/controller/local-datapaths.h"
#include "ovn/controller/ofctrl.h"
#include "ovn/controller/patch.h"
#include "ovn/controller/physical.h"
#include "ovn/lib/sb-rows.h"
#include "ovn/lib/sb-shim.h"
#include "tests/unit/chassis-fixture.h"
#include "tests/unit/ovs-fixture.h"
#include "tests/unit/sb-fixture.h"

namespace {

namespace sb = ovn::sb;

/* No zones recorded on the bridge, as on a chassis's first start. */
constexpr const ovn::RecordedZones *NO_ZONES = nullptr;

/* What a node's data amount to, for comparing an incremental run with a
 * full one: each binding's Port_Binding, interface and OpenFlow port, the
 * local datapaths, the unbound iface-ids. */
using BindingsState
    = std::tuple<std::map<std::string, std::tuple<ovs::Uuid,
                                                  const ovsrec_interface *,
                                                  int64_t>>,
                 std::set<ovs::Uuid>, std::set<std::string>>;

BindingsState
state_of(const ovn::Bindings &b)
{
    BindingsState s;
    for (const auto &[lport, lb] : b.bindings()) {
        std::get<0>(s)[lport] = {lb.pb.uuid(), lb.iface, lb.ofport};
    }
    for (const auto &[uuid, dp] : b.local_datapaths()) {
        std::get<1>(s).insert(uuid);
    }
    std::get<2>(s) = b.unbound_iface_ids();
    return s;
}

/* sw0 (lp1, lp2, lp3, flood group of the three) and sw1 (lp4, flood
 * group); vif1 on br-int carries lp1 at OpenFlow port 5. */
class EngineHandlersTest : public ovn_test::ChassisFixture {
protected:
    EngineHandlersTest() : ChassisFixture(true) {}

    void
    SetUp() override
    {
        ChassisFixture::SetUp();

        const sbrec_datapath_binding *sw0
            = sb_fixture_datapath(sb_txn_.get(), 1, "sw0");
        const sbrec_datapath_binding *sw1
            = sb_fixture_datapath(sb_txn_.get(), 2, "sw1");
        sw1_ = sb::DatapathBinding(sw1);
        const sbrec_port_binding *ports[3];
        for (int i = 0; i < 3; i++) {
            const std::string name = "lp" + std::to_string(i + 1);
            ports[i] = sb_fixture_port(sb_txn_.get(), sw0, name.c_str(),
                                       i + 1, "", nullptr, 0, nullptr);
        }
        lp2_ = sb::PortBinding(ports[1]);
        sb_fixture_multicast_group(sb_txn_.get(), sw0, "_MC_flood", 32768,
                                   ports, 3);
        const sbrec_port_binding *lp4
            = sb_fixture_port(sb_txn_.get(), sw1, "lp4", 1, "", nullptr, 0,
                              nullptr);
        lp4_ = sb::PortBinding(lp4);
        sb_fixture_multicast_group(sb_txn_.get(), sw1, "_MC_flood", 32768,
                                   &lp4, 1);
        ovs_fixture_vif(ovs_txn_.get(), br_, "vif1", "lp1", 5);

        /* The first run computes everything. */
        ASSERT_TRUE(bindings_.run(sb_.get(), ix_.get(), sb_txn_.get(), br_,
                                  hv1_));
        datapaths_.run(ix_.get(), bindings_.local_datapaths());
        ovn::ct_zones_recompute(zones_, NO_ZONES, sources());
        physical_.run(input());
        bindings_.clear_changes();
        datapaths_.clear_changes();
    }

    ovn::PhysicalInput
    input() const
    {
        return ovn::PhysicalInput{sb_.get(), ix_.get(), hv1_, &bindings_,
                                  &datapaths_, &patch_ports_, &gateways_,
                                  &zones_, &tunnels_,
                                  static_cast<mf_field_id>(0)};
    }

    ovn::CtZoneSources
    sources() const
    {
        return ovn::CtZoneSources{bindings_, gateways_, datapaths_};
    }

    /* runtime_data's handler: whether the bindings had anything to do. */
    bool
    handle(const ovn::BindingChanges &changes)
    {
        if (!bindings_.note_changes(br_, hv1_, changes)) {
            return false;
        }
        EXPECT_TRUE(bindings_.run_changes(ix_.get(), sb_txn_.get(), hv1_));
        /* No patch port here: the local datapaths are the bound ones. */
        datapaths_.run(ix_.get(), bindings_.local_datapaths());
        return true;
    }

    /* The bindings a full run computes from the same databases. */
    BindingsState
    full_bindings() const
    {
        ovn::Bindings full;
        EXPECT_TRUE(full.run(sb_.get(), ix_.get(), sb_txn_.get(), br_, hv1_));
        return state_of(full);
    }

    /* A new port on br-int, as the IDL reports it. */
    static ovn::BindingChanges
    new_port(const ovsrec_interface *iface)
    {
        ovn::BindingChanges changes;
        changes.ports = true;
        changes.new_interfaces.push_back(iface);
        return changes;
    }

    static ovn::BindingChanges
    changed_interface(const ovsrec_interface *iface)
    {
        ovn::BindingChanges changes;
        changes.interfaces.push_back(iface);
        return changes;
    }

    /* br-int with only vif1 again (a port deleted). */
    ovn::BindingChanges
    only_vif1()
    {
        ovs_fixture_clear_ports(br_);
        ovn::BindingChanges changes = new_port(
            ovs_fixture_vif(ovs_txn_.get(), br_, "vif1", "lp1", 5));
        return changes;
    }

    /* sw0's patch port "sw0-sw1" and sw1's "sw1-sw0", naming each other
     * (which makes sw1 local), returned in that order. */
    std::pair<const sbrec_port_binding *, const sbrec_port_binding *>
    add_patch_pair()
    {
        const sbrec_port_binding *p0 = sb_fixture_port(
            sb_txn_.get(), lp2_.datapath().get(), "sw0-sw1", 10, "patch",
            nullptr, 0, nullptr);
        sb_fixture_port_set_option(p0, "peer", "sw1-sw0");
        const sbrec_port_binding *p1 = sb_fixture_port(
            sb_txn_.get(), sw1_.get(), "sw1-sw0", 10, "patch", nullptr, 0,
            nullptr);
        sb_fixture_port_set_option(p1, "peer", "sw0-sw1");
        return {p0, p1};
    }

    sb::DatapathBinding sw1_;
    sb::PortBinding lp2_, lp4_;
    ovn::Bindings bindings_;
    ovn::LocalDatapaths datapaths_;
    ovn::PatchPorts patch_ports_;
    ovn::GatewayPorts gateways_;
    ovn::CtZones zones_;
    ovn::Tunnels tunnels_;
    ovn::Physical physical_;
};

/* runtime_data ---------------------------------------------------------- */

TEST_F(EngineHandlersTest, RuntimeDataIgnoresAnInterfaceWithoutOpenFlowPort)
{
    const ovsrec_interface *vif2
        = ovs_fixture_vif(ovs_txn_.get(), br_, "vif2", "lp2", -1);
    /* Nothing to bind yet: no binding run at all. */
    EXPECT_FALSE(handle(new_port(vif2)));
    EXPECT_EQ(bindings_.find("lp2"), nullptr);
    EXPECT_EQ(bindings_.unbound_iface_ids(), std::set<std::string>{"lp2"});
    EXPECT_TRUE(bindings_.changed_lports().empty());
    EXPECT_EQ(state_of(bindings_), full_bindings());

    /* ovs-vswitchd gives it a port: one run binds it. */
    ovs_fixture_set_ofport(vif2, 6);
    EXPECT_TRUE(handle(changed_interface(vif2)));
    ASSERT_NE(bindings_.find("lp2"), nullptr);
    EXPECT_EQ(bindings_.find("lp2")->ofport, 6);
    EXPECT_EQ(bindings_.changed_lports(), std::set<std::string>{"lp2"});
    EXPECT_FALSE(bindings_.datapaths_changed());
    EXPECT_TRUE(bindings_.unbound_iface_ids().empty());
    EXPECT_EQ(state_of(bindings_), full_bindings());
}

TEST_F(EngineHandlersTest, RuntimeDataOwnWritesNeedNoRun)
{
    const ovsrec_interface *vif2
        = ovs_fixture_vif(ovs_txn_.get(), br_, "vif2", "lp2", 6);
    ASSERT_TRUE(handle(new_port(vif2)));
    bindings_.clear_changes();

    /* ovn-installed on the interface, the claim and 'up' in the
     * Southbound: what ovn-controller wrote comes back. */
    ovs_shim_interface_set_external_id(vif2, "ovn-installed", "true");
    EXPECT_FALSE(handle(changed_interface(vif2)));
    ovn::BindingChanges claim;
    claim.port_bindings.push_back(lp2_);
    EXPECT_EQ(lp2_.chassis(), hv1_);
    EXPECT_FALSE(handle(claim));
    EXPECT_TRUE(bindings_.changed_lports().empty());
}

TEST_F(EngineHandlersTest, RuntimeDataUnbindMatchesAFullRun)
{
    ASSERT_TRUE(handle(new_port(ovs_fixture_vif(ovs_txn_.get(), br_,
                                                "vif2", "lp2", 6))));
    bindings_.clear_changes();
    EXPECT_TRUE(handle(only_vif1()));
    EXPECT_EQ(bindings_.find("lp2"), nullptr);
    EXPECT_EQ(bindings_.changed_lports(), std::set<std::string>{"lp2"});
    EXPECT_FALSE(bindings_.datapaths_changed());
    EXPECT_EQ(state_of(bindings_), full_bindings());
}

TEST_F(EngineHandlersTest, RuntimeDataReportsANewLocalDatapath)
{
    EXPECT_TRUE(handle(new_port(ovs_fixture_vif(ovs_txn_.get(), br_,
                                                "vif4", "lp4", 7))));
    EXPECT_TRUE(bindings_.datapaths_changed());
    EXPECT_EQ(bindings_.changed_datapaths(),
              std::set<ovs::Uuid>{sw1_.uuid()});
    EXPECT_TRUE(bindings_.is_local_datapath(sw1_));
    EXPECT_EQ(state_of(bindings_), full_bindings());
    bindings_.clear_changes();

    EXPECT_TRUE(handle(only_vif1()));
    EXPECT_EQ(bindings_.changed_datapaths(),
              std::set<ovs::Uuid>{sw1_.uuid()});
    EXPECT_FALSE(bindings_.is_local_datapath(sw1_));
    EXPECT_EQ(state_of(bindings_), full_bindings());
}

/* ct_zones --------------------------------------------------------------- */

/* ct_zones's handler, then the full update from the same sources: the
 * same zones, to the number. */
class CtZonesHandlerTest : public EngineHandlersTest {
protected:
    void
    check(bool expect_change)
    {
        ovn::CtZones full = zones_;
        EXPECT_EQ(ovn::ct_zones_handle_changes(zones_, NO_ZONES, sources(),
                                               datapaths_.changed()),
                  expect_change);
        ovn::ct_zones_recompute(full, NO_ZONES, sources());
        EXPECT_EQ(zones_.zones(), full.zones());
        EXPECT_EQ(zones_.datapath_users(), full.datapath_users());
        EXPECT_EQ(zones_.user_datapaths(), full.user_datapaths());
        bindings_.clear_changes();
        datapaths_.clear_changes();
    }

    /* The local datapaths from the bound ones and the patch ports. */
    void
    run_datapaths()
    {
        datapaths_.run(ix_.get(), bindings_.local_datapaths());
    }
};

TEST_F(CtZonesHandlerTest, BindingsThatComeAndGo)
{
    const std::map<std::string, uint16_t> before = zones_.zones();

    /* A port on a local datapath: its zone, nothing else. */
    ASSERT_TRUE(handle(new_port(ovs_fixture_vif(ovs_txn_.get(), br_,
                                                "vif2", "lp2", 6))));
    EXPECT_FALSE(datapaths_.changed());
    check(true);
    EXPECT_EQ(zones_.zones().size(), before.size() + 1);
    for (const auto &[name, zone] : before) {
        EXPECT_EQ(zones_.find(name), zone) << name;
    }

    /* A port on a new datapath: its zone and the datapath's two. */
    ASSERT_TRUE(handle(new_port(ovs_fixture_vif(ovs_txn_.get(), br_,
                                                "vif4", "lp4", 7))));
    EXPECT_TRUE(datapaths_.changed());
    check(true);
    EXPECT_TRUE(zones_.find(ovn::CtZones::dnat_name(
                                sw1_.uuid().to_string())));
    EXPECT_EQ(zones_.zones().size(), before.size() + 4);

    /* Nothing changed: nothing to do. */
    check(false);

    /* Both go: their zones are freed, the others stay. */
    ASSERT_TRUE(handle(only_vif1()));
    check(true);
    EXPECT_EQ(zones_.zones(), before);
}

TEST_F(CtZonesHandlerTest, LocalnetPortOfALocalDatapath)
{
    const std::map<std::string, uint16_t> before = zones_.zones();
    const sb::PortBinding ln(sb_fixture_port(
        sb_txn_.get(), lp2_.datapath().get(), "ln-sw0", 9, "localnet",
        nullptr, 0, nullptr));
    ovn::LocalDatapaths::Changes changes;
    changes.port_bindings.push_back(ln);
    datapaths_.run_changes(ix_.get(), bindings_.local_datapaths(),
                           changes);
    ASSERT_TRUE(datapaths_.changed());
    /* No binding changed; the localnet port gets a zone. */
    check(true);
    EXPECT_TRUE(zones_.find("ln-sw0"));
    EXPECT_EQ(zones_.zones().size(), before.size() + 1);
    for (const auto &[name, zone] : before) {
        EXPECT_EQ(zones_.find(name), zone) << name;
    }
}

TEST_F(CtZonesHandlerTest, DatapathReachedThroughAPatchPort)
{
    /* sw0's patch port to sw1's makes sw1 local, with no port bound on
     * it: its DNAT and SNAT zones come, and go with the patch port. */
    const std::map<std::string, uint16_t> before = zones_.zones();
    const sbrec_port_binding *p0 = add_patch_pair().first;
    run_datapaths();
    ASSERT_TRUE(datapaths_.contains(sw1_));
    check(true);
    const std::string dnat = ovn::CtZones::dnat_name(sw1_.uuid().to_string());
    const std::string snat = ovn::CtZones::snat_name(sw1_.uuid().to_string());
    EXPECT_TRUE(zones_.find(dnat));
    EXPECT_TRUE(zones_.find(snat));
    EXPECT_EQ(zones_.zones().size(), before.size() + 2);

    /* The patch port loses its peer: sw1 is no longer local. */
    sb_fixture_port_set_option(p0, "peer", nullptr);
    run_datapaths();
    ASSERT_FALSE(datapaths_.contains(sw1_));
    check(true);
    EXPECT_EQ(zones_.zones(), before);
}

TEST_F(CtZonesHandlerTest, UnchangedDatapathsAreNotLookedAt)
{
    /* The handler trusts 'datapaths_changed': told nothing changed, it
     * leaves the datapath users alone (the engine says when they did). */
    const sbrec_port_binding *ln = sb_fixture_port(
        sb_txn_.get(), lp2_.datapath().get(), "ln-sw0", 9, "localnet",
        nullptr, 0, nullptr);
    ovn::LocalDatapaths::Changes changes;
    changes.port_bindings.push_back(sb::PortBinding(ln));
    datapaths_.run_changes(ix_.get(), bindings_.local_datapaths(),
                           changes);
    EXPECT_FALSE(ovn::ct_zones_handle_changes(zones_, NO_ZONES, sources(),
                                              false));
    EXPECT_FALSE(zones_.find("ln-sw0"));
    EXPECT_TRUE(ovn::ct_zones_handle_changes(zones_, NO_ZONES, sources(),
                                             true));
    EXPECT_TRUE(zones_.find("ln-sw0"));
}

/* tunnels ----------------------------------------------------------------- */

class TunnelsHandlerTest : public EngineHandlersTest {
protected:
    /* The tunnels node's handler, with or without an OVS transaction:
     * whether it coped, and whether the usable tunnels changed. */
    std::pair<bool, bool>
    handle_tunnels(bool with_txn)
    {
        bool updated = true;
        const bool handled = ovn::tunnels_handle_change(
            tunnels_, with_txn ? ovs_txn_.get() : nullptr, br_, sb_.get(),
            hv1_, &updated);
        return {handled, updated};
    }
};

TEST_F(TunnelsHandlerTest, ChassisThatComesAndGoes)
{
    using Result = std::pair<bool, bool>;

    /* This chassis alone: nothing to do. */
    EXPECT_EQ(handle_tunnels(false), Result(true, false));

    /* hv2 comes: its port waits for a transaction, so the handler gives
     * up without one (the run is canceled), and adds it with one. */
    const sb::Chassis hv2 = add_chassis("hv2", "geneve", "10.0.0.2");
    ovs::Smap options;
    options.add("csum", "true");
    sb_shim_chassis_set_encap_options(hv2.get(), options.get());
    EXPECT_EQ(handle_tunnels(false), Result(false, false));
    EXPECT_TRUE(tunnels_.incomplete());
    EXPECT_EQ(handle_tunnels(true), Result(true, false));
    EXPECT_FALSE(tunnels_.incomplete());
    EXPECT_EQ(tunnels_.find("hv2"), nullptr);

    /* The port as the database then has it (the in-memory one does not
     * apply the partial update): usable once ovs-vswitchd gives it an
     * OpenFlow port. */
    const ovsrec_interface *iface = ovs_fixture_tunnel(
        ovs_txn_.get(), br_, "ovn-hv2-0", "hv2@10.0.0.2", "10.0.0.2", -1);
    EXPECT_EQ(handle_tunnels(false), Result(true, false));
    EXPECT_EQ(tunnels_.find("hv2"), nullptr);
    ovs_fixture_set_ofport(iface, 9);
    EXPECT_EQ(handle_tunnels(false), Result(true, true));
    ASSERT_NE(tunnels_.find("hv2"), nullptr);
    EXPECT_EQ(tunnels_.find("hv2")->ofport, 9);
    EXPECT_EQ(tunnels_.find("hv2")->chassis, hv2.uuid());
    /* Again: nothing changed. */
    EXPECT_EQ(handle_tunnels(false), Result(true, false));

    /* hv2 goes: its port is to be removed, which needs a transaction. */
    sb_shim_chassis_delete(hv2.get());
    EXPECT_EQ(handle_tunnels(false), Result(false, true));
    EXPECT_EQ(tunnels_.find("hv2"), nullptr);
    EXPECT_EQ(handle_tunnels(true), Result(true, false));
    EXPECT_FALSE(tunnels_.incomplete());
}

/* physical_flow_output ------------------------------------------------- */

class PhysicalHandlerTest : public EngineHandlersTest {
protected:
    /* ct_zones's and physical_flow_output's handlers for runtime_data,
     * then the end of the engine run. */
    void
    handle_flows()
    {
        ovn::ct_zones_handle_changes(zones_, NO_ZONES, sources(),
                                     datapaths_.changed());
        physical_.handle_changes(input(), bindings_.changed_port_bindings());
        datapaths_.clear_changes();
        bindings_.clear_changes();
    }

    /* The desired flows that 'owner' has. */
    static size_t
    n_flows_of(const ovs::Uuid &owner)
    {
        const std::string tag = "owner=" + owner.to_string();
        const std::vector<std::string> flows = ovn::ofctrl_dump_desired();
        return std::count_if(flows.begin(), flows.end(),
                             [&](const std::string &f) {
                                 return f.find(tag) != std::string::npos;
                             });
    }

    /* The desired flows now, and after a full computation, which must
     * be the same. */
    void
    expect_same_as_full_run()
    {
        const std::vector<std::string> incremental = sorted_flows();
        physical_.run(input());
        EXPECT_EQ(incremental, sorted_flows());
    }

    static std::vector<std::string>
    sorted_flows()
    {
        std::vector<std::string> flows = ovn::ofctrl_dump_desired();
        std::sort(flows.begin(), flows.end());
        return flows;
    }
};

TEST_F(PhysicalHandlerTest, BindOnALocalDatapathIsHandled)
{
    const size_t n_before = ovn::ofctrl_dump_desired().size();
    ASSERT_TRUE(handle(new_port(ovs_fixture_vif(ovs_txn_.get(), br_,
                                                "vif2", "lp2", 6))));
    handle_flows();
    /* lp2's five flows; the flood group changed in place. */
    EXPECT_EQ(ovn::ofctrl_dump_desired().size(), n_before + 5);
    expect_same_as_full_run();

    ASSERT_TRUE(handle(only_vif1()));
    handle_flows();
    EXPECT_EQ(ovn::ofctrl_dump_desired().size(), n_before);
    expect_same_as_full_run();
}

TEST_F(PhysicalHandlerTest, DatapathThatComesAndGoesIsHandled)
{
    const size_t n_before = ovn::ofctrl_dump_desired().size();
    const sb::MulticastGroup sw1_flood
        = sb::MulticastGroup::find_by_datapath(ix_.get(), sw1_);
    ASSERT_TRUE(sw1_flood);

    /* lp4's port makes sw1 local: lp4's flows and sw1's flood group's,
     * nothing else. */
    ASSERT_TRUE(handle(new_port(ovs_fixture_vif(ovs_txn_.get(), br_,
                                                "vif4", "lp4", 7))));
    ASSERT_TRUE(datapaths_.changed());
    handle_flows();
    EXPECT_EQ(n_flows_of(lp4_.uuid()), 5u);
    EXPECT_EQ(n_flows_of(sw1_flood.uuid()), 1u);
    EXPECT_EQ(ovn::ofctrl_dump_desired().size(), n_before + 6);
    expect_same_as_full_run();

    /* It goes, and sw1 with it. */
    ASSERT_TRUE(handle(only_vif1()));
    ASSERT_TRUE(datapaths_.changed());
    handle_flows();
    EXPECT_EQ(n_flows_of(lp4_.uuid()), 0u);
    EXPECT_EQ(n_flows_of(sw1_flood.uuid()), 0u);
    EXPECT_EQ(ovn::ofctrl_dump_desired().size(), n_before);
    expect_same_as_full_run();
}

TEST_F(PhysicalHandlerTest, DatapathReachedThroughAPatchPortIsHandled)
{
    /* The patch port pair makes sw1 local: both ports get the flows of a
     * patch port, the one on sw0 only now that its peer's datapath is
     * local. */
    const auto [p0, p1] = add_patch_pair();
    datapaths_.run(ix_.get(), bindings_.local_datapaths());
    ASSERT_TRUE(datapaths_.contains(sw1_));
    handle_flows();
    EXPECT_GT(n_flows_of(sb::PortBinding(p0).uuid()), 0u);
    EXPECT_GT(n_flows_of(sb::PortBinding(p1).uuid()), 0u);
    expect_same_as_full_run();

    /* sw1's port stops naming sw0's: sw1 is no longer local, and sw0's
     * patch port, still there, has nowhere to go. */
    sb_fixture_port_set_option(p1, "peer", nullptr);
    sb_fixture_port_set_option(p0, "peer", nullptr);
    datapaths_.run(ix_.get(), bindings_.local_datapaths());
    ASSERT_FALSE(datapaths_.contains(sw1_));
    handle_flows();
    EXPECT_EQ(n_flows_of(sb::PortBinding(p0).uuid()), 0u);
    EXPECT_EQ(n_flows_of(sb::PortBinding(p1).uuid()), 0u);
    expect_same_as_full_run();
}

TEST_F(PhysicalHandlerTest, OpenFlowPortChangeIsHandled)
{
    const ovsrec_interface *vif2
        = ovs_fixture_vif(ovs_txn_.get(), br_, "vif2", "lp2", 6);
    ASSERT_TRUE(handle(new_port(vif2)));
    handle_flows();
    ovs_fixture_set_ofport(vif2, 9);
    ASSERT_TRUE(handle(changed_interface(vif2)));
    handle_flows();
    expect_same_as_full_run();
}

}  // namespace
