#include <config.h>

#include "lib/uuid-value.h"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <unordered_set>
#include <vector>

#include <gtest/gtest.h>

#include "lib/parse-error.h"
#include "uuid.h"

namespace {

const char *const TEXT = "01234567-89ab-cdef-0123-456789abcdef";
constexpr ovs::Uuid VALUE(0x01234567, 0x89abcdef, 0x01234567, 0x89abcdef);

/* Returns -1, 0 or 1 with the sign of 'x'. */
int
sign(int x)
{
    return (x > 0) - (x < 0);
}

/* Runs Uuid::parse() on 'text' and returns the ParseError it throws, so a
 * test can check the message; fails the test if nothing is thrown. */
std::optional<ovs::ParseError>
parse_error(const std::string &text)
{
    try {
        ovs::Uuid::parse(text);
    } catch (const ovs::ParseError &e) {
        return e;
    }
    ADD_FAILURE() << "\"" << text << "\" parsed as a UUID";
    return std::nullopt;
}

}  // namespace

/* first_word() is usable in constant expressions, e.g. static cookies. */
static_assert(VALUE.first_word() == 0x01234567);
static_assert(ovs::Uuid().first_word() == 0);

TEST(Uuid, DefaultIsTheZeroUuid)
{
    ovs::Uuid zero;
    EXPECT_TRUE(zero.is_zero());
    EXPECT_EQ("00000000-0000-0000-0000-000000000000", zero.to_string());
    EXPECT_FALSE(VALUE.is_zero());
}

TEST(Uuid, WordsAreInTheOrderTheyAreWritten)
{
    EXPECT_EQ(TEXT, VALUE.to_string());
    EXPECT_EQ(0x89abcdefu, VALUE.get().parts[1]);
    EXPECT_EQ(0x01234567u, VALUE.first_word());
}

TEST(Uuid, ParseReadsTheCanonicalForm)
{
    EXPECT_EQ(VALUE, ovs::Uuid::parse(TEXT));
}

TEST(Uuid, ParseAndToStringRoundTrip)
{
    for (int i = 0; i < 100; i++) {
        ovs::Uuid u = ovs::Uuid::generate();
        std::string text = u.to_string();
        EXPECT_EQ(36u, text.size());
        EXPECT_EQ(u, ovs::Uuid::parse(text));
        EXPECT_EQ(text, ovs::Uuid::parse(text).to_string());
    }
}

TEST(Uuid, ToStringIsOpenvSwitchsFormat)
{
    for (int i = 0; i < 100; i++) {
        ovs::Uuid u = ovs::Uuid::generate();
        char buf[UUID_LEN + 1];
        snprintf(buf, sizeof buf, UUID_FMT, UUID_ARGS(&u.get()));
        EXPECT_EQ(buf, u.to_string());
    }
    const ovs::Uuid ones(0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff);
    EXPECT_EQ("ffffffff-ffff-ffff-ffff-ffffffffffff", ones.to_string());
}

TEST(Uuid, ParseAcceptsUppercaseAndFormatsLowercase)
{
    ovs::Uuid u = ovs::Uuid::parse("01234567-89AB-CDEF-0123-456789ABCDEF");
    EXPECT_EQ(VALUE, u);
    EXPECT_EQ(TEXT, u.to_string());
}

TEST(Uuid, ParseReadsOnlyTheViewItIsGiven)
{
    /* A string_view into a longer buffer is not NUL-terminated after the
     * UUID; the trailing text must be neither read nor required. */
    std::string buffer = std::string(TEXT) + "trailing";
    std::string_view view(buffer.data(), 36);
    EXPECT_EQ(VALUE, ovs::Uuid::parse(view));
}

TEST(Uuid, BadInputThrowsParseErrorNamingTheInput)
{
    const std::vector<std::string> bad = {
        "",
        "not-a-uuid",
        std::string(TEXT) + " ",                 /* Too long. */
        std::string(TEXT) + "0",
        " " + std::string(TEXT).substr(1),       /* Right length. */
        std::string(TEXT).substr(0, 35),         /* Too short. */
        "01234567-89ab-cdef-0123-456789abcdeg",  /* Not hex. */
        "01234567_89ab-cdef-0123-456789abcdef",  /* Wrong separator. */
        "0123456789ab-cdef-0123-456789abcdef-",
    };
    for (const std::string &text : bad) {
        SCOPED_TRACE(text);
        std::optional<ovs::ParseError> e = parse_error(text);
        if (!e) {
            continue;
        }
        EXPECT_EQ(text, e->input());
        EXPECT_NE(std::string(e->what()).find("\"" + text + "\""),
                  std::string::npos)
            << e->what();
        EXPECT_EQ(std::string(e->what()).rfind("UUID", 0), 0u) << e->what();
    }
}

