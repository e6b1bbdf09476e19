/* The generated Southbound row views and indexes (ovn/lib/sb-rows.h) on an
 * in-memory Southbound (tests/unit/sb-fixture.h). */
#include <config.h>

#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "lib/c-ptr.h"
#include "lib/shim/ovsdb-idl-shim.h"
#include "ovn/lib/sb-rows.h"
#include "ovn/lib/sb-shim.h"
#include "tests/unit/sb-fixture.h"

namespace {

namespace sb = ovn::sb;

constexpr const char NO_SERVER[] = "unix:/nonexistent/ovn-cxx/sb.sock";

/* Two switches: sw0 (key 1) with ports lp1 (key 1, two MACs, tag 7) and
 * lp2 (key 2, patch), and a flood group of both; sw1 (key 2) with lp3
 * (key 1).  A logical flow on sw0, and one on a group of both. */
class SbRows : public ::testing::Test {
protected:
    void
    SetUp() override
    {
        sb::Indexes *ix;
        idl_.reset(sb_gen_idl_create(NO_SERVER, true, &ix));
        ix_.reset(ix);
        txn_.reset(ovs_shim_idl_txn_create(idl_.get()));
        sw0_ = sb::DatapathBinding(sb_fixture_datapath(txn_.get(), 1,
                                                       "sw0"));
        sw1_ = sb::DatapathBinding(sb_fixture_datapath(txn_.get(), 2,
                                                       "sw1"));
        const char *macs[] = {"50:54:00:00:00:01 10.0.0.1", "unknown"};
        const int64_t tag = 7;
        lp1_ = sb::PortBinding(sb_fixture_port(txn_.get(), sw0_.get(),
                                               "lp1", 1, "", macs, 2, &tag));
        lp2_ = sb::PortBinding(sb_fixture_port(txn_.get(), sw0_.get(),
                                               "lp2", 2, "patch", nullptr, 0,
                                               nullptr));
        lp3_ = sb::PortBinding(sb_fixture_port(txn_.get(), sw1_.get(),
                                               "lp3", 1, "", nullptr, 0,
                                               nullptr));
        const sbrec_port_binding *members[] = {lp1_.get(), lp2_.get()};
        flood_ = sb::MulticastGroup(sb_fixture_multicast_group(
                                        txn_.get(), sw0_.get(), "_MC_flood",
                                        32768, members, 2));
        const sbrec_datapath_binding *both[] = {sw0_.get(), sw1_.get()};
        group_ = sb::LogicalDpGroup(sb_fixture_dp_group(txn_.get(), both,
                                                        2));
        lf0_ = sb::LogicalFlow(sb_fixture_lflow(txn_.get(), sw0_.get(),
                                                nullptr, 0, 100, "1",
                                                "next;"));
        lf_group_ = sb::LogicalFlow(sb_fixture_lflow(
                                        txn_.get(), nullptr, group_.get(),
                                        1, 50, "ip", "drop;"));
    }

