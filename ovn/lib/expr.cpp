/* Matches of OVN's logical flows.  See expr.h. */
#include <config.h>

#include "ovn/lib/expr.h"

#include <algorithm>
#include <cstring>
#include <deque>
#include <mutex>
#include <unordered_map>

#include "lib/c-ptr.h"
#include "lib/ovs-internal.h"
#include "lib/shim/flow-shim.h"

namespace ovn {

namespace {

/* How deep parentheses and '!' may nest.  It also bounds the recursion
 * of every later step, whose depth follows the parse tree's. */
constexpr int MAX_PAREN_DEPTH = 100;

constexpr unsigned int N_BITS = 128;

/* ExprBits helpers.  Bit 0 is the least significant. */

void
bits_zero(ExprBits &b)
{
    memset(b.u8, 0, sizeof b.u8);
}

bool
bits_is_zero(const ExprBits &b)
{
    return is_all_zeros(b.u8, sizeof b.u8);
}

ExprBits
bits_ones(unsigned int ofs, unsigned int n)
{
    ExprBits b;
    bits_zero(b);
    bitwise_one(b.u8, sizeof b.u8, ofs, n);
    return b;
}

bool
bits_get(const ExprBits &b, unsigned int ofs)
{
    return bitwise_get_bit(b.u8, sizeof b.u8, ofs);
}

void
bits_put(ExprBits &b, unsigned int ofs, bool bit)
{
    bitwise_put_bit(b.u8, sizeof b.u8, ofs, bit);
}

ExprBits
bits_and(const ExprBits &a, const ExprBits &b)
{
    ExprBits r;
    for (size_t i = 0; i < sizeof r.u8; i++) {
        r.u8[i] = a.u8[i] & b.u8[i];
    }
    return r;
}

ExprBits
bits_or(const ExprBits &a, const ExprBits &b)
{
    ExprBits r;
    for (size_t i = 0; i < sizeof r.u8; i++) {
        r.u8[i] = a.u8[i] | b.u8[i];
    }
    return r;
}

/* 'b' shifted left by 'n' bits (bits shifted past bit 127 are lost). */
ExprBits
bits_shl(const ExprBits &b, unsigned int n)
{
    ExprBits r;
    bits_zero(r);
    if (n < N_BITS) {
        bitwise_copy(b.u8, sizeof b.u8, 0, r.u8, sizeof r.u8, n, N_BITS - n);
    }
    return r;
}

ExprBits
bits_shr(const ExprBits &b, unsigned int n)
{
    ExprBits r;
    bits_zero(r);
    if (n < N_BITS) {
        bitwise_copy(b.u8, sizeof b.u8, n, r.u8, sizeof r.u8, 0, N_BITS - n);
    }
    return r;
}

/* Index of the lowest bit equal to 'target' in [ofs, end), or 'end'. */
unsigned int
bits_scan(const ExprBits &b, bool target, unsigned int ofs, unsigned int end)
{
    return bitwise_scan(b.u8, sizeof b.u8, target, ofs, end);
}

/* Number of significant bits of the big-endian 'n'-byte integer at 'p' (0
 * if it is 0): byte by byte, where bitwise_rscan() goes bit by bit through
 * the leading zeros, which are most of a 1024-bit lexer value. */
int
be_width(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i]) {
            return (n - 1 - i) * 8 + (32 - __builtin_clz(p[i]));
        }
    }
    return 0;
}

/* Number of significant bits of 'b' (0 if it is 0). */
int
bits_width(const ExprBits &b)
{
    return be_width(b.u8, sizeof b.u8);
}

/* If the 1-bits of 'mask' are one contiguous run, stores its first bit and
 * length and returns true. */
bool
bits_contiguous(const ExprBits &mask, unsigned int *ofs, unsigned int *n)
{
    unsigned int lo = bits_scan(mask, true, 0, N_BITS);
    if (lo == N_BITS) {
        return false;
    }
    unsigned int hi = bits_scan(mask, false, lo, N_BITS);
    if (bits_scan(mask, true, hi, N_BITS) != N_BITS) {
        return false;
    }
    *ofs = lo;
    *n = hi - lo;
    return true;
}

std::string
bits_to_hex(const ExprBits &b)
{
    mf_subvalue v;
    memset(&v, 0, sizeof v);
    memcpy(&v.u8[sizeof v.u8 - sizeof b.u8], b.u8, sizeof b.u8);
    return lex_format_integer(v, LexFormat::HEXADECIMAL);
}

/* Width of the lexer's value 'v' (which may exceed 128 bits). */
int
subvalue_width(const mf_subvalue &v)
{
    return be_width(v.u8, sizeof v.u8);
}

/* An address is as wide as its kind, whatever its value: "::1" does not
 * fit a 32-bit field. */
int
format_width(LexFormat format)
{
    switch (format) {
    case LexFormat::IPV4: return 32;
    case LexFormat::IPV6: return 128;
    case LexFormat::ETHERNET: return 48;
    default: return 0;
    }
}

int
constant_width(const mf_subvalue &v, LexFormat format)
{
    return std::max(subvalue_width(v), format_width(format));
}

ExprBits
bits_from_subvalue(const mf_subvalue &v)
{
    ExprBits b;
    memcpy(b.u8, &v.u8[sizeof v.u8 - sizeof b.u8], sizeof b.u8);
    return b;
}

ExprRelop
relop_flip(ExprRelop r)         /* a R b  <=>  b flip(R) a */
{
    switch (r) {
    case ExprRelop::LT: return ExprRelop::GT;
    case ExprRelop::LE: return ExprRelop::GE;
    case ExprRelop::GT: return ExprRelop::LT;
    case ExprRelop::GE: return ExprRelop::LE;
    default: return r;
    }
}

ExprRelop
relop_invert(ExprRelop r)       /* !(a R b)  <=>  a invert(R) b */
{
    switch (r) {
    case ExprRelop::EQ: return ExprRelop::NE;
    case ExprRelop::NE: return ExprRelop::EQ;
    case ExprRelop::LT: return ExprRelop::GE;
    case ExprRelop::LE: return ExprRelop::GT;
    case ExprRelop::GT: return ExprRelop::LE;
    case ExprRelop::GE: return ExprRelop::LT;
    }
    return r;
}

bool
lex_to_relop(LexType t, ExprRelop *r)
{
    switch (t) {
    case LexType::EQ: *r = ExprRelop::EQ; return true;
    case LexType::NE: *r = ExprRelop::NE; return true;
    case LexType::LT: *r = ExprRelop::LT; return true;
    case LexType::LE: *r = ExprRelop::LE; return true;
    case LexType::GT: *r = ExprRelop::GT; return true;
    case LexType::GE: *r = ExprRelop::GE; return true;
    default: return false;
    }
}

/* Negates 'e' in place, pushing the negation down to the leaves. */
void
expr_not(Expr &e)
{
    switch (e.type) {
    case ExprType::CMP:
        e.relop = relop_invert(e.relop);
        break;
    case ExprType::AND:
    case ExprType::OR:
        e.type = e.type == ExprType::AND ? ExprType::OR : ExprType::AND;
        e.as_name.clear();
        for (ExprPtr &sub : e.subs) {
            expr_not(*sub);
        }
        break;
    case ExprType::BOOLEAN:
        e.boolean = !e.boolean;
        break;
    case ExprType::CONDITION:
        e.cond_not = !e.cond_not;
        break;
    }
}

/* Makes room in 'subs' for 'n' more terms, growing it geometrically:
 * terms come one by one, and every reallocation moves them all. */
void
reserve_subs(std::vector<ExprPtr> &subs, size_t n)
{
    if (subs.capacity() - subs.size() < n) {
        subs.reserve(std::max(subs.size() + n, 2 * subs.capacity()));
    }
}

/* Takes AND or OR 'e''s terms, leaving it none but room for as many, for
 * a caller that puts them (or what they become) back one by one. */
std::vector<ExprPtr>
take_subs(Expr &e)
{
    std::vector<ExprPtr> subs;
    subs.swap(e.subs);
    e.subs.reserve(subs.size());
    return subs;
}

/* Appends 'sub' to AND or OR 'e', splicing in its terms if it is of the
 * same type. */
