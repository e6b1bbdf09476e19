/* ovn/lib/sb-shim.h without a server: an unsynced Southbound IDL looks
 * empty, and the writes are visible inside their transaction before any
 * server has seen them.  tests/ovsdb-shim.at runs them against a real
 * ovsdb-server. */
#include <config.h>

#include <string>

#include <gtest/gtest.h>

#include "lib/c-ptr.h"
#include "lib/shim/ovsdb-idl-shim.h"
#include "ovn/lib/sb-shim.h"
#include "smap.h"

namespace {

constexpr const char NO_SERVER[] = "unix:/nonexistent/ovn-cxx/sb.sock";

TEST(SbShim, WithoutServerTablesAreEmpty)
{
    ovs::IdlPtr idl(sb_shim_idl_create(NO_SERVER));
    ASSERT_NE(idl, nullptr);
    ovs_shim_idl_run(idl.get());
    EXPECT_FALSE(ovs_shim_idl_has_ever_connected(idl.get()));
    EXPECT_EQ(sb_shim_sb_global_first(idl.get()), nullptr);
    EXPECT_EQ(sb_shim_chassis_first(idl.get()), nullptr);
    EXPECT_EQ(sb_shim_chassis_find(idl.get(), "hv1"), nullptr);
    EXPECT_EQ(sb_shim_datapath_binding_first(idl.get()), nullptr);
    EXPECT_EQ(sb_shim_port_binding_first(idl.get()), nullptr);
}

TEST(SbShim, RegisteredChassisIsVisibleInsideItsTransaction)
{
    ovs::IdlPtr idl(sb_shim_idl_create(NO_SERVER));
    ovs::IdlTxnPtr txn(ovs_shim_idl_txn_create(idl.get()));
    const char *types[] = { "geneve", "vxlan" };
    const sbrec_chassis *ch = sb_shim_chassis_register(
        txn.get(), "hv1", "host1", types, 2, "192.168.0.1");
    ASSERT_NE(ch, nullptr);
    EXPECT_EQ(sb_shim_chassis_find(idl.get(), "hv1"), ch);
    EXPECT_EQ(sb_shim_chassis_first(idl.get()), ch);
    EXPECT_EQ(sb_shim_chassis_next(ch), nullptr);
    EXPECT_STREQ(sb_shim_chassis_name(ch), "hv1");
    EXPECT_STREQ(sb_shim_chassis_hostname(ch), "host1");
    EXPECT_TRUE(smap_is_empty(sb_shim_chassis_other_config(ch)));
    ASSERT_EQ(sb_shim_chassis_n_encaps(ch), 2u);
    std::string seen;
    for (size_t i = 0; i < 2; i++) {
        const sbrec_encap *e = sb_shim_chassis_encap(ch, i);
        EXPECT_STREQ(sb_shim_encap_ip(e), "192.168.0.1");
        EXPECT_TRUE(smap_is_empty(sb_shim_encap_options(e)));
        seen += sb_shim_encap_type(e);
    }
    EXPECT_TRUE(seen == "genevevxlan" || seen == "vxlangeneve") << seen;

    /* Registering again in the same transaction finds the new row instead
     * of inserting a second chassis. */
    EXPECT_EQ(sb_shim_chassis_register(txn.get(), "hv1", "host2", types, 1,
                                       "192.168.0.1"),
              ch);
    EXPECT_STREQ(sb_shim_chassis_hostname(ch), "host2");
    EXPECT_EQ(sb_shim_chassis_n_encaps(ch), 1u);
}

TEST(SbShim, EncapOptionsApplyToEveryEncapOfTheChassis)
{
    ovs::IdlPtr idl(sb_shim_idl_create(NO_SERVER));
    ovs::IdlTxnPtr txn(ovs_shim_idl_txn_create(idl.get()));
    const char *types[] = { "geneve", "vxlan" };
    const sbrec_chassis *ch = sb_shim_chassis_register(
        txn.get(), "hv1", "host1", types, 2, "192.168.0.1");
    struct smap options;
    smap_init(&options);
    smap_add(&options, "csum", "false");
    sb_shim_chassis_set_encap_options(ch, &options);
    smap_destroy(&options);
    for (size_t i = 0; i < sb_shim_chassis_n_encaps(ch); i++) {
        const sbrec_encap *e = sb_shim_chassis_encap(ch, i);
        EXPECT_STREQ(smap_get(sb_shim_encap_options(e), "csum"), "false");
        EXPECT_EQ(smap_count(sb_shim_encap_options(e)), 1u);
    }
}

TEST(SbShim, ChassisPrivateIsInsertedOnceAndRefersToItsChassis)
{
    ovs::IdlPtr idl(sb_shim_idl_create(NO_SERVER));
    ovs::IdlTxnPtr txn(ovs_shim_idl_txn_create(idl.get()));
    const char *types[] = { "geneve" };
    const sbrec_chassis *ch = sb_shim_chassis_register(
        txn.get(), "hv1", "host1", types, 1, "192.168.0.1");
    const sbrec_chassis_private *chp
        = sb_shim_chassis_private_register(txn.get(), "hv1", ch);
    ASSERT_NE(chp, nullptr);
    EXPECT_STREQ(sb_shim_chassis_private_name(chp), "hv1");
    EXPECT_EQ(sb_shim_chassis_private_chassis(chp), ch);
    EXPECT_EQ(sb_shim_chassis_private_nb_cfg(chp), 0);
    EXPECT_EQ(sb_shim_chassis_private_find(idl.get(), "hv1"), chp);
    EXPECT_EQ(sb_shim_chassis_private_find(idl.get(), "hv2"), nullptr);

    EXPECT_EQ(sb_shim_chassis_private_register(txn.get(), "hv1", ch), chp);
    EXPECT_EQ(sb_shim_chassis_private_first(idl.get()), chp);
    EXPECT_EQ(sb_shim_chassis_private_next(chp), nullptr);

    /* Deleting both leaves neither, inside the same transaction. */
    sb_shim_chassis_private_delete(chp);
    sb_shim_chassis_delete(ch);
    EXPECT_EQ(sb_shim_chassis_private_first(idl.get()), nullptr);
    EXPECT_EQ(sb_shim_chassis_find(idl.get(), "hv1"), nullptr);
}

TEST(SbShim, CommitWithoutServerAsksToTryAgain)
{
    ovs::IdlPtr idl(sb_shim_idl_create(NO_SERVER));
    ovs::IdlTxnPtr txn(ovs_shim_idl_txn_create(idl.get()));
    const char *types[] = { "geneve" };
    sb_shim_chassis_register(txn.get(), "hv1", "host1", types, 1,
                             "192.168.0.1");
    EXPECT_EQ(ovs_shim_idl_txn_commit(txn.get()), OVS_SHIM_TXN_TRY_AGAIN);
    /* Nothing reached a server, so the IDL's table is empty again once the
     * transaction is gone. */
    txn.reset();
    EXPECT_EQ(sb_shim_chassis_first(idl.get()), nullptr);
}

}  // namespace
