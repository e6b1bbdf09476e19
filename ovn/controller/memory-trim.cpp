#include <config.h>

#include "ovn/controller/memory-trim.h"

#include <dlfcn.h>
#include <malloc.h>
#include <unistd.h>

#include <cstdio>

#include "lib/ovs-internal.h"
#include "openvswitch/poll-loop.h"
#include "openvswitch/vlog.h"

VLOG_DEFINE_THIS_MODULE(memory_trim);
COVERAGE_DEFINE(memory_trim);

namespace ovn {

namespace {

/* The resident set size in kB, from /proc/self/statm (0 if unknown). */
size_t
rss_kb()
{
    FILE *f = fopen("/proc/self/statm", "r");
    if (!f) {
        return 0;
    }
    unsigned long size, resident;
    const bool ok = fscanf(f, "%lu %lu", &size, &resident) == 2;
    fclose(f);
    return ok ? resident * (sysconf(_SC_PAGESIZE) / 1024) : 0;
}

/* tcmalloc's way to give its free pages back, if the process runs on
 * tcmalloc (configure's --with-tcmalloc links it into the daemon; the
 * sanitizer build, which compiles this file too, keeps glibc's), else
 * null.  Looked up at run time so that one object serves both. */
using ReleaseFreeMemory = void (*)();

ReleaseFreeMemory
tcmalloc_release()
{
    static const ReleaseFreeMemory release
        = reinterpret_cast<ReleaseFreeMemory>(
            dlsym(RTLD_DEFAULT, "MallocExtension_ReleaseFreeMemory"));
    return release;
}

}  // namespace

const char *
memory_allocator_name()
{
    return tcmalloc_release() ? "tcmalloc" : "glibc";
}

void
MemoryTrimmer::set_timeout(long long msec) noexcept
{
    timeout_ = msec > 0 ? msec : 0;
    if (!timeout_) {
        pending_ = false;
        large_seqno_ = 0;
    }
}

void
MemoryTrimmer::record_activity(long long now) noexcept
{
    last_activity_ = now;
    pending_ = timeout_ > 0;
}

void
MemoryTrimmer::record_computation(long long msec, uint64_t seqno) noexcept
{
    if (timeout_ && msec >= LARGE_MSEC && seqno) {
        large_seqno_ = seqno;
    }
}

bool
MemoryTrimmer::run(long long now, uint64_t acked_seqno)
{
    const bool acked = large_seqno_ && acked_seqno >= large_seqno_;
    if (!acked && (!pending_ || now < last_activity_ + timeout_)) {
        return false;
    }
    pending_ = false;
    large_seqno_ = 0;
    const MemoryTrimResult r = memory_trim_now();
    n_trims_++;
    if (acked) {
        VLOG_DBG("large computation installed: trimmed memory, RSS %zu kB "
                 "-> %zu kB", r.rss_kb_before, r.rss_kb_after);
    } else {
        VLOG_DBG("idle for %lld ms: trimmed memory, RSS %zu kB -> %zu kB",
                 timeout_, r.rss_kb_before, r.rss_kb_after);
    }
    return true;
}

void
MemoryTrimmer::wait() const
{
    if (pending_) {
        poll_timer_wait_until(last_activity_ + timeout_);
    }
}

MemoryTrimResult
memory_trim_now()
{
    COVERAGE_INC(memory_trim);
    MemoryTrimResult r;
    r.rss_kb_before = rss_kb();
    if (ReleaseFreeMemory release = tcmalloc_release()) {
        release();
    } else {
        malloc_trim(0);
    }
    r.rss_kb_after = rss_kb();
    return r;
}

}  // namespace ovn
