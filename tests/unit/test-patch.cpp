/* Tests for ovn/controller/patch: the bridge mappings. */

#include <config.h>

#include <map>
#include <string>

#include <gtest/gtest.h>

#include "ovn/controller/patch.h"

namespace {

using Mappings = std::map<std::string, std::string>;

TEST(BridgeMappings, NetworkToBridgeCommaSeparated)
{
    EXPECT_EQ(ovn::parse_bridge_mappings("physnet1:br-ex,physnet2:br-eth1"),
              (Mappings{{"physnet1", "br-ex"}, {"physnet2", "br-eth1"}}));
}

TEST(BridgeMappings, SpacesAroundItemsAreIgnored)
{
    EXPECT_EQ(ovn::parse_bridge_mappings(" physnet1 : br-ex , "),
              (Mappings{{"physnet1", "br-ex"}}));
}

TEST(BridgeMappings, MalformedItemsAreSkipped)
{
    EXPECT_EQ(ovn::parse_bridge_mappings("nocolon,:br-x,net:,ok:br-ok"),
              (Mappings{{"ok", "br-ok"}}));
    EXPECT_TRUE(ovn::parse_bridge_mappings(nullptr).empty());
    EXPECT_TRUE(ovn::parse_bridge_mappings("").empty());
}

TEST(BridgeMappings, FirstMappingOfANetworkWins)
{
    EXPECT_EQ(ovn::parse_bridge_mappings("net:br-a,net:br-b"),
              (Mappings{{"net", "br-a"}}));
}

}  // namespace
