#include <config.h>

#include "lib/hmap-view.h"

#include <algorithm>
#include <iterator>
#include <memory>
#include <set>
#include <type_traits>
#include <vector>

#include <gtest/gtest.h>

namespace {

/* Elements are owned by the test (a vector of unique_ptr, or the heap in the
 * removal tests), never by the map. */
struct Flow {
    int id;
    hmap_node node;
};

using FlowMap = ovs::HmapView<Flow, &Flow::node>;

std::multiset<int>
ids(const FlowMap &view)
{
    std::multiset<int> result;
    for (const Flow &f : view) {
        result.insert(f.id);
    }
    return result;
}

std::multiset<int>
ids_with_hash(const FlowMap &view, size_t hash)
{
    std::multiset<int> result;
    for (const Flow &f : view.with_hash(hash)) {
        result.insert(f.id);
    }
    return result;
}

/* Frees every element still in 'view'; the map itself does not. */
void
destroy_all(FlowMap &view)
{
    for (Flow &f : view) {
        view.remove(f);
        delete &f;
    }
}

}  // namespace

static_assert(!std::is_copy_constructible_v<ovs::Hmap>);
static_assert(!std::is_copy_assignable_v<ovs::Hmap>);

TEST(Hmap, NewMapIsEmpty)
{
    ovs::Hmap map;
    EXPECT_TRUE(map.empty());
    EXPECT_EQ(0u, map.size());
    FlowMap view(map);
    EXPECT_TRUE(view.empty());
    EXPECT_TRUE(view.begin() == view.end());
}

TEST(HmapView, InsertedElementsAreEachVisitedOnce)
{
    ovs::Hmap map;
    FlowMap view(map);
    std::vector<std::unique_ptr<Flow>> flows;
    for (int i = 0; i < 100; i++) {
        flows.push_back(std::make_unique<Flow>(Flow{i, {}}));
        view.insert(*flows.back(), i * 7);
    }
    EXPECT_EQ(100u, view.size());
    EXPECT_EQ(100u, map.size());
    EXPECT_FALSE(map.empty());

    std::multiset<int> expected;
    for (int i = 0; i < 100; i++) {
        expected.insert(i);
    }
    EXPECT_EQ(expected, ids(view));

    for (auto &f : flows) {
        view.remove(*f);
    }
    EXPECT_TRUE(map.empty());
}

TEST(HmapView, IteratorGivesAccessToTheElement)
{
    ovs::Hmap map;
    FlowMap view(map);
    Flow f{42, {}};
    view.insert(f, 1);
    FlowMap::iterator it = view.begin();
    ASSERT_TRUE(it != view.end());
    EXPECT_EQ(&f, &*it);
    EXPECT_EQ(42, it->id);
    it->id = 43;
    EXPECT_EQ(43, f.id);
    ++it;
    EXPECT_TRUE(it == view.end());
    view.remove(f);
}

TEST(HmapView, WorksWithStandardAlgorithms)
{
    ovs::Hmap map;
    FlowMap view(map);
    Flow flows[5] = {{1, {}}, {2, {}}, {3, {}}, {4, {}}, {5, {}}};
    for (Flow &f : flows) {
        view.insert(f, f.id);
    }
    EXPECT_EQ(5, std::distance(view.begin(), view.end()));
    EXPECT_EQ(2, std::count_if(view.begin(), view.end(),
                               [](const Flow &f) { return f.id % 2 == 0; }));
    for (Flow &f : flows) {
        view.remove(f);
    }
}

TEST(HmapView, ViewOverARawHmapSeesTheSameElements)
{
    hmap raw;
    hmap_init(&raw);
    Flow f{9, {}};
    hmap_insert(&raw, &f.node, 99);

    FlowMap view(&raw);
    EXPECT_EQ(1u, view.size());
    EXPECT_EQ(std::multiset<int>{9}, ids(view));
    EXPECT_EQ(&f, FlowMap::from_node(hmap_first(&raw)));

    view.remove(f);
    EXPECT_TRUE(hmap_is_empty(&raw));
    hmap_destroy(&raw);
}

TEST(HmapView, WithHashVisitsOnlyElementsOfThatHash)
{
    ovs::Hmap map;
    FlowMap view(map);
    std::vector<std::unique_ptr<Flow>> flows;
    for (int i = 0; i < 30; i++) {
        flows.push_back(std::make_unique<Flow>(Flow{i, {}}));
        /* Three hashes, ten elements each. */
        view.insert(*flows.back(), i % 3);
    }
    EXPECT_EQ((std::multiset<int>{0, 3, 6, 9, 12, 15, 18, 21, 24, 27}),
              ids_with_hash(view, 0));
    EXPECT_EQ((std::multiset<int>{2, 5, 8, 11, 14, 17, 20, 23, 26, 29}),
              ids_with_hash(view, 2));
    EXPECT_TRUE(ids_with_hash(view, 3).empty());
    for (auto &f : flows) {
        view.remove(*f);
    }
}

