#include <config.h>

#include "lib/bitmap-owner.h"

#include <optional>
#include <type_traits>
#include <utility>

#include <gtest/gtest.h>

/* One owner per bitmap. */
static_assert(!std::is_copy_constructible_v<ovs::Bitmap>);
static_assert(!std::is_copy_assignable_v<ovs::Bitmap>);

TEST(Bitmap, NewBitmapIsAllZeros)
{
    ovs::Bitmap b(100);
    EXPECT_EQ(100u, b.size());
    EXPECT_EQ(0u, b.count());
    for (size_t i = 0; i < b.size(); i++) {
        EXPECT_FALSE(b.test(i)) << i;
    }
    EXPECT_EQ(std::optional<size_t>(0), b.first_zero());
}

TEST(Bitmap, SetAndResetChangeOnlyThatBit)
{
    ovs::Bitmap b(130);
    b.set(0);
    b.set(63);
    b.set(64);
    b.set(129);
    EXPECT_TRUE(b.test(0));
    EXPECT_TRUE(b.test(63));
    EXPECT_TRUE(b.test(64));
    EXPECT_TRUE(b.test(129));
    EXPECT_FALSE(b.test(1));
    EXPECT_FALSE(b.test(62));
    EXPECT_FALSE(b.test(65));
    EXPECT_FALSE(b.test(128));
    EXPECT_EQ(4u, b.count());

    b.reset(63);
    EXPECT_FALSE(b.test(63));
    EXPECT_TRUE(b.test(64));
    EXPECT_EQ(3u, b.count());

    b.set(64, false);
    EXPECT_FALSE(b.test(64));
    EXPECT_EQ(2u, b.count());
}

TEST(Bitmap, SettingASetBitOrResettingAClearBitChangesNothing)
{
    ovs::Bitmap b(10);
    b.set(3);
    b.set(3);
    EXPECT_EQ(1u, b.count());
    b.reset(4);
    EXPECT_EQ(1u, b.count());
    EXPECT_TRUE(b.test(3));
}

TEST(Bitmap, FirstZeroIsTheLowestClearBit)
{
    ovs::Bitmap b(200);
    for (size_t i = 0; i < 70; i++) {
        b.set(i);
    }
    /* Crosses a word boundary to find it. */
    EXPECT_EQ(std::optional<size_t>(70), b.first_zero());
    b.reset(5);
    EXPECT_EQ(std::optional<size_t>(5), b.first_zero());
}

TEST(Bitmap, FirstZeroStartsLookingAtStart)
{
    ovs::Bitmap b(200);
    b.set(10);
    b.set(11);
    EXPECT_EQ(std::optional<size_t>(12), b.first_zero(10));
    EXPECT_EQ(std::optional<size_t>(9), b.first_zero(9));
    EXPECT_EQ(std::optional<size_t>(199), b.first_zero(199));
}

TEST(Bitmap, FirstZeroOfAFullBitmapIsNothing)
{
    /* 70 bits: the unused high bits of the second word are zero in memory
     * but are not part of the bitmap, so they must not be reported. */
    ovs::Bitmap b(70);
    for (size_t i = 0; i < 70; i++) {
        b.set(i);
    }
    EXPECT_EQ(70u, b.count());
    EXPECT_EQ(std::nullopt, b.first_zero());
    EXPECT_EQ(std::nullopt, b.first_zero(69));
}

TEST(Bitmap, FirstZeroAtOrPastTheEndIsNothing)
{
    ovs::Bitmap b(64);
    EXPECT_EQ(std::nullopt, b.first_zero(64));
    EXPECT_EQ(std::nullopt, b.first_zero(1000));
}

TEST(Bitmap, HandsOutTheLowestFreeIdLikeAnAllocator)
{
    /* The use this class exists for: allocate the lowest free ID, free
     * one, and get it back next. */
    ovs::Bitmap ids(8);
    for (size_t expected = 0; expected < 8; expected++) {
        std::optional<size_t> id = ids.first_zero();
        ASSERT_EQ(std::optional<size_t>(expected), id);
        ids.set(*id);
    }
    EXPECT_EQ(std::nullopt, ids.first_zero());
    ids.reset(3);
    EXPECT_EQ(std::optional<size_t>(3), ids.first_zero());
}

TEST(Bitmap, EmptyBitmapHasNoBits)
{
    ovs::Bitmap b(0);
    EXPECT_EQ(0u, b.size());
    EXPECT_EQ(0u, b.count());
    EXPECT_EQ(std::nullopt, b.first_zero());
}

TEST(Bitmap, MoveTransfersTheBits)
{
    ovs::Bitmap source(100);
    source.set(42);
    ovs::Bitmap target(std::move(source));
    EXPECT_EQ(100u, target.size());
    EXPECT_TRUE(target.test(42));
    EXPECT_EQ(1u, target.count());

    ovs::Bitmap assigned(5);
    assigned = std::move(target);
    EXPECT_EQ(100u, assigned.size());
    EXPECT_TRUE(assigned.test(42));
}

TEST(Bitmap, MovedFromIsEmpty)
{
    /* A moved-from bitmap must not claim bits it no longer has: count()
     * and first_zero() would read through a null pointer. */
    ovs::Bitmap source(100);
    source.set(1);
    ovs::Bitmap target(std::move(source));
    EXPECT_EQ(0u, source.size());
    EXPECT_EQ(0u, source.count());
    EXPECT_EQ(std::nullopt, source.first_zero());

    ovs::Bitmap assigned(10);
    assigned = std::move(target);
    EXPECT_EQ(0u, target.size());
    EXPECT_EQ(0u, target.count());
}
