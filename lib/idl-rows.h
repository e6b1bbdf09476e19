/* Range-for over the rows of one table of an OVSDB IDL, through the
 * first and next functions of a C shim (lib/shim/vswitch-idl-shim.h,
 * ovn/lib/sb-shim.h), so C++ never sees the generated IDL headers:
 *
 *     using Bridges = ovs::IdlRows<ovsrec_bridge, ovs_shim_bridge_first,
 *                                  ovs_shim_bridge_next>;
 *     for (const ovsrec_bridge *br : Bridges(idl)) { ... }
 *
 * The view owns nothing.  Like the row pointers it yields, it is valid
 * only until the next ovs_shim_idl_run() on 'idl'. */
#ifndef LIB_IDL_ROWS_H
#define LIB_IDL_ROWS_H 1

#include <cstddef>
#include <iterator>

struct ovsdb_idl;

namespace ovs {

template <typename Row, const Row *(*First)(const ovsdb_idl *),
          const Row *(*Next)(const Row *)>
class IdlRows {
public:
    class iterator {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = const Row *;
        using difference_type = std::ptrdiff_t;
        using pointer = const Row *const *;
        using reference = const Row *;

        iterator() = default;
        explicit iterator(const Row *row) : row_(row) {}

        const Row *operator*() const { return row_; }
        iterator &
        operator++()
        {
            row_ = Next(row_);
            return *this;
        }
        iterator
        operator++(int)
        {
            iterator old = *this;
            ++*this;
            return old;
        }
        bool operator==(const iterator &o) const { return row_ == o.row_; }
        bool operator!=(const iterator &o) const { return row_ != o.row_; }

    private:
        const Row *row_ = nullptr;
    };

    explicit IdlRows(const ovsdb_idl *idl) : idl_(idl) {}

    iterator begin() const { return iterator(First(idl_)); }
    iterator end() const { return iterator(); }
    bool empty() const { return First(idl_) == nullptr; }

private:
    const ovsdb_idl *idl_;
};

}  // namespace ovs

#endif  /* lib/idl-rows.h */
