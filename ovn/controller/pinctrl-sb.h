/* What the handlers' Southbound flushes (PinctrlSbFlush, run by the main
 * thread) share: finding our Chassis row, collecting what the rows of a
 * table ask of this chassis, and PinctrlSbGate, which a flush keeps to run
 * only when what it reads changed.  No state of its own. */

#ifndef OVN_CONTROLLER_PINCTRL_SB_H
#define OVN_CONTROLLER_PINCTRL_SB_H 1

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <utility>

#include "ovn/controller/pinctrl-handler.h"
#include "ovn/lib/sb-rows.h"

namespace ovn {

/* Our Chassis row; a null row while our name or the row is not known. */
inline sb::Chassis
pinctrl_sb_chassis(const PinctrlSbContext &sbc)
{
    if (sbc.chassis_row) {
        return sb::Chassis(sbc.chassis_row);
    }
    return sbc.chassis ? sb::Chassis::find_by_name(sbc.indexes, sbc.chassis)
                       : sb::Chassis();
}

/* What a flush last ran on: the change sequence numbers of the Southbound
 * tables it reads (unused ones 0), our Chassis row, a count that the
 * handler bumps (under its mutex) whenever it hands the flush something
 * new, and the context's retry_gen.  A flush whose inputs are those of
 * its last run has nothing to write: it returns at once.  Its own writes
 * coming back move a table's number, and it runs once more, to find the
 * rows as it wrote them.  Main thread only. */
class PinctrlSbGate {
public:
    struct Inputs {
        std::array<unsigned int, 4> seqnos{};
        const void *chassis = nullptr;
        uint64_t handed = 0;
        uint64_t retry_gen = 0;

        bool
        operator==(const Inputs &o) const
        {
            return seqnos == o.seqnos && chassis == o.chassis
                   && handed == o.handed && retry_gen == o.retry_gen;
        }
    };

    /* True, and remembers 'in', if 'in' differs from what the last call
     * that returned true was given (or on the first call). */
    bool
    open(const Inputs &in)
    {
        if (last_ && *last_ == in) {
            return false;
        }
        last_ = in;
        return true;
    }

private:
    std::optional<Inputs> last_;
};

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
