/* OpenHashIndex<T>: pointers to T by a 32-bit hash, in an open-addressing
 * table (linear probing, kept between 1/8 and 3/4 full) that stores each
 * hash beside its pointer.  A lookup reads contiguous slots and touches an
 * element only when its hash matches: in a table too large for the caches,
 * a miss costs about one cache miss, where a chained hmap costs one for
 * the bucket and one more per node of its chain.
 *
 * The index owns its slots, never the elements: whoever inserts an element
 * removes it before freeing it, with the hash it was inserted under.
 * Several elements may share a hash.  The index must not change while
 * for_each() runs (collect the elements first to remove them).  Not
 * thread-safe.  Anyone may include this. */
#ifndef LIB_OPEN_HASH_INDEX_H
#define LIB_OPEN_HASH_INDEX_H 1

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "util.h"

namespace ovs {

template <typename T>
class OpenHashIndex {
public:
    size_t size() const noexcept { return n_; }
    bool empty() const noexcept { return !n_; }
    /* Bytes of slots allocated. */
    size_t memory_bytes() const noexcept
    {
        return slots_.capacity() * sizeof(Slot);
    }

    /* The first element with 'hash' for which 'match(const T &)' is true,
     * or null. */
    template <typename Match>
    T *find(uint32_t hash, Match &&match) const
    {
        if (!n_) {
            return nullptr;
        }
        const size_t mask = slots_.size() - 1;
        for (size_t i = hash & mask; slots_[i].elem; i = (i + 1) & mask) {
            if (slots_[i].hash == hash && match(*slots_[i].elem)) {
                return slots_[i].elem;
            }
        }
        return nullptr;
    }

    void insert(T *elem, uint32_t hash)
    {
        if (4 * (n_ + 1) > 3 * slots_.size()) {
            rehash(slots_.empty() ? MIN_SLOTS : 2 * slots_.size());
        }
        place(elem, hash);
        n_++;
    }

    /* Removes 'elem', which must have been inserted under 'hash'. */
    void remove(const T *elem, uint32_t hash) noexcept
    {
        const size_t mask = slots_.size() - 1;
        size_t hole = hash & mask;
        while (slots_[hole].elem != elem) {
            ovs_assert(slots_[hole].elem);
            hole = (hole + 1) & mask;
        }
        /* Backward shift: every element after the hole, up to the next
         * empty slot, that would not be found past the hole moves into
         * it, so that no lookup stops short of its element. */
        for (size_t j = (hole + 1) & mask; slots_[j].elem;
             j = (j + 1) & mask) {
            const size_t home = slots_[j].hash & mask;
            const bool stays = (hole <= j ? hole < home && home <= j
                                          : hole < home || home <= j);
            if (!stays) {
                slots_[hole] = slots_[j];
                hole = j;
            }
        }
        slots_[hole] = Slot();
        n_--;
        if (slots_.size() > MIN_SLOTS && 8 * n_ < slots_.size()) {
            /* Give back the slots of a table that was much larger. */
            rehash(slots_.size() / 2);
        }
    }

    /* Calls 'visit(T &)' for each element, in no particular order. */
    template <typename Visit>
    void for_each(Visit &&visit) const
    {
        for (const Slot &s : slots_) {
            if (s.elem) {
                visit(*s.elem);
            }
        }
    }

    /* The elements, for a caller that removes them as it goes. */
    std::vector<T *> elements() const
    {
        std::vector<T *> v;
        v.reserve(n_);
        for_each([&](T &e) { v.push_back(&e); });
        return v;
    }

private:
    static constexpr size_t MIN_SLOTS = 16;

    struct Slot {
        uint32_t hash = 0;
        T *elem = nullptr;
    };

    void place(T *elem, uint32_t hash) noexcept
    {
        const size_t mask = slots_.size() - 1;
        size_t i = hash & mask;
        while (slots_[i].elem) {
            i = (i + 1) & mask;
        }
        slots_[i].hash = hash;
        slots_[i].elem = elem;
    }

    void rehash(size_t n_slots)
    {
        std::vector<Slot> old(n_slots);
        old.swap(slots_);
        for (const Slot &s : old) {
            if (s.elem) {
                place(s.elem, s.hash);
            }
        }
    }

    std::vector<Slot> slots_;   /* A power of 2 of them, or none. */
    size_t n_ = 0;
};

}  // namespace ovs

#endif  /* lib/open-hash-index.h */
