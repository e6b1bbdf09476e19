/* The generated Southbound layer (ovn/lib/sb-rows.h) and the hand-written
 * writes (ovn/lib/sb-shim.h) without a server: an unsynced Southbound IDL
 * looks empty, and the writes are visible, through the row views and the
 * indexes, inside their transaction before any server has seen them.
 * tests/ovsdb-shim.at runs them against a real ovsdb-server. */
#include <config.h>

#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "lib/c-ptr.h"
#include "lib/shim/ovsdb-idl-shim.h"
#include "lib/smap-owner.h"
#include "openvswitch/json.h"
#include "ovn/lib/address-set-shim.h"
#include "ovn/lib/sb-rows.h"
#include "ovn/lib/sb-shim.h"
#include "tests/unit/sb-fixture.h"

namespace {

namespace sb = ovn::sb;

constexpr const char NO_SERVER[] = "unix:/nonexistent/ovn-cxx/sb.sock";

/* A Southbound IDL and its indexes, destroyed in the right order. */
struct SbIdl {
    explicit SbIdl(bool monitor_all = true)
    {
        sb::Indexes *ix;
        idl.reset(sb_gen_idl_create(NO_SERVER, monitor_all, &ix));
        indexes.reset(ix);
    }
    ovsdb_idl *get() const { return idl.get(); }

