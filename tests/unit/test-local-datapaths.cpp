/* Tests for ovn/controller/local-datapaths: the closure of the datapaths
 * with local ports over the patch ports' peers. */

#include <config.h>

#include <map>
#include <string>

#include <gtest/gtest.h>

#include "lib/c-ptr.h"
#include "lib/shim/ovsdb-idl-shim.h"
#include "ovn/controller/local-datapaths.h"
#include "ovn/lib/sb-rows.h"
#include "tests/unit/sb-fixture.h"

namespace {

namespace sb = ovn::sb;

constexpr const char NO_SERVER[] = "unix:/nonexistent/ovn-cxx/db.sock";

using Roots = std::map<ovs::Uuid, sb::DatapathBinding>;

/* sw0 - lr0 - sw1, lr0 - lr1 (a chain of routers), lr1 - sw3; sw2 on its
 * own.  Each link is a pair of patch ports naming each other. */
class LocalDatapathsTest : public ::testing::Test {
protected:
    void
    SetUp() override
    {
        sb::Indexes *ix;
        sb_.reset(sb_gen_idl_create(NO_SERVER, true, &ix));
        ix_.reset(ix);
        txn_.reset(ovs_shim_idl_txn_create(sb_.get()));
        for (const char *name : {"sw0", "sw1", "sw2", "sw3", "lr0", "lr1"}) {
            dps_[name] = sb::DatapathBinding(
                sb_fixture_datapath(txn_.get(), ++key_, name));
        }
        link("sw0", "lr0");
        link("lr0", "sw1");
        link("lr0", "lr1");
        link("lr1", "sw3");
    }

    /* A pair of patch ports "A-B" on A and "B-A" on B, peers. */
    void
    link(const std::string &a, const std::string &b)
    {
        const std::string ab = a + "-" + b, ba = b + "-" + a;
        ports_[ab] = port(a, ab, "patch");
        ports_[ba] = port(b, ba, "patch");
        sb_fixture_port_set_option(ports_[ab].get(), "peer", ba.c_str());
        sb_fixture_port_set_option(ports_[ba].get(), "peer", ab.c_str());
    }

    sb::PortBinding
    port(const std::string &dp, const std::string &name, const char *type)
    {
        return sb::PortBinding(sb_fixture_port(txn_.get(), dps_[dp].get(),
                                               name.c_str(), ++key_, type,
                                               nullptr, 0, nullptr));
    }

    Roots
    roots(std::initializer_list<const char *> names)
    {
        Roots r;
        for (const char *name : names) {
            r[dps_[name].uuid()] = dps_[name];
        }
        return r;
    }

    std::string
    names() const
    {
        std::string s;
        for (const auto &[uuid, dp] : ld_.datapaths()) {
            for (const auto &[name, d] : dps_) {
                if (d.uuid() == uuid) {
                    s += (s.empty() ? "" : " ") + name;
                }
            }
        }
        return s;
    }

    std::string
    sorted(std::string s) const
    {
        /* names() follows the UUIDs' order: sort for the comparisons. */
        std::multimap<std::string, int> words;
        size_t pos = 0;
        while (pos < s.size()) {
            size_t end = s.find(' ', pos);
            if (end == std::string::npos) {
                end = s.size();
            }
            words.emplace(s.substr(pos, end - pos), 0);
            pos = end + 1;
        }
        std::string out;
        for (const auto &[w, unused] : words) {
            out += (out.empty() ? "" : " ") + w;
        }
        return out;
    }

    std::string local() const { return sorted(names()); }

