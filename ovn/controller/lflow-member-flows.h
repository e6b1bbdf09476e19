/* The flows that one member of a set got from a Logical_Flow.
 *
 * A Logical_Flow whose match names one port group (or one address set)
 * and whose flows can follow it member by member (lflow.h's incremental
 * port groups and address sets) gives each member the same flows: those
 * of any one member with the member's value (a port's key, an address)
 * in the field that the set's comparison tests.  Remembering one member's
 * flows when the Logical_Flow is compiled whole on a datapath lets a
 * member that joins or leaves cost its own flows and no compilation.
 *
 * Owned by lflow.h's Lflows, which adds an entry for each (Logical_Flow,
 * datapath) that compiles whole with a member whose flows hold alone, and
 * drops it with that compilation, or when a change of the other set (the
 * address set for a port group's, the port group for an address set's)
 * changes the flows it holds. */
#ifndef OVN_CONTROLLER_LFLOW_MEMBER_FLOWS_H
#define OVN_CONTROLLER_LFLOW_MEMBER_FLOWS_H 1

#include <cstdint>
#include <map>
#include <unordered_map>
#include <vector>

#include "lib/match-value.h"
#include "lib/ofpacts-value.h"
#include "lib/uuid-value.h"
#include "ovn/lib/expr.h"

struct mf_field;

namespace ovn {

/* What every flow that one Logical_Flow gives one datapath shares. */
struct DpFlowParams {
    uint8_t ptable = 0;
    uint16_t priority = 0;
    uint32_t ctrl_meter = 0;
    /* What the Logical_Flow's conjunction IDs were moved by. */
    uint32_t conj_offset = 0;
    /* On a switch, the flows of a port not related to this chassis are
     * left out: the register that holds the pipeline's port. */
    bool is_switch = false;
    unsigned int port_reg = 0;
    /* The actions of a flow without conjunctions. */
    ovs::Ofpacts ofpacts;
};

struct MemberFlows {
    /* The field that holds the member's value, exactly, in every flow. */
    const mf_field *field = nullptr;
    /* Whether a flow tests the other set's field: then the other set's
     * change changes these flows. */
    bool tests_other = false;
    DpFlowParams params;
    struct Flow {
        /* Compressed: a full match is more than a kilobyte. */
        ovs::MiniMatch match;
        std::vector<ExprConjunction> conjunctions;
    };
    std::vector<Flow> flows;
};

/* MemberFlows by Logical_Flow and datapath. */
class MemberFlowsStore {
public:
    const MemberFlows *find(const ovs::Uuid &lflow,
                            const ovs::Uuid &dp) const;
    void set(const ovs::Uuid &lflow, const ovs::Uuid &dp, MemberFlows);
    void erase(const ovs::Uuid &lflow, const ovs::Uuid &dp);
    void erase(const ovs::Uuid &lflow) { by_lflow_.erase(lflow); }
    /* Drops those of 'lflow' whose 'tests_other' is set. */
    void erase_testing_other(const ovs::Uuid &lflow);
    void clear() noexcept { by_lflow_.clear(); }

private:
    std::unordered_map<ovs::Uuid, std::map<ovs::Uuid, MemberFlows>>
        by_lflow_;
};

}  // namespace ovn

#endif  /* ovn/controller/lflow-member-flows.h */