TEST(Uuid, EmbeddedNulIsBadInputNotATerminator)
{
    /* Right length, but uuid_from_string() would see only 35 characters. */
    const std::string text("01234567-89ab-cdef-0123-456789abcde\0", 36);
    std::optional<ovs::ParseError> e = parse_error(text);
    ASSERT_TRUE(e);
    EXPECT_EQ(text, e->input());
    EXPECT_FALSE(ovs::Uuid::from_string(text));
}

TEST(Uuid, FromStringReturnsNothingForBadInput)
{
    EXPECT_FALSE(ovs::Uuid::from_string(""));
    EXPECT_FALSE(ovs::Uuid::from_string("xyz"));
    EXPECT_FALSE(ovs::Uuid::from_string(std::string(TEXT) + "0"));
    std::optional<ovs::Uuid> u = ovs::Uuid::from_string(TEXT);
    ASSERT_TRUE(u);
    EXPECT_EQ(VALUE, *u);
}

TEST(Uuid, GenerateGivesDistinctVersion4Uuids)
{
    std::set<ovs::Uuid> seen;
    for (int i = 0; i < 100; i++) {
        ovs::Uuid u = ovs::Uuid::generate();
        EXPECT_FALSE(u.is_zero());
        /* Version nibble is 4, variant bits are 10. */
        EXPECT_EQ(0x4000u, u.get().parts[1] & 0xf000);
        EXPECT_EQ(0x80000000u, u.get().parts[2] & 0xc0000000);
        seen.insert(u);
    }
    EXPECT_EQ(100u, seen.size());
}

TEST(Uuid, CompareAgreesWithUuidCompare3way)
{
    std::vector<ovs::Uuid> uuids = {
        ovs::Uuid(),
        ovs::Uuid(0, 0, 0, 1),
        ovs::Uuid(0, 0, 1, 0),
        ovs::Uuid(0, 1, 0, 0),
        ovs::Uuid(1, 0, 0, 0),
        ovs::Uuid(0xffffffff, 0, 0, 0),
        ovs::Uuid(0x80000000, 0xffffffff, 0xffffffff, 0xffffffff),
        VALUE,
    };
    for (int i = 0; i < 20; i++) {
        uuids.push_back(ovs::Uuid::generate());
    }
    for (const ovs::Uuid &a : uuids) {
        for (const ovs::Uuid &b : uuids) {
            int expected = sign(uuid_compare_3way(&a.get(), &b.get()));
            EXPECT_EQ(expected, sign(a.compare(b)));
            EXPECT_EQ(expected == 0, a == b);
            EXPECT_EQ(expected != 0, a != b);
            EXPECT_EQ(expected < 0, a < b);
            EXPECT_EQ(expected > 0, a > b);
            EXPECT_EQ(expected <= 0, a <= b);
            EXPECT_EQ(expected >= 0, a >= b);
        }
    }
}

TEST(Uuid, OrderingIsTheOrderOfTheText)
{
    /* uuid_compare_3way() orders as the strings do, which keeps sorted
     * output stable and readable. */
    std::vector<ovs::Uuid> uuids;
    for (int i = 0; i < 50; i++) {
        uuids.push_back(ovs::Uuid::generate());
    }
    std::sort(uuids.begin(), uuids.end());
    for (size_t i = 1; i < uuids.size(); i++) {
        EXPECT_LT(uuids[i - 1].to_string(), uuids[i].to_string());
    }
}

TEST(Uuid, EqualUuidsHashEqual)
{
    ovs::Uuid a = ovs::Uuid::generate();
    ovs::Uuid b = ovs::Uuid::parse(a.to_string());
    EXPECT_EQ(a.hash(), b.hash());
    EXPECT_EQ(std::hash<ovs::Uuid>()(a), std::hash<ovs::Uuid>()(b));
    EXPECT_EQ(uuid_hash(&a.get()), a.hash());
}

TEST(Uuid, WorksAsAnUnorderedSetKey)
{
    std::unordered_set<ovs::Uuid> set;
    ovs::Uuid a = ovs::Uuid::generate();
    set.insert(a);
    set.insert(ovs::Uuid::parse(a.to_string()));
    set.insert(VALUE);
    EXPECT_EQ(2u, set.size());
    EXPECT_EQ(1u, set.count(VALUE));
}

TEST(Uuid, FirstWordIsTheFirst32Bits)
{
    ovs::Uuid u = ovs::Uuid::parse("deadbeef-0000-0000-0000-000000000001");
    EXPECT_EQ(0xdeadbeefu, u.first_word());
    ovs::Uuid raw(u.get());
    EXPECT_EQ(u, raw);
}
