/* The match compiler's API (ovn/lib/expr.h).  Case-by-case behaviour is
 * data in tests/lflow-compile/; these tests cover what the data files
 * cannot reach: symbol tables of their own, references, callbacks. */
#include <config.h>

#include <gtest/gtest.h>

#include "lib/ovs-internal.h"
#include "ovn/lib/expr.h"

namespace ovn {
namespace {

/* Parses, annotates, simplifies and normalizes 's' with 'symtab'. */
ExprPtr
compile(std::string_view s, const Symtab &symtab, std::string *error)
{
    ExprParseContext ctx;
    ctx.symtab = &symtab;
    ExprPtr e = expr_parse_string(s, ctx, error);
    if (e) {
        e = expr_annotate(std::move(e), symtab, error);
    }
    if (e) {
        e = expr_normalize(expr_simplify(std::move(e), nullptr));
    }
    return e;
}

TEST(ExprAnnotate, RecursivePredicatesAreErrorsNotCrashes)
{
    Symtab t;
    t.add_field("f", MFF_REG0, "", false);
    t.add_predicate("self", "self && f == 1");
    t.add_predicate("ping", "pong");
    t.add_predicate("pong", "ping");
    std::string error;
    EXPECT_EQ(nullptr, compile("self", t, &error));
    EXPECT_EQ("Recursive expansion of symbol `self'.", error);
    error.clear();
    EXPECT_EQ(nullptr, compile("f == 2 || ping", t, &error));
    EXPECT_EQ("Recursive expansion of symbol `ping'.", error);
}

TEST(ExprAnnotate, RecursivePrerequisitesAreErrors)
{
    Symtab t;
    t.add_field("f", MFF_REG0, "g == 1", false);
    t.add_field("g", MFF_REG1, "f == 1", false);
    std::string error;
    EXPECT_EQ(nullptr, compile("f == 3", t, &error));
    EXPECT_EQ("Recursive expansion of symbol `f'.", error);
}

TEST(ExprAnnotate, BadPrerequisiteTextIsReportedWithTheSymbol)
{
    Symtab t;
    t.add_field("f", MFF_REG0, "nosuch == 1", false);
    std::string error;
    EXPECT_EQ(nullptr, compile("f == 3", t, &error));
    EXPECT_EQ("Error parsing expression `nosuch == 1' encountered as "
              "prerequisite or predicate of initial expression: Syntax "
              "error at `nosuch' expecting field name.", error);
}

/* Parses and annotates 's' with 'symtab', as text ("" on error). */
std::string
annotated(std::string_view s, const Symtab &symtab)
{
    ExprParseContext ctx;
    ctx.symtab = &symtab;
    std::string error;
    ExprPtr e = expr_parse_string(s, ctx, &error);
    if (e) {
        e = expr_annotate(std::move(e), symtab, &error);
    }
    return e ? e->to_string() : "";
}

TEST(ExprAnnotate, OvnTableGivesTheSameExpansionsEveryTime)
{
    /* Symtab::ovn() keeps its annotated expansions and prerequisites; a
     * table of its own, with the same symbols, does not.  Each use, first
     * or later, positive or negated, in any order, must read the same as
     * the table of its own's, and what one use does to its copy must not
     * show in the next. */
    Symtab own;
    ovn_init_symtab(own);
    const char *const texts[] = {
        "tcp", "!(tcp.dst == 80)", "ip.is_frag", "!ip.is_frag", "ip.later_frag",
        "tcp.dst == 22", "!(tcp.dst == 22)", "ip4.src == 10.0.0.1 && udp",
        "nd_ns", "!ip.first_frag", "ip.is_frag", "tcp", "nd_ns",
    };
    for (int round = 0; round < 2; round++) {
        for (const char *text : texts) {
            SCOPED_TRACE(text);
            std::string expected = annotated(text, own);
            ASSERT_NE("", expected);
            EXPECT_EQ(expected, annotated(text, Symtab::ovn()));
        }
    }
}

TEST(ExprParse, RecordsSetReferencesEvenWhenMissing)
{
    ExprConstSets sets, groups;
    sets["as1"] = ExprConstSet::from_addresses({ "10.0.0.1" });
    groups["7_pg"] = ExprConstSet::from_names({ "p1" });
    std::set<std::string> as_ref, pg_ref;
    ExprParseContext ctx;
    ctx.addr_sets = &sets;
    ctx.port_groups = &groups;
    ctx.dp_key = 7;
    ctx.addr_sets_ref = &as_ref;
    ctx.port_groups_ref = &pg_ref;

    std::string error;
    ExprPtr e = expr_parse_string("ip4.src == $as1 && inport == @pg", ctx,
                                  &error);
    ASSERT_NE(nullptr, e) << error;
    EXPECT_EQ((std::set<std::string>{ "as1" }), as_ref);
    EXPECT_EQ((std::set<std::string>{ "7_pg", "pg" }), pg_ref);

    EXPECT_EQ(nullptr, expr_parse_string("ip4.src == $as2", ctx, &error));
    EXPECT_EQ(1u, as_ref.count("as2"));
}

TEST(ExprParse, PortGroupOfTheDatapathComesFirst)
{
    ExprConstSets groups;
    groups["pg"] = ExprConstSet::from_names({ "global" });
    groups["3_pg"] = ExprConstSet::from_names({ "local" });
    ExprParseContext ctx;
    ctx.port_groups = &groups;
    std::string error;

    ctx.dp_key = 3;
    EXPECT_EQ("inport == \"local\"",
              expr_parse_string("inport == @pg", ctx, &error)->to_string());
    ctx.dp_key = 4;
    EXPECT_EQ("inport == \"global\"",
              expr_parse_string("inport == @pg", ctx, &error)->to_string());
}

TEST(ExprParse, AddressSetsSkipBadEntriesAndSort)
{
    size_t n_bad = 0;
    ExprConstSet cs = ExprConstSet::from_addresses(
        { "10.0.0.2", "bogus", "10.0.0.1", "10.0.0.0/8 x" }, &n_bad);
    EXPECT_EQ(2u, n_bad);
    ASSERT_EQ(2u, cs.values.size());
    EXPECT_EQ(1, cs.values[0].value.u8[15]);
    EXPECT_EQ(2, cs.values[1].value.u8[15]);
}

TEST(ExprParse, AddressSetsKeepTheirPrefixes)
{
    ExprConstSet cs = ExprConstSet::from_addresses({ "192.168.1.0/24" });
    ASSERT_EQ(1u, cs.values.size());
    ASSERT_TRUE(cs.values[0].masked);
    EXPECT_EQ(0xff, cs.values[0].mask.u8[14]);
    EXPECT_EQ(0, cs.values[0].mask.u8[15]);
}

TEST(ExprParse, StopsBeforeATokenThatCannotContinueAMatch)
{
    /* As the action parser needs for "ct_commit { ... }"-like forms. */
    Lexer lexer("ip4 && tcp; next;");
    lexer.get();
    ExprParseContext ctx;
    ExprPtr e = expr_parse(lexer, ctx);
    ASSERT_NE(nullptr, e);
    EXPECT_EQ(LexType::SEMICOLON, lexer.type());
    EXPECT_EQ("ip4 && tcp", e->to_string());
}

TEST(ExprParse, LongChainsDoNotRecurse)
{
    std::string s = "reg0 == 0";
    for (int i = 1; i < 5000; i++) {
        s += " || reg0 == " + std::to_string(i);
    }
    std::string error;
    ExprPtr e = compile(s, Symtab::ovn(), &error);
    ASSERT_NE(nullptr, e) << error;
    uint32_t n_conjs;
    EXPECT_EQ(5000u, expr_to_matches(*e, nullptr, &n_conjs).size());
}

TEST(ExprToMatches, UnknownPortDropsOnlyItsDisjunct)
{
    std::string error;
    ExprPtr e = compile("inport == {\"a\", \"b\"} || ip4", Symtab::ovn(),
                        &error);
    ASSERT_NE(nullptr, e) << error;
    int lookups = 0;
    uint32_t n_conjs;
    auto matches = expr_to_matches(
        *e, [&](std::string_view name, uint32_t *key) {
            lookups++;
            if (name == "a") {
                *key = 7;
                return true;
            }
            return false;
        }, &n_conjs);
    EXPECT_EQ(2, lookups);
    ASSERT_EQ(2u, matches.size());
    EXPECT_EQ("reg14=0x7", matches[0].match.to_string());
    EXPECT_EQ("ip", matches[1].match.to_string());
}

TEST(ExprToMatches, EachConjunctiveDisjunctGetsItsOwnId)
{
    std::string error;
    ExprPtr e = compile("(ip4.src == {1.1.1.1, 2.2.2.2} && "
                        "ip4.dst == {3.3.3.3, 4.4.4.4}) || "
                        "(tcp.src == {1, 2} && tcp.dst == {3, 4})",
                        Symtab::ovn(), &error);
    ASSERT_NE(nullptr, e) << error;
    uint32_t n_conjs;
    auto matches = expr_to_matches(*e, nullptr, &n_conjs);
    /* The TCP disjunct is two, for IPv4 and IPv6 (ip.proto's
     * prerequisite is cross-producted): 3 conjunctions, each a conj_id
     * flow and four clause flows. */
    EXPECT_EQ(3u, n_conjs);
    EXPECT_EQ(15u, matches.size());
}

TEST(ExprToMatches, ATestWithoutConjunctionWinsOverAConjunction)
{
    /* The match "ip,nw_src=1.1.1.1" is both a clause of the conjunction
     * and a flow of its own: one flow, with the lflow's actions. */
    std::string error;
    ExprPtr e = compile("(ip4.src == {1.1.1.1, 2.2.2.2} && "
                        "ip4.dst == {3.3.3.3, 4.4.4.4}) || "
                        "ip4.src == 1.1.1.1", Symtab::ovn(), &error);
    ASSERT_NE(nullptr, e) << error;
    uint32_t n_conjs;
    int n = 0;
    for (const ExprMatch &m : expr_to_matches(*e, nullptr, &n_conjs)) {
        if (m.match.to_string() == "ip,nw_src=1.1.1.1") {
            EXPECT_TRUE(m.conjunctions.empty());
            n++;
        }
    }
    EXPECT_EQ(1, n);
}

/* With a base, each match is the one without it ANDed with the base; a
 * visitor also gets it compressed, with its hash. */
TEST(ExprToMatches, BaseStartsEveryMatchAndTheVisitorGetsItCompressed)
{
    std::string error;
    ExprPtr e = compile("(ip4.src == {1.1.1.1, 2.2.2.2} && "
                        "tcp.dst == {80, 443}) || ip4.dst == 3.3.3.3 || 1",
                        Symtab::ovn(), &error);
    ASSERT_NE(nullptr, e) << error;
    uint32_t n_plain;
    std::vector<ExprMatch> plain = expr_to_matches(*e, nullptr, &n_plain);
    for (const ExprMatch &m : plain) {
        EXPECT_EQ(nullptr, m.compressed);
    }

    ovs::Match base;
    match_set_metadata(base.get(), htonll(5));
    uint32_t n_based;
    size_t i = 0;
    expr_to_matches(*e, nullptr, &n_based, [&](ExprMatch &m) {
        ASSERT_LT(i, plain.size());
        ovs::Match expected = plain[i].match;
        match_set_metadata(expected.get(), htonll(5));
        EXPECT_EQ(expected, m.match) << m.match.to_string();
        EXPECT_EQ(plain[i].conjunctions, m.conjunctions);
        ASSERT_NE(nullptr, m.compressed);
        const ovs::MiniMatch mini(m.match);
        EXPECT_TRUE(minimatch_equal(mini.get(), m.compressed));
        EXPECT_EQ(mini.hash(), m.compressed_hash);
        i++;
    }, {}, &base);
    EXPECT_EQ(plain.size(), i);
    EXPECT_EQ(n_plain, n_based);
}

/* Address set "as" (1.1.1.1, 2.2.2.2) and port group "pg" (ports a, b,
 * c with keys 1, 2, 3) for the tests of expr_to_matches()'s 'only'. */
class ExprToMatchesOnly : public ::testing::Test {
protected:
    ExprToMatchesOnly()
    {
        sets_["as"] = ExprConstSet::from_addresses({ "1.1.1.1", "2.2.2.2" });
        groups_["pg"] = ExprConstSet::from_names({ "a", "b", "c" });
    }

