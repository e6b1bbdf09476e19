/* lflow-conj-ids: the conjunction IDs of the logical flows' conjunctive
 * matches, allocated per (Logical_Flow, datapath) as ovn-controller 23.03
 * allocates them, so that the same flows get the same IDs on every
 * recompute and on every chassis (and the same as 23.03's in the common,
 * collision-free case).
 *
 * A flow whose match needs N conjunctions gets N consecutive IDs.  The
 * first one tried is a hash of the Logical_Flow's and the datapath's UUIDs;
 * if any ID of that range is taken, the next range up is tried, never
 * wrapping a range across 0 (ID 0 is never used).
 *
 * Owned by lflow.cpp; IDs are released per Logical_Flow, or per
 * (Logical_Flow, datapath) when a datapath leaves it. */
#ifndef OVN_CONTROLLER_LFLOW_CONJ_IDS_H
#define OVN_CONTROLLER_LFLOW_CONJ_IDS_H 1

#include <cstdint>
#include <map>
#include <unordered_map>
#include <vector>

#include "lib/uuid-value.h"

namespace ovn {

class LflowConjIds {
public:
    /* Allocates 'n' consecutive IDs for 'lflow' on datapath 'dp' and
     * returns the first, or 0 if 'n' is 0 or no range is free.  If that
     * pair already holds IDs, they are released first. */
    uint32_t alloc(const ovs::Uuid &lflow, const ovs::Uuid &dp, uint32_t n);
    /* The same, trying 'start' first instead of the hash (tests). */
    uint32_t alloc_from(const ovs::Uuid &lflow, const ovs::Uuid &dp,
                        uint32_t n, uint32_t start);

    /* The first ID that 'lflow' on 'dp' holds, and how many (0 if none). */
    uint32_t find(const ovs::Uuid &lflow, const ovs::Uuid &dp,
                  uint32_t *n = nullptr) const;

    /* Releases every ID of 'lflow', on every datapath. */
    void free(const ovs::Uuid &lflow);
    /* Releases the IDs of 'lflow' on datapath 'dp' alone (a datapath it
     * no longer applies to here); its other datapaths keep theirs, so
     * their flows stay as they are. */
    void free(const ovs::Uuid &lflow, const ovs::Uuid &dp);

    void clear();
    size_t size() const noexcept { return owner_by_id_.size(); }

    /* The ID 23.03 tries first for 'lflow' on 'dp'. */
    static uint32_t first_choice(const ovs::Uuid &lflow,
                                 const ovs::Uuid &dp);

private:
    struct Range {
        ovs::Uuid dp;
        uint32_t start;
        uint32_t n;
    };
    bool range_free(uint32_t start, uint32_t n, uint32_t *taken) const;

    /* Each allocated ID, to its Logical_Flow. */
    std::unordered_map<uint32_t, ovs::Uuid> owner_by_id_;
    /* Each Logical_Flow's ranges, one per datapath. */
    std::map<ovs::Uuid, std::vector<Range>> ranges_;
};

}  // namespace ovn

#endif  /* ovn/controller/lflow-conj-ids.h */
