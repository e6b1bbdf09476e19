/* The addresses of a Southbound Address_Set as the IDL holds them, for
 * following a large set's changes address by address without reading it
 * whole (ovn/controller/lflow.cpp).
 *
 * The IDL keeps each address as a reference-counted JSON string, and a
 * change of some addresses of a set leaves the others' strings where they
 * are.  A caller that holds a reference to each string it has seen
 * (json_clone(), released with json_destroy()) can then tell which
 * addresses a change kept by comparing pointers, without reading the
 * strings: a string it holds is never freed, so its address is never
 * reused for another one.
 *
 * C because it needs the generated ovn/lib/ovn-sb-idl.h, which is not
 * valid C++.  Owns nothing. */
#ifndef OVN_LIB_ADDRESS_SET_SHIM_H
#define OVN_LIB_ADDRESS_SET_SHIM_H 1

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

struct json;
struct sbrec_address_set;

/* Returns the number of addresses of 'as' and stores the first 'n_out' of
 * them in 'out' (which may be null if 'n_out' is 0), in the database's
 * order (sorted by their text), without taking references.  The pointers
 * are valid until the next IDL run, unless the caller takes a reference. */
size_t as_shim_addresses(const struct sbrec_address_set *as,
                         struct json **out, size_t n_out);

#ifdef __cplusplus
}
#endif

#endif  /* ovn/lib/address-set-shim.h */
