/* ParseError: the one exception type of the parsing boundary.
 *
 * Thrown only where text from outside (a flow, a group, a UUID, a config
 * value) becomes a value type; callers catch it at that boundary, log it
 * rate-limited and skip the input.  It never crosses the poll loop. */
#ifndef LIB_PARSE_ERROR_H
#define LIB_PARSE_ERROR_H 1

#include <stdexcept>
#include <string>
#include <string_view>

namespace ovs {

class ParseError : public std::runtime_error {
public:
    /* 'what' reads "<kind> \"<input>\": <message>", e.g.
     * flow "priority=x,actions=drop": invalid priority. */
    ParseError(std::string_view kind, std::string_view input,
               std::string_view message)
        : std::runtime_error(std::string(kind) + " \"" + std::string(input)
                             + "\": " + std::string(message)),
          input_(input), message_(message) {}

    /* The text that failed to parse. */
    const std::string &input() const noexcept { return input_; }
    /* The parser's own message, without the input. */
    const std::string &message() const noexcept { return message_; }

private:
    std::string input_;
    std::string message_;
};

}  // namespace ovs

#endif  /* lib/parse-error.h */
