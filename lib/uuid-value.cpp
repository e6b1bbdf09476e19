#include <config.h>

#include "lib/uuid-value.h"

#include <string>

#include "lib/parse-error.h"
#include "uuid.h"

namespace ovs {

Uuid
Uuid::parse(std::string_view text)
{
    std::optional<Uuid> u = from_string(text);
    if (!u) {
        throw ParseError("UUID", text, "not a UUID (expected "
                         "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)");
    }
    return *u;
}

std::optional<Uuid>
Uuid::from_string(std::string_view text) noexcept
{
    /* uuid_from_string() needs a terminated string; a UUID is 36 chars. */
    if (text.size() != UUID_LEN) {
        return std::nullopt;
    }
    char buf[UUID_LEN + 1];
    text.copy(buf, UUID_LEN);
    buf[UUID_LEN] = '\0';

    uuid u;
    if (!uuid_from_string(&u, buf)) {
        return std::nullopt;
    }
    return Uuid(u);
}

Uuid
Uuid::generate() noexcept
{
    uuid u;
    uuid_generate(&u);
    return Uuid(u);
}

std::string
Uuid::to_string() const
{
    /* UUID_FMT by hand: snprintf() parses the format every time, and the
     * logical flows' compilation formats a UUID for each one. */
    static const char hex[] = "0123456789abcdef";
    std::string s(UUID_LEN, '-');
    auto put = [&](size_t pos, uint32_t value, int n_digits) {
        for (int i = n_digits - 1; i >= 0; i--) {
            s[pos + i] = hex[value & 0xf];
            value >>= 4;
        }
    };
    put(0, uuid_.parts[0], 8);
    put(9, uuid_.parts[1] >> 16, 4);
    put(14, uuid_.parts[1] & 0xffff, 4);
    put(19, uuid_.parts[2] >> 16, 4);
    put(24, uuid_.parts[2] & 0xffff, 4);
    put(28, uuid_.parts[3], 8);
    return s;
}

uint32_t
Uuid::hash() const noexcept
{
    return uuid_hash(&uuid_);
}

bool
Uuid::is_zero() const noexcept
{
    return uuid_is_zero(&uuid_);
}

}  // namespace ovs
