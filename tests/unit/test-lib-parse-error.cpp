#include <config.h>

#include "lib/parse-error.h"

#include <stdexcept>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

TEST(ParseError, WhatNamesTheKindTheInputAndTheMessage)
{
    ovs::ParseError e("flow", "priority=x,actions=drop",
                      "invalid priority \"x\"");
    EXPECT_STREQ("flow \"priority=x,actions=drop\": invalid priority \"x\"",
                 e.what());
}

TEST(ParseError, KeepsTheInputAndMessageApart)
{
    ovs::ParseError e("group", "type=bogus", "invalid group type bogus");
    EXPECT_EQ("type=bogus", e.input());
    EXPECT_EQ("invalid group type bogus", e.message());
}

TEST(ParseError, CopiesItsArgumentsSoTheyMayGoAway)
{
    std::string input = "0000";
    std::string message = "not a UUID";
    ovs::ParseError e("UUID", input, message);
    input.assign("changed");
    message.assign("changed");
    EXPECT_EQ("0000", e.input());
    EXPECT_EQ("not a UUID", e.message());
    EXPECT_STREQ("UUID \"0000\": not a UUID", e.what());
}

TEST(ParseError, KeepsInputWithEmbeddedNulBytes)
{
    ovs::ParseError e("match", std::string_view("a\0b", 3), "bad");
    EXPECT_EQ(std::string("a\0b", 3), e.input());
}

TEST(ParseError, IsCaughtAsARuntimeError)
{
    try {
        throw ovs::ParseError("actions", "", "empty");
    } catch (const std::runtime_error &e) {
        EXPECT_STREQ("actions \"\": empty", e.what());
        return;
    }
    ADD_FAILURE() << "ParseError was not a std::runtime_error";
}
