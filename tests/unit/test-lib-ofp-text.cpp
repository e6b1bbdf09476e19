#include <config.h>

#include "lib/ofp-text.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "lib/ovs-internal.h"

namespace {

/* Runs 'parse' on 'text' and returns the ParseError it throws; fails the
 * test if it returns normally. */
template <typename Parse>
std::optional<ovs::ParseError>
parse_error(Parse parse, std::string_view text)
{
    try {
        parse(text);
    } catch (const ovs::ParseError &e) {
        return e;
    }
    ADD_FAILURE() << "\"" << text << "\" was accepted";
    return std::nullopt;
}

/* Checks that 'e' carries 'input', a message containing 'message', and a
 * what() of the form KIND "INPUT": MESSAGE. */
void
expect_error(const std::optional<ovs::ParseError> &e, const char *kind,
             std::string_view input, const std::string &message)
{
    ASSERT_TRUE(e);
    EXPECT_EQ(input, e->input());
    EXPECT_NE(std::string::npos, e->message().find(message))
        << "message: " << e->message();
    EXPECT_EQ(std::string(kind) + " \"" + std::string(input) + "\": "
              + e->message(), e->what());
}

ovs::Match
port_match(uint32_t port, uint64_t datapath)
{
    ovs::Match m;
    match_set_reg(m.get(), 14, port);
    match_set_metadata(m.get(), htonll(datapath));
    return m;
}

}  // namespace

TEST(FlowSpec, DefaultIsTable0Priority32768MatchingEverythingAndDropping)
{
    ovs::FlowSpec f;
    EXPECT_EQ(0, f.table_id);
    EXPECT_EQ(32768, f.priority);
    EXPECT_EQ(ovs::Match(), f.match);
    EXPECT_TRUE(f.actions.empty());
}

/* parse_flow(). */

TEST(ParseFlow, ReadsTableFlowPriorityMatchAndActions)
{
    ovs::FlowSpec f = ovs::parse_flow(
        "table=8,priority=100,reg14=0x1,metadata=0x5,"
        "actions=set_field:0x1->reg15,resubmit(,37)");
    EXPECT_EQ(8, f.table_id);
    EXPECT_EQ(100, f.priority);
    EXPECT_EQ(port_match(1, 5), f.match);
    EXPECT_EQ("set_field:0x1->reg15,resubmit(,37)", f.actions.to_string());
}

TEST(ParseFlow, TableDefaultsTo0AndPriorityTo32768)
{
    ovs::FlowSpec f = ovs::parse_flow("reg14=0x1,actions=drop");
    EXPECT_EQ(0, f.table_id);
    EXPECT_EQ(32768, f.priority);
    EXPECT_EQ(OFP_DEFAULT_PRIORITY, f.priority);
}

TEST(ParseFlow, ActionsAloneMatchEverything)
{
    ovs::FlowSpec f = ovs::parse_flow("actions=output:1");
    EXPECT_EQ(ovs::Match(), f.match);
    EXPECT_EQ("output:1", f.actions.to_string());
}

TEST(ParseFlow, DropHasNoActions)
{
    ovs::FlowSpec f = ovs::parse_flow("priority=0,actions=drop");
    EXPECT_TRUE(f.actions.empty());
    EXPECT_EQ(0, f.priority);
}

TEST(ParseFlow, ReadsTheHighestTableAndPriority)
{
    ovs::FlowSpec f = ovs::parse_flow("table=254,priority=65535,"
                                      "actions=drop");
    EXPECT_EQ(254, f.table_id);
    EXPECT_EQ(65535, f.priority);
}

TEST(ParseFlow, ReadsTheInputFromAViewWithoutItsTerminator)
{
    std::string buffer = "priority=5,actions=drop;garbage";
    ovs::FlowSpec f = ovs::parse_flow(
        std::string_view(buffer).substr(0, buffer.find(';')));
    EXPECT_EQ(5, f.priority);
}

TEST(ParseFlow, BadPriorityThrowsTheParsersMessageAndTheInput)
{
    expect_error(parse_error(ovs::parse_flow, "priority=x,actions=drop"),
                 "flow", "priority=x,actions=drop",
                 "invalid priority \"x\"");
}

TEST(ParseFlow, MissingActionsThrow)
{
    expect_error(parse_error(ovs::parse_flow, "reg14=0x1"),
                 "flow", "reg14=0x1", "must specify an action");
}

TEST(ParseFlow, UnknownFieldThrows)
{
    expect_error(parse_error(ovs::parse_flow, "no_such_field=1,actions=drop"),
                 "flow", "no_such_field=1,actions=drop", "no_such_field");
}

