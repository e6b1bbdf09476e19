/* Helpers shared by the typed views over OVS's intrusive containers.
 *
 * An OVS container node (hmap_node, hindex_node, ovs_list) is a member of
 * the element that owns it.  The views recover the element from the node
 * with the member's offset, which is sound only for standard-layout types;
 * every view checks that at compile time. */
#ifndef LIB_INTRUSIVE_H
#define LIB_INTRUSIVE_H 1

#include <cstddef>
#include <type_traits>

namespace ovs {

/* Returns the byte offset of 'Member' within T.  Only addresses are
 * computed, so the compiler folds this to a constant; the union keeps T's
 * constructor and destructor from running. */
template <typename T, typename M, M T::*Member>
inline std::ptrdiff_t
member_offset() noexcept
{
    static_assert(std::is_standard_layout_v<T>,
                  "intrusive views need a standard-layout element type");
    union Probe {
        Probe() {}
        ~Probe() {}
        char byte;
        T object;
    };
    Probe probe;
    return reinterpret_cast<const char *>(&(probe.object.*Member))
           - reinterpret_cast<const char *>(&probe.object);
}

/* Returns the T whose 'Member' is 'node'. */
template <typename T, typename M, M T::*Member>
inline T *
container_of(M *node) noexcept
{
    return reinterpret_cast<T *>(reinterpret_cast<char *>(node)
                                 - member_offset<T, M, Member>());
}

}  // namespace ovs

#endif  /* lib/intrusive.h */
