/* ModelSwitch: an OfctrlSink that decodes every message of a put and
 * applies it to a tiny in-memory switch, the way ovs-vswitchd would, so
 * tests can check what the switch ends up holding.
 *
 * It is strict where the real switch would be: a MODIFY_STRICT or
 * DELETE_STRICT of a flow it does not hold, an ADD of a group ID it already
 * holds, or a DELETE of a group it does not hold is recorded as a protocol
 * violation; so are a meter ADD of an ID it holds, a meter DELETE of an
 * absent meter or of one a flow still uses, and a flow that uses a meter
 * it does not hold. */
#ifndef TESTS_UNIT_MODEL_SWITCH_H
#define TESTS_UNIT_MODEL_SWITCH_H 1

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "lib/c-ptr.h"
#include "lib/uuid-value.h"
#include "ovn/controller/ofctrl-tables.h"

namespace ovn_test {

/* (table_id, priority, match in ovs-ofctl syntax). */
using FlowKeyText = std::tuple<int, int, std::string>;

struct ModelFlow {
    std::string actions;
    uint64_t cookie;
};

class ModelSwitch : public ovn::OfctrlSink {
public:
    void send(ovs::OfpbufPtr msg,
              const ovn::MessageOrigin &origin) override;

    std::map<FlowKeyText, ModelFlow> flows;
    std::map<uint32_t, std::string> groups;   /* ID -> "type=...,bucket=..." */
    std::map<uint32_t, std::string> meters;   /* ID -> meter_mod text. */
    std::vector<std::string> violations;
    /* The key of the last flow_mod received. */
    std::optional<FlowKeyText> last_flow_key;
    /* Every message, in order, as "flow ADD ..." / "group DELETE 3". */
    std::vector<std::string> log;

    void clear_log() { log.clear(); }

    /* The meter that flow actions 'actions' use ("meter:N"), or 0. */
    static uint32_t meter_of(const std::string &actions);
};

/* The text ModelSwitch stores for a match and for actions, so that tests
 * can build expected keys the same way. */
std::string canonical_match(const std::string &match_text);
std::string canonical_actions(const std::string &actions_text);
std::string canonical_group(const std::string &group_text);

}  // namespace ovn_test

#endif  /* tests/unit/model-switch.h */
