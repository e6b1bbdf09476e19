/* ovn/controller/lflow-port-sec: tables 73 to 75 from the port_security
 * of the ports bound here.  The expected flows are what Debian's
 * ovn-controller 23.03 installs for the same entries (on its port key and
 * datapath), as ovs-ofctl dumps them. */
#include <config.h>

#include <sstream>

#include "ovn/controller/lflow-port-sec.h"
#include "tests/unit/lflow-side-test.h"

namespace {

using Flows = std::vector<std::string>;

/* Debian's ovn-controller 23.03 for port_security "00:00:00:00:00:03". */
const char MAC_ONLY_FLOWS[] = R"(
table=73, priority=80,reg14=0x1,\
metadata=0x1 actions=set_field:0x1000/0x1000->reg10
table=73, priority=90,reg14=0x1,metadata=0x1,\
dl_src=00:00:00:00:00:03 actions=resubmit(,74)
table=73, priority=95,arp,reg14=0x1,metadata=0x1 actions=resubmit(,74)
table=74, priority=80,arp,reg14=0x1,\
metadata=0x1 actions=set_field:0x1000/0x1000->reg10
table=74, priority=80,icmp6,reg14=0x1,metadata=0x1,nw_ttl=255,\
icmp_type=135 actions=set_field:0/0x1000->reg10
table=74, priority=80,icmp6,reg14=0x1,metadata=0x1,nw_ttl=255,\
icmp_type=136 actions=set_field:0x1000/0x1000->reg10
table=74, priority=90,arp,reg14=0x1,metadata=0x1,dl_src=00:00:00:00:00:03,\
arp_sha=00:00:00:00:00:03 actions=set_field:0/0x1000->reg10
table=74, priority=90,icmp6,reg14=0x1,metadata=0x1,nw_ttl=225,icmp_type=135,\
icmp_code=0,nd_sll=00:00:00:00:00:00 actions=set_field:0/0x1000->reg10
table=74, priority=90,icmp6,reg14=0x1,metadata=0x1,nw_ttl=225,icmp_type=135,\
icmp_code=0,nd_sll=00:00:00:00:00:03 actions=set_field:0/0x1000->reg10
table=74, priority=90,icmp6,reg14=0x1,metadata=0x1,nw_ttl=225,icmp_type=136,\
icmp_code=0,nd_tll=00:00:00:00:00:00 actions=set_field:0/0x1000->reg10
table=74, priority=90,icmp6,reg14=0x1,metadata=0x1,nw_ttl=225,icmp_type=136,\
icmp_code=0,nd_tll=00:00:00:00:00:03 actions=set_field:0/0x1000->reg10
table=75, priority=80,reg15=0x1,\
metadata=0x1 actions=set_field:0x1000/0x1000->reg10
table=75, priority=85,reg15=0x1,metadata=0x1,\
dl_dst=00:00:00:00:00:03 actions=set_field:0/0x1000->reg10
)";

/* Debian's ovn-controller 23.03 for port_security
 * "00:00:00:00:00:04 10.0.0.4/24 10.1.0.4". */
