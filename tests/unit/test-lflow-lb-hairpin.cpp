/* ovn/controller/lflow-lb-hairpin: tables 68 to 70 from Load_Balancer
 * rows, as 23.03 computes them (the expected flows are Debian's
 * ovn-controller's, with the LB's cookie as COOKIE), and what a change
 * to one LB or datapath costs. */
#include <config.h>

#include <cstdio>

#include "ovn/controller/lflow-lb-hairpin.h"
#include "tests/unit/lflow-side-test.h"

namespace {

using Flows = std::vector<std::string>;

class LbHairpinTest : public SideFlowTest {
protected:
    ovn::sb::LoadBalancer
    lb(const char *name, const char *proto, std::vector<const char *> vips,
       std::vector<const char *> options,
       std::vector<const sbrec_datapath_binding *> dps,
       const sbrec_logical_dp_group *group = nullptr)
    {
        return ovn::sb::LoadBalancer(sb_fixture_load_balancer(
            txn_.get(), name, proto, vips.data(), vips.size() / 2,
            options.data(), options.size() / 2, dps.data(), dps.size(),
            group));
    }

    /* 'flows' with "COOKIE" replaced by 'lb''s cookie. */
    static Flows
    expect(const ovn::sb::LoadBalancer &l, Flows flows)
    {
        char cookie[16];
        snprintf(cookie, sizeof cookie, "0x%x", l.uuid().first_word());
        for (std::string &f : flows) {
            for (size_t p; (p = f.find("COOKIE")) != std::string::npos;) {
                f.replace(p, 6, cookie);
            }
        }
        std::sort(flows.begin(), flows.end());
        return flows;
    }

