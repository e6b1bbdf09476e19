#include <config.h>

#include "ovn/lib/bad-row.h"

#include "lib/ovs-internal.h"
#include "openvswitch/vlog.h"

VLOG_DEFINE_THIS_MODULE(bad_row);

COVERAGE_DEFINE(sb_row_skipped);

namespace ovn {

void
report_bad_row(std::string_view table, std::string_view name,
               std::string_view why)
{
    COVERAGE_INC(sb_row_skipped);
    /* A bad row is seen again on every recompute until it is fixed; the
     * limit keeps that from flooding the log. */
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);
    VLOG_WARN_RL(&rl, "%.*s %.*s: %.*s, skipping",
                 static_cast<int>(table.size()), table.data(),
                 static_cast<int>(name.size()), name.data(),
                 static_cast<int>(why.size()), why.data());
}

}  // namespace ovn