const char IPV4_FLOWS[] = R"(
table=73, priority=80,reg14=0x1,\
metadata=0x1 actions=set_field:0x1000/0x1000->reg10
table=73, priority=90,ip,reg14=0x1,metadata=0x1,dl_src=00:00:00:00:00:04,\
nw_src=10.0.0.4 actions=set_field:0/0x1000->reg10
table=73, priority=90,ip,reg14=0x1,metadata=0x1,dl_src=00:00:00:00:00:04,\
nw_src=10.1.0.4 actions=set_field:0/0x1000->reg10
table=73, priority=90,udp,reg14=0x1,metadata=0x1,dl_src=00:00:00:00:00:04,\
nw_src=0.0.0.0,nw_dst=255.255.255.255,tp_src=68,\
tp_dst=67 actions=set_field:0/0x1000->reg10
table=73, priority=95,arp,reg14=0x1,metadata=0x1 actions=resubmit(,74)
table=74, priority=80,arp,reg14=0x1,\
metadata=0x1 actions=set_field:0x1000/0x1000->reg10
table=74, priority=80,icmp6,reg14=0x1,metadata=0x1,nw_ttl=255,\
icmp_type=135 actions=set_field:0/0x1000->reg10
table=74, priority=80,icmp6,reg14=0x1,metadata=0x1,nw_ttl=255,\
icmp_type=136 actions=set_field:0x1000/0x1000->reg10
table=74, priority=90,arp,reg14=0x1,metadata=0x1,dl_src=00:00:00:00:00:04,\
arp_spa=10.0.0.4,arp_sha=00:00:00:00:00:04 actions=set_field:0/0x1000->reg10
table=74, priority=90,arp,reg14=0x1,metadata=0x1,dl_src=00:00:00:00:00:04,\
arp_spa=10.1.0.4,arp_sha=00:00:00:00:00:04 actions=set_field:0/0x1000->reg10
table=74, priority=90,icmp6,reg14=0x1,metadata=0x1,nw_ttl=225,icmp_type=135,\
icmp_code=0,nd_sll=00:00:00:00:00:00 actions=set_field:0/0x1000->reg10
table=74, priority=90,icmp6,reg14=0x1,metadata=0x1,nw_ttl=225,icmp_type=135,\
icmp_code=0,nd_sll=00:00:00:00:00:04 actions=set_field:0/0x1000->reg10
table=74, priority=90,icmp6,reg14=0x1,metadata=0x1,nw_ttl=225,icmp_type=136,\
icmp_code=0,nd_tll=00:00:00:00:00:00 actions=set_field:0/0x1000->reg10
table=74, priority=90,icmp6,reg14=0x1,metadata=0x1,nw_ttl=225,icmp_type=136,\
icmp_code=0,nd_tll=00:00:00:00:00:04 actions=set_field:0/0x1000->reg10
table=75, priority=80,reg15=0x1,\
metadata=0x1 actions=set_field:0x1000/0x1000->reg10
table=75, priority=85,reg15=0x1,metadata=0x1,\
dl_dst=00:00:00:00:00:04 actions=set_field:0/0x1000->reg10
table=75, priority=90,ip,reg15=0x1,metadata=0x1,\
dl_dst=00:00:00:00:00:04 actions=set_field:0x1000/0x1000->reg10
table=75, priority=90,ipv6,reg15=0x1,metadata=0x1,\
dl_dst=00:00:00:00:00:04 actions=set_field:0x1000/0x1000->reg10
table=75, priority=95,ip,reg15=0x1,metadata=0x1,dl_dst=00:00:00:00:00:04,\
nw_dst=10.0.0.255 actions=set_field:0/0x1000->reg10
table=75, priority=95,ip,reg15=0x1,metadata=0x1,dl_dst=00:00:00:00:00:04,\
nw_dst=10.0.0.4 actions=set_field:0/0x1000->reg10
table=75, priority=95,ip,reg15=0x1,metadata=0x1,dl_dst=00:00:00:00:00:04,\
nw_dst=10.1.0.4 actions=set_field:0/0x1000->reg10
table=75, priority=95,ip,reg15=0x1,metadata=0x1,dl_dst=00:00:00:00:00:04,\
nw_dst=224.0.0.0/4 actions=set_field:0/0x1000->reg10
table=75, priority=95,ip,reg15=0x1,metadata=0x1,dl_dst=00:00:00:00:00:04,\
nw_dst=255.255.255.255 actions=set_field:0/0x1000->reg10
)";

/* Debian's ovn-controller 23.03 for port_security
 * "00:00:00:00:00:05 fd00::5/64". */
