#include <config.h>

#include "lib/intrusive.h"

#include <cstddef>
#include <cstdint>

#include <gtest/gtest.h>

#include "openvswitch/hmap.h"
#include "openvswitch/list.h"

namespace {

struct Element {
    uint32_t id;
    hmap_node by_id;
    char name[13];
    ovs_list in_list;
};

/* Constructing or destroying this type is observable, so a test can tell
 * whether member_offset() builds an object to measure it. */
int n_constructed;
int n_destroyed;

struct Noisy {
    Noisy() { n_constructed++; }
    ~Noisy() { n_destroyed++; }
    Noisy(const Noisy &) = delete;
    Noisy &operator=(const Noisy &) = delete;

    int before;
    hmap_node node;
};

}  // namespace

TEST(Intrusive, MemberOffsetIsTheOffsetofOfTheMember)
{
    EXPECT_EQ(static_cast<std::ptrdiff_t>(offsetof(Element, by_id)),
              (ovs::member_offset<Element, hmap_node, &Element::by_id>()));
    EXPECT_EQ(static_cast<std::ptrdiff_t>(offsetof(Element, in_list)),
              (ovs::member_offset<Element, ovs_list, &Element::in_list>()));
    EXPECT_EQ(static_cast<std::ptrdiff_t>(offsetof(Element, id)),
              (ovs::member_offset<Element, uint32_t, &Element::id>()));
}

TEST(Intrusive, ContainerOfRecoversTheElementFromAnyMember)
{
    Element e{};
    EXPECT_EQ(&e, (ovs::container_of<Element, hmap_node, &Element::by_id>(
                      &e.by_id)));
    EXPECT_EQ(&e, (ovs::container_of<Element, ovs_list, &Element::in_list>(
                      &e.in_list)));
    /* A member at offset 0 is the degenerate case. */
    EXPECT_EQ(&e, (ovs::container_of<Element, uint32_t, &Element::id>(
                      &e.id)));
}

TEST(Intrusive, ContainerOfWorksForElementsInAnArray)
{
    Element elements[4]{};
    for (Element &e : elements) {
        EXPECT_EQ(&e,
                  (ovs::container_of<Element, ovs_list, &Element::in_list>(
                      &e.in_list)));
    }
}

TEST(Intrusive, MemberOffsetNeverConstructsOrDestroysAnElement)
{
    n_constructed = 0;
    n_destroyed = 0;
    std::ptrdiff_t offset = ovs::member_offset<Noisy, hmap_node,
                                               &Noisy::node>();
    EXPECT_EQ(static_cast<std::ptrdiff_t>(offsetof(Noisy, node)), offset);
    EXPECT_EQ(0, n_constructed);
    EXPECT_EQ(0, n_destroyed);
}
