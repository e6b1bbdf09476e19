/* The fixture of the side flows' tests (tables 66 to 75): an in-memory
 * Southbound and Open_vSwitch database with chassis hv1, switch sw0
 * (key 1) with lp1 and lp2 (keys 1, 2) bound here on vif1 and vif2, and
 * switch sw1 (key 2) with lp3 (key 3), on no chassis; ofctrl's desired
 * flows are what the tests look at. */
#ifndef TESTS_UNIT_LFLOW_SIDE_TEST_H
#define TESTS_UNIT_LFLOW_SIDE_TEST_H 1

#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "lib/c-ptr.h"
#include "lib/shim/ovsdb-idl-shim.h"
#include "lib/shim/vswitch-idl-shim.h"
#include "ovn/controller/binding.h"
#include "ovn/controller/lflow-side.h"
#include "ovn/controller/ofctrl.h"
#include "ovn/lib/sb-rows.h"
#include "ovn/lib/sb-shim.h"
#include "tests/unit/ovs-fixture.h"
#include "tests/unit/sb-fixture-side.h"
#include "tests/unit/sb-fixture.h"

class SideFlowTest : public ::testing::Test {
protected:
    void
    SetUp() override
    {
        ovn::ofctrl_init();
        ovn::sb::Indexes *ix;
        sb_.reset(sb_gen_idl_create("unix:/nonexistent/ovn-cxx/db.sock",
                                    true, &ix));
        ix_.reset(ix);
        txn_.reset(ovs_shim_idl_txn_create(sb_.get()));
        ovs_.reset(ovs_shim_vswitch_idl_create(
                       "unix:/nonexistent/ovn-cxx/db.sock"));
        ovs_txn_.reset(ovs_shim_idl_txn_create(ovs_.get()));

        const char *types[] = {"geneve"};
        hv1_ = ovn::sb::Chassis(sb_shim_chassis_register(
                                    txn_.get(), "hv1", "h1", types, 1,
                                    "10.0.0.1"));
        sw0_ = ovn::sb::DatapathBinding(
            sb_fixture_datapath(txn_.get(), 1, "sw0"));
        sw1_ = ovn::sb::DatapathBinding(
            sb_fixture_datapath(txn_.get(), 2, "sw1"));
        lp1_ = port(sw0_, "lp1", 1);
        lp2_ = port(sw0_, "lp2", 2);
        lp3_ = port(sw1_, "lp3", 3);
        br_ = ovs_fixture_bridge(ovs_txn_.get(), "br-int");
        ovs_fixture_vif(ovs_txn_.get(), br_, "vif1", "lp1", 5);
        ovs_fixture_vif(ovs_txn_.get(), br_, "vif2", "lp2", 6);
        bind();
    }

    void
    TearDown() override
    {
        ovn::ofctrl_destroy();
    }

    ovn::sb::PortBinding
    port(ovn::sb::DatapathBinding dp, const char *name, int64_t key)
    {
        return ovn::sb::PortBinding(sb_fixture_port(
            txn_.get(), dp.get(), name, key, "", nullptr, 0, nullptr));
    }

    void
    bind()
    {
        ASSERT_TRUE(bindings_.run(sb_.get(), ix_.get(), txn_.get(), br_,
                                  hv1_));
    }

    ovn::SideFlowInput
    input() const
    {
        ovn::SideFlowInput in;
        in.sb = sb_.get();
        in.ix = ix_.get();
        in.bindings = &bindings_;
        in.lb_hairpin_use_ct_mark = use_ct_mark_;
        return in;
    }

    /* The desired flows of 'owner', as "table=T, priority=P, MATCH
     * actions=A", sorted. */
    static std::vector<std::string>
    flows_of(const ovs::Uuid &owner)
    {
        std::vector<std::string> flows;
        const std::string tag = " owner=logical:" + owner.to_string();
        for (const std::string &f : ovn::ofctrl_dump_desired()) {
            if (f.size() >= tag.size()
                && !f.compare(f.size() - tag.size(), tag.size(), tag)) {
                flows.push_back(f.substr(0, f.size() - tag.size()));
            }
        }
        std::sort(flows.begin(), flows.end());
        return flows;
    }

    /* Every desired flow, owner included, sorted. */
    static std::vector<std::string>
    all_flows()
    {
        std::vector<std::string> flows = ovn::ofctrl_dump_desired();
        std::sort(flows.begin(), flows.end());
        return flows;
    }

    static std::vector<std::string>
    in_table(const std::vector<std::string> &flows, int table)
    {
        std::vector<std::string> out;
        const std::string prefix = "table=" + std::to_string(table) + ",";
        for (const std::string &f : flows) {
            if (!f.compare(0, prefix.size(), prefix)) {
                out.push_back(f);
            }
        }
        return out;
    }

    ovs::IdlPtr sb_;
    ovn::sb::IndexesPtr ix_;
    ovs::IdlTxnPtr txn_;
    ovs::IdlPtr ovs_;
    ovs::IdlTxnPtr ovs_txn_;
    ovn::sb::Chassis hv1_;
    ovn::sb::DatapathBinding sw0_, sw1_;
    ovn::sb::PortBinding lp1_, lp2_, lp3_;
    const ovsrec_bridge *br_ = nullptr;
    ovn::Bindings bindings_;
    bool use_ct_mark_ = true;
};

#endif  /* tests/unit/lflow-side-test.h */