TEST(ParseFlow, UnknownActionThrows)
{
    expect_error(parse_error(ovs::parse_flow, "actions=no_such_action"),
                 "flow", "actions=no_such_action",
                 "unknown action no_such_action");
}

TEST(ParseFlow, BadTableThrows)
{
    expect_error(parse_error(ovs::parse_flow, "table=x,actions=drop"),
                 "flow", "table=x,actions=drop", "table");
}

TEST(ParseFlow, EmptyTextThrows)
{
    expect_error(parse_error(ovs::parse_flow, ""), "flow", "",
                 "must specify an action");
}

/* parse_match(). */

TEST(ParseMatch, ReadsFieldsIntoAMatch)
{
    EXPECT_EQ(port_match(1, 5), ovs::parse_match("reg14=0x1,metadata=0x5"));
}

TEST(ParseMatch, EmptyTextMatchesEverything)
{
    EXPECT_EQ(ovs::Match(), ovs::parse_match(""));
}

TEST(ParseMatch, ToStringRoundTrips)
{
    for (const char *text : {"reg14=0x1,metadata=0x5",
                             "ip,nw_dst=10.0.0.1",
                             "reg0=0x10/0xf0",
                             "tcp,tp_dst=80"}) {
        ovs::Match m = ovs::parse_match(text);
        EXPECT_EQ(text, m.to_string());
        EXPECT_EQ(m, ovs::parse_match(m.to_string()));
    }
}

TEST(ParseMatch, ActionsAreRejected)
{
    expect_error(parse_error(ovs::parse_match, "reg14=0x1,actions=drop"),
                 "match", "reg14=0x1,actions=drop",
                 "actions are not part of a match");
}

TEST(ParseMatch, TableIsRejected)
{
    expect_error(parse_error(ovs::parse_match, "table=8,reg14=0x1"),
                 "match", "table=8,reg14=0x1",
                 "table, priority and cookie are not part of a match");
}

TEST(ParseMatch, PriorityIsRejected)
{
    expect_error(parse_error(ovs::parse_match, "priority=100,reg14=0x1"),
                 "match", "priority=100,reg14=0x1",
                 "table, priority and cookie are not part of a match");
}

TEST(ParseMatch, CookieIsRejected)
{
    expect_error(parse_error(ovs::parse_match, "cookie=0x5,reg14=0x1"),
                 "match", "cookie=0x5,reg14=0x1",
                 "table, priority and cookie are not part of a match");
}

TEST(ParseMatch, BadFieldValueThrowsTheParsersMessage)
{
    expect_error(parse_error(ovs::parse_match, "reg14=xyz"),
                 "match", "reg14=xyz", "xyz");
}

TEST(ParseMatch, UnknownFieldThrows)
{
    expect_error(parse_error(ovs::parse_match, "no_such_field=1"),
                 "match", "no_such_field=1", "no_such_field");
}

/* parse_actions(). */

TEST(ParseActions, ReadsActionsInOrder)
{
    ovs::Ofpacts a = ovs::parse_actions("set_field:0x1->reg15,"
                                        "resubmit(,37)");
    EXPECT_EQ("set_field:0x1->reg15,resubmit(,37)", a.to_string());
}

TEST(ParseActions, DropIsEmpty)
{
    EXPECT_TRUE(ovs::parse_actions("drop").empty());
    EXPECT_EQ(ovs::Ofpacts(), ovs::parse_actions("drop"));
}

TEST(ParseActions, EqualTextGivesEqualActions)
{
    EXPECT_EQ(ovs::parse_actions("output:1"), ovs::parse_actions("output:1"));
    EXPECT_NE(ovs::parse_actions("output:1"), ovs::parse_actions("output:2"));
}

TEST(ParseActions, ManyActionsOutgrowTheStack)
{
    /* More than the 1 kB stub in parse_actions(), so the parser's buffer
     * moves to the heap; valgrind checks it is freed. */
    std::string text;
    for (int i = 1; i <= 200; i++) {
        text += (i > 1 ? ",output:" : "output:") + std::to_string(i);
    }
    ovs::Ofpacts a = ovs::parse_actions(text);
    EXPECT_GT(a.size(), 1024u);
    EXPECT_EQ(text, a.to_string());
}

TEST(ParseActions, UnknownActionThrowsTheParsersMessage)
{
    expect_error(parse_error(ovs::parse_actions, "no_such_action"),
                 "actions", "no_such_action",
                 "unknown action no_such_action");
}

