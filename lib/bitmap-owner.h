/* Bitmap: a fixed-size OVS bitmap owned by its scope (through the bitmap
 * shim, since bitmap.h is not valid C++).  Used by ID allocators that must
 * hand out the lowest free ID.  Anyone may include this. */
#ifndef LIB_BITMAP_OWNER_H
#define LIB_BITMAP_OWNER_H 1

#include <cstddef>
#include <memory>
#include <optional>
#include <utility>

#include "lib/c-ptr.h"
#include "lib/shim/bitmap-shim.h"

namespace ovs {

class Bitmap {
public:
    /* 'n_bits' zero bits. */
    explicit Bitmap(size_t n_bits)
        : bits_(ovs_shim_bitmap_allocate(n_bits)), n_bits_(n_bits) {}

    /* A moved-from Bitmap has no bits, rather than a size and no memory. */
    Bitmap(Bitmap &&o) noexcept
        : bits_(std::move(o.bits_)), n_bits_(std::exchange(o.n_bits_, 0)) {}
    Bitmap &operator=(Bitmap &&o) noexcept
    {
        bits_ = std::move(o.bits_);
        n_bits_ = std::exchange(o.n_bits_, 0);
        return *this;
    }

    size_t size() const noexcept { return n_bits_; }
    bool test(size_t idx) const noexcept
    {
        return ovs_shim_bitmap_is_set(bits_.get(), idx);
    }
    void set(size_t idx, bool value = true) noexcept
    {
        ovs_shim_bitmap_set(bits_.get(), idx, value);
    }
    void reset(size_t idx) noexcept { set(idx, false); }
    size_t count() const noexcept
    {
        return ovs_shim_bitmap_count1(bits_.get(), n_bits_);
    }

    /* The lowest index in [start, size()) whose bit is 0, if any. */
    std::optional<size_t> first_zero(size_t start = 0) const noexcept
    {
        size_t idx = ovs_shim_bitmap_scan(bits_.get(), false, start,
                                          n_bits_);
        return idx < n_bits_ ? std::optional<size_t>(idx) : std::nullopt;
    }

private:
    CPtr<unsigned long, ovs_shim_bitmap_free> bits_;
    size_t n_bits_;
};

}  // namespace ovs

#endif  /* lib/bitmap-owner.h */
