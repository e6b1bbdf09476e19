#include <config.h>

#include "lib/batching-vconn.h"

#include "lib/ovs-internal.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "openvswitch/ofp-msgs.h"
#include "openvswitch/ofpbuf.h"
#include "openvswitch/poll-loop.h"
#include "openvswitch/rconn.h"
#include "openvswitch/vconn.h"

namespace {

constexpr uint32_t VERSIONS = 1u << OFP15_VERSION;

/* A "punix:" listener in a fresh temporary directory: the switch's side
 * of a real unix stream, read with an ordinary vconn. */
class Peer {
public:
    Peer()
    {
        char dir_template[] = "/tmp/ovn-unit-bvconn-XXXXXX";
        if (mkdtemp(dir_template)) {
            dir_ = dir_template;
            path_ = dir_ + "/sock";
            if (pvconn_open(("punix:" + path_).c_str(), VERSIONS, 0,
                            &pvconn_)) {
                pvconn_ = nullptr;
            }
        }
    }
    ~Peer()
    {
        conn_.reset();
        if (pvconn_) {
            pvconn_close(pvconn_);  /* Unlinks the socket. */
        }
        if (!dir_.empty()) {
            rmdir(dir_.c_str());
        }
    }
    Peer(const Peer &) = delete;
    Peer &operator=(const Peer &) = delete;

    bool ok() const { return pvconn_ != nullptr; }
    std::string target() const { return "unix:" + path_; }

    /* Accepts the client, then completes the hello exchange; true once
     * connected. */
    bool
    step()
    {
        if (!conn_) {
            vconn *v = nullptr;
            if (pvconn_accept(pvconn_, &v)) {
                return false;
            }
            conn_.reset(v);
        }
        vconn_run(conn_.get());
        return !vconn_connect(conn_.get());
    }

    /* Receives one message: 0, EAGAIN, or the error. */
    int
    recv(ovs::OfpbufPtr *msg)
    {
        ofpbuf *b = nullptr;
        const int error = vconn_recv(conn_.get(), &b);
        msg->reset(b);
        return error;
    }

    void close() { conn_.reset(); }

private:
    std::string dir_;
    std::string path_;
    pvconn *pvconn_ = nullptr;
    ovs::VconnPtr conn_;
};

/* An echo request with 'xid' whose payload is 'payload' bytes, each
 * derived from the xid and its offset, so that a message cut, shifted or
 * merged with another one shows. */
ovs::OfpbufPtr
make_msg(uint32_t xid, size_t payload)
{
    ovs::OfpbufPtr msg(ofpraw_alloc_xid(OFPRAW_OFPT_ECHO_REQUEST,
                                        OFP15_VERSION, htonl(xid), payload));
    uint8_t *p = static_cast<uint8_t *>(ofpbuf_put_uninit(msg.get(),
                                                          payload));
    for (size_t i = 0; i < payload; i++) {
        p[i] = uint8_t(xid * 7 + i);
    }
    return msg;
}

/* The payload size of message 'xid' in the tests: from 0 to ~3 kB. */
size_t
payload_of(uint32_t xid)
{
    return (xid * 397) % 3001;
}

/* Checks that 'msg' is exactly make_msg(xid, payload). */
::testing::AssertionResult
is_msg(const ofpbuf *msg, uint32_t xid, size_t payload)
{
    const ofp_header *oh = static_cast<const ofp_header *>(msg->data);
    const size_t size = sizeof(ofp_header) + payload;
    if (msg->size != size || ntohs(oh->length) != size) {
        return ::testing::AssertionFailure()
               << "message " << xid << ": " << msg->size << " bytes, header "
               << ntohs(oh->length) << ", expected " << size;
    }
    enum ofptype type;
    if (ntohl(oh->xid) != xid || ofptype_decode(&type, oh)
        || type != OFPTYPE_ECHO_REQUEST) {
        return ::testing::AssertionFailure()
               << "expected message " << xid << ", got xid "
               << ntohl(oh->xid) << " OpenFlow type " << int(oh->type);
    }
    const uint8_t *p = static_cast<const uint8_t *>(msg->data) + sizeof *oh;
    for (size_t i = 0; i < payload; i++) {
        if (p[i] != uint8_t(xid * 7 + i)) {
            return ::testing::AssertionFailure()
                   << "message " << xid << ": byte " << i << " differs";
        }
    }
    return ::testing::AssertionSuccess();
}

/* Runs both sides until 'done' or 10 s have passed. */
template <typename Done>
bool
pump(vconn *client, Peer &peer, Done done)
{
    const long long int deadline = time_msec() + 10000;
    while (time_msec() < deadline) {
        if (client) {
            vconn_run(client);
        }
        peer.step();
        if (done()) {
            return true;
        }
    }
    return false;
}

class BatchingVconnTest : public ::testing::Test {
protected:
    /* A write to a closed peer must fail with EPIPE, not kill the test
     * binary, as in ovn-controller. */
    static void SetUpTestSuite() { fatal_ignore_sigpipe(); }

