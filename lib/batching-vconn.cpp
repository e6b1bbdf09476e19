#include <config.h>

#include "lib/batching-vconn.h"

#include "lib/ovs-internal.h"

#include <type_traits>

extern "C" {
#include "vconn-provider.h"
}
#include "openvswitch/ofpbuf.h"
#include "openvswitch/poll-loop.h"
#include "openvswitch/vlog.h"

VLOG_DEFINE_THIS_MODULE(batching_vconn);

/* Messages taken, and writes: their ratio is the batching achieved. */
COVERAGE_DEFINE(batching_vconn_msg);
COVERAGE_DEFINE(batching_vconn_write);

namespace ovs {

namespace {

/* An OpenFlow message is at most 64 kB, so a buffer allocated this much
 * beyond the flush threshold never grows. */
constexpr size_t MAX_OFP_MSG = 65535;

extern const vconn_class batching_vconn_class;

/* The C side sees 'up' only; the class's callbacks get back to the whole
 * object from it.  Allocated by batching_vconn_open(), deleted by the
 * class's close (vconn_close()). */
struct BatchingVconn {
    vconn up;                   /* Must be first (C boundary). */
    VconnPtr inner;             /* The stream vconn that does the I/O. */
    OfpbufPtr out;              /* Messages not yet handed to 'inner'. */
    size_t flush_bytes = BATCHING_VCONN_FLUSH_BYTES;
    bool blocked = false;       /* 'inner' refused the last write. */
    int error = 0;              /* A write failed: reported by send, recv. */
    BatchingVconnStats stats;

    int flush();
    bool has_output() const { return out && out->size; }
    void wake_if_writable() const;
};
static_assert(std::is_standard_layout_v<BatchingVconn>,
              "BatchingVconn must be convertible to and from its vconn");

BatchingVconn *
from_vconn(vconn *v)
{
    vconn_assert_class(v, &batching_vconn_class);
    return reinterpret_cast<BatchingVconn *>(v);
}

const BatchingVconn *
from_vconn(const vconn *v)
{
    vconn_assert_class(v, &batching_vconn_class);
    return reinterpret_cast<const BatchingVconn *>(v);
}

/* Hands the buffer to 'inner' in one write.  Returns 0 if the buffer is
 * empty afterwards, EAGAIN if 'inner' is still busy with an earlier one,
 * or the error that broke the connection. */
int
BatchingVconn::flush()
{
    if (!has_output()) {
        return 0;
    }
    /* A stream vconn's send writes what the socket takes and keeps the
     * rest to write in its run; it refuses (EAGAIN) only while it still
     * holds such a rest. */
    const int retval = inner->vclass->send(inner.get(), out.get());
    if (!retval) {
        out.release();          /* 'inner' owns it now. */
        blocked = false;
        stats.n_writes++;
        COVERAGE_INC(batching_vconn_write);
    } else if (retval == EAGAIN) {
        blocked = true;
    } else {
        static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);
        VLOG_DBG_RL(&rl, "%s: write failed (%s)", up.name,
                    ovs_strerror(retval));
        error = retval;
    }
    return retval;
}

/* Buffered bytes must not wait for an unrelated event: wake at once if
 * the socket would take them, else when it becomes writable. */
void
BatchingVconn::wake_if_writable() const
{
    if (has_output()) {
        if (blocked) {
            inner->vclass->wait(inner.get(), WAIT_SEND);
        } else {
            poll_immediate_wake();
        }
    }
}

void
batching_close(vconn *v)
{
    delete from_vconn(v);
}

int
batching_connect(vconn *v)
{
    vconn *inner = from_vconn(v)->inner.get();
    return inner->vclass->connect ? inner->vclass->connect(inner) : 0;
}

int
batching_recv(vconn *v, ofpbuf **msgp)
{
    BatchingVconn *b = from_vconn(v);
    *msgp = nullptr;
    /* A reply cannot come before its request has left. */
    b->flush();
    if (b->error) {
        return b->error;
    }
    return b->inner->vclass->recv(b->inner.get(), msgp);
}

int
batching_send(vconn *v, ofpbuf *msg)
{
    BatchingVconn *b = from_vconn(v);
    if (b->error) {
        return b->error;
    }
    if (b->has_output() && b->out->size >= b->flush_bytes) {
        const int retval = b->flush();
        if (retval) {
            /* EAGAIN: the caller keeps 'msg' and retries after our run. */
            b->stats.n_refused += retval == EAGAIN;
            return retval;
        }
    }
    if (!b->out) {
        b->out.reset(ofpbuf_new(b->flush_bytes + MAX_OFP_MSG));
    }
    ofpbuf_put(b->out.get(), msg->data, msg->size);
    ofpbuf_delete(msg);
    b->stats.n_msgs++;
    COVERAGE_INC(batching_vconn_msg);
    if (b->out->size >= b->flush_bytes) {
        /* The message is taken whatever this says: an error is reported by
         * the next send or receive. */
        b->flush();
    }
    return 0;
}

void
batching_run(vconn *v)
{
    BatchingVconn *b = from_vconn(v);
    if (b->inner->vclass->run) {
        b->inner->vclass->run(b->inner.get());
    }
    if (!b->error) {
        b->flush();
    }
}

void
batching_run_wait(vconn *v)
{
    BatchingVconn *b = from_vconn(v);
    /* The caller is about to sleep: what it sent goes now, instead of in a
     * wake-up of its own (a whole main-loop iteration for ovn-controller,
     * after each put).  What the socket does not take waits for it to be
     * writable (the stream's run_wait). */
    if (!b->error && !b->blocked) {
        b->flush();
    }
    if (b->inner->vclass->run_wait) {
        b->inner->vclass->run_wait(b->inner.get());
    }
    b->wake_if_writable();
}

void
batching_wait(vconn *v, vconn_wait_type type)
{
    const BatchingVconn *b = from_vconn(v);
    if (type == WAIT_SEND && !(b->has_output() && b->blocked)) {
        /* Send takes messages while the buffer has room or can be
         * written. */
        poll_immediate_wake();
        return;
    }
    b->inner->vclass->wait(b->inner.get(), type);
    b->wake_if_writable();
}

const vconn_class batching_vconn_class = {
    "batching",                 /* name */
    nullptr,                    /* open: only batching_vconn_open() */
    batching_close,
    batching_connect,
    batching_recv,
    batching_send,
    batching_run,
    batching_run_wait,
    batching_wait,
};

}  // namespace

int
batching_vconn_open(const char *target, uint32_t allowed_versions,
                    VconnPtr *vconnp, size_t flush_bytes)
{
    vconnp->reset();
    vconn *inner_raw = nullptr;
    const int error = vconn_open(target, allowed_versions, 0, &inner_raw);
    if (error) {
        return error;
    }
    VconnPtr inner(inner_raw);

    auto b = std::make_unique<BatchingVconn>();
    /* The wrapped vconn's connect status (0 or EAGAIN) starts ours: vconn.c
     * runs the connect, hello and negotiation on the outer one. */
    vconn_init(&b->up, &batching_vconn_class, inner->error, target,
               allowed_versions);
    b->inner = std::move(inner);
    b->flush_bytes = flush_bytes ? flush_bytes : 1;
    vconnp->reset(&b.release()->up);
    return 0;
}

bool
is_batching_vconn(const struct vconn *vconn)
{
    return vconn && vconn->vclass == &batching_vconn_class;
}

BatchingVconnStats
batching_vconn_stats(const struct vconn *vconn)
{
    return from_vconn(vconn)->stats;
}

}  // namespace ovs
