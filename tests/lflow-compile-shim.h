/* C shim for tests/lflow-compile-driver.cpp: OVS's nx-match.h includes
 * flow.h, which is not valid C++. */
#ifndef TESTS_LFLOW_COMPILE_SHIM_H
#define TESTS_LFLOW_COMPILE_SHIM_H 1

#ifdef __cplusplus
extern "C" {
#endif

struct match;

/* Replaces '*m' by what comes back from encoding it as an NXM match and
 * decoding that: the fields whose prerequisites 'm' lacks are gone, as
 * they are from a flow that reaches the switch.  Leaves 'm' unchanged if
 * that fails. */
void lflow_compile_shim_match_round_trip(struct match *m);

#ifdef __cplusplus
}
#endif

#endif  /* tests/lflow-compile-shim.h */
