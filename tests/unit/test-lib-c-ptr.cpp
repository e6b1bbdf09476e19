#include <config.h>

#include "lib/c-ptr.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <string>
#include <type_traits>
#include <utility>

#include <gtest/gtest.h>

#include "openvswitch/dynamic-string.h"
#include "openvswitch/ofp-protocol.h"

namespace {

/* A stand-in for an OVS destroy function that records each call, so that
 * CPtr's contract (destroy exactly once, never for null) can be checked
 * without valgrind. */
int n_destroyed;

void
destroy_counted(int *p)
{
    n_destroyed++;
    delete p;
}

using CountedPtr = ovs::CPtr<int, destroy_counted>;

/* The number of file descriptors this process has open.  Closing an rconn
 * or vconn is observable only as its socket going away. */
int
count_open_fds()
{
    DIR *dir = opendir("/proc/self/fd");
    if (!dir) {
        return -1;
    }
    int n = 0;
    while (readdir(dir)) {
        n++;
    }
    closedir(dir);
    return n;
}

bool
file_exists(const std::string &path)
{
    struct stat s;
    return !stat(path.c_str(), &s);
}

/* A fresh temporary directory, removed (once empty) at end of scope. */
class TempDir {
public:
    TempDir()
    {
        char dir_template[] = "/tmp/ovn-unit-c-ptr-XXXXXX";
        if (mkdtemp(dir_template)) {
            path_ = dir_template;
        }
    }
    ~TempDir()
    {
        if (!path_.empty()) {
            rmdir(path_.c_str());
        }
    }
    TempDir(const TempDir &) = delete;
    TempDir &operator=(const TempDir &) = delete;

    const std::string &path() const { return path_; }

private:
    std::string path_;
};

/* A "punix:" listener in a fresh temporary directory, so that a real vconn
 * can be opened without any network or daemon. */
class UnixListener {
public:
    UnixListener()
    {
        if (!dir_.path().empty()) {
            path_ = dir_.path() + "/sock";
            error_ = pvconn_open(("punix:" + path_).c_str(), VERSIONS, 0,
                                 &pvconn_);
        }
    }
    ~UnixListener()
    {
        /* Closing a punix listener also unlinks its socket, so that 'dir_'
         * can go. */
        if (pvconn_) {
            pvconn_close(pvconn_);
        }
    }
    UnixListener(const UnixListener &) = delete;
    UnixListener &operator=(const UnixListener &) = delete;

    bool ok() const { return pvconn_ && !error_; }
    std::string target() const { return "unix:" + path_; }

    /* Accepts the connection that a client opened, if any. */
    ovs::VconnPtr
    accept()
    {
        vconn *v = nullptr;
        if (pvconn_accept(pvconn_, &v)) {
            return nullptr;
        }
        return ovs::VconnPtr(v);
    }

    static constexpr uint32_t VERSIONS = 1u << OFP15_VERSION;

private:
    TempDir dir_;
    std::string path_;
    pvconn *pvconn_ = nullptr;
    int error_ = -1;
};

ovs::VconnPtr
open_vconn(const std::string &target)
{
    vconn *v = nullptr;
    if (vconn_open(target.c_str(), UnixListener::VERSIONS, 0, &v)) {
        return nullptr;
    }
    return ovs::VconnPtr(v);
}

}  // namespace

/* The deleters carry no state, so an owning handle costs nothing over the
 * raw pointer it replaces. */
static_assert(sizeof(ovs::RconnPtr) == sizeof(rconn *));
static_assert(sizeof(ovs::RconnPacketCounterPtr)
              == sizeof(rconn_packet_counter *));
static_assert(sizeof(ovs::VconnPtr) == sizeof(vconn *));
static_assert(sizeof(ovs::OfpbufPtr) == sizeof(ofpbuf *));
static_assert(sizeof(ovs::CStringPtr) == sizeof(char *));
static_assert(sizeof(ovs::UnixctlServerPtr) == sizeof(unixctl_server *));

/* Ownership is unique: the handles move but never copy. */
static_assert(!std::is_copy_constructible_v<ovs::OfpbufPtr>);
static_assert(std::is_nothrow_move_constructible_v<ovs::OfpbufPtr>);

TEST(CPtr, DestroysTheOwnedObjectExactlyOnceAtEndOfScope)
{
    n_destroyed = 0;
    {
        CountedPtr p(new int(7));
        EXPECT_EQ(7, *p);
        EXPECT_EQ(0, n_destroyed);
    }
    EXPECT_EQ(1, n_destroyed);
}

TEST(CPtr, NeverCallsDestroyForNull)
{
    n_destroyed = 0;
    {
        CountedPtr empty;
        CountedPtr reset_to_null(nullptr);
        reset_to_null.reset();
    }
    EXPECT_EQ(0, n_destroyed);
}

TEST(CPtr, ResetDestroysThePreviousObject)
{
    n_destroyed = 0;
    CountedPtr p(new int(1));
    p.reset(new int(2));
    EXPECT_EQ(1, n_destroyed);
    EXPECT_EQ(2, *p);
    p.reset();
    EXPECT_EQ(2, n_destroyed);
}

TEST(CPtr, ReleaseGivesUpOwnershipWithoutDestroying)
{
    n_destroyed = 0;
    int *raw;
    {
        CountedPtr p(new int(3));
        raw = p.release();
        EXPECT_FALSE(p);
    }
    EXPECT_EQ(0, n_destroyed);
    destroy_counted(raw);
    EXPECT_EQ(1, n_destroyed);
}

