/* Unit tests of pinctrl-log: the lines ACLs with "log" write, against
 * those Debian's ovn-controller 23.03 wrote for the same packets on
 * topology tests/parity/acl-log.sh (tests/pinctrl/debian/acl-log-lines).
 * The flow text is ovs-ofctl's, made by the caller. */
#include <config.h>

#include <gtest/gtest.h>

#include "ovn/controller/pinctrl-log.h"
#include "ovn/lib/logical-fields.h"

namespace ovn {
namespace {

const char TCP_FLOW[] =
    "tcp,vlan_tci=0x0000,dl_src=50:54:00:00:00:01,dl_dst=50:54:00:00:00:02,"
    "nw_src=10.0.0.1,nw_dst=10.0.0.2,nw_tos=0,nw_ecn=0,nw_ttl=64,"
    "nw_frag=no,tp_src=40000,tp_dst=80,tcp_flags=syn";

std::string
payload(uint8_t verdict, uint8_t severity, std::string_view name)
{
    return std::string(1, static_cast<char>(verdict))
           + static_cast<char>(severity) + std::string(name);
}

TEST(PinctrlLog, NamedAllowFromLportAsDebian)
{
    std::string line;
    ASSERT_TRUE(acl_log_line(payload(0, 6, "web"),
                             acl_log_direction(OFTABLE_LOG_INGRESS_PIPELINE
                                               + 9), TCP_FLOW, &line));
    EXPECT_EQ(std::string("name=\"web\", verdict=allow, severity=info, "
                          "direction=from-lport: ") + TCP_FLOW, line);
}

TEST(PinctrlLog, UnnamedDropToLportAsDebian)
{
    std::string line;
    ASSERT_TRUE(acl_log_line(payload(1, 4, ""),
                             acl_log_direction(OFTABLE_LOG_EGRESS_PIPELINE
                                               + 4), "udp", &line));
    EXPECT_EQ("name=\"<unnamed>\", verdict=drop, severity=warning, "
              "direction=to-lport: udp", line);
}

TEST(PinctrlLog, EveryVerdictAndSeverity)
{
    const char *verdicts[] = { "allow", "drop", "reject", "<unknown>" };
    for (uint8_t v = 0; v < 4; v++) {
        std::string line;
        ASSERT_TRUE(acl_log_line(payload(v, 6, "a"), "to-lport", "ip",
                                 &line));
        EXPECT_NE(std::string::npos,
                  line.find(std::string("verdict=") + verdicts[v] + ","))
            << line;
    }
    struct { uint8_t level; const char *name; } severities[] = {
        { 1, "alert" }, { 4, "warning" }, { 5, "notice" }, { 6, "info" },
        { 7, "debug" }, { 3, "<unknown>" }, { 200, "<unknown>" },
    };
    for (const auto &s : severities) {
        std::string line;
        ASSERT_TRUE(acl_log_line(payload(0, s.level, "a"), "to-lport", "ip",
                                 &line));
        EXPECT_NE(std::string::npos,
                  line.find(std::string("severity=") + s.name + ","))
            << line;
    }
}

TEST(PinctrlLog, NameIsAJsonString)
{
    std::string line;
    ASSERT_TRUE(acl_log_line(payload(0, 6, "x\"y"), "to-lport", "ip",
                             &line));
    EXPECT_EQ(0u, line.find("name=\"x\\\"y\", "));
}

TEST(PinctrlLog, PayloadWithoutVerdictAndSeverityIsRefused)
{
    std::string line = "untouched";
    EXPECT_FALSE(acl_log_line("", "to-lport", "ip", &line));
    EXPECT_FALSE(acl_log_line("\x01", "to-lport", "ip", &line));
    EXPECT_EQ("untouched", line);
}

TEST(PinctrlLog, DirectionFollowsThePipeline)
{
    EXPECT_STREQ("from-lport", acl_log_direction(8));
    EXPECT_STREQ("from-lport", acl_log_direction(36));
    EXPECT_STREQ("to-lport", acl_log_direction(42));
    EXPECT_STREQ("to-lport", acl_log_direction(63));
}

}  // namespace
}  // namespace ovn
