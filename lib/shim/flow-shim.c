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

/* miniflow_map_init() of a mask, four words at a time: a match's mask is
 * mostly zeros, and this runs for every flow of every logical flow. */
BUILD_ASSERT_DECL(FLOW_U64S % 4 == 0);

static void
mask_map_init(struct miniflow *map, const struct flow *mask)
{
    const uint64_t *w = (const uint64_t *) mask;

    flowmap_init(&map->map);
    for (size_t i = 0; i < FLOW_U64S; i += 4) {
        if (w[i] | w[i + 1] | w[i + 2] | w[i + 3]) {
            for (size_t j = 0; j < 4; j++) {
                if (w[i + j]) {
                    flowmap_set(&map->map, i + j, 1);
                }
            }
        }
    }
}

/* The map of the mask decides which words both miniflows store. */
static size_t
minimatch_inline_values(const struct match *match, struct miniflow *map)
{
    mask_map_init(map, &match->wc.masks);
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

/* Builds 'mm' over 'buf' from 'match', whose mask's map is 'map' with 'n'
 * values. */
static void
minimatch_inline_build(struct minimatch *mm, void *buf,
                       const struct miniflow *map, size_t n,
                       const struct match *match)
{
    /* Same layout as miniflow_alloc(): maps, then values, twice. */
    struct miniflow *flow = buf;
    *flow = *map;
    struct miniflow *mask = (struct miniflow *)
        ((uint64_t *) (flow + 1) + n);
    *mask = *map;
    mm->flow = flow;
    mm->mask = (struct minimask *) mask;
    miniflow_init(mm->flow, &match->flow);
    minimask_init(mm->mask, &match->wc);
    mm->tun_md = tun_metadata_allocation_clone(&match->tun_md);
}

size_t
ovs_shim_minimatch_inline_try_init(struct minimatch *mm, void *buf,
                                   size_t buf_size,
                                   const struct match *match)
{
    struct miniflow map;
    size_t n = minimatch_inline_values(match, &map);
    size_t size = minimatch_inline_bytes(n);
    if (size <= buf_size) {
        minimatch_inline_build(mm, buf, &map, n, match);
    }
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

int
ovs_shim_minimatch_expand_within(const struct minimatch *m,
                                 const struct flow *allowed,
                                 struct flow *value, struct flow *mask)
{
    const uint64_t *allowed_u64 = (const uint64_t *) allowed;
    const uint64_t *p = miniflow_get_values(&m->mask->masks);
    size_t idx;

    FLOWMAP_FOR_EACH_INDEX (idx, m->mask->masks.map) {
        if (*p++ & ~allowed_u64[idx]) {
            return 0;
        }
    }
    miniflow_expand(m->flow, value);
    miniflow_expand(&m->mask->masks, mask);
    return 1;
}

void
ovs_shim_minimatch_init(struct minimatch *mm, const struct match *match)
{
    struct miniflow map;
    size_t n = minimatch_inline_values(match, &map);
    /* The layout of miniflow_alloc(), in one block that starts with the
     * flow, which is what minimatch_destroy() frees. */
    minimatch_inline_build(mm, xmalloc(minimatch_inline_bytes(n)), &map, n,
                           match);
}

void
ovs_shim_minimatch_expand(const struct minimatch *mm, struct match *match)
{
    miniflow_expand(mm->flow, &match->flow);
    miniflow_expand(&mm->mask->masks, &match->wc.masks);
    if (mm->tun_md || match->tun_md.valid) {
        tun_metadata_allocation_copy(&match->tun_md, mm->tun_md);
    }
}
