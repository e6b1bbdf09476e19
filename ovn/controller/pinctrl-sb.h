/* What the handlers' Southbound flushes (PinctrlSbFlush, run by the main
 * thread) share: finding our Chassis row, and collecting what the rows of
 * a table ask of this chassis.  No state of its own. */

#ifndef OVN_CONTROLLER_PINCTRL_SB_H
#define OVN_CONTROLLER_PINCTRL_SB_H 1

#include <map>
#include <utility>

#include "ovn/controller/pinctrl-handler.h"
#include "ovn/lib/sb-rows.h"

namespace ovn {

/* Our Chassis row; a null row while our name or the row is not known. */
inline sb::Chassis
pinctrl_sb_chassis(const PinctrlSbContext &sbc)
{
    return sbc.chassis ? sb::Chassis::find_by_name(sbc.indexes, sbc.chassis)
                       : sb::Chassis();
}

/* What 'config' (sbc, Row, our sb::Chassis -> std::optional<Config>) makes
 * of each row of Row's table, keyed by the row's UUID, rows it gives
 * nothing for left out.  Empty while our Chassis row is unknown: no row
 * concerns a chassis that is not there yet. */
template <typename Row, typename Config, typename MakeConfig>
std::map<ovs::Uuid, Config>
pinctrl_sb_collect(const PinctrlSbContext &sbc, MakeConfig config)
{
    std::map<ovs::Uuid, Config> configs;
    if (const sb::Chassis chassis = pinctrl_sb_chassis(sbc)) {
        for (const Row row : Row::table(sbc.sb)) {
            if (auto c = config(sbc, row, chassis)) {
                configs.emplace(row.uuid(), std::move(*c));
            }
        }
    }
    return configs;
}

}  // namespace ovn

#endif  /* ovn/controller/pinctrl-sb.h */
