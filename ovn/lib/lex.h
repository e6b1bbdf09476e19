/* The lexer of OVN's logical flow languages (the Logical_Flow "match" and
 * "actions" columns of ovn-sb(5)), and the template expander that runs
 * before it.
 *
 * A Lexer owns a copy of nothing: it reads the caller's string, which must
 * outlive it, and owns only the current token.  Lexical errors are tokens
 * (LexType::ERROR) and parse errors are kept in the Lexer (first one wins),
 * so no exception is thrown on the hot path.  Both the match parser
 * (ovn/lib/expr.h) and the action parser build on this class.
 *
 * Stable API: the action compiler depends on it; change it additively. */
#ifndef OVN_LIB_LEX_H
#define OVN_LIB_LEX_H 1

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>

#include "openvswitch/meta-flow.h"

namespace ovn {

enum class LexType : uint8_t {
    END,                /* End of input. */

    /* Tokens with a payload. */
    ID,                 /* foo, ip4.src, ct.est (LexToken::s). */
    STRING,             /* "foo" (LexToken::s, unescaped). */
    INTEGER,            /* 12, 0xff, 10.0.0.1, fe80::1, 00:11:22:33:44:55. */
    MASKED_INTEGER,     /* 10.0.0.0/8, 0x10/0x30, fe80::/10. */
    MACRO,              /* $address_set (LexToken::s without the '$'). */
    PORT_GROUP,         /* @port_group (LexToken::s without the '@'). */
    TEMPLATE,           /* ^template_var (LexToken::s without the '^'). */
    ERROR,              /* A lexical error (LexToken::s is the message). */

    /* Punctuation and operators. */
    LPAREN,             /* ( */
    RPAREN,             /* ) */
    LCURLY,             /* { */
    RCURLY,             /* } */
    LSQUARE,            /* [ */
    RSQUARE,            /* ] */
    EQ,                 /* == */
    NE,                 /* != */
    LT,                 /* < */
    LE,                 /* <= */
    GT,                 /* > */
    GE,                 /* >= */
    LOG_NOT,            /* ! */
    LOG_AND,            /* && */
    LOG_OR,             /* || */
    ELLIPSIS,           /* .. */
    COMMA,              /* , */
    SEMICOLON,          /* ; */
    EQUALS,             /* = */
    EXCHANGE,           /* <-> */
    DECREMENT,          /* -- */
    COLON,              /* : */
    HYPHEN,             /* - */
};

/* How an integer was written, so that it is printed back the same way. */
enum class LexFormat : uint8_t {
    DECIMAL,
    HEXADECIMAL,
    IPV4,
    IPV6,
    ETHERNET,
};

struct LexToken {
    LexType type = LexType::END;
    LexFormat format = LexFormat::DECIMAL;   /* INTEGER, MASKED_INTEGER. */
    std::string s;      /* ID, STRING, MACRO, PORT_GROUP, TEMPLATE, ERROR. */

    /* INTEGER and MASKED_INTEGER, right-justified (as mf_subvalue is).  For
     * INTEGER 'mask' is all-ones; a MASKED_INTEGER's value has no 1-bit
     * outside its mask. */
    mf_subvalue value;
    mf_subvalue mask;

    /* The token as the lexer would read it back, e.g. "10.0.0.0/8",
     * "\"a\\\"b\"", "$set1", "error(\"...\")" or "==". */
    std::string to_string() const;
};

/* Formats the integer 'value' (of at most 'width' bits, or of any width if
 * 'width' is 0) in 'format', e.g. "0x1f" or "10.0.0.1". */
std::string lex_format_integer(const mf_subvalue &value, LexFormat format);
/* Formats 'value'/'mask' in 'format': "10.0.0.0/8" for a CIDR IPv4 or IPv6
 * mask, "value/mask" otherwise. */
std::string lex_format_masked_integer(const mf_subvalue &value,
                                      const mf_subvalue &mask,
                                      LexFormat format);
/* Appends 's' quoted as a JSON string (the form the lexer reads). */
void lex_format_string(std::string_view s, std::string &out);

/* The canonical text of a punctuation token type, e.g. "==" for EQ. */
const char *lex_type_to_string(LexType);

class Lexer {
public:
    /* Reads 'input', which must outlive the Lexer.  The first token is read
     * by the first get(). */
    explicit Lexer(std::string_view input) noexcept;

    /* Advances to the next token and returns its type. */
    LexType get();
    /* The type of the token after the current one, without advancing. */
    LexType lookahead() const;

    const LexToken &token() const noexcept { return token_; }
    LexType type() const noexcept { return token_.type; }
    /* Offset in the input of the current token's first byte. */
    size_t start() const noexcept { return start_; }
    /* Offset just past the current token. */
    size_t end() const noexcept { return pos_; }

    /* If the current token is 'type' (or the identifier 'id'), advances
     * and returns true; otherwise returns false. */
    bool match(LexType type);
    bool match_id(std::string_view id);
    /* True if the current token is the identifier 'id'. */
    bool is_id(std::string_view id) const noexcept;

    /* If the current token is 'type', advances and returns true; otherwise
     * records a syntax error "expecting `<type>'" and returns false. */
    bool force_match(LexType type);
    /* As force_match() for the semicolon/end of an action or the end of a
     * match: true at END, otherwise a syntax error. */
    bool force_end();

    /* Errors.  The first error recorded is kept, later ones are ignored, so
     * a parser can give up by returning as soon as has_error().  If the
     * current token is a lexical error, that error is recorded instead of
     * the syntax error. */
    bool has_error() const noexcept { return !error_.empty(); }
    const std::string &error() const noexcept { return error_; }
    /* Records "<message>" verbatim. */
    void error(std::string message);
    /* Records "Syntax error at `<token>' <message>." (or "at end of
     * input"); 'message' may be empty. */
    void syntax_error(std::string_view message);

    /* Takes the error, leaving none. */
    std::string take_error() noexcept;

private:
    size_t lex_one(size_t pos, LexToken &) const;

    std::string_view input_;
    size_t pos_ = 0;            /* Just past the current token. */
    size_t start_ = 0;          /* Start of the current token. */
    LexToken token_;
    std::string error_;
};

/* Template variables (Chassis_Template_Var on this chassis). */
using TemplateVars = std::map<std::string, std::string, std::less<>>;

/* Returns 's' with every ^name that 'vars' defines replaced by its value;
 * everything else, including unknown templates (which the parsers then
 * reject as "Unexpanded template."), is copied verbatim.  The names of the
 * templates found in 'vars' are added to '*used', if nonnull. */
std::string lex_expand_templates(std::string_view s, const TemplateVars &vars,
                                 std::set<std::string> *used = nullptr);

/* Lexes all of 's' and returns the tokens' to_string() joined by spaces,
 * stopping after the first error token (what "test-lflow-compile lex"
 * prints). */
std::string lex_dump(std::string_view s);

}  // namespace ovn

#endif  /* ovn/lib/lex.h */
