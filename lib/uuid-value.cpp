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
    char buf[UUID_LEN + 1];
    snprintf(buf, sizeof buf, UUID_FMT, UUID_ARGS(&uuid_));
    return buf;
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