void
add_sub(Expr &e, ExprPtr sub)
{
    if (sub->type == e.type) {
        reserve_subs(e.subs, sub->subs.size());
        for (ExprPtr &s : sub->subs) {
            e.subs.push_back(std::move(s));
        }
    } else {
        reserve_subs(e.subs, 1);
        e.subs.push_back(std::move(sub));
    }
}

/* --- Parsing. --- */

/* A field as written: a symbol and the bits of it selected. */
struct FieldRef {
    const ExprSymbol *symbol = nullptr;
    int ofs = 0;
    int n_bits = 0;
    bool subfield = false;      /* Written with [...]. */

    std::string to_string() const
    {
        if (!subfield) {
            return symbol->name;
        }
        std::string s = symbol->name + "[" + std::to_string(ofs);
        if (n_bits > 1) {
            s += ".." + std::to_string(ofs + n_bits - 1);
        }
        return s + "]";
    }
};

struct ParsedConstant {
    ExprConstant c;
    int width = 0;              /* Significant bits of value and mask. */
};

struct ParsedSet {
    bool is_string = false;
    bool has_integer = false;
    std::vector<ParsedConstant> values;
    /* The address set, if the set was just "$name". */
    std::string as_name;
    int n_elements = 0;         /* Constants and sets written. */
    bool any_masked = false;
    bool is_set = false;        /* Written in {} or as $set or @group. */
};

class Parser {
public:
    Parser(Lexer &lexer, const ExprParseContext &ctx)
        : lexer_(lexer), ctx_(ctx) {}

    ExprPtr parse_or_and();

private:
    ExprPtr parse_not();
    ExprPtr parse_primary(bool *atomic);
    bool parse_field(FieldRef *);
    bool parse_small_int(int *);
    bool parse_constant_set(ParsedSet *);
    bool parse_constant(ParsedSet *);
    bool add_const_set(const ExprConstSet &, ParsedSet *);
    ExprPtr make_cmp(const FieldRef &, ExprRelop, const ParsedSet &);

    Lexer &lexer_;
    const ExprParseContext &ctx_;
    int depth_ = 0;
};

ExprPtr
Parser::parse_or_and()
{
    ExprPtr e = parse_not();
    if (!e) {
        return nullptr;
    }
    LexType op = LexType::END;
    while (lexer_.type() == LexType::LOG_AND
           || lexer_.type() == LexType::LOG_OR) {
        if (op != LexType::END && lexer_.type() != op) {
            lexer_.error("&& and || must be parenthesized when used "
                         "together.");
            return nullptr;
        }
        op = lexer_.type();
        lexer_.get();
        ExprPtr r = parse_not();
        if (!r) {
            return nullptr;
        }
        e = Expr::create_andor(op == LexType::LOG_AND ? ExprType::AND
                                                      : ExprType::OR,
                               std::move(e), std::move(r));
    }
    return e;
}

/* '!' applies to one primary: "!x == 1" is "!(x == 1)", and "!!x" needs
 * parentheses, "!(!x)". */
ExprPtr
Parser::parse_not()
{
    bool negate = lexer_.match(LexType::LOG_NOT);
    bool atomic;
    ExprPtr e = parse_primary(&atomic);
    if (e && negate) {
        expr_not(*e);
    }
    return e;
}

bool
Parser::parse_small_int(int *n)
{
    const LexToken &t = lexer_.token();
    if (t.type != LexType::INTEGER || t.format != LexFormat::DECIMAL
        || !is_all_zeros(t.value.u8, sizeof t.value.u8 - 1)) {
        lexer_.syntax_error("expecting small integer");
        return false;
    }
    *n = t.value.u8[sizeof t.value.u8 - 1];
    lexer_.get();
    return true;
}

bool
Parser::parse_field(FieldRef *f)
{
    if (lexer_.type() != LexType::ID) {
        lexer_.syntax_error("expecting field name");
        return false;
    }
    const ExprSymbol *s = ctx_.symtab->lookup(lexer_.token().s);
    if (!s) {
        lexer_.syntax_error("expecting field name");
        return false;
    }
    lexer_.get();
    f->symbol = s;
    f->ofs = 0;
    f->n_bits = s->width;
    f->subfield = false;
    if (!lexer_.match(LexType::LSQUARE)) {
        return true;
    }

    int low, high;
    if (!parse_small_int(&low)) {
        return false;
    }
    high = low;
    if (lexer_.match(LexType::ELLIPSIS) && !parse_small_int(&high)) {
        return false;
    }
    if (!lexer_.force_match(LexType::RSQUARE)) {
        return false;
    }

    if (s->is_string()) {
        lexer_.error("Cannot select subfield of string field "
                     + s->name + ".");
        return false;
    } else if (low > high) {
        lexer_.error("Invalid bit range " + std::to_string(low) + " to "
                     + std::to_string(high) + ".");
        return false;
    } else if (high >= s->width) {
        lexer_.error("Cannot select bits " + std::to_string(low) + " to "
                     + std::to_string(high) + " of "
                     + std::to_string(s->width) + "-bit field "
                     + s->name + ".");
        return false;
    } else if ((s->kind == ExprSymbol::Kind::OVN_FIELD
                || (s->level != ExprLevel::ORDINAL && !s->is_predicate()))
               && (low != 0 || high != s->width - 1)) {
        /* 23.03 takes the whole field written as a subfield; its OVN
         * fields are nominal. */
        lexer_.error(std::string("Cannot select subfield of ")
                     + (s->kind == ExprSymbol::Kind::OVN_FIELD
                        ? "nominal"
                        : expr_level_to_string(s->level))
                     + " field " + s->name + ".");
        return false;
    }
    f->ofs = low;
    f->n_bits = high - low + 1;
    f->subfield = true;
    return true;
}

bool
Parser::add_const_set(const ExprConstSet &cs, ParsedSet *set)
{
    for (const ExprConstant &c : cs.values) {
        ParsedConstant pc;
        pc.c = c;
        pc.width = std::max(bits_width(c.value),
                            c.masked ? bits_width(c.mask) : 0);
        pc.width = std::max(pc.width, format_width(c.format));
        set->values.push_back(std::move(pc));
        set->any_masked |= c.masked;
    }
    if (cs.is_string) {
        set->is_string = true;
    } else {
        set->has_integer = true;
    }
    return true;
}

bool
Parser::parse_constant(ParsedSet *set)
{
    const LexToken &t = lexer_.token();
    bool is_string = (t.type == LexType::STRING
                      || t.type == LexType::PORT_GROUP);
    bool is_integer = (t.type == LexType::INTEGER
                       || t.type == LexType::MASKED_INTEGER
                       || t.type == LexType::MACRO);
    if (set->n_elements && (is_string || is_integer)
        && is_string != set->is_string) {
        /* The first constant of a set decides its type. */
        lexer_.syntax_error(set->is_string ? "expecting string"
                                           : "expecting integer");
        return false;
    }
    switch (t.type) {
    case LexType::STRING: {
        ParsedConstant pc;
        pc.c.string = t.s;
        set->values.push_back(std::move(pc));
        set->is_string = true;
        break;
    }
    case LexType::INTEGER:
    case LexType::MASKED_INTEGER: {
        ParsedConstant pc;
        pc.c.value = bits_from_subvalue(t.value);
        pc.c.format = t.format;
        pc.width = constant_width(t.value, t.format);
        if (t.type == LexType::MASKED_INTEGER) {
            pc.c.masked = true;
            pc.c.mask = bits_from_subvalue(t.mask);
            pc.width = std::max(pc.width,
                                constant_width(t.mask, t.format));
            set->any_masked = true;
        }
        set->values.push_back(std::move(pc));
        set->has_integer = true;
        break;
    }
    case LexType::MACRO: {
        if (ctx_.addr_sets_ref) {
            ctx_.addr_sets_ref->insert(t.s);
        }
        auto it = ctx_.addr_sets ? ctx_.addr_sets->find(t.s)
                                 : ExprConstSets::const_iterator();
        if (!ctx_.addr_sets || it == ctx_.addr_sets->end()) {
            lexer_.syntax_error("expecting address set name");
            return false;
        }
        add_const_set(it->second, set);
        set->as_name = t.s;
        break;
    }
    case LexType::PORT_GROUP: {
        std::string local = std::to_string(ctx_.dp_key) + "_" + t.s;
        if (ctx_.port_groups_ref) {
            ctx_.port_groups_ref->insert(local);
            ctx_.port_groups_ref->insert(t.s);
        }
        const ExprConstSet *cs = nullptr;
        std::string_view found;
        if (ctx_.port_groups) {
            auto it = ctx_.port_groups->find(local);
            if (it == ctx_.port_groups->end()) {
                it = ctx_.port_groups->find(t.s);
            }
            if (it != ctx_.port_groups->end()) {
                cs = &it->second;
                found = it->first;
            }
        }
        if (!cs) {
            lexer_.syntax_error("expecting port group name");
            return false;
        }
        add_const_set(*cs, set);
        set->is_string = true;
        /* Named like an address set's OR, with '@' before the name of
         * the group found, so that a caller can tell its members' flows. */
        set->as_name = "@" + std::string(found);
        break;
    }
    default:
        lexer_.syntax_error("expecting constant");
        return false;
    }
    set->n_elements++;
    lexer_.get();
    return true;
}

