/* ListView<T, &T::node>: a typed, non-owning view over an OVS 'struct
 * ovs_list' (a circular doubly linked list with a sentinel head).
 *
 * Elements are owned by whoever pushed them.  The iterator precomputes the
 * next element, so the current one may be removed inside the loop. */
#ifndef LIB_LIST_VIEW_H
#define LIB_LIST_VIEW_H 1

#include <cstddef>

#include "lib/intrusive.h"
#include "openvswitch/list.h"

namespace ovs {

template <typename T, ovs_list T::*Node>
class ListView {
public:
    /* 'head' must already be initialized (ovs_list_init()). */
    explicit ListView(ovs_list *head) noexcept : head_(head) {}

    static T *from_node(ovs_list *node) noexcept
    {
        return container_of<T, ovs_list, Node>(node);
    }

    struct Next {
        ovs_list *operator()(ovs_list *node) const noexcept
        {
            return node->next;
        }
    };
    using iterator = IntrusiveIterator<T, ovs_list, Node, Next>;

    iterator begin() const noexcept
    {
        return iterator(head_->next, head_, Next{});
    }
    iterator end() const noexcept { return iterator(head_, head_, Next{}); }

    void push_back(T &element) noexcept
    {
        ovs_list_push_back(head_, &(element.*Node));
    }
    void push_front(T &element) noexcept
    {
        ovs_list_push_front(head_, &(element.*Node));
    }
    static void remove(T &element) noexcept
    {
        ovs_list_remove(&(element.*Node));
    }
    bool empty() const noexcept { return ovs_list_is_empty(head_); }
    size_t size() const noexcept { return ovs_list_size(head_); }

private:
    ovs_list *head_;
};

}  // namespace ovs

#endif  /* lib/list-view.h */
