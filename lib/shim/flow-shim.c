#include <config.h>

#include "lib/shim/flow-shim.h"

#include <stdint.h>

#include "flow.h"
#include "openvswitch/match.h"
#include "tun-metadata.h"
#include "util.h"

int
ovs_shim_minimatch_has_metadata(const struct minimatch *m, uint64_t metadata)
{
    return minimask_get_metadata_mask(m->mask) == OVS_BE64_MAX
           && miniflow_get_metadata(m->flow) == htonll(metadata);
}

int
ovs_shim_minimatch_get_metadata(const struct minimatch *m,
                                uint64_t *metadata)
{
    if (minimask_get_metadata_mask(m->mask) != OVS_BE64_MAX) {
        return 0;
    }
    *metadata = ntohll(miniflow_get_metadata(m->flow));
    return 1;
}

size_t
ovs_shim_minimatch_heap_size(const struct minimatch *m)
{
    /* minimatch_init() allocates the flow and the mask in one block. */
    return 2 * sizeof(struct miniflow)
           + MINIFLOW_VALUES_SIZE(miniflow_n_values(m->flow))
           + MINIFLOW_VALUES_SIZE(miniflow_n_values(&m->mask->masks));
}

/* The map of the mask decides which words both miniflows store. */
static size_t
minimatch_inline_values(const struct match *match, struct miniflow *map)
{
    miniflow_map_init(map, &match->wc.masks);
    return miniflow_n_values(map);
}

/* Bytes of an inline minimatch of 'n' values: two maps and their values. */
static size_t
minimatch_inline_bytes(size_t n)
{
    return 2 * (sizeof(struct miniflow) + MINIFLOW_VALUES_SIZE(n));
}

size_t
ovs_shim_minimatch_inline_size(const struct match *match)
{
    struct miniflow map;
    return minimatch_inline_bytes(minimatch_inline_values(match, &map));
}

void
ovs_shim_minimatch_inline_init(struct minimatch *mm, void *buf,
                               const struct match *match)
{
    ovs_shim_minimatch_inline_try_init(mm, buf, SIZE_MAX, match);
}

size_t
ovs_shim_minimatch_inline_try_init(struct minimatch *mm, void *buf,
                                   size_t buf_size,
                                   const struct match *match)
{
    struct miniflow map;
    size_t n = minimatch_inline_values(match, &map);
    size_t size = minimatch_inline_bytes(n);
    if (size > buf_size) {
        return size;
    }

    /* Same layout as miniflow_alloc(): maps, then values, twice. */
    struct miniflow *flow = buf;
    *flow = map;
    struct miniflow *mask = (struct miniflow *)
        ((uint64_t *) (flow + 1) + n);
    *mask = map;
    mm->flow = flow;
    mm->mask = (struct minimask *) mask;
    miniflow_init(mm->flow, &match->flow);
    minimask_init(mm->mask, &match->wc);
    mm->tun_md = tun_metadata_allocation_clone(&match->tun_md);
    return size;
}

void
ovs_shim_minimatch_inline_clone(struct minimatch *dst, void *buf,
                                const struct minimatch *src, size_t size)
{
    const char *src_buf = (const char *) src->flow;
    memcpy(buf, src_buf, size);
    dst->flow = buf;
    dst->mask = (struct minimask *)
        ((char *) buf + ((const char *) src->mask - src_buf));
    dst->tun_md = tun_metadata_allocation_clone(src->tun_md);
}

void
ovs_shim_minimatch_inline_destroy(struct minimatch *mm)
{
    free(mm->tun_md);
    mm->tun_md = NULL;
}
