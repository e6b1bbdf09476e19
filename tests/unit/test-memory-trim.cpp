/* MemoryTrimmer (ovn/controller/memory-trim.h): when it trims, counted
 * with n_trims(); the trims themselves are real malloc_trim() calls. */
#include <config.h>

#include <gtest/gtest.h>

#include "ovn/controller/memory-trim.h"

namespace {

using ovn::MemoryTrimmer;

TEST(MemoryTrimmer, TrimsOnceIdleForTheTimeoutAfterActivity)
{
    MemoryTrimmer t;
    t.set_timeout(1000);
    EXPECT_FALSE(t.run(5000));
    t.record_activity(10000);
    EXPECT_FALSE(t.run(10999));
    EXPECT_TRUE(t.run(11000));
    EXPECT_FALSE(t.run(20000));
    EXPECT_EQ(t.n_trims(), 1u);
}

TEST(MemoryTrimmer, LargeComputationTrimsOnceItsFlowsAreAcknowledged)
{
    MemoryTrimmer t;
    t.set_timeout(30000);
    t.record_activity(1000);
    t.record_computation(MemoryTrimmer::LARGE_MSEC, 7);
    EXPECT_FALSE(t.run(1001, 6));
    EXPECT_TRUE(t.run(1002, 7));
    /* Done: neither the acknowledgement nor the timeout trims again. */
    EXPECT_FALSE(t.run(1003, 8));
    EXPECT_FALSE(t.run(40000, 8));
    EXPECT_EQ(t.n_trims(), 1u);
}

TEST(MemoryTrimmer, SmallComputationWaitsForTheTimeout)
{
    MemoryTrimmer t;
    t.set_timeout(30000);
    t.record_activity(1000);
    t.record_computation(MemoryTrimmer::LARGE_MSEC - 1, 7);
    EXPECT_FALSE(t.run(1001, 7));
    EXPECT_TRUE(t.run(31000, 7));
}

TEST(MemoryTrimmer, DisabledNeverTrimsByItself)
{
    MemoryTrimmer t;
    t.set_timeout(0);
    t.record_activity(1000);
    t.record_computation(10 * MemoryTrimmer::LARGE_MSEC, 7);
    EXPECT_FALSE(t.run(1000000, 7));
    /* Disabling forgets a large computation not yet acknowledged. */
    t.set_timeout(30000);
    t.record_computation(10 * MemoryTrimmer::LARGE_MSEC, 9);
    t.set_timeout(0);
    EXPECT_FALSE(t.run(2000000, 9));
    EXPECT_EQ(t.n_trims(), 0u);
}

}  // namespace
