/* C shim over lib/bitmap.h, which is not valid C++ (implicit conversions
 * from void *). */
#ifndef LIB_SHIM_BITMAP_SHIM_H
#define LIB_SHIM_BITMAP_SHIM_H 1

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A zeroed bitmap of 'n_bits' bits; free with ovs_shim_bitmap_free(). */
unsigned long *ovs_shim_bitmap_allocate(size_t n_bits);
void ovs_shim_bitmap_free(unsigned long *);

void ovs_shim_bitmap_set(unsigned long *, size_t idx, bool value);
bool ovs_shim_bitmap_is_set(const unsigned long *, size_t idx);

/* The first index in [start, end) whose bit equals 'target', or 'end'. */
size_t ovs_shim_bitmap_scan(const unsigned long *, bool target,
                            size_t start, size_t end);

/* How many bits in [0, n_bits) are 1. */
size_t ovs_shim_bitmap_count1(const unsigned long *, size_t n_bits);

#ifdef __cplusplus
}
#endif

#endif  /* lib/shim/bitmap-shim.h */
