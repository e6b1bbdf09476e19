/* memory-trim: gives the memory that ovn-controller freed back to the
 * system.
 *
 * After a large recompute, or once many flows are gone, glibc keeps the
 * freed memory in its heap and the daemon's RSS stays at its peak.  As
 * 23.03 does with its lflow cache's trimmer, once the computation has been
 * idle for 'ovn-trim-timeout-ms' (external_ids of the Open_vSwitch row,
 * default 30000; 0 disables it) after some activity, MemoryTrimmer calls
 * malloc_trim() once.  memory_trim_now() is the unixctl 'memory/trim'.
 *
 * Owns only its timer; the main loop tells it about activity. */
#ifndef OVN_CONTROLLER_MEMORY_TRIM_H
#define OVN_CONTROLLER_MEMORY_TRIM_H 1

#include <cstddef>

namespace ovn {

class MemoryTrimmer {
public:
    static constexpr long long DEFAULT_TIMEOUT_MSEC = 30000;

    /* 0 disables automatic trimming. */
    void set_timeout(long long msec) noexcept;
    /* Something was computed at 'now' (msec): trim once the computation
     * has been idle for the timeout. */
    void record_activity(long long now) noexcept;
    /* Trims if the time has come.  Returns true if it did. */
    bool run(long long now);
    void wait() const;

    unsigned long long n_trims() const noexcept { return n_trims_; }

private:
    long long timeout_ = DEFAULT_TIMEOUT_MSEC;
    long long last_activity_ = 0;
    bool pending_ = false;
    unsigned long long n_trims_ = 0;
};

/* Returns freed heap memory to the system now.  Returns the resident set
 * size, in kB, before and after (0 if /proc does not tell). */
struct MemoryTrimResult {
    size_t rss_kb_before;
    size_t rss_kb_after;
};
MemoryTrimResult memory_trim_now();

}  // namespace ovn

#endif  /* ovn/controller/memory-trim.h */
