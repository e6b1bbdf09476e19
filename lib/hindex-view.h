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
#include <iterator>

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
    class iterator {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = T;
        using difference_type = std::ptrdiff_t;
        using pointer = T *;
        using reference = T &;

        iterator(const hindex *index, hindex_node *node) noexcept
            : index_(index), node_(node), next_(advance(node)) {}
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
        hindex_node *advance(hindex_node *node) const noexcept
        {
            return node ? hindex_next(index_, node) : nullptr;
        }
        const hindex *index_;
        hindex_node *node_;
        hindex_node *next_;
    };

    iterator begin() const noexcept
    {
        return iterator(index_, hindex_first(index_));
    }
    iterator end() const noexcept { return iterator(index_, nullptr); }

    /* Walks the elements whose hash is exactly 'hash' (one bucket chain). */
    class HashRange {
    public:
        class iterator {
        public:
            using iterator_category = std::forward_iterator_tag;
            using value_type = T;
            using difference_type = std::ptrdiff_t;
            using pointer = T *;
            using reference = T &;

            explicit iterator(hindex_node *node) noexcept
                : node_(node), next_(node ? node->s : nullptr) {}
            T &operator*() const noexcept { return *from_node(node_); }
            T *operator->() const noexcept { return from_node(node_); }
            iterator &operator++() noexcept
            {
                node_ = next_;
                next_ = node_ ? node_->s : nullptr;
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
            hindex_node *node_;
            hindex_node *next_;
        };

        HashRange(const hindex *index, size_t hash) noexcept
            : first_(hindex_node_with_hash(index, hash)) {}
        iterator begin() const noexcept { return iterator(first_); }
        iterator end() const noexcept { return iterator(nullptr); }

    private:
        hindex_node *first_;
    };

    HashRange with_hash(size_t hash) const noexcept
    {
        return HashRange(index_, hash);
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
