#include <config.h>

#include "lib/hindex-view.h"

#include <iterator>
#include <memory>
#include <set>
#include <type_traits>
#include <vector>

#include <gtest/gtest.h>

namespace {

/* Elements are owned by the test, never by the index. */
struct Entry {
    int id;
    hindex_node node;
};

using EntryIndex = ovs::HindexView<Entry, &Entry::node>;

std::multiset<int>
ids(const EntryIndex &view)
{
    std::multiset<int> result;
    for (const Entry &e : view) {
        result.insert(e.id);
    }
    return result;
}

std::multiset<int>
ids_with_hash(const EntryIndex &view, size_t hash)
{
    std::multiset<int> result;
    for (const Entry &e : view.with_hash(hash)) {
        result.insert(e.id);
    }
    return result;
}

std::multiset<int>
range(int begin, int end, int step = 1)
{
    std::multiset<int> result;
    for (int i = begin; i < end; i += step) {
        result.insert(i);
    }
    return result;
}

void
destroy_all(EntryIndex &view)
{
    for (Entry &e : view) {
        view.remove(e);
        delete &e;
    }
}

}  // namespace

static_assert(!std::is_copy_constructible_v<ovs::Hindex>);
static_assert(!std::is_copy_assignable_v<ovs::Hindex>);

TEST(Hindex, NewIndexIsEmpty)
{
    ovs::Hindex index;
    EXPECT_TRUE(index.empty());
    EntryIndex view(index);
    EXPECT_TRUE(view.empty());
    EXPECT_TRUE(view.begin() == view.end());
    auto none = view.with_hash(0);
    EXPECT_TRUE(none.begin() == none.end());
}

TEST(HindexView, InsertedElementsAreEachVisitedOnce)
{
    ovs::Hindex index;
    EntryIndex view(index);
    std::vector<std::unique_ptr<Entry>> entries;
    for (int i = 0; i < 100; i++) {
        entries.push_back(std::make_unique<Entry>(Entry{i, {}}));
        /* Heads, bodies and several heads per bucket all occur. */
        view.insert(*entries.back(), i % 13);
    }
    EXPECT_FALSE(index.empty());
    EXPECT_EQ(range(0, 100), ids(view));
    EXPECT_EQ(100, std::distance(view.begin(), view.end()));
    for (auto &e : entries) {
        view.remove(*e);
    }
    EXPECT_TRUE(view.empty());
}

TEST(HindexView, IteratorGivesAccessToTheElement)
{
    ovs::Hindex index;
    EntryIndex view(index);
    Entry e{5, {}};
    view.insert(e, 77);
    EntryIndex::iterator it = view.begin();
    ASSERT_TRUE(it != view.end());
    EXPECT_EQ(&e, &*it);
    EXPECT_EQ(5, it->id);
    EXPECT_EQ(&e, EntryIndex::from_node(&e.node));
    ++it;
    EXPECT_TRUE(it == view.end());
    view.remove(e);
}

TEST(HindexView, ViewOverARawHindexSeesTheSameElements)
{
    hindex raw;
    hindex_init(&raw);
    Entry e{3, {}};
    hindex_insert(&raw, &e.node, 12);
    EntryIndex view(&raw);
    EXPECT_EQ(std::multiset<int>{3}, ids(view));
    EXPECT_EQ(std::multiset<int>{3}, ids_with_hash(view, 12));
    view.remove(e);
    EXPECT_TRUE(hindex_is_empty(&raw));
    hindex_destroy(&raw);
}

TEST(HindexView, WithHashVisitsEveryElementOfALongChainOfEqualHashes)
{
    ovs::Hindex index;
    EntryIndex view(index);
    std::vector<std::unique_ptr<Entry>> entries;
    for (int i = 0; i < 500; i++) {
        entries.push_back(std::make_unique<Entry>(Entry{i, {}}));
        view.insert(*entries.back(), 42);
    }
    /* One more element under another hash must not appear. */
    Entry other{1000, {}};
    view.insert(other, 43);

    EXPECT_EQ(range(0, 500), ids_with_hash(view, 42));
    EXPECT_EQ(std::multiset<int>{1000}, ids_with_hash(view, 43));
    EXPECT_TRUE(ids_with_hash(view, 44).empty());

    view.remove(other);
    for (auto &e : entries) {
        view.remove(*e);
    }
    EXPECT_TRUE(index.empty());
}