bool
Parser::parse_constant_set(ParsedSet *set)
{
    if (!lexer_.match(LexType::LCURLY)) {
        set->is_set = lexer_.type() == LexType::MACRO
                      || lexer_.type() == LexType::PORT_GROUP;
        return parse_constant(set);
    }
    set->is_set = true;
    do {
        if (!parse_constant(set)) {
            return false;
        }
        lexer_.match(LexType::COMMA);
    } while (!lexer_.match(LexType::RCURLY));
    /* "{$as}" keeps the address set's name, as "$as" does. */
    if (set->n_elements != 1) {
        set->as_name.clear();
    }
    return true;
}

ExprPtr
Parser::make_cmp(const FieldRef &f, ExprRelop relop, const ParsedSet &set)
{
    const ExprSymbol *s = f.symbol;
    if (s->is_string()) {
        if (set.has_integer) {
            lexer_.error("String field " + s->name + " is not compatible "
                         "with integer constant.");
            return nullptr;
        }
        if (relop != ExprRelop::EQ && relop != ExprRelop::NE) {
            lexer_.error("Only == and != operators may be used with "
                         "nominal field " + s->name + ".");
            return nullptr;
        }
    } else {
        if (set.is_string) {
            lexer_.error("Integer field " + s->name + " is not compatible "
                         "with string constant.");
            return nullptr;
        }
        if (relop != ExprRelop::EQ && relop != ExprRelop::NE) {
            if (s->level != ExprLevel::ORDINAL) {
                lexer_.error(std::string("Only == and != operators may be "
                                         "used with ")
                             + expr_level_to_string(s->level) + " field "
                             + s->name + ".");
                return nullptr;
            }
            if (set.values.size() != 1 || set.is_set) {
                lexer_.error("Only == and != operators may be used with "
                             "value sets.");
                return nullptr;
            }
            if (set.any_masked) {
                lexer_.error("Only == and != operators may be used with "
                             "masked constants.  Consider using subfields "
                             "instead (e.g. eth.src[0..15] > 0x1111 in "
                             "place of eth.src > 00:00:00:00:11:11/"
                             "00:00:00:00:ff:ff).");
                return nullptr;
            }
        }
        /* Against the whole field, as 23.03 checks it: a subfield keeps
         * the constant's low bits. */
        for (const ParsedConstant &pc : set.values) {
            if (pc.width > s->width) {
                lexer_.error(std::to_string(pc.width) + "-bit constant is "
                             "not compatible with "
                             + std::to_string(s->width) + "-bit field "
                             + s->name + ".");
                return nullptr;
            }
        }
    }

    if (set.values.empty()) {
        /* x == {} matches nothing; x != {} everything. */
        return Expr::create_boolean(relop == ExprRelop::NE);
    }

    ExprPtr result;
    for (const ParsedConstant &pc : set.values) {
        auto cmp = std::make_unique<Expr>(ExprType::CMP);
        cmp->symbol = s;
        cmp->relop = relop;
        if (s->is_string()) {
            cmp->string = pc.c.string;
        } else {
            ExprBits bits = bits_ones(f.ofs, f.n_bits);
            cmp->value = bits_and(bits_shl(pc.c.value, f.ofs), bits);
            cmp->mask = pc.c.masked
                        ? bits_and(bits_shl(pc.c.mask, f.ofs), bits)
                        : bits;
        }
        if (!result) {
            result = std::move(cmp);
        } else {
            result = Expr::create_andor(relop == ExprRelop::NE
                                        ? ExprType::AND : ExprType::OR,
                                        std::move(result), std::move(cmp));
        }
    }
    if (result->type == ExprType::OR && !set.as_name.empty()) {
        result->as_name = set.as_name;
    }
    return result;
}

ExprPtr
Parser::parse_primary(bool *atomic)
{
    *atomic = false;
    if (lexer_.match(LexType::LPAREN)) {
        if (++depth_ > MAX_PAREN_DEPTH) {
            lexer_.error("Parentheses nested too deeply.");
            return nullptr;
        }
        ExprPtr e = parse_or_and();
        depth_--;
        if (!e || !lexer_.force_match(LexType::RPAREN)) {
            return nullptr;
        }
        *atomic = true;
        return e;
    }

    if (lexer_.type() == LexType::ID
        && lexer_.lookahead() == LexType::LPAREN) {
        if (!lexer_.is_id("is_chassis_resident")) {
            lexer_.error("parsing function name");
            return nullptr;
        }
        lexer_.get();
        lexer_.get();
        if (lexer_.type() != LexType::STRING) {
            lexer_.syntax_error("expecting string");
            return nullptr;
        }
        auto e = std::make_unique<Expr>(ExprType::CONDITION);
        e->cond_port = lexer_.token().s;
        lexer_.get();
        if (!lexer_.force_match(LexType::RPAREN)) {
            return nullptr;
        }
        *atomic = true;
        return e;
    }

    ExprRelop r;
    if (lexer_.type() == LexType::ID) {
        FieldRef f;
        if (!parse_field(&f)) {
            return nullptr;
        }
        if (lex_to_relop(lexer_.type(), &r)) {
            lexer_.get();
            ParsedSet set;
            if (!parse_constant_set(&set)) {
                return nullptr;
            }
            return make_cmp(f, r, set);
        }
        if (f.n_bits != 1 || f.symbol->is_string()) {
            LexType t = lexer_.type();
            if (t != LexType::END && t != LexType::RPAREN
                && t != LexType::LOG_AND && t != LexType::LOG_OR) {
                lexer_.syntax_error("expecting relational operator");
            } else {
                lexer_.error("Explicit `!= 0' is required for inequality "
                             "test of multibit field against 0.");
            }
            return nullptr;
        }
        *atomic = true;
        ParsedSet one;
        ParsedConstant pc;
        bits_zero(pc.c.value);
        pc.c.value.u8[15] = 1;
        pc.width = 1;
        one.values.push_back(pc);
        one.has_integer = true;
        return make_cmp(f, ExprRelop::EQ, one);
    }

    /* A constant first: "c R field", "c1 R field R c2", or 0 or 1. */
    ParsedSet c1;
    bool c1_int = (lexer_.type() == LexType::INTEGER
                   && lexer_.token().format == LexFormat::DECIMAL);
    if (!parse_constant_set(&c1)) {
        return nullptr;
    }
    if (!lex_to_relop(lexer_.type(), &r)) {
        if (c1_int && c1.values.size() == 1 && c1.values[0].width <= 1) {
            *atomic = true;
            return Expr::create_boolean(c1.values[0].width == 1);
        }
        lexer_.syntax_error("expecting relational operator");
        return nullptr;
    }
    lexer_.get();
    FieldRef f;
    if (!parse_field(&f)) {
        return nullptr;
    }
    ExprPtr e = make_cmp(f, relop_flip(r), c1);
    ExprRelop r2;
    if (!e || !lex_to_relop(lexer_.type(), &r2)) {
        return e;
    }
    lexer_.get();
    bool less = r == ExprRelop::LT || r == ExprRelop::LE;
    bool less2 = r2 == ExprRelop::LT || r2 == ExprRelop::LE;
    bool greater = r == ExprRelop::GT || r == ExprRelop::GE;
    bool greater2 = r2 == ExprRelop::GT || r2 == ExprRelop::GE;
    if (!((less && less2) || (greater && greater2))) {
        lexer_.error("Range expressions must have the form `x < field < y' "
                     "or `x > field > y', with each `<' optionally replaced "
                     "by `<=' or `>' by `>=').");
        return nullptr;
    }
    ParsedSet c2;
    if (!parse_constant_set(&c2)) {
        return nullptr;
    }
    ExprPtr e2 = make_cmp(f, r2, c2);
    if (!e2) {
        return nullptr;
    }
    return Expr::create_andor(ExprType::AND, std::move(e), std::move(e2));
}