    void
    connect(size_t flush_bytes = ovs::BATCHING_VCONN_FLUSH_BYTES)
    {
        ASSERT_TRUE(peer_.ok());
        ASSERT_EQ(0, ovs::batching_vconn_open(peer_.target().c_str(),
                                              VERSIONS, &client_,
                                              flush_bytes));
        ASSERT_TRUE(ovs::is_batching_vconn(client_.get()));
        ASSERT_TRUE(pump(client_.get(), peer_, [&] {
            return !vconn_connect(client_.get()) && peer_.step();
        }));
        EXPECT_EQ(OFP15_VERSION, vconn_get_version(client_.get()));
    }

    /* Sends messages 0 to 'n' - 1 and receives them on the peer, which
     * reads whatever arrived each time the client refuses a message (the
     * socket is full): the refused message is sent again, as rconn does.
     * Returns how many arrived intact and in order. */
    uint32_t
    transfer(uint32_t n)
    {
        uint32_t next_send = 0;
        uint32_t next_recv = 0;
        pump(client_.get(), peer_, [&] {
            while (next_send < n) {
                ovs::OfpbufPtr msg = make_msg(next_send,
                                              payload_of(next_send));
                const int error = vconn_send(client_.get(), msg.get());
                if (error) {
                    EXPECT_EQ(EAGAIN, error);
                    break;
                }
                msg.release();
                next_send++;
            }
            ovs::OfpbufPtr msg;
            while (!peer_.recv(&msg)) {
                EXPECT_TRUE(is_msg(msg.get(), next_recv,
                                   payload_of(next_recv)));
                next_recv++;
            }
            return next_recv == n;
        });
        return next_recv;
    }

    /* Receives messages 'first'... on the peer until 'n' arrived, checking
     * each; returns how many arrived. */
    uint32_t
    receive(uint32_t first, uint32_t n)
    {
        uint32_t got = 0;
        pump(client_.get(), peer_, [&] {
            ovs::OfpbufPtr msg;
            while (got < n && !peer_.recv(&msg)) {
                EXPECT_TRUE(is_msg(msg.get(), first + got,
                                   payload_of(first + got)));
                got++;
            }
            return got == n;
        });
        return got;
    }

