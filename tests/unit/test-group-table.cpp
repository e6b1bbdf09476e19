/* The group table (ofctrl issue section 3), one rule per test. */
#include <config.h>

#include <algorithm>

#include "tests/unit/ofctrl-test-util.h"

namespace ovn_test {
namespace {

class Groups : public OfctrlTablesTest {};

const char GROUP_X[] = "type=select,bucket=actions=output:1,"
                       "bucket=actions=output:2";
const char GROUP_Y[] = "type=all,bucket=actions=output:3";
const char GROUP_Z[] = "type=all,bucket=actions=output:4";

TEST_F(Groups, TheSameTextGetsTheSameIdAcrossOwners)
{
    uint32_t a = add_group(owner(1), GROUP_X);
    uint32_t b = add_group(owner(2), GROUP_X);
    EXPECT_EQ(a, b);
    EXPECT_EQ(1u, tables.groups().size());
    put();
    EXPECT_EQ(1u, sw.groups.size());
}

TEST_F(Groups, TheListHasTheGroupsInUseByTextWithTheirIds)
{
    uint32_t y = add_group(owner(1), GROUP_Y);
    uint32_t x = add_group(owner(2), GROUP_X);
    EXPECT_EQ((std::vector<std::string>{
                  std::string(GROUP_Y) + ": " + std::to_string(y),
                  std::string(GROUP_X) + ": " + std::to_string(x)}),
              tables.groups().list());
    tables.remove_flows(owner(1));
    EXPECT_EQ(std::vector<std::string>{
                  std::string(GROUP_X) + ": " + std::to_string(x)},
              tables.groups().list());
}

TEST_F(Groups, TheLowestFreeIdIsAllocatedStartingAtOne)
{
    EXPECT_EQ(1u, add_group(owner(1), GROUP_X));
    EXPECT_EQ(2u, add_group(owner(1), GROUP_Y));
    EXPECT_EQ(3u, add_group(owner(1), GROUP_Z));
}

TEST_F(Groups, AGroupIsReleasedOnlyWhenItsLastOwnerIsRemoved)
{
    uint32_t id = add_group(owner(1), GROUP_X);
    add_group(owner(2), GROUP_X);
    put();

    tables.remove_flows(owner(1));
    EXPECT_EQ(0u, put().group_dels);
    EXPECT_EQ(1u, sw.groups.count(id));

    tables.remove_flows(owner(2));
    EXPECT_EQ(1u, put().group_dels);
    EXPECT_TRUE(sw.groups.empty());
    EXPECT_FALSE(tables.groups().id_in_use(id));
}

TEST_F(Groups, AnIdIsNotReusedUntilItsDeleteHasBeenSent)
{
    uint32_t x = add_group(owner(1), GROUP_X);
    put();
    tables.remove_flows(owner(1));

    /* X is still installed: its ID must not stand for another group. */
    uint32_t y = add_group(owner(2), GROUP_Y);
    EXPECT_NE(x, y);
    EXPECT_TRUE(tables.groups().id_in_use(x));

    put();
    EXPECT_FALSE(tables.groups().id_in_use(x));
    EXPECT_EQ(x, add_group(owner(3), GROUP_Z));
    put();
    EXPECT_EQ(canonical_group(GROUP_Z), sw.groups[x]);
}

TEST_F(Groups, NewGroupsComeBeforeFlowsAndUnusedGroupsAfterThem)
{
    uint32_t id = add_group(owner(1), GROUP_X);
    add(owner(1), "table=1,priority=1,reg14=0x1,actions=group:"
                  + std::to_string(id));
    put();
    ASSERT_EQ(2u, sw.log.size());
    EXPECT_EQ(0u, sw.log[0].find("group ADD"));
    EXPECT_EQ(0u, sw.log[1].find("flow ADD"));

    tables.remove_flows(owner(1));
    put();
    ASSERT_EQ(2u, sw.log.size());
    EXPECT_EQ(0u, sw.log[0].find("flow DELETE"));
    EXPECT_EQ(0u, sw.log[1].find("group DELETE"));
}

/* Upstream's first persistent-flows patch rebuilt groups on every run and
 * deleted those not re-requested, while the flows using them persisted. */
TEST_F(Groups, AGroupLivesAsLongAsTheOwnerOfTheFlowsUsingIt)
{
    uint32_t id = add_group(owner(1), GROUP_X);
    add(owner(1), "table=1,priority=1,reg14=0x1,actions=group:"
                  + std::to_string(id));
    put();

    /* Other rows change; owner 1 is not recomputed. */
    add(owner(2), "table=1,priority=1,reg14=0x2,actions=drop");
    add_group(owner(2), GROUP_Y);
    put();
    tables.remove_flows(owner(2));
    put();

    EXPECT_EQ(1u, sw.groups.count(id));
    EXPECT_EQ(1u, sw.flows.size());
}

TEST_F(Groups, AGroupRequestedAgainBeforeItsDeleteKeepsItsId)
{
    uint32_t id = add_group(owner(1), GROUP_X);
    put();
    tables.remove_flows(owner(1));
    EXPECT_EQ(id, add_group(owner(2), GROUP_X));
    EXPECT_EQ(0u, put().total());
    EXPECT_EQ(1u, sw.groups.count(id));
}

TEST_F(Groups, AGroupAddedAndReleasedBetweenPutsNeverReachesTheSwitch)
{
    uint32_t id = add_group(owner(1), GROUP_X);
    tables.remove_flows(owner(1));
    EXPECT_EQ(0u, put().total());
    EXPECT_FALSE(tables.groups().id_in_use(id));
}

TEST_F(Groups, RunningOutOfIdsIsAnErrorThatChangesNothing)
{
    ovn::OfctrlTables small(2);
    std::string error;
    EXPECT_TRUE(small.add_group(owner(1), GROUP_X, &error));
    EXPECT_TRUE(small.add_group(owner(1), GROUP_Y, &error));
    EXPECT_FALSE(small.add_group(owner(1), GROUP_Z, &error));
    EXPECT_EQ("no free group ID", error);
    EXPECT_EQ(2u, small.groups().size());
}

TEST_F(Groups, BadGroupTextIsAnErrorNamingItThatChangesNothing)
{
    add_group(owner(1), GROUP_X);
    const char *bad[] = {
        "type=no_such_type,bucket=actions=output:1",
        "type=select,bucket=actions=no_such_action",
        "group_id=5,type=all,bucket=actions=output:1",
    };
    for (const char *text : bad) {
        std::string error;
        EXPECT_FALSE(tables.add_group(owner(2), text, &error)) << text;
        EXPECT_NE(std::string::npos, error.find(text)) << error;
    }
    EXPECT_EQ(1u, tables.groups().size());
    put();
    EXPECT_EQ(1u, sw.groups.size());
}

TEST_F(Groups, AfterTheSwitchIsClearedGroupsInUseAreReadded)
{
    uint32_t x = add_group(owner(1), GROUP_X);
    add_group(owner(2), GROUP_Y);
    put();
    tables.remove_flows(owner(2));

    sw.groups.clear();
    tables.switch_cleared();
    ovn::PutStats stats = put();
    EXPECT_EQ(1u, stats.group_adds);
    EXPECT_EQ(0u, stats.group_dels);
    ASSERT_EQ(1u, sw.groups.size());
    EXPECT_EQ(1u, sw.groups.count(x));
}

TEST_F(Groups, TheSwitchGetsTheRequestedBuckets)
{
    uint32_t id = add_group(owner(1), GROUP_X);
    put();
    EXPECT_EQ(canonical_group(GROUP_X), sw.groups[id]);
}

}  // namespace
}  // namespace ovn_test
