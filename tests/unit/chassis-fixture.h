/* ChassisFixture: the set-up that the GoogleTest tests of ovn/controller's
 * modules (bindings, tunnels, physical and logical flows, the engine
 * nodes' handlers) share, so that each test file says only what is
 * particular to it.
 *
 * It gives each test, created afresh: an in-memory Southbound
 * (sb-fixture.h) with its indexes and an in-memory Open_vSwitch database
 * (ovs-fixture.h), neither ever connected, each with a transaction open
 * whose rows every reader sees until the test ends; this chassis, "hv1",
 * registered with a Geneve encap at 10.0.0.1; br-int, with no port; and,
 * for the modules that give ofctrl desired flows, ofctrl's tables, set up
 * before the test and torn down after it.  Nothing else: the logical
 * topology is each test's own. */
#ifndef TESTS_UNIT_CHASSIS_FIXTURE_H
#define TESTS_UNIT_CHASSIS_FIXTURE_H 1

#include <gtest/gtest.h>

#include "lib/c-ptr.h"
#include "lib/shim/ovsdb-idl-shim.h"
#include "lib/shim/vswitch-idl-shim.h"
#include "ovn/controller/ofctrl.h"
#include "ovn/lib/sb-rows.h"
#include "ovn/lib/sb-shim.h"
#include "tests/unit/ovs-fixture.h"
#include "tests/unit/sb-fixture.h"

namespace ovn_test {

class ChassisFixture : public ::testing::Test {
protected:
    /* A remote that no IDL ever reaches. */
    static constexpr const char *NO_SERVER
        = "unix:/nonexistent/ovn-cxx/db.sock";

    /* 'with_ofctrl': whether the tests give ofctrl desired flows. */
    explicit ChassisFixture(bool with_ofctrl = false)
        : with_ofctrl_(with_ofctrl)
    {
    }

    void
    SetUp() override
    {
        if (with_ofctrl_) {
            ovn::ofctrl_init();
        }
        ovn::sb::Indexes *ix;
        sb_.reset(sb_gen_idl_create(NO_SERVER, true, &ix));
        ix_.reset(ix);
        sb_txn_.reset(ovs_shim_idl_txn_create(sb_.get()));
        ovs_.reset(ovs_shim_vswitch_idl_create(NO_SERVER));
        ovs_txn_.reset(ovs_shim_idl_txn_create(ovs_.get()));
        hv1_ = add_chassis("hv1", "geneve", "10.0.0.1");
        br_ = ovs_fixture_bridge(ovs_txn_.get(), "br-int");
    }

    void
    TearDown() override
    {
        if (with_ofctrl_) {
            ovn::ofctrl_destroy();
        }
    }

    /* Another chassis (or this one, in SetUp()), with one encap. */
    ovn::sb::Chassis
    add_chassis(const char *name, const char *encap_type, const char *ip)
    {
        const char *types[] = {encap_type};
        return ovn::sb::Chassis(sb_shim_chassis_register(
                                    sb_txn_.get(), name, name, types, 1,
                                    ip));
    }

    ovs::IdlPtr sb_;
    ovn::sb::IndexesPtr ix_;
    ovs::IdlTxnPtr sb_txn_;
    ovs::IdlPtr ovs_;
    ovs::IdlTxnPtr ovs_txn_;
    ovn::sb::Chassis hv1_;
    const ovsrec_bridge *br_ = nullptr;

private:
    const bool with_ofctrl_;
};

}  // namespace ovn_test

#endif  /* tests/unit/chassis-fixture.h */
