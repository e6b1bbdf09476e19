/* The lexer of OVN's logical flow languages.  See lex.h. */
#include <config.h>

#include "ovn/lib/lex.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "lib/json-quote.h"
#include "lib/ovs-internal.h"
#include "openvswitch/json.h"

namespace ovn {

namespace {

bool
is_id_start(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'
           || c == '.';
}

bool
is_id_char(char c)
{
    return is_id_start(c) || (c >= '0' && c <= '9');
}

bool
is_digit(char c)
{
    return c >= '0' && c <= '9';
}

bool
is_xdigit(char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int
hex_value(char c)
{
    return (c <= '9' ? c - '0'
            : c <= 'F' ? c - 'A' + 10
            : c - 'a' + 10);
}

void
set_error(LexToken &t, std::string message)
{
    t.type = LexType::ERROR;
    t.s = std::move(message);
}

/* True if 'mask', restricted to its low 'width' bits, is a CIDR mask (ones
 * from bit 'width' - 1 down, then zeros) with nothing above 'width';
 * stores the prefix length in '*plen'. */
bool
is_cidr(const mf_subvalue &mask, unsigned int width, int *plen)
{
    unsigned int total = sizeof mask.u8 * 8;
    if (!bitwise_is_all_zeros(mask.u8, sizeof mask.u8, width,
                              total - width)) {
        return false;
    }
    /* Lowest 1-bit; everything from it up to 'width' must be 1. */
    unsigned int low = bitwise_scan(mask.u8, sizeof mask.u8, true, 0,
                                    width);
    if (low == width) {
        *plen = 0;
        return true;
    }
    unsigned int next0 = bitwise_scan(mask.u8, sizeof mask.u8, false, low,
                                      width);
    if (next0 != width) {
        return false;
    }
    *plen = width - low;
    return true;
}

/* Parses a 17-character "xx:xx:xx:xx:xx:xx" into the low 48 bits. */
bool
parse_mac(std::string_view s, mf_subvalue &v)
{
    if (s.size() != 17) {
        return false;
    }
    for (int i = 0; i < 6; i++) {
        char h = s[i * 3], l = s[i * 3 + 1];
        if (!is_xdigit(h) || !is_xdigit(l) || (i < 5 && s[i * 3 + 2] != ':')) {
            return false;
        }
        v.u8[122 + i] = hex_value(h) << 4 | hex_value(l);
    }
    return true;
}

bool
parse_ipv4(std::string_view s, mf_subvalue &v)
{
    char buf[INET_ADDRSTRLEN];
    if (s.size() >= sizeof buf) {
        return false;
    }
    memcpy(buf, s.data(), s.size());
    buf[s.size()] = '\0';
    return inet_pton(AF_INET, buf, &v.be32[31]) == 1;
}

bool
parse_ipv6(std::string_view s, mf_subvalue &v)
{
    char buf[INET6_ADDRSTRLEN];
    if (s.size() >= sizeof buf) {
        return false;
    }
    memcpy(buf, s.data(), s.size());
    buf[s.size()] = '\0';
    return inet_pton(AF_INET6, buf, &v.u8[112]) == 1;
}

/* Parses the hex digits 's' (after "0x") into 'v'. */
void
parse_hex(std::string_view s, LexToken &t)
{
    size_t n = 0;
    for (size_t i = s.size(); i-- > 0; n++) {
        char c = s[i];
        if (!is_xdigit(c)) {
            set_error(t, "Invalid syntax in hexadecimal constant.");
            return;
        }
        int d = hex_value(c);
        if (n >= sizeof t.value.u8 * 2) {
            if (d) {
                set_error(t, "Hexadecimal constant requires more than "
                          "1024 bits.");
                return;
            }
            continue;
        }
        uint8_t &byte = t.value.u8[sizeof t.value.u8 - 1 - n / 2];
        byte |= n % 2 ? d << 4 : d;
    }
    t.format = LexFormat::HEXADECIMAL;
}

/* Lexes the integer at 's[pos]' into 't' (as INTEGER or ERROR) and returns
 * the offset just past it. */
size_t
lex_integer(std::string_view s, size_t pos, LexToken &t)
{
    t.type = LexType::INTEGER;
    memset(&t.value, 0, sizeof t.value);

    /* 'end1' ends the longest run that may be a decimal, hex or IPv4
     * number ('.' only when not starting ".."); 'end2' extends it with
     * colons, for MAC and IPv6 addresses.  "1.2.3.4:80" is thus an IPv4
     * address followed by ':' and 80, since it is no IPv6 address. */
    size_t end1 = pos, end2;
    for (;; end1++) {
        char c = end1 < s.size() ? s[end1] : '\0';
        if (!(is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
              || (c == '.' && (end1 + 1 >= s.size() || s[end1 + 1] != '.')))) {
            break;
        }
    }
    for (end2 = end1; ; end2++) {
        char c = end2 < s.size() ? s[end2] : '\0';
        if (!(is_xdigit(c) || c == ':'
              || (c == '.' && (end2 + 1 >= s.size() || s[end2 + 1] != '.')))) {
            break;
        }
    }

    std::string_view span2 = s.substr(pos, end2 - pos);
    if (span2.find(':') != span2.npos) {
        if (parse_mac(span2, t.value)) {
            t.format = LexFormat::ETHERNET;
            return end2;
        }
        if (parse_ipv6(span2, t.value)) {
            t.format = LexFormat::IPV6;
            return end2;
        }
        memset(&t.value, 0, sizeof t.value);
    }

    std::string_view span1 = s.substr(pos, end1 - pos);
    if (span2.size() > span1.size()) {
        /* With colons it is a MAC or IPv6 address, or an IPv4 address
         * followed by ':' ("1.2.3.4:80"). */
        if (parse_ipv4(span1, t.value)) {
            t.format = LexFormat::IPV4;
            return end1;
        }
        memset(&t.value, 0, sizeof t.value);
        set_error(t, "Invalid numeric constant.");
        return end2;
    }
    if (span1.empty()) {
        set_error(t, "Invalid numeric constant.");
        return std::max(end2, pos + 1);
    }
    if (span1.find_first_not_of("0123456789") == span1.npos) {
        if (span1.size() > 1 && span1[0] == '0') {
            set_error(t, "Decimal constants must not have leading zeros.");
            return end1;
        }
        uint64_t x = 0;
        for (char c : span1) {
            unsigned d = c - '0';
            if (x > (UINT64_MAX - d) / 10) {
                set_error(t, "Decimal constants must be less than 2**64.");
                return end1;
            }
            x = x * 10 + d;
        }
        t.value.be64[15] = htonll(x);
        t.format = LexFormat::DECIMAL;
        return end1;
    }
    if (span1.size() >= 2 && span1[0] == '0'
        && (span1[1] == 'x' || span1[1] == 'X')) {
        if (span1.size() == 2) {
            set_error(t, std::string("Hex digits expected following 0")
                      + span1[1] + ".");
        } else {
            parse_hex(span1.substr(2), t);
        }
        return end1;
    }
    if (parse_ipv4(span1, t.value)) {
        t.format = LexFormat::IPV4;
        return end1;
    }
    memset(&t.value, 0, sizeof t.value);
    set_error(t, "Invalid numeric constant.");
    return std::max(end1, end2);
}

/* True if 's[pos]' starts a number: a digit, "::", or hex digits followed
 * by ':' (a MAC or IPv6 address such as fe80::1, which would otherwise be
 * an identifier). */
bool
starts_number(std::string_view s, size_t pos)
{
    char c = s[pos];
    if (is_digit(c)) {
        return true;
    }
    if (c == ':') {
        return pos + 1 < s.size() && s[pos + 1] == ':';
    }
    if (is_xdigit(c)) {
        size_t i = pos;
        while (i < s.size() && is_xdigit(s[i])) {
            i++;
        }
        return i < s.size() && s[i] == ':';
    }
    return false;
}

/* Lexes the integer or masked integer at 's[pos]'. */
size_t
lex_masked_integer(std::string_view s, size_t pos, LexToken &t)
{
    pos = lex_integer(s, pos, t);
    if (t.type == LexType::ERROR) {
        return pos;
    }
    memset(&t.mask, 0xff, sizeof t.mask);
    if (pos >= s.size() || s[pos] != '/') {
        return pos;
    }

    pos++;
    LexToken m;
    if (pos >= s.size()
        || !(is_id_char(s[pos]) || s[pos] == ':')) {
        set_error(t, "Integer constant expected.");
        return pos;
    }
    pos = lex_integer(s, pos, m);
    if (m.type == LexType::ERROR) {
        set_error(t, std::move(m.s));
        return pos;
    }

    if (m.format == t.format) {
        t.mask = m.value;
    } else if (m.format == LexFormat::DECIMAL
               && (t.format == LexFormat::IPV4
                   || t.format == LexFormat::IPV6)) {
        /* A CIDR prefix length. */
        unsigned int width = t.format == LexFormat::IPV4 ? 32 : 128;
        uint64_t plen = ntohll(m.value.be64[15]);
        if (!is_all_zeros(m.value.u8, 120) || plen > width) {
            set_error(t, "Value and mask have incompatible formats.");
            return pos;
        }
        memset(&t.mask, 0, sizeof t.mask);
        bitwise_one(t.mask.u8, sizeof t.mask.u8, width - plen, plen);
    } else if (t.format == LexFormat::DECIMAL
               && is_all_zeros(t.value.u8, sizeof t.value.u8)) {
        /* "0/0xff", "0/ff:ff::": 0 goes with a mask of any format. */
        t.format = m.format;
        t.mask = m.value;
    } else {
        set_error(t, "Value and mask have incompatible formats.");
        return pos;
    }

    for (size_t i = 0; i < sizeof t.value.u8; i++) {
        t.value.u8[i] &= t.mask.u8[i];
    }
    t.type = LexType::MASKED_INTEGER;
    return pos;
}

/* Lexes the quoted string starting at 's[pos]' (the opening quote): finds
 * its end first, then undoes its escapes as JSON does (OVS's
 * json_string_unescape(), as 23.03 does, so that a bad escape gets the
 * same message). */
size_t
lex_string(std::string_view s, size_t pos, LexToken &t)
{
    size_t start = ++pos;
    while (pos < s.size() && s[pos] != '"' && s[pos] != '\0') {
        pos += s[pos] == '\\' && pos + 1 < s.size() ? 2 : 1;
    }
    if (pos >= s.size() || s[pos] != '"') {
        set_error(t, "Input ends inside quoted string.");
        return pos;
    }
    char *out;
    bool ok = json_string_unescape(s.data() + start, pos - start, &out);
    if (ok) {
        t.type = LexType::STRING;
        t.s = out;
    } else {
        set_error(t, out);
    }
    free(out);
    return pos + 1;
}

/* Lexes '$name', '@name' or '^name' at 's[pos]'. */
size_t
lex_sigil(std::string_view s, size_t pos, LexType type, LexToken &t)
{
    char sigil = s[pos++];
    if (pos >= s.size() || !is_id_start(s[pos])) {
        set_error(t, std::string("`") + sigil
                  + "' must be followed by a valid identifier.");
        return pos;
    }
    size_t start = pos;
    while (pos < s.size() && is_id_char(s[pos])) {
        pos++;
    }
    t.type = type;
    t.s.assign(s.substr(start, pos - start));
    return pos;
}

}  // namespace

Lexer::Lexer(std::string_view input) noexcept : input_(input)
{
}

/* Skips white space and comments from 'pos'; on an unterminated comment
 * stores an error in 't' and returns npos. */
static size_t
skip_space(std::string_view s, size_t pos, LexToken &t)
{
    while (pos < s.size()) {
        char c = s[pos];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
            || c == '\v') {
            pos++;
        } else if (c == '/' && pos + 1 < s.size() && s[pos + 1] == '/') {
            size_t nl = s.find('\n', pos);
            pos = nl == s.npos ? s.size() : nl + 1;
        } else if (c == '/' && pos + 1 < s.size() && s[pos + 1] == '*') {
            size_t close = s.find("*/", pos + 2);
            if (close == s.npos) {
                set_error(t, "`/*' without matching `*/'.");
                return s.npos;
            }
            pos = close + 2;
        } else {
            break;
        }
    }
    return pos;
}

size_t
Lexer::lex_one(size_t pos, LexToken &t) const
{
    const std::string_view s = input_;
    t.type = LexType::END;
    t.s.clear();

    pos = skip_space(s, pos, t);
    if (pos == s.npos) {
        return s.size();
    }
    if (pos >= s.size()) {
        return pos;
    }

    char c = s[pos];
    char n = pos + 1 < s.size() ? s[pos + 1] : '\0';
    auto punct = [&](LexType type, size_t len) {
        t.type = type;
        return pos + len;
    };
    switch (c) {
    case '(': return punct(LexType::LPAREN, 1);
    case ')': return punct(LexType::RPAREN, 1);
    case '{': return punct(LexType::LCURLY, 1);
    case '}': return punct(LexType::RCURLY, 1);
    case '[': return punct(LexType::LSQUARE, 1);
    case ']': return punct(LexType::RSQUARE, 1);
    case ',': return punct(LexType::COMMA, 1);
    case ';': return punct(LexType::SEMICOLON, 1);
    case '=':
        return n == '=' ? punct(LexType::EQ, 2) : punct(LexType::EQUALS, 1);
    case '!':
        return n == '=' ? punct(LexType::NE, 2) : punct(LexType::LOG_NOT, 1);
    case '&':
        if (n == '&') {
            return punct(LexType::LOG_AND, 2);
        }
        set_error(t, "`&' is only valid as part of `&&'.");
        return pos + 1;
    case '|':
        if (n == '|') {
            return punct(LexType::LOG_OR, 2);
        }
        set_error(t, "`|' is only valid as part of `||'.");
        return pos + 1;
    case '<':
        if (n == '=') {
            return punct(LexType::LE, 2);
        } else if (n == '-' && pos + 2 < s.size() && s[pos + 2] == '>') {
            return punct(LexType::EXCHANGE, 3);
        }
        return punct(LexType::LT, 1);
    case '>':
        return n == '=' ? punct(LexType::GE, 2) : punct(LexType::GT, 1);
    case '-':
        return n == '-' ? punct(LexType::DECREMENT, 2)
                        : punct(LexType::HYPHEN, 1);
    case '.':
        if (n == '.') {
            return punct(LexType::ELLIPSIS, 2);
        }
        break;
    case ':':
        if (n != ':') {
            return punct(LexType::COLON, 1);
        }
        return lex_masked_integer(s, pos, t);
    case '"':
        return lex_string(s, pos, t);
    case '$':
        return lex_sigil(s, pos, LexType::MACRO, t);
    case '@':
        return lex_sigil(s, pos, LexType::PORT_GROUP, t);
    case '^':
        return lex_sigil(s, pos, LexType::TEMPLATE, t);
    case '/':
        set_error(t, "`/' is only valid as part of `//' or `/*'.");
        return pos + 1;
    default:
        break;
    }

    if (starts_number(s, pos)) {
        return lex_masked_integer(s, pos, t);
    }
    if (is_id_start(c)) {
        size_t start = pos;
        while (pos < s.size() && is_id_char(s[pos])) {
            pos++;
        }
        t.type = LexType::ID;
        t.s.assign(s.substr(start, pos - start));
        return pos;
    }

    unsigned char uc = c;
    char buf[64];
    if (uc >= 0x20 && uc < 0x7f) {
        snprintf(buf, sizeof buf, "Invalid character `%c' in input.", c);
    } else {
        snprintf(buf, sizeof buf, "Invalid byte 0x%02x in input.", uc);
    }
    set_error(t, buf);
    return pos + 1;
}

LexType
Lexer::get()
{
    if (token_.type == LexType::ERROR && pos_ != 0) {
        /* Lexing stops at an error: it stays the current token, so the
         * parser reports it rather than whatever follows. */
        return token_.type;
    }
    size_t next = lex_one(pos_, token_);
    /* The token starts after any white space and comments. */
    LexToken scratch;
    size_t s = skip_space(input_, pos_, scratch);
    start_ = s == input_.npos ? pos_ : s;
    pos_ = next;
    return token_.type;
}

LexType
Lexer::lookahead() const
{
    if (token_.type == LexType::ERROR || token_.type == LexType::END) {
        return token_.type;
    }
    LexToken t;
    lex_one(pos_, t);
    return t.type;
}

bool
Lexer::match(LexType type)
{
    if (token_.type == type) {
        get();
        return true;
    }
    return false;
}

bool
Lexer::is_id(std::string_view id) const noexcept
{
    return token_.type == LexType::ID && token_.s == id;
}

bool
Lexer::match_id(std::string_view id)
{
    if (is_id(id)) {
        get();
        return true;
    }
    return false;
}

bool
Lexer::force_match(LexType type)
{
    if (match(type)) {
        return true;
    }
    syntax_error(std::string("expecting `") + lex_type_to_string(type)
                 + "'");
    return false;
}

bool
Lexer::force_end()
{
    if (token_.type == LexType::END) {
        return true;
    }
    syntax_error("expecting end of input");
    return false;
}

void
Lexer::error(std::string message)
{
    if (error_.empty()) {
        error_ = std::move(message);
    }
}

void
Lexer::syntax_error(std::string_view message)
{
    if (!error_.empty()) {
        return;
    }
    if (token_.type == LexType::ERROR) {
        error_ = token_.s;
        return;
    }
    std::string e = "Syntax error ";
    if (token_.type == LexType::END) {
        e += "at end of input";
    } else {
        /* The token as written (23.03's words), but a template without
         * its '^'. */
        e += "at `" + (token_.type == LexType::TEMPLATE
                       ? token_.to_string()
                       : std::string(input_.substr(start_, pos_ - start_)))
             + "'";
    }
    if (!message.empty()) {
        e += ' ';
        e += message;
    }
    e += '.';
    error_ = std::move(e);
}

std::string
Lexer::take_error() noexcept
{
    std::string e;
    e.swap(error_);
    return e;
}

const char *
lex_type_to_string(LexType type)
{
    switch (type) {
    case LexType::END: return "$";
    case LexType::ID: return "identifier";
    case LexType::STRING: return "string";
    case LexType::INTEGER: return "integer";
    case LexType::MASKED_INTEGER: return "masked integer";
    case LexType::MACRO: return "address set";
    case LexType::PORT_GROUP: return "port group";
    case LexType::TEMPLATE: return "template";
    case LexType::ERROR: return "error";
    case LexType::LPAREN: return "(";
    case LexType::RPAREN: return ")";
    case LexType::LCURLY: return "{";
    case LexType::RCURLY: return "}";
    case LexType::LSQUARE: return "[";
    case LexType::RSQUARE: return "]";
    case LexType::EQ: return "==";
    case LexType::NE: return "!=";
    case LexType::LT: return "<";
    case LexType::LE: return "<=";
    case LexType::GT: return ">";
    case LexType::GE: return ">=";
    case LexType::LOG_NOT: return "!";
    case LexType::LOG_AND: return "&&";
    case LexType::LOG_OR: return "||";
    case LexType::ELLIPSIS: return "..";
    case LexType::COMMA: return ",";
    case LexType::SEMICOLON: return ";";
    case LexType::EQUALS: return "=";
    case LexType::EXCHANGE: return "<->";
    case LexType::DECREMENT: return "--";
    case LexType::COLON: return ":";
    case LexType::HYPHEN: return "-";
    }
    return "?";
}

std::string
lex_format_integer(const mf_subvalue &v, LexFormat format)
{
    char buf[INET6_ADDRSTRLEN];
    switch (format) {
    case LexFormat::DECIMAL:
        if (is_all_zeros(v.u8, 120)) {
            return std::to_string(ntohll(v.be64[15]));
        }
        /* Too wide for decimal: print it in hex. */
        [[fallthrough]];
    case LexFormat::HEXADECIMAL: {
        static const char digits[] = "0123456789abcdef";
        std::string s = "0x";
        size_t i = 0;
        while (i < sizeof v.u8 - 1 && !v.u8[i]) {
            i++;
        }
        if (v.u8[i] >> 4) {
            s += digits[v.u8[i] >> 4];
        }
        s += digits[v.u8[i] & 15];
        for (i++; i < sizeof v.u8; i++) {
            s += digits[v.u8[i] >> 4];
            s += digits[v.u8[i] & 15];
        }
        return s;
    }
    case LexFormat::IPV4:
        inet_ntop(AF_INET, &v.be32[31], buf, sizeof buf);
        return buf;
    case LexFormat::IPV6:
        inet_ntop(AF_INET6, &v.u8[112], buf, sizeof buf);
        return buf;
    case LexFormat::ETHERNET:
        snprintf(buf, sizeof buf, "%02x:%02x:%02x:%02x:%02x:%02x",
                 v.u8[122], v.u8[123], v.u8[124], v.u8[125], v.u8[126],
                 v.u8[127]);
        return buf;
    }
    return "?";
}

std::string
lex_format_masked_integer(const mf_subvalue &value, const mf_subvalue &mask,
                          LexFormat format)
{
    int plen;
    std::string s = lex_format_integer(value, format);
    if ((format == LexFormat::IPV4 && is_cidr(mask, 32, &plen))
        || (format == LexFormat::IPV6 && is_cidr(mask, 128, &plen))) {
        return s + "/" + std::to_string(plen);
    }
    return s + "/" + lex_format_integer(mask, format);
}

void
lex_format_string(std::string_view s, std::string &out)
{
    ovs::json_quote(s, out);
}

std::string
LexToken::to_string() const
{
    std::string out;
    switch (type) {
    case LexType::ID:
        return s;
    case LexType::STRING:
        lex_format_string(s, out);
        return out;
    case LexType::INTEGER:
        return lex_format_integer(value, format);
    case LexType::MASKED_INTEGER:
        return lex_format_masked_integer(value, mask, format);
    case LexType::MACRO:
        return "$" + s;
    case LexType::PORT_GROUP:
        return "@" + s;
    case LexType::TEMPLATE:
        /* As 23.03 prints it in syntax errors. */
        return s;
    case LexType::ERROR:
        out = "error(";
        lex_format_string(s, out);
        return out + ")";
    default:
        return lex_type_to_string(type);
    }
}

std::string
lex_expand_templates(std::string_view s, const TemplateVars &vars,
                     std::set<std::string> *used)
{
    /* Only a '^' starts a template: most texts need no lexing. */
    if (vars.empty() || s.find('^') == s.npos) {
        return std::string(s);
    }
    Lexer lexer(s);
    std::string out;
    size_t copied = 0;
    while (lexer.get() != LexType::END && lexer.type() != LexType::ERROR) {
        if (lexer.type() != LexType::TEMPLATE) {
            continue;
        }
        auto it = vars.find(lexer.token().s);
        if (it == vars.end()) {
            continue;
        }
        out.append(s.substr(copied, lexer.start() - copied));
        out.append(it->second);
        copied = lexer.end();
        if (used) {
            used->insert(it->first);
        }
    }
    out.append(s.substr(copied));
    return out;
}

std::string
lex_dump(std::string_view s)
{
    Lexer lexer(s);
    std::string out;
    while (lexer.get() != LexType::END) {
        if (!out.empty()) {
            out += ' ';
        }
        if (lexer.type() == LexType::TEMPLATE) {
            out += '^';
        }
        out += lexer.token().to_string();
        if (lexer.type() == LexType::ERROR) {
            break;
        }
    }
    return out;
}

}  // namespace ovn
