/* Unit tests of lib/json-quote: the quoting of OVN's lexer (strings in
 * actions and matches) and of the ACL log lines' names, which must stay
 * what it was before it went through OVS's json_string_escape(). */
#include <config.h>

#include <gtest/gtest.h>

#include <string>

#include "lib/json-quote.h"

namespace {

TEST(JsonQuote, EscapesQuotesBackslashesAndShortForms)
{
    EXPECT_EQ("\"\"", ovs::json_quote(""));
    EXPECT_EQ("\"a\\\"b\\\\c\"", ovs::json_quote("a\"b\\c"));
    EXPECT_EQ("\"\\b\\f\\n\\r\\t\"", ovs::json_quote("\b\f\n\r\t"));
}

TEST(JsonQuote, OtherControlCharactersAsUnicodeEscapes)
{
    const char *expected[] = {
        "\\u0000", "\\u0001", "\\u0002", "\\u0003", "\\u0004", "\\u0005",
        "\\u0006", "\\u0007", "\\b", "\\t", "\\n", "\\u000b", "\\f",
        "\\r", "\\u000e", "\\u000f", "\\u0010", "\\u0011", "\\u0012",
        "\\u0013", "\\u0014", "\\u0015", "\\u0016", "\\u0017", "\\u0018",
        "\\u0019", "\\u001a", "\\u001b", "\\u001c", "\\u001d", "\\u001e",
        "\\u001f",
    };
    for (int c = 0; c < 0x20; c++) {
        EXPECT_EQ(std::string("\"x") + expected[c] + "y\"",
                  ovs::json_quote(std::string("x") + char(c) + "y"))
            << c;
    }
}

TEST(JsonQuote, NulsInsideAndOtherBytesAsTheyAre)
{
    EXPECT_EQ("\"a\\u0000b\\u0000\"",
              ovs::json_quote(std::string("a\0b\0", 4)));
    EXPECT_EQ("\"\x7f caf\xc3\xa9 \xff\"",
              ovs::json_quote("\x7f caf\xc3\xa9 \xff"));
    std::string out = "x=";
    ovs::json_quote("y", out);
    EXPECT_EQ("x=\"y\"", out);
}

}  // namespace
