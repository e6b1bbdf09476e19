/* The symbol table of OVN's logical flow languages: every name a match or
 * an action may use (ovn-sb(5), Logical_Flow "match", "Symbols"), what it
 * stands for on br-int, its width, level of measurement, prerequisites
 * and writability.
 *
 * A Symtab owns its symbols; pointers to them stay valid for its lifetime.
 * Symtab::ovn() is OVN 23.03's table, built once and never changed, which
 * every compiler instance may share.  Tests build their own tables with
 * the add_*() functions.
 *
 * Stable API: the action compiler depends on it; change it additively. */
#ifndef OVN_LIB_SYMTAB_H
#define OVN_LIB_SYMTAB_H 1

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "openvswitch/meta-flow.h"

namespace ovn {

/* Level of measurement (ovn-sb(5), "Level of Measurement"). */
enum class ExprLevel : uint8_t {
    NOMINAL,            /* Only == (and != under '!'): fields OpenFlow
                         * cannot mask (eth.type, ip.ttl), strings. */
    BOOLEAN,            /* Predicates over ordinal fields only: == and !=. */
    ORDINAL,            /* Bits addressable: all six relops, subfields. */
};
const char *expr_level_to_string(ExprLevel);

/* Who may assign to a symbol in an action. */
enum class ExprWrite : uint8_t {
    NONE,               /* Read-only (ip.frag, predicates, ct_state). */
    ANY,                /* Any action ('reg0 = 1;', 'outport = "p";'). */
    CT_COMMIT,          /* Only inside 'ct_commit { ... }' (ct_mark...). */
};

/* Fields that exist only inside OVN: actions set them through
 * ovn-controller, never as OpenFlow fields. */
enum class OvnField : uint8_t {
    NONE,
    ICMP4_FRAG_MTU,     /* icmp4.frag_mtu, 16 bits. */
    ICMP6_FRAG_MTU,     /* icmp6.frag_mtu, 32 bits. */
};

struct ExprSymbol {
    enum class Kind : uint8_t {
        FIELD,          /* An OpenFlow field ('field'). */
        SUBFIELD,       /* Bits of another symbol ('parent'). */
        STRING,         /* A port name, carried in register 'field'. */
        PREDICATE,      /* Shorthand for the expression 'expansion'. */
        OVN_FIELD,      /* An OVN-only field ('ovn_field'). */
    };

    std::string name;
    Kind kind = Kind::FIELD;
    ExprLevel level = ExprLevel::ORDINAL;
    ExprWrite rw = ExprWrite::NONE;

    /* Bits: the field's width, the subfield's, 1 for a predicate, 0 for a
     * string (whose register 'field' is 32 bits). */
    int width = 0;

    /* FIELD and STRING. */
    const mf_field *field = nullptr;

    /* SUBFIELD: bits [parent_ofs, parent_ofs + width) of 'parent'.  The
     * text of the subfield ("xxreg0[96..127]") is in 'expansion'. */
    const ExprSymbol *parent = nullptr;
    int parent_ofs = 0;

    /* PREDICATE: the expression it stands for; SUBFIELD: see above. */
    std::string expansion;

    /* An expression that every use of this symbol implies ("" if none),
     * e.g. "ip4" for ip4.src. */
    std::string prereqs;

    /* OVN_FIELD. */
    OvnField ovn_field = OvnField::NONE;

    /* An OR of several values of this field must be spread over separate
     * flows, not made a conjunction clause (eth.type, ip.proto, icmp6.type
     * and icmp6.code in 23.03's table). */
    bool must_crossproduct = false;

    bool is_string() const noexcept { return kind == Kind::STRING; }
    bool is_predicate() const noexcept { return kind == Kind::PREDICATE; }

    /* The field that finally holds this symbol's bits, following
     * subfields to their root: "xreg0" gives xxreg0's field at offset 64.
     * Null for predicates and OVN fields. */
    const mf_field *root_field(int *ofs) const noexcept;
};

class Symtab {
public:
    Symtab() = default;
    Symtab(const Symtab &) = delete;
    Symtab &operator=(const Symtab &) = delete;

    /* OVN 23.03's table (logical-fields.c's ovn_init_symtab()).  Built on
     * first use, then shared and immutable. */
    static const Symtab &ovn();

    const ExprSymbol *lookup(std::string_view name) const noexcept;

    /* Every symbol, sorted by name. */
    const std::map<std::string, std::unique_ptr<ExprSymbol>, std::less<>> &
    symbols() const noexcept
    {
        return symbols_;
    }

    /* Builders.  Each returns the new symbol, or null if 'name' already
     * exists or the definition is invalid (a programming error in the
     * table, caught by the unit tests).
     *
     * A field is ordinal if OpenFlow can mask it bit by bit, nominal
     * otherwise (ip.ttl, ip.proto...).  'must_crossproduct': see
     * ExprSymbol.  Writability follows the OpenFlow field's; set it with
     * the returned pointer where a table says otherwise. */
    ExprSymbol *add_field(std::string_view name, mf_field_id,
                          std::string_view prereqs, bool must_crossproduct);
    /* 'subfield' reads "parent[ofs..end]" or "parent[bit]". */
    ExprSymbol *add_subfield(std::string_view name, std::string_view prereqs,
                             std::string_view subfield);
    ExprSymbol *add_string(std::string_view name, mf_field_id,
                           std::string_view prereqs);
    /* Nominal if 'expansion' names any nominal symbol, boolean otherwise.
     * Prerequisites of predicates come from their expansion. */
    ExprSymbol *add_predicate(std::string_view name,
                              std::string_view expansion);
    ExprSymbol *add_ovn_field(std::string_view name, OvnField, int width,
                              std::string_view prereqs);

private:
    ExprSymbol *add(std::string_view name);

    std::map<std::string, std::unique_ptr<ExprSymbol>, std::less<>> symbols_;
};

/* Fills 'symtab' with OVN 23.03's logical symbols. */
void ovn_init_symtab(Symtab &symtab);

/* One line per symbol, sorted, e.g.
 * "ip4.src: field ipv4_src, 32 bits, ordinal, writable, prereqs ip4". */
std::string symtab_dump(const Symtab &);

}  // namespace ovn

#endif  /* ovn/lib/symtab.h */