/* --- Formatting. --- */

void format_expr(const Expr &, std::string &);

void
format_cmp(const Expr &e, std::string &out)
{
    const ExprSymbol *s = e.symbol;
    if (s->is_string()) {
        out += s->name;
        out += e.relop == ExprRelop::EQ ? " == " : " != ";
        lex_format_string(e.string, out);
        return;
    }

    unsigned int ofs, n;
    bool full = e.mask == bits_ones(0, s->width);
    /* Only ordinal fields have subfields to print the bits as. */
    bool contiguous = (s->level == ExprLevel::ORDINAL
                       && bits_contiguous(e.mask, &ofs, &n));
    bool eq_ne = e.relop == ExprRelop::EQ || e.relop == ExprRelop::NE;
    if (eq_ne && full && s->width == 1) {
        /* "p", "!p" for a predicate or 1-bit field. */
        ofs = 0;
        n = 1;
        contiguous = true;
    }
    if (eq_ne && contiguous && n == 1) {
        /* "f", "!f", "f[3]", "!f[3]". */
        bool positive = bits_get(e.value, ofs) == (e.relop == ExprRelop::EQ);
        if (!positive) {
            out += '!';
        }
        out += s->name;
        if (!full) {
            out += "[" + std::to_string(ofs) + "]";
        }
        return;
    }
    if (full) {
        out += s->name;
    } else if (contiguous) {
        out += s->name + "[" + std::to_string(ofs) + ".."
               + std::to_string(ofs + n - 1) + "]";
    } else {
        out += s->name;
    }
    out += ' ';
    out += expr_relop_to_string(e.relop);
    out += ' ';
    if (full) {
        out += bits_to_hex(e.value);
    } else if (contiguous) {
        out += bits_to_hex(bits_shr(e.value, ofs));
    } else {
        out += bits_to_hex(e.value) + "/" + bits_to_hex(e.mask);
    }
}

void
format_expr(const Expr &e, std::string &out)
{
    switch (e.type) {
    case ExprType::CMP:
        format_cmp(e, out);
        break;
    case ExprType::AND:
    case ExprType::OR: {
        bool first = true;
        for (const ExprPtr &sub : e.subs) {
            if (!first) {
                out += e.type == ExprType::AND ? " && " : " || ";
            }
            first = false;
            bool paren = sub->type == ExprType::AND
                         || sub->type == ExprType::OR;
            if (paren) {
                out += '(';
            }
            format_expr(*sub, out);
            if (paren) {
                out += ')';
            }
        }
        break;
    }
    case ExprType::BOOLEAN:
        out += e.boolean ? '1' : '0';
        break;
    case ExprType::CONDITION:
        if (e.cond_not) {
            out += '!';
        }
        out += "is_chassis_resident(";
        lex_format_string(e.cond_port, out);
        out += ')';
        break;
    }
}

/* --- Annotation. --- */

/* The prerequisites and predicate expansions of Symtab::ovn(), annotated.
 * That table never changes and lives as long as the process, so each text
 * is parsed and annotated once and copied after that: the same few dozen
 * ("ip4", "eth.type == 0x800"...) recur in nearly every logical flow.
 * Keyed by the text's address (a member of one of its symbols) and
 * whether it is negated.  Only successes are kept: an expansion that
 * succeeds does not depend on the symbols being expanded around it (a
 * cycle fails wherever it is entered).  Locked: Symtab::ovn() is shared
 * by every thread that compiles (ovn-controller's main thread only, for
 * now; the tests and fuzzers link the library too). */
class AnnotationCache {
public:
    ExprPtr find(const std::string *text, bool negate) const
    {
        std::lock_guard<std::mutex> lock(mutex_);
        auto it = map_.find({text, negate});
        return it != map_.end() ? it->second->clone() : nullptr;
    }

    void insert(const std::string *text, bool negate, const Expr &e)
    {
        std::lock_guard<std::mutex> lock(mutex_);
        map_.emplace(std::make_pair(text, negate), e.clone());
    }

private:
    mutable std::mutex mutex_;
    std::map<std::pair<const std::string *, bool>, ExprPtr> map_;
};

AnnotationCache &
ovn_annotations()
{
    static AnnotationCache cache;
    return cache;
}

class Annotator {
public:
    Annotator(const Symtab &symtab, std::string *error)
        : symtab_(symtab), error_(error) {}

    ExprPtr annotate(ExprPtr);

private:
    ExprPtr annotate_cmp(ExprPtr, bool add_prereqs);
    ExprPtr prereqs_of(const ExprSymbol *);
    ExprPtr parse_and_annotate(const std::string &text,
                               const ExprSymbol *owner, bool negate);
    bool fail(std::string message)
    {
        if (error_->empty()) {
            *error_ = std::move(message);
        }
        return false;
    }

    const Symtab &symtab_;
    std::string *error_;
    /* The symbols being expanded, to detect recursion. */
    std::vector<const ExprSymbol *> nesting_;
};

/* Parses 'text', the prerequisites or expansion of 'owner', annotates it
 * and then, if 'negate', negates it.  The negation comes last, as in 23.03:
 * "!ip.is_frag" is "!(ip.frag[0] && ip)", which is "!ip.frag[0] || !ip",
 * not "!ip.frag[0] && ip". */
ExprPtr
Annotator::parse_and_annotate(const std::string &text,
                              const ExprSymbol *owner, bool negate)
{
    if (std::find(nesting_.begin(), nesting_.end(), owner)
        != nesting_.end()) {
        fail("Recursive expansion of symbol `" + owner->name + "'.");
        return nullptr;
    }
    if (nesting_.size() >= MAX_PAREN_DEPTH) {
        fail("Symbol expansion nested too deeply.");
        return nullptr;
    }
    const bool cached = &symtab_ == &Symtab::ovn();
    if (cached) {
        if (ExprPtr e = ovn_annotations().find(&text, negate)) {
            return e;
        }
    }
    ExprParseContext ctx;
    ctx.symtab = &symtab_;
    std::string error;
    ExprPtr e = expr_parse_string(text, ctx, &error);
    if (!e) {
        fail("Error parsing expression `" + text + "' encountered as "
             "prerequisite or predicate of initial expression: " + error);
        return nullptr;
    }
    nesting_.push_back(owner);
    e = annotate(std::move(e));
    nesting_.pop_back();
    if (e && negate) {
        expr_not(*e);
    }
    if (e && cached) {
        ovn_annotations().insert(&text, negate, *e);
    }
    return e;
}

/* The prerequisites of 's' and of the fields it is a subfield of, ANDed
 * and annotated; a true BOOLEAN if there are none. */
ExprPtr
Annotator::prereqs_of(const ExprSymbol *s)
{
    ExprPtr all = Expr::create_boolean(true);
    for (; s; s = s->kind == ExprSymbol::Kind::SUBFIELD ? s->parent
                                                         : nullptr) {
        if (s->prereqs.empty()) {
            continue;
        }
        ExprPtr p = parse_and_annotate(s->prereqs, s, false);
        if (!p) {
            return nullptr;
        }
        all = all->type == ExprType::BOOLEAN
              ? std::move(p)
              : Expr::create_andor(ExprType::AND, std::move(all),
                                   std::move(p));
    }
    return all;
}

