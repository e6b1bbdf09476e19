/* IdTable: the IDs, owners and tracking that the group and meter tables
 * share, one rule per test. */
#include <config.h>

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "ovn/controller/id-table.h"

namespace {

using ovn::IdEntry;
using ovn::IdTable;
using ovn::OwnerRef;

struct Entry : IdEntry {};

OwnerRef
owner(uint32_t n)
{
    OwnerRef o;
    o.uuid = ovs::Uuid(n, 0, 0, 0);
    return o;
}

Entry *
add(IdTable<Entry> &table, const std::string &text)
{
    auto e = std::make_unique<Entry>();
    e->text = text;
    return table.insert(std::move(e));
}

TEST(IdTable, IdsStartAtOneAndTheLowestFreeComesFirst)
{
    IdTable<Entry> table(10);
    Entry *a = add(table, "a");
    Entry *b = add(table, "b");
    ASSERT_TRUE(a && b);
    EXPECT_EQ(1u, a->id);
    EXPECT_EQ(2u, b->id);
    EXPECT_FALSE(table.id_in_use(0));

    table.forget(*a);
    EXPECT_FALSE(table.id_in_use(1));
    EXPECT_EQ(nullptr, table.find("a"));
    EXPECT_EQ(1u, add(table, "c")->id);
}

TEST(IdTable, AFullTableTakesNothingMore)
{
    IdTable<Entry> table(2);
    ASSERT_TRUE(add(table, "a"));
    ASSERT_TRUE(add(table, "b"));
    EXPECT_EQ(nullptr, add(table, "c"));
    EXPECT_EQ(2u, table.size());
    EXPECT_EQ(nullptr, table.find("c"));
}

TEST(IdTable, AnOwnerHoldsAnEntryOnceHoweverOftenItAsks)
{
    IdTable<Entry> table(10);
    Entry *a = add(table, "a");
    table.hold(*a, owner(1));
    table.hold(*a, owner(1));
    table.hold(*a, owner(2));
    EXPECT_EQ(2u, a->owners.size());
    EXPECT_EQ(1u, table.release(owner(1)));
    EXPECT_EQ(0u, table.release(owner(1)));
    ASSERT_EQ(1u, a->owners.size());
    EXPECT_EQ(owner(2), a->owners[0]);
}

TEST(IdTable, AReleasedEntryKeepsItsIdAndIsTracked)
{
    IdTable<Entry> table(10);
    Entry *a = add(table, "a");
    table.hold(*a, owner(1));
    table.take_tracked();
    EXPECT_FALSE(table.has_tracked());

    size_t released = 0;
    table.release(owner(1), [&](Entry &e) {
        EXPECT_TRUE(e.owners.empty());
        released++;
    });
    EXPECT_EQ(1u, released);
    EXPECT_TRUE(table.id_in_use(a->id));
    ASSERT_EQ(1u, table.tracked().size());
    EXPECT_EQ(a, table.tracked()[0]);
}

TEST(IdTable, TrackingListsAnEntryOnceAndForgettingUntracksIt)
{
    IdTable<Entry> table(10);
    Entry *a = add(table, "a");
    Entry *b = add(table, "b");
    table.hold(*a, owner(1));
    table.hold(*a, owner(2));
    table.hold(*b, owner(1));
    EXPECT_EQ(2u, table.tracked().size());

    table.forget(*a);
    ASSERT_EQ(1u, table.tracked().size());
    EXPECT_EQ(b, table.tracked()[0]);
    std::vector<Entry *> taken = table.take_tracked();
    ASSERT_EQ(1u, taken.size());
    EXPECT_FALSE(taken[0]->tracked);
}

TEST(IdTable, DroppingAnEntrysOwnersLeavesTheirOtherEntries)
{
    IdTable<Entry> table(10);
    Entry *a = add(table, "a");
    Entry *b = add(table, "b");
    table.hold(*a, owner(1));
    table.hold(*b, owner(1));
    table.hold(*a, owner(2));

    table.drop_owners(*a);
    EXPECT_TRUE(a->owners.empty());
    EXPECT_EQ(1u, b->owners.size());
    EXPECT_EQ(1u, table.release(owner(1)));
    EXPECT_EQ(0u, table.release(owner(2)));
}

TEST(IdTable, ByIdListsEveryEntryInIdOrder)
{
    IdTable<Entry> table(10);
    add(table, "z");
    add(table, "y");
    table.forget(*table.find("z"));
    add(table, "x");
    add(table, "w");
    std::vector<std::string> texts;
    for (const Entry *e : table.by_id()) {
        texts.push_back(std::to_string(e->id) + e->text);
    }
    EXPECT_EQ((std::vector<std::string>{"1x", "2y", "3w"}), texts);
}

}  // namespace
