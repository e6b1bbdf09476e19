/* ovn/controller/lflow-fdb: tables 71 and 72 from FDB rows, as 23.03
 * computes them (the expected flows are Debian's ovn-controller's), and
 * what a change to one row costs. */
#include <config.h>

#include "ovn/controller/lflow-fdb.h"
#include "tests/unit/lflow-side-test.h"

namespace {

using Flows = std::vector<std::string>;

class FdbTest : public SideFlowTest {
protected:
    ovn::sb::Fdb
    fdb(int64_t dp_key, int64_t port_key, const char *mac)
    {
        return ovn::sb::Fdb(sb_fixture_fdb(txn_.get(), dp_key, port_key,
                                           mac));
    }

    ovn::FdbFlows fdb_;
};

TEST_F(FdbTest, RowGetsTables71And72)
{
    const ovn::sb::Fdb f = fdb(1, 2, "00:00:00:00:00:70");
    fdb_.run(input());
    EXPECT_EQ(flows_of(f.uuid()), (Flows{
        "table=71, priority=100, metadata=0x1,dl_dst=00:00:00:00:00:70 "
        "actions=set_field:0x2->reg15",
        "table=72, priority=100, reg14=0x2,metadata=0x1,"
        "dl_src=00:00:00:00:00:70 actions=set_field:0x100/0x100->reg10",
    }));
}

TEST_F(FdbTest, OnlyLocalDatapathsAndGoodMacs)
{
    const ovn::sb::Fdb remote = fdb(2, 3, "00:00:00:00:00:70");
    const ovn::sb::Fdb unknown = fdb(7, 1, "00:00:00:00:00:71");
    const ovn::sb::Fdb bad = fdb(1, 1, "bad");
    const ovn::sb::Fdb good = fdb(1, 1, "00:00:00:00:00:72");
    fdb_.run(input());
    EXPECT_TRUE(flows_of(remote.uuid()).empty());
    EXPECT_TRUE(flows_of(unknown.uuid()).empty());
    EXPECT_TRUE(flows_of(bad.uuid()).empty());
    EXPECT_EQ(flows_of(good.uuid()).size(), 2u);
    EXPECT_EQ(fdb_.n_owners(), 1u);
}

TEST_F(FdbTest, AddChangeRemoveOneRowTouchesOnlyItsFlows)
{
    fdb(1, 1, "00:00:00:00:00:70");
    fdb_.run(input());
    const Flows before = all_flows();

    const ovn::sb::Fdb f = fdb(1, 2, "00:00:00:00:00:71");
    fdb_.handle_fdb(input(), f.uuid());
    EXPECT_EQ(all_flows().size(), before.size() + 2);

    sb_fixture_fdb_set_mac(f.get(), "00:00:00:00:00:99");
    fdb_.handle_fdb(input(), f.uuid());
    const Flows changed = flows_of(f.uuid());
    ASSERT_EQ(changed.size(), 2u);
    EXPECT_NE(changed[0].find("00:00:00:00:00:99"), std::string::npos);
    EXPECT_EQ(all_flows().size(), before.size() + 2);

    const ovs::Uuid uuid = f.uuid();
    sb_fixture_fdb_delete(f.get());
    fdb_.handle_fdb(input(), uuid);
    EXPECT_EQ(all_flows(), before);
}

TEST_F(FdbTest, DatapathLeavingAndComingBack)
{
    const ovn::sb::Fdb f = fdb(1, 1, "00:00:00:00:00:70");
    fdb_.run(input());
    const Flows before = all_flows();
    fdb_.remove_datapath(sw0_.uuid());
    EXPECT_TRUE(flows_of(f.uuid()).empty());
    fdb_.add_datapath(input(), sw0_);
    EXPECT_EQ(all_flows(), before);
}

}  // namespace
