#include <config.h>

#include "lib/open-hash-index.h"

#include <cstdint>
#include <iterator>
#include <memory>
#include <random>
#include <set>
#include <vector>

#include <gtest/gtest.h>

namespace {

/* Elements are the test's; the index only points at them. */
struct Item {
    int id;
    uint32_t hash;
};

using Index = ovs::OpenHashIndex<Item>;

Item *
find(const Index &index, const Item &wanted)
{
    return index.find(wanted.hash, [&](const Item &i) {
        return i.id == wanted.id;
    });
}

std::set<int>
ids(const Index &index)
{
    std::set<int> result;
    index.for_each([&](const Item &i) { result.insert(i.id); });
    return result;
}

}  // namespace

TEST(OpenHashIndex, AnEmptyIndexFindsNothing)
{
    Index index;
    Item a{1, 7};
    EXPECT_EQ(nullptr, find(index, a));
    EXPECT_EQ(0u, index.size());
    EXPECT_TRUE(index.empty());
    EXPECT_TRUE(ids(index).empty());
}

TEST(OpenHashIndex, FindsWhatWasInsertedByHashAndPredicate)
{
    Index index;
    Item a{1, 7}, b{2, 7}, c{3, 8};
    index.insert(&a, a.hash);
    index.insert(&b, b.hash);
    index.insert(&c, c.hash);
    EXPECT_EQ(&a, find(index, a));
    EXPECT_EQ(&b, find(index, b));     /* The same hash as 'a'. */
    EXPECT_EQ(&c, find(index, c));
    Item absent{4, 7};
    EXPECT_EQ(nullptr, find(index, absent));
    EXPECT_EQ(3u, index.size());
    EXPECT_EQ((std::set<int>{1, 2, 3}), ids(index));
}

TEST(OpenHashIndex, RemovingOneElementOfAProbeRunKeepsTheOthersFound)
{
    /* Hashes that collide in the low bits make runs of neighbouring slots,
     * some wrapping around the end of the slots: removing any element of
     * a run must leave every other element findable. */
    for (int victim = 0; victim < 12; victim++) {
        SCOPED_TRACE(victim);
        std::vector<Item> items;
        for (int i = 0; i < 12; i++) {
            /* Homes 14, 15 and 0 of the 16 slots that 12 elements
             * take, so the run wraps around. */
            items.push_back(Item{i, uint32_t(30 + i % 3) % 32
                                    + 32u * uint32_t(i)});
        }
        Index index;
        for (Item &i : items) {
            index.insert(&i, i.hash);
        }
        index.remove(&items[victim], items[victim].hash);
        EXPECT_EQ(nullptr, find(index, items[victim]));
        for (int i = 0; i < 12; i++) {
            if (i != victim) {
                EXPECT_EQ(&items[i], find(index, items[i])) << i;
            }
        }
        EXPECT_EQ(11u, index.size());
    }
}

TEST(OpenHashIndex, AgreesWithASetOverRandomInsertsAndRemovals)
{
    /* Few distinct hashes, so that runs are long and shared. */
    std::mt19937 rng(12);
    std::vector<std::unique_ptr<Item>> storage;
    std::set<Item *> live;
    Index index;
    for (int step = 0; step < 20000; step++) {
        if (live.empty() || rng() % 3) {
            storage.push_back(std::make_unique<Item>(
                Item{step, uint32_t(rng() % 64) * 0x01000193u}));
            Item *i = storage.back().get();
            index.insert(i, i->hash);
            live.insert(i);
        } else {
            auto it = live.begin();
            std::advance(it, rng() % live.size());
            index.remove(*it, (*it)->hash);
            live.erase(it);
        }
        ASSERT_EQ(live.size(), index.size());
    }
    for (const auto &i : storage) {
        EXPECT_EQ(live.count(i.get()) ? i.get() : nullptr,
                  find(index, *i));
    }
    std::vector<Item *> elements = index.elements();
    EXPECT_EQ(live, std::set<Item *>(elements.begin(), elements.end()));
}

TEST(OpenHashIndex, GrowsAtThreeQuartersAndShrinksBackWhenEmptied)
{
    Index index;
    std::vector<Item> items(1000);
    for (int i = 0; i < 1000; i++) {
        items[i] = Item{i, uint32_t(i) * 2654435761u};
        index.insert(&items[i], items[i].hash);
    }
    /* 1000 elements take 2048 slots of 16 bytes (1024 would be 98%
     * full). */
    EXPECT_EQ(2048 * 16u, index.memory_bytes());
    for (int i = 0; i < 1000; i++) {
        ASSERT_EQ(&items[i], find(index, items[i]));
    }
    for (int i = 0; i < 1000; i++) {
        index.remove(&items[i], items[i].hash);
        if (i % 100 == 0) {
            for (int j = i + 1; j < 1000; j++) {
                ASSERT_EQ(&items[j], find(index, items[j])) << i << " " << j;
            }
        }
    }
    EXPECT_EQ(16 * 16u, index.memory_bytes());
}