ExprPtr
Annotator::annotate_cmp(ExprPtr e, bool add_prereqs)
{
    const ExprSymbol *s = e->symbol;
    if (s->kind == ExprSymbol::Kind::OVN_FIELD) {
        fail("Can't use OVN field " + s->name + " in a match.");
        return nullptr;
    }
    if (s->level == ExprLevel::NOMINAL && e->relop != ExprRelop::EQ) {
        if (s->is_predicate()) {
            fail("Nominal predicate " + s->name + " may only be tested "
                 "positively, e.g. `" + s->name + "' or `" + s->name
                 + " == 1' but not `!" + s->name + "' or `" + s->name
                 + " == 0'.");
        } else {
            fail("Nominal field " + s->name + " may only be tested for "
                 "equality (taking enclosing `!' operators into account).");
        }
        return nullptr;
    }

    ExprPtr result;
    if (s->is_predicate()) {
        if (s->level == ExprLevel::NOMINAL && !bits_get(e->value, 0)) {
            /* "tcp == 0" is "!tcp". */
            fail("Nominal predicate " + s->name + " may only be tested "
                 "positively, e.g. `" + s->name + "' or `" + s->name
                 + " == 1' but not `!" + s->name + "' or `" + s->name
                 + " == 0'.");
            return nullptr;
        }
        bool positive = bits_get(e->value, 0) == (e->relop == ExprRelop::EQ);
        return parse_and_annotate(s->expansion, s, !positive);
    }

    /* Rewrite a subfield as its root field. */
    const ExprSymbol *root = s;
    while (root->kind == ExprSymbol::Kind::SUBFIELD) {
        e->value = bits_shl(e->value, root->parent_ofs);
        e->mask = bits_shl(e->mask, root->parent_ofs);
        root = root->parent;
    }
    e->symbol = root;
    if (!add_prereqs) {
        return e;
    }
    ExprPtr p = prereqs_of(s);
    if (!p) {
        return nullptr;
    }
    if (p->type == ExprType::BOOLEAN) {
        return e;
    }
    return Expr::create_andor(ExprType::AND, std::move(e), std::move(p));
}

/* If 'e' is an AND or OR of CMPs that all test one symbol (not a
 * predicate), returns that symbol. */
const ExprSymbol *
unique_cmp_symbol(const Expr &e)
{
    const ExprSymbol *s = nullptr;
    for (const ExprPtr &sub : e.subs) {
        if (sub->type != ExprType::CMP
            || (s && sub->symbol != s)) {
            return nullptr;
        }
        s = sub->symbol;
    }
    return s && !s->is_predicate() ? s : nullptr;
}

ExprPtr
Annotator::annotate(ExprPtr e)
{
    switch (e->type) {
    case ExprType::CMP:
        return annotate_cmp(std::move(e), true);
    case ExprType::AND:
    case ExprType::OR: {
        /* "ip4.src == {a, b, c}" gets ip4.src's prerequisites once, outside
         * the OR, so the OR stays over one field (a conjunction clause). */
        const ExprSymbol *unique = unique_cmp_symbol(*e);
        std::vector<ExprPtr> subs = take_subs(*e);
        for (ExprPtr &sub : subs) {
            sub = unique ? annotate_cmp(std::move(sub), false)
                         : annotate(std::move(sub));
            if (!sub) {
                return nullptr;
            }
            add_sub(*e, std::move(sub));
        }
        if (unique) {
            ExprPtr p = prereqs_of(unique);
            if (!p) {
                return nullptr;
            }
            if (p->type != ExprType::BOOLEAN) {
                e = Expr::create_andor(ExprType::AND, std::move(e),
                                       std::move(p));
            }
        }
        return e;
    }
    case ExprType::BOOLEAN:
    case ExprType::CONDITION:
        return e;
    }
    return e;
}

/* --- Simplification. --- */

/* Removes BOOLEAN terms from AND or OR 'e' and flattens it: returns a
 * BOOLEAN if one decides it, the only term if one is left. */
ExprPtr
fix_andor(ExprPtr e)
{
    bool is_and = e->type == ExprType::AND;
    std::vector<ExprPtr> subs = take_subs(*e);
    for (ExprPtr &sub : subs) {
        if (sub->type == ExprType::BOOLEAN) {
            if (sub->boolean != is_and) {
                return Expr::create_boolean(!is_and);
            }
            continue;
        }
        add_sub(*e, std::move(sub));
    }
    if (e->subs.empty()) {
        return Expr::create_boolean(is_and);
    }
    if (e->subs.size() == 1) {
        return std::move(e->subs[0]);
    }
    return e;
}

ExprPtr
make_eq(const ExprSymbol *s, const ExprBits &value, const ExprBits &mask)
{
    auto e = std::make_unique<Expr>(ExprType::CMP);
    e->symbol = s;
    e->relop = ExprRelop::EQ;
    e->value = bits_and(value, mask);
    e->mask = mask;
    return e;
}

/* "x >= c", "x > c", "x <= c" or "x < c" over the 'n' bits of 'e' at
 * 'ofs', as an OR of masked equalities, the way 23.03 writes them (one
 * per bit, not the fewest prefixes): "x > c" is, for each 0-bit i of c,
 * x's bits above i equal to c's and bit i set; "x >= c" adds "x == c".
 * "<" and "<=" mirror them on the 1-bits.  A test that every value
 * passes ("x >= 0", "x <= max") is true. */
ExprPtr
simplify_relational_bits(const Expr &e, unsigned int ofs, unsigned int n,
                         const ExprBits &c, bool greater, bool or_equal)
{
    if (or_equal && bits_scan(c, greater, 0, n) == n) {
        return Expr::create_boolean(true);
    }
    auto result = std::make_unique<Expr>(ExprType::OR);
    ExprBits shifted = bits_shl(c, ofs);
    if (or_equal) {
        result->subs.push_back(make_eq(e.symbol, shifted,
                                       bits_ones(ofs, n)));
    }
    for (unsigned int i = 0; i < n; i++) {
        if (bits_get(c, i) == greater) {
            continue;
        }
        ExprBits v = shifted;
        bits_put(v, ofs + i, greater);
        result->subs.push_back(make_eq(e.symbol, v,
                                       bits_ones(ofs + i, n - i)));
    }
    return fix_andor(std::move(result));
}

ExprPtr
simplify_relational(const Expr &e)
{
    unsigned int ofs, n;
    if (!bits_contiguous(e.mask, &ofs, &n)) {
        /* The parser only makes contiguous masks for relations. */
        return Expr::create_boolean(false);
    }
    ExprBits c = bits_and(bits_shr(e.value, ofs), bits_ones(0, n));
    bool greater = e.relop == ExprRelop::GT || e.relop == ExprRelop::GE;
    bool or_equal = e.relop == ExprRelop::GE || e.relop == ExprRelop::LE;
    return simplify_relational_bits(e, ofs, n, c, greater, or_equal);
}

ExprPtr
simplify(ExprPtr e, const ExprChassisResidentCb &resident)
{
    switch (e->type) {
    case ExprType::CMP:
        if (e->symbol->is_string()) {
            return e;
        }
        if (bits_is_zero(e->mask)) {
            /* Nothing tested: "x == 0/0". */
            return Expr::create_boolean(e->relop == ExprRelop::EQ
                                        || e->relop == ExprRelop::LE
                                        || e->relop == ExprRelop::GE);
        }
        if (e->relop == ExprRelop::EQ) {
            return e;
        }
        if (e->relop == ExprRelop::NE) {
            /* Differs in at least one of the tested bits. */
            auto result = std::make_unique<Expr>(ExprType::OR);
            for (unsigned int i = 0; i < N_BITS; i++) {
                if (bits_get(e->mask, i)) {
                    ExprBits v, m = bits_ones(i, 1);
                    bits_zero(v);
                    bits_put(v, i, !bits_get(e->value, i));
                    result->subs.push_back(make_eq(e->symbol, v, m));
                }
            }
            return fix_andor(std::move(result));
        }
        return simplify_relational(*e);
    case ExprType::AND:
    case ExprType::OR: {
        for (ExprPtr &sub : e->subs) {
            sub = simplify(std::move(sub), resident);
        }
        std::string as_name = e->as_name;
        e = fix_andor(std::move(e));
        if (e->type == ExprType::OR) {
            e->as_name = as_name;
        }
        return e;
    }
    case ExprType::BOOLEAN:
        return e;
    case ExprType::CONDITION: {
        bool r = resident ? resident(e->cond_port) : false;
        return Expr::create_boolean(r != e->cond_not);
    }
    }
    return e;
}

/* --- Normalization. --- */

