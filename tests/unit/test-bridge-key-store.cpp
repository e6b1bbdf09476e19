/* BridgeKeyStore, and the nb_cfg keys written through it (nb-cfg-keys.h),
 * against a fake Open_vSwitch database server: a "punix:" listener in a
 * temporary directory that speaks JSON-RPC and answers each "transact" as
 * the test says, so that failures and lost connections can be made to
 * happen where a real ovsdb-server would not. */
#include <config.h>

#include "ovn/controller/bridge-key-store.h"
#include "ovn/controller/nb-cfg-keys.h"

#include <sys/stat.h>
#include <unistd.h>

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "lib/ovs-internal.h"
#include "openvswitch/json.h"
#include "openvswitch/poll-loop.h"

namespace {

using ovn::BridgeKeyStore;

constexpr const char *PREFIX = "ct-zone-";

/* What the store asks, as the server sees it: params, keys sorted. */
constexpr const char *READ =
    R"(["Open_vSwitch",{"columns":["external_ids"],"op":"select",)"
    R"("table":"Bridge","where":[["name","==","br-int"]]}])";

/* The "mutate" that deletes 'deleted' (a JSON list of keys) and inserts
 * 'inserted' (a JSON list of pairs). */
std::string
mutate(const std::string &deleted, const std::string &inserted)
{
    return R"(["Open_vSwitch",{"mutations":[["external_ids","delete",)"
           R"(["set",)" + deleted + R"(]],["external_ids","insert",)"
           R"(["map",)" + inserted + R"(]]],"op":"mutate",)"
           R"("table":"Bridge","where":[["name","==","br-int"]]}])";
}

/* A select's result: br-int with external_ids 'ids' (JSON pairs). */
std::string
rows(const std::string &ids)
{
    return R"([{"rows":[{"external_ids":["map",)" + ids + R"(]}]}])";
}

constexpr const char *MUTATED = R"([{"count":1}])";

class FakeOvsdb {
public:
    FakeOvsdb()
    {
        char dir_template[] = "/tmp/ovn-unit-zone-store-XXXXXX";
        if (mkdtemp(dir_template)) {
            dir_ = dir_template;
            pstream_open(("punix:" + dir_ + "/db.sock").c_str(), &listener_,
                         0);
        }
    }
    ~FakeOvsdb()
    {
        drop();
        if (listener_) {
            /* Closing a punix listener unlinks its socket. */
            pstream_close(listener_);
        }
        if (!dir_.empty()) {
            rmdir(dir_.c_str());
        }
    }
    FakeOvsdb(const FakeOvsdb &) = delete;
    FakeOvsdb &operator=(const FakeOvsdb &) = delete;

    bool ok() const { return listener_ != nullptr; }
    std::string remote() const { return "unix:" + dir_ + "/db.sock"; }

    /* Runs 'store' (as the main loop does, with 'set's in between) until
     * a request reaches the server or 3 s have passed; returns its params
     * (keys sorted), or "" if none came.  The request is held for
     * reply(). */
    std::string
    next_request(BridgeKeyStore &store)
    {
        const long long int deadline = time_msec() + 3000;
        while (time_msec() < deadline) {
            store.run();
            store.send_and_wait();
            poll_immediate_wake();
            poll_block();
            if (!conn_) {
                stream *s = nullptr;
                if (!pstream_accept(listener_, &s)) {
                    conn_ = jsonrpc_open(s);
                }
            }
            if (!conn_) {
                continue;
            }
            jsonrpc_run(conn_);
            jsonrpc_msg *msg = nullptr;
            if (!jsonrpc_recv(conn_, &msg)) {
                if (msg->type != JSONRPC_REQUEST) {
                    jsonrpc_msg_destroy(msg);
                    continue;
                }
                held_ = msg;
                char *s = json_to_string(msg->params, JSSF_SORT);
                std::string params(s);
                free(s);
                return params;
            }
        }
        return "";
    }

    /* Answers the request held with 'result' (JSON text). */
    void
    reply(const std::string &result)
    {
        ASSERT_TRUE(held_);
        jsonrpc_send(conn_, jsonrpc_create_reply(
                         json_from_string(result.c_str()), held_->id));
        jsonrpc_run(conn_);
        jsonrpc_msg_destroy(held_);
        held_ = nullptr;
    }

