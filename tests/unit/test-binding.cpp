/* ovn/controller/binding on in-memory Open_vSwitch and Southbound
 * databases (tests/unit/ovs-fixture.h, sb-fixture.h): no daemon. */
#include <config.h>

#include <gtest/gtest.h>

#include "lib/c-ptr.h"
#include "lib/ovs-internal.h"
#include "lib/shim/ovsdb-idl-shim.h"
#include "lib/shim/vswitch-idl-shim.h"
#include "ovn/controller/binding.h"
#include "ovn/lib/sb-rows.h"
#include "ovn/lib/sb-shim.h"
#include "tests/unit/chassis-fixture.h"
#include "tests/unit/ovs-fixture.h"
#include "tests/unit/sb-fixture.h"

/* binding.cpp's count of br-int's whole set of ports compared with the
 * last one seen, when the changes named do not account for it
 * (COVERAGE_DEFINE gives it external linkage). */
extern struct coverage_counter counter_binding_port_set_compared;

namespace {

namespace sb = ovn::sb;

/* The set comparisons since the last call, in this thread. */
unsigned int
port_sets_compared()
{
    return counter_binding_port_set_compared.count();
}

class BindingsTest : public ovn_test::ChassisFixture {
protected:
    void
    SetUp() override
    {
        ChassisFixture::SetUp();

        sw0_ = sb::DatapathBinding(sb_fixture_datapath(sb_txn_.get(), 1,
                                                       "sw0"));
        sw1_ = sb::DatapathBinding(sb_fixture_datapath(sb_txn_.get(), 2,
                                                       "sw1"));
        lp1_ = sb::PortBinding(sb_fixture_port(sb_txn_.get(), sw0_.get(),
                                               "lp1", 1, "", nullptr, 0,
                                               nullptr));
        lp2_ = sb::PortBinding(sb_fixture_port(sb_txn_.get(), sw1_.get(),
                                               "lp2", 1, "", nullptr, 0,
                                               nullptr));
        patch_ = sb::PortBinding(sb_fixture_port(sb_txn_.get(), sw0_.get(),
                                                 "patch1", 2, "patch",
                                                 nullptr, 0, nullptr));
    }

    bool
    run(bool with_txn = true)
    {
        return bindings_.run(sb_.get(), ix_.get(),
                             with_txn ? sb_txn_.get() : nullptr, br_, hv1_);
    }

    /* Runs the bindings incrementally on 'changes'; returns whether there
     * was anything to do, and, in '*complete', what run_changes()
     * returned. */
    bool
    run_changes(const ovn::BindingChanges &changes, bool with_txn = true,
                bool *complete = nullptr)
    {
        if (!bindings_.note_changes(br_, hv1_, changes)) {
            return false;
        }
        const bool done = bindings_.run_changes(
            ix_.get(), with_txn ? sb_txn_.get() : nullptr, hv1_);
        if (complete) {
            *complete = done;
        }
        return true;
    }

    /* The UUID of the Port of br-int whose interface is 'iface'. */
    ovs::Uuid
    port_of(const ovsrec_interface *iface) const
    {
        const ovsrec_port *port = ovs_fixture_port_of(br_, iface);
        EXPECT_NE(port, nullptr);
        return port ? ovs::Uuid(*ovs_shim_port_uuid(port)) : ovs::Uuid();
    }

    /* The changes the IDL tracks when these Port rows are new or
     * changed, deleted, or may have moved between bridges. */
    static ovn::BindingChanges
    port_changes(std::vector<ovs::Uuid> changed,
                 std::vector<ovs::Uuid> deleted = {}, bool moved = false)
    {
        ovn::BindingChanges changes;
        changes.ports = true;
        changes.port_rows.changed = std::move(changed);
        changes.port_rows.deleted = std::move(deleted);
        changes.port_rows.moved = moved;
        return changes;
    }