    ovs::IdlPtr sb_;
    sb::IndexesPtr ix_;
    ovs::IdlTxnPtr txn_;
    int64_t key_ = 0;
    std::map<std::string, sb::DatapathBinding> dps_;
    std::map<std::string, sb::PortBinding> ports_;
    ovn::LocalDatapaths ld_;
};

TEST_F(LocalDatapathsTest, NoRootsNothingLocal)
{
    ld_.run(ix_.get(), Roots());
    EXPECT_EQ(local(), "");
    EXPECT_FALSE(ld_.changed());
}

TEST_F(LocalDatapathsTest, RoutersAndSwitchesBehindThemAreLocal)
{
    ld_.run(ix_.get(), roots({"sw0"}));
    /* Through lr0 to sw1 and, along the chain of routers, lr1 and sw3;
     * not sw2, which nothing joins. */
    EXPECT_EQ(local(), "lr0 lr1 sw0 sw1 sw3");
    EXPECT_TRUE(ld_.changed());
    EXPECT_TRUE(ld_.contains(dps_["lr1"]));
    EXPECT_FALSE(ld_.contains(dps_["sw2"]));
}

TEST_F(LocalDatapathsTest, ClosureIsTheSameFromAnyRoot)
{
    ld_.run(ix_.get(), roots({"sw3"}));
    EXPECT_EQ(local(), "lr0 lr1 sw0 sw1 sw3");
}

TEST_F(LocalDatapathsTest, NewRootExtendsWithoutRecomputing)
{
    ld_.run(ix_.get(), roots({"sw0"}));
    ld_.clear_changes();
    const uint64_t full = ld_.full_runs();
    ld_.run_changes(ix_.get(), roots({"sw0", "sw2"}),
                    ovn::LocalDatapaths::Changes());
    EXPECT_EQ(local(), "lr0 lr1 sw0 sw1 sw2 sw3");
    EXPECT_TRUE(ld_.changed());
    EXPECT_EQ(ld_.full_runs(), full);
}

TEST_F(LocalDatapathsTest, UnrelatedChangeCostsNothing)
{
    ld_.run(ix_.get(), roots({"sw0"}));
    ld_.clear_changes();
    const uint64_t full = ld_.full_runs();
    ovn::LocalDatapaths::Changes changes;
    changes.port_bindings.push_back(port("sw2", "vif", ""));
    ld_.run_changes(ix_.get(), roots({"sw0"}), changes);
    EXPECT_FALSE(ld_.changed());
    EXPECT_EQ(ld_.full_runs(), full);
}

TEST_F(LocalDatapathsTest, LastRootGoneTakesTheRoutersAlong)
{
    ld_.run(ix_.get(), roots({"sw0", "sw2"}));
    ld_.clear_changes();
    const uint64_t full = ld_.full_runs();
    ld_.run_changes(ix_.get(), roots({"sw2"}),
                    ovn::LocalDatapaths::Changes());
    EXPECT_EQ(local(), "sw2");
    EXPECT_TRUE(ld_.changed());
    /* Only sw0's part was looked at again: no computation from the
     * roots. */
    EXPECT_EQ(ld_.full_runs(), full);
}

TEST_F(LocalDatapathsTest, RouterStaysWhileAnotherPathRemains)
{
    /* Two switches with local ports behind lr0: losing one keeps lr0. */
    ld_.run(ix_.get(), roots({"sw0", "sw1"}));
    ld_.clear_changes();
    const uint64_t full = ld_.full_runs();
    ld_.run_changes(ix_.get(), roots({"sw1"}),
                    ovn::LocalDatapaths::Changes());
    EXPECT_EQ(local(), "lr0 lr1 sw0 sw1 sw3");
    EXPECT_FALSE(ld_.changed());
    EXPECT_EQ(ld_.full_runs(), full);
}

TEST_F(LocalDatapathsTest, RootComesBackAfterGoing)
{
    ld_.run(ix_.get(), roots({"sw0"}));
    ld_.run_changes(ix_.get(), Roots(), ovn::LocalDatapaths::Changes());
    EXPECT_EQ(local(), "");
    ld_.run_changes(ix_.get(), roots({"sw3"}),
                    ovn::LocalDatapaths::Changes());
    EXPECT_EQ(local(), "lr0 lr1 sw0 sw1 sw3");
}

TEST_F(LocalDatapathsTest, RootReplacedByAnotherInOneRun)
{
    ld_.run(ix_.get(), roots({"sw2"}));
    ld_.clear_changes();
    const uint64_t full = ld_.full_runs();
    ld_.run_changes(ix_.get(), roots({"sw0"}),
                    ovn::LocalDatapaths::Changes());
    EXPECT_EQ(local(), "lr0 lr1 sw0 sw1 sw3");
    EXPECT_TRUE(ld_.changed());
    ld_.run_changes(ix_.get(), roots({"sw1", "sw2"}),
                    ovn::LocalDatapaths::Changes());
    EXPECT_EQ(local(), "lr0 lr1 sw0 sw1 sw2 sw3");
    ld_.run_changes(ix_.get(), roots({"sw2"}),
                    ovn::LocalDatapaths::Changes());
    EXPECT_EQ(local(), "sw2");
    EXPECT_EQ(ld_.full_runs(), full);
}

TEST_F(LocalDatapathsTest, GenerationMovesOnlyWithTheSet)
{
    ld_.run(ix_.get(), roots({"sw0"}));
    const uint64_t gen = ld_.generation();
    ovn::LocalDatapaths::Changes changes;
    changes.port_bindings.push_back(port("sw2", "vif", ""));
    ld_.run_changes(ix_.get(), roots({"sw0"}), changes);
    /* A root that the set had already (sw1, behind lr0). */
    ld_.run_changes(ix_.get(), roots({"sw0", "sw1"}),
                    ovn::LocalDatapaths::Changes());
    EXPECT_EQ(ld_.generation(), gen);
    ld_.run_changes(ix_.get(), roots({"sw0", "sw1", "sw2"}),
                    ovn::LocalDatapaths::Changes());
    EXPECT_NE(ld_.generation(), gen);
}

TEST_F(LocalDatapathsTest, RootsSaidUnchangedAreNotComparedAgain)
{
    /* The caller vouches for the roots (they are the last run's): a run
     * with other roots and 'roots_changed' false leaves the set alone;
     * the next one that says they changed brings them in. */
    ld_.run(ix_.get(), roots({"sw0"}));
    ld_.run_changes(ix_.get(), roots({"sw0", "sw2"}),
                    ovn::LocalDatapaths::Changes(), false);
    EXPECT_EQ(local(), "lr0 lr1 sw0 sw1 sw3");
    ld_.run_changes(ix_.get(), roots({"sw0", "sw2"}),
                    ovn::LocalDatapaths::Changes(), true);
    EXPECT_EQ(local(), "lr0 lr1 sw0 sw1 sw2 sw3");
}

TEST_F(LocalDatapathsTest, OneWayPatchStillReachesThePart)
{
    /* sw2's patch port names lr1's port to sw3, which names sw3's: a way
     * into lr1 that nothing on lr1 names back.  sw0 going, sw2 still
     * reaches lr1 and, through it, everything sw0 did. */
    const sb::PortBinding p = port("sw2", "sw2-lr1", "patch");
    sb_fixture_port_set_option(p.get(), "peer", "lr1-sw3");
    ld_.run(ix_.get(), roots({"sw0", "sw2"}));
    EXPECT_EQ(local(), "lr0 lr1 sw0 sw1 sw2 sw3");
    ld_.clear_changes();
    const uint64_t full = ld_.full_runs();
    ld_.run_changes(ix_.get(), roots({"sw2"}),
                    ovn::LocalDatapaths::Changes());
    EXPECT_EQ(local(), "lr0 lr1 sw0 sw1 sw2 sw3");
    EXPECT_FALSE(ld_.changed());
    EXPECT_EQ(ld_.full_runs(), full);
}

TEST_F(LocalDatapathsTest, NewPatchPortExtendsFromItsDatapath)
{
    ld_.run(ix_.get(), roots({"sw0"}));
    ld_.clear_changes();
    const uint64_t full = ld_.full_runs();
    link("sw1", "sw2");
    ovn::LocalDatapaths::Changes changes;
    changes.port_bindings = {ports_["sw1-sw2"], ports_["sw2-sw1"]};
    ld_.run_changes(ix_.get(), roots({"sw0"}), changes);
    EXPECT_EQ(local(), "lr0 lr1 sw0 sw1 sw2 sw3");
    EXPECT_EQ(ld_.full_runs(), full);
}

TEST_F(LocalDatapathsTest, MissingPeerIsSkippedAndPickedUpLater)
{
    const sb::PortBinding p = port("sw2", "sw2-lr9", "patch");
    sb_fixture_port_set_option(p.get(), "peer", "lr9-sw2");
    ld_.run(ix_.get(), roots({"sw2"}));
    EXPECT_EQ(local(), "sw2");

    /* The peer appears, on a new router. */
    dps_["lr9"] = sb::DatapathBinding(
        sb_fixture_datapath(txn_.get(), ++key_, "lr9"));
    const sb::PortBinding peer = port("lr9", "lr9-sw2", "patch");
    sb_fixture_port_set_option(peer.get(), "peer", "sw2-lr9");
    ovn::LocalDatapaths::Changes changes;
    changes.port_bindings.push_back(peer);
    ld_.run_changes(ix_.get(), roots({"sw2"}), changes);
    EXPECT_EQ(local(), "lr9 sw2");
}

TEST_F(LocalDatapathsTest, L3GatewayPortJoinsNothing)
{
    /* A gateway router's ports are local only on its chassis, which
     * binding decides: the closure does not go through them. */
    const sb::PortBinding a = port("sw2", "sw2-gw", "l3gateway");
    const sb::PortBinding b = port("lr1", "gw-sw2", "l3gateway");
    sb_fixture_port_set_option(a.get(), "peer", "gw-sw2");
    sb_fixture_port_set_option(b.get(), "peer", "sw2-gw");
    ld_.run(ix_.get(), roots({"sw2"}));
    EXPECT_EQ(local(), "sw2");
}

TEST(PatchPeer, NeedsPeerOptionNamingAPort)
{
    sb::Indexes *ix;
    ovs::IdlPtr idl(sb_gen_idl_create(NO_SERVER, true, &ix));
    sb::IndexesPtr ixp(ix);
    ovs::IdlTxnPtr txn(ovs_shim_idl_txn_create(idl.get()));
    const sbrec_datapath_binding *dp = sb_fixture_datapath(txn.get(), 1,
                                                           "sw0");
    const sb::PortBinding a(sb_fixture_port(txn.get(), dp, "a", 1, "patch",
                                            nullptr, 0, nullptr));
    EXPECT_FALSE(ovn::patch_peer(ixp.get(), a));
    sb_fixture_port_set_option(a.get(), "peer", "b");
    /* No port 'b' yet. */
    EXPECT_FALSE(ovn::patch_peer(ixp.get(), a));
    const sb::PortBinding b(sb_fixture_port(txn.get(), dp, "b", 2, "patch",
                                            nullptr, 0, nullptr));
    EXPECT_TRUE(ovn::patch_peer(ixp.get(), a) == b);
    EXPECT_FALSE(ovn::patch_peer(ixp.get(), b));
}

}  // namespace
