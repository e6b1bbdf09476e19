/* chassis-hostname: the system's host name, for the Chassis row.
 *
 * Unless external_ids:hostname sets it, the Chassis carries the system's
 * host name, whose changes no database reports.  Asking the kernel on
 * every main-loop iteration costs a system call (uname()) each time, about
 * twenty a bind and unbind round.  SystemHostname asks again only when its
 * last answer is at least REFRESH_MSEC old, or when told to (the local
 * configuration read again): a renamed host reaches the Southbound on the
 * first wake-up at least a second after the last read, with no timer of
 * its own (nothing wakes the main loop for a rename either way).
 *
 * Owns the last answer; the main loop asks it for the name. */
#ifndef OVN_CONTROLLER_CHASSIS_HOSTNAME_H
#define OVN_CONTROLLER_CHASSIS_HOSTNAME_H 1

#include <functional>
#include <string>

namespace ovn {

class SystemHostname {
public:
    static constexpr long long REFRESH_MSEC = 1000;

    /* 'read' asks the system (gethostname() unless a test gives its own);
     * it returns "" on failure. */
    explicit SystemHostname(
        std::function<std::string()> read = read_system_hostname);

    /* The host name at 'now' (msec, monotonic). */
    const std::string &get(long long now);
    /* The next get() asks the system again, whatever the time. */
    void invalidate() noexcept { valid_ = false; }

    unsigned long long n_reads() const noexcept { return n_reads_; }

    static std::string read_system_hostname();

private:
    std::function<std::string()> read_;
    std::string name_;
    long long read_at_ = 0;
    bool valid_ = false;
    unsigned long long n_reads_ = 0;
};

}  // namespace ovn

#endif  /* ovn/controller/chassis-hostname.h */
