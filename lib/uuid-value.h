/* Uuid: a value type over OVS's 'struct uuid' (parse, format, compare,
 * hash).  Anyone may include this. */
#ifndef LIB_UUID_VALUE_H
#define LIB_UUID_VALUE_H 1

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "openvswitch/uuid.h"

namespace ovs {

class Uuid {
public:
    /* The all-zeros UUID. */
    constexpr Uuid() noexcept : uuid_{{0, 0, 0, 0}} {}
    constexpr explicit Uuid(const uuid &u) noexcept : uuid_(u) {}
    constexpr Uuid(uint32_t a, uint32_t b, uint32_t c, uint32_t d) noexcept
        : uuid_{{a, b, c, d}} {}

    /* Parses the 36-character form; throws ParseError on anything else. */
    static Uuid parse(std::string_view text);
    /* As parse(), without throwing. */
    static std::optional<Uuid> from_string(std::string_view text) noexcept;
    /* A fresh random (version 4) UUID. */
    static Uuid generate() noexcept;

    std::string to_string() const;
    uint32_t hash() const noexcept;
    bool is_zero() const noexcept;

    /* The first 32 bits, which ovn-controller uses as a flow cookie. */
    constexpr uint32_t first_word() const noexcept { return uuid_.parts[0]; }

    const uuid &get() const noexcept { return uuid_; }

    /* Orders as uuid_compare_3way() does: word by word, each unsigned.
     * Inline, because ordered containers of UUIDs call it all the time. */
    int compare(const Uuid &o) const noexcept
    {
        for (int i = 0; i < 4; i++) {
            if (uuid_.parts[i] != o.uuid_.parts[i]) {
                return uuid_.parts[i] < o.uuid_.parts[i] ? -1 : 1;
            }
        }
        return 0;
    }
    bool operator==(const Uuid &o) const noexcept
    {
        return uuid_.parts[0] == o.uuid_.parts[0]
               && uuid_.parts[1] == o.uuid_.parts[1]
               && uuid_.parts[2] == o.uuid_.parts[2]
               && uuid_.parts[3] == o.uuid_.parts[3];
    }
    bool operator!=(const Uuid &o) const noexcept { return !(*this == o); }
    bool operator<(const Uuid &o) const noexcept { return compare(o) < 0; }
    bool operator>(const Uuid &o) const noexcept { return compare(o) > 0; }
    bool operator<=(const Uuid &o) const noexcept { return compare(o) <= 0; }
    bool operator>=(const Uuid &o) const noexcept { return compare(o) >= 0; }

private:
    uuid uuid_;
};

}  // namespace ovs

template <>
struct std::hash<ovs::Uuid> {
    size_t operator()(const ovs::Uuid &u) const noexcept { return u.hash(); }
};

#endif  /* lib/uuid-value.h */