const char IPV6_FLOWS[] = R"(
table=73, priority=80,reg14=0x1,\
metadata=0x1 actions=set_field:0x1000/0x1000->reg10
table=73, priority=90,icmp6,reg14=0x1,metadata=0x1,dl_src=00:00:00:00:00:05,\
ipv6_src=::,ipv6_dst=ff02::/16,icmp_type=131,\
icmp_code=0 actions=set_field:0/0x1000->reg10
table=73, priority=90,icmp6,reg14=0x1,metadata=0x1,dl_src=00:00:00:00:00:05,\
ipv6_src=::,ipv6_dst=ff02::/16,icmp_type=135,icmp_code=0 actions=resubmit(,74)
table=73, priority=90,icmp6,reg14=0x1,metadata=0x1,dl_src=00:00:00:00:00:05,\
ipv6_src=::,ipv6_dst=ff02::/16,icmp_type=143,\
icmp_code=0 actions=set_field:0/0x1000->reg10
table=73, priority=90,ipv6,reg14=0x1,metadata=0x1,dl_src=00:00:00:00:00:05,\
ipv6_src=fd00::5 actions=resubmit(,74)
table=73, priority=90,ipv6,reg14=0x1,metadata=0x1,dl_src=00:00:00:00:00:05,\
ipv6_src=fe80::200:ff:fe00:5 actions=resubmit(,74)
table=73, priority=95,arp,reg14=0x1,metadata=0x1 actions=resubmit(,74)
table=74, priority=80,arp,reg14=0x1,\
metadata=0x1 actions=set_field:0x1000/0x1000->reg10
table=74, priority=80,icmp6,reg14=0x1,metadata=0x1,nw_ttl=255,\
icmp_type=135 actions=set_field:0/0x1000->reg10
table=74, priority=80,icmp6,reg14=0x1,metadata=0x1,nw_ttl=255,\
icmp_type=136 actions=set_field:0x1000/0x1000->reg10
table=74, priority=90,icmp6,reg14=0x1,metadata=0x1,dl_src=00:00:00:00:00:05,\
icmp_type=136,icmp_code=0,nd_target=fd00::5,\
nd_tll=00:00:00:00:00:00 actions=set_field:0/0x1000->reg10
table=74, priority=90,icmp6,reg14=0x1,metadata=0x1,dl_src=00:00:00:00:00:05,\
icmp_type=136,icmp_code=0,nd_target=fd00::5,\
nd_tll=00:00:00:00:00:05 actions=set_field:0/0x1000->reg10
table=74, priority=90,icmp6,reg14=0x1,metadata=0x1,nw_ttl=225,icmp_type=135,\
icmp_code=0,nd_sll=00:00:00:00:00:00 actions=set_field:0/0x1000->reg10
table=74, priority=90,icmp6,reg14=0x1,metadata=0x1,nw_ttl=225,icmp_type=135,\
icmp_code=0,nd_sll=00:00:00:00:00:05 actions=set_field:0/0x1000->reg10
table=74, priority=90,icmp6,reg14=0x1,metadata=0x1,nw_ttl=225,icmp_type=136,\
icmp_code=0,nd_target=fe80::200:ff:fe00:5,\
nd_tll=00:00:00:00:00:00 actions=set_field:0/0x1000->reg10
table=74, priority=90,icmp6,reg14=0x1,metadata=0x1,nw_ttl=225,icmp_type=136,\
icmp_code=0,nd_target=fe80::200:ff:fe00:5,\
nd_tll=00:00:00:00:00:05 actions=set_field:0/0x1000->reg10
table=75, priority=80,reg15=0x1,\
metadata=0x1 actions=set_field:0x1000/0x1000->reg10
table=75, priority=85,reg15=0x1,metadata=0x1,\
dl_dst=00:00:00:00:00:05 actions=set_field:0/0x1000->reg10
table=75, priority=90,ip,reg15=0x1,metadata=0x1,\
dl_dst=00:00:00:00:00:05 actions=set_field:0x1000/0x1000->reg10
table=75, priority=90,ipv6,reg15=0x1,metadata=0x1,\
dl_dst=00:00:00:00:00:05 actions=set_field:0x1000/0x1000->reg10
table=75, priority=95,ipv6,reg15=0x1,metadata=0x1,dl_dst=00:00:00:00:00:05,\
ipv6_dst=fd00::5 actions=set_field:0/0x1000->reg10
table=75, priority=95,ipv6,reg15=0x1,metadata=0x1,dl_dst=00:00:00:00:00:05,\
ipv6_dst=fe80::200:ff:fe00:5 actions=set_field:0/0x1000->reg10
table=75, priority=95,ipv6,reg15=0x1,metadata=0x1,dl_dst=00:00:00:00:00:05,\
ipv6_dst=ff00::/8 actions=set_field:0/0x1000->reg10
)";

/* 'text' (ovs-ofctl's "table=T, priority=P,MATCH actions=A", a line
 * ending in '\' continued on the next) as ofctrl's dump shows flows:
 * "table=T, priority=P, MATCH actions=A", sorted. */
Flows
parse_flows(const char *text)
{
    Flows flows;
    std::istringstream in(text);
    std::string line, flow;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\\') {
            flow += line.substr(0, line.size() - 1);
            continue;
        }
        flow += line;
        if (!flow.empty()) {
            const size_t comma = flow.find(',', flow.find("priority="));
            flow.insert(comma + 1, " ");
            flows.push_back(flow);
        }
        flow.clear();
    }
    std::sort(flows.begin(), flows.end());
    return flows;
}

class PortSecTest : public SideFlowTest {
protected:
    void
    set_port_security(ovn::sb::PortBinding pb,
                      std::vector<const char *> entries)
    {
        sb_fixture_port_set_port_security(pb.get(), entries.data(),
                                          entries.size());
    }

    ovn::PortSecFlows port_sec_;
};

TEST_F(PortSecTest, MacOnlyAsDebian)
{
    set_port_security(lp1_, {"00:00:00:00:00:03"});
    port_sec_.run(input());
    EXPECT_EQ(flows_of(lp1_.uuid()), parse_flows(MAC_ONLY_FLOWS));
}

TEST_F(PortSecTest, Ipv4HostsAndSubnetsAsDebian)
{
    set_port_security(lp1_, {"00:00:00:00:00:04 10.0.0.4/24 10.1.0.4"});
    port_sec_.run(input());
    EXPECT_EQ(flows_of(lp1_.uuid()), parse_flows(IPV4_FLOWS));
}

