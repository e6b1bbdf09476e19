/* The action language of OVN's logical flows.  See actions.h.
 *
 * Every encoding here was checked against Debian's ovn-controller 23.03
 * (tests/actions-parity.at does it again at every 'make check'). */
#include <config.h>

#include "ovn/lib/actions.h"

#include <arpa/inet.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <map>

#include "lib/ofpacts-builder.h"
#include "lib/ovs-internal.h"
#include "openvswitch/ofp-actions.h"
#include "openvswitch/ofpbuf.h"
#include "openvswitch/uuid.h"

/* From OVS's lib/nx-match.h, which is not valid C++ (it includes
 * flow.h). */
extern "C" void nx_put_header(struct ofpbuf *, enum mf_field_id,
                              enum ofp_version, bool masked);
/* From OVS's lib/uuid.h. */
extern "C" bool uuid_from_string(struct uuid *, const char *);

namespace ovn {

/* ---- Fields. ---- */

mf_subfield
ActionField::resolve() const noexcept
{
    int root_ofs = 0;
    mf_subfield sf;
    sf.field = symbol->root_field(&root_ofs);
    sf.ofs = root_ofs + ofs;
    sf.n_bits = n_bits;
    return sf;
}

std::string
ActionField::to_string() const
{
    std::string s = symbol->name;
    if (subfield) {
        s += "[" + std::to_string(ofs);
        if (n_bits > 1) {
            s += ".." + std::to_string(ofs + n_bits - 1);
        }
        s += "]";
    }
    return s;
}

namespace {

mf_subfield
whole_field(mf_field_id id)
{
    mf_subfield sf;
    sf.field = mf_from_id(id);
    sf.ofs = 0;
    sf.n_bits = sf.field->n_bits;
    return sf;
}

bool
subfield_equal(const mf_subfield &a, const mf_subfield &b)
{
    return a.field == b.field && a.ofs == b.ofs && a.n_bits == b.n_bits;
}

/* The number of significant bits in 'v' (0 for 0). */
int
subvalue_width(const mf_subvalue &v)
{
    for (int i = 0; i < static_cast<int>(sizeof v.u8); i++) {
        if (v.u8[i]) {
            int bits = (sizeof v.u8 - i) * 8;
            for (uint8_t b = 0x80; !(v.u8[i] & b); b >>= 1) {
                bits--;
            }
            return bits;
        }
    }
    return 0;
}

/* ---- Parsing. ---- */

const DhcpOptions &nd_ra_options();

/* Which assignments a list of actions may hold. */
enum class Scope : uint8_t {
    TOP,                /* Any action, no ct_mark/ct_label. */
    NESTED,             /* Inside clone, arp... : the same. */
    CT_COMMIT,          /* Only assignments, to ct_mark and ct_label. */
};

class ActionParser {
public:
    ActionParser(std::string_view input, const ActionParseParams &pp)
        : lexer_(input), pp_(pp) {}

    ActionsParseResult parse();

private:
    bool parse_actions(std::vector<Action> *, Scope, LexType end);
    bool parse_action(std::vector<Action> *, Scope);
    bool parse_field(ActionField *, bool lvalue, Scope,
                     bool ovn_field = false);
    bool parse_assignment(std::vector<Action> *, Scope);
    bool parse_call_result(Action *, const ActionField &dst);
    bool parse_next(Action *);
    bool parse_nat(Action *);
    bool parse_ct_lb(Action *);
    bool parse_log(Action *);
    bool parse_log_options(Action *, bool *verdict);
    bool parse_dhcp_opts(Action *);
    bool parse_select(Action *);
    bool parse_fwd_group(Action *);
    bool parse_trigger_event(Action *);
    bool parse_l7_opts(Action *, const DhcpOptions &, const char *what);
    bool parse_l7_opts_body(Action *, const DhcpOptions &,
                            const char *what);
    bool check_nd_ra_opts(const Action &);
    bool parse_ct_commit_v1(Action *);
    bool parse_ct_value(int width, mf_subvalue *value, mf_subvalue *mask);
    bool parse_commit_ecmp_nh(Action *);
    bool parse_commit_lb_aff(Action *);
    bool parse_l4_proto(uint8_t *);
    bool parse_lb_address(CtLbBackend *, int family);
    bool parse_sample(Action *);
    bool parse_nested(Action *, Scope);
    bool parse_args(Action *, std::initializer_list<int> widths);
    bool parse_number(uint32_t *, uint32_t max, const char *what);
    bool is_small_int() const;
    bool get_small_int(int *);
    bool force_small_int(int *);
    bool parse_uint16(uint32_t *, const char *what);
    bool check_writable(const ActionField &, Scope);
    bool check_type(const ActionField &, int n_bits);
    bool parse_field_ovn_check(const ActionField &);
    bool parse_ip(int *family, mf_subvalue *ip);
    void add_prereq(const std::string &prereq);
    bool next_table(Action *, const char *name);

