#include <config.h>

#include "lib/shim/flow-shim.h"

#include "flow.h"
#include "openvswitch/match.h"

size_t
ovs_shim_minimatch_heap_size(const struct minimatch *m)
{
    /* minimatch_init() allocates the flow and the mask in one block. */
    return 2 * sizeof(struct miniflow)
           + MINIFLOW_VALUES_SIZE(miniflow_n_values(m->flow))
           + MINIFLOW_VALUES_SIZE(miniflow_n_values(&m->mask->masks));
}