TEST(HindexView, WithHashSkipsOtherHashesThatShareTheBucket)
{
    ovs::Hindex index;
    EntryIndex view(index);
    const size_t hash = 9;
    const size_t same_bucket = hash + (size_t{1} << 20);
    Entry a{1, {}}, b{2, {}}, c{3, {}}, d{4, {}};
    view.insert(a, same_bucket);
    view.insert(b, hash);
    view.insert(c, same_bucket);
    view.insert(d, hash);
    ASSERT_EQ(hash & index.get()->mask, same_bucket & index.get()->mask);

    EXPECT_EQ((std::multiset<int>{2, 4}), ids_with_hash(view, hash));
    EXPECT_EQ((std::multiset<int>{1, 3}), ids_with_hash(view, same_bucket));
    EXPECT_EQ(range(1, 5), ids(view));
    view.remove(a);
    view.remove(b);
    view.remove(c);
    view.remove(d);
}

TEST(HindexView, RemovingCurrentElementDuringIterationIsSafe)
{
    ovs::Hindex index;
    EntryIndex view(index);
    for (int i = 0; i < 60; i++) {
        view.insert(*new Entry{i, {}}, i % 5);
    }
    /* valgrind reports any read of a freed node by the iterator. */
    int n_visited = 0;
    for (Entry &e : view) {
        view.remove(e);
        delete &e;
        n_visited++;
    }
    EXPECT_EQ(60, n_visited);
    EXPECT_TRUE(index.empty());
}

TEST(HindexView, RemovingSomeElementsDuringIterationKeepsTheRest)
{
    ovs::Hindex index;
    EntryIndex view(index);
    for (int i = 0; i < 60; i++) {
        view.insert(*new Entry{i, {}}, i % 4);
    }
    for (Entry &e : view) {
        if (e.id % 3 == 0) {
            view.remove(e);
            delete &e;
        }
    }
    std::multiset<int> expected;
    for (int i = 0; i < 60; i++) {
        if (i % 3) {
            expected.insert(i);
        }
    }
    EXPECT_EQ(expected, ids(view));
    destroy_all(view);
}

TEST(HindexView, RemovingCurrentElementDuringWithHashIterationIsSafe)
{
    ovs::Hindex index;
    EntryIndex view(index);
    for (int i = 0; i < 40; i++) {
        view.insert(*new Entry{i, {}}, i % 2 ? 7 : 8);
    }
    /* Removing the head of the chain each time exercises the case where the
     * next element becomes the new head. */
    int n_visited = 0;
    for (Entry &e : view.with_hash(7)) {
        EXPECT_EQ(1, e.id % 2);
        view.remove(e);
        delete &e;
        n_visited++;
    }
    EXPECT_EQ(20, n_visited);
    EXPECT_TRUE(ids_with_hash(view, 7).empty());
    EXPECT_EQ(range(0, 40, 2), ids_with_hash(view, 8));
    destroy_all(view);
}

TEST(HindexView, RemovingAnElementInTheMiddleOfAChainKeepsTheOthers)
{
    ovs::Hindex index;
    EntryIndex view(index);
    Entry entries[5] = {{0, {}}, {1, {}}, {2, {}}, {3, {}}, {4, {}}};
    for (Entry &e : entries) {
        view.insert(e, 100);
    }
    view.remove(entries[2]);
    EXPECT_EQ((std::multiset<int>{0, 1, 3, 4}), ids_with_hash(view, 100));
    for (Entry &e : entries) {
        if (e.id != 2) {
            view.remove(e);
        }
    }
    EXPECT_TRUE(view.empty());
}