    Lexer lexer_;
    const ActionParseParams &pp_;
    std::vector<std::string> prereqs_;
    /* Nested actions' prerequisites are about the packet that the nested
     * actions build (arp { ... }) or commit, not the flow's: 23.03 drops
     * them, and so do we. */
    int nesting_ = 0;
    static constexpr int MAX_NESTING = 31;      /* As 23.03. */
};

void
ActionParser::add_prereq(const std::string &prereq)
{
    if (!nesting_ && !prereq.empty()) {
        prereqs_.push_back(prereq);
    }
}

ActionsParseResult
ActionParser::parse()
{
    ActionsParseResult result;
    lexer_.get();
    parse_actions(&result.actions, Scope::TOP, LexType::END);
    if (lexer_.has_error()) {
        result.actions.clear();
        result.error = lexer_.take_error();
    } else {
        result.prereqs = std::move(prereqs_);
    }
    return result;
}

bool
ActionParser::parse_actions(std::vector<Action> *actions, Scope scope,
                            LexType end)
{
    /* "drop;" stands alone: the whole list, nothing before or after. */
    if (lexer_.is_id("drop") && lexer_.lookahead() == LexType::SEMICOLON) {
        lexer_.get();
        lexer_.get();
        Action a{};
        a.type = ActionType::DROP;
        actions->push_back(std::move(a));
        return end == LexType::END ? lexer_.force_end()
                                   : lexer_.force_match(end);
    }
    while (!lexer_.match(end)) {
        if (!parse_action(actions, scope)) {
            return false;
        }
    }
    return true;
}

/* 23.03's "small integer": a decimal integer in the range of an int. */
bool
ActionParser::is_small_int() const
{
    const LexToken &t = lexer_.token();
    return t.type == LexType::INTEGER && t.format == LexFormat::DECIMAL
           && subvalue_width(t.value) <= 31;
}

bool
ActionParser::get_small_int(int *n)
{
    if (!is_small_int()) {
        return false;
    }
    *n = ntohl(lexer_.token().value.be32[31]);
    lexer_.get();
    return true;
}

bool
ActionParser::force_small_int(int *n)
{
    if (!get_small_int(n)) {
        lexer_.syntax_error("expecting small integer");
        return false;
    }
    return true;
}

/* An unsigned 16-bit decimal integer, or the syntax error "expecting
 * 'what'". */
bool
ActionParser::parse_uint16(uint32_t *n, const char *what)
{
    if (!is_small_int() || ntohl(lexer_.token().value.be32[31]) > 65535) {
        lexer_.syntax_error(std::string("expecting ") + what);
        return false;
    }
    *n = ntohl(lexer_.token().value.be32[31]);
    lexer_.get();
    return true;
}

bool
ActionParser::parse_number(uint32_t *n, uint32_t max, const char *what)
{
    const LexToken &t = lexer_.token();
    if (t.type != LexType::INTEGER || t.format != LexFormat::DECIMAL
        || subvalue_width(t.value) > 32) {
        lexer_.syntax_error(std::string("expecting ") + what);
        return false;
    }
    uint32_t v = ntohl(t.value.be32[31]);
    if (v > max) {
        lexer_.syntax_error(std::string("expecting ") + what + " at most "
                            + std::to_string(max));
        return false;
    }
    *n = v;
    lexer_.get();
    return true;
}

/* Parses a field or subfield, as 23.03 does: an OVN field (which no
 * OpenFlow field holds) is refused only where 'ovn_field' is false, after
 * the checks 23.03 makes; with 'lvalue', it must be writable in
 * 'scope'. */
bool
ActionParser::parse_field(ActionField *f, bool lvalue, Scope scope,
                          bool ovn_field)
{
    if (lexer_.type() != LexType::ID) {
        lexer_.syntax_error("expecting field name");
        return false;
    }
    const ExprSymbol *s = pp_.symtab->lookup(lexer_.token().s);
    if (!s) {
        lexer_.syntax_error("expecting field name");
        return false;
    }
    if (s->is_predicate()) {
        lexer_.error("Predicate symbol " + s->name
                     + " used where lvalue required.");
        return false;
    }
    lexer_.get();

    f->symbol = s;
    f->ofs = 0;
    f->n_bits = s->is_string() ? 32 : s->width;
    f->subfield = false;
    if (lexer_.match(LexType::LSQUARE)) {
        if (s->is_string()) {
            lexer_.error("Cannot select subfield of string field "
                         + s->name + ".");
            return false;
        }
        int lo, hi;
        if (!force_small_int(&lo)) {
            return false;
        }
        hi = lo;
        if (lexer_.match(LexType::ELLIPSIS) && !force_small_int(&hi)) {
            return false;
        }
        if (!lexer_.force_match(LexType::RSQUARE)) {
            return false;
        }
        if (lo > hi) {
            lexer_.error("Invalid bit range " + std::to_string(lo) + " to "
                         + std::to_string(hi) + ".");
            return false;
        } else if (hi >= s->width) {
            lexer_.error("Cannot select bits " + std::to_string(lo)
                         + " to " + std::to_string(hi) + " of "
                         + std::to_string(s->width) + "-bit field "
                         + s->name + ".");
            return false;
        } else if ((s->level != ExprLevel::ORDINAL
                    || s->kind == ExprSymbol::Kind::OVN_FIELD)
                   && (lo != 0 || hi != s->width - 1)) {
            lexer_.error("Cannot select subfield of nominal field "
                         + s->name + ".");
            return false;
        }
        f->ofs = lo;
        f->n_bits = hi - lo + 1;
        f->subfield = true;
    }

    if (lvalue && !check_writable(*f, scope)) {
        return false;
    }
    if (s->kind == ExprSymbol::Kind::OVN_FIELD && !ovn_field) {
        /* pinctrl sets these in the packets it builds; no OpenFlow field
         * holds them.  (23.03 takes them and encodes nonsense.) */
        lexer_.error("OVN field " + s->name + " may only be assigned a "
                     "constant.");
        return false;
    }
    /* 23.03 gives an OVN field's assignment no prerequisite: the flow of
     * "icmp4.frag_mtu = 1500;" on match "1" matches every packet. */
    if (s->kind != ExprSymbol::Kind::OVN_FIELD) {
        add_prereq(s->prereqs);
    }
    return true;
}

/* Whether 'f' may be written in 'scope': ct_mark and ct_label only inside
 * ct_commit { }, every other writable field only outside it. */
bool
ActionParser::check_writable(const ActionField &f, Scope scope)
{
    const ExprSymbol *s = f.symbol;
    if ((s->rw == ExprWrite::NONE && s->kind != ExprSymbol::Kind::OVN_FIELD)
        || (s->rw == ExprWrite::CT_COMMIT) != (scope == Scope::CT_COMMIT)) {
        lexer_.error("Field " + s->name + " is not modifiable.");
        return false;
    }
    return true;
}

/* Refuses OVN field 'f' where an OpenFlow field is needed (23.03 takes
 * it, once its width fits, and encodes nonsense). */
bool
ActionParser::parse_field_ovn_check(const ActionField &f)
{
    if (f.symbol->kind == ExprSymbol::Kind::OVN_FIELD) {
        lexer_.error("OVN field " + f.symbol->name + " may only be "
                     "assigned a constant.");
        return false;
    }
    return true;
}

/* 23.03's check that 'f' is a string field (n_bits == 0) or an
 * 'n_bits'-bit one. */
bool
ActionParser::check_type(const ActionField &f, int n_bits)
{
    const std::string &name = f.symbol->name;
    if (!n_bits && !f.symbol->is_string()) {
        lexer_.error("Cannot use numeric field " + name
                     + " where string field is required.");
        return false;
    } else if (n_bits && f.symbol->is_string()) {
        lexer_.error("Cannot use string field " + name
                     + " where numeric field is required.");
        return false;
    } else if (n_bits && f.n_bits != n_bits) {
        lexer_.error("Cannot use " + std::to_string(f.n_bits)
                     + "-bit field " + name + "[" + std::to_string(f.ofs)
                     + ".." + std::to_string(f.ofs + f.n_bits - 1)
                     + "] where " + std::to_string(n_bits)
                     + "-bit field is required.");
        return false;
    }
    return true;
}

bool
ActionParser::next_table(Action *a, const char *name)
{
    a->ingress = pp_.ingress;
    a->ltable = pp_.cur_ltable + 1;
    if (a->ltable >= pp_.n_tables) {
        lexer_.error(std::string("\"") + name
                     + "\" action not allowed in last table.");
        return false;
    }
    return true;
}

/* next, next(TABLE) or next(pipeline=P, table=T) with either key
 * optional, in any order. */
bool
ActionParser::parse_next(Action *a)
{
    a->ingress = pp_.ingress;
    a->ltable = pp_.cur_ltable + 1;
    if (lexer_.match(LexType::LPAREN)) {
        a->explicit_table = true;
        int t;
        if (get_small_int(&t)) {
            a->ltable = t;
        } else {
            do {
                if (lexer_.match_id("pipeline")) {
                    if (!lexer_.force_match(LexType::EQUALS)) {
                        return false;
                    }
                    if (lexer_.match_id("ingress")) {
                        a->ingress = true;
                    } else if (lexer_.match_id("egress")) {
                        a->ingress = false;
                    } else {
                        lexer_.syntax_error(
                            "expecting \"ingress\" or \"egress\"");
                        return false;
                    }
                } else if (lexer_.match_id("table")) {
                    if (!lexer_.force_match(LexType::EQUALS)
                        || !force_small_int(&t)) {
                        return false;
                    }
                    a->ltable = t;
                } else {
                    lexer_.syntax_error(
                        "expecting \"pipeline\" or \"table\"");
                    return false;
                }
            } while (lexer_.match(LexType::COMMA));
        }
        if (!lexer_.force_match(LexType::RPAREN)) {
            return false;
        }
    }
    if (a->ltable >= pp_.n_tables) {
        lexer_.error("\"next\" action cannot advance beyond table "
                     + std::to_string(pp_.n_tables - 1) + ".");
        return false;
    }
    return true;
}

bool
ActionParser::parse_ip(int *family, mf_subvalue *ip)
{
    const LexToken &t = lexer_.token();
    if (t.type != LexType::INTEGER
        || (t.format != LexFormat::IPV4 && t.format != LexFormat::IPV6)) {
        lexer_.syntax_error("expecting IPv4 or IPv6 address");
        return false;
    }
    *family = t.format == LexFormat::IPV4 ? AF_INET : AF_INET6;
    *ip = t.value;
    lexer_.get();
    return true;
}

/* ct_dnat, ct_snat and their _in_czone forms: no argument, or "(IP)" or
 * "(IP, LO-HI)". */
bool
ActionParser::parse_nat(Action *a)
{
    add_prereq("ip");
    if (!next_table(a, "ct_dnat/ct_snat")) {
        return false;
    }
    if (!lexer_.match(LexType::LPAREN)) {
        return true;
    }
    if (!parse_ip(&a->nat_family, &a->nat_ip)) {
        return false;
    }
    if (lexer_.match(LexType::COMMA)) {
        /* As 23.03: each port is kept to 16 bits (65536 is 0), then
         * checked. */
        const LexToken &t = lexer_.token();
        if (t.type != LexType::INTEGER || t.format != LexFormat::DECIMAL) {
            lexer_.syntax_error("expecting Integer for port range");
            return false;
        }
        uint32_t lo = ntohs(t.value.be16[63]), hi = lo;
        if (!lo) {
            lexer_.syntax_error("range can't be 0");
            return false;
        }
        lexer_.get();
        if (lexer_.match(LexType::HYPHEN)) {
            const LexToken &h = lexer_.token();
            if (h.type != LexType::INTEGER
                || h.format != LexFormat::DECIMAL) {
                lexer_.syntax_error("expecting Integer for port range");
                return false;
            }
            hi = ntohs(h.value.be16[63]);
            if (hi <= lo) {
                lexer_.syntax_error("range high should be greater than "
                                    "range low");
                return false;
            }
            lexer_.get();
        }
        a->nat_ports = true;
        a->port_lo = lo;
        a->port_hi = hi;
    }
    return lexer_.force_match(LexType::RPAREN);
}

/* ct_lb and ct_lb_mark: no argument, or "(backends=B,...[; hash_fields=
 * "F"][; skip_snat | force_snat])". */
bool
ActionParser::parse_ct_lb(Action *a)
{
    add_prereq("ip");
    if (!next_table(a, "ct_lb")) {
        return false;
    }
    if (!lexer_.match(LexType::LPAREN)) {
        return true;
    }
    /* As 23.03: "backends=" (the older form without it is gone), then
     * backends up to a ';' or ')', the commas optional; after a ';',
     * hash_fields="F" and skip_snat or force_snat, each of which swallows
     * the token after it (normally ';' or ')'). */
    if (lexer_.type() != LexType::RPAREN) {
        if (!lexer_.match_id("backends")) {
            lexer_.syntax_error("expecting backends");
            return false;
        }
        if (!lexer_.force_match(LexType::EQUALS)) {
            return false;
        }
    }
    int family = 0;
    while (!lexer_.match(LexType::SEMICOLON)
           && !lexer_.match(LexType::RPAREN)) {
        CtLbBackend b;
        const LexToken &t = lexer_.token();
        if (lexer_.match(LexType::LSQUARE)) {
            if (t.type != LexType::INTEGER || t.format != LexFormat::IPV6) {
                lexer_.syntax_error("expecting IPv6 address");
                return false;
            }
            b.family = AF_INET6;
            b.ip = t.value;
            lexer_.get();
            if (!lexer_.match(LexType::RSQUARE)) {
                lexer_.syntax_error("no closing square bracket");
                return false;
            }
        } else {
            if (t.type != LexType::INTEGER
                || (t.format != LexFormat::IPV4
                    && t.format != LexFormat::IPV6)) {
                lexer_.syntax_error("expecting IP address");
                return false;
            }
            b.family = t.format == LexFormat::IPV4 ? AF_INET : AF_INET6;
            b.ip = t.value;
            lexer_.get();
            if (b.family == AF_INET6 && lexer_.type() == LexType::COLON) {
                lexer_.get();
                lexer_.syntax_error("IPv6 address needs square brackets if "
                                    "port is included");
                return false;
            }
        }
        if (lexer_.match(LexType::COLON)) {
            uint32_t port;
            if (!parse_uint16(&port, "port number")) {
                return false;
            }
            b.port = port;
        }
        lexer_.match(LexType::COMMA);
        if (family && b.family != family) {
            /* 23.03 takes them and builds a group that mixes them. */
            lexer_.error("ct_lb backends must all be IPv4 or all IPv6.");
            return false;
        }
        family = b.family;
        a->backends.push_back(b);
    }

    if (lexer_.match_id("hash_fields")) {
        if (!lexer_.match(LexType::EQUALS)
            || lexer_.type() != LexType::STRING) {
            lexer_.syntax_error("invalid hash_fields");
            return false;
        }
        a->str = lexer_.token().s;
        lexer_.get();
        if (!lexer_.match(LexType::SEMICOLON)) {
            lexer_.get();
        }
    }
    if (lexer_.match_id("skip_snat")) {
        a->skip_snat = true;
        lexer_.get();
    } else if (lexer_.match_id("force_snat")) {
        a->force_snat = true;
        lexer_.get();
    }
    return true;
}

bool
ActionParser::parse_log(Action *a)
{
    bool verdict = false;
    if (lexer_.match(LexType::LPAREN) && !parse_log_options(a, &verdict)) {
        return false;
    }
    if (!verdict) {
        /* As 23.03: the error points past the options. */
        lexer_.syntax_error("expecting verdict");
        return false;
    }
    return true;
}

/* The options of log(KEY=VALUE, ...), in any order, the commas
 * optional. */
bool
ActionParser::parse_log_options(Action *a, bool *verdict)
{
    while (!lexer_.match(LexType::RPAREN)) {
        std::string key = lexer_.type() == LexType::ID ? lexer_.token().s
                                                       : "";
        if (key != "name" && key != "meter" && key != "verdict"
            && key != "severity") {
            lexer_.syntax_error("");
            return false;
        }
        lexer_.get();
        if (!lexer_.force_match(LexType::EQUALS)) {
            return false;
        }
        if (key == "name" || key == "meter") {
            if (lexer_.type() != LexType::STRING) {
                lexer_.syntax_error("expecting string");
                return false;
            }
            (key == "name" ? a->str : a->meter) = lexer_.token().s;
            lexer_.get();
        } else if (key == "verdict") {
            static const char *const verdicts[] = { "allow", "drop",
                                                    "reject" };
            bool found = false;
            for (uint8_t i = 0; i < 3 && !found; i++) {
                if (lexer_.match_id(verdicts[i])) {
                    a->verdict = i;
                    found = true;
                }
            }
            *verdict = found;
            if (!found) {
                lexer_.syntax_error("unknown verdict");
                return false;
            }
        } else if (key == "severity") {
            static const char *const levels[] = {
                "emergency", "alert", "critical", "error", "warning",
                "notice", "info", "debug",
            };
            if (lexer_.type() != LexType::ID) {
                lexer_.syntax_error("expecting severity");
                return false;
            }
            bool found = false;
            for (uint8_t i = 0; i < 8 && !found; i++) {
                if (lexer_.match_id(levels[i])) {
                    a->severity = i;
                    found = true;
                }
            }
            if (!found) {
                lexer_.syntax_error("unknown severity");
                return false;
            }
        }
        lexer_.match(LexType::COMMA);
    }
    return true;
}

bool
ActionParser::parse_nested(Action *a, Scope scope)
{
    if (!lexer_.force_match(LexType::LCURLY)) {
        return false;
    }
    if (nesting_ >= MAX_NESTING) {
        /* The parser and the encoder recurse once a level: bound the
         * stack that one bad flow may take. */
        lexer_.error("maximum depth of nested actions reached");
        return false;
    }
    nesting_++;
    bool ok = parse_actions(&a->nested, scope, LexType::RCURLY);
    nesting_--;
    return ok;
}

/* Arguments "(f1, f2, ...)" of the widths given (32 for a string field,
 * which must then be one). */
bool
ActionParser::parse_args(Action *a, std::initializer_list<int> widths)
{
    if (!lexer_.force_match(LexType::LPAREN)) {
        return false;
    }
    bool first = true;
    for (int width : widths) {
        if (!first && !lexer_.force_match(LexType::COMMA)) {
            return false;
        }
        first = false;
        ActionField f;
        if (!parse_field(&f, false, Scope::TOP, true)
            || !check_type(f, width)
            || !parse_field_ovn_check(f)) {
            return false;
        }
        a->args.push_back(f);
    }
    return lexer_.force_match(LexType::RPAREN);
}

/* 'dst = FUNCTION(...)' for the functions that store a result. */
bool
ActionParser::parse_call_result(Action *a, const ActionField &dst)
{
    struct Function {
        const char *name;
        ActionType type;
        std::initializer_list<int> args;   /* 0 for a port. */
    };
    static const Function functions[] = {
        { "check_pkt_larger", ActionType::CHECK_PKT_LARGER, {} },
        { "lookup_arp", ActionType::LOOKUP_ARP, { 0, 32, 48 } },
        { "lookup_nd", ActionType::LOOKUP_ND, { 0, 128, 48 } },
        { "lookup_arp_ip", ActionType::LOOKUP_ARP_IP, { 0, 32 } },
        { "lookup_nd_ip", ActionType::LOOKUP_ND_IP, { 0, 128 } },
        { "get_fdb", ActionType::GET_FDB, { 48 } },
        { "lookup_fdb", ActionType::LOOKUP_FDB, { 0, 48 } },
        { "check_in_port_sec", ActionType::CHECK_IN_PORT_SEC, {} },
        { "check_out_port_sec", ActionType::CHECK_OUT_PORT_SEC, {} },
        { "chk_lb_hairpin", ActionType::CHK_LB_HAIRPIN, {} },
        { "chk_lb_hairpin_reply", ActionType::CHK_LB_HAIRPIN_REPLY, {} },
        { "dns_lookup", ActionType::DNS_LOOKUP, {} },
        { "put_dhcp_opts", ActionType::PUT_DHCP_OPTS, {} },
        { "put_dhcpv6_opts", ActionType::PUT_DHCPV6_OPTS, {} },
        { "put_nd_ra_opts", ActionType::PUT_ND_RA_OPTS, {} },
        { "chk_ecmp_nh_mac", ActionType::CHK_ECMP_NH_MAC, {} },
        { "chk_ecmp_nh", ActionType::CHK_ECMP_NH, {} },
        { "chk_lb_aff", ActionType::CHK_LB_AFF, {} },
        { "select", ActionType::SELECT, {} },
    };
    const std::string &name = lexer_.token().s;
    for (const Function &f : functions) {
        if (name != f.name) {
            continue;
        }
        lexer_.get();
        a->type = f.type;
        a->dst = dst;
        if (f.type == ActionType::GET_FDB) {
            if (!dst.symbol->is_string() && !check_type(dst, 32)) {
                return false;
            }
        } else if (f.type == ActionType::SELECT) {
            /* A string field has 0 bits here, as in 23.03. */
            int n_bits = dst.symbol->is_string() ? 0 : dst.n_bits;
            if (n_bits < 16) {
                lexer_.error("cannot use " + std::to_string(n_bits)
                             + "-bit field " + dst.symbol->name + "["
                             + std::to_string(dst.ofs) + ".."
                             + std::to_string(dst.ofs + n_bits - 1)
                             + "] for \"select\", which requires at least "
                               "16 bits.");
                return false;
            }
        } else if (!check_type(dst, 1)) {
            return false;
        }
        if (f.type == ActionType::DNS_LOOKUP) {
            add_prereq("udp");
        }
        if (f.type == ActionType::PUT_DHCP_OPTS) {
            return parse_dhcp_opts(a);
        }
        if (f.type == ActionType::PUT_DHCPV6_OPTS) {
            static const DhcpOptions none;
            return parse_l7_opts(a, pp_.dhcpv6_opts ? *pp_.dhcpv6_opts
                                                    : none, "DHCPv6");
        }
        if (f.type == ActionType::PUT_ND_RA_OPTS) {
            add_prereq("ip6");
            return parse_l7_opts(a, nd_ra_options(), "IPv6 ND RA")
                   && check_nd_ra_opts(*a);
        }
        if (f.type != ActionType::CHECK_PKT_LARGER
            && f.type != ActionType::SELECT && f.args.size() == 0) {
            if (!lexer_.force_match(LexType::LPAREN)) {
                return false;
            }
            if (!lexer_.match(LexType::RPAREN)) {
                lexer_.error(std::string(f.name)
                             + " doesn't take any parameters");
                return false;
            }
            return true;
        }
        if (f.type == ActionType::SELECT) {
            return parse_select(a);
        }
        if (f.type == ActionType::CHECK_PKT_LARGER) {
            /* Anything but a length is left for the ';' to refuse, as in
             * 23.03. */
            if (!lexer_.force_match(LexType::LPAREN) || !is_small_int()) {
                return true;
            }
            return parse_number(&a->number, 65535, "packet length")
                   && lexer_.force_match(LexType::RPAREN);
        }
        return parse_args(a, f.args);
    }
    /* 23.03 takes an unknown name here for a field: its words. */
    lexer_.syntax_error("expecting field name");
    return false;
}

/* select(V1[=W1], V2[=W2], ...): a select group whose bucket i loads Vi
 * into the destination and goes on to the next table; weights default to
 * 100; values and weights are 16-bit, the commas optional. */
bool
ActionParser::parse_select(Action *a)
{
    if (!lexer_.force_match(LexType::LPAREN) || !next_table(a, "select")) {
        return false;
    }
    while (!lexer_.match(LexType::RPAREN)) {
        uint32_t value, weight = 100;
        if (!parse_uint16(&value, "id")) {
            return false;
        }
        if (lexer_.match(LexType::EQUALS)) {
            if (!parse_uint16(&weight, "weight")) {
                return false;
            }
            if (!weight) {
                lexer_.syntax_error("weight can't be 0");
                return false;
            }
        }
        if (a->dst.n_bits < 32 && value >> a->dst.n_bits) {
            /* 23.03 keeps the low bits. */
            lexer_.error("Value " + std::to_string(value) + " does not fit "
                         "in " + a->dst.to_string() + ".");
            return false;
        }
        a->select_values.emplace_back(value, weight);
        lexer_.match(LexType::COMMA);
    }
    if (a->select_values.size() < 2) {
        lexer_.syntax_error("expecting at least 2 group members");
        return false;
    }
    return true;
}

/* fwd_group[([liveness=true|false,] childports="P1", "P2", ...)], the
 * commas between ports optional; anything else is left for the ';' to
 * refuse, as in 23.03. */
bool
ActionParser::parse_fwd_group(Action *a)
{
    if (!lexer_.match(LexType::LPAREN)) {
        return true;
    }
    if (lexer_.match_id("liveness")) {
        if (!lexer_.force_match(LexType::EQUALS)) {
            return false;
        }
        const LexToken &t = lexer_.token();
        if ((t.type != LexType::ID && t.type != LexType::STRING)
            || (t.s != "true" && t.s != "false")) {
            lexer_.syntax_error("expecting true or false");
            return false;
        }
        a->liveness = t.s == "true";
        lexer_.get();
        if (!lexer_.force_match(LexType::COMMA)) {
            return false;
        }
    }
    if (!lexer_.match_id("childports")) {
        return true;
    }
    if (!lexer_.force_match(LexType::EQUALS)) {
        return false;
    }
    while (!lexer_.match(LexType::RPAREN)) {
        if (lexer_.type() != LexType::STRING) {
            lexer_.syntax_error("expecting logical switch port");
            return false;
        }
        a->strings.push_back(lexer_.token().s);
        lexer_.get();
        lexer_.match(LexType::COMMA);
    }
    return true;
}

/* The options of 23.03's only controller event, empty_lb_backends, by
 * their code minus 1. */
const char *const empty_lb_backends_option_names[] = {
    "vip", "protocol", "load_balancer",
};

/* The options of empty_lb_backends, by code ("str": 23.03 checks their
 * values after parsing). */
const DhcpOptions &
empty_lb_backends_options()
{
    static const DhcpOptions options = [] {
        DhcpOptions o;
        for (int i = 0; i < 3; i++) {
            const char *name = empty_lb_backends_option_names[i];
            o[name] = DhcpOption{ name, static_cast<uint16_t>(i + 1),
                                  DhcpOptType::STR };
        }
        return o;
    }();
    return options;
}

/* Whether 's' is a load balancer VIP: "IPv4", "IPv4:[PORT]", "IPv6" or
 * "[IPv6]:PORT". */
bool
is_lb_vip(const std::string &s)
{
    std::string addr = s, port;
    int family = AF_INET;
    if (!addr.empty() && addr[0] == '[') {
        size_t close = addr.find(']');
        if (close == std::string::npos || close + 2 >= addr.size()
            || addr[close + 1] != ':') {
            return false;
        }
        port = addr.substr(close + 2);
        addr = addr.substr(1, close - 1);
        family = AF_INET6;
    } else if (addr.find(':') != addr.rfind(':')) {
        family = AF_INET6;
    } else if (addr.find(':') != std::string::npos) {
        /* An empty port is no port, as for 23.03. */
        port = addr.substr(addr.find(':') + 1);
        addr = addr.substr(0, addr.find(':'));
    }
    uint8_t ip[16];
    if (inet_pton(family, addr.c_str(), ip) != 1) {
        return false;
    }
    if (!port.empty()) {
        char *end;
        unsigned long p = strtoul(port.c_str(), &end, 10);
        return !*end && isdigit(static_cast<unsigned char>(port[0]))
               && p <= 65535;
    }
    return true;
}

/* trigger_event(event = "empty_lb_backends", vip = "...", protocol =
 * "...", load_balancer = "..."), as 23.03 parses and checks it. */
bool
ActionParser::parse_trigger_event(Action *a)
{
    if (!lexer_.force_match(LexType::LPAREN)) {
        return false;
    }
    if (!lexer_.match_id("event")) {
        lexer_.syntax_error("Expecting 'event' option");
        return false;
    }
    if (!lexer_.force_match(LexType::EQUALS)) {
        return false;
    }
    if (lexer_.type() != LexType::STRING || lexer_.token().s.size() >= 64) {
        lexer_.syntax_error("Expecting string");
        return false;
    }
    if (lexer_.token().s != "empty_lb_backends") {
        /* 23.03 prints the code of the unknown event, -1. */
        lexer_.syntax_error("Unknown event '-1'");
        return false;
    }
    lexer_.get();
    lexer_.match(LexType::COMMA);
    Action opts{};
    if (!parse_l7_opts_body(&opts, empty_lb_backends_options(),
                            "empty_lb_backends")) {
        return false;
    }
    for (const DhcpOptValue &v : opts.dhcp_opts) {
        const std::string &value = v.values[0].s;
        if (v.values.size() != 1) {
            lexer_.error("Invalid value for \"" + v.option->name
                         + "\" option");
            return false;
        }
        if (v.option->code == 1 && !is_lb_vip(value)) {
            lexer_.error("Invalid load balancer VIP '" + value + "'");
            return false;
        }
        if (v.option->code == 2 && value != "tcp" && value != "udp"
            && value != "sctp") {
            lexer_.error("Load balancer protocol '" + value
                         + "' is not 'tcp', 'udp', or 'sctp'");
            return false;
        }
        struct uuid uuid;
        if (v.option->code == 3 && !uuid_from_string(&uuid, value.c_str())) {
            lexer_.error("Load balancer '" + value + "' is not a UUID");
            return false;
        }
        a->event_opts.emplace_back(v.option->code, value);
    }
    return true;
}

/* put_dhcp_opts(NAME = VALUE, ...), the names from the Southbound's
 * DHCP_Options; offerip must be among them. */
bool
ActionParser::parse_dhcp_opts(Action *a)
{
    static const DhcpOptions none;
    if (!parse_l7_opts(a, pp_.dhcp_opts ? *pp_.dhcp_opts : none, "DHCPv4")) {
        return false;
    }
    bool offerip = false;
    for (const DhcpOptValue &v : a->dhcp_opts) {
        offerip = offerip || v.option->code == DHCP_OPT_OFFERIP_CODE;
        if (v.option->type == DhcpOptType::STATIC_ROUTES
            && v.values.size() % 2) {
            /* 23.03 takes it and encodes past the end of the list. */
            lexer_.error("DHCP option " + v.option->name
                         + " needs pairs of prefix and router.");
            return false;
        }
    }
    if (!offerip) {
        lexer_.error("put_dhcp_opts requires offerip to be specified.");
        return false;
    }
    return true;
}

/* The options of put_nd_ra_opts, which 23.03 knows without the
 * Southbound: each code is the ND option type it becomes (RFC 4861,
 * 4191, 8106), 0 for those that set bits of the RA header instead. */
const DhcpOptions &
nd_ra_options()
{
    static const DhcpOptions options = [] {
        static const struct {
            const char *name;
            uint16_t code;
            DhcpOptType type;
        } table[] = {
            { "addr_mode", 0, DhcpOptType::STR },
            { "slla", 1, DhcpOptType::MAC },
            { "prefix", 3, DhcpOptType::IPV6 },
            { "mtu", 5, DhcpOptType::UINT32 },
            { "route_info", 24, DhcpOptType::STR },
            { "rdnss", 25, DhcpOptType::IPV6 },
            { "dnssl", 31, DhcpOptType::STR },
            { "router_preference", 0, DhcpOptType::STR },
        };
        DhcpOptions o;
        for (const auto &t : table) {
            o[t.name] = DhcpOption{ t.name, t.code, t.type };
        }
        return o;
    }();
    return options;
}

/* The RA header flags of an addr_mode, or -1 if it is not one. */
int
nd_ra_addr_mode_flags(std::string_view mode)
{
    return mode == "slaac" ? 0
           : mode == "dhcpv6_stateful" ? 0x80
           : mode == "dhcpv6_stateless" ? 0x40 : -1;
}

/* The RA header (or route information) preference bits of a
 * router_preference, or -1 if it is not one. */
int
nd_ra_preference_bits(std::string_view prf)
{
    return prf == "HIGH" ? 0x08 : prf == "MEDIUM" ? 0 : prf == "LOW" ? 0x18
                                                                     : -1;
}

/* The options of put_dhcp_opts, put_dhcpv6_opts, put_nd_ra_opts and
 * trigger_event: "(NAME = VALUE, ...)", the names from 'options', the
 * commas optional; 'what' names the kind in errors, as 23.03 does.  Each
 * value is a constant, or a set of them in {}; "str" and "domains"
 * options want strings, "host_id" either, the others integers (of any
 * width: the encoder keeps the bytes the type has, as 23.03 does).
 * Values are checked further by the callers that 23.03 checks. */
bool
ActionParser::parse_l7_opts(Action *a, const DhcpOptions &options,
                            const char *what)
{
    return lexer_.force_match(LexType::LPAREN)
           && parse_l7_opts_body(a, options, what);
}

/* The options after the '(' of parse_l7_opts(), up to the ')'. */
bool
ActionParser::parse_l7_opts_body(Action *a, const DhcpOptions &options,
                                 const char *what)
{
    while (!lexer_.match(LexType::RPAREN)) {
        if (lexer_.type() != LexType::ID) {
            lexer_.syntax_error("");
            return false;
        }
        auto it = options.find(lexer_.token().s);
        if (it == options.end()) {
            lexer_.syntax_error(std::string("expecting ") + what
                                + " option name");
            return false;
        }
        lexer_.get();
        if (!lexer_.force_match(LexType::EQUALS)) {
            return false;
        }
        DhcpOptValue v;
        v.option = &it->second;
        v.set = lexer_.match(LexType::LCURLY);
        do {
            const LexToken &t = lexer_.token();
            if (t.type != LexType::INTEGER
                && t.type != LexType::MASKED_INTEGER
                && t.type != LexType::STRING) {
                lexer_.syntax_error("expecting constant");
                return false;
            }
            v.values.push_back(t);
            lexer_.get();
        } while (v.set && lexer_.match(LexType::COMMA));
        if (v.set && !lexer_.force_match(LexType::RCURLY)) {
            return false;
        }
        DhcpOptType type = v.option->type;
        bool is_string = v.values[0].type == LexType::STRING;
        if (type != DhcpOptType::HOST_ID
            && (type == DhcpOptType::STR || type == DhcpOptType::DOMAINS)
               != is_string) {
            lexer_.error(std::string(what) + " option " + v.option->name
                         + " requires " + (is_string ? "numeric" : "string")
                         + " value.");
            return false;
        }
        a->dhcp_opts.push_back(std::move(v));
        lexer_.match(LexType::COMMA);
    }
    return true;
}

/* The checks of put_nd_ra_opts's values after parsing, in 23.03's order
 * and words. */
bool
ActionParser::check_nd_ra_opts(const Action &a)
{
    bool slla = false, prefix = false, stateful = false;
    for (const DhcpOptValue &v : a.dhcp_opts) {
        const std::string &name = v.option->name;
        const LexToken &t = v.values[0];
        bool ok = v.values.size() == 1;
        if (name == "addr_mode") {
            ok = ok && nd_ra_addr_mode_flags(t.s) >= 0;
            stateful = ok && t.s == "dhcpv6_stateful";
        } else if (name == "slla") {
            ok = ok && t.type == LexType::INTEGER
                 && t.format == LexFormat::ETHERNET;
            slla = true;
        } else if (name == "prefix") {
            ok = ok && t.type == LexType::MASKED_INTEGER
                 && t.format == LexFormat::IPV6;
            prefix = true;
        } else if (name == "mtu") {
            ok = ok && t.type == LexType::INTEGER
                 && subvalue_width(t.value) <= 32;
        } else if (name == "rdnss") {
            ok = ok && t.type == LexType::INTEGER
                 && t.format == LexFormat::IPV6;
        } else if (name == "router_preference") {
            ok = ok && nd_ra_preference_bits(t.s) >= 0;
        } else {
            /* dnssl and route_info: any string, as in 23.03, which skips
             * what it cannot encode. */
            ok = ok && true;
        }
        if (!ok) {
            lexer_.error("Invalid value for \"" + name + "\" option");
            return false;
        }
    }
    if (!slla) {
        lexer_.error("slla option not present");
        return false;
    }
    if (!stateful && !prefix) {
        lexer_.error("prefix option needs to be set when address mode is "
                     "slaac/dhcpv6_stateless.");
        return false;
    }
    return true;
}

/* A constant for ct_commit(ct_mark=V[/M], ...): 'width' bits of it are
 * kept, as 23.03 keeps them (0x100000000 commits ct_mark 0). */
bool
ActionParser::parse_ct_value(int width, mf_subvalue *value,
                             mf_subvalue *mask)
{
    const LexToken &t = lexer_.token();
    if (t.type != LexType::INTEGER && t.type != LexType::MASKED_INTEGER) {
        lexer_.syntax_error("expecting integer");
        return false;
    }
    *value = t.value;
    if (t.type == LexType::MASKED_INTEGER) {
        *mask = t.mask;
    } else {
        memset(mask, 0xff, sizeof *mask);
    }
    int zero_bits = 8 * sizeof value->u8 - width;
    bitwise_zero(value, sizeof *value, width, zero_bits);
    bitwise_zero(mask, sizeof *mask, width, zero_bits);
    lexer_.get();
    return true;
}

/* The old form ct_commit(ct_mark=V[/M], ct_label=V[/M]), each optional,
 * the commas too; a field given twice keeps its last value. */
bool
ActionParser::parse_ct_commit_v1(Action *a)
{
    lexer_.get();
    a->ct_commit_v1 = true;
    while (!lexer_.match(LexType::RPAREN)) {
        bool ok;
        if (lexer_.match_id("ct_mark")) {
            ok = lexer_.force_match(LexType::EQUALS)
                 && parse_ct_value(32, &a->ct_mark, &a->ct_mark_mask);
        } else if (lexer_.match_id("ct_label")) {
            ok = lexer_.force_match(LexType::EQUALS)
                 && parse_ct_value(128, &a->ct_label, &a->ct_label_mask);
        } else {
            lexer_.syntax_error("");
            ok = false;
        }
        if (!ok) {
            return false;
        }
        lexer_.match(LexType::COMMA);
    }
    return true;
}

/* tcp, udp or sctp, as an identifier. */
bool
ActionParser::parse_l4_proto(uint8_t *proto)
{
    if (lexer_.is_id("tcp")) {
        *proto = IPPROTO_TCP;
    } else if (lexer_.is_id("udp")) {
        *proto = IPPROTO_UDP;
    } else if (lexer_.is_id("sctp")) {
        *proto = IPPROTO_SCTP;
    } else {
        lexer_.syntax_error("invalid protocol");
        return false;
    }
    lexer_.get();
    return true;
}

/* commit_ecmp_nh(ipv6 = BOOL, proto = tcp|udp|sctp), in this order. */
bool
ActionParser::parse_commit_ecmp_nh(Action *a)
{
    if (!lexer_.force_match(LexType::LPAREN)) {
        return false;
    }
    if (!lexer_.match_id("ipv6")) {
        lexer_.syntax_error("invalid parameter");
        return false;
    }
    if (!lexer_.force_match(LexType::EQUALS)) {
        return false;
    }
    const LexToken &t = lexer_.token();
    if ((t.type == LexType::ID || t.type == LexType::STRING)
        && (t.s == "true" || t.s == "false")) {
        a->ipv6 = t.s == "true";
        lexer_.get();
    } else {
        lexer_.syntax_error("expecting true or false");
        return false;
    }
    if (!lexer_.force_match(LexType::COMMA)) {
        return false;
    }
    if (!lexer_.match_id("proto")) {
        lexer_.syntax_error("invalid parameter");
        return false;
    }
    return lexer_.force_match(LexType::EQUALS)
           && parse_l4_proto(&a->l4_proto)
           && lexer_.force_match(LexType::RPAREN);
}

/* "IP", "IPv4:PORT" or "[IPv6]:PORT" in a string, of 'family' if it is
 * not 0. */
bool
ActionParser::parse_lb_address(CtLbBackend *b, int family)
{
    const LexToken &t = lexer_.token();
    bool ok = t.type == LexType::STRING;
    std::string addr = ok ? t.s : "", port;
    if (ok && !addr.empty() && addr[0] == '[') {
        size_t close = addr.find(']');
        ok = close != std::string::npos
             && (close + 1 == addr.size() || addr[close + 1] == ':');
        port = ok && close + 1 < addr.size() ? addr.substr(close + 2) : "";
        addr = ok ? addr.substr(1, close - 1) : "";
        b->family = AF_INET6;
    } else if (ok && addr.find(':') == addr.rfind(':')
               && addr.find(':') != std::string::npos) {
        port = addr.substr(addr.find(':') + 1);
        addr = addr.substr(0, addr.find(':'));
        b->family = AF_INET;
    } else {
        b->family = addr.find(':') != std::string::npos ? AF_INET6
                                                         : AF_INET;
    }
    memset(&b->ip, 0, sizeof b->ip);
    uint8_t *ip = &b->ip.u8[sizeof b->ip.u8
                            - (b->family == AF_INET ? 4 : 16)];
    ok = ok && inet_pton(b->family, addr.c_str(), ip) == 1;
    b->port = 0;
    if (ok && !port.empty()) {
        char *end;
        unsigned long p = strtoul(port.c_str(), &end, 10);
        ok = !*end && isdigit(static_cast<unsigned char>(port[0]))
             && p <= 65535;
        b->port = p;
    }
    if (!ok) {
        lexer_.syntax_error("invalid parameter");
        return false;
    }
    if (family && b->family != family) {
        lexer_.syntax_error("invalid protocol family");
        return false;
    }
    lexer_.get();
    return true;
}

/* commit_lb_aff(vip = "IP[:PORT]", backend = "IP[:PORT]"[, proto =
 * tcp|udp|sctp], timeout = SECONDS), in this order. */
bool
ActionParser::parse_commit_lb_aff(Action *a)
{
    if (!lexer_.force_match(LexType::LPAREN)) {
        return false;
    }
    if (!lexer_.match_id("vip")) {
        lexer_.syntax_error("invalid parameter");
        return false;
    }
    if (!lexer_.force_match(LexType::EQUALS)) {
        return false;
    }
    a->strings.push_back(lexer_.token().s);
    if (!parse_lb_address(&a->lb_vip, 0)
        || !lexer_.force_match(LexType::COMMA)) {
        return false;
    }
    if (!lexer_.match_id("backend")) {
        lexer_.syntax_error("invalid parameter");
        return false;
    }
    if (!lexer_.force_match(LexType::EQUALS)) {
        return false;
    }
    a->strings.push_back(lexer_.token().s);
    if (!parse_lb_address(&a->lb_backend, a->lb_vip.family)
        || !lexer_.force_match(LexType::COMMA)) {
        return false;
    }
    /* A protocol comes with a VIP's port, and only then. */
    if (a->lb_vip.port) {
        if (!lexer_.match_id("proto")) {
            lexer_.syntax_error("invalid parameter");
            return false;
        }
        if (!lexer_.force_match(LexType::EQUALS)
            || !parse_l4_proto(&a->l4_proto)
            || !lexer_.force_match(LexType::COMMA)) {
            return false;
        }
    }
    if (!lexer_.match_id("timeout")) {
        lexer_.syntax_error("invalid parameter");
        return false;
    }
    if (!lexer_.force_match(LexType::EQUALS)) {
        return false;
    }
    const LexToken &t = lexer_.token();
    if (t.type != LexType::INTEGER || t.format != LexFormat::DECIMAL
        || subvalue_width(t.value) > 16) {
        lexer_.syntax_error("expecting affinity timeout");
        return false;
    }
    a->number = ntohl(t.value.be32[31]);
    lexer_.get();
    return lexer_.force_match(LexType::RPAREN);
}

/* sample[(probability=N, collector_set=N, obs_domain=N, obs_point=N)],
 * the keys in any order, the commas optional. */
bool
ActionParser::parse_sample(Action *a)
{
    if (lexer_.match(LexType::LPAREN)) {
        while (!lexer_.match(LexType::RPAREN)) {
            const char *key = lexer_.is_id("probability") ? "probability"
                              : lexer_.is_id("collector_set")
                              ? "collector_set"
                              : lexer_.is_id("obs_domain") ? "obs_domain"
                              : lexer_.is_id("obs_point") ? "obs_point"
                              : nullptr;
            if (!key) {
                lexer_.syntax_error("unknown argument");
                return false;
            }
            lexer_.get();
            if (!lexer_.force_match(LexType::EQUALS)) {
                return false;
            }
            const LexToken &t = lexer_.token();
            bool integer = t.type == LexType::INTEGER
                           && t.format == LexFormat::DECIMAL
                           && subvalue_width(t.value) <= 32;
            uint32_t n = integer ? ntohl(t.value.be32[31]) : 0;
            std::string_view k(key);
            if (k == "probability" && (t.type != LexType::INTEGER
                                       || t.format != LexFormat::DECIMAL)) {
                /* 23.03 takes what follows for the next key. */
                continue;
            }
            if (k == "probability" && (!integer || n > UINT16_MAX)) {
                lexer_.syntax_error("expecting probability");
                return false;
            } else if (k == "collector_set") {
                /* Any token: 23.03 keeps the low 32 bits of an
                 * integer's value, 0 for anything else. */
                n = t.type == LexType::INTEGER ? ntohl(t.value.be32[31])
                                               : 0;
            } else if (k == "obs_domain" && (!integer || n > UINT8_MAX)) {
                lexer_.syntax_error("obs_domain must be 8-bit long");
                return false;
            } else if (k == "obs_point" && !integer) {
                lexer_.syntax_error("malformed sample "
                                    "observation_point_id");
                return false;
            }
            if (k == "probability") {
                a->number = n;
            } else if (k == "collector_set") {
                a->collector_set = n;
            } else if (k == "obs_domain") {
                a->obs_domain = n;
            } else {
                a->obs_point = n;
            }
            lexer_.get();
            lexer_.match(LexType::COMMA);
        }
    }
    if (!a->number) {
        lexer_.error("probability must be greater than zero");
        return false;
    }
    return true;
}

/* DST = CONSTANT, DST = SRC, DST <-> SRC and DST = FUNCTION(...), with
 * 23.03's checks in its order: the source, then the types, then the
 * widths, then whether the fields may be written here. */
bool
ActionParser::parse_assignment(std::vector<Action> *actions, Scope scope)
{
    Action a{};
    if (!parse_field(&a.dst, false, scope, true)) {
        return false;
    }
    const ExprSymbol *ds = a.dst.symbol;

    bool exchange = false;
    if (lexer_.match(LexType::EXCHANGE)) {
        exchange = true;
    } else if (!lexer_.force_match(LexType::EQUALS)) {
        return false;
    }

    const LexToken &t = lexer_.token();
    if (t.type == LexType::ID && lexer_.lookahead() == LexType::LPAREN
        && !exchange) {
        if (!check_writable(a.dst, scope)
            || !parse_field_ovn_check(a.dst)) {
            return false;
        }
        if (scope == Scope::CT_COMMIT) {
            lexer_.error("Only assignments may appear inside ct_commit.");
            return false;
        }
        if (!parse_call_result(&a, a.dst)) {
            return false;
        }
        actions->push_back(std::move(a));
        return true;
    }
    if (t.type == LexType::ID || exchange) {
        if (!parse_field(&a.src, false, scope, true)) {
            return false;
        }
        if (a.src.symbol->is_string() != ds->is_string()) {
            auto kind = [](const ActionField &f) {
                return f.symbol->is_string() ? "string" : "integer";
            };
            const std::string &dn = ds->name, &sn = a.src.symbol->name;
            lexer_.error(exchange
                         ? std::string("Can't exchange ") + kind(a.dst)
                           + " field (" + dn + ") with " + kind(a.src)
                           + " field (" + sn + ")."
                         : std::string("Can't assign ") + kind(a.src)
                           + " field (" + sn + ") to " + kind(a.dst)
                           + " field (" + dn + ").");
            return false;
        }
        if (a.src.n_bits != a.dst.n_bits && !exchange) {
            lexer_.error("Can't assign " + std::to_string(a.src.n_bits)
                         + "-bit value to " + std::to_string(a.dst.n_bits)
                         + "-bit destination.");
            return false;
        }
        if (a.src.n_bits != a.dst.n_bits) {
            lexer_.error("Can't exchange " + std::to_string(a.dst.n_bits)
                         + "-bit field with " + std::to_string(a.src.n_bits)
                         + "-bit field.");
            return false;
        }
        if (!check_writable(a.dst, scope)
            || (exchange && !check_writable(a.src, scope))
            || !parse_field_ovn_check(a.dst)
            || !parse_field_ovn_check(a.src)) {
            return false;
        }
        a.type = exchange ? ActionType::EXCHANGE : ActionType::MOVE;
        actions->push_back(std::move(a));
        return true;
    }

    a.type = ActionType::LOAD;
    if (!check_writable(a.dst, scope)) {
        return false;
    }
    if (t.type == LexType::STRING) {
        if (!ds->is_string()) {
            lexer_.error("Integer field " + ds->name
                         + " is not compatible with string constant.");
            return false;
        }
        a.str = t.s;
    } else if (t.type == LexType::INTEGER) {
        if (ds->is_string()) {
            lexer_.error("String field " + ds->name
                         + " is not compatible with integer constant.");
            return false;
        }
        /* Against the whole field, as 23.03 checks it: a subfield keeps
         * the constant's low bits. */
        int width = subvalue_width(t.value);
        if (width > ds->width) {
            lexer_.error(std::to_string(width) + "-bit constant is not "
                         "compatible with " + std::to_string(ds->width)
                         + "-bit field " + ds->name + ".");
            return false;
        }
        a.imm = t.value;
        a.imm_format = t.format;
    } else if (t.type == LexType::MACRO) {
        lexer_.syntax_error("expecting address set name");
        return false;
    } else if (t.type == LexType::PORT_GROUP) {
        lexer_.syntax_error("expecting port group name");
        return false;
    } else if (t.type == LexType::TEMPLATE) {
        lexer_.syntax_error("expecting field name");
        return false;
    } else {
        /* 23.03 takes a masked constant and drops its mask: we refuse
         * it, but report first a bad token after it, as 23.03 does. */
        if (t.type == LexType::MASKED_INTEGER
            && lexer_.lookahead() == LexType::ERROR) {
            lexer_.get();
        }
        lexer_.syntax_error("expecting constant");
        return false;
    }
    if (ds->kind == ExprSymbol::Kind::OVN_FIELD) {
        a.type = ActionType::OVNFIELD_LOAD;
    }
    lexer_.get();
    actions->push_back(std::move(a));
    return true;
}

bool
ActionParser::parse_action(std::vector<Action> *actions, Scope scope)
{
    if (lexer_.type() != LexType::ID) {
        lexer_.syntax_error("");
        return false;
    }
    LexType next = lexer_.lookahead();
    if (next == LexType::EQUALS || next == LexType::EXCHANGE
        || next == LexType::LSQUARE) {
        return parse_assignment(actions, scope)
               && lexer_.force_match(LexType::SEMICOLON);
    }
    if (lexer_.match_id("ip.ttl")) {
        if (!lexer_.match(LexType::DECREMENT)) {
            lexer_.syntax_error("expecting `--'");
            return false;
        }
        Action a{};
        a.type = ActionType::DEC_TTL;
        if (const ExprSymbol *ttl = pp_.symtab->lookup("ip.ttl")) {
            add_prereq(ttl->prereqs);
        }
        actions->push_back(std::move(a));
        return lexer_.force_match(LexType::SEMICOLON);
    }
    if (scope == Scope::CT_COMMIT) {
        /* 23.03 takes any action here, and the switch then refuses the
         * flow (only field sets may be executed by "ct"): we refuse it
         * here. */
        lexer_.error("Only assignments may appear inside ct_commit.");
        return false;
    }

    struct Simple {
        const char *name;
        ActionType type;
    };
    static const Simple simple[] = {
        { "output", ActionType::OUTPUT },
        { "ct_clear", ActionType::CT_CLEAR },
        { "ct_snat_to_vip", ActionType::CT_SNAT_TO_VIP },
        { "igmp", ActionType::IGMP },
        { "handle_dhcpv6_reply", ActionType::HANDLE_DHCPV6_REPLY },
    };
    struct Nested {
        const char *name;
        ActionType type;
        const char *prereq;
    };
    static const Nested nested[] = {
        { "clone", ActionType::CLONE, "" },
        { "arp", ActionType::ARP, "ip4" },
        { "nd_na", ActionType::ND_NA, "nd_ns" },
        { "nd_na_router", ActionType::ND_NA_ROUTER, "nd_ns" },
        { "nd_ns", ActionType::ND_NS, "ip6" },
        { "icmp4", ActionType::ICMP4, "ip4" },
        { "icmp6", ActionType::ICMP6, "ip6" },
        { "icmp4_error", ActionType::ICMP4_ERROR, "ip4" },
        { "icmp6_error", ActionType::ICMP6_ERROR, "ip6" },
        { "tcp_reset", ActionType::TCP_RESET, "tcp" },
        { "sctp_abort", ActionType::SCTP_ABORT, "sctp" },
        { "reject", ActionType::REJECT, "" },
    };

    std::string name = lexer_.token().s;
    lexer_.get();
    Action a{};
    bool ok = true;
    bool found = false;
    for (const Simple &s : simple) {
        if (name == s.name) {
            a.type = s.type;
            found = true;
        }
    }
    for (const Nested &n : nested) {
        if (!found && name == n.name) {
            a.type = n.type;
            add_prereq(n.prereq);
            ok = parse_nested(&a, Scope::NESTED);
            found = true;
        }
    }
    if (found) {
        /* Done above. */
    } else if (name == "next") {
        a.type = ActionType::NEXT;
        ok = parse_next(&a);
    } else if (name == "ct_next") {
        a.type = ActionType::CT_NEXT;
        add_prereq("ip");
        ok = next_table(&a, "ct_next");
    } else if (name == "ct_commit") {
        a.type = ActionType::CT_COMMIT;
        add_prereq("ip");
        if (lexer_.type() == LexType::LCURLY) {
            ok = parse_nested(&a, Scope::CT_COMMIT);
        } else if (lexer_.type() == LexType::LPAREN) {
            ok = parse_ct_commit_v1(&a);
        }
    } else if (name == "ct_commit_nat") {
        a.type = ActionType::CT_COMMIT_NAT;
        add_prereq("ip");
        ok = next_table(&a, "ct_commit_nat");
    } else if (name == "ct_dnat" || name == "ct_snat"
               || name == "ct_dnat_in_czone" || name == "ct_snat_in_czone") {
        a.type = name == "ct_dnat" ? ActionType::CT_DNAT
                 : name == "ct_snat" ? ActionType::CT_SNAT
                 : name == "ct_dnat_in_czone" ? ActionType::CT_DNAT_IN_CZONE
                 : ActionType::CT_SNAT_IN_CZONE;
        ok = parse_nat(&a);
    } else if (name == "ct_lb" || name == "ct_lb_mark") {
        a.type = name == "ct_lb" ? ActionType::CT_LB
                                 : ActionType::CT_LB_MARK;
        ok = parse_ct_lb(&a);
    } else if (name == "set_queue") {
        a.type = ActionType::SET_QUEUE;
        /* As 23.03: anything but a queue id is left for the ';' to
         * refuse. */
        int id = 0;
        ok = lexer_.force_match(LexType::LPAREN);
        if (ok && !get_small_int(&id)) {
            actions->push_back(std::move(a));
            return lexer_.force_match(LexType::SEMICOLON);
        }
        a.number = id;
        if (ok && a.number > 61440) {
            lexer_.error("Queue ID " + std::to_string(a.number)
                         + " for set_queue is not in valid range 0 to "
                           "61440.");
            ok = false;
        }
        ok = ok && lexer_.force_match(LexType::RPAREN);
    } else if (name == "push" || name == "pop") {
        a.type = name == "push" ? ActionType::PUSH : ActionType::POP;
        ok = lexer_.force_match(LexType::LPAREN)
             && parse_field(&a.dst, a.type == ActionType::POP, scope, true)
             && parse_field_ovn_check(a.dst)
             && lexer_.force_match(LexType::RPAREN);
    } else if (name == "get_arp" || name == "get_nd") {
        a.type = name == "get_arp" ? ActionType::GET_ARP
                                   : ActionType::GET_ND;
        ok = parse_args(&a, { 0, a.type == ActionType::GET_ARP ? 32 : 128 });
    } else if (name == "put_arp" || name == "put_nd") {
        a.type = name == "put_arp" ? ActionType::PUT_ARP
                                   : ActionType::PUT_ND;
        ok = parse_args(&a, { 0, a.type == ActionType::PUT_ARP ? 32 : 128,
                              48 });
    } else if (name == "put_fdb") {
        a.type = ActionType::PUT_FDB;
        ok = parse_args(&a, { 0, 48 });
    } else if (name == "log") {
        a.type = ActionType::LOG;
        ok = parse_log(&a);
    } else if (name == "fwd_group") {
        a.type = ActionType::FWD_GROUP;
        ok = parse_fwd_group(&a);
    } else if (name == "set_meter") {
        a.type = ActionType::SET_METER;
        /* As 23.03: the rate and burst are whatever tokens come, kept to
         * the low 32 bits of their values (0 for a non-integer). */
        auto value = [this]() {
            const LexToken &t = lexer_.token();
            uint32_t v = t.type == LexType::INTEGER
                         ? ntohl(t.value.be32[31]) : 0;
            lexer_.get();
            return v;
        };
        ok = lexer_.force_match(LexType::LPAREN);
        if (ok) {
            a.number = value();
            if (lexer_.match(LexType::COMMA)) {
                a.burst = value();
            }
            ok = lexer_.force_match(LexType::RPAREN);
        }
        if (ok && !a.number) {
            lexer_.error("Rate 0 for set_meter is not in valid.");
            ok = false;
        }
    } else if (name == "trigger_event") {
        a.type = ActionType::TRIGGER_EVENT;
        ok = parse_trigger_event(&a);
    } else if (name == "handle_svc_check") {
        a.type = ActionType::HANDLE_SVC_CHECK;
        ok = parse_args(&a, { 0 });
    } else if (name == "bind_vport") {
        a.type = ActionType::BIND_VPORT;
        ok = lexer_.force_match(LexType::LPAREN);
        if (ok && lexer_.type() != LexType::STRING) {
            lexer_.syntax_error("expecting port name string");
            ok = false;
        }
        if (ok) {
            a.str = lexer_.token().s;
            lexer_.get();
            ActionField port;
            ok = lexer_.force_match(LexType::COMMA)
                 && parse_field(&port, false, scope, true)
                 && check_type(port, 0) && parse_field_ovn_check(port);
            ok = ok && lexer_.force_match(LexType::RPAREN);
            a.args.push_back(port);
        }
    } else if (name == "handle_bfd_msg") {
        a.type = ActionType::HANDLE_BFD_MSG;
        ok = lexer_.force_match(LexType::LPAREN)
             && lexer_.force_match(LexType::RPAREN);
    } else if (name == "commit_ecmp_nh") {
        a.type = ActionType::COMMIT_ECMP_NH;
        ok = parse_commit_ecmp_nh(&a);
    } else if (name == "commit_lb_aff") {
        a.type = ActionType::COMMIT_LB_AFF;
        ok = parse_commit_lb_aff(&a);
    } else if (name == "sample") {
        a.type = ActionType::SAMPLE;
        ok = parse_sample(&a);
    } else {
        lexer_.error("Syntax error at `" + name + "' expecting action.");
        return false;
    }
    if (!ok) {
        return false;
    }
    actions->push_back(std::move(a));
    return lexer_.force_match(LexType::SEMICOLON);
}

/* ---- Formatting. ---- */

void format_actions(const std::vector<Action> &, std::string &);

std::string
format_ip(int family, const mf_subvalue &ip)
{
    return lex_format_integer(ip, family == AF_INET ? LexFormat::IPV4
                                                    : LexFormat::IPV6);
}

const char *
action_name(ActionType type)
{
    switch (type) {
    case ActionType::OUTPUT: return "output";
    case ActionType::DROP: return "drop";
    case ActionType::CT_NEXT: return "ct_next";
    case ActionType::CT_COMMIT: return "ct_commit";
    case ActionType::CT_DNAT: return "ct_dnat";
    case ActionType::CT_SNAT: return "ct_snat";
    case ActionType::CT_DNAT_IN_CZONE: return "ct_dnat_in_czone";
    case ActionType::CT_SNAT_IN_CZONE: return "ct_snat_in_czone";
    case ActionType::CT_LB: return "ct_lb";
    case ActionType::CT_LB_MARK: return "ct_lb_mark";
    case ActionType::CT_CLEAR: return "ct_clear";
    case ActionType::CT_COMMIT_NAT: return "ct_commit_nat";
    case ActionType::CLONE: return "clone";
    case ActionType::CT_SNAT_TO_VIP: return "ct_snat_to_vip";
    case ActionType::ARP: return "arp";
    case ActionType::ND_NA: return "nd_na";
    case ActionType::ND_NA_ROUTER: return "nd_na_router";
    case ActionType::ND_NS: return "nd_ns";
    case ActionType::ICMP4: return "icmp4";
    case ActionType::ICMP6: return "icmp6";
    case ActionType::ICMP4_ERROR: return "icmp4_error";
    case ActionType::ICMP6_ERROR: return "icmp6_error";
    case ActionType::TCP_RESET: return "tcp_reset";
    case ActionType::SCTP_ABORT: return "sctp_abort";
    case ActionType::REJECT: return "reject";
    case ActionType::IGMP: return "igmp";
    case ActionType::HANDLE_DHCPV6_REPLY: return "handle_dhcpv6_reply";
    case ActionType::HANDLE_BFD_MSG: return "handle_bfd_msg()";
    case ActionType::GET_ARP: return "get_arp";
    case ActionType::GET_ND: return "get_nd";
    case ActionType::PUT_ARP: return "put_arp";
    case ActionType::PUT_ND: return "put_nd";
    case ActionType::PUT_FDB: return "put_fdb";
    case ActionType::LOOKUP_ARP: return "lookup_arp";
    case ActionType::LOOKUP_ND: return "lookup_nd";
    case ActionType::LOOKUP_ARP_IP: return "lookup_arp_ip";
    case ActionType::LOOKUP_ND_IP: return "lookup_nd_ip";
    case ActionType::GET_FDB: return "get_fdb";
    case ActionType::LOOKUP_FDB: return "lookup_fdb";
    case ActionType::CHECK_IN_PORT_SEC: return "check_in_port_sec";
    case ActionType::CHECK_OUT_PORT_SEC: return "check_out_port_sec";
    case ActionType::CHK_LB_HAIRPIN: return "chk_lb_hairpin";
    case ActionType::CHK_LB_HAIRPIN_REPLY: return "chk_lb_hairpin_reply";
    case ActionType::CHECK_PKT_LARGER: return "check_pkt_larger";
    case ActionType::SET_QUEUE: return "set_queue";
    case ActionType::PUSH: return "push";
    case ActionType::POP: return "pop";
    case ActionType::LOG: return "log";
    case ActionType::DNS_LOOKUP: return "dns_lookup";
    case ActionType::PUT_DHCP_OPTS: return "put_dhcp_opts";
    case ActionType::PUT_DHCPV6_OPTS: return "put_dhcpv6_opts";
    case ActionType::PUT_ND_RA_OPTS: return "put_nd_ra_opts";
    case ActionType::COMMIT_ECMP_NH: return "commit_ecmp_nh";
    case ActionType::CHK_ECMP_NH_MAC: return "chk_ecmp_nh_mac";
    case ActionType::CHK_ECMP_NH: return "chk_ecmp_nh";
    case ActionType::COMMIT_LB_AFF: return "commit_lb_aff";
    case ActionType::CHK_LB_AFF: return "chk_lb_aff";
    case ActionType::SAMPLE: return "sample";
    case ActionType::HANDLE_SVC_CHECK: return "handle_svc_check";
    case ActionType::BIND_VPORT: return "bind_vport";
    case ActionType::SELECT: return "select";
    case ActionType::FWD_GROUP: return "fwd_group";
    case ActionType::SET_METER: return "set_meter";
    case ActionType::TRIGGER_EVENT: return "trigger_event";
    case ActionType::NEXT: case ActionType::LOAD: case ActionType::MOVE:
    case ActionType::EXCHANGE: case ActionType::DEC_TTL:
    case ActionType::OVNFIELD_LOAD:
        break;
    }
    return "";
}

const char *
l4_proto_name(uint8_t proto)
{
    return proto == IPPROTO_TCP ? "tcp" : proto == IPPROTO_UDP ? "udp"
                                                               : "sctp";
}

/* "(ct_mark=V[/M], ct_label=V[/M])" of the old ct_commit, for the fields
 * it sets. */
void
format_ct_commit_v1(const Action &a, std::string &s)
{
    auto field = [&s](const char *name, const mf_subvalue &value,
                      const mf_subvalue &mask, int width, bool *first) {
        if (is_all_zeros(&mask, sizeof mask)) {
            return;
        }
        s += *first ? "(" : ", ";
        s += std::string(name) + "="
             + lex_format_integer(value, LexFormat::HEXADECIMAL);
        mf_subvalue ones;
        memset(&ones, 0, sizeof ones);
        bitwise_one(&ones, sizeof ones, 0, width);
        if (memcmp(&mask, &ones, sizeof mask)) {
            s += "/" + lex_format_integer(mask, LexFormat::HEXADECIMAL);
        }
        *first = false;
    };
    bool first = true;
    field("ct_mark", a.ct_mark, a.ct_mark_mask, 32, &first);
    field("ct_label", a.ct_label, a.ct_label_mask, 128, &first);
    if (!first) {
        s += ")";
    }
}

std::string
format_args(const Action &a)
{
    std::string s = "(";
    for (size_t i = 0; i < a.args.size(); i++) {
        s += (i ? ", " : "") + a.args[i].to_string();
    }
    return s + ")";
}

void
format_action(const Action &a, std::string &s)
{
    static const char *const verdicts[] = { "allow", "drop", "reject" };
    static const char *const levels[] = {
        "emergency", "alert", "critical", "error", "warning", "notice",
        "info", "debug",
    };
    switch (a.type) {
    case ActionType::NEXT:
        s += "next";
        if (a.explicit_table) {
            s += "(pipeline=" + std::string(a.ingress ? "ingress"
                                                      : "egress")
                 + ", table=" + std::to_string(a.ltable) + ")";
        }
        s += ";";
        return;
    case ActionType::LOAD:
    case ActionType::OVNFIELD_LOAD:
        s += a.dst.to_string() + " = ";
        if (a.dst.symbol->is_string()) {
            lex_format_string(a.str, s);
        } else {
            s += lex_format_integer(a.imm, a.imm_format);
        }
        s += ";";
        return;
    case ActionType::MOVE:
        s += a.dst.to_string() + " = " + a.src.to_string() + ";";
        return;
    case ActionType::EXCHANGE:
        s += a.dst.to_string() + " <-> " + a.src.to_string() + ";";
        return;
    case ActionType::DEC_TTL:
        s += "ip.ttl--;";
        return;
    case ActionType::PUSH:
    case ActionType::POP:
        s += std::string(action_name(a.type)) + "(" + a.dst.to_string()
             + ");";
        return;
    case ActionType::CT_COMMIT:
        s += "ct_commit";
        if (a.ct_commit_v1) {
            format_ct_commit_v1(a, s);
        } else if (!a.nested.empty()) {
            s += " { ";
            format_actions(a.nested, s);
            s += " }";
        }
        s += ";";
        return;
    case ActionType::CT_DNAT:
    case ActionType::CT_SNAT:
    case ActionType::CT_DNAT_IN_CZONE:
    case ActionType::CT_SNAT_IN_CZONE:
        s += action_name(a.type);
        if (a.nat_family) {
            s += "(" + format_ip(a.nat_family, a.nat_ip);
            if (a.nat_ports) {
                s += "," + std::to_string(a.port_lo);
                if (a.port_hi != a.port_lo) {
                    s += "-" + std::to_string(a.port_hi);
                }
            }
            s += ")";
        }
        s += ";";
        return;
    case ActionType::CT_LB:
    case ActionType::CT_LB_MARK:
        s += action_name(a.type);
        if (!a.backends.empty()) {
            s += "(backends=";
            for (size_t i = 0; i < a.backends.size(); i++) {
                const CtLbBackend &b = a.backends[i];
                s += i ? "," : "";
                bool v6 = b.family == AF_INET6 && b.port;
                s += (v6 ? "[" : "") + format_ip(b.family, b.ip)
                     + (v6 ? "]" : "");
                if (b.port) {
                    s += ":" + std::to_string(b.port);
                }
            }
            if (!a.str.empty()) {
                s += "; hash_fields=";
                lex_format_string(a.str, s);
            }
            if (a.skip_snat) {
                s += "; skip_snat";
            }
            if (a.force_snat) {
                s += "; force_snat";
            }
            s += ")";
        }
        s += ";";
        return;
    case ActionType::CLONE:
    case ActionType::ARP: case ActionType::ND_NA:
    case ActionType::ND_NA_ROUTER: case ActionType::ND_NS:
    case ActionType::ICMP4: case ActionType::ICMP6:
    case ActionType::ICMP4_ERROR: case ActionType::ICMP6_ERROR:
    case ActionType::TCP_RESET: case ActionType::SCTP_ABORT:
    case ActionType::REJECT:
        s += std::string(action_name(a.type)) + " { ";
        format_actions(a.nested, s);
        s += " };";
        return;
    case ActionType::SET_QUEUE:
        s += "set_queue(" + std::to_string(a.number) + ");";
        return;
    case ActionType::CHECK_PKT_LARGER:
        s += a.dst.to_string() + " = check_pkt_larger("
             + std::to_string(a.number) + ");";
        return;
    case ActionType::DNS_LOOKUP:
        s += a.dst.to_string() + " = dns_lookup();";
        return;
    case ActionType::PUT_DHCP_OPTS:
    case ActionType::PUT_DHCPV6_OPTS:
    case ActionType::PUT_ND_RA_OPTS:
        s += a.dst.to_string() + " = " + action_name(a.type) + "(";
        for (size_t i = 0; i < a.dhcp_opts.size(); i++) {
            const DhcpOptValue &v = a.dhcp_opts[i];
            s += (i ? ", " : "") + v.option->name + " = ";
            s += v.set ? "{" : "";
            for (size_t j = 0; j < v.values.size(); j++) {
                s += (j ? ", " : "") + v.values[j].to_string();
            }
            s += v.set ? "}" : "";
        }
        s += ");";
        return;
    case ActionType::HANDLE_SVC_CHECK:
        s += "handle_svc_check" + format_args(a) + ";";
        return;
    case ActionType::SELECT:
        s += a.dst.to_string() + " = select(";
        for (size_t i = 0; i < a.select_values.size(); i++) {
            s += (i ? ", " : "") + std::to_string(a.select_values[i].first)
                 + "=" + std::to_string(a.select_values[i].second);
        }
        s += ");";
        return;
    case ActionType::FWD_GROUP:
        s += "fwd_group(";
        if (a.liveness) {
            s += "liveness=\"true\", ";
        }
        s += "childports=";
        for (size_t i = 0; i < a.strings.size(); i++) {
            s += i ? ", " : "";
            lex_format_string(a.strings[i], s);
        }
        s += ");";
        return;
    case ActionType::SET_METER:
        s += "set_meter(" + std::to_string(a.number);
        if (a.burst) {
            s += ", " + std::to_string(a.burst);
        }
        s += ");";
        return;
    case ActionType::TRIGGER_EVENT:
        s += "trigger_event(event = \"empty_lb_backends\"";
        for (const auto &o : a.event_opts) {
            s += std::string(", ")
                 + empty_lb_backends_option_names[o.first - 1] + " = ";
            lex_format_string(o.second, s);
        }
        s += ");";
        return;
    case ActionType::BIND_VPORT:
        s += "bind_vport(";
        lex_format_string(a.str, s);
        s += ", " + a.args[0].to_string() + ");";
        return;
    case ActionType::LOOKUP_ARP: case ActionType::LOOKUP_ND:
    case ActionType::LOOKUP_ARP_IP: case ActionType::LOOKUP_ND_IP:
    case ActionType::GET_FDB: case ActionType::LOOKUP_FDB:
    case ActionType::CHECK_IN_PORT_SEC: case ActionType::CHECK_OUT_PORT_SEC:
    case ActionType::CHK_LB_HAIRPIN: case ActionType::CHK_LB_HAIRPIN_REPLY:
    case ActionType::CHK_ECMP_NH_MAC: case ActionType::CHK_ECMP_NH:
    case ActionType::CHK_LB_AFF:
        s += a.dst.to_string() + " = " + action_name(a.type)
             + format_args(a) + ";";
        return;
    case ActionType::COMMIT_ECMP_NH:
        s += std::string("commit_ecmp_nh(ipv6 = ")
             + (a.ipv6 ? "true" : "false") + ", proto = "
             + l4_proto_name(a.l4_proto) + ");";
        return;
    case ActionType::COMMIT_LB_AFF:
        s += "commit_lb_aff(vip = ";
        lex_format_string(a.strings[0], s);
        s += ", backend = ";
        lex_format_string(a.strings[1], s);
        if (a.l4_proto) {
            s += std::string(", proto = ") + l4_proto_name(a.l4_proto);
        }
        s += ", timeout = " + std::to_string(a.number) + ");";
        return;
    case ActionType::SAMPLE:
        s += "sample(probability=" + std::to_string(a.number)
             + ",collector_set=" + std::to_string(a.collector_set)
             + ",obs_domain=" + std::to_string(a.obs_domain)
             + ",obs_point=" + std::to_string(a.obs_point) + ");";
        return;
    case ActionType::GET_ARP: case ActionType::GET_ND:
    case ActionType::PUT_ARP: case ActionType::PUT_ND:
    case ActionType::PUT_FDB:
        s += action_name(a.type) + format_args(a) + ";";
        return;
    case ActionType::LOG: {
        s += "log(";
        if (!a.str.empty()) {
            s += "name=";
            lex_format_string(a.str, s);
            s += ", ";
        }
        s += std::string("verdict=") + verdicts[a.verdict] + ", severity="
             + levels[a.severity];
        if (!a.meter.empty()) {
            s += ", meter=";
            lex_format_string(a.meter, s);
        }
        s += ");";
        return;
    }
    case ActionType::OUTPUT: case ActionType::DROP:
    case ActionType::CT_NEXT: case ActionType::CT_CLEAR:
    case ActionType::CT_COMMIT_NAT: case ActionType::CT_SNAT_TO_VIP:
    case ActionType::IGMP: case ActionType::HANDLE_DHCPV6_REPLY:
    case ActionType::HANDLE_BFD_MSG:
        s += std::string(action_name(a.type)) + ";";
        return;
    }
}

void
format_actions(const std::vector<Action> &actions, std::string &s)
{
    if (actions.empty()) {
        s += "drop;";
        return;
    }
    for (size_t i = 0; i < actions.size(); i++) {
        if (i) {
            s += " ";
        }
        format_action(actions[i], s);
    }
}

/* ---- Encoding. ---- */

/* The non-empty pieces of 's' between 'sep's. */
std::vector<std::string>
split(const std::string &s, char sep)
{
    std::vector<std::string> pieces;
    size_t start = 0;
    while (start <= s.size()) {
        size_t end = s.find(sep, start);
        if (end == std::string::npos) {
            end = s.size();
        }
        if (end > start) {
            pieces.push_back(s.substr(start, end - start));
        }
        start = end + 1;
    }
    return pieces;
}

/* The prefix length of an IPv6 mask: its leading 1-bits. */
int
ipv6_plen(const mf_subvalue &mask)
{
    int plen = 0;
    for (size_t i = sizeof mask.u8 - 16; i < sizeof mask.u8; i++) {
        for (uint8_t bit = 0x80; bit && (mask.u8[i] & bit); bit >>= 1) {
            plen++;
        }
        if (mask.u8[i] != 0xff) {
            break;
        }
    }
    return plen;
}

/* "ADDRESS/LEN" as an IPv6 prefix. */
bool
parse_ipv6_prefix(const std::string &s, mf_subvalue *prefix, int *plen)
{
    size_t slash = s.find('/');
    if (slash == std::string::npos) {
        return false;
    }
    memset(prefix, 0, sizeof *prefix);
    char *end;
    std::string len = s.substr(slash + 1);
    unsigned long n = strtoul(len.c_str(), &end, 10);
    if (len.empty() || *end || n > 128
        || inet_pton(AF_INET6, s.substr(0, slash).c_str(),
                     &prefix->u8[sizeof prefix->u8 - 16]) != 1) {
        return false;
    }
    *plen = n;
    return true;
}

class Encoder {
public:
    Encoder(const ActionEncodeParams &ep, ofpbuf *ofpacts)
        : ep_(ep), ofpacts_(ofpacts) {}

