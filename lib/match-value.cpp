#include <config.h>

#include "lib/match-value.h"

#include "lib/c-ptr.h"
#include "lib/shim/flow-shim.h"
#include "openvswitch/ofp-flow.h"

namespace ovs {

std::string
Match::to_string() const
{
    CStringPtr s(match_to_string(&match_, nullptr, OFP_DEFAULT_PRIORITY));
    return s.get();
}

Match
MiniMatch::expand() const noexcept
{
    Match m;
    minimatch_expand(&minimatch_, m.get());
    return m;
}

std::string
MiniMatch::to_string() const
{
    CStringPtr s(minimatch_to_string(&minimatch_, nullptr,
                                     OFP_DEFAULT_PRIORITY));
    return s.get();
}

size_t
MiniMatch::heap_size() const noexcept
{
    return ovs_shim_minimatch_heap_size(&minimatch_);
}

}  // namespace ovs
