#include <config.h>

#include <gtest/gtest.h>

#include "lib/smap-owner.h"

namespace {

TEST(Smap, HoldsWhatWasAddedAndFreesItWithItsScope)
{
    ovs::Smap map;
    map.add("csum", "true");
    map.add("hostname", std::string("hv1"));
    EXPECT_EQ(2u, smap_count(map.get()));
    EXPECT_STREQ("true", smap_get(map.get(), "csum"));
    EXPECT_STREQ("hv1", smap_get(map.get(), "hostname"));
    EXPECT_EQ(nullptr, smap_get(map.get(), "absent"));
}

TEST(Simap, AccumulatesCountersAndFreesThemWithItsScope)
{
    ovs::Simap usage;
    simap_increase(usage.get(), "flows", 3);
    simap_increase(usage.get(), "flows", 4);
    EXPECT_EQ(7u, simap_get(usage.get(), "flows"));
    EXPECT_EQ(1u, simap_count(usage.get()));
}

}  // namespace
