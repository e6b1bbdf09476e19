/* json-quote: strings quoted as JSON. */
#include <config.h>

#include "lib/json-quote.h"

#include "lib/dynamic-string.h"
#include "openvswitch/json.h"

namespace ovs {

void
json_quote(std::string_view s, std::string &out)
{
    out += '"';
    /* json_string_escape() takes a C string: the part before each NUL
     * goes through it on its own. */
    for (size_t start = 0;;) {
        size_t nul = s.find('\0', start);
        std::string part(s.substr(start, nul == std::string_view::npos
                                         ? std::string_view::npos
                                         : nul - start));
        Ds quoted;
        json_string_escape(part.c_str(), quoted.get());
        std::string_view q = quoted.view();
        out += q.substr(1, q.size() - 2);
        if (nul == std::string_view::npos) {
            break;
        }
        out += "\\u0000";
        start = nul + 1;
    }
    out += '"';
}

std::string
json_quote(std::string_view s)
{
    std::string out;
    json_quote(s, out);
    return out;
}

}  // namespace ovs
