#include <config.h>

#include "ovn/controller/chassis-hostname.h"

#include <climits>
#include <unistd.h>

#include <utility>

namespace ovn {

SystemHostname::SystemHostname(std::function<std::string()> read)
    : read_(std::move(read))
{
}

const std::string &
SystemHostname::get(long long now)
{
    if (!valid_ || now - read_at_ >= REFRESH_MSEC || now < read_at_) {
        name_ = read_();
        read_at_ = now;
        valid_ = true;
        n_reads_++;
    }
    return name_;
}

std::string
SystemHostname::read_system_hostname()
{
    char buf[HOST_NAME_MAX + 1];
    if (gethostname(buf, sizeof buf)) {
        return "";
    }
    buf[sizeof buf - 1] = '\0';
    return buf;
}

}  // namespace ovn
