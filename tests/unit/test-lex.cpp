/* The lexer's API (ovn/lib/lex.h); the token-by-token cases are data in
 * tests/lflow-compile/lex.txt. */
#include <config.h>

#include <gtest/gtest.h>

#include "ovn/lib/lex.h"

namespace ovn {
namespace {

TEST(Lexer, IntegerCarriesValueAndAllOnesMask)
{
    Lexer lexer("10.0.0.1");
    ASSERT_EQ(LexType::INTEGER, lexer.get());
    EXPECT_EQ(LexFormat::IPV4, lexer.token().format);
    EXPECT_EQ(htonl(0x0a000001), lexer.token().value.be32[31]);
    EXPECT_EQ(0xffffffffu, lexer.token().mask.be32[31]);
    EXPECT_EQ(LexType::END, lexer.get());
}

TEST(Lexer, MaskedValueIsCutToItsMask)
{
    Lexer lexer("10.1.2.3/8");
    ASSERT_EQ(LexType::MASKED_INTEGER, lexer.get());
    EXPECT_EQ(htonl(0x0a000000), lexer.token().value.be32[31]);
    EXPECT_EQ(htonl(0xff000000), lexer.token().mask.be32[31]);
}

TEST(Lexer, LookaheadDoesNotAdvance)
{
    Lexer lexer("a == 1");
    lexer.get();
    EXPECT_EQ(LexType::EQ, lexer.lookahead());
    EXPECT_TRUE(lexer.is_id("a"));
    EXPECT_TRUE(lexer.match_id("a"));
    EXPECT_TRUE(lexer.match(LexType::EQ));
    EXPECT_EQ(LexType::INTEGER, lexer.type());
}

TEST(Lexer, StopsAtTheFirstErrorToken)
{
    Lexer lexer("a & b");
    lexer.get();
    EXPECT_EQ(LexType::ERROR, lexer.get());
    EXPECT_EQ(LexType::ERROR, lexer.get());
    lexer.syntax_error("expecting something");
    EXPECT_EQ("`&' is only valid as part of `&&'.", lexer.error());
}

TEST(Lexer, SyntaxErrorNamesTheTokenAndKeepsTheFirstError)
{
    Lexer lexer("a b");
    lexer.get();
    lexer.get();
    lexer.syntax_error("expecting `=='");
    lexer.syntax_error("expecting something else");
    EXPECT_EQ("Syntax error at `b' expecting `=='.", lexer.error());
    EXPECT_EQ("Syntax error at `b' expecting `=='.", lexer.take_error());
    EXPECT_FALSE(lexer.has_error());

    lexer.get();
    EXPECT_FALSE(lexer.force_match(LexType::RPAREN));
    EXPECT_EQ("Syntax error at end of input expecting `)'.", lexer.error());
}

TEST(Lexer, TokenPositionsSkipSpaceAndComments)
{
    Lexer lexer("  /* c */ abc  def");
    lexer.get();
    EXPECT_EQ(10u, lexer.start());
    EXPECT_EQ(13u, lexer.end());
}

TEST(LexTemplates, KnownTemplatesAreExpandedVerbatimOthersKept)
{
    TemplateVars vars = { { "VIP", "10.0.0.1" }, { "PORT", "80" } };
    std::set<std::string> used;
    EXPECT_EQ("ip4.dst == 10.0.0.1 && tcp.dst == 80 && ^OTHER",
              lex_expand_templates("ip4.dst == ^VIP && tcp.dst == ^PORT "
                                   "&& ^OTHER", vars, &used));
    EXPECT_EQ((std::set<std::string>{ "PORT", "VIP" }), used);
}

TEST(LexTemplates, NoTemplateGivesTheInputUnchanged)
{
    EXPECT_EQ("a  /* x */ == \"^VIP\"",
              lex_expand_templates("a  /* x */ == \"^VIP\"",
                                   { { "VIP", "1" } }));
}

TEST(LexFormat, WideDecimalPrintsAsHex)
{
    mf_subvalue v;
    memset(&v, 0, sizeof v);
    v.u8[119] = 1;     /* 2**64. */
    EXPECT_EQ("0x10000000000000000",
              lex_format_integer(v, LexFormat::DECIMAL));
}

}  // namespace
}  // namespace ovn
