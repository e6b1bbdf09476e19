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
#include <iterator>

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
    class iterator {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = T;
        using difference_type = std::ptrdiff_t;
        using pointer = T *;
        using reference = T &;

        iterator(const hmap *map, hmap_node *node) noexcept
            : map_(map), node_(node), next_(advance(node)) {}
        T &operator*() const noexcept { return *from_node(node_); }
        T *operator->() const noexcept { return from_node(node_); }
        iterator &operator++() noexcept
        {
            node_ = next_;
            next_ = advance(node_);
            return *this;
        }
        bool operator==(const iterator &o) const noexcept
        {
            return node_ == o.node_;
        }
        bool operator!=(const iterator &o) const noexcept
        {
            return node_ != o.node_;
        }

    private:
        hmap_node *advance(hmap_node *node) const noexcept
        {
            return node ? hmap_next(map_, node) : nullptr;
        }
        const hmap *map_;
        hmap_node *node_;
        hmap_node *next_;
    };

    iterator begin() const noexcept { return iterator(map_, hmap_first(map_)); }
    iterator end() const noexcept { return iterator(map_, nullptr); }

    /* Walks the elements whose hash is exactly 'hash'. */
    class HashRange {
    public:
        class iterator {
        public:
            using iterator_category = std::forward_iterator_tag;
            using value_type = T;
            using difference_type = std::ptrdiff_t;
            using pointer = T *;
            using reference = T &;

            explicit iterator(hmap_node *node) noexcept
                : node_(node), next_(advance(node)) {}
            T &operator*() const noexcept { return *from_node(node_); }
            T *operator->() const noexcept { return from_node(node_); }
            iterator &operator++() noexcept
            {
                node_ = next_;
                next_ = advance(node_);
                return *this;
            }
            bool operator==(const iterator &o) const noexcept
            {
                return node_ == o.node_;
            }
            bool operator!=(const iterator &o) const noexcept
            {
                return node_ != o.node_;
            }

        private:
            static hmap_node *advance(hmap_node *node) noexcept
            {
                return node ? hmap_next_with_hash(node) : nullptr;
            }
            hmap_node *node_;
            hmap_node *next_;
        };

        HashRange(const hmap *map, size_t hash) noexcept
            : first_(hmap_first_with_hash(map, hash)) {}
        iterator begin() const noexcept { return iterator(first_); }
        iterator end() const noexcept { return iterator(nullptr); }

    private:
        hmap_node *first_;
    };

    HashRange with_hash(size_t hash) const noexcept
    {
        return HashRange(map_, hash);
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