    sb::DatapathBinding sw0_, sw1_;
    sb::PortBinding lp1_, lp2_, patch_;
    ovn::Bindings bindings_;
};

TEST_F(BindingsTest, NoInterfaceNoBinding)
{
    EXPECT_TRUE(run());
    EXPECT_TRUE(bindings_.bindings().empty());
    EXPECT_TRUE(bindings_.local_datapaths().empty());
    EXPECT_FALSE(lp1_.chassis());
}

TEST_F(BindingsTest, InterfaceNamingAVifClaimsItAndMakesItsDatapathLocal)
{
    ovs_fixture_vif(ovs_txn_.get(), br_, "vif1", "lp1", 5);
    EXPECT_TRUE(run());
    const ovn::LocalBinding *b = bindings_.find("lp1");
    ASSERT_NE(b, nullptr);
    EXPECT_EQ(b->pb, lp1_);
    EXPECT_EQ(b->ofport, 5);
    EXPECT_EQ(lp1_.chassis(), hv1_);
    EXPECT_EQ(bindings_.local_datapaths().size(), 1u);
    EXPECT_TRUE(bindings_.is_local_datapath(sw0_));
    EXPECT_FALSE(bindings_.is_local_datapath(sw1_));
    EXPECT_TRUE(bindings_.datapaths_changed());
    EXPECT_EQ(bindings_.changed_port_bindings(),
              std::set<ovs::Uuid>{lp1_.uuid()});

    /* Nothing new: no change. */
    bindings_.clear_changes();
    EXPECT_TRUE(run());
    EXPECT_TRUE(bindings_.changed_port_bindings().empty());
    EXPECT_FALSE(bindings_.datapaths_changed());
}

TEST_F(BindingsTest, OnlyVifsAreBound)
{
    ovs_fixture_vif(ovs_txn_.get(), br_, "p", "patch1", 6);
    ovs_fixture_vif(ovs_txn_.get(), br_, "x", "no-such-port", 7);
    ovs_fixture_vif(ovs_txn_.get(), br_, "y", nullptr, 8);
    EXPECT_TRUE(run());
    EXPECT_TRUE(bindings_.bindings().empty());
    EXPECT_FALSE(patch_.chassis());
}

TEST_F(BindingsTest, ClaimWaitsForATransaction)
{
    ovs_fixture_vif(ovs_txn_.get(), br_, "vif1", "lp1", 5);
    EXPECT_FALSE(run(false));
    EXPECT_FALSE(lp1_.chassis());
    /* Bound all the same: its flows need not wait. */
    EXPECT_NE(bindings_.find("lp1"), nullptr);
    EXPECT_TRUE(run(true));
    EXPECT_EQ(lp1_.chassis(), hv1_);
}

TEST_F(BindingsTest, InterfaceGoneReleasesThePort)
{
    ovs_fixture_vif(ovs_txn_.get(), br_, "vif1", "lp1", 5);
    ovs_fixture_vif(ovs_txn_.get(), br_, "vif2", "lp2", 6);
    EXPECT_TRUE(run());
    EXPECT_EQ(bindings_.local_datapaths().size(), 2u);
    bindings_.clear_changes();

    ovs_fixture_clear_ports(br_);
    ovs_fixture_vif(ovs_txn_.get(), br_, "vif2", "lp2", 6);
    EXPECT_TRUE(run());
    EXPECT_FALSE(lp1_.chassis());
    EXPECT_EQ(lp1_.up(), std::optional<bool>(false));
    EXPECT_EQ(lp2_.chassis(), hv1_);
    EXPECT_EQ(bindings_.find("lp1"), nullptr);
    EXPECT_FALSE(bindings_.is_local_datapath(sw0_));
    EXPECT_TRUE(bindings_.datapaths_changed());
    EXPECT_EQ(bindings_.changed_port_bindings(),
              std::set<ovs::Uuid>{lp1_.uuid()});
}

TEST_F(BindingsTest, PortHeldByThisChassisWithoutInterfaceIsReleased)
{
    /* Left claimed by an earlier process. */
    sb_shim_port_binding_set_chassis(lp2_.get(), hv1_.get());
    EXPECT_TRUE(run());
    EXPECT_FALSE(lp2_.chassis());
}

TEST_F(BindingsTest, TwoInterfacesWithOneIfaceIdBindOnlyOne)
{
    ovs_fixture_vif(ovs_txn_.get(), br_, "vif1", "lp1", 5);
    ovs_fixture_vif(ovs_txn_.get(), br_, "vif1b", "lp1", 6);
    EXPECT_TRUE(run());
    EXPECT_EQ(bindings_.bindings().size(), 1u);
    /* Which one depends on the order of the bridge's ports. */
    const int64_t ofport = bindings_.find("lp1")->ofport;
    EXPECT_TRUE(ofport == 5 || ofport == 6) << ofport;
}

TEST_F(BindingsTest, DatapathsGenerationMovesOnlyWhenADatapathComesOrGoes)
{
    ovs_fixture_vif(ovs_txn_.get(), br_, "vif1", "lp1", 5);
    EXPECT_TRUE(run());
    const uint64_t one = bindings_.datapaths_generation();
    EXPECT_NE(one, 0u);

    /* A second port on sw0: no datapath joins. */
    const sb::PortBinding lp3(sb_fixture_port(sb_txn_.get(), sw0_.get(),
                                              "lp3", 3, "", nullptr, 0,
                                              nullptr));
    ovs_fixture_vif(ovs_txn_.get(), br_, "vif3", "lp3", 7);
    EXPECT_TRUE(run());
    ASSERT_NE(bindings_.find("lp3"), nullptr);
    EXPECT_EQ(bindings_.datapaths_generation(), one);

    /* sw1 joins, then leaves with its only port. */
    ovs_fixture_vif(ovs_txn_.get(), br_, "vif2", "lp2", 6);
    EXPECT_TRUE(run());
    const uint64_t two = bindings_.datapaths_generation();
    EXPECT_NE(two, one);
    ovs_fixture_clear_ports(br_);
    ovs_fixture_vif(ovs_txn_.get(), br_, "vif1", "lp1", 5);
    ovs_fixture_vif(ovs_txn_.get(), br_, "vif3", "lp3", 7);
    EXPECT_TRUE(run());
    EXPECT_FALSE(bindings_.is_local_datapath(sw1_));
    EXPECT_NE(bindings_.datapaths_generation(), two);
}

/* The incremental runs: only the logical ports the changed rows name. */

TEST_F(BindingsTest, NewInterfaceIsBoundIncrementally)
{
    ovs_fixture_vif(ovs_txn_.get(), br_, "vif1", "lp1", 5);
    EXPECT_TRUE(run());
    bindings_.clear_changes();
    const uint64_t seqno = bindings_.run_seqno();

    ovs_fixture_vif(ovs_txn_.get(), br_, "vif2", "lp2", 6);
    ovn::BindingChanges changes;
    changes.ports = true;
    bool complete = false;
    EXPECT_TRUE(run_changes(changes, true, &complete));
    EXPECT_TRUE(complete);
    ASSERT_NE(bindings_.find("lp2"), nullptr);
    EXPECT_EQ(bindings_.find("lp2")->ofport, 6);
    EXPECT_EQ(lp2_.chassis(), hv1_);
    EXPECT_NE(bindings_.find("lp1"), nullptr);
    EXPECT_TRUE(bindings_.is_local_datapath(sw1_));
    EXPECT_TRUE(bindings_.datapaths_changed());
    EXPECT_EQ(bindings_.changed_port_bindings(),
              std::set<ovs::Uuid>{lp2_.uuid()});
    EXPECT_NE(bindings_.run_seqno(), seqno);
}

TEST_F(BindingsTest, AContainerOnADatapathOfItsOwnIsBoundWithItsParent)
{
    /* c1, a container of lp1 (VLAN 42), alone on sw2. */
    const sb::DatapathBinding sw2(sb_fixture_datapath(sb_txn_.get(), 3,
                                                      "sw2"));
    const int64_t tag = 42;
    const sb::PortBinding c1(sb_fixture_port(sb_txn_.get(), sw2.get(), "c1",
                                             1, "", nullptr, 0, &tag));
    sb_fixture_port_set_parent(c1.get(), "lp1");

    /* A full run without the parent's interface binds nothing... */
    EXPECT_TRUE(run());
    EXPECT_EQ(bindings_.find("c1"), nullptr);
    bindings_.clear_changes();

    /* ... and the interface, coming later, brings the container along,
     * on the parent's OpenFlow port, and its datapath. */
    ovs_fixture_vif(ovs_txn_.get(), br_, "vif1", "lp1", 5);
    ovn::BindingChanges changes;
    changes.ports = true;
    EXPECT_TRUE(run_changes(changes));
    const ovn::LocalBinding *b = bindings_.find("c1");
    ASSERT_NE(b, nullptr);
    EXPECT_EQ(b->ofport, 5);
    EXPECT_EQ(c1.chassis(), hv1_);
    EXPECT_TRUE(bindings_.is_local_datapath(sw2));

    /* A full run finds it again. */
    ovn::Bindings again;
    ASSERT_TRUE(again.run(sb_.get(), ix_.get(), sb_txn_.get(), br_, hv1_));
    EXPECT_NE(again.find("c1"), nullptr);
}

TEST_F(BindingsTest, OwnWritesComingBackNeedNoRun)
{
    const ovsrec_interface *vif1
        = ovs_fixture_vif(ovs_txn_.get(), br_, "vif1", "lp1", 5);
    EXPECT_TRUE(run());
    EXPECT_EQ(lp1_.chassis(), hv1_);
    bindings_.clear_changes();
    const uint64_t seqno = bindings_.run_seqno();

    /* What if-status.h writes, and the claim, as the IDLs report them
     * (the fixture shows no partial update of external_ids before it
     * commits: the row is given as changed all the same). */
    ovs_shim_interface_set_external_id(vif1, "ovn-installed", "true");
    sb_shim_port_binding_set_up(lp1_.get(), true);
    ovn::BindingChanges changes;
    changes.interfaces.push_back(vif1);
    changes.port_bindings.push_back(lp1_);
    EXPECT_FALSE(run_changes(changes));
    /* Nor do changes of a port that is neither bound nor held here. */
    sb_shim_port_binding_set_up(lp2_.get(), true);
    changes.port_bindings = {lp2_};
    EXPECT_FALSE(run_changes(changes));
    EXPECT_TRUE(bindings_.changed_port_bindings().empty());
    EXPECT_EQ(bindings_.run_seqno(), seqno);
}

TEST_F(BindingsTest, InterfaceGoneUnbindsIncrementally)
{
    ovs_fixture_vif(ovs_txn_.get(), br_, "vif1", "lp1", 5);
    ovs_fixture_vif(ovs_txn_.get(), br_, "vif2", "lp2", 6);
    EXPECT_TRUE(run());
    bindings_.clear_changes();

    /* vif2 comes back as a new row: the same binding. */
    ovs_fixture_clear_ports(br_);
    ovs_fixture_vif(ovs_txn_.get(), br_, "vif2", "lp2", 6);
    ovn::BindingChanges changes;
    changes.ports = true;
    EXPECT_TRUE(run_changes(changes));
    EXPECT_EQ(bindings_.find("lp1"), nullptr);
    EXPECT_FALSE(lp1_.chassis());
    EXPECT_EQ(lp2_.chassis(), hv1_);
    EXPECT_FALSE(bindings_.is_local_datapath(sw0_));
    EXPECT_TRUE(bindings_.is_local_datapath(sw1_));
    EXPECT_TRUE(bindings_.datapaths_changed());
    EXPECT_EQ(bindings_.changed_port_bindings(),
              std::set<ovs::Uuid>{lp1_.uuid()});
}

TEST_F(BindingsTest, PortGivenAnotherInterfaceIsReadAgainWhenNamed)
{
    ovs_fixture_vif(ovs_txn_.get(), br_, "vif1", "lp1", 5);
    EXPECT_TRUE(run());
    bindings_.clear_changes();

    /* The same Port row, its interface replaced by one for lp2: the
     * bridge's set of ports is the same, so only the port named as
     * changed is read again. */
    ASSERT_EQ(ovs_shim_bridge_n_ports(br_), 1u);
    const ovsrec_port *port = ovs_shim_bridge_port(br_, 0);
    ASSERT_NE(port, nullptr);
    const ovsrec_interface *vif2 = ovs_fixture_vif(ovs_txn_.get(), nullptr,
                                                   "vif2", "lp2", 6);
    ovs_fixture_set_port_interface(port, vif2);
    ovn::BindingChanges changes;
    changes.ports = true;
    EXPECT_FALSE(run_changes(changes));
    EXPECT_NE(bindings_.find("lp1"), nullptr);

    changes.port_rows.changed.emplace_back(*ovs_shim_port_uuid(port));
    EXPECT_TRUE(run_changes(changes));
    EXPECT_EQ(bindings_.find("lp1"), nullptr);
    ASSERT_NE(bindings_.find("lp2"), nullptr);
    EXPECT_EQ(bindings_.find("lp2")->ofport, 6);
    EXPECT_EQ(lp2_.chassis(), hv1_);
}

TEST(PortSetDiff, SameSetReadsOnlyTheChangedPortsInIt)
{
    const ovs::Uuid a = ovs::Uuid::parse("00000000-0000-0000-0000-00000000000a");
    const ovs::Uuid b = ovs::Uuid::parse("00000000-0000-0000-0000-00000000000b");
    const ovs::Uuid c = ovs::Uuid::parse("00000000-0000-0000-0000-00000000000c");
    const ovn::PortSetDiff diff = ovn::diff_port_sets({a, b}, {a, b},
                                                      {b, c, b});
    EXPECT_TRUE(diff.gone.empty());
    /* c is not in the set (another bridge's port); b once. */
    EXPECT_EQ(diff.read, std::vector<ovs::Uuid>{b});
}

TEST(PortSetDiff, AddedAndRemovedPortsFromOneMerge)
{
    std::vector<ovs::Uuid> u;
    for (int i = 1; i <= 5; i++) {
        u.push_back(ovs::Uuid::parse(
            ("00000000-0000-0000-0000-00000000000" + std::to_string(i))
                .c_str()));
    }
    const ovn::PortSetDiff diff = ovn::diff_port_sets(
        {u[0], u[1], u[3]}, {u[0], u[2], u[3], u[4]}, {u[3], u[2], u[1]});
    EXPECT_EQ(diff.gone, std::vector<ovs::Uuid>{u[1]});
    /* New to the set first, then the changed ones still in it (a new
     * port named as changed too is read once; a gone one not at all). */
    EXPECT_EQ(diff.read, (std::vector<ovs::Uuid>{u[2], u[4], u[3]}));
}

TEST(PortSetDiff, FromNothingEveryPortIsNew)
{
    const ovs::Uuid a = ovs::Uuid::parse("00000000-0000-0000-0000-00000000000a");
    const ovn::PortSetDiff diff = ovn::diff_port_sets({}, {a}, {});
    EXPECT_TRUE(diff.gone.empty());
    EXPECT_EQ(diff.read, std::vector<ovs::Uuid>{a});
    const ovn::PortSetDiff back = ovn::diff_port_sets({a}, {}, {a});
    EXPECT_EQ(back.gone, std::vector<ovs::Uuid>{a});
    EXPECT_TRUE(back.read.empty());
}

/* Port (or bridge) UUID N. */
ovs::Uuid
uuid_n(int n)
{
    return ovs::Uuid(0, 0, 0, n);
}

TEST(BridgePortsMoved, APatchPairCreatedOnBothBridgesIsNoMove)
{
    /* br-int is not among the sets; br-phys (bridge 1) gains a new port
     * (its side of the pair; br-int's side is new too). */
    const ovn::BridgePortSets before{{uuid_n(1), {uuid_n(10)}}};
    const ovn::BridgePortSets after{{uuid_n(1), {uuid_n(10), uuid_n(11)}}};
    EXPECT_FALSE(ovn::bridge_ports_moved(before, after,
                                         {uuid_n(11), uuid_n(12)}, {}));
    /* And taken away again: both sides deleted. */
    EXPECT_FALSE(ovn::bridge_ports_moved(after, before, {},
                                         {uuid_n(11), uuid_n(12)}));
}

TEST(BridgePortsMoved, AnExistingPortJoiningOrLeavingABridgeIsAMove)
{
    const ovn::BridgePortSets before{{uuid_n(1), {uuid_n(10)}}};
    /* Port 20, neither new nor deleted, came from br-int. */
    const ovn::BridgePortSets in{{uuid_n(1), {uuid_n(10), uuid_n(20)}}};
    EXPECT_TRUE(ovn::bridge_ports_moved(before, in, {}, {}));
    /* Port 10 went to br-int. */
    const ovn::BridgePortSets out{{uuid_n(1), {}}};
    EXPECT_TRUE(ovn::bridge_ports_moved(before, out, {}, {}));
    /* Swapped: neither set's size changes. */
    const ovn::BridgePortSets swapped{{uuid_n(1), {uuid_n(20)}}};
    EXPECT_TRUE(ovn::bridge_ports_moved(before, swapped, {}, {}));
}

TEST(BridgePortsMoved, BridgesComingAndGoing)
{
    const ovn::BridgePortSets none;
    const ovn::BridgePortSets one{{uuid_n(1), {uuid_n(10)}}};
    /* A new bridge with a new port; then gone, and its port deleted. */
    EXPECT_FALSE(ovn::bridge_ports_moved(none, one, {uuid_n(10)}, {}));
    EXPECT_FALSE(ovn::bridge_ports_moved(one, none, {}, {uuid_n(10)}));
    /* A new bridge with a port that existed (from br-int); a bridge gone
     * whose port lives on (in br-int). */
    EXPECT_TRUE(ovn::bridge_ports_moved(none, one, {}, {}));
    EXPECT_TRUE(ovn::bridge_ports_moved(one, none, {}, {}));
}

TEST_F(BindingsTest, InterfaceOffBrIntIsNotBound)
{
    EXPECT_TRUE(run());
    const ovsrec_bridge *br_ex = ovs_fixture_bridge(ovs_txn_.get(), "br-ex");
    ovs_fixture_vif(ovs_txn_.get(), br_ex, "vif1", "lp1", 5);
    ovn::BindingChanges changes;
    changes.ports = true;
    EXPECT_FALSE(run_changes(changes));
    EXPECT_EQ(bindings_.find("lp1"), nullptr);
}

TEST_F(BindingsTest, PortBindingArrivingForAnInterfaceIsBound)
{
    ovs_fixture_vif(ovs_txn_.get(), br_, "vif3", "lp3", 7);
    EXPECT_TRUE(run());
    EXPECT_TRUE(bindings_.bindings().empty());

    const sb::PortBinding lp3(sb_fixture_port(sb_txn_.get(), sw1_.get(),
                                              "lp3", 3, "", nullptr, 0,
                                              nullptr));
    ovn::BindingChanges changes;
    changes.port_bindings.push_back(lp3);
    EXPECT_TRUE(run_changes(changes));
    ASSERT_NE(bindings_.find("lp3"), nullptr);
    EXPECT_EQ(lp3.chassis(), hv1_);
}

TEST_F(BindingsTest, PortTakenByAnotherChassisIsClaimedBack)
{
    ovs_fixture_vif(ovs_txn_.get(), br_, "vif1", "lp1", 5);
    EXPECT_TRUE(run());
    const sb::Chassis hv2 = add_chassis("hv2", "geneve", "10.0.0.2");
    sb_shim_port_binding_set_chassis(lp1_.get(), hv2.get());
    ovn::BindingChanges changes;
    changes.port_bindings.push_back(lp1_);
    EXPECT_TRUE(run_changes(changes));
    EXPECT_EQ(lp1_.chassis(), hv1_);
}

TEST_F(BindingsTest, PortClaimedHereWithoutInterfaceIsReleasedIncrementally)
{
    EXPECT_TRUE(run());
    sb_shim_port_binding_set_chassis(lp2_.get(), hv1_.get());
    ovn::BindingChanges changes;
    changes.port_bindings.push_back(lp2_);
    EXPECT_TRUE(run_changes(changes));
    EXPECT_FALSE(lp2_.chassis());
}

TEST_F(BindingsTest, WaitingClaimIsRetriedWithoutNewChanges)
{
    EXPECT_TRUE(run());
    ovs_fixture_vif(ovs_txn_.get(), br_, "vif1", "lp1", 5);
    ovn::BindingChanges changes;
    changes.ports = true;
    bool complete = true;
    EXPECT_TRUE(run_changes(changes, false, &complete));
    EXPECT_FALSE(complete);
    EXPECT_FALSE(lp1_.chassis());

    /* Nothing changed since, but the claim is still to make. */
    EXPECT_TRUE(run_changes(ovn::BindingChanges(), true, &complete));
    EXPECT_TRUE(complete);
    EXPECT_EQ(lp1_.chassis(), hv1_);
    EXPECT_FALSE(run_changes(ovn::BindingChanges()));
}

TEST_F(BindingsTest, FullRunAfterIncrementalOnesFindsTheSame)
{
    ovs_fixture_vif(ovs_txn_.get(), br_, "vif1", "lp1", 5);
    EXPECT_TRUE(run());
    ovs_fixture_vif(ovs_txn_.get(), br_, "vif2", "lp2", 6);
    ovn::BindingChanges changes;
    changes.ports = true;
    EXPECT_TRUE(run_changes(changes));
    bindings_.clear_changes();

    EXPECT_TRUE(run());
    EXPECT_EQ(bindings_.bindings().size(), 2u);
    EXPECT_EQ(bindings_.local_datapaths().size(), 2u);
    EXPECT_TRUE(bindings_.changed_port_bindings().empty());
    EXPECT_FALSE(bindings_.datapaths_changed());
}

/* What the IDL's change tracking names, new and deleted Port rows, tells
 * br-int's set of ports without a look at the rest of it. */
TEST_F(BindingsTest, PortsNamedNewOrDeletedNeedNoComparisonOfTheSet)
{
    const ovsrec_interface *vif1
        = ovs_fixture_vif(ovs_txn_.get(), br_, "vif1", "lp1", 5);
    EXPECT_TRUE(run());
    bindings_.clear_changes();
    const ovs::Uuid port1 = port_of(vif1);

    port_sets_compared();
    const ovsrec_interface *vif2
        = ovs_fixture_vif(ovs_txn_.get(), br_, "vif2", "lp2", 6);
    EXPECT_TRUE(run_changes(port_changes({port_of(vif2)})));
    EXPECT_EQ(port_sets_compared(), 0u);
    ASSERT_NE(bindings_.find("lp2"), nullptr);
    EXPECT_EQ(bindings_.find("lp2")->ofport, 6);
    EXPECT_EQ(lp2_.chassis(), hv1_);
    bindings_.clear_changes();

    ovs_fixture_remove_port(br_, vif1);
    EXPECT_TRUE(run_changes(port_changes({}, {port1})));
    EXPECT_EQ(port_sets_compared(), 0u);
    EXPECT_EQ(bindings_.find("lp1"), nullptr);
    EXPECT_FALSE(lp1_.chassis());
    EXPECT_NE(bindings_.find("lp2"), nullptr);

    /* A full run agrees. */
    ovn::Bindings again;
    ASSERT_TRUE(again.run(sb_.get(), ix_.get(), sb_txn_.get(), br_, hv1_));
    EXPECT_EQ(again.bindings().size(), 1u);
    EXPECT_NE(again.find("lp2"), nullptr);
}

/* Named changes that leave the count of br-int's ports unexplained (a
 * deletion the caller did not see), or ports that may have moved from
 * another bridge, have the whole set compared: the result is the same as
 * if every change had been named. */
TEST_F(BindingsTest, ChangesThatDoNotAccountForTheSetHaveItCompared)
{
    const ovsrec_interface *vif1
        = ovs_fixture_vif(ovs_txn_.get(), br_, "vif1", "lp1", 5);
    EXPECT_TRUE(run());
    bindings_.clear_changes();

    ovs_fixture_remove_port(br_, vif1);
    const ovsrec_interface *vif2
        = ovs_fixture_vif(ovs_txn_.get(), br_, "vif2", "lp2", 6);
    port_sets_compared();
    EXPECT_TRUE(run_changes(port_changes({port_of(vif2)})));
    EXPECT_EQ(port_sets_compared(), 1u);
    EXPECT_EQ(bindings_.find("lp1"), nullptr);
    EXPECT_NE(bindings_.find("lp2"), nullptr);
    bindings_.clear_changes();

    const ovsrec_interface *vif3
        = ovs_fixture_vif(ovs_txn_.get(), br_, "vif3", "lp1", 7);
    EXPECT_TRUE(run_changes(port_changes({port_of(vif3)}, {}, true)));
    EXPECT_EQ(port_sets_compared(), 1u);
    ASSERT_NE(bindings_.find("lp1"), nullptr);
    EXPECT_EQ(bindings_.find("lp1")->ofport, 7);
}

}  // namespace