TEST(ParseActions, BadArgumentAfterGoodActionsThrows)
{
    /* The good actions already in the parser's buffer must be freed. */
    std::string text;
    for (int i = 1; i <= 200; i++) {
        text += "output:" + std::to_string(i) + ",";
    }
    text += "resubmit(,x)";
    expect_error(parse_error(ovs::parse_actions, text), "actions", text,
                 "x");
}

/* parse_group(). */

TEST(ParseGroup, ReadsTypeAndBuckets)
{
    std::unique_ptr<ovs::GroupMod> g = ovs::parse_group(
        "type=select,bucket=weight:10,actions=output:1,"
        "bucket=weight:20,actions=output:2");
    ASSERT_TRUE(g);
    EXPECT_EQ(OFPGT11_SELECT, g->type());
    EXPECT_EQ(2u, g->n_buckets());
    EXPECT_EQ(OFPGC11_ADD, g->get()->command);

    const ofputil_bucket *first = CONTAINER_OF(
        ovs_list_front(&g->get()->buckets), ofputil_bucket, list_node);
    EXPECT_EQ(10, first->weight);
    EXPECT_EQ("output:1", ovs::Ofpacts(first->ofpacts,
                                       first->ofpacts_len).to_string());
}

TEST(ParseGroup, ToStringRoundTrips)
{
    std::unique_ptr<ovs::GroupMod> g = ovs::parse_group(
        "type=all,bucket=actions=output:1,bucket=actions=output:2");
    std::string text = g->to_string();
    EXPECT_EQ("type=all,bucket=actions=output:1,bucket=actions=output:2",
              text);
    EXPECT_EQ(text, ovs::parse_group(text)->to_string());
}

TEST(ParseGroup, GroupWithoutBucketsIsValid)
{
    std::unique_ptr<ovs::GroupMod> g = ovs::parse_group("type=all");
    EXPECT_EQ(OFPGT11_ALL, g->type());
    EXPECT_EQ(0u, g->n_buckets());
}

TEST(ParseGroup, SelectionFieldsAreOwnedByTheGroup)
{
    /* 'fields' is the one property the parser allocates; valgrind checks
     * that the GroupMod frees it. */
    std::unique_ptr<ovs::GroupMod> g = ovs::parse_group(
        "type=select,selection_method=hash,fields=ip_src,"
        "bucket=actions=output:1");
    EXPECT_STREQ("hash", g->get()->props.selection_method);
    EXPECT_GT(g->get()->props.fields.values_size, 0u);
}

TEST(ParseGroup, GroupIdIsRejected)
{
    expect_error(parse_error(ovs::parse_group,
                             "group_id=5,type=all,bucket=actions=output:1"),
                 "group", "group_id=5,type=all,bucket=actions=output:1",
                 "group_id is allocated by ofctrl, not given");
}

TEST(ParseGroup, BadTypeThrowsTheParsersMessage)
{
    expect_error(parse_error(ovs::parse_group,
                             "type=no_such_type,bucket=actions=output:1"),
                 "group", "type=no_such_type,bucket=actions=output:1",
                 "invalid group type no_such_type");
}

TEST(ParseGroup, MissingTypeThrows)
{
    expect_error(parse_error(ovs::parse_group, "bucket=actions=output:1"),
                 "group", "bucket=actions=output:1", "must specify a type");
}

TEST(ParseGroup, BadActionInALaterBucketThrows)
{
    /* The first bucket is already built when the second fails; valgrind
     * checks that nothing leaks or is freed twice. */
    expect_error(parse_error(ovs::parse_group,
                             "type=select,bucket=actions=output:1,"
                             "bucket=actions=no_such_action"),
                 "group",
                 "type=select,bucket=actions=output:1,"
                 "bucket=actions=no_such_action",
                 "unknown action no_such_action");
}

TEST(ParseGroup, ErrorAfterSelectionFieldsThrowsWithoutDoubleFree)
{
    /* The parser frees 'fields' on this error; the GroupMod being unwound
     * must not free it again. */
    expect_error(parse_error(ovs::parse_group,
                             "type=select,selection_method=dp_hash,"
                             "fields=ip_src,bucket=actions=output:1"),
                 "group",
                 "type=select,selection_method=dp_hash,"
                 "fields=ip_src,bucket=actions=output:1",
                 "fields may only be specified with");
}

TEST(ParseGroup, WeightOutsideASelectGroupThrows)
{
    expect_error(parse_error(ovs::parse_group,
                             "type=all,bucket=weight:5,actions=output:1"),
                 "group", "type=all,bucket=weight:5,actions=output:1",
                 "Only select groups can have bucket weights.");
}

TEST(ParseGroup, EmptyTextThrows)
{
    expect_error(parse_error(ovs::parse_group, ""), "group", "",
                 "must specify a type");
}