    void encode(const std::vector<Action> &);

private:
    void encode_one(const Action &);

    uint8_t table(bool ingress, int ltable) const
    {
        return (ingress ? ep_.ingress_ptable : ep_.egress_ptable) + ltable;
    }
    mf_field_id ct_zone() const
    {
        return ep_.is_switch ? MFF_LOG_CT_ZONE : MFF_LOG_DNAT_ZONE;
    }

    void resubmit(uint8_t table);
    void load_subvalue(const mf_subfield &dst, const mf_subvalue &value);
    void load_bits(mf_field_id, int ofs, int n_bits, uint64_t value);
    void move(const mf_subfield &src, const mf_subfield &dst);
    void push(const mf_subfield &);
    void pop(const mf_subfield &);
    ofpact_conntrack *put_ct(uint16_t flags, mf_field_id zone,
                             uint8_t recirc_table);
    void finish_ct(size_t ofs);
    void put_nat(const Action &, bool snat);
    void encode_ct_lb(const Action &);
    void encode_select(const Action &);
    void encode_fwd_group(const Action &);
    void put_group(const std::string &spec);
    void encode_log(const Action &);
    void encode_result_op(const Action &, uint32_t opcode);
    void put_dhcp_option(const DhcpOptValue &);
    void put_dhcpv6_option(const DhcpOptValue &);
    void put_nd_ra_opts(const Action &);
    void put_masked(mf_field_id, const mf_subvalue &value,
                    const mf_subvalue &mask);

