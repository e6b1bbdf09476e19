#include <config.h>

#include "lib/ofp-text.h"

#include <cstdlib>
#include <string>

#include "lib/ovs-internal.h"
#include "lib/c-ptr.h"
#include "openvswitch/ofp-flow.h"
#include "openvswitch/ofp-parse.h"
#include "openvswitch/ofp-protocol.h"

namespace ovs {

namespace {

/* Owns what a successful parse_ofp_str() leaves in 'fm'. */
class ParsedFlowMod {
public:
    ParsedFlowMod() noexcept : fm_{} {}
    ~ParsedFlowMod()
    {
        if (parsed_) {
            minimatch_destroy(&fm_.match);
            free(fm_.ofpacts);
        }
    }
    ParsedFlowMod(const ParsedFlowMod &) = delete;
    ParsedFlowMod &operator=(const ParsedFlowMod &) = delete;

    /* Returns the parser's error, or nullptr. */
    CStringPtr parse(const std::string &text)
    {
        ofputil_protocol usable;
        CStringPtr error(parse_ofp_str(&fm_, OFPFC_ADD, text.c_str(),
                                       nullptr, nullptr, &usable));
        parsed_ = !error;
        return error;
    }
    const ofputil_flow_mod &fm() const noexcept { return fm_; }

private:
    ofputil_flow_mod fm_;
    bool parsed_ = false;
};

}  // namespace

FlowSpec
parse_flow(std::string_view text)
{
    std::string s(text);
    ParsedFlowMod parsed;
    if (CStringPtr error = parsed.parse(s)) {
        throw ParseError("flow", text, error.get());
    }

    const ofputil_flow_mod &fm = parsed.fm();
    FlowSpec spec;
    spec.table_id = fm.table_id == 0xff ? 0 : fm.table_id;
    spec.priority = fm.priority;
    minimatch_expand(&fm.match, spec.match.get());
    spec.actions = Ofpacts(fm.ofpacts, fm.ofpacts_len);
    return spec;
}

Match
parse_match(std::string_view text)
{
    std::string s(text);
    if (s.find("actions") != std::string::npos) {
        throw ParseError("match", text, "actions are not part of a match");
    }
    s += s.empty() ? "actions=drop" : ",actions=drop";

    ParsedFlowMod parsed;
    if (CStringPtr error = parsed.parse(s)) {
        throw ParseError("match", text, error.get());
    }
    const ofputil_flow_mod &fm = parsed.fm();
    if (fm.table_id != 0xff || fm.priority != OFP_DEFAULT_PRIORITY
        || fm.new_cookie != htonll(0)) {
        throw ParseError("match", text,
                         "table, priority and cookie are not part of a match");
    }

    Match m;
    minimatch_expand(&fm.match, m.get());
    return m;
}

Ofpacts
parse_actions(std::string_view text)
{
    std::string s(text);
    uint64_t stub[1024 / 8];
    ofpbuf buf;
    ofpbuf_use_stub(&buf, stub, sizeof stub);

    ofputil_protocol usable = static_cast<ofputil_protocol>(OFPUTIL_P_ANY);
    ofpact_parse_params pp{};
    pp.ofpacts = &buf;
    pp.usable_protocols = &usable;
    CStringPtr error(ofpacts_parse_actions(s.c_str(), &pp));
    if (error) {
        ofpbuf_uninit(&buf);
        throw ParseError("actions", text, error.get());
    }
    Ofpacts actions(buf);
    ofpbuf_uninit(&buf);
    return actions;
}

std::unique_ptr<GroupMod>
parse_group(std::string_view text)
{
    std::string s(text);
    if (s.find("group_id") != std::string::npos) {
        throw ParseError("group", text,
                         "group_id is allocated by ofctrl, not given");
    }
    /* The parser insists on a group_id; any valid one will do, the real
     * one is set when the group is encoded. */
    s = "group_id=1," + s;

    auto group = std::make_unique<GroupMod>();
    ofputil_group_mod *gm = group->get();
    /* parse_ofp_group_mod_str() initializes 'gm' itself. */
    ofputil_uninit_group_mod(gm);
    ofputil_protocol usable;
    CStringPtr error(parse_ofp_group_mod_str(gm, OFPGC11_ADD, s.c_str(),
                                             nullptr, nullptr, &usable));
    if (error) {
        /* Leave 'group' destructible: the parser freed what it built. */
        ovs_list_init(&gm->buckets);
        memset(&gm->props, 0, sizeof gm->props);
        throw ParseError("group", text, error.get());
    }
    return group;
}

}  // namespace ovs
