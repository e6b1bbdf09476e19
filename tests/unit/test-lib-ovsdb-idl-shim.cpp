/* lib/shim/ovsdb-idl-shim.h, lib/shim/vswitch-idl-shim.h, lib/idl-rows.h
 * and the IdlPtr/IdlTxnPtr owners, without a server: what an IDL looks
 * like before it has ever connected.  tests/ovsdb-shim.at covers them
 * against real servers. */
#include <config.h>

#include <cstring>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "lib/c-ptr.h"
#include "lib/idl-rows.h"
#include "lib/shim/ovsdb-idl-shim.h"
#include "lib/shim/vswitch-idl-shim.h"

namespace {

constexpr const char NO_SERVER[] = "unix:/nonexistent/ovn-cxx/db.sock";

using Bridges = ovs::IdlRows<ovsrec_bridge, ovs_shim_bridge_first,
                             ovs_shim_bridge_next>;
using Interfaces = ovs::IdlRows<ovsrec_interface, ovs_shim_interface_first,
                                ovs_shim_interface_next>;

TEST(VswitchIdlShim, WithoutServerIsNeitherConnectedNorSynced)
{
    ovs::IdlPtr idl(ovs_shim_vswitch_idl_create(NO_SERVER));
    ASSERT_NE(idl, nullptr);
    ovs_shim_idl_run(idl.get());
    EXPECT_FALSE(ovs_shim_idl_is_connected(idl.get()));
    EXPECT_FALSE(ovs_shim_idl_has_ever_connected(idl.get()));
    EXPECT_EQ(ovs_shim_idl_get_seqno(idl.get()), 0u);
    EXPECT_EQ(ovs_shim_open_vswitch_first(idl.get()), nullptr);
    EXPECT_TRUE(Bridges(idl.get()).empty());
    EXPECT_EQ(Interfaces(idl.get()).begin(), Interfaces(idl.get()).end());
}

TEST(VswitchIdlShim, WaitOnUnconnectedIdlDoesNotCrash)
{
    /* The poll loop registers the reconnect timer; nothing blocks here. */
    ovs::IdlPtr idl(ovs_shim_vswitch_idl_create(NO_SERVER));
    ovs_shim_idl_run(idl.get());
    ovs_shim_idl_wait(idl.get());
    SUCCEED();
}

TEST(IdlTxnShim, CommitWithoutServerAsksToTryAgain)
{
    /* Even an empty transaction: the IDL checks for a session before it
     * looks at what changed, so a caller retries rather than believing an
     * unsynced view needed no change. */
    ovs::IdlPtr idl(ovs_shim_vswitch_idl_create(NO_SERVER));
    ovs::IdlTxnPtr txn(ovs_shim_idl_txn_create(idl.get()));
    ASSERT_NE(txn, nullptr);
    EXPECT_EQ(ovs_shim_idl_txn_commit(txn.get()), OVS_SHIM_TXN_TRY_AGAIN);
    /* Committed transactions keep their final status. */
    EXPECT_EQ(ovs_shim_idl_txn_commit(txn.get()), OVS_SHIM_TXN_TRY_AGAIN);
}

TEST(IdlTxnShim, UncommittedTransactionIsAbortedByItsOwner)
{
    /* Destroying an IDL with a transaction still open asserts; the owners
     * destroy in reverse order of declaration, transaction first. */
    ovs::IdlPtr idl(ovs_shim_vswitch_idl_create(NO_SERVER));
    ovs::IdlTxnPtr txn(ovs_shim_idl_txn_create(idl.get()));
    txn.reset();
    /* A second transaction is allowed once the first is gone. */
    txn.reset(ovs_shim_idl_txn_create(idl.get()));
    EXPECT_NE(txn, nullptr);
}

TEST(IdlTxnShim, EveryStatusHasItsOwnName)
{
    const ovs_shim_txn_status all[] = {
        OVS_SHIM_TXN_UNCOMMITTED, OVS_SHIM_TXN_UNCHANGED,
        OVS_SHIM_TXN_INCOMPLETE, OVS_SHIM_TXN_ABORTED,
        OVS_SHIM_TXN_SUCCESS, OVS_SHIM_TXN_TRY_AGAIN,
        OVS_SHIM_TXN_NOT_LOCKED, OVS_SHIM_TXN_ERROR,
    };
    std::set<std::string> names;
    for (ovs_shim_txn_status s : all) {
        names.insert(ovs_shim_txn_status_to_string(s));
    }
    EXPECT_EQ(names.size(), std::size(all));
    EXPECT_STREQ(ovs_shim_txn_status_to_string(OVS_SHIM_TXN_SUCCESS),
                 "success");
    EXPECT_STREQ(ovs_shim_txn_status_to_string(OVS_SHIM_TXN_TRY_AGAIN),
                 "try again");
}

/* IdlRows over a plain linked list stands in for an IDL table: the view
 * only ever calls First and Next. */
struct FakeRow {
    int value;
    const FakeRow *next;
};

const FakeRow fake_rows[] = { { 1, &fake_rows[1] }, { 2, &fake_rows[2] },
                              { 3, nullptr } };
const ovsdb_idl *const fake_idl
    = reinterpret_cast<const ovsdb_idl *>(&fake_rows);

const FakeRow *
fake_first(const ovsdb_idl *idl)
{
    return idl == fake_idl ? &fake_rows[0] : nullptr;
}

const FakeRow *
fake_next(const FakeRow *row)
{
    return row->next;
}

using FakeRows = ovs::IdlRows<FakeRow, fake_first, fake_next>;

TEST(IdlRows, VisitsEveryRowInOrder)
{
    std::vector<int> seen;
    for (const FakeRow *row : FakeRows(fake_idl)) {
        seen.push_back(row->value);
    }
    EXPECT_EQ(seen, (std::vector<int>{ 1, 2, 3 }));
    EXPECT_FALSE(FakeRows(fake_idl).empty());
}

TEST(IdlRows, EmptyTableHasNoRows)
{
    EXPECT_TRUE(FakeRows(nullptr).empty());
    int n = 0;
    for (const FakeRow *row : FakeRows(nullptr)) {
        (void) row;
        n++;
    }
    EXPECT_EQ(n, 0);
}

TEST(IdlLoopShim, OpensNoTransactionBeforeTheIdlHasContents)
{
    /* Writing to an IDL that has never synced would act on tables that
     * only look empty, so the loop hands out no transaction yet. */
    ovs::IdlLoopPtr loop(ovs_shim_idl_loop_create(
                             ovs_shim_vswitch_idl_create(NO_SERVER)));
    ASSERT_NE(ovs_shim_idl_loop_idl(loop.get()), nullptr);
    EXPECT_EQ(ovs_shim_idl_loop_run(loop.get()), nullptr);
    /* Nothing to commit counts as done. */
    EXPECT_EQ(ovs_shim_idl_loop_commit_and_wait(loop.get()), 1);
    EXPECT_EQ(ovs_shim_idl_loop_run(loop.get()), nullptr);
    EXPECT_FALSE(ovs_shim_idl_has_ever_connected(
                     ovs_shim_idl_loop_idl(loop.get())));
    /* The loop owns its IDL: valgrind checks that both are freed. */
}

}  // namespace
