/* Hmap owns the bucket array of an OVS 'struct hmap'; HmapView<T, &T::node>
 * is a typed, non-owning view that iterates and edits it with range-for.
 *
 * The elements are never owned by either: whoever inserts an element owns
 * it and must remove it before freeing it.  Iteration precomputes the next
 * node, so the current element may be removed (and freed) inside the loop,
 * as with HMAP_FOR_EACH_SAFE; inserting while iterating is not allowed. */
#ifndef LIB_HMAP_VIEW_H
#define LIB_HMAP_VIEW_H 1

#include <cstddef>

#include "lib/intrusive.h"
#include "openvswitch/hmap.h"

namespace ovs {

class Hmap {
public:
    Hmap() noexcept { hmap_init(&map_); }
    ~Hmap() { hmap_destroy(&map_); }
    Hmap(const Hmap &) = delete;
    Hmap &operator=(const Hmap &) = delete;

    hmap *get() noexcept { return &map_; }
    const hmap *get() const noexcept { return &map_; }
    size_t size() const noexcept { return hmap_count(&map_); }
    bool empty() const noexcept { return hmap_is_empty(&map_); }

    /* Reclaims bucket memory after many removals. */
    void shrink() noexcept { hmap_shrink(&map_); }

private:
    hmap map_;
};

template <typename T, hmap_node T::*Node>
class HmapView {
public:
    explicit HmapView(hmap *map) noexcept : map_(map) {}
    explicit HmapView(Hmap &map) noexcept : map_(map.get()) {}

    static T *from_node(hmap_node *node) noexcept
    {
        return container_of<T, hmap_node, Node>(node);
    }

    /* Walks the whole map. */
    struct Next {
        const hmap *map;
        hmap_node *operator()(hmap_node *node) const noexcept
        {
            return hmap_next(map, node);
        }
    };
    using iterator = IntrusiveIterator<T, hmap_node, Node, Next>;

    iterator begin() const noexcept
    {
        return iterator(hmap_first(map_), nullptr, Next{map_});
    }
    iterator end() const noexcept
    {
        return iterator(nullptr, nullptr, Next{map_});
    }

    /* Walks the elements whose hash is exactly 'hash'. */
    struct NextWithHash {
        hmap_node *operator()(hmap_node *node) const noexcept
        {
            return hmap_next_with_hash(node);
        }
    };
    using HashRange = IntrusiveRange<
        IntrusiveIterator<T, hmap_node, Node, NextWithHash>>;

    HashRange with_hash(size_t hash) const noexcept
    {
        using It = IntrusiveIterator<T, hmap_node, Node, NextWithHash>;
        return HashRange(It(hmap_first_with_hash(map_, hash), nullptr, {}),
                         It(nullptr, nullptr, {}));
    }

    void insert(T &element, size_t hash) noexcept
    {
        hmap_insert(map_, &(element.*Node), hash);
    }
    void remove(T &element) noexcept { hmap_remove(map_, &(element.*Node)); }
    size_t size() const noexcept { return hmap_count(map_); }
    bool empty() const noexcept { return hmap_is_empty(map_); }

private:
    hmap *map_;
};

}  // namespace ovs

#endif  /* lib/hmap-view.h */