    /* Closes the connection, unanswered. */
    void
    drop()
    {
        if (held_) {
            jsonrpc_msg_destroy(held_);
            held_ = nullptr;
        }
        if (conn_) {
            jsonrpc_close(conn_);
            conn_ = nullptr;
        }
    }

private:
    std::string dir_;
    pstream *listener_ = nullptr;
    jsonrpc *conn_ = nullptr;
    jsonrpc_msg *held_ = nullptr;
};

/* Runs 'store' until a reply is taken in. */
void
settle(BridgeKeyStore &store)
{
    for (int i = 0; i < 20; i++) {
        store.run();
        store.send_and_wait();
        poll_immediate_wake();
        poll_block();
    }
}

class BridgeKeyStoreTest : public ::testing::Test {
protected:
    explicit BridgeKeyStoreTest(std::vector<std::string> prefixes = {PREFIX})
        : store_(db_.remote(), std::move(prefixes))
    {
    }

    void
    SetUp() override
    {
        ASSERT_TRUE(db_.ok());
        store_.set_bridge("br-int");
    }

    /* Answers the first read with br-int's external_ids 'ids'. */
    void
    load(const std::string &ids)
    {
        ASSERT_EQ(db_.next_request(store_), READ);
        db_.reply(rows(ids));
        settle(store_);
        ASSERT_TRUE(store_.keys());
    }