bool
cmp_less(const ExprPtr &a, const ExprPtr &b)
{
    if (a->symbol->is_string()) {
        return a->string < b->string;
    }
    if (!(a->value == b->value)) {
        return a->value < b->value;
    }
    return a->mask < b->mask;
}

bool
cmp_equal(const Expr &a, const Expr &b)
{
    return a.symbol == b.symbol
           && (a.symbol->is_string() ? a.string == b.string
               : a.value == b.value && a.mask == b.mask);
}

/* OR of CMPs over one symbol: sorted, without duplicates. */
ExprPtr
crush_or(ExprPtr e)
{
    std::stable_sort(e->subs.begin(), e->subs.end(), cmp_less);
    auto last = std::unique(e->subs.begin(), e->subs.end(),
                            [](const ExprPtr &a, const ExprPtr &b) {
                                return cmp_equal(*a, *b);
                            });
    e->subs.erase(last, e->subs.end());
    if (e->subs.size() == 1) {
        return std::move(e->subs[0]);
    }
    return e;
}

/* The CMP that matches what both 'a' and 'b' match, or null if they
 * contradict. */
ExprPtr
intersect_cmps(const Expr &a, const Expr &b)
{
    if (a.symbol->is_string()) {
        return a.string == b.string ? a.clone() : nullptr;
    }
    ExprBits common = bits_and(a.mask, b.mask);
    for (size_t i = 0; i < sizeof common.u8; i++) {
        if ((a.value.u8[i] ^ b.value.u8[i]) & common.u8[i]) {
            return nullptr;
        }
    }
    return make_eq(a.symbol, bits_or(a.value, b.value),
                   bits_or(a.mask, b.mask));
}

/* AND of terms over one symbol (CMPs and ORs of CMPs): one CMP, an OR of
 * CMPs, or false. */
ExprPtr
crush_and(std::vector<ExprPtr> run)
{
    /* All the CMPs first, intersected into one. */
    ExprPtr acc;
    std::vector<ExprPtr> ors;
    for (ExprPtr &t : run) {
        if (t->type == ExprType::CMP) {
            acc = acc ? intersect_cmps(*acc, *t) : std::move(t);
            if (!acc) {
                return Expr::create_boolean(false);
            }
        } else {
            ors.push_back(std::move(t));
        }
    }

    /* Then each OR: every surviving alternative intersected with each of
     * its members. */
    const bool acc_used = acc != nullptr;
    std::vector<ExprPtr> alts;
    if (acc) {
        alts.push_back(std::move(acc));
    }
    for (size_t k = 0; k < ors.size(); k++) {
        std::vector<ExprPtr> next;
        if (alts.empty() && k == 0) {
            /* (Not the cross product's size below, which may be huge
             * where most intersections are empty.) */
            next.reserve(ors[k]->subs.size());
            for (ExprPtr &m : ors[k]->subs) {
                next.push_back(std::move(m));
            }
        } else {
            for (const ExprPtr &a : alts) {
                for (const ExprPtr &m : ors[k]->subs) {
                    ExprPtr i = intersect_cmps(*a, *m);
                    if (i) {
                        next.push_back(std::move(i));
                    }
                }
            }
        }
        alts.swap(next);
        if (alts.empty()) {
            return Expr::create_boolean(false);
        }
    }
    if (alts.size() == 1) {
        return std::move(alts[0]);
    }
    auto result = std::make_unique<Expr>(ExprType::OR);
    result->subs = std::move(alts);
    /* An address set's OR alone keeps its values, and its name. */
    if (ors.size() == 1 && !acc_used) {
        result->as_name = ors[0]->as_name;
    }
    return crush_or(std::move(result));
}

/* The symbol that a term of an AND sorts by: its own for a CMP, the common
 * one of an OR of CMPs over one symbol; null otherwise. */
const ExprSymbol *
sort_symbol(const Expr &e)
{
    if (e.type == ExprType::CMP) {
        return e.symbol;
    }
    if (e.type == ExprType::OR) {
        const ExprSymbol *s = nullptr;
        for (const ExprPtr &sub : e.subs) {
            if (sub->type != ExprType::CMP || (s && sub->symbol != s)) {
                return nullptr;
            }
            s = sub->symbol;
        }
        return s;
    }
    return nullptr;
}

/* Sorts the terms of AND 'e' by symbol name (tests of one symbol first,
 * the rest after, each group in its original order, as 23.03's qsort
 * leaves them) and crushes the tests of each symbol into one term. */
ExprPtr
sort_and_crush(ExprPtr e)
{
    struct Term {
        const ExprSymbol *symbol;
        ExprPtr expr;
    };
    std::vector<Term> terms;
    terms.reserve(e->subs.size());
    for (ExprPtr &sub : e->subs) {
        const ExprSymbol *s = sort_symbol(*sub);
        terms.push_back({ s, std::move(sub) });
    }
    e->subs.clear();            /* Its capacity is enough for what follows. */
    std::stable_sort(terms.begin(), terms.end(),
                     [](const Term &a, const Term &b) {
                         if (!a.symbol || !b.symbol) {
                             return a.symbol && !b.symbol;
                         }
                         return a.symbol->name < b.symbol->name;
                     });

    for (size_t i = 0; i < terms.size(); ) {
        if (!terms[i].symbol) {
            e->subs.push_back(std::move(terms[i].expr));
            i++;
            continue;
        }
        size_t j = i + 1;
        while (j < terms.size() && terms[j].symbol == terms[i].symbol) {
            j++;
        }
        ExprPtr crushed;
        if (j == i + 1 && terms[i].expr->type == ExprType::CMP) {
            crushed = std::move(terms[i].expr);
        } else {
            std::vector<ExprPtr> run;
            run.reserve(j - i);
            for (size_t k = i; k < j; k++) {
                run.push_back(std::move(terms[k].expr));
            }
            crushed = crush_and(std::move(run));
        }
        i = j;
        if (crushed->type == ExprType::BOOLEAN) {
            if (!crushed->boolean) {
                return crushed;
            }
            continue;
        }
        e->subs.push_back(std::move(crushed));
    }
    return fix_andor(std::move(e));
}

ExprPtr
normalize(ExprPtr e)
{
    switch (e->type) {
    case ExprType::CMP:
    case ExprType::BOOLEAN:
    case ExprType::CONDITION:
        return e;

    case ExprType::OR: {
        std::vector<ExprPtr> subs = take_subs(*e);
        for (ExprPtr &sub : subs) {
            add_sub(*e, normalize(std::move(sub)));
        }
        std::string as_name = e->as_name;
        e = fix_andor(std::move(e));
        if (e->type == ExprType::OR && sort_symbol(*e)) {
            e = crush_or(std::move(e));
            if (e->type == ExprType::OR) {
                e->as_name = as_name;
            }
        }
        return e;
    }

    case ExprType::AND: {
        std::vector<ExprPtr> subs = take_subs(*e);
        for (ExprPtr &sub : subs) {
            add_sub(*e, normalize(std::move(sub)));
        }
        e = fix_andor(std::move(e));
        if (e->type != ExprType::AND) {
            return e;
        }
        e = sort_and_crush(std::move(e));
        if (e->type != ExprType::AND) {
            return normalize(std::move(e));
        }

        /* An OR that is not a clause over one (non-crossproduct) symbol is
         * distributed: a && (b || c) becomes (a && b) || (a && c). */
        for (size_t i = 0; i < e->subs.size(); i++) {
            const Expr &sub = *e->subs[i];
            if (sub.type != ExprType::OR) {
                continue;
            }
            const ExprSymbol *s = sort_symbol(sub);
            if (s && !s->must_crossproduct) {
                continue;
            }
            ExprPtr disjunction = std::move(e->subs[i]);
            e->subs.erase(e->subs.begin() + i);
            auto result = std::make_unique<Expr>(ExprType::OR);
            result->subs.reserve(disjunction->subs.size());
            for (ExprPtr &alt : disjunction->subs) {
                ExprPtr conj = e->clone(alt->type == ExprType::AND
                                        ? alt->subs.size() : 1);
                add_sub(*conj, std::move(alt));
                result->subs.push_back(std::move(conj));
            }
            return normalize(std::move(result));
        }
        return e;
    }
    }
    return e;
}

/* --- Conversion to OpenFlow matches. --- */

/* Narrows 'm' by CMP 'e'; false if the two contradict or a port name is
 * unknown. */
