/* Helpers shared by the typed views over OVS's intrusive containers.
 *
 * An OVS container node (hmap_node, hindex_node, ovs_list) is a member of
 * the element that owns it.  The views recover the element from the node
 * with the member's offset, which is sound only for standard-layout types;
 * every view checks that at compile time. */
#ifndef LIB_INTRUSIVE_H
#define LIB_INTRUSIVE_H 1

#include <cstddef>
#include <iterator>
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

/* A forward iterator over the T elements that embed node type M as
 * 'Member', for every intrusive view.  'Next' is a callable that maps a
 * node to the one after it; 'end' is where iteration stops (nullptr, or a
 * list's sentinel head).
 *
 * The next node is computed before the current element is handed out, so
 * the loop body may remove (and free) the current element, as with OVS's
 * *_SAFE iteration macros. */
template <typename T, typename M, M T::*Member, typename Next>
class IntrusiveIterator {
public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = T;
    using difference_type = std::ptrdiff_t;
    using pointer = T *;
    using reference = T &;

    IntrusiveIterator(M *node, M *end, Next next) noexcept
        : node_(node), end_(end), next_fn_(next),
          next_(node != end ? next(node) : end) {}

    T &operator*() const noexcept
    {
        return *container_of<T, M, Member>(node_);
    }
    T *operator->() const noexcept
    {
        return container_of<T, M, Member>(node_);
    }
    IntrusiveIterator &operator++() noexcept
    {
        node_ = next_;
        next_ = node_ != end_ ? next_fn_(node_) : end_;
        return *this;
    }
    bool operator==(const IntrusiveIterator &o) const noexcept
    {
        return node_ == o.node_;
    }
    bool operator!=(const IntrusiveIterator &o) const noexcept
    {
        return node_ != o.node_;
    }

private:
    M *node_;
    M *end_;
    Next next_fn_;
    M *next_;
};

/* A [begin, end) pair for range-for. */
template <typename Iterator>
class IntrusiveRange {
public:
    IntrusiveRange(Iterator begin, Iterator end) noexcept
        : begin_(begin), end_(end) {}
    Iterator begin() const noexcept { return begin_; }
    Iterator end() const noexcept { return end_; }

private:
    Iterator begin_;
    Iterator end_;
};

}  // namespace ovs

#endif  /* lib/intrusive.h */