    ExprPtr
    compile(std::string_view s)
    {
        ExprParseContext ctx;
        ctx.addr_sets = &sets_;
        ctx.port_groups = &groups_;
        std::string error;
        ExprPtr e = expr_parse_string(s, ctx, &error);
        if (e) {
            e = expr_annotate(std::move(e), Symtab::ovn(), &error);
        }
        if (e) {
            e = expr_normalize(expr_simplify(std::move(e), nullptr));
        }
        EXPECT_NE(nullptr, e) << error;
        return e;
    }

    /* The matches of 'e' ("MATCH[: conjunctions]"), all of them or, with
     * 'as_cmp_only', only those that have an 'as_cmp'; in '*lookups' the
     * names looked up. */
    static std::vector<std::string>
    matches(const Expr &e, std::string_view only, bool as_cmp_only,
            uint32_t *n_conjs, std::vector<std::string> *lookups)
    {
        std::vector<std::string> result;
        expr_to_matches(
            e, [&](std::string_view name, uint32_t *key) {
                lookups->emplace_back(name);
                *key = name[0] - 'a' + 1;
                return true;
            }, n_conjs, [&](ExprMatch &m) {
                if (!as_cmp_only || m.as_cmp) {
                    result.push_back(m.to_string());
                }
            }, only);
        return result;
    }

