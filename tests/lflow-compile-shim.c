/* C shim for tests/lflow-compile-driver.cpp.  See lflow-compile-shim.h. */
#include <config.h>

#include "tests/lflow-compile-shim.h"

#include "nx-match.h"
#include "openvswitch/match.h"
#include "openvswitch/ofpbuf.h"

void
lflow_compile_shim_match_round_trip(struct match *m)
{
    struct ofpbuf b;
    struct match decoded;

    ofpbuf_init(&b, 0);
    int len = nx_put_match(&b, m, 0, 0);
    if (!nx_pull_match(&b, len, &decoded, NULL, NULL, false, NULL, NULL)) {
        *m = decoded;
    }
    ofpbuf_uninit(&b);
}
