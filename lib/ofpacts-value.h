/* Ofpacts: an owned, immutable copy of a sequence of OVS 'struct ofpact's
 * (the decoded form of OpenFlow actions), with equality and formatting as
 * OVS defines them.  Anyone may include this. */
#ifndef LIB_OFPACTS_VALUE_H
#define LIB_OFPACTS_VALUE_H 1

#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include "openvswitch/ofp-actions.h"
#include "openvswitch/ofpbuf.h"

namespace ovs {

class Ofpacts {
public:
    /* No actions (drop). */
    Ofpacts() noexcept = default;
    /* Copies 'len' bytes of ofpacts from 'ofpacts', zeroing the padding
     * that OVS may leave uninitialized so that == compares meaning. */
    Ofpacts(const ofpact *ofpacts, size_t len);
    /* Copies the ofpacts that 'buf' holds (as built by ofpact_put_*()). */
    explicit Ofpacts(const ofpbuf &buf)
        : Ofpacts(static_cast<const ofpact *>(buf.data), buf.size) {}

    Ofpacts(const Ofpacts &o) : Ofpacts(o.data(), o.size()) {}
    Ofpacts &operator=(const Ofpacts &o);
    /* A moved-from Ofpacts is empty (drop), not a length without data. */
    Ofpacts(Ofpacts &&o) noexcept
        : words_(std::move(o.words_)), len_(std::exchange(o.len_, 0)) {}
    Ofpacts &operator=(Ofpacts &&o) noexcept
    {
        words_ = std::move(o.words_);
        len_ = std::exchange(o.len_, 0);
        return *this;
    }

    const ofpact *data() const noexcept
    {
        return reinterpret_cast<const ofpact *>(words_.get());
    }
    /* Length in bytes. */
    size_t size() const noexcept { return len_; }
    bool empty() const noexcept { return len_ == 0; }

    bool operator==(const Ofpacts &o) const noexcept;
    bool operator!=(const Ofpacts &o) const noexcept { return !(*this == o); }

    /* ovs-ofctl syntax, e.g. "output:1"; "drop" when empty. */
    std::string to_string() const;

private:
    /* ofpacts are 8-byte aligned (OFPACT_ALIGNTO). */
    std::unique_ptr<uint64_t[]> words_;
    size_t len_ = 0;
};

}  // namespace ovs

#endif  /* lib/ofpacts-value.h */