    ovn::LbHairpinFlows hairpin_;
};

const char *const ORIG_TUPLE[] = {"hairpin_orig_tuple", "true"};

TEST_F(LbHairpinTest, TcpVipWithTwoBackendsAsDebian)
{
    const ovn::sb::LoadBalancer l = lb(
        "lb0", "tcp", {"10.0.0.100:80", "10.0.0.1:8080,10.0.0.2:8080"},
        {ORIG_TUPLE[0], ORIG_TUPLE[1]}, {sw0_.get()});
    hairpin_.run(input());
    const std::string learn
        = "learn(table=69,delete_learned,cookie=COOKIE,OXM_OF_METADATA[],"
          "eth_type=0x800,NXM_OF_IP_SRC[],ip_dst=10.0.0.100,nw_proto=6,"
          "NXM_OF_TCP_SRC[]=NXM_OF_TCP_DST[],load:0x1->NXM_NX_REG10[7])";
    EXPECT_EQ(flows_of(l.uuid()), expect(l, {
        "table=68, priority=100, ct_mark=0x2/0x2,tcp,reg1=0xa000064,"
        "reg2=0x50/0xffff,nw_src=10.0.0.1,nw_dst=10.0.0.1,tp_dst=8080 "
        "actions=set_field:0x80/0x80->reg10," + learn,
        "table=68, priority=100, ct_mark=0x2/0x2,tcp,reg1=0xa000064,"
        "reg2=0x50/0xffff,nw_src=10.0.0.2,nw_dst=10.0.0.2,tp_dst=8080 "
        "actions=set_field:0x80/0x80->reg10," + learn,
        "table=70, priority=100, tcp,reg1=0xa000064,reg2=0x50/0xffff "
        "actions=ct(commit,zone=NXM_NX_REG12[0..15],nat(src=10.0.0.100))",
    }));
}

TEST_F(LbHairpinTest, VipWithoutPortAsDebian)
{
    const ovn::sb::LoadBalancer l = lb(
        "lb2", nullptr, {"10.0.0.200", "10.0.0.3"},
        {ORIG_TUPLE[0], ORIG_TUPLE[1]}, {sw0_.get()});
    hairpin_.run(input());
    EXPECT_EQ(flows_of(l.uuid()), expect(l, {
        "table=68, priority=100, ct_mark=0x2/0x2,ip,reg1=0xa0000c8,"
        "nw_src=10.0.0.3,nw_dst=10.0.0.3 actions=set_field:0x80/0x80->reg10,"
        "learn(table=69,delete_learned,cookie=COOKIE,OXM_OF_METADATA[],"
        "eth_type=0x800,NXM_OF_IP_SRC[],ip_dst=10.0.0.200,"
        "NXM_OF_IP_PROTO[],load:0x1->NXM_NX_REG10[7])",
        "table=70, priority=90, ip,reg1=0xa0000c8 "
        "actions=ct(commit,zone=NXM_NX_REG12[0..15],nat(src=10.0.0.200))",
    }));
}

TEST_F(LbHairpinTest, UdpIpv6VipAsDebian)
{
    const ovn::sb::LoadBalancer l = lb(
        "lb1", "udp", {"[fd00::100]:80", "[fd00::1]:8080"},
        {ORIG_TUPLE[0], ORIG_TUPLE[1]}, {sw0_.get()});
    hairpin_.run(input());
    EXPECT_EQ(flows_of(l.uuid()), expect(l, {
        "table=68, priority=100, ct_mark=0x2/0x2,udp6,reg2=0x50/0xffff,"
        "reg4=0xfd000000,reg5=0,reg6=0,reg7=0x100,ipv6_src=fd00::1,"
        "ipv6_dst=fd00::1,tp_dst=8080 actions=set_field:0x80/0x80->reg10,"
        "learn(table=69,delete_learned,cookie=COOKIE,OXM_OF_METADATA[],"
        "eth_type=0x86dd,NXM_NX_IPV6_SRC[],ipv6_dst=fd00::100,nw_proto=17,"
        "NXM_OF_UDP_SRC[]=NXM_OF_UDP_DST[],load:0x1->NXM_NX_REG10[7])",
        "table=70, priority=100, udp6,reg2=0x50/0xffff,reg4=0xfd000000,"
        "reg5=0,reg6=0,reg7=0x100 "
        "actions=ct(commit,zone=NXM_NX_REG12[0..15],nat(src=fd00::100))",
    }));
}

TEST_F(LbHairpinTest, HairpinSnatIpPerLocalDatapathAsDebian)
{
    const ovn::sb::LoadBalancer l = lb(
        "lb0", "tcp", {"10.0.0.100:80", "10.0.0.1:8080"},
        {"hairpin_orig_tuple", "true",
         "hairpin_snat_ip", "10.0.0.250 fd00::250"},
        {sw0_.get(), sw1_.get()});
    hairpin_.run(input());
    EXPECT_EQ(flows_of(l.uuid()), expect(l, {
        "table=68, priority=100, ct_mark=0x2/0x2,tcp,reg1=0xa000064,"
        "reg2=0x50/0xffff,nw_src=10.0.0.1,nw_dst=10.0.0.1,tp_dst=8080 "
        "actions=set_field:0x80/0x80->reg10,"
        "learn(table=69,delete_learned,cookie=COOKIE,OXM_OF_METADATA[],"
        "eth_type=0x800,NXM_OF_IP_SRC[],ip_dst=10.0.0.250,nw_proto=6,"
        "NXM_OF_TCP_SRC[]=NXM_OF_TCP_DST[],load:0x1->NXM_NX_REG10[7])",
        /* sw1 is not local: no flow for it. */
        "table=70, priority=200, tcp,reg1=0xa000064,reg2=0x50/0xffff,"
        "metadata=0x1 "
        "actions=ct(commit,zone=NXM_NX_REG12[0..15],nat(src=10.0.0.250))",
    }));
}

TEST_F(LbHairpinTest, WithoutOrigTupleOrCtMarkAsDebian)
{
    use_ct_mark_ = false;
    const ovn::sb::LoadBalancer l = lb(
        "lb0", "tcp", {"10.0.0.100:80", "10.0.0.1:8080"}, {}, {sw0_.get()});
    hairpin_.run(input());
    EXPECT_EQ(flows_of(l.uuid()), expect(l, {
        "table=68, priority=100, ct_state=+trk+dnat,ct_label=0x2/0x2,"
        "ct_nw_dst=10.0.0.100,ct_nw_proto=6,ct_tp_dst=80,tcp,"
        "nw_src=10.0.0.1,nw_dst=10.0.0.1,tp_dst=8080 "
        "actions=set_field:0x80/0x80->reg10,"
        "learn(table=69,delete_learned,cookie=COOKIE,OXM_OF_METADATA[],"
        "eth_type=0x800,NXM_OF_IP_SRC[],ip_dst=10.0.0.100,nw_proto=6,"
        "NXM_OF_TCP_SRC[]=NXM_OF_TCP_DST[],load:0x1->NXM_NX_REG10[7])",
        "table=70, priority=100, ct_state=+trk+dnat,ct_nw_dst=10.0.0.100,"
        "ct_nw_proto=6,ct_tp_dst=80,tcp "
        "actions=ct(commit,zone=NXM_NX_REG12[0..15],nat(src=10.0.0.100))",
    }));
}

TEST_F(LbHairpinTest, LbOfNoLocalDatapathHasNoFlows)
{
    const ovn::sb::LoadBalancer l = lb(
        "lb0", "tcp", {"10.0.0.100:80", "10.0.0.1:8080"}, {},
        {sw1_.get()});
    hairpin_.run(input());
    EXPECT_TRUE(flows_of(l.uuid()).empty());
}

TEST_F(LbHairpinTest, BadVipOrBackendIsLeftOutTheRestKept)
{
    const ovn::sb::LoadBalancer l = lb(
        "lb0", "tcp",
        {"10.0.0.100:80", "10.0.0.1:8080,nonsense,[fd00::1]:80",
         "10.0.0.300:80", "10.0.0.1:8080",
         "10.0.0.101:99999", "10.0.0.1:8080"},
        {ORIG_TUPLE[0], ORIG_TUPLE[1]}, {sw0_.get()});
    hairpin_.run(input());
    const Flows flows = flows_of(l.uuid());
    /* One backend of the first VIP, and its SNAT. */
    EXPECT_EQ(in_table(flows, 68).size(), 1u);
    EXPECT_EQ(in_table(flows, 70).size(), 1u);
}

TEST_F(LbHairpinTest, ChangedLbReplacesOnlyItsFlows)
{
    const ovn::sb::LoadBalancer other = lb(
        "lb2", nullptr, {"10.0.0.200", "10.0.0.3"}, {}, {sw0_.get()});
    const ovn::sb::LoadBalancer l = lb(
        "lb0", "tcp", {"10.0.0.100:80", "10.0.0.1:8080"}, {},
        {sw0_.get()});
    hairpin_.run(input());
    const Flows other_flows = flows_of(other.uuid());

    const char *vips[] = {"10.0.0.100:80", "10.0.0.1:8080,10.0.0.2:8080"};
    sb_fixture_load_balancer_set_vips(l.get(), vips, 1);
    hairpin_.handle_load_balancer(input(), l.uuid());
    EXPECT_EQ(in_table(flows_of(l.uuid()), 68).size(), 2u);
    EXPECT_EQ(flows_of(other.uuid()), other_flows);
}

TEST_F(LbHairpinTest, DatapathBecomingLocalThroughAGroup)
{
    const sbrec_datapath_binding *dps[] = {sw1_.get()};
    const sbrec_logical_dp_group *group
        = sb_fixture_dp_group(txn_.get(), dps, 1);
    const ovn::sb::LoadBalancer l = lb(
        "lb0", "tcp", {"10.0.0.100:80", "10.0.0.1:8080"}, {}, {}, group);
    hairpin_.run(input());
    EXPECT_TRUE(flows_of(l.uuid()).empty());

    /* lp3 bound here makes sw1 local. */
    ovs_fixture_vif(ovs_txn_.get(), br_, "vif3", "lp3", 7);
    bind();
    hairpin_.handle_datapath(input(), sw1_.uuid());
    EXPECT_EQ(flows_of(l.uuid()).size(), 2u);
}

}  // namespace
