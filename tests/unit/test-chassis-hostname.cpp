/* SystemHostname (ovn/controller/chassis-hostname.h): how often the
 * system is asked, counted by a reader of the test's own. */
#include <config.h>

#include <gtest/gtest.h>

#include "ovn/controller/chassis-hostname.h"

namespace {

using ovn::SystemHostname;

struct CountingReader {
    std::string name = "host1";
    int n = 0;
};

SystemHostname
counting(CountingReader &r)
{
    return SystemHostname([&r] {
        r.n++;
        return r.name;
    });
}

TEST(SystemHostname, IterationsWithinASecondAskTheSystemOnce)
{
    CountingReader r;
    SystemHostname h = counting(r);
    for (long long now = 5000; now < 5000 + SystemHostname::REFRESH_MSEC;
         now += 50) {
        EXPECT_EQ(h.get(now), "host1");
    }
    EXPECT_EQ(r.n, 1);
    EXPECT_EQ(h.n_reads(), 1u);
}

TEST(SystemHostname, ARenameIsSeenASecondAfterTheLastRead)
{
    CountingReader r;
    SystemHostname h = counting(r);
    EXPECT_EQ(h.get(1000), "host1");
    r.name = "host2";
    EXPECT_EQ(h.get(1999), "host1");
    EXPECT_EQ(h.get(2000), "host2");
    EXPECT_EQ(r.n, 2);
}

TEST(SystemHostname, InvalidateAsksAgainAtOnce)
{
    CountingReader r;
    SystemHostname h = counting(r);
    EXPECT_EQ(h.get(1000), "host1");
    r.name = "host2";
    h.invalidate();
    EXPECT_EQ(h.get(1001), "host2");
    EXPECT_EQ(h.get(1002), "host2");
    EXPECT_EQ(r.n, 2);
}

TEST(SystemHostname, AClockGoingBackAsksAgain)
{
    CountingReader r;
    SystemHostname h = counting(r);
    h.get(5000);
    h.get(4000);
    EXPECT_EQ(r.n, 2);
}

TEST(SystemHostname, TheSystemsNameIsNotEmpty)
{
    EXPECT_FALSE(SystemHostname::read_system_hostname().empty());
}

}  // namespace
