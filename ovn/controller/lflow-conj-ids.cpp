#include <config.h>

#include "ovn/controller/lflow-conj-ids.h"

#include "hash.h"

namespace ovn {

uint32_t
LflowConjIds::first_choice(const ovs::Uuid &lflow, const ovs::Uuid &dp)
{
    return hash_int(lflow.hash(), dp.hash());
}

/* Whether IDs 'start' to 'start + n - 1' are all free; if not, '*taken'
 * is the highest one that is taken. */
bool
LflowConjIds::range_free(uint32_t start, uint32_t n, uint32_t *taken) const
{
    bool free = true;
    for (uint32_t i = 0; i < n; i++) {
        if (owner_by_id_.count(start + i)) {
            *taken = start + i;
            free = false;
        }
    }
    return free;
}

uint32_t
LflowConjIds::alloc(const ovs::Uuid &lflow, const ovs::Uuid &dp, uint32_t n)
{
    return alloc_from(lflow, dp, n, first_choice(lflow, dp));
}

uint32_t
LflowConjIds::alloc_from(const ovs::Uuid &lflow, const ovs::Uuid &dp,
                         uint32_t n, uint32_t start)
{
    if (!n) {
        return 0;
    }
    free(lflow, dp);

    /* Probe upwards from the hash.  A range may not contain 0 nor wrap
     * past UINT32_MAX; every start is tried at most once. */
    uint64_t tried = 0;
    while (tried <= UINT32_MAX) {
        if (!start || uint64_t(start) + n - 1 > UINT32_MAX) {
            tried += start ? uint64_t(UINT32_MAX) - start + 2 : 1;
            start = 1;
            continue;
        }
        uint32_t taken;
        if (range_free(start, n, &taken)) {
            for (uint32_t i = 0; i < n; i++) {
                owner_by_id_.emplace(start + i, lflow);
            }
            ranges_[lflow].push_back(Range{dp, start, n});
            return start;
        }
        tried += uint64_t(taken) - start + 1;
        start = taken + 1;
    }
    return 0;
}

uint32_t
LflowConjIds::find(const ovs::Uuid &lflow, const ovs::Uuid &dp,
                   uint32_t *n) const
{
    auto it = ranges_.find(lflow);
    if (it != ranges_.end()) {
        for (const Range &r : it->second) {
            if (r.dp == dp) {
                if (n) {
                    *n = r.n;
                }
                return r.start;
            }
        }
    }
    if (n) {
        *n = 0;
    }
    return 0;
}

void
LflowConjIds::free(const ovs::Uuid &lflow)
{
    auto it = ranges_.find(lflow);
    if (it == ranges_.end()) {
        return;
    }
    for (const Range &r : it->second) {
        for (uint32_t i = 0; i < r.n; i++) {
            owner_by_id_.erase(r.start + i);
        }
    }
    ranges_.erase(it);
}

void
LflowConjIds::free(const ovs::Uuid &lflow, const ovs::Uuid &dp)
{
    auto it = ranges_.find(lflow);
    if (it == ranges_.end()) {
        return;
    }
    std::vector<Range> &ranges = it->second;
    for (auto r = ranges.begin(); r != ranges.end(); ++r) {
        if (r->dp == dp) {
            for (uint32_t i = 0; i < r->n; i++) {
                owner_by_id_.erase(r->start + i);
            }
            ranges.erase(r);
            break;
        }
    }
    if (ranges.empty()) {
        ranges_.erase(it);
    }
}

void
LflowConjIds::clear()
{
    owner_by_id_.clear();
    ranges_.clear();
}

}  // namespace ovn