    FakeOvsdb db_;
    BridgeKeyStore store_;
};

TEST_F(BridgeKeyStoreTest, KeysAreNullUntilTheBridgeIsRead)
{
    EXPECT_FALSE(store_.keys());
    load(R"([["ct-zone-lp1","5"],["other","x"]])");
    EXPECT_EQ(*store_.keys(), (BridgeKeyStore::Keys{{"ct-zone-lp1", "5"}}));
}

TEST_F(BridgeKeyStoreTest, WritesOnlyTheChangedKeysInOneMutate)
{
    load(R"([["ct-zone-lp1","5"],["ct-zone-lp2","6"]])");
    store_.set("ct-zone-lp1", std::nullopt);
    store_.set("ct-zone-lp2", "6");         /* Unchanged: not written. */
    store_.set("ct-zone-lp3", "7");
    EXPECT_EQ(db_.next_request(store_),
              mutate(R"(["ct-zone-lp1","ct-zone-lp3"])",
                     R"([["ct-zone-lp3","7"]])"));
    db_.reply(MUTATED);
    settle(store_);
    EXPECT_FALSE(store_.busy());
    EXPECT_EQ(*store_.keys(), (BridgeKeyStore::Keys{{"ct-zone-lp2", "6"},
                                                 {"ct-zone-lp3", "7"}}));
}

/* How long poll_block() sleeps after 'store' has said what it waits for,
 * with a timer of 'cap_msec' beside it. */
long long int
sleep_msec(BridgeKeyStore &store, long long int cap_msec)
{
    store.send_and_wait();
    if (cap_msec) {
        poll_timer_wait(cap_msec);
    }
    const long long int start = time_msec();
    poll_block();
    return time_msec() - start;
}

TEST_F(BridgeKeyStoreTest, AWritesReplyWakesNothingUnlessAWriteWaitsForIt)
{
    load("[]");
    store_.set("ct-zone-lp1", "1");
    ASSERT_EQ(db_.next_request(store_),
              mutate(R"(["ct-zone-lp1"])", R"([["ct-zone-lp1","1"]])"));
    db_.reply(MUTATED);
    /* Nothing queued behind the write: its reply, there to be read, does
     * not end the sleep. */
    EXPECT_GE(sleep_msec(store_, 300), 250);
    /* A write queued behind it does: it goes once the reply is in. */
    store_.set("ct-zone-lp2", "2");
    EXPECT_LT(sleep_msec(store_, 300), 250);
    EXPECT_EQ(db_.next_request(store_),
              mutate(R"(["ct-zone-lp2"])", R"([["ct-zone-lp2","2"]])"));
    db_.reply(MUTATED);
    /* With nothing else to wake it, the store takes its reply in a second
     * after the write. */
    const long long int slept = sleep_msec(store_, 0);
    EXPECT_GE(slept, 500);
    EXPECT_LT(slept, 2000);
    store_.run();
    EXPECT_FALSE(store_.busy());
}

TEST_F(BridgeKeyStoreTest, AReplyLaterThanTheSecondWakesTheLoopItself)
{
    load("[]");
    store_.set("ct-zone-lp1", "1");
    ASSERT_EQ(db_.next_request(store_),
              mutate(R"(["ct-zone-lp1"])", R"([["ct-zone-lp1","1"]])"));
    /* The server has not answered when the late wake-up comes ... */
    const long long int first = sleep_msec(store_, 0);
    EXPECT_GE(first, 500);
    store_.run();
    EXPECT_TRUE(store_.busy());
    /* ... and from then on the store sleeps until the reply arrives, not
     * through an expired timer that would wake every poll. */
    EXPECT_GE(sleep_msec(store_, 300), 250);
    db_.reply(MUTATED);
    EXPECT_LT(sleep_msec(store_, 300), 250);
    store_.run();
    EXPECT_FALSE(store_.busy());
}

TEST_F(BridgeKeyStoreTest, AFailedTransactionIsSentAgain)
{
    load("[]");
    store_.set("ct-zone-lp1", "1");
    const std::string write = mutate(R"(["ct-zone-lp1"])",
                                     R"([["ct-zone-lp1","1"]])");
    ASSERT_EQ(db_.next_request(store_), write);
    db_.reply(R"([{"error":"constraint violation"}])");
    EXPECT_TRUE(store_.busy());
    EXPECT_EQ(db_.next_request(store_), write);
    db_.reply(MUTATED);
    settle(store_);
    EXPECT_FALSE(store_.busy());
}

TEST_F(BridgeKeyStoreTest, ABridgeNotThereYetIsWrittenLater)
{
    load("[]");
    store_.set("ct-zone-lp1", "1");
    const std::string write = mutate(R"(["ct-zone-lp1"])",
                                     R"([["ct-zone-lp1","1"]])");
    ASSERT_EQ(db_.next_request(store_), write);
    db_.reply(R"([{"count":0}])");
    EXPECT_EQ(db_.next_request(store_), write);
    db_.reply(MUTATED);
    settle(store_);
    EXPECT_FALSE(store_.busy());
}

TEST_F(BridgeKeyStoreTest, LaterWritesOfAKeyWinOverARetriedOne)
{
    load("[]");
    store_.set("ct-zone-lp1", "1");
    ASSERT_EQ(db_.next_request(store_),
              mutate(R"(["ct-zone-lp1"])", R"([["ct-zone-lp1","1"]])"));
    /* Freed while its write is in flight, which then fails. */
    store_.set("ct-zone-lp1", std::nullopt);
    db_.reply(R"([{"error":"timed out"}])");
    EXPECT_EQ(db_.next_request(store_), mutate(R"(["ct-zone-lp1"])", "[]"));
}

TEST_F(BridgeKeyStoreTest, AfterALostConnectionTheZonesAreWrittenAgain)
{
    load(R"([["ct-zone-lp1","5"],["ct-zone-old","2"]])");
    store_.set("ct-zone-lp2", "6");
    store_.set("ct-zone-old", std::nullopt);
    ASSERT_EQ(db_.next_request(store_),
              mutate(R"(["ct-zone-lp2","ct-zone-old"])",
                     R"([["ct-zone-lp2","6"]])"));
    /* The connection drops before the reply, and the server comes back
     * with a database that lost lp1's zone, has another's and still has
     * the one freed: read again, the zones are written again as they
     * were, the stranger's key removed. */
    db_.drop();
    EXPECT_EQ(db_.next_request(store_), READ);
    db_.reply(rows(R"([["ct-zone-old","2"],["ct-zone-x","9"]])"));
    EXPECT_EQ(db_.next_request(store_),
              mutate(R"(["ct-zone-lp1","ct-zone-lp2","ct-zone-old",)"
                     R"("ct-zone-x"])",
                     R"([["ct-zone-lp1","5"],["ct-zone-lp2","6"]])"));
    db_.reply(MUTATED);
    settle(store_);
    EXPECT_FALSE(store_.busy());
    EXPECT_EQ(*store_.keys(), (BridgeKeyStore::Keys{{"ct-zone-lp1", "5"},
                                                 {"ct-zone-lp2", "6"}}));
}

TEST_F(BridgeKeyStoreTest, AReconnectionToTheSameDatabaseWritesNothing)
{
    load(R"([["ct-zone-lp1","5"]])");
    db_.drop();
    EXPECT_EQ(db_.next_request(store_), READ);
    db_.reply(rows(R"([["ct-zone-lp1","5"]])"));
    settle(store_);
    EXPECT_FALSE(store_.busy());
    EXPECT_EQ(db_.next_request(store_), "");
}

TEST_F(BridgeKeyStoreTest, KeysReadWhileAWriteIsQueuedShowTheWrite)
{
    store_.set("ct-zone-lp1", "3");
    load(R"([["ct-zone-lp1","9"],["ct-zone-lp2","4"]])");
    EXPECT_EQ(*store_.keys(), (BridgeKeyStore::Keys{{"ct-zone-lp1", "3"},
                                                 {"ct-zone-lp2", "4"}}));
    EXPECT_EQ(db_.next_request(store_),
              mutate(R"(["ct-zone-lp1"])", R"([["ct-zone-lp1","3"]])"));
}

/* The store with the zones' prefix and the nb_cfg keys', as
 * ovn-controller makes it. */
std::vector<std::string>
controller_prefixes()
{
    std::vector<std::string> prefixes = ovn::nb_cfg_key_prefixes();
    prefixes.push_back(PREFIX);
    return prefixes;
}

class NbCfgKeysTest : public BridgeKeyStoreTest {
protected:
    NbCfgKeysTest() : BridgeKeyStoreTest(controller_prefixes()) {}
};

TEST_F(NbCfgKeysTest, KeysOfEachPrefixAreKeptAndNoOther)
{
    load(R"([["ct-zone-lp1","5"],["ovn-nb-cfg","3"],)"
         R"(["ovn-nb-cfg-ts","100"],["ovn-startup-ts","90"],)"
         R"(["ovn-other","x"]])");
    EXPECT_EQ(*store_.keys(), (BridgeKeyStore::Keys{{"ct-zone-lp1", "5"},
                                                    {"ovn-nb-cfg", "3"},
                                                    {"ovn-nb-cfg-ts", "100"},
                                                    {"ovn-startup-ts", "90"}}));
}

TEST_F(NbCfgKeysTest, NothingIsRecordedBeforeTheBridgeIsRead)
{
    ovn::nb_cfg_keys_record_installed(store_, 4, 200);
    load("[]");
    EXPECT_EQ(db_.next_request(store_), "");
}

TEST_F(NbCfgKeysTest, ANewNbCfgIsRecordedWithItsTime)
{
    load(R"([["ovn-nb-cfg","3"],["ovn-nb-cfg-ts","100"]])");
    ovn::nb_cfg_keys_record_installed(store_, 4, 200);
    EXPECT_EQ(db_.next_request(store_),
              mutate(R"(["ovn-nb-cfg","ovn-nb-cfg-ts"])",
                     R"([["ovn-nb-cfg","4"],["ovn-nb-cfg-ts","200"]])"));
}

TEST_F(NbCfgKeysTest, TheSameNbCfgKeepsItsTimeAndZeroIsNotRecorded)
{
    load(R"([["ovn-nb-cfg","3"],["ovn-nb-cfg-ts","100"]])");
    ovn::nb_cfg_keys_record_installed(store_, 3, 200);
    ovn::nb_cfg_keys_record_installed(store_, 0, 300);
    EXPECT_EQ(db_.next_request(store_), "");
    EXPECT_EQ(store_.keys()->at("ovn-nb-cfg-ts"), "100");
}

TEST_F(NbCfgKeysTest, EachRunRecordsItsStart)
{
    load(R"([["ovn-startup-ts","90"]])");
    ovn::nb_cfg_keys_record_startup(store_, 90);
    EXPECT_EQ(db_.next_request(store_), "");
    ovn::nb_cfg_keys_record_startup(store_, 150);
    EXPECT_EQ(db_.next_request(store_),
              mutate(R"(["ovn-startup-ts"])",
                     R"([["ovn-startup-ts","150"]])"));
}

}  // namespace
