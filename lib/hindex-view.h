/* Hindex owns the buckets of an OVS 'struct hindex' (a hash index that
 * allows many elements per hash); HindexView<T, &T::node> is a typed,
 * non-owning view over it.
 *
 * Elements are owned by whoever inserted them.  As with HmapView, the
 * iterators precompute the next node, so the current element may be removed
 * inside the loop. */
#ifndef LIB_HINDEX_VIEW_H
#define LIB_HINDEX_VIEW_H 1

#include <cstddef>

#include "lib/ovs-internal.h"
#include "lib/intrusive.h"

namespace ovs {

class Hindex {
public:
    Hindex() noexcept { hindex_init(&index_); }
    ~Hindex() { hindex_destroy(&index_); }
    Hindex(const Hindex &) = delete;
    Hindex &operator=(const Hindex &) = delete;

    hindex *get() noexcept { return &index_; }
    const hindex *get() const noexcept { return &index_; }
    bool empty() const noexcept { return hindex_is_empty(&index_); }

private:
    hindex index_;
};

template <typename T, hindex_node T::*Node>
class HindexView {
public:
    explicit HindexView(hindex *index) noexcept : index_(index) {}
    explicit HindexView(Hindex &index) noexcept : index_(index.get()) {}

    static T *from_node(hindex_node *node) noexcept
    {
        return container_of<T, hindex_node, Node>(node);
    }

    /* Walks every element. */
    struct Next {
        const hindex *index;
        hindex_node *operator()(hindex_node *node) const noexcept
        {
            return hindex_next(index, node);
        }
    };
    using iterator = IntrusiveIterator<T, hindex_node, Node, Next>;

    iterator begin() const noexcept
    {
        return iterator(hindex_first(index_), nullptr, Next{index_});
    }
    iterator end() const noexcept
    {
        return iterator(nullptr, nullptr, Next{index_});
    }

    /* Walks the elements whose hash is exactly 'hash' (one bucket chain). */
    struct NextWithHash {
        hindex_node *operator()(hindex_node *node) const noexcept
        {
            return node->s;
        }
    };
    using HashRange = IntrusiveRange<
        IntrusiveIterator<T, hindex_node, Node, NextWithHash>>;

    HashRange with_hash(size_t hash) const noexcept
    {
        using It = IntrusiveIterator<T, hindex_node, Node, NextWithHash>;
        return HashRange(It(hindex_node_with_hash(index_, hash), nullptr, {}),
                         It(nullptr, nullptr, {}));
    }

    void insert(T &element, size_t hash) noexcept
    {
        hindex_insert(index_, &(element.*Node), hash);
    }
    void remove(T &element) noexcept
    {
        hindex_remove(index_, &(element.*Node));
    }
    bool empty() const noexcept { return hindex_is_empty(index_); }

private:
    hindex *index_;
};

}  // namespace ovs

#endif  /* lib/hindex-view.h */
