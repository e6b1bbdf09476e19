#include <config.h>

#include "lib/dynamic-string.h"

#include <string>
#include <string_view>
#include <type_traits>

#include <gtest/gtest.h>

/* A Ds owns its buffer, so copying it would free the buffer twice. */
static_assert(!std::is_copy_constructible_v<ovs::Ds>);
static_assert(!std::is_copy_assignable_v<ovs::Ds>);

TEST(Ds, NewStringIsEmptyWithoutAllocating)
{
    ovs::Ds s;
    EXPECT_TRUE(s.empty());
    EXPECT_EQ(0u, s.length());
    /* A fresh 'struct ds' has no buffer at all; view() must not read it. */
    EXPECT_EQ(nullptr, s.get()->string);
    EXPECT_EQ("", s.view());
    EXPECT_EQ("", s.str());
}

TEST(Ds, CStrOfAnEmptyStringIsTerminated)
{
    ovs::Ds s;
    EXPECT_STREQ("", s.c_str());
}

TEST(Ds, PutAppends)
{
    ovs::Ds s;
    s.put("table=1");
    s.put(",");
    s.put(std::string("priority=100"));
    EXPECT_EQ("table=1,priority=100", s.view());
    EXPECT_EQ(20u, s.length());
    EXPECT_FALSE(s.empty());
    EXPECT_STREQ("table=1,priority=100", s.c_str());
}

TEST(Ds, PutOfNothingLeavesTheStringUnchanged)
{
    ovs::Ds s;
    s.put("x");
    s.put(std::string_view());
    s.put("");
    EXPECT_EQ("x", s.str());
}

TEST(Ds, PutKeepsEmbeddedNulBytes)
{
    ovs::Ds s;
    s.put(std::string_view("a\0b", 3));
    EXPECT_EQ(3u, s.length());
    EXPECT_EQ(std::string_view("a\0b", 3), s.view());
}

TEST(Ds, PutFormatAppendsPrintfOutput)
{
    ovs::Ds s;
    s.put("reg14=");
    s.put_format("%#x,metadata=%d", 1, 5);
    EXPECT_EQ("reg14=0x1,metadata=5", s.str());
}

TEST(Ds, PutFormatGrowsPastAnyInitialCapacity)
{
    ovs::Ds s;
    const std::string long_arg(1000, 'x');
    s.put_format("[%s]", long_arg.c_str());
    EXPECT_EQ("[" + long_arg + "]", s.str());
}

TEST(Ds, ClearEmptiesButKeepsTheStringUsable)
{
    ovs::Ds s;
    s.put("actions=drop");
    s.clear();
    EXPECT_TRUE(s.empty());
    EXPECT_EQ("", s.view());
    s.put("output:1");
    EXPECT_EQ("output:1", s.str());
}

TEST(Ds, GetLetsOvsFunctionsWriteIntoIt)
{
    ovs::Ds s;
    ds_put_cstr(s.get(), "in_port=");
    ds_put_format(s.get(), "%d", 7);
    ds_put_char(s.get(), '!');
    EXPECT_EQ("in_port=7!", s.str());
}

TEST(Ds, StrIsACopyThatOutlivesLaterChanges)
{
    ovs::Ds s;
    s.put("before");
    std::string copy = s.str();
    s.clear();
    s.put("after");
    EXPECT_EQ("before", copy);
}