    ovs::IdlPtr idl;
    sb::IndexesPtr indexes;
};

size_t
count_chassis(const ovsdb_idl *idl)
{
    size_t n = 0;
    for (sb::Chassis ch : sb::Chassis::table(idl)) {
        n += bool(ch);
    }
    return n;
}

TEST(SbShim, WithoutServerTablesAreEmpty)
{
    SbIdl idl;
    ovs_shim_idl_run(idl.get());
    EXPECT_FALSE(ovs_shim_idl_has_ever_connected(idl.get()));
    EXPECT_TRUE(sb::SbGlobal::table(idl.get()).empty());
    EXPECT_TRUE(sb::Chassis::table(idl.get()).empty());
    EXPECT_FALSE(sb::Chassis::find_by_name(idl.indexes.get(), "hv1"));
    EXPECT_TRUE(sb::DatapathBinding::table(idl.get()).empty());
    EXPECT_TRUE(sb::PortBinding::table(idl.get()).empty());
    EXPECT_TRUE(sb::LogicalFlow::table(idl.get()).empty());
    EXPECT_TRUE(sb::PortBinding::tracked(idl.get()).empty());
}

/* Address_Set.addresses is raw (sb-tables.txt): the IDL keeps the datum,
 * which as_shim_addresses() reads, but never builds the row's array of
 * them, which would cost O(set) on every change of a large set. */
TEST(SbShim, RawAddressesAreReadFromTheDatumNotParsed)
{
    SbIdl idl;
    ovs::IdlTxnPtr txn(ovs_shim_idl_txn_create(idl.get()));
    const char *addrs[] = { "10.0.0.2", "10.0.0.1", "10.0.0.3" };
    const sbrec_address_set *as
        = sb_fixture_address_set(txn.get(), "as1", addrs, 3);
    EXPECT_EQ(sb_fixture_address_set_n_parsed(as), 0u);

    ASSERT_EQ(as_shim_addresses(as, nullptr, 0), 3u);
    json *out[3];
    as_shim_addresses(as, out, 3);
    std::vector<std::string> seen;
    for (const json *s : out) {
        seen.emplace_back(json_string(s));
    }
    EXPECT_EQ(seen, (std::vector<std::string>{"10.0.0.1", "10.0.0.2",
                                              "10.0.0.3"}));
}

TEST(SbShim, RegisteredChassisIsVisibleInsideItsTransaction)
{
    SbIdl idl;
    ovs::IdlTxnPtr txn(ovs_shim_idl_txn_create(idl.get()));
    const char *types[] = { "geneve", "vxlan" };
    const sbrec_chassis *row = sb_shim_chassis_register(
        txn.get(), "hv1", "host1", types, 2, "192.168.0.1");
    ASSERT_NE(row, nullptr);
    const sb::Chassis ch(row);
    EXPECT_EQ(sb::Chassis::find_by_name(idl.indexes.get(), "hv1"), ch);
    EXPECT_EQ(*sb::Chassis::table(idl.get()).begin(), ch);
    EXPECT_EQ(count_chassis(idl.get()), 1u);
    EXPECT_EQ(ch.name(), "hv1");
    EXPECT_EQ(ch.hostname(), "host1");
    EXPECT_TRUE(ch.other_config().empty());
    ASSERT_EQ(ch.encaps().size(), 2u);
    std::vector<std::string> seen;
    for (sb::Encap e : ch.encaps()) {
        EXPECT_EQ(e.ip(), "192.168.0.1");
        EXPECT_TRUE(e.options().empty());
        EXPECT_EQ(e.chassis_name(), "hv1");
        seen.emplace_back(e.type());
    }
    std::sort(seen.begin(), seen.end());
    EXPECT_EQ(seen, (std::vector<std::string>{"geneve", "vxlan"}));

    /* Registering again in the same transaction finds the new row instead
     * of inserting a second chassis. */
    EXPECT_EQ(sb_shim_chassis_register(txn.get(), "hv1", "host2", types, 1,
                                       "192.168.0.1"),
              row);
    EXPECT_EQ(ch.hostname(), "host2");
    EXPECT_EQ(ch.encaps().size(), 1u);
    EXPECT_EQ(ch.encaps()[0].type(), "geneve");
}

TEST(SbShim, EncapOptionsApplyToEveryEncapOfTheChassis)
{
    SbIdl idl;
    ovs::IdlTxnPtr txn(ovs_shim_idl_txn_create(idl.get()));
    const char *types[] = { "geneve", "vxlan" };
    const sb::Chassis ch(sb_shim_chassis_register(
                             txn.get(), "hv1", "host1", types, 2,
                             "192.168.0.1"));
    ovs::Smap options;
    options.add("csum", "false");
    sb_shim_chassis_set_encap_options(ch.get(), options.get());
    for (sb::Encap e : ch.encaps()) {
        EXPECT_STREQ(e.options().get("csum"), "false");
        EXPECT_EQ(e.options().size(), 1u);
        for (auto [key, value] : e.options()) {
            EXPECT_EQ(key, "csum");
            EXPECT_EQ(value, "false");
        }
    }
}

TEST(SbShim, ChassisPrivateIsInsertedOnceAndRefersToItsChassis)
{
    SbIdl idl;
    const sb::Indexes *ix = idl.indexes.get();
    ovs::IdlTxnPtr txn(ovs_shim_idl_txn_create(idl.get()));
    const char *types[] = { "geneve" };
    const sbrec_chassis *ch = sb_shim_chassis_register(
        txn.get(), "hv1", "host1", types, 1, "192.168.0.1");
    const sb::ChassisPrivate chp(
        sb_shim_chassis_private_register(txn.get(), "hv1", ch));
    ASSERT_TRUE(chp);
    EXPECT_EQ(chp.name(), "hv1");
    EXPECT_EQ(chp.chassis(), sb::Chassis(ch));
    EXPECT_EQ(chp.nb_cfg(), 0);
    EXPECT_EQ(sb::ChassisPrivate::find_by_name(ix, "hv1"), chp);
    EXPECT_FALSE(sb::ChassisPrivate::find_by_name(ix, "hv2"));

    EXPECT_EQ(sb::ChassisPrivate(
                  sb_shim_chassis_private_register(txn.get(), "hv1", ch)),
              chp);

    /* Deleting both leaves neither, inside the same transaction. */
    sb_shim_chassis_private_delete(chp.get());
    sb_shim_chassis_delete(ch);
    EXPECT_TRUE(sb::ChassisPrivate::table(idl.get()).empty());
    EXPECT_FALSE(sb::Chassis::find_by_name(ix, "hv1"));
}

TEST(SbShim, CommitWithoutServerAsksToTryAgain)
{
    SbIdl idl;
    ovs::IdlTxnPtr txn(ovs_shim_idl_txn_create(idl.get()));
    const char *types[] = { "geneve" };
    sb_shim_chassis_register(txn.get(), "hv1", "host1", types, 1,
                             "192.168.0.1");
    EXPECT_EQ(ovs_shim_idl_txn_commit(txn.get()), OVS_SHIM_TXN_TRY_AGAIN);
    /* Nothing reached a server, so the IDL's table is empty again once the
     * transaction is gone. */
    txn.reset();
    EXPECT_TRUE(sb::Chassis::table(idl.get()).empty());
}

TEST(SbShim, ListedTablesAreNamedForDiagnostics)
{
    std::vector<std::string> names;
    for (size_t i = 0; i < sb_gen_n_tables(); i++) {
        names.emplace_back(sb_gen_table_name(i));
    }
    for (const char *t : {"Port_Binding", "Logical_Flow", "Logical_DP_Group",
                          "Address_Set", "Port_Group", "Load_Balancer",
                          "MAC_Binding", "Static_MAC_Binding", "FDB",
                          "Meter", "Meter_Band", "DHCP_Options",
                          "DHCPv6_Options", "DNS", "Gateway_Chassis",
                          "HA_Chassis_Group", "HA_Chassis",
                          "Controller_Event", "IP_Multicast", "IGMP_Group",
                          "Service_Monitor", "BFD",
                          "Chassis_Template_Var"}) {
        EXPECT_NE(std::find(names.begin(), names.end(), t), names.end())
            << t;
    }
}

}  // namespace