TEST(CPtr, MoveTransfersOwnershipSoOnlyTheTargetDestroys)
{
    n_destroyed = 0;
    {
        CountedPtr a(new int(4));
        CountedPtr b(std::move(a));
        EXPECT_FALSE(a);
        ASSERT_TRUE(b);
        EXPECT_EQ(4, *b);
    }
    EXPECT_EQ(1, n_destroyed);
}

/* The remaining tests hand real OVS objects to the aliases.  Memory leaks in
 * them fail "make check-valgrind"; closed sockets are checked directly. */

TEST(OfpbufPtr, DeletesABufferThatGrewPastItsFirstAllocation)
{
    ovs::OfpbufPtr buf(ofpbuf_new(8));
    ASSERT_TRUE(buf);
    /* Growing reallocates the data, which ofpbuf_delete() must free along
     * with the header. */
    memset(ofpbuf_put_uninit(buf.get(), 4096), 0xab, 4096);
    EXPECT_EQ(4096u, buf->size);
}

TEST(OfpbufPtr, ReleasedBufferIsTheCallersToDelete)
{
    ovs::OfpbufPtr buf(ofpbuf_new(16));
    ofpbuf_put_zeros(buf.get(), 16);
    ofpbuf *raw = buf.release();
    EXPECT_FALSE(buf);
    EXPECT_EQ(16u, raw->size);
    ofpbuf_delete(raw);
}

TEST(CStringPtr, FreesAStringThatOvsAllocated)
{
    ds text = DS_EMPTY_INITIALIZER;
    ds_put_format(&text, "table=%d,priority=%d", 3, 100);
    ovs::CStringPtr s(ds_steal_cstr(&text));
    ASSERT_TRUE(s);
    EXPECT_STREQ("table=3,priority=100", s.get());
}

TEST(RconnPacketCounterPtr, DropsTheLastReference)
{
    ovs::RconnPacketCounterPtr counter(rconn_packet_counter_create());
    ASSERT_TRUE(counter);
    EXPECT_EQ(0u, rconn_packet_counter_n_packets(counter.get()));
}

TEST(RconnPtr, DestroysAnUnconnectedRconn)
{
    ovs::RconnPtr rc(rconn_create(5, 8, 0, UnixListener::VERSIONS));
    ASSERT_TRUE(rc);
    EXPECT_FALSE(rconn_is_connected(rc.get()));
}

TEST(VconnPtr, ClosesTheConnectionAtEndOfScope)
{
    UnixListener listener;
    ASSERT_TRUE(listener.ok());
    /* A first connection lets OVS's one-time setup keep its descriptors
     * (the fatal-signal pipe) before the count is taken. */
    open_vconn(listener.target());
    listener.accept();
    const int baseline = count_open_fds();
    {
        ovs::VconnPtr client = open_vconn(listener.target());
        ASSERT_TRUE(client);
        ovs::VconnPtr server = listener.accept();
        ASSERT_TRUE(server);
        EXPECT_EQ(baseline + 2, count_open_fds());
    }
    EXPECT_EQ(baseline, count_open_fds());
}

TEST(RconnPtr, DestroyingTheRconnClosesTheVconnItWasGiven)
{
    UnixListener listener;
    ASSERT_TRUE(listener.ok());
    /* As above: OVS's one-time setup is not the handle's to undo. */
    open_vconn(listener.target());
    listener.accept();
    const int baseline = count_open_fds();
    {
        ovs::RconnPtr rc(rconn_create(5, 8, 0, UnixListener::VERSIONS));
        ovs::VconnPtr client = open_vconn(listener.target());
        ASSERT_TRUE(client);
        /* The rconn takes the vconn over, so the handle lets go of it. */
        rconn_connect_unreliably(rc.get(), client.release(), nullptr);
        EXPECT_EQ(baseline + 1, count_open_fds());
    }
    EXPECT_EQ(baseline, count_open_fds());
}

TEST(UnixctlServerPtr, DestroyingTheServerClosesAndRemovesItsSocket)
{
    TempDir dir;
    ASSERT_FALSE(dir.path().empty());
    const std::string path = dir.path() + "/test.ctl";
    /* The first server also sets up OVS's fatal-signal pipe, which stays;
     * create one before taking the count. */
    {
        const std::string warm_up = dir.path() + "/warm-up.ctl";
        unixctl_server *raw = nullptr;
        ASSERT_EQ(0, unixctl_server_create(warm_up.c_str(), &raw));
        ovs::UnixctlServerPtr server(raw);
    }
    const int baseline = count_open_fds();
    {
        unixctl_server *raw = nullptr;
        ASSERT_EQ(0, unixctl_server_create(path.c_str(), &raw));
        ovs::UnixctlServerPtr server(raw);
        ASSERT_TRUE(server);
        EXPECT_TRUE(file_exists(path));
        EXPECT_EQ(baseline + 1, count_open_fds());
    }
    EXPECT_FALSE(file_exists(path));
    EXPECT_EQ(baseline, count_open_fds());
}

TEST(UnixctlServerPtr, NoServerForNoneIsANullHandle)
{
    /* "none" asks for no control socket; the handle is then empty and its
     * destructor has nothing to do. */
    unixctl_server *raw = nullptr;
    ASSERT_EQ(0, unixctl_server_create("none", &raw));
    ovs::UnixctlServerPtr server(raw);
    EXPECT_FALSE(server);
}
