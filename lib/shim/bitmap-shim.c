#include <config.h>

#include "lib/shim/bitmap-shim.h"

#include "bitmap.h"

unsigned long *
ovs_shim_bitmap_allocate(size_t n_bits)
{
    return bitmap_allocate(n_bits);
}

void
ovs_shim_bitmap_free(unsigned long *b)
{
    bitmap_free(b);
}

void
ovs_shim_bitmap_set(unsigned long *b, size_t idx, bool value)
{
    bitmap_set(b, idx, value);
}

bool
ovs_shim_bitmap_is_set(const unsigned long *b, size_t idx)
{
    return bitmap_is_set(b, idx);
}

size_t
ovs_shim_bitmap_scan(const unsigned long *b, bool target, size_t start,
                     size_t end)
{
    return bitmap_scan(b, target, start, end);
}

size_t
ovs_shim_bitmap_count1(const unsigned long *b, size_t n_bits)
{
    return bitmap_count1(b, n_bits);
}
