#include <config.h>

#include "lib/ofpacts-value.h"

#include <cstring>

#include "lib/dynamic-string.h"

namespace ovs {

Ofpacts::Ofpacts(const ofpact *ofpacts, size_t len)
    : words_(len ? new uint64_t[(len + 7) / 8] : nullptr), len_(len)
{
    if (len) {
        memcpy(words_.get(), ofpacts, len);
    }
}

Ofpacts &
Ofpacts::operator=(const Ofpacts &o)
{
    if (this != &o) {
        *this = Ofpacts(o);
    }
    return *this;
}

bool
Ofpacts::operator==(const Ofpacts &o) const noexcept
{
    return ofpacts_equal(data(), len_, o.data(), o.len_);
}

std::string
Ofpacts::to_string() const
{
    if (!len_) {
        return "drop";
    }
    Ds s;
    ofpact_format_params fp{};
    fp.s = s.get();
    ofpacts_format(data(), len_, &fp);
    return s.str();
}

}  // namespace ovs
