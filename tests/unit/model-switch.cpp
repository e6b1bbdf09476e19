#include <config.h>

#include "tests/unit/model-switch.h"

#include "lib/group-mod.h"
#include "lib/match-value.h"
#include "lib/ofp-encode.h"
#include "lib/ofp-text.h"
#include "lib/ofpacts-value.h"
#include "openvswitch/ofp-errors.h"
#include "openvswitch/ofp-flow.h"
#include "openvswitch/ofp-group.h"
#include "openvswitch/ofp-meter.h"
#include "lib/dynamic-string.h"
#include "openvswitch/ofp-msgs.h"
#include "openvswitch/ofp-protocol.h"
#include "lib/ovs-internal.h"

namespace ovn_test {

namespace {

std::string
format_minimatch(const minimatch &m)
{
    ovs::CStringPtr s(minimatch_to_string(&m, nullptr,
                                          OFP_DEFAULT_PRIORITY));
    return s.get();
}

}  // namespace

std::string
canonical_match(const std::string &match_text)
{
    ovs::MiniMatch mm(ovs::parse_match(match_text));
    return format_minimatch(*mm.get());
}

std::string
canonical_actions(const std::string &actions_text)
{
    return ovs::parse_actions(actions_text).to_string();
}

std::string
canonical_group(const std::string &group_text)
{
    /* What the switch would report after an encode/decode round trip
     * (OpenFlow 1.5 gives every bucket an ID, for example). */
    ModelSwitch sw;
    sw.send(ovs::encode_group_add(*ovs::parse_group(group_text), 1),
            ovn::MessageOrigin());
    return sw.groups.count(1) ? sw.groups[1] : "undecodable";
}

void
ModelSwitch::send(ovs::OfpbufPtr msg, const ovn::MessageOrigin &)
{
    const ofp_header *oh = static_cast<const ofp_header *>(msg->data);
    ofptype type;
    if (ofptype_decode(&type, oh)) {
        violations.push_back("undecodable message");
        return;
    }

    if (type == OFPTYPE_FLOW_MOD) {
        ofputil_flow_mod fm;
        uint64_t stub[1024 / 8];
        ofpbuf ofpacts;
        ofpbuf_use_stub(&ofpacts, stub, sizeof stub);
        if (ofputil_decode_flow_mod(&fm, oh, OFPUTIL_P_OF15_OXM, nullptr,
                                    nullptr, &ofpacts, OFPP_MAX, 255)) {
            violations.push_back("undecodable flow_mod");
            ofpbuf_uninit(&ofpacts);
            return;
        }
        FlowKeyText key(fm.table_id, fm.priority, format_minimatch(fm.match));
        std::string actions = ovs::Ofpacts(fm.ofpacts,
                                           fm.ofpacts_len).to_string();
        std::string where = "table=" + std::to_string(fm.table_id)
                            + ",priority=" + std::to_string(fm.priority)
                            + "," + std::get<2>(key);
        last_flow_key = key;
        const uint32_t meter = meter_of(actions);
        if (meter && !meters.count(meter)
            && (fm.command == OFPFC_ADD
                || fm.command == OFPFC_MODIFY_STRICT)) {
            violations.push_back("flow uses absent meter "
                                 + std::to_string(meter));
        }
        switch (fm.command) {
        case OFPFC_ADD:
            flows[key] = ModelFlow{actions, ntohll(fm.new_cookie)};
            log.push_back("flow ADD " + where + " actions=" + actions);
            break;
        case OFPFC_MODIFY_STRICT: {
            auto it = flows.find(key);
            if (it == flows.end()) {
                violations.push_back("MODIFY_STRICT of absent flow "
                                     + where);
            } else {
                it->second.actions = actions;
            }
            log.push_back("flow MODIFY " + where + " actions=" + actions);
            break;
        }
        case OFPFC_DELETE_STRICT:
            if (!flows.erase(key)) {
                violations.push_back("DELETE_STRICT of absent flow "
                                     + where);
            }
            log.push_back("flow DELETE " + where);
            break;
        case OFPFC_DELETE:
            flows.clear();
            log.push_back("flow DELETE all");
            break;
        default:
            violations.push_back("unexpected flow_mod command "
                                 + std::to_string(fm.command));
        }
        minimatch_destroy(&fm.match);
        ofpbuf_uninit(&ofpacts);
    } else if (type == OFPTYPE_GROUP_MOD) {
        ovs::GroupMod group;
        ofputil_group_mod *gm = group.get();
        ofputil_uninit_group_mod(gm);
        if (ofputil_decode_group_mod(oh, gm)) {
            ovs_list_init(&gm->buckets);
            memset(&gm->props, 0, sizeof gm->props);
            violations.push_back("undecodable group_mod");
            return;
        }
        const uint32_t id = gm->group_id;
        if (gm->command == OFPGC11_ADD) {
            if (groups.count(id)) {
                violations.push_back("ADD of group ID already in use: "
                                     + std::to_string(id));
            }
            groups[id] = group.to_string();
            log.push_back("group ADD " + std::to_string(id));
        } else if (gm->command == OFPGC11_DELETE) {
            if (id == OFPG_ALL) {
                groups.clear();
                log.push_back("group DELETE all");
            } else {
                if (!groups.erase(id)) {
                    violations.push_back("DELETE of absent group "
                                         + std::to_string(id));
                }
                log.push_back("group DELETE " + std::to_string(id));
            }
        } else {
            violations.push_back("unexpected group_mod command");
        }
    } else if (type == OFPTYPE_METER_MOD) {
        ofputil_meter_mod mm;
        uint64_t stub[64];
        ofpbuf bands;
        ofpbuf_use_stub(&bands, stub, sizeof stub);
        if (ofputil_decode_meter_mod(oh, &mm, &bands)) {
            violations.push_back("undecodable meter_mod");
            ofpbuf_uninit(&bands);
            return;
        }
        const uint32_t id = mm.meter.meter_id;
        if (mm.command == OFPMC13_ADD) {
            if (meters.count(id)) {
                violations.push_back("ADD of meter ID already in use: "
                                     + std::to_string(id));
            }
            ovs::Ds text;
            ofputil_format_meter_mod(text.get(), &mm);
            meters[id] = text.str();
            log.push_back("meter ADD " + std::to_string(id));
        } else if (mm.command == OFPMC13_DELETE) {
            if (id == OFPM13_ALL) {
                meters.clear();
                log.push_back("meter DELETE all");
            } else {
                if (!meters.erase(id)) {
                    violations.push_back("DELETE of absent meter "
                                         + std::to_string(id));
                }
                /* OVS would take the flows that use it with it. */
                for (const auto &[key, flow] : flows) {
                    if (meter_of(flow.actions) == id) {
                        violations.push_back(
                            "DELETE of meter " + std::to_string(id)
                            + " still used by a flow");
                    }
                }
                log.push_back("meter DELETE " + std::to_string(id));
            }
        } else {
            violations.push_back("unexpected meter_mod command");
        }
        ofpbuf_uninit(&bands);
    } else {
        violations.push_back(std::string("unexpected message type ")
                             + std::to_string(type));
    }
}

uint32_t
ModelSwitch::meter_of(const std::string &actions)
{
    size_t pos = actions.find("meter:");
    return pos == std::string::npos ? 0 : std::stoul(actions.substr(pos + 6));
}

}  // namespace ovn_test
