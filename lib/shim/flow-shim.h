/* C shim over lib/flow.h, which is not valid C++ (implicit conversions from
 * void *).  Exposes only what the C++ code needs. */
#ifndef LIB_SHIM_FLOW_SHIM_H
#define LIB_SHIM_FLOW_SHIM_H 1

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct flow;
struct match;
struct minimatch;

/* Whether 'm' matches exactly (all 64 bits) on 'metadata', in host
 * order. */
int ovs_shim_minimatch_has_metadata(const struct minimatch *m,
                                    uint64_t metadata);

/* If 'm' matches exactly (all 64 bits) on some metadata, stores it in
 * '*metadata', in host order, and returns nonzero; otherwise returns 0. */
int ovs_shim_minimatch_get_metadata(const struct minimatch *m,
                                    uint64_t *metadata);

/* Bytes of heap that 'm' owns (its miniflow and minimask). */
size_t ovs_shim_minimatch_heap_size(const struct minimatch *m);

/* Inline minimatches: the miniflow and minimask live in a caller-provided
 * buffer (for example, the tail of a larger allocation) instead of a heap
 * block of their own, which saves a malloc() and its overhead per match in
 * tables with a million entries.  Only 'tun_md' (NULL unless the match uses
 * tunnel metadata) is on the heap.
 *
 * ovs_shim_minimatch_inline_size() returns how many bytes the buffer for
 * 'match' needs; ovs_shim_minimatch_inline_init() builds 'mm' over 'buf'
 * (8-byte aligned, that many bytes); ovs_shim_minimatch_inline_clone()
 * copies an inline 'src' of 'size' bytes into 'buf'; and
 * ovs_shim_minimatch_inline_destroy() frees what 'mm' holds outside the
 * buffer.  All minimatch_*() readers (equal, hash, expand, format) work on
 * the result.  Never pass an inline minimatch to minimatch_destroy().
 *
 * ovs_shim_minimatch_inline_try_init() does both in one look at the
 * match's mask: it returns the size and builds 'mm' over 'buf' only if
 * that is at most 'buf_size'. */
size_t ovs_shim_minimatch_inline_size(const struct match *match);
void ovs_shim_minimatch_inline_init(struct minimatch *mm, void *buf,
                                    const struct match *match);
size_t ovs_shim_minimatch_inline_try_init(struct minimatch *mm, void *buf,
                                          size_t buf_size,
                                          const struct match *match);
void ovs_shim_minimatch_inline_clone(struct minimatch *dst, void *buf,
                                     const struct minimatch *src,
                                     size_t size);
void ovs_shim_minimatch_inline_destroy(struct minimatch *mm);

/* minimatch_init(), with a faster look at the match's mask: the result
 * is the same, and minimatch_destroy() frees it. */
void ovs_shim_minimatch_init(struct minimatch *mm, const struct match *match);

/* minimatch_expand() into a 'match' that has been initialized (its
 * 'tun_md' is valid or not): it leaves an invalid 'tun_md' alone when
 * 'mm' has none, instead of clearing its few hundred bytes again. */
void ovs_shim_minimatch_expand(const struct minimatch *mm,
                               struct match *match);

/* Expands 'm' into 'value' and 'mask' (as minimatch_expand() does, the
 * words that 'm' does not store are zero in both) and returns nonzero,
 * unless 'm''s mask has a bit that 'allowed' does not: then it returns 0
 * and leaves them alone. */
int ovs_shim_minimatch_expand_within(const struct minimatch *m,
                                     const struct flow *allowed,
                                     struct flow *value, struct flow *mask);

#ifdef __cplusplus
}
#endif

#endif  /* lib/shim/flow-shim.h */