    ovs::IdlPtr idl_;
    sb::IndexesPtr ix_;
    ovs::IdlTxnPtr txn_;
    sb::DatapathBinding sw0_, sw1_;
    sb::PortBinding lp1_, lp2_, lp3_;
    sb::MulticastGroup flood_;
    sb::LogicalDpGroup group_;
    sb::LogicalFlow lf0_, lf_group_;
};

TEST_F(SbRows, ColumnsReadAsTypedValues)
{
    EXPECT_EQ(lp1_.logical_port(), "lp1");
    EXPECT_EQ(lp1_.type(), "");
    EXPECT_EQ(lp2_.type(), "patch");
    EXPECT_EQ(lp1_.tunnel_key(), 1);
    EXPECT_EQ(lp1_.datapath(), sw0_);
    EXPECT_EQ(lp1_.tag(), std::optional<int64_t>(7));
    EXPECT_EQ(lp2_.tag(), std::nullopt);
    EXPECT_EQ(lp1_.up(), std::nullopt);
    EXPECT_FALSE(lp1_.chassis());
    EXPECT_EQ(lp1_.parent_port(), std::nullopt);
    ASSERT_EQ(lp1_.mac().size(), 2u);
    EXPECT_EQ(lp1_.mac()[1], "unknown");
    std::vector<std::string> macs(lp1_.mac().begin(), lp1_.mac().end());
    EXPECT_EQ(macs, (std::vector<std::string>{"50:54:00:00:00:01 10.0.0.1",
                                              "unknown"}));
    EXPECT_TRUE(lp2_.mac().empty());
    EXPECT_STREQ(sw0_.external_ids().get("name"), "sw0");
    EXPECT_EQ(sw0_.external_ids().get("nope"), nullptr);
    EXPECT_EQ(lp1_.uuid(), sb::PortBinding::get_for_uuid(idl_.get(),
                                                         lp1_.uuid()).uuid());
    EXPECT_FALSE(lp1_.uuid().is_zero());
}

TEST_F(SbRows, SetsOfReferencesAreViews)
{
    std::set<std::string> members;
    for (sb::PortBinding pb : flood_.ports()) {
        members.emplace(pb.logical_port());
    }
    EXPECT_EQ(members, (std::set<std::string>{"lp1", "lp2"}));
    EXPECT_EQ(group_.datapaths().size(), 2u);
    EXPECT_EQ(lf_group_.logical_dp_group(), group_);
    EXPECT_FALSE(lf_group_.logical_datapath());
    EXPECT_EQ(lf0_.logical_datapath(), sw0_);
    EXPECT_EQ(lf0_.match(), "1");
}

TEST_F(SbRows, TablesIterateEveryRow)
{
    std::set<std::string> ports;
    for (sb::PortBinding pb : sb::PortBinding::table(idl_.get())) {
        ports.emplace(pb.logical_port());
    }
    EXPECT_EQ(ports, (std::set<std::string>{"lp1", "lp2", "lp3"}));
    size_t n = 0;
    for (sb::LogicalFlow lf : sb::LogicalFlow::table(idl_.get())) {
        n += bool(lf);
    }
    EXPECT_EQ(n, 2u);
}

TEST_F(SbRows, IndexesFindAndRange)
{
    const sb::Indexes *ix = ix_.get();
    EXPECT_EQ(sb::PortBinding::find_by_name(ix, "lp3"), lp3_);
    EXPECT_FALSE(sb::PortBinding::find_by_name(ix, "lp4"));
    EXPECT_EQ(sb::PortBinding::find_by_datapath_key(ix, sw1_, 1), lp3_);
    EXPECT_EQ(sb::PortBinding::find_by_datapath_key(ix, sw0_, 1), lp1_);
    EXPECT_FALSE(sb::PortBinding::find_by_datapath_key(ix, sw1_, 2));
    EXPECT_EQ(sb::DatapathBinding::find_by_tunnel_key(ix, 2), sw1_);
    EXPECT_EQ(sb::MulticastGroup::find_by_datapath_name(ix, sw0_,
                                                        "_MC_flood"),
              flood_);
    EXPECT_FALSE(sb::MulticastGroup::find_by_datapath_name(ix, sw1_,
                                                           "_MC_flood"));

    std::set<std::string> on_sw0;
    for (sb::PortBinding pb : sb::PortBinding::all_by_datapath(ix, sw0_)) {
        on_sw0.emplace(pb.logical_port());
    }
    EXPECT_EQ(on_sw0, (std::set<std::string>{"lp1", "lp2"}));
    EXPECT_TRUE(sb::MulticastGroup::all_by_datapath(ix, sw1_).empty());

    std::vector<sb::LogicalFlow> lflows;
    for (sb::LogicalFlow lf : sb::LogicalFlow::all_by_datapath(ix, sw0_)) {
        lflows.push_back(lf);
    }
    EXPECT_EQ(lflows, std::vector<sb::LogicalFlow>{lf0_});
    EXPECT_EQ(sb::LogicalFlow::find_by_dp_group(ix, group_), lf_group_);
}

TEST_F(SbRows, PrefixLookupsStopWhereTheirColumnsChange)
{
    /* all_by_datapath() walks index by_datapath_key from the datapath's
     * least key: its ports in key order, then no further.  Datapaths
     * with no port sort anywhere among those with ports (by UUID): with
     * eight of them, some land before one that has ports, whose first
     * row must not be taken for theirs. */
    const sb::Indexes *ix = ix_.get();
    const sb::PortBinding lp4(sb_fixture_port(txn_.get(), sw1_.get(), "lp4",
                                              3, "", nullptr, 0, nullptr));
    const sb::PortBinding lp0(sb_fixture_port(txn_.get(), sw0_.get(), "lp0",
                                              -5, "", nullptr, 0, nullptr));
    auto ports = [&](sb::DatapathBinding dp) {
        std::vector<std::string> names;
        for (sb::PortBinding pb : sb::PortBinding::all_by_datapath(ix, dp)) {
            names.emplace_back(pb.logical_port());
        }
        return names;
    };
    EXPECT_EQ(ports(sw0_), (std::vector<std::string>{"lp0", "lp1", "lp2"}));
    EXPECT_EQ(ports(sw1_), (std::vector<std::string>{"lp3", "lp4"}));
    EXPECT_EQ(sb::PortBinding::find_by_datapath(ix, sw1_), lp3_);
    EXPECT_EQ(sb::PortBinding::find_by_datapath(ix, sw0_), lp0);
    for (int i = 0; i < 8; i++) {
        const sb::DatapathBinding empty(sb_fixture_datapath(
                                            txn_.get(), 10 + i, "empty"));
        EXPECT_TRUE(ports(empty).empty());
        EXPECT_FALSE(sb::PortBinding::find_by_datapath(ix, empty));
        EXPECT_TRUE(sb::MulticastGroup::all_by_datapath(ix, empty).empty());
    }

    /* Multicast_Group by datapath: by_datapath_name's prefix. */
    const sb::MulticastGroup unknown(sb_fixture_multicast_group(
                                         txn_.get(), sw0_.get(),
                                         "_MC_unknown", 32769, nullptr, 0));
    const sb::MulticastGroup flood1(sb_fixture_multicast_group(
                                        txn_.get(), sw1_.get(), "_MC_flood",
                                        32768, nullptr, 0));
    std::vector<sb::MulticastGroup> on_sw0;
    for (sb::MulticastGroup mg
             : sb::MulticastGroup::all_by_datapath(ix, sw0_)) {
        on_sw0.push_back(mg);
    }
    EXPECT_EQ(on_sw0, (std::vector<sb::MulticastGroup>{flood_, unknown}));
    EXPECT_EQ(sb::MulticastGroup::find_by_datapath(ix, sw1_), flood1);

    /* A port given another key in the transaction moves in the index,
     * and the range follows it. */
    sb_fixture_port_set_tunnel_key(lp0.get(), 9);
    EXPECT_EQ(ports(sw0_), (std::vector<std::string>{"lp1", "lp2", "lp0"}));
}

TEST_F(SbRows, IndexesFollowWritesInTheTransaction)
{
    const sb::Indexes *ix = ix_.get();
    const char *types[] = {"geneve"};
    const sb::Chassis hv1(sb_shim_chassis_register(txn_.get(), "hv1", "h",
                                                   types, 1, "10.0.0.1"));
    EXPECT_EQ(sb::Chassis::find_by_name(ix, "hv1"), hv1);

    /* A new tunnel key moves the port in the by_datapath_key index. */
    sb_fixture_port_set_tunnel_key(lp1_.get(), 9);
    EXPECT_EQ(sb::PortBinding::find_by_datapath_key(ix, sw0_, 9), lp1_);
    EXPECT_FALSE(sb::PortBinding::find_by_datapath_key(ix, sw0_, 1));
}

/* Many rows, in no order: each found by its name and by its datapath
 * and key, before and after its key changes (the string and integer
 * index columns have comparers of their own, the reference the IDL's). */
TEST_F(SbRows, IndexesFindEachOfManyRows)
{
    const sb::Indexes *ix = ix_.get();
    std::vector<sb::PortBinding> many;
    for (int i = 0; i < 200; i++) {
        const int n = (i * 73) % 200;
        const std::string name = "many" + std::to_string(n);
        many.emplace_back(sb_fixture_port(txn_.get(),
                                          (n % 2 ? sw1_ : sw0_).get(),
                                          name.c_str(), 100 + n, "", nullptr,
                                          0, nullptr));
    }
    for (const sb::PortBinding &pb : many) {
        const std::string name(pb.logical_port());
        const int n = std::stoi(name.substr(4));
        EXPECT_EQ(sb::PortBinding::find_by_name(ix, name.c_str()), pb) << name;
        EXPECT_EQ(sb::PortBinding::find_by_datapath_key(
                      ix, n % 2 ? sw1_ : sw0_, 100 + n), pb) << name;
        EXPECT_FALSE(sb::PortBinding::find_by_datapath_key(
                         ix, n % 2 ? sw0_ : sw1_, 100 + n)) << name;
    }
    EXPECT_FALSE(sb::PortBinding::find_by_name(ix, "many"));
    EXPECT_FALSE(sb::PortBinding::find_by_name(ix, "many200"));

    for (const sb::PortBinding &pb : many) {
        sb_fixture_port_set_tunnel_key(pb.get(), pb.tunnel_key() + 1000);
    }
    for (const sb::PortBinding &pb : many) {
        const std::string name(pb.logical_port());
        const int n = std::stoi(name.substr(4));
        EXPECT_EQ(sb::PortBinding::find_by_name(ix, name.c_str()), pb) << name;
        EXPECT_EQ(sb::PortBinding::find_by_datapath_key(
                      ix, n % 2 ? sw1_ : sw0_, 1100 + n), pb) << name;
        EXPECT_FALSE(sb::PortBinding::find_by_datapath_key(
                         ix, n % 2 ? sw1_ : sw0_, 100 + n)) << name;
    }
}

TEST_F(SbRows, NothingIsTrackedWithoutAServer)
{
    EXPECT_TRUE(sb::PortBinding::tracked(idl_.get()).empty());
    EXPECT_TRUE(sb::MulticastGroup::tracked(idl_.get()).empty());
}

}  // namespace
