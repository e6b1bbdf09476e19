/* json-quote: a string quoted as JSON (and as OVN's lexer and 23.03's
 * ACL log lines quote strings), by OVS's json_string_escape().  Anyone
 * may include this. */
#ifndef LIB_JSON_QUOTE_H
#define LIB_JSON_QUOTE_H 1

#include <string>
#include <string_view>

namespace ovs {

/* Appends 's' to 'out' between double quotes, with '"' and '\' escaped,
 * the control characters as \b, \f, \n, \r, \t or \u00XX (a NUL too,
 * though json_string_escape() itself stops at one), and every other byte
 * as it is. */
void json_quote(std::string_view s, std::string &out);
std::string json_quote(std::string_view s);

}  // namespace ovs

#endif  /* lib/json-quote.h */
