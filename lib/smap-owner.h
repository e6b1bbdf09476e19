/* Smap and Simap: an OVS 'struct smap' (string to string) and 'struct simap'
 * (string to unsigned int) owned by their scope.  Anyone may include
 * this. */
#ifndef LIB_SMAP_OWNER_H
#define LIB_SMAP_OWNER_H 1

#include <string>

#include "simap.h"
#include "smap.h"

namespace ovs {

class Smap {
public:
    Smap() noexcept { smap_init(&map_); }
    ~Smap() { smap_destroy(&map_); }
    Smap(const Smap &) = delete;
    Smap &operator=(const Smap &) = delete;

    void add(const char *key, const std::string &value)
    {
        smap_add(&map_, key, value.c_str());
    }
    smap *get() noexcept { return &map_; }
    const smap *get() const noexcept { return &map_; }

private:
    smap map_;
};

class Simap {
public:
    Simap() noexcept { simap_init(&map_); }
    ~Simap() { simap_destroy(&map_); }
    Simap(const Simap &) = delete;
    Simap &operator=(const Simap &) = delete;

    simap *get() noexcept { return &map_; }
    const simap *get() const noexcept { return &map_; }

private:
    simap map_;
};

}  // namespace ovs

#endif  /* lib/smap-owner.h */
