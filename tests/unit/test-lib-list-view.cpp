#include <config.h>

#include "lib/list-view.h"

#include <iterator>
#include <vector>

#include <gtest/gtest.h>

namespace {

/* Elements are owned by the test; the list only links them. */
struct Item {
    int id;
    ovs_list node;
};

using ItemList = ovs::ListView<Item, &Item::node>;

std::vector<int>
ids(const ItemList &list)
{
    std::vector<int> result;
    for (const Item &item : list) {
        result.push_back(item.id);
    }
    return result;
}

}  // namespace

TEST(ListView, EmptyListHasNoElements)
{
    ovs_list head;
    ovs_list_init(&head);
    ItemList list(&head);
    EXPECT_TRUE(list.empty());
    EXPECT_EQ(0u, list.size());
    EXPECT_TRUE(list.begin() == list.end());
}

TEST(ListView, IteratesInListOrder)
{
    ovs_list head;
    ovs_list_init(&head);
    ItemList list(&head);
    Item a{1, {}}, b{2, {}}, c{3, {}}, d{0, {}};
    list.push_back(a);
    list.push_back(b);
    list.push_back(c);
    list.push_front(d);
    EXPECT_EQ((std::vector<int>{0, 1, 2, 3}), ids(list));
    EXPECT_EQ(4u, list.size());
    EXPECT_FALSE(list.empty());
    EXPECT_EQ(4, std::distance(list.begin(), list.end()));
}

TEST(ListView, IteratorGivesAccessToTheElement)
{
    ovs_list head;
    ovs_list_init(&head);
    ItemList list(&head);
    Item a{10, {}};
    list.push_back(a);
    ItemList::iterator it = list.begin();
    EXPECT_EQ(&a, &*it);
    EXPECT_EQ(10, it->id);
    EXPECT_EQ(&a, ItemList::from_node(&a.node));
    ++it;
    EXPECT_TRUE(it == list.end());
}

TEST(ListView, SeesElementsPushedWithOvsFunctions)
{
    ovs_list head;
    ovs_list_init(&head);
    Item a{1, {}}, b{2, {}};
    ovs_list_push_back(&head, &a.node);
    ovs_list_push_back(&head, &b.node);
    EXPECT_EQ((std::vector<int>{1, 2}), ids(ItemList(&head)));
}

TEST(ListView, RemoveUnlinksOnlyThatElement)
{
    ovs_list head;
    ovs_list_init(&head);
    ItemList list(&head);
    Item a{1, {}}, b{2, {}}, c{3, {}};
    list.push_back(a);
    list.push_back(b);
    list.push_back(c);
    ItemList::remove(b);
    EXPECT_EQ((std::vector<int>{1, 3}), ids(list));
    ItemList::remove(a);
    ItemList::remove(c);
    EXPECT_TRUE(list.empty());
}

TEST(ListView, RemovingCurrentElementDuringIterationIsSafe)
{
    ovs_list head;
    ovs_list_init(&head);
    ItemList list(&head);
    for (int i = 0; i < 10; i++) {
        list.push_back(*new Item{i, {}});
    }
    /* valgrind reports any read of a freed node by the iterator. */
    std::vector<int> visited;
    for (Item &item : list) {
        visited.push_back(item.id);
        ItemList::remove(item);
        delete &item;
    }
    EXPECT_EQ((std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}), visited);
    EXPECT_TRUE(list.empty());
}

TEST(ListView, RemovingSomeElementsDuringIterationKeepsTheRestInOrder)
{
    ovs_list head;
    ovs_list_init(&head);
    ItemList list(&head);
    for (int i = 0; i < 10; i++) {
        list.push_back(*new Item{i, {}});
    }
    for (Item &item : list) {
        if (item.id % 3 == 0) {
            ItemList::remove(item);
            delete &item;
        }
    }
    EXPECT_EQ((std::vector<int>{1, 2, 4, 5, 7, 8}), ids(list));
    for (Item &item : list) {
        ItemList::remove(item);
        delete &item;
    }
}