    void encode_commit_ecmp_nh(const Action &);
    void encode_commit_lb_aff(const Action &);

    /* Controller actions: start, (payload), finish. */
    size_t start_controller(uint32_t opcode, bool pause, uint32_t meter_id);
    void finish_controller(size_t ofs);
    void controller(uint32_t opcode, bool pause = false)
    {
        finish_controller(start_controller(opcode, pause,
                                           ep_.ctrl_meter_id));
    }
    void encode_nested_controller(const Action &, uint32_t opcode);

    /* Arguments of get_arp() and its kin: moved into the registers the
     * tables they resubmit to match on, and back. */
    struct Arg {
        mf_subfield src;
        mf_subfield dst;
    };
    void setup_args(const std::vector<Arg> &);
    void restore_args(const std::vector<Arg> &);
    std::vector<Arg> args(const Action &,
                          std::initializer_list<mf_field_id> dsts) const;
    void lookup_bit(const Action &, int flag_bit, uint8_t table);

    const ActionEncodeParams &ep_;
    ofpbuf *ofpacts_;
};

void
Encoder::encode(const std::vector<Action> &actions)
{
    for (const Action &a : actions) {
        encode_one(a);
    }
}

void
Encoder::resubmit(uint8_t table_id)
{
    ofpact_resubmit *r = ofpact_put_RESUBMIT(ofpacts_);
    r->in_port = OFPP_IN_PORT;
    r->table_id = table_id;
}

void
Encoder::load_subvalue(const mf_subfield &dst, const mf_subvalue &value)
{
    /* A set_field on the whole root field, with a mask over just the
     * subfield's bits, as 23.03 does ("reg0 = 1" sets xxreg0). */
    ofpact_set_field *sf = ofpact_put_set_field(ofpacts_, dst.field,
                                                nullptr, nullptr);
    bitwise_copy(&value, sizeof value, 0, sf->value, dst.field->n_bytes,
                 dst.ofs, dst.n_bits);
    bitwise_one(ofpact_set_field_mask(sf), dst.field->n_bytes, dst.ofs,
                dst.n_bits);
}

void
Encoder::load_bits(mf_field_id field, int ofs, int n_bits, uint64_t value)
{
    mf_subvalue v;
    memset(&v, 0, sizeof v);
    v.integer = htonll(value);
    mf_subfield dst;
    dst.field = mf_from_id(field);
    dst.ofs = ofs;
    dst.n_bits = n_bits;
    load_subvalue(dst, v);
}

void
Encoder::move(const mf_subfield &src, const mf_subfield &dst)
{
    ofpact_reg_move *m = ofpact_put_REG_MOVE(ofpacts_);
    m->src = src;
    m->dst = dst;
}

void
Encoder::push(const mf_subfield &sf)
{
    ofpact_put_STACK_PUSH(ofpacts_)->subfield = sf;
}

void
Encoder::pop(const mf_subfield &sf)
{
    ofpact_put_STACK_POP(ofpacts_)->subfield = sf;
}

ofpact_conntrack *
Encoder::put_ct(uint16_t flags, mf_field_id zone, uint8_t recirc_table)
{
    ofpact_conntrack *ct = ofpact_put_CT(ofpacts_);
    ct->flags = flags;
    ct->zone_src.field = mf_from_id(zone);
    ct->zone_src.ofs = 0;
    ct->zone_src.n_bits = 16;
    ct->recirc_table = recirc_table;
    ct->alg = 0;
    return ct;
}

void
Encoder::finish_ct(size_t ofs)
{
    ofpact_conntrack *ct = static_cast<ofpact_conntrack *>(
        ofpbuf_at_assert(ofpacts_, ofs, sizeof *ct));
    ofpacts_->header = ct;
    ofpact_finish_CT(ofpacts_, &ct);
}

void
Encoder::put_nat(const Action &a, bool snat)
{
    ofpact_nat *nat = ofpact_put_NAT(ofpacts_);
    nat->flags = 0;
    nat->range_af = AF_UNSPEC;
    if (a.nat_family == AF_INET) {
        nat->range_af = AF_INET;
        nat->range.addr.ipv4.min = a.nat_ip.be32[31];
    } else if (a.nat_family == AF_INET6) {
        nat->range_af = AF_INET6;
        memcpy(&nat->range.addr.ipv6.min, &a.nat_ip.u8[sizeof a.nat_ip - 16],
               16);
    }
    if (a.nat_family) {
        nat->flags |= snat ? NX_NAT_F_SRC : NX_NAT_F_DST;
    }
    if (a.nat_ports) {
        nat->range.proto.min = a.port_lo;
        nat->range.proto.max = a.port_hi;
    }
}

size_t
Encoder::start_controller(uint32_t opcode, bool pause, uint32_t meter_id)
{
    size_t ofs = ofpacts_->size;
    ofpact_controller *oc = ofpact_put_CONTROLLER(ofpacts_);
    oc->max_len = UINT16_MAX;
    oc->reason = OFPR_ACTION;
    oc->pause = pause;
    oc->meter_id = meter_id;
    /* The userdata: opcode, then 4 bytes of padding. */
    ovs_be32 header[2] = { htonl(opcode), 0 };
    ofpbuf_put(ofpacts_, header, sizeof header);
    return ofs;
}

void
Encoder::finish_controller(size_t ofs)
{
    ofpact_controller *oc = static_cast<ofpact_controller *>(
        ofpbuf_at_assert(ofpacts_, ofs, sizeof *oc));
    ofpacts_->header = oc;
    oc->userdata_len = ofpacts_->size - (ofs + sizeof *oc);
    ofpact_finish_CONTROLLER(ofpacts_, &oc);
}

void
Encoder::encode_nested_controller(const Action &a, uint32_t opcode)
{
    size_t ofs = start_controller(opcode, false, ep_.ctrl_meter_id);

    /* The nested actions travel to pinctrl as OpenFlow 1.5 actions. */
    uint64_t stub[1024 / 8];
    ofpbuf inner;
    ofpbuf_use_stub(&inner, stub, sizeof stub);
    Encoder(ep_, &inner).encode(a.nested);
    ofpacts_put_openflow_actions(static_cast<const ofpact *>(inner.data),
                                 inner.size, ofpacts_, OFP15_VERSION);
    ofpbuf_uninit(&inner);

    finish_controller(ofs);
}

std::vector<Encoder::Arg>
Encoder::args(const Action &a, std::initializer_list<mf_field_id> dsts) const
{
    std::vector<Arg> v;
    size_t i = 0;
    for (mf_field_id dst : dsts) {
        v.push_back({ a.args[i++].resolve(), whole_field(dst) });
    }
    return v;
}

void
Encoder::setup_args(const std::vector<Arg> &args)
{
    /* Save the destinations, then go through the stack so that arguments
     * that name each other's destinations still arrive intact. */
    for (const Arg &arg : args) {
        if (!subfield_equal(arg.src, arg.dst)) {
            push(arg.dst);
        }
    }
    for (size_t i = args.size(); i-- > 0;) {
        if (!subfield_equal(args[i].src, args[i].dst)) {
            push(args[i].src);
        }
    }
    for (const Arg &arg : args) {
        if (!subfield_equal(arg.src, arg.dst)) {
            pop(arg.dst);
        }
    }
}

void
Encoder::restore_args(const std::vector<Arg> &args)
{
    for (size_t i = args.size(); i-- > 0;) {
        if (!subfield_equal(args[i].src, args[i].dst)) {
            pop(args[i].dst);
        }
    }
}

/* 'dst = f(...)' for the lookups that answer in bit 'flag_bit' of the
 * logical flags after a resubmit to 'table'. */
void
Encoder::lookup_bit(const Action &a, int flag_bit, uint8_t table_id)
{
    load_bits(MFF_LOG_FLAGS, flag_bit, 1, 0);
    resubmit(table_id);
    mf_subfield flag;
    flag.field = mf_from_id(MFF_LOG_FLAGS);
    flag.ofs = flag_bit;
    flag.n_bits = 1;
    move(flag, a.dst.resolve());
}

void
Encoder::encode_ct_lb(const Action &a)
{
    uint8_t recirc = table(a.ingress, a.ltable);
    if (a.backends.empty()) {
        size_t ofs = ofpacts_->size;
        put_ct(0, ct_zone(), recirc);
        ofpact_nat *nat = ofpact_put_NAT(ofpacts_);
        nat->flags = 0;
        nat->range_af = AF_UNSPEC;
        finish_ct(ofs);
        return;
    }

    /* A select group, one bucket per backend, each committing the
     * connection with its DNAT and marking it as natted (and skip or force
     * SNAT) in ct_mark, or ct_label for the older ct_lb. */
    std::string spec = "type=select,selection_method=";
    if (a.str.empty()) {
        spec += "dp_hash";
    } else {
        spec += "hash,fields(" + a.str + ")";
    }
    mf_field_id mark = a.type == ActionType::CT_LB_MARK ? MFF_CT_MARK
                                                        : MFF_CT_LABEL;
    for (size_t i = 0; i < a.backends.size(); i++) {
        const CtLbBackend &b = a.backends[i];
        uint64_t stub[256 / 8];
        ofpbuf bucket;
        ofpbuf_use_stub(&bucket, stub, sizeof stub);
        Encoder inner(ep_, &bucket);
        size_t ofs = bucket.size;
        inner.put_ct(NX_CT_F_COMMIT, ct_zone(), recirc);
        Action nat{};
        nat.nat_family = b.family;
        nat.nat_ip = b.ip;
        nat.nat_ports = b.port != 0;
        nat.port_lo = nat.port_hi = b.port;
        inner.put_nat(nat, false);
        inner.load_bits(mark, OVN_CT_NATTED_BIT, 1, 1);
        if (a.skip_snat) {
            inner.load_bits(mark, OVN_CT_LB_SKIP_SNAT_BIT, 1, 1);
        }
        if (a.force_snat) {
            inner.load_bits(mark, OVN_CT_LB_FORCE_SNAT_BIT, 1, 1);
        }
        inner.finish_ct(ofs);
        spec += ",bucket=bucket_id:" + std::to_string(i)
                + ",weight:100,actions="
                + ovs::Ofpacts(bucket).to_string();
        ofpbuf_uninit(&bucket);
    }
    put_group(spec);
}

/* A controller action that pauses for pinctrl to answer into the
 * subfield 'a.dst', named in the userdata by its NXM/OXM header and bit
 * offset, followed by put_dhcp_opts's options. */
void
Encoder::encode_result_op(const Action &a, uint32_t opcode)
{
    size_t ofs = start_controller(opcode, true, ep_.ctrl_meter_id);
    mf_subfield dst = a.dst.resolve();
    nx_put_header(ofpacts_, dst.field->id, OFP15_VERSION, false);
    ovs_be32 bit_ofs = htonl(dst.ofs);
    ofpbuf_put(ofpacts_, &bit_ofs, sizeof bit_ofs);
    if (a.type == ActionType::PUT_DHCP_OPTS) {
        /* offerip goes first, as the reply's yiaddr, without code or
         * length; then the boot file options, which some clients want
         * early; then the rest as written. */
        const DhcpOptValue *first[3] = { nullptr, nullptr, nullptr };
        for (const DhcpOptValue &v : a.dhcp_opts) {
            uint8_t code = v.option->code;
            int i = code == DHCP_OPT_OFFERIP_CODE ? 0
                    : code == DHCP_OPT_BOOTFILE_CODE ? 1
                    : code == DHCP_OPT_BOOTFILE_ALT_CODE ? 2 : -1;
            if (i >= 0 && !first[i]) {
                first[i] = &v;
            }
        }
        ofpbuf_put(ofpacts_, &first[0]->values[0].value.be32[31], 4);
        for (int i = 1; i < 3; i++) {
            if (first[i]) {
                put_dhcp_option(*first[i]);
            }
        }
        for (const DhcpOptValue &v : a.dhcp_opts) {
            if (&v != first[0] && &v != first[1] && &v != first[2]) {
                put_dhcp_option(v);
            }
        }
    } else if (a.type == ActionType::PUT_DHCPV6_OPTS) {
        for (const DhcpOptValue &v : a.dhcp_opts) {
            put_dhcpv6_option(v);
        }
    } else if (a.type == ActionType::PUT_ND_RA_OPTS) {
        put_nd_ra_opts(a);
    }
    finish_controller(ofs);
}

/* The last 'n_bytes' bytes of 'value', appended to 'data'. */
static void
put_subvalue_bytes(const mf_subvalue &value, size_t n_bytes,
                   std::string &data)
{
    data.append(reinterpret_cast<const char *>(
                    &value.u8[sizeof value.u8 - n_bytes]), n_bytes);
}

/* A DHCPv6 option: code and length in 2 bytes each, then the value:
 * every address of an "ipv6" option, but only the first value of a
 * "mac" or "str" one, as 23.03 encodes them. */
void
Encoder::put_dhcpv6_option(const DhcpOptValue &v)
{
    std::string data;
    for (const LexToken &t : v.values) {
        switch (v.option->type) {
        case DhcpOptType::IPV6:
            put_subvalue_bytes(t.value, 16, data);
            continue;
        case DhcpOptType::MAC:
            put_subvalue_bytes(t.value, 6, data);
            break;
        case DhcpOptType::STR:
        case DhcpOptType::DOMAINS:
            data += t.s;
            break;
        case DhcpOptType::BOOL:
        case DhcpOptType::UINT8:
            put_subvalue_bytes(t.value, 1, data);
            break;
        case DhcpOptType::UINT16:
            put_subvalue_bytes(t.value, 2, data);
            break;
        case DhcpOptType::UINT32:
        case DhcpOptType::IPV4:
        case DhcpOptType::STATIC_ROUTES:
        case DhcpOptType::HOST_ID:
            put_subvalue_bytes(t.value, 4, data);
            break;
        }
        break;
    }
    ovs_be16 header[2] = { htons(v.option->code), htons(data.size()) };
    ofpbuf_put(ofpacts_, header, sizeof header);
    ofpbuf_put(ofpacts_, data.data(), data.size());
}

/* An ND option: type, length in units of 8 bytes, 'body' and padding to
 * a multiple of 8 bytes. */
static void
put_nd_option(uint8_t type, const std::string &body, std::string &out)
{
    size_t len = (2 + body.size() + 7) / 8;
    out += static_cast<char>(type);
    out += static_cast<char>(len);
    out += body;
    out.append(len * 8 - 2 - body.size(), '\0');
}

/* The Router Advertisement that put_nd_ra_opts asks pinctrl to send: its
 * ICMPv6 header and RA fields (hop limit 255, lifetime 65535, flags from
 * addr_mode and router_preference), then one ND option per option given,
 * in the order given. */
void
Encoder::put_nd_ra_opts(const Action &a)
{
    int flags = 0, prefix_flags = 0xc0;     /* On-link, autonomous. */
    for (const DhcpOptValue &v : a.dhcp_opts) {
        if (v.option->name == "addr_mode") {
            flags |= nd_ra_addr_mode_flags(v.values[0].s);
            if (v.values[0].s == "dhcpv6_stateful") {
                prefix_flags = 0x80;        /* On-link only. */
            }
        } else if (v.option->name == "router_preference") {
            flags |= nd_ra_preference_bits(v.values[0].s);
        }
    }
    std::string ra = { '\x86', 0, 0, 0, '\xff', static_cast<char>(flags),
                       '\xff', '\xff', 0, 0, 0, 0, 0, 0, 0, 0 };
    const std::string infinite(4, '\xff');
    for (const DhcpOptValue &v : a.dhcp_opts) {
        const std::string &name = v.option->name;
        const LexToken &t = v.values[0];
        std::string body;
        if (name == "slla") {
            put_subvalue_bytes(t.value, 6, body);
        } else if (name == "mtu") {
            body.append(2, '\0');
            put_subvalue_bytes(t.value, 4, body);
        } else if (name == "prefix") {
            body += static_cast<char>(ipv6_plen(t.mask));
            body += static_cast<char>(prefix_flags);
            body += infinite + infinite + std::string(4, '\0');
            put_subvalue_bytes(t.value, 16, body);
        } else if (name == "rdnss") {
            body = std::string(2, '\0') + infinite;
            put_subvalue_bytes(t.value, 16, body);
        } else if (name == "dnssl") {
            /* Names as RFC 1035 labels, without compression. */
            body = std::string(2, '\0') + infinite;
            for (const std::string &domain : split(t.s, ',')) {
                for (const std::string &label : split(domain, '.')) {
                    body += static_cast<char>(label.size()) + label;
                }
                body += '\0';
            }
        } else if (name == "route_info") {
            /* "PRF-PREFIX/LEN,...": one Route Information option each;
             * an entry that is not of this form is skipped, a preference
             * other than HIGH, MEDIUM or LOW is MEDIUM's, as in 23.03. */
            for (const std::string &route : split(t.s, ',')) {
                int plen = 0;
                mf_subvalue prefix;
                size_t dash = route.find('-');
                if (dash == std::string::npos
                    || !parse_ipv6_prefix(route.substr(dash + 1), &prefix,
                                          &plen)) {
                    continue;
                }
                int prf = nd_ra_preference_bits(route.substr(0, dash));
                std::string r;
                r += static_cast<char>(plen);
                r += static_cast<char>(prf < 0 ? 0 : prf);
                r += infinite;
                put_subvalue_bytes(prefix, 16, r);
                r.resize(6 + (plen == 0 ? 0 : plen <= 64 ? 8 : 16));
                put_nd_option(24, r, ra);
            }
            continue;
        } else {
            continue;                   /* addr_mode, router_preference. */
        }
        put_nd_option(v.option->code, body, ra);
    }
    ofpbuf_put(ofpacts_, ra.data(), ra.size());
}

/* set_field VALUE/MASK->FIELD, if 'mask' has any bit set. */
void
Encoder::put_masked(mf_field_id id, const mf_subvalue &value,
                    const mf_subvalue &mask)
{
    if (is_all_zeros(&mask, sizeof mask)) {
        return;
    }
    const mf_field *field = mf_from_id(id);
    ofpact_set_field *sf = ofpact_put_set_field(ofpacts_, field, nullptr,
                                                nullptr);
    memcpy(sf->value, &value.u8[sizeof value.u8 - field->n_bytes],
           field->n_bytes);
    memcpy(ofpact_set_field_mask(sf),
           &mask.u8[sizeof mask.u8 - field->n_bytes], field->n_bytes);
}

/* The L4 port fields of 'proto' (tcp, udp or sctp). */
static void
l4_port_fields(uint8_t proto, mf_field_id *src, mf_field_id *dst)
{
    *src = proto == IPPROTO_TCP ? MFF_TCP_SRC
           : proto == IPPROTO_UDP ? MFF_UDP_SRC : MFF_SCTP_SRC;
    *dst = proto == IPPROTO_TCP ? MFF_TCP_DST
           : proto == IPPROTO_UDP ? MFF_UDP_DST : MFF_SCTP_DST;
}

/* Two learned flows for the connection: in table 76 its 5-tuple and the
 * next hop's MAC (eth.src), in table 77 its reverse 5-tuple, each setting
 * flag bit 13, so that chk_ecmp_nh_mac() and chk_ecmp_nh() find it. */
void
Encoder::encode_commit_ecmp_nh(const Action &a)
{
    ovs_be16 eth_type = htons(a.ipv6 ? 0x86dd : 0x0800);
    mf_field_id ip_src = a.ipv6 ? MFF_IPV6_SRC : MFF_IPV4_SRC;
    mf_field_id ip_dst = a.ipv6 ? MFF_IPV6_DST : MFF_IPV4_DST;
    mf_field_id tp_src, tp_dst;
    l4_port_fields(a.l4_proto, &tp_src, &tp_dst);
    const uint8_t one = 1;

    ovs::LearnBuilder mac(ofpacts_, OFTABLE_ECMP_NH_MAC, 20, 30);
    mac.match_field(MFF_METADATA, MFF_METADATA)
       .match_field(MFF_ETH_SRC, MFF_ETH_SRC)
       .match_value(MFF_ETH_TYPE, &eth_type, sizeof eth_type)
       .match_field(ip_src, ip_src)
       .match_field(ip_dst, ip_dst)
       .match_value(MFF_IP_PROTO, &a.l4_proto, 1)
       .match_field(tp_src, tp_src)
       .match_field(tp_dst, tp_dst)
       .load_value(MFF_LOG_FLAGS, MLF_LOOKUP_COMMIT_ECMP_NH_BIT, 1, &one, 1);
    mac.finish();

    ovs::LearnBuilder nh(ofpacts_, OFTABLE_ECMP_NH, 20, 30);
    nh.match_field(MFF_METADATA, MFF_METADATA)
      .match_value(MFF_ETH_TYPE, &eth_type, sizeof eth_type)
      .match_field(ip_src, ip_dst)
      .match_field(ip_dst, ip_src)
      .match_value(MFF_IP_PROTO, &a.l4_proto, 1)
      .match_field(tp_src, tp_dst)
      .match_field(tp_dst, tp_src)
      .load_value(MFF_LOG_FLAGS, MLF_LOOKUP_COMMIT_ECMP_NH_BIT, 1, &one, 1);
    nh.finish();
}

/* A learned flow in table 78 for the client and the VIP that sets flag
 * bit 14 and loads the chosen backend (reg4 or xxreg0 for the address,
 * reg8[0..15] for the port), which chk_lb_aff() then finds. */
void
Encoder::encode_commit_lb_aff(const Action &a)
{
    bool v6 = a.lb_vip.family == AF_INET6;
    ovs_be16 eth_type = htons(v6 ? 0x86dd : 0x0800);
    size_t ip_bytes = v6 ? 16 : 4;
    const uint8_t *vip = &a.lb_vip.ip.u8[sizeof a.lb_vip.ip.u8 - ip_bytes];
    const uint8_t *backend = &a.lb_backend.ip.u8[sizeof a.lb_backend.ip.u8
                                                 - ip_bytes];
    const uint8_t one = 1;

    ovs::LearnBuilder learn(ofpacts_, OFTABLE_CHK_LB_AFFINITY, a.number,
                            OFP_FLOW_PERMANENT);
    learn.match_field(MFF_METADATA, MFF_METADATA)
         .match_value(MFF_ETH_TYPE, &eth_type, sizeof eth_type)
         .match_field(v6 ? MFF_IPV6_SRC : MFF_IPV4_SRC,
                      v6 ? MFF_IPV6_SRC : MFF_IPV4_SRC)
         .match_value(v6 ? MFF_IPV6_DST : MFF_IPV4_DST, vip, ip_bytes);
    if (a.l4_proto) {
        learn.match_value(MFF_IP_PROTO, &a.l4_proto, 1);
        if (a.lb_vip.port) {
            mf_field_id tp_src, tp_dst;
            l4_port_fields(a.l4_proto, &tp_src, &tp_dst);
            ovs_be16 port = htons(a.lb_vip.port);
            learn.match_value(tp_dst, &port, sizeof port);
        }
    }
    learn.load_value(MFF_LOG_FLAGS, MLF_USE_LB_AFF_SESSION_BIT, 1, &one, 1)
         .load_value(v6 ? MFF_XXREG0 : MFF_REG4, 0, ip_bytes * 8, backend,
                     ip_bytes);
    if (a.lb_backend.port) {
        ovs_be16 port = htons(a.lb_backend.port);
        learn.load_value(MFF_REG8, 0, 16, &port, sizeof port);
    }
    learn.finish();
}

/* RFC 1035 names for "a.org,b.org", a suffix already written given as a
 * pointer to it (RFC 3397). */
static void
put_domains(const std::string &list, std::string &out)
{
    std::map<std::string, size_t> written;
    size_t start = 0;
    while (start <= list.size()) {
        size_t comma = list.find(',', start);
        if (comma == std::string::npos) {
            comma = list.size();
        }
        std::string domain = list.substr(start, comma - start);
        start = comma + 1;
        /* Spaces are not trimmed: 23.03 keeps them in the labels. */
        if (domain.empty()) {
            continue;
        }
        size_t label = 0;
        bool pointer = false;
        while (label < domain.size()) {
            std::string suffix = domain.substr(label);
            auto it = written.find(suffix);
            if (it != written.end()) {
                out += static_cast<char>(0xc0 | (it->second >> 8));
                out += static_cast<char>(it->second & 0xff);
                pointer = true;
                break;
            }
            written[suffix] = out.size();
            size_t dot = domain.find('.', label);
            if (dot == std::string::npos) {
                dot = domain.size();
            }
            out += static_cast<char>(dot - label);
            out += domain.substr(label, dot - label);
            label = dot + 1;
        }
        if (!pointer) {
            out += '\0';
        }
    }
}

void
Encoder::put_dhcp_option(const DhcpOptValue &v)
{
    std::string data;
    auto put_int = [&data](const mf_subvalue &value, int n_bytes) {
        data.append(reinterpret_cast<const char *>(
                        &value.u8[sizeof value.u8 - n_bytes]), n_bytes);
    };
    for (const LexToken &t : v.values) {
        switch (v.option->type) {
        case DhcpOptType::BOOL:
        case DhcpOptType::UINT8:
            put_int(t.value, 1);
            break;
        case DhcpOptType::UINT16:
            put_int(t.value, 2);
            break;
        case DhcpOptType::UINT32:
        case DhcpOptType::IPV4:
            put_int(t.value, 4);
            break;
        case DhcpOptType::STATIC_ROUTES: {
            /* Prefixes: length, then just the bytes the length covers;
             * routers: 4 bytes. */
            bool prefix = (&t - v.values.data()) % 2 == 0;
            if (prefix) {
                uint32_t mask = t.type == LexType::MASKED_INTEGER
                                ? ntohl(t.mask.be32[31]) : UINT32_MAX;
                int plen = 0;
                while (plen < 32 && (mask & (0x80000000u >> plen))) {
                    plen++;
                }
                data += static_cast<char>(plen);
                put_int(t.value, 4);
                data.resize(data.size() - 4 + (plen + 7) / 8);
            } else {
                put_int(t.value, 4);
            }
            break;
        }
        case DhcpOptType::STR:
            data += t.s;
            break;
        case DhcpOptType::HOST_ID:
            if (t.type == LexType::STRING) {
                data += t.s;
            } else {
                put_int(t.value, 4);
            }
            break;
        case DhcpOptType::DOMAINS:
            put_domains(t.s, data);
            break;
        case DhcpOptType::IPV6:
        case DhcpOptType::MAC:
            break;                      /* Rejected by the parser. */
        }
    }
    uint8_t header[2] = { static_cast<uint8_t>(v.option->code),
                          static_cast<uint8_t>(data.size()) };
    ofpbuf_put(ofpacts_, header, sizeof header);
    ofpbuf_put(ofpacts_, data.data(), data.size());
}

void
Encoder::put_group(const std::string &spec)
{
    uint32_t id = ep_.group_id ? ep_.group_id(spec) : 0;
    if (id) {
        ofpact_put_GROUP(ofpacts_)->group_id = id;
    }
}

void
Encoder::encode_select(const Action &a)
{
    std::string spec = "type=select,selection_method=dp_hash";
    if (ep_.dp_hash_l4_sym) {
        /* OVS_SELECT_METHOD_DP_HASH_L4_SYM in the upper 32 bits. */
        spec += ",selection_method_param=4294967296";
    }
    mf_subfield dst = a.dst.resolve();
    for (size_t i = 0; i < a.select_values.size(); i++) {
        uint64_t stub[256 / 8];
        ofpbuf bucket;
        ofpbuf_use_stub(&bucket, stub, sizeof stub);
        Encoder inner(ep_, &bucket);
        mf_subvalue v;
        memset(&v, 0, sizeof v);
        v.be32[31] = htonl(a.select_values[i].first);
        inner.load_subvalue(dst, v);
        inner.resubmit(table(a.ingress, a.ltable));
        spec += ",bucket=bucket_id:" + std::to_string(i) + ",weight:"
                + std::to_string(a.select_values[i].second) + ",actions="
                + ovs::Ofpacts(bucket).to_string();
        ofpbuf_uninit(&bucket);
    }
    put_group(spec);
}

void
Encoder::encode_fwd_group(const Action &a)
{
    if (a.strings.empty()) {
        /* "fwd_group;" or no child ports: nothing, as in 23.03. */
        return;
    }
    std::string spec = "type=select,selection_method=dp_hash";
    for (size_t i = 0; i < a.strings.size(); i++) {
        uint32_t key, ofport = 0;
        if (!ep_.lookup_port || !ep_.lookup_port(a.strings[i], &key)
            || (a.liveness
                && (!ep_.lookup_tunnel_ofport
                    || !ep_.lookup_tunnel_ofport(a.strings[i], &ofport)))) {
            /* A child that is not there, or with no tunnel to watch: no
             * group at all, as in 23.03. */
            return;
        }
        /* 23.03 writes the key's decimal digits as hex ("0x%d"), so port
         * 18 is sent to 0x18; the same flows need the same bug. */
        uint64_t load = strtoull(std::to_string(key).c_str(), nullptr, 16);
        uint64_t stub[256 / 8];
        ofpbuf bucket;
        ofpbuf_use_stub(&bucket, stub, sizeof stub);
        Encoder inner(ep_, &bucket);
        inner.load_bits(MFF_LOG_OUTPORT, 0, 16, load & 0xffff);
        inner.resubmit(ep_.output_ptable);
        spec += ",bucket=bucket_id:" + std::to_string(i);
        if (a.liveness) {
            spec += ",watch_port:" + std::to_string(ofport);
        }
        spec += ",actions=" + ovs::Ofpacts(bucket).to_string();
        ofpbuf_uninit(&bucket);
    }
    put_group(spec);
}

void
Encoder::encode_log(const Action &a)
{
    uint32_t meter = ep_.ctrl_meter_id;
    if (!a.meter.empty() && ep_.meter_id) {
        meter = ep_.meter_id(a.meter);
    }
    size_t ofs = start_controller(ACTION_OPCODE_LOG, false, meter);
    uint8_t header[2] = { a.verdict, a.severity };
    ofpbuf_put(ofpacts_, header, sizeof header);
    ofpbuf_put(ofpacts_, a.str.data(), a.str.size());
    finish_controller(ofs);
}

void
Encoder::encode_one(const Action &a)
{
    switch (a.type) {
    case ActionType::NEXT:
        resubmit(table(a.ingress, a.ltable));
        return;
    case ActionType::OUTPUT:
        resubmit(ep_.output_ptable);
        return;
    case ActionType::LOAD: {
        mf_subfield dst = a.dst.resolve();
        if (a.dst.symbol->is_string()) {
            uint32_t key = 0;
            if (!ep_.lookup_port || !ep_.lookup_port(a.str, &key)) {
                key = 0;
            }
            load_bits(dst.field->id, 0, 32, key);
        } else {
            load_subvalue(dst, a.imm);
        }
        return;
    }
    case ActionType::MOVE:
        move(a.src.resolve(), a.dst.resolve());
        return;
    case ActionType::EXCHANGE:
        push(a.src.resolve());
        push(a.dst.resolve());
        pop(a.src.resolve());
        pop(a.dst.resolve());
        return;
    case ActionType::PUSH:
        push(a.dst.resolve());
        return;
    case ActionType::POP:
        pop(a.dst.resolve());
        return;
    case ActionType::DEC_TTL:
    {
        /* With no controller ids: 23.03's encoding, which the switch
         * shows as "dec_ttl()". */
        ofpact_cnt_ids *ids = ofpact_put_DEC_TTL(ofpacts_);
        ids->n_controllers = 0;
        ofpact_finish_DEC_TTL(ofpacts_, &ids);
        return;
    }
    case ActionType::DROP:
        return;
    case ActionType::CT_NEXT:
        put_ct(0, ct_zone(), table(a.ingress, a.ltable));
        return;
    case ActionType::CT_COMMIT: {
        size_t ofs = ofpacts_->size;
        put_ct(NX_CT_F_COMMIT, ct_zone(), NX_CT_RECIRC_NONE);
        if (ep_.ct_zero_snat) {
            /* With a zero SNAT in the commit, conntrack keeps the tuple
             * unique even when another connection SNATs to it. */
            ofpact_nat *nat = ofpact_put_NAT(ofpacts_);
            nat->flags = NX_NAT_F_SRC;
            nat->range_af = AF_UNSPEC;
        }
        if (a.ct_commit_v1) {
            /* ct_mark before ct_label, whatever the order written. */
            put_masked(MFF_CT_MARK, a.ct_mark, a.ct_mark_mask);
            put_masked(MFF_CT_LABEL, a.ct_label, a.ct_label_mask);
        }
        encode(a.nested);
        finish_ct(ofs);
        return;
    }
    case ActionType::CT_COMMIT_NAT: {
        size_t ofs = ofpacts_->size;
        put_ct(NX_CT_F_COMMIT, ct_zone(), table(a.ingress, a.ltable));
        ofpact_nat *nat = ofpact_put_NAT(ofpacts_);
        nat->flags = 0;
        nat->range_af = AF_UNSPEC;
        finish_ct(ofs);
        return;
    }
    case ActionType::CT_DNAT:
    case ActionType::CT_SNAT:
    case ActionType::CT_DNAT_IN_CZONE:
    case ActionType::CT_SNAT_IN_CZONE: {
        bool snat = a.type == ActionType::CT_SNAT
                    || a.type == ActionType::CT_SNAT_IN_CZONE;
        mf_field_id zone = a.type == ActionType::CT_DNAT ? MFF_LOG_DNAT_ZONE
                           : a.type == ActionType::CT_SNAT ? MFF_LOG_SNAT_ZONE
                           : ep_.common_nat_ct_zone;
        size_t ofs = ofpacts_->size;
        put_ct(a.nat_family ? NX_CT_F_COMMIT : 0, zone,
               table(a.ingress, a.ltable));
        put_nat(a, snat);
        finish_ct(ofs);
        return;
    }
    case ActionType::CT_LB:
    case ActionType::CT_LB_MARK:
        encode_ct_lb(a);
        return;
    case ActionType::CT_CLEAR:
        ofpact_put_CT_CLEAR(ofpacts_);
        return;
    case ActionType::CLONE: {
        size_t ofs = ofpacts_->size;
        ofpact_put_CLONE(ofpacts_);
        encode(a.nested);
        ofpact_nest *clone = static_cast<ofpact_nest *>(
            ofpbuf_at_assert(ofpacts_, ofs, sizeof *clone));
        ofpacts_->header = clone;
        ofpact_finish_CLONE(ofpacts_, &clone);
        return;
    }
    case ActionType::SET_QUEUE:
        ofpact_put_SET_QUEUE(ofpacts_)->queue_id = a.number;
        return;
    case ActionType::CHECK_PKT_LARGER: {
        ofpact_check_pkt_larger *c = ofpact_put_CHECK_PKT_LARGER(ofpacts_);
        c->pkt_len = a.number;
        c->dst = a.dst.resolve();
        return;
    }
    case ActionType::GET_ARP:
    case ActionType::GET_ND: {
        auto v = args(a, { MFF_LOG_OUTPORT,
                           a.type == ActionType::GET_ARP ? MFF_REG0
                                                         : MFF_XXREG0 });
        setup_args(v);
        load_bits(MFF_ETH_DST, 0, 48, 0);
        resubmit(OFTABLE_MAC_BINDING);
        restore_args(v);
        return;
    }
    case ActionType::PUT_ARP:
    case ActionType::PUT_ND: {
        bool arp = a.type == ActionType::PUT_ARP;
        auto v = args(a, { MFF_LOG_INPORT, arp ? MFF_REG0 : MFF_XXREG0,
                           MFF_ETH_SRC });
        setup_args(v);
        controller(arp ? ACTION_OPCODE_PUT_ARP : ACTION_OPCODE_PUT_ND);
        restore_args(v);
        return;
    }
    case ActionType::LOOKUP_ARP:
    case ActionType::LOOKUP_ND: {
        bool arp = a.type == ActionType::LOOKUP_ARP;
        auto v = args(a, { MFF_LOG_INPORT, arp ? MFF_REG0 : MFF_XXREG0,
                           MFF_ETH_SRC });
        setup_args(v);
        lookup_bit(a, MLF_LOOKUP_MAC_BIT, OFTABLE_MAC_LOOKUP);
        restore_args(v);
        return;
    }
    case ActionType::LOOKUP_ARP_IP:
    case ActionType::LOOKUP_ND_IP: {
        /* Whether MAC_Binding (table 66) knows the IP on the port: that
         * table sets eth.dst too, which the packet keeps. */
        bool arp = a.type == ActionType::LOOKUP_ARP_IP;
        auto v = args(a, { MFF_LOG_OUTPORT, arp ? MFF_REG0 : MFF_XXREG0 });
        setup_args(v);
        mf_subfield eth_dst = whole_field(MFF_ETH_DST);
        push(eth_dst);
        lookup_bit(a, MLF_LOOKUP_MAC_BIT, OFTABLE_MAC_BINDING);
        pop(eth_dst);
        restore_args(v);
        return;
    }
    case ActionType::GET_FDB: {
        auto v = args(a, { MFF_ETH_DST });
        setup_args(v);
        load_bits(MFF_LOG_OUTPORT, 0, 32, 0);
        resubmit(OFTABLE_GET_FDB);
        /* Unlike the lookups below, 23.03 restores the MAC before it
         * moves the answer. */
        restore_args(v);
        mf_subfield outport = whole_field(MFF_LOG_OUTPORT);
        mf_subfield dst = a.dst.resolve();
        if (!subfield_equal(outport, dst)) {
            move(outport, dst);
        }
        return;
    }
    case ActionType::PUT_FDB: {
        auto v = args(a, { MFF_LOG_INPORT, MFF_ETH_SRC });
        setup_args(v);
        controller(ACTION_OPCODE_PUT_FDB);
        restore_args(v);
        return;
    }
    case ActionType::LOOKUP_FDB: {
        auto v = args(a, { MFF_LOG_INPORT, MFF_ETH_SRC });
        setup_args(v);
        lookup_bit(a, MLF_LOOKUP_FDB_BIT, OFTABLE_LOOKUP_FDB);
        restore_args(v);
        return;
    }
    case ActionType::CHECK_IN_PORT_SEC:
        lookup_bit(a, MLF_CHECK_PORT_SEC_BIT, OFTABLE_CHK_IN_PORT_SEC);
        return;
    case ActionType::CHECK_OUT_PORT_SEC:
        lookup_bit(a, MLF_CHECK_PORT_SEC_BIT, OFTABLE_CHK_OUT_PORT_SEC);
        return;
    case ActionType::CHK_LB_HAIRPIN:
        lookup_bit(a, MLF_LOOKUP_LB_HAIRPIN_BIT, OFTABLE_CHK_LB_HAIRPIN);
        return;
    case ActionType::CHK_LB_HAIRPIN_REPLY:
        lookup_bit(a, MLF_LOOKUP_LB_HAIRPIN_BIT,
                   OFTABLE_CHK_LB_HAIRPIN_REPLY);
        return;
    case ActionType::CT_SNAT_TO_VIP:
        resubmit(OFTABLE_CT_SNAT_HAIRPIN);
        return;
    case ActionType::LOG:
        encode_log(a);
        return;
    case ActionType::ARP:
        encode_nested_controller(a, ACTION_OPCODE_ARP);
        return;
    case ActionType::ND_NA:
        encode_nested_controller(a, ACTION_OPCODE_ND_NA);
        return;
    case ActionType::ND_NA_ROUTER:
        encode_nested_controller(a, ACTION_OPCODE_ND_NA_ROUTER);
        return;
    case ActionType::ND_NS:
        encode_nested_controller(a, ACTION_OPCODE_ND_NS);
        return;
    case ActionType::ICMP4:
    case ActionType::ICMP6:
        encode_nested_controller(a, ACTION_OPCODE_ICMP);
        return;
    case ActionType::ICMP4_ERROR:
        encode_nested_controller(a, ACTION_OPCODE_ICMP4_ERROR);
        return;
    case ActionType::ICMP6_ERROR:
        encode_nested_controller(a, ACTION_OPCODE_ICMP6_ERROR);
        return;
    case ActionType::TCP_RESET:
        encode_nested_controller(a, ACTION_OPCODE_TCP_RESET);
        return;
    case ActionType::SCTP_ABORT:
        encode_nested_controller(a, ACTION_OPCODE_SCTP_ABORT);
        return;
    case ActionType::REJECT:
        encode_nested_controller(a, ACTION_OPCODE_REJECT);
        return;
    case ActionType::IGMP:
        controller(ACTION_OPCODE_IGMP);
        return;
    case ActionType::HANDLE_DHCPV6_REPLY:
        controller(ACTION_OPCODE_DHCP6_SERVER);
        return;
    case ActionType::HANDLE_BFD_MSG:
        controller(ACTION_OPCODE_BFD_MSG);
        return;
    case ActionType::DNS_LOOKUP:
        encode_result_op(a, ACTION_OPCODE_DNS_LOOKUP);
        return;
    case ActionType::PUT_DHCP_OPTS:
        encode_result_op(a, ACTION_OPCODE_PUT_DHCP_OPTS);
        return;
    case ActionType::PUT_DHCPV6_OPTS:
        encode_result_op(a, ACTION_OPCODE_PUT_DHCPV6_OPTS);
        return;
    case ActionType::PUT_ND_RA_OPTS:
        encode_result_op(a, ACTION_OPCODE_PUT_ND_RA_OPTS);
        return;
    case ActionType::CHK_ECMP_NH_MAC:
        lookup_bit(a, MLF_LOOKUP_COMMIT_ECMP_NH_BIT, OFTABLE_ECMP_NH_MAC);
        return;
    case ActionType::CHK_ECMP_NH:
        lookup_bit(a, MLF_LOOKUP_COMMIT_ECMP_NH_BIT, OFTABLE_ECMP_NH);
        return;
    case ActionType::CHK_LB_AFF:
        lookup_bit(a, MLF_USE_LB_AFF_SESSION_BIT, OFTABLE_CHK_LB_AFFINITY);
        return;
    case ActionType::COMMIT_ECMP_NH:
        encode_commit_ecmp_nh(a);
        return;
    case ActionType::COMMIT_LB_AFF:
        encode_commit_lb_aff(a);
        return;
    case ActionType::SAMPLE:
        /* Debian's ovn-controller 23.03 accepts sample() and installs
         * the flow without any OpenFlow action for it (no sample action
         * reaches the switch): so do we. */
        return;
    case ActionType::SELECT:
        encode_select(a);
        return;
    case ActionType::FWD_GROUP:
        encode_fwd_group(a);
        return;
    case ActionType::SET_METER: {
        /* A meter of the lflow's own: the name says whose and what. */
        std::string name = "__string: uuid " + ep_.lflow_uuid + " kbps"
                           + (a.burst ? " burst" : "")
                           + " stats bands=type=drop rate="
                           + std::to_string(a.number);
        if (a.burst) {
            name += " burst_size=" + std::to_string(a.burst);
        }
        uint32_t id = ep_.meter_id ? ep_.meter_id(name) : 0;
        if (id) {
            ofpact_put_METER(ofpacts_)->meter_id = id;
        }
        return;
    }
    case ActionType::TRIGGER_EVENT: {
        size_t ofs = start_controller(ACTION_OPCODE_EVENT, false,
                                      ep_.ctrl_meter_id);
        ovs_be32 event = htonl(0);      /* empty_lb_backends. */
        ofpbuf_put(ofpacts_, &event, sizeof event);
        for (const auto &o : a.event_opts) {
            ovs_be16 tl[2] = { htons(o.first), htons(o.second.size()) };
            ofpbuf_put(ofpacts_, tl, sizeof tl);
            ofpbuf_put(ofpacts_, o.second.data(), o.second.size());
        }
        finish_controller(ofs);
        return;
    }
    case ActionType::HANDLE_SVC_CHECK: {
        auto v = args(a, { MFF_LOG_INPORT });
        setup_args(v);
        controller(ACTION_OPCODE_HANDLE_SVC_CHECK);
        restore_args(v);
        return;
    }
    case ActionType::BIND_VPORT: {
        /* A virtual port that is not on the datapath: nothing to bind. */
        uint32_t key;
        if (!ep_.lookup_port || !ep_.lookup_port(a.str, &key)) {
            return;
        }
        auto v = args(a, { MFF_LOG_INPORT });
        setup_args(v);
        size_t ofs = start_controller(ACTION_OPCODE_BIND_VPORT, false,
                                      ep_.ctrl_meter_id);
        ovs_be32 vport_key = htonl(key);
        ofpbuf_put(ofpacts_, &vport_key, sizeof vport_key);
        finish_controller(ofs);
        restore_args(v);
        return;
    }
    case ActionType::OVNFIELD_LOAD: {
        /* pinctrl fills the field into the packet it builds, so the
         * controller action pauses to let it resume with it. */
        bool v4 = a.dst.symbol->ovn_field == OvnField::ICMP4_FRAG_MTU;
        size_t ofs = start_controller(v4 ? ACTION_OPCODE_PUT_ICMP4_FRAG_MTU
                                         : ACTION_OPCODE_PUT_ICMP6_FRAG_MTU,
                                      true, NX_CTLR_NO_METER);
        if (v4) {
            ofpbuf_put(ofpacts_, &a.imm.be16[63], 2);
        } else {
            ofpbuf_put(ofpacts_, &a.imm.be32[31], 4);
        }
        finish_controller(ofs);
        return;
    }
    }
}

}  // namespace

ActionsParseResult
actions_parse(std::string_view input, const ActionParseParams &pp)
{
    return ActionParser(input, pp).parse();
}

std::string
actions_format(const std::vector<Action> &actions)
{
    std::string s;
    format_actions(actions, s);
    return s;
}

std::string
actions_prereqs_format(const std::vector<std::string> &prereqs)
{
    std::string s;
    for (const std::string &p : prereqs) {
        if (!s.empty()) {
            s += " && ";
        }
        bool paren = p.find("||") != std::string::npos;
        s += paren ? "(" + p + ")" : p;
    }
    return s;
}

void
actions_encode(const std::vector<Action> &actions,
               const ActionEncodeParams &ep, ofpbuf *ofpacts)
{
    Encoder(ep, ofpacts).encode(actions);
}

ovs::Ofpacts
actions_encode(const std::vector<Action> &actions,
               const ActionEncodeParams &ep)
{
    uint64_t stub[1024 / 8];
    ofpbuf buf;
    ofpbuf_use_stub(&buf, stub, sizeof stub);
    actions_encode(actions, ep, &buf);
    ovs::Ofpacts result(buf);
    ofpbuf_uninit(&buf);
    return result;
}

}  // namespace ovn