    ExprConstSets sets_, groups_;
};

TEST_F(ExprToMatchesOnly, BuildsJustTheSetsMatchesAndLooksUpNoOtherPort)
{
    ExprPtr e = compile("outport == @pg && ip4 && ip4.src == $as");
    ASSERT_NE(nullptr, e);
    uint32_t n_all, n_only;
    std::vector<std::string> lookups_all, lookups_only;
    std::vector<std::string> all = matches(*e, "", false, &n_all,
                                           &lookups_all);
    std::vector<std::string> only = matches(*e, "as", false, &n_only,
                                            &lookups_only);
    /* A conjunction: its own flow, three ports, two addresses. */
    EXPECT_EQ(6u, all.size());
    EXPECT_EQ(1u, n_all);
    EXPECT_EQ(3u, lookups_all.size());
    EXPECT_EQ((std::vector<std::string>{
                  "ip,nw_src=1.1.1.1: conjunction(1, 0/2)",
                  "ip,nw_src=2.2.2.2: conjunction(1, 0/2)" }), only);
    EXPECT_EQ(1u, n_only);
    EXPECT_TRUE(lookups_only.empty());

    /* The group's: its ports' matches, looked up, and nothing else. */
    std::vector<std::string> lookups_pg;
    std::vector<std::string> pg = matches(*e, "@pg", false, &n_only,
                                          &lookups_pg);
    EXPECT_EQ((std::vector<std::string>{
                  "ip,reg15=0x1: conjunction(1, 1/2)",
                  "ip,reg15=0x2: conjunction(1, 1/2)",
                  "ip,reg15=0x3: conjunction(1, 1/2)" }), pg);
    EXPECT_EQ(lookups_all, lookups_pg);
}

TEST_F(ExprToMatchesOnly, GivesTheSetsMatchesOfTheFullConversion)
{
    /* The set's conjunction is the third: the IDs of those skipped are
     * counted all the same. */
    ExprPtr e = compile("(ip4.src == {3.3.3.3, 4.4.4.4} && "
                        "ip4.dst == {5.5.5.5, 6.6.6.6}) || "
                        "(tcp.src == {1, 2} && tcp.dst == {3, 4}) || "
                        "(ip4.src == $as && udp.dst == {7, 8}) || "
                        "inport == \"a\"");
    ASSERT_NE(nullptr, e);
    uint32_t n_all, n_only;
    std::vector<std::string> lookups_all, lookups_only;
    std::vector<std::string> all = matches(*e, "", true, &n_all,
                                           &lookups_all);
    std::vector<std::string> only = matches(*e, "as", false, &n_only,
                                            &lookups_only);
    EXPECT_EQ(4u, n_all);
    EXPECT_EQ(n_all, n_only);
    EXPECT_EQ(2u, only.size());
    EXPECT_EQ(all, only);
    EXPECT_NE(std::string::npos, only[0].find("conjunction(4, 0/2)"));
    EXPECT_TRUE(lookups_only.empty());
    EXPECT_EQ(1u, lookups_all.size());
}

TEST_F(ExprToMatchesOnly, AMatchEqualToAnotherLosesItsSetInTheFullOneOnly)
{
    /* Why the caller must know that no other match tests the set's
     * field: 1.1.1.1's match is also the second disjunct's, and the
     * merge takes it from the set; built alone, it is not merged. */
    ExprPtr e = compile("(ip4.src == $as && tcp) || "
                        "(ip4.src == 1.1.1.1 && tcp)");
    ASSERT_NE(nullptr, e);
    uint32_t n_conjs;
    std::vector<std::string> lookups;
    EXPECT_EQ((std::vector<std::string>{ "tcp,nw_src=2.2.2.2" }),
              matches(*e, "", true, &n_conjs, &lookups));
    EXPECT_EQ((std::vector<std::string>{ "tcp,nw_src=1.1.1.1",
                                         "tcp,nw_src=2.2.2.2" }),
              matches(*e, "as", true, &n_conjs, &lookups));
    EXPECT_EQ(mf_from_id(MFF_IPV4_SRC), expr_set_field(*e, "as"));
}

TEST_F(ExprToMatchesOnly, SetFieldIsTheFieldItsMembersTest)
{
    ExprPtr e = compile("outport == @pg && ip4.src == $as");
    ASSERT_NE(nullptr, e);
    EXPECT_EQ(mf_from_id(MFF_IPV4_SRC), expr_set_field(*e, "as"));
    EXPECT_EQ(mf_from_id(MFF_REG15), expr_set_field(*e, "@pg"));
    EXPECT_EQ(nullptr, expr_set_field(*e, "other"));
}

TEST(ExprNormalize, ResultIsInDisjunctiveForm)
{
    for (const char *s : { "(reg0 == 1 || reg1 == 2) && (reg2 == 3 || "
                           "reg3 == 4) && ip", "tcp.src >= 100 && udp",
                           "!(reg0 == 1 && reg1 == 2)", "ip6.mcast_flood",
                           "1", "0", "nd || arp" }) {
        std::string error;
        ExprPtr e = compile(s, Symtab::ovn(), &error);
        ASSERT_NE(nullptr, e) << s << ": " << error;
        EXPECT_TRUE(expr_is_normalized(*e)) << s << " -> "
                                            << e->to_string();
    }
}

TEST(ExprClone, IsEqualAndHasTheRoomAskedFor)
{
    auto cmp = [](const char *s) {
        std::string error;
        ExprPtr e = compile(s, Symtab::ovn(), &error);
        EXPECT_NE(nullptr, e) << s << ": " << error;
        return e;
    };
    /* (reg0 == 1 && reg1 == 2) || reg2 == 3, built by hand: the
     * normalizer would merge the registers' tests. */
    ExprPtr e = Expr::create_andor(
        ExprType::OR,
        Expr::create_andor(ExprType::AND, cmp("reg0 == 1"), cmp("reg1 == 2")),
        cmp("reg2 == 3"));
    ASSERT_EQ(2u, e->subs.size());
    ASSERT_EQ(2u, e->subs[0]->subs.size());
    for (size_t room : { 0, 1, 4 }) {
        ExprPtr c = e->clone(room);
        EXPECT_EQ(e->to_string(), c->to_string());
        EXPECT_GE(c->subs.capacity(), e->subs.size() + room);
        /* Only the top gets the room. */
        EXPECT_EQ(2u, c->subs[0]->subs.capacity());
    }
    /* A CMP has no terms to make room beside. */
    EXPECT_EQ(0u, e->subs[1]->clone(3)->subs.capacity());
}

}  // namespace
}  // namespace ovn
