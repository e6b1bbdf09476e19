#include <config.h>

#include "lib/group-mod.h"

#include <memory>
#include <string>
#include <type_traits>

#include <gtest/gtest.h>

#include "lib/ovs-internal.h"
#include "openvswitch/ofp-actions.h"

namespace {

/* Appends a bucket that outputs to 'port', allocated the way OVS's parser
 * and decoder do, so that the GroupMod's destructor is what frees it. */
void
add_output_bucket(ovs::GroupMod &group, uint16_t port, uint16_t weight = 0)
{
    uint64_t stub[64 / 8];
    ofpbuf actions;
    ofpbuf_use_stub(&actions, stub, sizeof stub);
    ofpact_put_OUTPUT(&actions)->port = OFP_PORT_C(port);

    auto *bucket = static_cast<ofputil_bucket *>(
        xzalloc(sizeof(ofputil_bucket)));
    bucket->weight = weight;
    bucket->watch_port = OFPP_ANY;
    bucket->watch_group = OFPG_ANY;
    bucket->bucket_id = static_cast<uint32_t>(group.n_buckets());
    bucket->ofpacts = static_cast<ofpact *>(xmemdup(actions.data,
                                                    actions.size));
    bucket->ofpacts_len = actions.size;
    ofpbuf_uninit(&actions);

    ovs_list_push_back(&group.get()->buckets, &bucket->list_node);
}

}  // namespace

/* The bucket list points back at its head inside the object. */
static_assert(!std::is_copy_constructible_v<ovs::GroupMod>);
static_assert(!std::is_move_constructible_v<ovs::GroupMod>);

TEST(GroupMod, DefaultIsAnEmptyAddOfTypeAll)
{
    ovs::GroupMod group;
    EXPECT_EQ(OFPGT11_ALL, group.type());
    EXPECT_EQ(0u, group.n_buckets());
    EXPECT_EQ(OFPGC11_ADD, group.get()->command);
    EXPECT_EQ(OFPG15_BUCKET_ALL, group.get()->command_bucket_id);
    EXPECT_TRUE(ovs_list_is_empty(&group.get()->buckets));
}

TEST(GroupMod, CountsItsBuckets)
{
    ovs::GroupMod group;
    add_output_bucket(group, 1);
    add_output_bucket(group, 2);
    add_output_bucket(group, 3);
    EXPECT_EQ(3u, group.n_buckets());
}

TEST(GroupMod, FreesItsBucketsAndTheirActions)
{
    /* Checked by valgrind: every bucket and its ofpacts are freed. */
    auto group = std::make_unique<ovs::GroupMod>();
    for (uint16_t port = 1; port <= 10; port++) {
        add_output_bucket(*group, port);
    }
    EXPECT_EQ(10u, group->n_buckets());
    group.reset();
}

TEST(GroupMod, ConstGetSeesTheSameMod)
{
    ovs::GroupMod group;
    group.get()->type = OFPGT11_SELECT;
    const ovs::GroupMod &view = group;
    EXPECT_EQ(group.get(), view.get());
    EXPECT_EQ(OFPGT11_SELECT, view.type());
}

TEST(GroupMod, ToStringStartsAtTheTypeAndOmitsTheGroupId)
{
    ovs::GroupMod group;
    group.get()->group_id = 1234;
    group.get()->type = OFPGT11_SELECT;
    add_output_bucket(group, 1, 10);
    add_output_bucket(group, 2, 20);

    std::string text = group.to_string();
    EXPECT_EQ(0u, text.rfind("type=select", 0)) << text;
    EXPECT_EQ(std::string::npos, text.find("group_id")) << text;
    EXPECT_EQ(std::string::npos, text.find("1234")) << text;
    EXPECT_EQ("type=select,"
              "bucket=bucket_id:0,weight:10,actions=output:1,"
              "bucket=bucket_id:1,weight:20,actions=output:2", text);
}

TEST(GroupMod, ToStringLeavesOutBucketIdsNotYetAssigned)
{
    /* Parsed buckets have no ID until the group is encoded; "bucket_id:all"
     * would be text that no parser reads back. */
    ovs::GroupMod group;
    add_output_bucket(group, 1);
    add_output_bucket(group, 2);
    ofputil_bucket *bucket;
    LIST_FOR_EACH (bucket, list_node, &group.get()->buckets) {
        bucket->bucket_id = OFPG15_BUCKET_ALL;
    }
    EXPECT_EQ("type=all,bucket=actions=output:1,bucket=actions=output:2",
              group.to_string());
}

TEST(GroupMod, ToStringOfAnEmptyGroupIsJustTheType)
{
    ovs::GroupMod group;
    EXPECT_EQ("type=all", group.to_string());
}