TEST_F(PortSecTest, Ipv6AsDebianWithItsNdTtlQuirk)
{
    set_port_security(lp1_, {"00:00:00:00:00:05 fd00::5/64"});
    port_sec_.run(input());
    const Flows flows = flows_of(lp1_.uuid());
    EXPECT_EQ(flows, parse_flows(IPV6_FLOWS));
    EXPECT_TRUE(std::any_of(flows.begin(), flows.end(),
                            [](const std::string &f) {
                                return f.find("nw_ttl=225")
                                       != std::string::npos;
                            }));
}

TEST_F(PortSecTest, SubnetWithZeroHostPartMatchesMaskedNoBroadcast)
{
    set_port_security(lp1_, {"00:00:00:00:00:0a 10.2.0.0/24 fd01::/64"});
    port_sec_.run(input());
    const Flows flows = flows_of(lp1_.uuid());
    for (const char *s : {"nw_src=10.2.0.0/24", "arp_spa=10.2.0.0/24",
                          "nw_dst=10.2.0.0/24", "ipv6_src=fd01::/64",
                          "nd_target=fd01::/64", "ipv6_dst=fd01::/64"}) {
        EXPECT_TRUE(std::any_of(flows.begin(), flows.end(),
                                [s](const std::string &f) {
                                    return f.find(s) != std::string::npos;
                                }))
            << s;
    }
    EXPECT_FALSE(std::any_of(flows.begin(), flows.end(),
                             [](const std::string &f) {
                                 return f.find("10.2.0.255")
                                        != std::string::npos;
                             }));
}

TEST_F(PortSecTest, EntriesAddUpPortFlowsOnce)
{
    set_port_security(lp1_, {"00:00:00:00:00:03"});
    port_sec_.run(input());
    const Flows one = flows_of(lp1_.uuid());
    set_port_security(lp1_, {"00:00:00:00:00:03", "00:00:00:00:00:04"});
    port_sec_.handle_port(input(), lp1_.uuid());
    const Flows two = flows_of(lp1_.uuid());
    /* The second MAC brings its own 73, 74 and 75 flows (8 but the
     * zero-address ND ones, which the first already has). */
    EXPECT_EQ(two.size(), one.size() + 5);
    EXPECT_EQ(in_table(two, 73).size(), in_table(one, 73).size() + 1);
}

TEST_F(PortSecTest, OnlyPortsBoundHereWithPortSecurity)
{
    set_port_security(lp3_, {"00:00:00:00:00:03"});
    port_sec_.run(input());
    EXPECT_TRUE(flows_of(lp3_.uuid()).empty());
    EXPECT_TRUE(flows_of(lp1_.uuid()).empty());
    EXPECT_EQ(port_sec_.n_owners(), 0u);
}

TEST_F(PortSecTest, BadMacEntryIsSkippedTheOthersKept)
{
    set_port_security(lp1_, {"xx:yy 10.0.0.7"});
    set_port_security(lp2_, {"00:00:00:00:00:03"});
    port_sec_.run(input());
    EXPECT_TRUE(flows_of(lp1_.uuid()).empty());
    EXPECT_EQ(flows_of(lp2_.uuid()).size(), 13u);

    set_port_security(lp1_, {"xx:yy", "00:00:00:00:00:03"});
    port_sec_.handle_port(input(), lp1_.uuid());
    EXPECT_EQ(flows_of(lp1_.uuid()).size(), 13u);
}

TEST_F(PortSecTest, BadIpKeepsTheAddressesBeforeIt)
{
    set_port_security(lp1_, {"00:00:00:00:00:09 10.0.0.9 zz fd00::9"});
    port_sec_.run(input());
    const Flows flows = flows_of(lp1_.uuid());
    auto has = [&flows](const char *s) {
        return std::any_of(flows.begin(), flows.end(),
                           [s](const std::string &f) {
                               return f.find(s) != std::string::npos;
                           });
    };
    EXPECT_TRUE(has("nw_src=10.0.0.9"));
    EXPECT_FALSE(has("fd00::9"));
}

TEST_F(PortSecTest, ReleasedPortLosesOnlyItsFlows)
{
    set_port_security(lp1_, {"00:00:00:00:00:03"});
    set_port_security(lp2_, {"00:00:00:00:00:04 10.0.0.4"});
    port_sec_.run(input());
    const Flows lp2_flows = flows_of(lp2_.uuid());
    ASSERT_FALSE(lp2_flows.empty());

    ovs_fixture_clear_ports(br_);
    ovs_fixture_vif(ovs_txn_.get(), br_, "vif2", "lp2", 6);
    bind();
    port_sec_.handle_port(input(), lp1_.uuid());
    EXPECT_TRUE(flows_of(lp1_.uuid()).empty());
    EXPECT_EQ(flows_of(lp2_.uuid()), lp2_flows);
    EXPECT_EQ(port_sec_.n_owners(), 1u);
}

}  // namespace
