#include <config.h>

#include "ovn/controller/ct-zones.h"

#include <gtest/gtest.h>

namespace {

using ovn::CtZones;

/* Without a bridge to adopt zones from, as on a chassis's first start. */
constexpr const ovn::RecordedZones *NO_BRIDGE = nullptr;

TEST(CtZones, NewUsersGetTheLowestFreeZonesInNameOrder)
{
    CtZones zones;
    EXPECT_TRUE(zones.update(NO_BRIDGE, {"lp2", "lp1", "dp_dnat"}));
    EXPECT_EQ(zones.find("dp_dnat"), 1);
    EXPECT_EQ(zones.find("lp1"), 2);
    EXPECT_EQ(zones.find("lp2"), 3);
    EXPECT_EQ(zones.find("lp3"), std::nullopt);
}

TEST(CtZones, ZoneZeroIsNeverAssigned)
{
    CtZones zones;
    zones.update(NO_BRIDGE, {"a"});
    EXPECT_GE(*zones.find("a"), CtZones::MIN_ZONE);
    EXPECT_NE(*zones.find("a"), 0);
}

TEST(CtZones, AnUnchangedSetOfUsersChangesNothing)
{
    CtZones zones;
    zones.update(NO_BRIDGE, {"lp1", "lp2"});
    EXPECT_FALSE(zones.update(NO_BRIDGE, {"lp1", "lp2"}));
    EXPECT_EQ(zones.find("lp1"), 1);
    EXPECT_EQ(zones.find("lp2"), 2);
}

TEST(CtZones, UsersKeepTheirZonesWhenOthersComeAndGo)
{
    CtZones zones;
    zones.update(NO_BRIDGE, {"lp1", "lp2", "lp3"});
    EXPECT_TRUE(zones.update(NO_BRIDGE, {"lp1", "lp3"}));
    EXPECT_EQ(zones.find("lp1"), 1);
    EXPECT_EQ(zones.find("lp2"), std::nullopt);
    EXPECT_EQ(zones.find("lp3"), 3);

    /* The freed zone is reused, not an existing user's. */
    zones.update(NO_BRIDGE, {"lp1", "lp3", "lp0"});
    EXPECT_EQ(zones.find("lp0"), 2);
    EXPECT_EQ(zones.find("lp1"), 1);
    EXPECT_EQ(zones.find("lp3"), 3);
}

TEST(CtZones, DatapathZonesAreNamedAfterTheDatapathUuid)
{
    EXPECT_EQ(CtZones::dnat_name("9fe021fc-26df-4771-9d5b-3605382fdb43"),
              "9fe021fc-26df-4771-9d5b-3605382fdb43_dnat");
    EXPECT_EQ(CtZones::snat_name("9fe021fc-26df-4771-9d5b-3605382fdb43"),
              "9fe021fc-26df-4771-9d5b-3605382fdb43_snat");
}

TEST(CtZones, NoUsersFreesEverything)
{
    CtZones zones;
    zones.update(NO_BRIDGE, {"lp1", "lp2"});
    EXPECT_TRUE(zones.update(NO_BRIDGE, {}));
    EXPECT_TRUE(zones.zones().empty());
    zones.update(NO_BRIDGE, {"lp9"});
    EXPECT_EQ(zones.find("lp9"), 1);
}

TEST(CtZones, ZonesRecordedOnTheBridgeAreKeptAndNotFlushed)
{
    const ovn::RecordedZones recorded{{"ct-zone-lp1", "77"},
                                      {"ct-zone-lp2", "77"},
                                      {"ct-zone-lp3", "0"},
                                      {"ct-zone-gone", "5"}};
    CtZones zones;
    zones.update(&recorded, {"lp1", "lp2", "lp3"});
    EXPECT_EQ(zones.find("lp1"), 77);
    /* A zone taken already, or not a zone: one of our own instead. */
    EXPECT_EQ(zones.find("lp2"), 1);
    EXPECT_EQ(zones.find("lp3"), 2);
    EXPECT_EQ(zones.find("gone"), std::nullopt);
    /* Only the zones given out start empty. */
    EXPECT_EQ(zones.take_new_zones(), (std::vector<uint16_t>{1, 2}));
    EXPECT_EQ(CtZones::key("lp1"), "ct-zone-lp1");
}

}  // namespace
