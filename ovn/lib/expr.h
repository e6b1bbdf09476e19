/* Matches of OVN's logical flows (ovn-sb(5), Logical_Flow "match"): parse,
 * annotate, simplify, normalize and convert to OpenFlow matches, as
 * ovn-controller 23.03 does.
 *
 *     text --expr_parse_string()--> Expr (symbols as written)
 *          --expr_annotate()-------> Expr over OpenFlow fields, with
 *                                    prerequisites, no subfield/predicate
 *          --expr_simplify()-------> only == (and string ==), conditions
 *                                    evaluated
 *          --expr_normalize()------> OR of ANDs (disjunctive form; an AND
 *                                    may keep ORs over one symbol, the
 *                                    clauses of a conjunctive match)
 *          --expr_to_matches()-----> ExprMatch list (ovs::Match plus
 *                                    conjunction actions)
 *
 * Expr trees are owned by ExprPtr (unique_ptr); each step takes the tree
 * and returns the new one.  Nothing throws: errors come back as strings
 * (the messages 23.03 gives), and the recursion is bounded by the parser's
 * nesting limit.  No IDL, no ofctrl: callers give names through maps and
 * callbacks. */
#ifndef OVN_LIB_EXPR_H
#define OVN_LIB_EXPR_H 1

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "lib/match-value.h"
#include "ovn/lib/lex.h"
#include "ovn/lib/symtab.h"

namespace ovn {

/* A value or mask of a field of up to 128 bits, big-endian and
 * right-justified (the last byte holds bits 0..7). */
struct ExprBits {
    uint8_t u8[16];

    bool operator==(const ExprBits &o) const noexcept;
    bool operator<(const ExprBits &o) const noexcept;
};

enum class ExprRelop : uint8_t { EQ, NE, LT, LE, GT, GE };
const char *expr_relop_to_string(ExprRelop);

enum class ExprType : uint8_t {
    CMP,                /* symbol relop value (or string). */
    AND,
    OR,
    BOOLEAN,            /* true or false. */
    CONDITION,          /* is_chassis_resident("port"), maybe negated. */
};

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct Expr {
    ExprType type;

    /* CMP.  For an integer symbol, 'value' and 'mask' cover its bits (a
     * subfield reference "reg0[1..2]" is a mask over reg0).  For a string
     * symbol, 'string'. */
    const ExprSymbol *symbol = nullptr;
    ExprRelop relop = ExprRelop::EQ;
    ExprBits value{};
    ExprBits mask{};
    std::string string;

    /* AND and OR. */
    std::vector<ExprPtr> subs;
    /* OR: the address set it came from ("ip4.src == $as" alone), or "@"
     * and the name of the port group ("inport == @pg" alone). */
    std::string as_name;

    /* BOOLEAN. */
    bool boolean = false;

    /* CONDITION: the port of is_chassis_resident(), and whether negated
     * ('!is_chassis_resident(...)'). */
    std::string cond_port;
    bool cond_not = false;

    explicit Expr(ExprType t) noexcept : type(t) {}

    static ExprPtr create_boolean(bool);
    static ExprPtr create_andor(ExprType, ExprPtr a, ExprPtr b);
    /* A deep copy; an AND or OR copy has room for 'room' more terms. */
    ExprPtr clone(size_t room = 0) const;

    /* The canonical text, e.g. "ip4.src == 0xa000001 && eth.type ==
     * 0x800", which parses back to an equal expression. */
    std::string to_string() const;
};

/* A constant of a set: an integer (with mask) or a string. */
struct ExprConstant {
    ExprBits value{};
    ExprBits mask{};
    bool masked = false;
    LexFormat format = LexFormat::DECIMAL;
    std::string string;
};

/* An address set ($name: integers) or a port group (@name: port names). */
struct ExprConstSet {
    bool is_string = false;
    std::vector<ExprConstant> values;

    /* An address set from its Southbound addresses: each is lexed as an
     * integer or masked integer; others are skipped (and counted in
     * '*n_bad' if nonnull).  The values are sorted, as 23.03 sorts them. */
    static ExprConstSet from_addresses(const std::vector<std::string> &,
                                       size_t *n_bad = nullptr);
    /* A port group from the names of its ports (only those on this
     * chassis: that is the caller's filter). */
    static ExprConstSet from_names(const std::vector<std::string> &);
};
using ExprConstSets = std::map<std::string, ExprConstSet, std::less<>>;

/* What the parser needs beyond the text. */
struct ExprParseContext {
    const Symtab *symtab = &Symtab::ovn();
    const ExprConstSets *addr_sets = nullptr;
    const ExprConstSets *port_groups = nullptr;
    /* The flow's datapath key: @pg is looked up as "<dp_key>_pg" first,
     * then as "pg". */
    uint32_t dp_key = 0;

