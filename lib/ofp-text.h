/* The parsing boundary: flow, match, actions and group text in ovs-ofctl
 * syntax become value types here, or a ParseError carrying the parser's
 * message.  Nothing is half-built on error.
 *
 * These functions throw; call them only where input enters (a unixctl
 * command, a file, the Southbound database) and catch ParseError there. */
#ifndef LIB_OFP_TEXT_H
#define LIB_OFP_TEXT_H 1

#include <cstdint>
#include <memory>
#include <string_view>

#include "lib/group-mod.h"
#include "lib/match-value.h"
#include "lib/ofpacts-value.h"
#include "lib/parse-error.h"

namespace ovs {

/* One flow as ovs-ofctl add-flow reads it. */
struct FlowSpec {
    uint8_t table_id = 0;
    uint16_t priority = OFP_DEFAULT_PRIORITY;
    Match match;
    Ofpacts actions;
};

/* "table=T,priority=P,MATCH,actions=ACTIONS"; table defaults to 0, priority
 * to 32768. */
FlowSpec parse_flow(std::string_view text);

/* A match alone, e.g. "ip,reg14=0x1,metadata=0x5" ("" matches all).  A
 * table, priority, cookie or actions in the text is an error. */
Match parse_match(std::string_view text);

/* Actions alone, e.g. "set_field:0x1->reg15,resubmit(,37)" or "drop". */
Ofpacts parse_actions(std::string_view text);

/* A group's type and buckets as ovs-ofctl add-group reads them, e.g.
 * "type=select,bucket=actions=output:1,bucket=actions=output:2".  A
 * group_id in the text is an error: group IDs are allocated by ofctrl. */
std::unique_ptr<GroupMod> parse_group(std::string_view text);

}  // namespace ovs

#endif  /* lib/ofp-text.h */
