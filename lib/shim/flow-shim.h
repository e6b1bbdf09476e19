/* C shim over lib/flow.h, which is not valid C++ (implicit conversions from
 * void *).  Exposes only what the C++ code needs. */
#ifndef LIB_SHIM_FLOW_SHIM_H
#define LIB_SHIM_FLOW_SHIM_H 1

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

struct minimatch;

/* Bytes of heap that 'm' owns (its miniflow and minimask). */
size_t ovs_shim_minimatch_heap_size(const struct minimatch *m);

#ifdef __cplusplus
}
#endif

#endif  /* lib/shim/flow-shim.h */
