/* SmapView: a read-only, non-owning view of an OVS 'struct smap' (a map
 * column of an IDL row, for example), valid as long as the map.  Anyone
 * may include this. */
#ifndef LIB_SMAP_VIEW_H
#define LIB_SMAP_VIEW_H 1

#include <cstddef>
#include <string_view>
#include <utility>

#include "lib/intrusive.h"
#include "smap.h"

namespace ovs {

class SmapView {
public:
    explicit SmapView(const smap *map) noexcept : map_(map) {}

    /* The value of 'key', or 'def' if there is none. */
    const char *
    get(const char *key, const char *def = nullptr) const noexcept
    {
        const char *value = smap_get(map_, key);
        return value ? value : def;
    }
    /* "true" is true, anything else false; 'def' if absent. */
    bool
    get_bool(const char *key, bool def) const noexcept
    {
        return smap_get_bool(map_, key, def);
    }
    bool contains(const char *key) const noexcept
    {
        return smap_get(map_, key) != nullptr;
    }
    size_t size() const noexcept { return smap_count(map_); }
    bool empty() const noexcept { return smap_is_empty(map_); }
    bool operator==(const SmapView &o) const noexcept
    {
        return smap_equal(map_, o.map_);
    }
    bool operator!=(const SmapView &o) const noexcept
    {
        return !(*this == o);
    }
    const smap *get() const noexcept { return map_; }

    /* Range-for over (key, value) pairs, in no particular order. */
    class iterator {
    public:
        using value_type = std::pair<std::string_view, std::string_view>;

        iterator(const smap *map, const hmap_node *node) noexcept
            : map_(map), node_(node) {}
        value_type
        operator*() const noexcept
        {
            const smap_node *n
                = container_of<smap_node, hmap_node, &smap_node::node>(
                    const_cast<hmap_node *>(node_));
            return {n->key, n->value};
        }
        iterator &
        operator++() noexcept
        {
            node_ = hmap_next(&map_->map, node_);
            return *this;
        }
        bool operator==(const iterator &o) const { return node_ == o.node_; }
        bool operator!=(const iterator &o) const { return node_ != o.node_; }

    private:
        const smap *map_;
        const hmap_node *node_;
    };
    iterator begin() const noexcept
    {
        return iterator(map_, hmap_first(&map_->map));
    }
    iterator end() const noexcept { return iterator(map_, nullptr); }

private:
    const smap *map_;
};

}  // namespace ovs

#endif  /* lib/smap-view.h */
