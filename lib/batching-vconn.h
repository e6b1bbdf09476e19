/* A vconn that writes many OpenFlow messages per system call.
 *
 * Every message handed to an ordinary stream vconn is one send() on its
 * socket.  A BatchingVconn wraps such a vconn (opened with vconn_open() on
 * the same target) and appends each message it is given to an output
 * buffer, which it hands to the wrapped vconn in one piece when it holds
 * 'flush_bytes' or more, when vconn_run() runs, and before each receive.
 * The wrapped vconn's own send does not touch the bytes, so the messages
 * go out back to back, each with its own header and length.  Receiving,
 * connecting and waiting are the wrapped vconn's; the OpenFlow hello and
 * version negotiation are vconn.c's, on the outer vconn, as for any class.
 *
 * Back-pressure: while the socket refuses bytes and the buffer is full,
 * send returns EAGAIN and the caller (rconn) keeps the message queued.
 * Waiting: vconn_run_wait() and vconn_wait() wake the poll loop at once
 * while the buffer holds bytes that the socket would take, so a barrier or
 * an echo reply never waits for another event.
 *
 * Ownership: batching_vconn_open() returns the vconn as an ovs::VconnPtr;
 * whoever holds it owns it, until it is handed to rconn_connect_unreliably(),
 * which then owns it and closes it on disconnect.  The vconn owns the
 * wrapped vconn and the buffer; bytes still buffered at close are dropped,
 * as an ordinary vconn drops its unsent ones.
 *
 * Not thread-safe, as vconns are not.  Anyone may include this. */
#ifndef LIB_BATCHING_VCONN_H
#define LIB_BATCHING_VCONN_H 1

#include <cstddef>
#include <cstdint>

#include "lib/c-ptr.h"

namespace ovs {

/* The buffer size at which a send writes the buffer out: large enough for
 * a few hundred flow mods, small enough to stay well under a unix socket's
 * send buffer (the peer starts reading while we encode the rest). */
constexpr size_t BATCHING_VCONN_FLUSH_BYTES = 48 * 1024;

/* What one batching vconn has done, for tests. */
struct BatchingVconnStats {
    uint64_t n_msgs = 0;        /* Messages taken by send. */
    uint64_t n_writes = 0;      /* Buffers handed to the wrapped vconn. */
    uint64_t n_refused = 0;     /* Sends refused with EAGAIN (full). */
};

/* Opens a batching vconn on 'target' ("unix:PATH", "tcp:IP:PORT", ...),
 * which may negotiate 'allowed_versions' (a bitmap of OFP*_VERSION).  On
 * success returns 0 and stores the vconn, still connecting, in '*vconnp';
 * otherwise returns a positive errno value and leaves '*vconnp' null. */
int batching_vconn_open(const char *target, uint32_t allowed_versions,
                        VconnPtr *vconnp,
                        size_t flush_bytes = BATCHING_VCONN_FLUSH_BYTES);

/* True if 'vconn' was opened by batching_vconn_open(). */
bool is_batching_vconn(const struct vconn *vconn);

/* The counters of 'vconn', which must be a batching vconn. */
BatchingVconnStats batching_vconn_stats(const struct vconn *vconn);

}  // namespace ovs

#endif  /* lib/batching-vconn.h */