bool
constrain_match(const Expr &e, const ExprLookupPortCb &lookup_port,
                ovs::Match &m)
{
    const mf_field *field = e.symbol->field;
    union mf_value value, mask;
    memset(&value, 0, sizeof value);
    memset(&mask, 0, sizeof mask);
    if (e.symbol->is_string()) {
        uint32_t key;
        if (!lookup_port || !lookup_port(e.string, &key)) {
            return false;
        }
        value.be32 = htonl(key);
        mask.be32 = OVS_BE32_MAX;
    } else {
        unsigned int n = field->n_bytes;
        memcpy(value.b, &e.value.u8[sizeof e.value.u8 - n], n);
        memcpy(mask.b, &e.mask.u8[sizeof e.mask.u8 - n], n);
    }

    union mf_value old_value, old_mask;
    mf_get(field, m.get(), &old_value, &old_mask);
    for (unsigned int i = 0; i < field->n_bytes; i++) {
        if ((value.b[i] ^ old_value.b[i]) & mask.b[i] & old_mask.b[i]) {
            return false;
        }
        value.b[i] = (value.b[i] & mask.b[i]) | old_value.b[i];
        mask.b[i] |= old_mask.b[i];
    }
    char *err = nullptr;
    mf_set(field, &value, &mask, m.get(), &err);
    ovs::CStringPtr owned(err);
    return !err;
}

/* Collects the matches of a normalized expression, merging identical ones.
 * It keeps them compressed (a minimatch holds only the fields matched, a
 * few words instead of a whole 'struct match'), so that an address set of
 * 100k values costs memory in proportion to what its flows match. */
class MatchCollector {
public:
    /* 'only': collect only the matches of the members of the ORs whose
     * 'as_name' it is (empty: all of them). */
    MatchCollector(const ExprLookupPortCb &lookup_port,
                   std::string_view only, const ovs::Match *base)
        : lookup_port_(lookup_port), only_(only), base_(base) {}

    /* 'as_cmp': the address-set member 'e' is, if it is one; 'wanted':
     * whether it is a member of the ORs 'only' names. */
    void add(const Expr &e, const Expr *as_cmp = nullptr,
             bool wanted = false);
    uint32_t n_conjs() const { return n_conjs_; }

    /* Hands every match to 'visit', in the order they were first met,
     * releasing each as it goes. */
    void drain(const std::function<void(ExprMatch &)> &visit);

private:
    struct Collected {
        Collected(const ovs::Match &m, const Expr *as_cmp_)
            : match(m), hash(match.hash()), as_cmp(as_cmp_) {}
        ovs::MiniMatch match;
        uint32_t hash;
        std::vector<ExprConjunction> conjunctions;
        const Expr *as_cmp;
    };

    void add_and(const Expr &e);
    void put(const ovs::Match &m, const ExprConjunction *conj,
             const Expr *as_cmp);
    /* Whether the members of 'clause' (an OR in an AND) are collected. */
    bool wants(const Expr &clause) const
    {
        return only_.empty() || clause.as_name == only_;
    }

    /* A match that starts: 'base_', or one that matches everything. */
    ovs::Match start() const
    {
        return base_ ? *base_ : ovs::Match();
    }

    const ExprLookupPortCb &lookup_port_;
    const std::string_view only_;
    const ovs::Match *const base_;
    /* A deque, and each entry built in place, because a MiniMatch that
     * moves leaves a new catch-all behind: an allocation per move. */
    std::deque<Collected> matches_;
    std::unordered_multimap<uint32_t, size_t> index_;
    uint32_t n_conjs_ = 0;
};

void
MatchCollector::put(const ovs::Match &m, const ExprConjunction *conj,
                    const Expr *as_cmp)
{
    /* Built where a new match stays, and taken back if it is not new. */
    Collected &c = matches_.emplace_back(m, as_cmp);
    const uint32_t hash = c.hash;
    auto range = index_.equal_range(hash);
    for (auto it = range.first; it != range.second; ++it) {
        Collected &old = matches_[it->second];
        if (old.match == c.match) {
            matches_.pop_back();
            if (old.as_cmp != as_cmp) {
                old.as_cmp = nullptr;
            }
            /* The same match from two disjuncts: one flow.  A flow with
             * the lflow's own actions makes conjunctions moot. */
            if (!conj || old.conjunctions.empty()) {
                old.conjunctions.clear();
            } else if (std::find(old.conjunctions.begin(),
                                 old.conjunctions.end(), *conj)
                       == old.conjunctions.end()) {
                old.conjunctions.push_back(*conj);
            }
            return;
        }
    }
    if (conj) {
        c.conjunctions.push_back(*conj);
    }
    index_.emplace(hash, matches_.size() - 1);
}

void
MatchCollector::drain(const std::function<void(ExprMatch &)> &visit)
{
    index_.clear();
    ExprMatch em;
    while (!matches_.empty()) {
        Collected &c = matches_.front();
        ovs_shim_minimatch_expand(c.match.get(), em.match.get());
        em.conjunctions = std::move(c.conjunctions);
        em.as_cmp = c.as_cmp;
        em.compressed = c.match.get();
        em.compressed_hash = c.hash;
        visit(em);
        matches_.pop_front();
    }
    em.compressed = nullptr;
}

void
MatchCollector::add_and(const Expr &e)
{
    std::vector<const Expr *> clauses;
    for (const ExprPtr &sub : e.subs) {
        if (sub->type != ExprType::CMP) {
            clauses.push_back(sub.get());
        }
    }
    /* Without the wanted clause there is no match to collect; but with
     * two clauses or more, whether the conjunction takes an ID still
     * depends on the other tests. */
    if (!only_.empty() && clauses.size() < 2
        && std::none_of(clauses.begin(), clauses.end(),
                        [&](const Expr *c) { return wants(*c); })) {
        return;
    }

    ovs::Match base = start();
    for (const ExprPtr &sub : e.subs) {
        if (sub->type == ExprType::CMP
            && !constrain_match(*sub, lookup_port_, base)) {
            return;
        }
    }

    if (clauses.empty()) {
        put(base, nullptr, nullptr);
        return;
    }
    if (clauses.size() == 1) {
        /* One clause needs no conjunction: one flow per member. */
        const bool is_as = !clauses[0]->as_name.empty();
        for (const ExprPtr &member : clauses[0]->subs) {
            ovs::Match m = base;
            if (constrain_match(*member, lookup_port_, m)) {
                put(m, nullptr, is_as ? member.get() : nullptr);
            }
        }
        return;
    }

    uint32_t id = ++n_conjs_;
    if (only_.empty()) {
        ovs::Match conj_flow = base;
        match_set_conj_id(conj_flow.get(), id);
        put(conj_flow, nullptr, nullptr);
    }
    for (size_t i = 0; i < clauses.size(); i++) {
        if (!wants(*clauses[i])) {
            continue;
        }
        ExprConjunction conj = { id, uint8_t(i), uint8_t(clauses.size()) };
        const bool is_as = !clauses[i]->as_name.empty();
        for (const ExprPtr &member : clauses[i]->subs) {
            ovs::Match m = base;
            if (constrain_match(*member, lookup_port_, m)) {
                put(m, &conj, is_as ? member.get() : nullptr);
            }
        }
    }
}

void
MatchCollector::add(const Expr &e, const Expr *as_cmp, bool wanted)
{
    switch (e.type) {
    case ExprType::CMP: {
        ovs::Match m = start();
        if ((wanted || only_.empty())
            && constrain_match(e, lookup_port_, m)) {
            put(m, nullptr, as_cmp);
        }
        break;
    }
    case ExprType::AND:
        add_and(e);
        break;
    case ExprType::OR:
        for (const ExprPtr &sub : e.subs) {
            add(*sub, e.as_name.empty() ? nullptr : sub.get(),
                wanted || (!e.as_name.empty() && e.as_name == only_));
        }
        break;
    case ExprType::BOOLEAN:
        if (e.boolean && only_.empty()) {
            put(start(), nullptr, nullptr);
        }
        break;
    case ExprType::CONDITION:
        /* Not simplified: cannot be matched. */
        break;
    }
}

}  // namespace

/* --- Public functions. --- */

bool
ExprBits::operator==(const ExprBits &o) const noexcept
{
    return !memcmp(u8, o.u8, sizeof u8);
}