    /* If nonnull, receive every $name and @name the text refers to (for
     * @name both names tried), found or not, so the caller can recompute
     * the flow when one appears. */
    std::set<std::string> *addr_sets_ref = nullptr;
    std::set<std::string> *port_groups_ref = nullptr;
};

/* Parses 's' into an expression, or returns null with '*error' set. */
ExprPtr expr_parse_string(std::string_view s, const ExprParseContext &,
                          std::string *error);
/* Parses the match at the lexer's current token, up to but not including
 * the first token that cannot continue it (for the action parser's
 * prerequisites and 'ct_commit'-like forms).  Errors go to the lexer. */
ExprPtr expr_parse(Lexer &, const ExprParseContext &);

/* Replaces predicates by their expansions and subfields by their fields,
 * and adds every symbol's prerequisites.  Returns null with '*error' set
 * on an error (a nominal field tested for inequality, a recursive
 * predicate, ...). */
ExprPtr expr_annotate(ExprPtr, const Symtab &, std::string *error);

/* Whether logical port 'port' resides on this chassis. */
using ExprChassisResidentCb = std::function<bool(std::string_view port)>;

/* Turns every relation into == tests (!=, <, <=, >, >= into ORs of masked
 * equalities), drops tests against mask 0, and evaluates conditions with
 * 'is_chassis_resident' (all false if it is empty). */
ExprPtr expr_simplify(ExprPtr, const ExprChassisResidentCb &);

/* Reaches 23.03's disjunctive form: an OR of ANDs (or a single AND or
 * CMP, or a BOOLEAN), where an AND's terms are CMPs and ORs over one
 * symbol that need not be cross-producted, and tests of one symbol are
 * merged ("crushed") into one where possible. */
ExprPtr expr_normalize(ExprPtr);

/* True if 'e' is in the form expr_normalize() returns. */
bool expr_is_normalized(const Expr &);

/* Maps a port or multicast group name to its tunnel key on the flow's
 * datapath; false if there is none (the test cannot match). */
using ExprLookupPortCb = std::function<bool(std::string_view name,
                                            uint32_t *key)>;

struct ExprConjunction {
    uint32_t id;
    uint8_t clause;
    uint8_t n_clauses;

    bool operator==(const ExprConjunction &o) const noexcept
    {
        return id == o.id && clause == o.clause && n_clauses == o.n_clauses;
    }
};

/* One OpenFlow match of a logical flow.  With no conjunctions it carries
 * the flow's actions; with conjunctions, only those conjunction actions
 * (the flow matching 'conj_id' then carries the flow's actions). */
struct ExprMatch {
    ovs::Match match;
    std::vector<ExprConjunction> conjunctions;
    /* If this match comes from one value of an address set or one port
     * of a port group (a CMP member of an OR with 'as_name'; a port's is
     * a string CMP), and only from it: that CMP, valid while the
     * expression lives.  Lets a caller tell one address's or one port's
     * flows from the others'. */
    const Expr *as_cmp = nullptr;
    /* Only while a visitor of expr_to_matches() has it: 'match' as the
     * converter keeps it, compressed, and its minimatch_hash(, 0), which
     * spare a table compressing and hashing it again.  A visitor that
     * changes 'match' must not use them.  Null in a returned vector. */
    const minimatch *compressed = nullptr;
    uint32_t compressed_hash = 0;

    /* Formats as "MATCH" or "MATCH: conjunction(id, k/n), ..." in
     * ovs-ofctl syntax. */
    std::string to_string() const;
};

/* Converts normalized 'e' into OpenFlow matches; string comparisons go
 * through 'lookup_port' (a name it does not know drops that disjunct).
 * Conjunction IDs are 1, 2, ... in the order of the disjuncts that need
 * one; '*n_conjs' receives how many were used (the caller offsets them by
 * its own base).  Identical matches are merged: their conjunctions are
 * appended, unless one of them has none, which then wins. */
std::vector<ExprMatch> expr_to_matches(const Expr &e,
                                       const ExprLookupPortCb &lookup_port,
                                       uint32_t *n_conjs);
/* Whether CMP 'cmp' compares its field with the unmasked integer 'c'. */
bool expr_cmp_is_constant(const Expr &cmp, const ExprConstant &c);

/* The same, handing the matches one by one to 'visit' (which may change
 * or move from the one it gets) instead of returning them all: only one
 * full 'struct match' exists at a time, the others stay compressed.
 *
 * With 'only' (an 'as_name': "NAME" for an address set, "@NAME" for a
 * port group), only the matches of the members of the ORs of that name
 * are built: the others' tests are not made, nor their ports looked up
 * (but '*n_conjs' counts every conjunction, as without 'only').  These
 * are the matches of the full conversion that have those members as
 * 'as_cmp', as long as no other match of the full conversion is equal
 * to one of them (two equal matches are merged, and lose their
 * 'as_cmp'): it is for a caller that knows that none can be, e.g.
 * because no other match tests the members' field. */
void expr_to_matches(const Expr &e, const ExprLookupPortCb &lookup_port,
                     uint32_t *n_conjs,
                     const std::function<void(ExprMatch &)> &visit,
                     std::string_view only = {},
                     const ovs::Match *base = nullptr);
/* ('*n_conjs' is set before the first call to 'visit'.)  With 'base',
 * every match starts as 'base' instead of matching everything (e.g. with
 * a logical datapath's metadata), as if each had been ANDed with it after
 * the conversion. */

/* The field that the members of the ORs named 'as_name' in 'e' test
 * ("NAME" or "@NAME", as for expr_to_matches()), or null if there are
 * none or they test more than one. */
const mf_field *expr_set_field(const Expr &e, std::string_view as_name);

}  // namespace ovn

#endif  /* ovn/lib/expr.h */
