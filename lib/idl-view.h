/* Typed, non-owning views of OVSDB IDL rows, for the row classes that a
 * schema's generator emits (ovn/lib/sb-rows.h) over its C shim:
 *
 *   - IdlRowView<Row>: a row pointer that may be null, compared by
 *     identity;
 *   - IdlTable<View, Row, First, Next>: range-for over a table (or over its
 *     tracked changes) through the shim's first and next functions;
 *   - IdlSet<View, Row, Elem, N, Get>: a set column, through the shim's
 *     n_COL() and COL(i) functions;
 *   - IdlIndexRange<View, Row>: the rows of an index equal to a key, or
 *     whose leading columns equal it (a prefix lookup, whose generated
 *     step function says where the run of equal rows ends).
 *
 * Nothing here owns anything.  Like the rows, every view is valid only
 * until the next ovs_shim_idl_run() on its IDL. */
#ifndef LIB_IDL_VIEW_H
#define LIB_IDL_VIEW_H 1

#include <cstddef>
#include <functional>
#include <iterator>
#include <type_traits>

#include "lib/shim/ovsdb-idl-shim.h"
#include "lib/uuid-value.h"

namespace ovs {

template <typename Row>
class IdlRowView {
public:
    IdlRowView() = default;
    explicit IdlRowView(const Row *row) noexcept : row_(row) {}

    const Row *get() const noexcept { return row_; }
    explicit operator bool() const noexcept { return row_ != nullptr; }
    bool operator==(const IdlRowView &o) const noexcept
    {
        return row_ == o.row_;
    }
    bool operator!=(const IdlRowView &o) const noexcept
    {
        return row_ != o.row_;
    }
    /* By address: a stable order for maps within one IDL run. */
    bool operator<(const IdlRowView &o) const noexcept
    {
        return std::less<const Row *>()(row_, o.row_);
    }

protected:
    const Row *row_ = nullptr;
};

/* Converts what a shim returns for one atom into its C++ view. */
template <typename View, typename Elem>
View
idl_atom(Elem e)
{
    if constexpr (std::is_same_v<View, Uuid>) {
        return Uuid(*e);
    } else {
        return View(e);
    }
}

template <typename View, typename Row, const Row *(*First)(const ovsdb_idl *),
          const Row *(*Next)(const Row *)>
class IdlTable {
public:
    class iterator {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = View;
        using difference_type = std::ptrdiff_t;
        using pointer = const View *;
        using reference = View;

        iterator() = default;
        explicit iterator(const Row *row) : row_(row) {}

        View operator*() const { return View(row_); }
        iterator &
        operator++()
        {
            row_ = Next(row_);
            return *this;
        }
        bool operator==(const iterator &o) const { return row_ == o.row_; }
        bool operator!=(const iterator &o) const { return row_ != o.row_; }

    private:
        const Row *row_ = nullptr;
    };

    explicit IdlTable(const ovsdb_idl *idl) : idl_(idl) {}

    iterator begin() const { return iterator(First(idl_)); }
    iterator end() const { return iterator(); }
    bool empty() const { return First(idl_) == nullptr; }

private:
    const ovsdb_idl *idl_;
};

template <typename View, typename Row, typename Elem,
          size_t (*N)(const Row *), Elem (*Get)(const Row *, size_t)>
class IdlSet {
public:
    class iterator {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = View;
        using difference_type = std::ptrdiff_t;
        using pointer = const View *;
        using reference = View;

        iterator() = default;
        iterator(const Row *row, size_t i) : row_(row), i_(i) {}

        View operator*() const { return idl_atom<View>(Get(row_, i_)); }
        iterator &
        operator++()
        {
            i_++;
            return *this;
        }
        bool operator==(const iterator &o) const { return i_ == o.i_; }
        bool operator!=(const iterator &o) const { return i_ != o.i_; }

    private:
        const Row *row_ = nullptr;
        size_t i_ = 0;
    };

    explicit IdlSet(const Row *row) : row_(row) {}

    iterator begin() const { return iterator(row_, 0); }
    iterator end() const { return iterator(row_, size()); }
    size_t size() const { return N(row_); }
    bool empty() const { return size() == 0; }
    View operator[](size_t i) const { return idl_atom<View>(Get(row_, i)); }

private:
    const Row *row_;
};

template <typename View, typename Row>
class IdlIndexRange {
public:
    /* Steps a cursor to the next row of the range, or past its end. */
    using Step = void (*)(ovs_shim_cursor *);

    class iterator {
    public:
        using iterator_category = std::input_iterator_tag;
        using value_type = View;
        using difference_type = std::ptrdiff_t;
        using pointer = const View *;
        using reference = View;

        iterator() = default;
        iterator(const ovs_shim_cursor &c, Step step)
            : cursor_(c), step_(step) {}

        View
        operator*() const
        {
            return View(static_cast<const Row *>(
                            ovs_shim_cursor_row(&cursor_)));
        }
        iterator &
        operator++()
        {
            step_(&cursor_);
            return *this;
        }
        bool
        operator==(const iterator &o) const
        {
            return cursor_.position_ == o.cursor_.position_;
        }
        bool operator!=(const iterator &o) const { return !(*this == o); }

    private:
        ovs_shim_cursor cursor_{nullptr, nullptr};
        Step step_ = ovs_shim_cursor_next_eq;
    };

    explicit IdlIndexRange(const ovs_shim_cursor &first,
                           Step step = ovs_shim_cursor_next_eq)
        : first_(first), step_(step) {}

    iterator begin() const { return iterator(first_, step_); }
    iterator end() const { return iterator(); }
    bool empty() const { return first_.position_ == nullptr; }

private:
    ovs_shim_cursor first_;
    Step step_;
};

}  // namespace ovs

#endif  /* lib/idl-view.h */
