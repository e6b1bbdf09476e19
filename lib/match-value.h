/* Match and MiniMatch: value types over OVS's 'struct match' and 'struct
 * minimatch'.
 *
 * Match is the full, fixed-size form used while building or parsing a flow.
 * MiniMatch owns the compressed form that long-lived tables store: a few
 * words per field actually matched instead of the whole 'struct match'.
 * Both compare, hash and format exactly as OVS does. */
#ifndef LIB_MATCH_VALUE_H
#define LIB_MATCH_VALUE_H 1

#include <cstdint>
#include <string>

#include "lib/shim/flow-shim.h"
#include "openvswitch/match.h"
#include "openvswitch/ofp-errors.h"  /* Before ofp-flow.h; see ofp-text.h. */

namespace ovs {

class Match {
public:
    /* Matches every packet. */
    Match() noexcept { match_init_catchall(&match_); }
    explicit Match(const match &m) noexcept : match_(m) {}

    match *get() noexcept { return &match_; }
    const match *get() const noexcept { return &match_; }

    bool operator==(const Match &o) const noexcept
    {
        return match_equal(&match_, &o.match_);
    }
    bool operator!=(const Match &o) const noexcept { return !(*this == o); }
    uint32_t hash(uint32_t basis = 0) const noexcept
    {
        return match_hash(&match_, basis);
    }

    /* ovs-ofctl syntax, e.g. "reg14=0x1,metadata=0x5". */
    std::string to_string() const;

private:
    match match_;
};

class MiniMatch {
public:
    /* Matches every packet. */
    MiniMatch() noexcept { minimatch_init_catchall(&minimatch_); }
    explicit MiniMatch(const Match &m) noexcept
    {
        ovs_shim_minimatch_init(&minimatch_, m.get());
    }
    ~MiniMatch() { minimatch_destroy(&minimatch_); }

    MiniMatch(const MiniMatch &o) noexcept
    {
        minimatch_clone(&minimatch_, &o.minimatch_);
    }
    MiniMatch &operator=(const MiniMatch &o) noexcept
    {
        if (this != &o) {
            minimatch_destroy(&minimatch_);
            minimatch_clone(&minimatch_, &o.minimatch_);
        }
        return *this;
    }
    MiniMatch(MiniMatch &&o) noexcept
    {
        minimatch_move(&minimatch_, &o.minimatch_);
        minimatch_init_catchall(&o.minimatch_);
    }
    MiniMatch &operator=(MiniMatch &&o) noexcept
    {
        if (this != &o) {
            minimatch_destroy(&minimatch_);
            minimatch_move(&minimatch_, &o.minimatch_);
            minimatch_init_catchall(&o.minimatch_);
        }
        return *this;
    }

    const minimatch *get() const noexcept { return &minimatch_; }

    bool operator==(const MiniMatch &o) const noexcept
    {
        return minimatch_equal(&minimatch_, &o.minimatch_);
    }
    bool operator!=(const MiniMatch &o) const noexcept
    {
        return !(*this == o);
    }
    uint32_t hash(uint32_t basis = 0) const noexcept
    {
        return minimatch_hash(&minimatch_, basis);
    }

    Match expand() const noexcept;
    std::string to_string() const;

    /* Heap bytes owned by this object (for memory accounting). */
    size_t heap_size() const noexcept;

private:
    minimatch minimatch_;
};

/* A match as a table takes it: full, or already compressed with its
 * minimatch_hash(, 0), which spares the table compressing and hashing it
 * again (laid out as minimatch_init() lays it out, the flow and the mask
 * in one block, as MiniMatch's are).  Refers to what it was made from,
 * which must outlive it. */
class MatchRef {
public:
    MatchRef(const Match &m) noexcept : full_(&m) {}
    MatchRef(const minimatch &m, uint32_t hash) noexcept
        : compressed_(&m), hash_(hash) {}

    /* Exactly one of these is nonnull. */
    const Match *full() const noexcept { return full_; }
    const minimatch *compressed() const noexcept { return compressed_; }
    /* The compressed one's hash. */
    uint32_t hash() const noexcept { return hash_; }

private:
    const Match *full_ = nullptr;
    const minimatch *compressed_ = nullptr;
    uint32_t hash_ = 0;
};

}  // namespace ovs

#endif  /* lib/match-value.h */
