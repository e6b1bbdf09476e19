#include <config.h>

#include "lib/ofpacts-value.h"

#include <cstring>

#include "lib/dynamic-string.h"

namespace ovs {

namespace {

/* OVS 3.1's ofpact_put_set_field() leaves the bytes that pad a set_field's
 * value and mask out to 8 bytes uninitialized, while ofpacts_equal() is a
 * memcmp(): two parses of "set_field:0x5->reg15" could compare unequal (and
 * valgrind reports the comparison).  Zeroing that padding in the copy, in
 * nested actions too (ct(exec(...)), clone(...)), makes equality depend only
 * on what the actions say. */
void
zero_set_field_padding(ofpact *ofpacts, size_t len)
{
    ofpact *a;
    OFPACT_FOR_EACH_FLATTENED (a, ofpacts, len) {
        if (a->type != OFPACT_SET_FIELD) {
            continue;
        }
        ofpact_set_field *sf = ofpact_get_SET_FIELD(a);
        const size_t n = sf->field->n_bytes;
        const size_t pad = ROUND_UP(n, OFPACT_ALIGNTO) - n;
        memset(reinterpret_cast<uint8_t *>(sf->value) + n, 0, pad);
        memset(reinterpret_cast<uint8_t *>(ofpact_set_field_mask(sf)) + n, 0,
               pad);
    }
}

}  // namespace

Ofpacts::Ofpacts(const ofpact *ofpacts, size_t len)
    : words_(len ? new uint64_t[(len + 7) / 8] : nullptr), len_(len)
{
    if (len) {
        memcpy(words_.get(), ofpacts, len);
        zero_set_field_padding(reinterpret_cast<ofpact *>(words_.get()),
                               len);
    }
}

Ofpacts &
Ofpacts::operator=(const Ofpacts &o)
{
    if (this != &o) {
        *this = Ofpacts(o);
    }
    return *this;
}

bool
Ofpacts::operator==(const Ofpacts &o) const noexcept
{
    return ofpacts_equal(data(), len_, o.data(), o.len_);
}

std::string
Ofpacts::to_string() const
{
    if (!len_) {
        return "drop";
    }
    Ds s;
    ofpact_format_params fp{};
    fp.s = s.get();
    ofpacts_format(data(), len_, &fp);
    return s.str();
}

}  // namespace ovs
