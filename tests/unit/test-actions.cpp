/* The action compiler (ovn/lib/actions.h).  What each action encodes to is
 * data in tests/lflow-compile/actions*.txt, checked against Debian's
 * ovn-controller by tests/actions-parity.at; these tests check what the
 * data files cannot: the flow's context (pipeline, switch or router,
 * switch features, controller meter) and the callbacks. */
#include <config.h>

#include <gtest/gtest.h>

#include <random>

#include "ovn/lib/actions.h"

namespace ovn {
namespace {

std::string
encode(std::string_view actions, const ActionEncodeParams &ep = {},
       const ActionParseParams &pp = {})
{
    ActionsParseResult r = actions_parse(actions, pp);
    EXPECT_TRUE(r.ok()) << actions << ": " << r.error;
    return actions_encode(r.actions, ep).to_string();
}

TEST(Actions, NextAndCtNextGoToTheFollowingTableOfTheFlowsPipeline)
{
    ActionParseParams pp;
    pp.ingress = false;
    pp.cur_ltable = 3;
    EXPECT_EQ("resubmit(,46)", encode("next;", {}, pp));
    EXPECT_EQ("ct(table=46,zone=NXM_NX_REG13[0..15])",
              encode("ct_next;", {}, pp));
    EXPECT_EQ("resubmit(,9)", encode("next(pipeline=ingress, table=1);",
                                     {}, pp));
}

TEST(Actions, NoNextFromTheLastTable)
{
    ActionParseParams pp;
    pp.cur_ltable = LOG_PIPELINE_LEN - 1;
    EXPECT_FALSE(actions_parse("next;", pp).ok());
    EXPECT_FALSE(actions_parse("ct_next;", pp).ok());
    EXPECT_TRUE(actions_parse("next(0);", pp).ok());
}

TEST(Actions, OutputGoesToTheTableTheCallerSays)
{
    ActionEncodeParams ep;
    ep.output_ptable = OFTABLE_SAVE_INPORT;
    EXPECT_EQ("resubmit(,64)", encode("output;", ep));
}

TEST(Actions, RoutersUseTheDnatZoneWhereSwitchesUseThePortZone)
{
    ActionEncodeParams ep;
    ep.is_switch = false;
    EXPECT_EQ("ct(table=9,zone=NXM_NX_REG11[0..15])",
              encode("ct_next;", ep));
    EXPECT_EQ("ct(commit,zone=NXM_NX_REG11[0..15])",
              encode("ct_commit;", ep));
    ep.is_switch = true;
    EXPECT_EQ("ct(commit,zone=NXM_NX_REG13[0..15])",
              encode("ct_commit;", ep));
}

TEST(Actions, CtCommitSnatsToItselfOnlyWithCtZeroSnat)
{
    ActionEncodeParams ep;
    ep.ct_zero_snat = true;
    EXPECT_EQ("ct(commit,zone=NXM_NX_REG13[0..15],nat(src))",
              encode("ct_commit;", ep));
}

TEST(Actions, InCzoneNatUsesTheCommonZone)
{
    ActionEncodeParams ep;
    ep.common_nat_ct_zone = MFF_LOG_SNAT_ZONE;
    EXPECT_EQ("ct(commit,table=9,zone=NXM_NX_REG12[0..15],"
              "nat(dst=10.0.0.1))",
              encode("ct_dnat_in_czone(10.0.0.1);", ep));
}

TEST(Actions, ControllerActionsCarryTheFlowsControllerMeter)
{
    ActionEncodeParams ep;
    ep.ctrl_meter_id = 7;
    EXPECT_EQ("controller(userdata=00.00.00.10.00.00.00.00,meter_id=7)",
              encode("igmp;", ep));
    /* Only the outer controller action: nested ones are pinctrl's. */
    EXPECT_EQ("controller(userdata=00.00.00.16.00.00.00.00,meter_id=7)",
              encode("reject { };", ep));
}

TEST(Actions, LogUsesItsOwnMeterByName)
{
    ActionEncodeParams ep;
    ep.ctrl_meter_id = 7;
    std::vector<std::string> asked;
    ep.meter_id = [&](const std::string &name) {
        asked.push_back(name);
        return 3u;
    };
    EXPECT_EQ("controller(userdata=00.00.00.07.00.00.00.00.00.06,"
              "meter_id=3)",
              encode("log(verdict=allow, meter=\"acl-meter\");", ep));
    EXPECT_EQ(std::vector<std::string>{ "acl-meter" }, asked);
    EXPECT_EQ("controller(userdata=00.00.00.07.00.00.00.00.00.06,"
              "meter_id=7)", encode("log(verdict=allow);", ep));
}

TEST(Actions, StringLoadsAskThePortLookup)
{
    ActionEncodeParams ep;
    ep.lookup_port = [](std::string_view name, uint32_t *key) {
        if (name == "p1") {
            *key = 0x8001;
            return true;
        }
        return false;
    };
    EXPECT_EQ("set_field:0x8001->reg15", encode("outport = \"p1\";", ep));
    EXPECT_EQ("set_field:0->reg15", encode("outport = \"p2\";", ep));
    /* Without a lookup every name is unknown. */
    EXPECT_EQ("set_field:0->reg14", encode("inport = \"p1\";"));
}

TEST(Actions, CtLbGroupsComeFromTheCallerAndNoIdMeansNoGroup)
{
    ActionEncodeParams ep;
    std::string spec;
    ep.group_id = [&](const std::string &s) {
        spec = s;
        return 0u;
    };
    EXPECT_EQ("drop", encode("ct_lb_mark(backends=10.0.0.1);", ep));
    EXPECT_EQ("type=select,selection_method=dp_hash,bucket=bucket_id:0,"
              "weight:100,actions=ct(commit,table=9,"
              "zone=NXM_NX_REG13[0..15],nat(dst=10.0.0.1),"
              "exec(set_field:0x2/0x2->ct_mark))", spec);
    ep.group_id = [](const std::string &) { return 42u; };
    EXPECT_EQ("group:42", encode("ct_lb_mark(backends=10.0.0.1);", ep));
}

TEST(Actions, FwdGroupLivenessWatchesTheTunnelToEachChild)
{
    ActionEncodeParams ep;
    ep.lookup_port = [](std::string_view, uint32_t *key) {
        *key = 18;
        return true;
    };
    ep.lookup_tunnel_ofport = [](std::string_view name, uint32_t *ofport) {
        *ofport = 5;
        return name == "remote";
    };
    std::string spec;
    ep.group_id = [&](const std::string &s) {
        spec = s;
        return 1u;
    };
    EXPECT_EQ("group:1",
              encode("fwd_group(liveness=\"true\", childports=\"remote\");",
                     ep));
    /* The key's decimal digits as hex, as 23.03 writes them. */
    EXPECT_EQ("type=select,selection_method=dp_hash,bucket=bucket_id:0,"
              "watch_port:5,actions=set_field:0x18/0xffff->reg15,"
              "resubmit(,37)", spec);
    /* A child with no tunnel to watch: no group at all. */
    spec.clear();
    EXPECT_EQ("drop",
              encode("fwd_group(liveness=\"true\", childports=\"remote\", "
                     "\"local\");", ep));
    EXPECT_EQ("", spec);
}

TEST(Actions, SetMeterNamesTheLflowsOwnMeter)
{
    ActionEncodeParams ep;
    ep.lflow_uuid = "12345678-0000-0000-0000-000000000000";
    std::string name;
    ep.meter_id = [&](const std::string &n) {
        name = n;
        return 9u;
    };
    EXPECT_EQ("meter:9", encode("set_meter(10, 20);", ep));
    EXPECT_EQ("__string: uuid 12345678-0000-0000-0000-000000000000 kbps "
              "burst stats bands=type=drop rate=10 burst_size=20", name);
}

TEST(Actions, SelectHashesL4SymmetricallyOnlyWhenTheSwitchCan)
{
    ActionEncodeParams ep;
    std::string spec;
    ep.group_id = [&](const std::string &s) {
        spec = s;
        return 1u;
    };
    encode("reg0 = select(1, 2);", ep);
    EXPECT_EQ(0, spec.find("type=select,selection_method=dp_hash,bucket="));
    ep.dp_hash_l4_sym = true;
    encode("reg0 = select(1, 2);", ep);
    EXPECT_EQ(0, spec.find("type=select,selection_method=dp_hash,"
                           "selection_method_param=4294967296,bucket="));
}

TEST(Actions, PrerequisitesOfNestedActionsAreDropped)
{
    ActionsParseResult r = actions_parse(
        "arp { ip4.dst = 10.0.0.1; tcp.dst = 80; }; reg0[0] = 1;", {});
    ASSERT_TRUE(r.ok()) << r.error;
    EXPECT_EQ(std::vector<std::string>{ "ip4" }, r.prereqs);
}

TEST(Actions, PrerequisitesWithAnOrAreParenthesized)
{
    EXPECT_EQ("ip && (a || b) && tcp",
              actions_prereqs_format({ "ip", "a || b", "tcp" }));
    EXPECT_EQ("", actions_prereqs_format({}));
}

TEST(Actions, AnErrorLeavesNoActionsAndNoPrereqs)
{
    ActionsParseResult r = actions_parse("ct_next; bogus;", {});
    EXPECT_FALSE(r.ok());
    EXPECT_TRUE(r.actions.empty());
    EXPECT_TRUE(r.prereqs.empty());
}

TEST(Actions, DeepNestingIsAnErrorNotAStackOverflow)
{
    std::string deep;
    for (int i = 0; i < 100000; i++) {
        deep += "clone { ";
    }
    ActionsParseResult r = actions_parse(deep, {});
    EXPECT_EQ("maximum depth of nested actions reached", r.error);

    /* 31 levels are fine, 32 too many, as in 23.03. */
    std::string ok = "next;";
    for (int i = 0; i < 31; i++) {
        ok = "clone { " + ok + " };";
    }
    EXPECT_TRUE(actions_parse(ok, {}).ok());
    EXPECT_FALSE(actions_parse("clone { " + ok + " };", {}).ok());
}

TEST(Actions, NoActionsIsDrop)
{
    ActionsParseResult r = actions_parse("", {});
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(r.actions.empty());
    EXPECT_EQ("drop;", actions_format(r.actions));
    EXPECT_EQ("drop", encode(""));
}

/* Random bytes and random splices of valid actions: the parser returns an
 * error or actions whose canonical form parses back to itself, and never
 * crashes (run under valgrind by 'make check-valgrind'). */
TEST(Actions, GarbageNeverCrashesAndValidOutputReformatsStably)
{
    static const char *const pieces[] = {
        "next;", "ct_commit {", "};", "reg0[", "1..3]", " = ", "0x",
        "\"lsp1\"", "outport", "<->", "arp {", "output;", "ct_lb_mark(",
        "backends=", "10.0.0.1", ":80", ",", ";", ")", "log(", "name=",
        "ip.ttl--", "[fe80::1]", "get_arp(", "inport", "/*", "*/", "{",
        "}", "(", "reg0[0] = lookup_arp(", "eth.src", "$as", "@pg", "^t",
        "icmp4.frag_mtu", "push(", "pop(", "--", "ct_mark", "clone {",
    };
    std::mt19937 rng(12345);
    const char *scale = getenv("OVN_UNIT_SCALE");
    int n = scale && !strcmp(scale, "valgrind") ? 300 : 5000;
    ActionEncodeParams ep;
    ep.group_id = [](const std::string &) { return 1u; };
    ep.meter_id = [](const std::string &) { return 1u; };
    for (int i = 0; i < n; i++) {
        std::string input;
        int len = rng() % 8;
        for (int j = 0; j < len; j++) {
            if (rng() % 4 == 0) {
                input += static_cast<char>(rng() % 256);
            } else {
                input += pieces[rng() % (sizeof pieces / sizeof *pieces)];
            }
        }
        ActionsParseResult r = actions_parse(input, {});
        if (!r.ok()) {
            EXPECT_FALSE(r.error.empty());
            continue;
        }
        std::string canonical = actions_format(r.actions);
        ActionsParseResult again = actions_parse(canonical, {});
        ASSERT_TRUE(again.ok()) << input << " -> " << canonical << ": "
                                << again.error;
        EXPECT_EQ(canonical, actions_format(again.actions)) << input;
        EXPECT_EQ(actions_encode(r.actions, ep),
                  actions_encode(again.actions, ep)) << input;
    }
}

}  // namespace
}  // namespace ovn
