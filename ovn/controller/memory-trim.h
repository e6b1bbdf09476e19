/* memory-trim: gives the memory that ovn-controller freed back to the
 * system.
 *
 * After a large recompute, or once many flows are gone, the allocator
 * keeps the freed memory and the daemon's RSS stays at its peak.  As 23.03
 * does with its lflow cache's trimmer, once the computation has been idle
 * for 'ovn-trim-timeout-ms' (external_ids of the Open_vSwitch row, default
 * 30000; 0 disables it) after some activity, MemoryTrimmer gives the free
 * pages back once (glibc's malloc_trim(), or tcmalloc's release when the
 * daemon runs on tcmalloc).  A computation that took LARGE_MSEC or more (a
 * large recompute, a 100k-address set installed) leaves most of its peak
 * behind as free heap (compiled matches, the messages of its flows): then,
 * unless trimming is disabled, the trim comes as soon as the switch has
 * acknowledged that computation's flows, not a timeout later.
 * memory_trim_now() is the unixctl 'memory/trim'.
 *
 * Owns only its timer; the main loop tells it about activity. */
#ifndef OVN_CONTROLLER_MEMORY_TRIM_H
#define OVN_CONTROLLER_MEMORY_TRIM_H 1

#include <cstddef>
#include <cstdint>

namespace ovn {

class MemoryTrimmer {
public:
    static constexpr long long DEFAULT_TIMEOUT_MSEC = 30000;
    static constexpr long long LARGE_MSEC = 200;

    /* 0 disables automatic trimming. */
    void set_timeout(long long msec) noexcept;
    /* Something was computed at 'now' (msec): trim once the computation
     * has been idle for the timeout. */
    void record_activity(long long now) noexcept;
    /* A computation took 'msec' and its flows were put with sequence
     * number 'seqno'. */
    void record_computation(long long msec, uint64_t seqno) noexcept;
    /* Trims if the time has come, or if the switch has acknowledged
     * ('acked_seqno') the flows of a large computation.  Returns true if
     * it did. */
    bool run(long long now, uint64_t acked_seqno = 0);
    void wait() const;

    unsigned long long n_trims() const noexcept { return n_trims_; }

private:
    long long timeout_ = DEFAULT_TIMEOUT_MSEC;
    long long last_activity_ = 0;
    bool pending_ = false;
    /* The sequence number of the last large computation's flows, until
     * they are acknowledged and the memory trimmed; 0: none. */
    uint64_t large_seqno_ = 0;
    unsigned long long n_trims_ = 0;
};

/* Returns freed heap memory to the system now.  Returns the resident set
 * size, in kB, before and after (0 if /proc does not tell). */
struct MemoryTrimResult {
    size_t rss_kb_before;
    size_t rss_kb_after;
};
MemoryTrimResult memory_trim_now();

/* The allocator the process runs on: "tcmalloc" or "glibc". */
const char *memory_allocator_name();

}  // namespace ovn

#endif  /* ovn/controller/memory-trim.h */