TEST(HmapView, WithHashSkipsOtherHashesThatShareTheBucket)
{
    ovs::Hmap map;
    FlowMap view(map);
    /* A small map has far fewer than 2**20 buckets, so both hashes land in
     * the same bucket and only the hash itself tells them apart. */
    const size_t hash = 5;
    const size_t same_bucket = hash + (size_t{1} << 20);
    Flow a{1, {}}, b{2, {}}, c{3, {}};
    view.insert(a, hash);
    view.insert(b, same_bucket);
    view.insert(c, hash);
    ASSERT_EQ(hash & map.get()->mask, same_bucket & map.get()->mask);

    EXPECT_EQ((std::multiset<int>{1, 3}), ids_with_hash(view, hash));
    EXPECT_EQ(std::multiset<int>{2}, ids_with_hash(view, same_bucket));
    view.remove(a);
    view.remove(b);
    view.remove(c);
}

TEST(HmapView, WithHashOfAnEmptyMapIsEmpty)
{
    ovs::Hmap map;
    FlowMap view(map);
    auto range = view.with_hash(0);
    EXPECT_TRUE(range.begin() == range.end());
}

TEST(HmapView, RemovingCurrentElementDuringIterationIsSafe)
{
    ovs::Hmap map;
    FlowMap view(map);
    for (int i = 0; i < 50; i++) {
        /* Few distinct hashes, so many elements share a bucket chain and
         * the successor is often in the same bucket as the freed node. */
        view.insert(*new Flow{i, {}}, i % 4);
    }

    /* Freeing each element as it is visited: valgrind reports any read of
     * the freed node by the iterator. */
    int n_visited = 0;
    for (Flow &f : view) {
        view.remove(f);
        delete &f;
        n_visited++;
    }
    EXPECT_EQ(50, n_visited);
    EXPECT_TRUE(map.empty());
}

TEST(HmapView, RemovingSomeElementsDuringIterationKeepsTheRest)
{
    ovs::Hmap map;
    FlowMap view(map);
    for (int i = 0; i < 40; i++) {
        view.insert(*new Flow{i, {}}, i);
    }
    for (Flow &f : view) {
        if (f.id % 2) {
            view.remove(f);
            delete &f;
        }
    }
    std::multiset<int> expected;
    for (int i = 0; i < 40; i += 2) {
        expected.insert(i);
    }
    EXPECT_EQ(expected, ids(view));
    destroy_all(view);
}

TEST(HmapView, RemovingCurrentElementDuringWithHashIterationIsSafe)
{
    ovs::Hmap map;
    FlowMap view(map);
    for (int i = 0; i < 20; i++) {
        view.insert(*new Flow{i, {}}, i % 2);
    }
    int n_visited = 0;
    for (Flow &f : view.with_hash(1)) {
        EXPECT_EQ(1, f.id % 2);
        view.remove(f);
        delete &f;
        n_visited++;
    }
    EXPECT_EQ(10, n_visited);
    EXPECT_EQ(10u, view.size());
    EXPECT_TRUE(ids_with_hash(view, 1).empty());
    EXPECT_EQ(10u, ids_with_hash(view, 0).size());
    destroy_all(view);
}

TEST(Hmap, ShrinkKeepsTheRemainingElementsReachable)
{
    ovs::Hmap map;
    FlowMap view(map);
    for (int i = 0; i < 1000; i++) {
        view.insert(*new Flow{i, {}}, i);
    }
    const size_t big_mask = map.get()->mask;
    for (Flow &f : view) {
        if (f.id >= 3) {
            view.remove(f);
            delete &f;
        }
    }
    map.shrink();
    EXPECT_LT(map.get()->mask, big_mask);
    EXPECT_EQ(3u, map.size());
    EXPECT_EQ((std::multiset<int>{0, 1, 2}), ids(view));
    EXPECT_EQ(std::multiset<int>{2}, ids_with_hash(view, 2));
    destroy_all(view);
}

TEST(Hmap, DestroyingAMapThatOutgrewItsSingleBucketFreesTheBuckets)
{
    /* Checked by valgrind: hmap_destroy() must run, since 'one' is only
     * used until the first expansion. */
    std::vector<std::unique_ptr<Flow>> flows;
    {
        ovs::Hmap map;
        FlowMap view(map);
        for (int i = 0; i < 64; i++) {
            flows.push_back(std::make_unique<Flow>(Flow{i, {}}));
            view.insert(*flows.back(), i);
        }
        EXPECT_GT(map.get()->mask, 0u);
    }
}