bool
ExprBits::operator<(const ExprBits &o) const noexcept
{
    return memcmp(u8, o.u8, sizeof u8) < 0;
}

const char *
expr_relop_to_string(ExprRelop r)
{
    switch (r) {
    case ExprRelop::EQ: return "==";
    case ExprRelop::NE: return "!=";
    case ExprRelop::LT: return "<";
    case ExprRelop::LE: return "<=";
    case ExprRelop::GT: return ">";
    case ExprRelop::GE: return ">=";
    }
    return "?";
}

ExprPtr
Expr::create_boolean(bool b)
{
    auto e = std::make_unique<Expr>(ExprType::BOOLEAN);
    e->boolean = b;
    return e;
}

ExprPtr
Expr::create_andor(ExprType type, ExprPtr a, ExprPtr b)
{
    ExprPtr e;
    if (a->type == type) {
        e = std::move(a);
        e->as_name.clear();
    } else {
        e = std::make_unique<Expr>(type);
        e->subs.push_back(std::move(a));
    }
    add_sub(*e, std::move(b));
    return e;
}

ExprPtr
Expr::clone(size_t room) const
{
    auto e = std::make_unique<Expr>(type);
    e->symbol = symbol;
    e->relop = relop;
    e->value = value;
    e->mask = mask;
    e->string = string;
    e->as_name = as_name;
    e->boolean = boolean;
    e->cond_port = cond_port;
    e->cond_not = cond_not;
    if (!subs.empty()) {
        e->subs.reserve(subs.size() + room);
    }
    for (const ExprPtr &sub : subs) {
        e->subs.push_back(sub->clone());
    }
    return e;
}

std::string
Expr::to_string() const
{
    std::string s;
    format_expr(*this, s);
    return s;
}

ExprConstSet
ExprConstSet::from_addresses(const std::vector<std::string> &addresses,
                             size_t *n_bad)
{
    ExprConstSet cs;
    for (const std::string &a : addresses) {
        Lexer lexer(a);
        lexer.get();
        /* A copy: the lookahead below replaces the lexer's token. */
        const LexToken t = lexer.token();
        if ((t.type != LexType::INTEGER && t.type != LexType::MASKED_INTEGER)
            || lexer.get() != LexType::END
            || subvalue_width(t.value) > int(N_BITS)) {
            if (n_bad) {
                ++*n_bad;
            }
            continue;
        }
        ExprConstant c;
        c.value = bits_from_subvalue(t.value);
        c.format = t.format;
        if (t.type == LexType::MASKED_INTEGER) {
            c.masked = true;
            c.mask = bits_from_subvalue(t.mask);
        }
        cs.values.push_back(c);
    }
    std::stable_sort(cs.values.begin(), cs.values.end(),
                     [](const ExprConstant &a, const ExprConstant &b) {
                         if (!(a.value == b.value)) {
                             return a.value < b.value;
                         }
                         return a.masked && b.masked && a.mask < b.mask;
                     });
    return cs;
}

ExprConstSet
ExprConstSet::from_names(const std::vector<std::string> &names)
{
    ExprConstSet cs;
    cs.is_string = true;
    for (const std::string &n : names) {
        ExprConstant c;
        c.string = n;
        cs.values.push_back(std::move(c));
    }
    return cs;
}

ExprPtr
expr_parse(Lexer &lexer, const ExprParseContext &ctx)
{
    Parser parser(lexer, ctx);
    ExprPtr e = parser.parse_or_and();
    return lexer.has_error() ? nullptr : std::move(e);
}

ExprPtr
expr_parse_string(std::string_view s, const ExprParseContext &ctx,
                  std::string *error)
{
    Lexer lexer(s);
    lexer.get();
    ExprPtr e = expr_parse(lexer, ctx);
    if (e && !lexer.force_end()) {
        e.reset();
    }
    if (!e) {
        *error = lexer.has_error() ? lexer.take_error()
                                   : std::string("Syntax error.");
    }
    return e;
}

ExprPtr
expr_annotate(ExprPtr e, const Symtab &symtab, std::string *error)
{
    std::string e_msg;
    Annotator a(symtab, &e_msg);
    ExprPtr r = a.annotate(std::move(e));
    if (!r) {
        *error = e_msg.empty() ? std::string("Annotation failed.") : e_msg;
    }
    return r;
}

ExprPtr
expr_simplify(ExprPtr e, const ExprChassisResidentCb &resident)
{
    return simplify(std::move(e), resident);
}

ExprPtr
expr_normalize(ExprPtr e)
{
    return normalize(std::move(e));
}

bool
expr_is_normalized(const Expr &e)
{
    auto is_clause = [](const Expr &x) {
        if (x.type == ExprType::CMP) {
            return true;
        }
        const ExprSymbol *s = x.type == ExprType::OR ? sort_symbol(x)
                                                     : nullptr;
        return s && !s->must_crossproduct;
    };
    auto is_conj = [&](const Expr &x) {
        if (x.type != ExprType::AND) {
            return is_clause(x);
        }
        for (const ExprPtr &sub : x.subs) {
            if (!is_clause(*sub)) {
                return false;
            }
        }
        return true;
    };
    switch (e.type) {
    case ExprType::CMP:
    case ExprType::BOOLEAN:
        return true;
    case ExprType::AND:
        return is_conj(e);
    case ExprType::OR:
        for (const ExprPtr &sub : e.subs) {
            if (sub->type == ExprType::OR || !is_conj(*sub)) {
                return false;
            }
        }
        return true;
    case ExprType::CONDITION:
        return false;
    }
    return false;
}

std::vector<ExprMatch>
expr_to_matches(const Expr &e, const ExprLookupPortCb &lookup_port,
                uint32_t *n_conjs)
{
    std::vector<ExprMatch> matches;
    expr_to_matches(e, lookup_port, n_conjs, [&](ExprMatch &m) {
        matches.push_back(std::move(m));
        matches.back().compressed = nullptr;
    });
    return matches;
}

void
expr_to_matches(const Expr &e, const ExprLookupPortCb &lookup_port,
                uint32_t *n_conjs,
                const std::function<void(ExprMatch &)> &visit,
                std::string_view only, const ovs::Match *base)
{
    MatchCollector c(lookup_port, only, base);
    c.add(e);
    *n_conjs = c.n_conjs();
    c.drain(visit);
}

namespace {

/* expr_set_field()'s walk: false if a member of such an OR is not a
 * test of '*field' (which the first one sets). */
bool
set_field(const Expr &e, std::string_view as_name, const mf_field **field)
{
    if (e.type == ExprType::OR && e.as_name == as_name) {
        for (const ExprPtr &sub : e.subs) {
            if (sub->type != ExprType::CMP || !sub->symbol
                || (*field && *field != sub->symbol->field)) {
                return false;
            }
            *field = sub->symbol->field;
        }
        return true;
    }
    for (const ExprPtr &sub : e.subs) {
        if (!set_field(*sub, as_name, field)) {
            return false;
        }
    }
    return true;
}

}  // namespace

const mf_field *
expr_set_field(const Expr &e, std::string_view as_name)
{
    const mf_field *field = nullptr;
    return set_field(e, as_name, &field) ? field : nullptr;
}

bool
expr_cmp_is_constant(const Expr &cmp, const ExprConstant &c)
{
    if (cmp.type != ExprType::CMP || c.masked || !c.string.empty()
        || cmp.symbol->is_string()) {
        return false;
    }
    /* An unmasked constant covers the whole field or subfield: its lowest
     * bit is the mask's. */
    unsigned int ofs = 0;
    while (ofs < N_BITS && !bits_get(cmp.mask, ofs)) {
        ofs++;
    }
    return ofs < N_BITS && bits_shl(c.value, ofs) == cmp.value;
}

std::string
ExprMatch::to_string() const
{
    std::string s = match.to_string();
    if (!conjunctions.empty()) {
        s += ":";
        bool first = true;
        for (const ExprConjunction &c : conjunctions) {
            s += first ? " " : ", ";
            first = false;
            s += "conjunction(" + std::to_string(c.id) + ", "
                 + std::to_string(c.clause) + "/"
                 + std::to_string(c.n_clauses) + ")";
        }
    }
    return s;
}

}  // namespace ovn