    Peer peer_;
    ovs::VconnPtr client_;
};

TEST_F(BatchingVconnTest, MessagesArriveIntactInOrderInFewerWrites)
{
    connect();
    const uint64_t writes_before = ovs::batching_vconn_stats(
        client_.get()).n_writes;
    const uint32_t n = 2000;
    EXPECT_EQ(n, transfer(n));

    const ovs::BatchingVconnStats s = ovs::batching_vconn_stats(
        client_.get());
    const uint64_t writes = s.n_writes - writes_before;
    EXPECT_GT(writes, 0u);
    /* About 3 MB in 48 kB writes. */
    EXPECT_LT(writes, n / 20) << writes << " writes for " << n
                              << " messages";
}

TEST_F(BatchingVconnTest, SmallMessageLeavesBeforeThePollLoopSleeps)
{
    connect();
    const uint64_t writes = ovs::batching_vconn_stats(client_.get())
        .n_writes;
    ASSERT_EQ(0, vconn_send(client_.get(),
                            make_msg(1, payload_of(1)).release()));
    /* Below the threshold: nothing written yet. */
    EXPECT_EQ(writes, ovs::batching_vconn_stats(client_.get()).n_writes);
    /* The poll loop is about to sleep: written now, and no wake-up for
     * it (the poll loop would sleep until the timer, had nothing else
     * woken it). */
    vconn_run_wait(client_.get());
    EXPECT_EQ(writes + 1,
              ovs::batching_vconn_stats(client_.get()).n_writes);
    poll_timer_wait(200);
    const long long int start = time_msec();
    poll_block();
    EXPECT_GE(time_msec() - start, 150);

    EXPECT_EQ(1u, receive(1, 1));
}

TEST_F(BatchingVconnTest, ReceiveWritesTheBufferFirst)
{
    connect();
    ASSERT_EQ(0, vconn_send(client_.get(), make_msg(5, 100).release()));
    /* A receive on the client (which gets nothing) is enough to send. */
    ofpbuf *reply = nullptr;
    EXPECT_EQ(EAGAIN, vconn_recv(client_.get(), &reply));
    uint32_t got = 0;
    ASSERT_TRUE(pump(nullptr, peer_, [&] {
        ovs::OfpbufPtr msg;
        if (!peer_.recv(&msg)) {
            EXPECT_TRUE(is_msg(msg.get(), 5, 100));
            got++;
        }
        return got == 1;
    }));
}

TEST_F(BatchingVconnTest, SlowReaderBackPressureLosesNothing)
{
    connect(16 * 1024);
    /* 40000 messages of up to 3 kB, 60 MB: far more than the socket
     * holds.  The peer reads only when the client refuses a message; the
     * refused message is sent again, as rconn does. */
    const uint32_t n = 40000;
    uint32_t next_send = 0;
    uint32_t next_recv = 0;
    uint32_t n_refusals = 0;
    const long long int deadline = time_msec() + 30000;
    while (next_recv < n && time_msec() < deadline) {
        vconn_run(client_.get());
        while (next_send < n) {
            ovs::OfpbufPtr msg = make_msg(next_send, payload_of(next_send));
            const int error = vconn_send(client_.get(), msg.get());
            if (error) {
                ASSERT_EQ(EAGAIN, error);
                n_refusals++;
                break;          /* 'msg' is still ours: freed here. */
            }
            msg.release();
            next_send++;
        }
        /* Read a little only: the writer stays ahead. */
        ovs::OfpbufPtr msg;
        for (int i = 0; i < 200 && !peer_.recv(&msg); i++) {
            ASSERT_TRUE(is_msg(msg.get(), next_recv, payload_of(next_recv)));
            next_recv++;
        }
    }
    EXPECT_EQ(n, next_recv);
    EXPECT_GT(n_refusals, 0u);
    EXPECT_EQ(n_refusals,
              ovs::batching_vconn_stats(client_.get()).n_refused);
}

TEST_F(BatchingVconnTest, PeerClosingIsReported)
{
    connect();
    peer_.close();
    int error = 0;
    for (int i = 0; i < 1000 && !error; i++) {
        vconn_run(client_.get());
        ofpbuf *msg = nullptr;
        error = vconn_recv(client_.get(), &msg);
        if (error == EAGAIN) {
            error = 0;
        }
    }
    EXPECT_EQ(EOF, error);
}

TEST_F(BatchingVconnTest, WritingToAClosedPeerFails)
{
    connect(1);                 /* Every message is written at once. */
    peer_.close();
    int error = 0;
    for (uint32_t xid = 0; xid < 1000 && !error; xid++) {
        ovs::OfpbufPtr msg = make_msg(xid, 100);
        error = vconn_send(client_.get(), msg.get());
        if (!error) {
            msg.release();
        }
        vconn_run(client_.get());
    }
    EXPECT_NE(0, error);
    EXPECT_NE(EAGAIN, error);
}

/* The way ofctrl uses it: an unreliable rconn, which keeps its queue,
 * probes and negotiation, and reports the disconnect by going to
 * DISCONNECTED rather than reconnecting. */
TEST_F(BatchingVconnTest, UnderAnRconnAllArriveAndDisconnectIsReported)
{
    ASSERT_TRUE(peer_.ok());
    ovs::VconnPtr v;
    ASSERT_EQ(0, ovs::batching_vconn_open(peer_.target().c_str(), VERSIONS,
                                          &v));
    ovs::RconnPtr rc(rconn_create(0, 8, 0, VERSIONS));
    rconn_connect_unreliably(rc.get(), v.release(), nullptr);
    ASSERT_TRUE(pump(nullptr, peer_, [&] {
        rconn_run(rc.get());
        return rconn_is_connected(rc.get()) && peer_.step();
    }));
    const unsigned int seqno = rconn_get_connection_seqno(rc.get());

    const uint32_t n = 5000;
    for (uint32_t xid = 0; xid < n; xid++) {
        ASSERT_EQ(0, rconn_send(rc.get(),
                                make_msg(xid, payload_of(xid)).release(),
                                nullptr));
        if (xid % 256 == 0) {
            rconn_run(rc.get());
        }
    }
    uint32_t got = 0;
    ASSERT_TRUE(pump(nullptr, peer_, [&] {
        rconn_run(rc.get());
        ovs::OfpbufPtr msg;
        while (!peer_.recv(&msg)) {
            EXPECT_TRUE(is_msg(msg.get(), got, payload_of(got)));
            got++;
        }
        return got == n;
    }));
    EXPECT_EQ(n, got);

    peer_.close();
    ASSERT_TRUE(pump(nullptr, peer_, [&] {
        rconn_run(rc.get());
        ovs::OfpbufPtr msg(rconn_recv(rc.get()));
        return !rconn_is_alive(rc.get());
    }));
    EXPECT_STREQ("DISCONNECTED", rconn_get_state(rc.get()));
    EXPECT_NE(seqno, rconn_get_connection_seqno(rc.get()));
}

TEST(BatchingVconnOpen, FailsWithoutListener)
{
    ovs::VconnPtr v;
    EXPECT_NE(0, ovs::batching_vconn_open(
                     "unix:/nonexistent/ovn-unit-bvconn.sock", VERSIONS,
                     &v));
    EXPECT_FALSE(v);
}

}  // namespace
