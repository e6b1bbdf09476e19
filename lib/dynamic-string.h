/* Ds: an OVS 'struct ds' owned by its scope.  Anyone may include this. */
#ifndef LIB_DYNAMIC_STRING_H
#define LIB_DYNAMIC_STRING_H 1

#include <string>
#include <string_view>

#include "openvswitch/compiler.h"
#include "openvswitch/dynamic-string.h"

namespace ovs {

class Ds {
public:
    Ds() noexcept { ds_init(&ds_); }
    ~Ds() { ds_destroy(&ds_); }
    Ds(const Ds &) = delete;
    Ds &operator=(const Ds &) = delete;

    /* For OVS functions that write into a 'struct ds *'. */
    ds *get() noexcept { return &ds_; }

    const char *c_str() noexcept { return ds_cstr(&ds_); }
    std::string_view view() const noexcept
    {
        return std::string_view(ds_.string ? ds_.string : "", ds_.length);
    }
    std::string str() const { return std::string(view()); }
    size_t length() const noexcept { return ds_.length; }
    bool empty() const noexcept { return ds_.length == 0; }

    void clear() noexcept { ds_clear(&ds_); }
    void put(std::string_view s) { ds_put_buffer(&ds_, s.data(), s.size()); }
    void put_format(const char *format, ...) OVS_PRINTF_FORMAT(2, 3);

private:
    ds ds_;
};

}  // namespace ovs

#endif  /* lib/dynamic-string.h */
