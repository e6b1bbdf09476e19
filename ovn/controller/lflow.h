/* lflow: the Southbound's Logical_Flows of this chassis's local datapaths,
 * compiled into br-int's logical pipeline tables (ingress: table 8 +
 * table_id, egress: 42 + table_id), as ovn-controller 23.03 compiles them.
 *
 * For each Logical_Flow and each local datapath it applies to (its
 * logical_datapath, or those of its logical_dp_group):
 *
 *   - Chassis_Template_Var templates of this chassis are expanded in the
 *     match and the actions;
 *   - the actions are parsed (DHCP_Options and DHCPv6_Options give
 *     put_dhcp_opts and put_dhcpv6_opts their codes)
 *     and their prerequisites ANDed into the match;
 *   - the match is parsed with the Address_Sets and Port_Groups (reduced
 *     to the ports related to this chassis), annotated, simplified (with
 *     is_chassis_resident() answered for this chassis), normalized and
 *     turned into OpenFlow matches, ports and multicast groups named by
 *     their tunnel keys on the datapath;
 *   - each match gets the datapath's key in 'metadata'; on a switch, a
 *     match on an input (ingress) or output (egress) port that is not
 *     related to this chassis is left out, and so is the whole flow if
 *     its tags:in_out_port names such a port;
 *   - conjunctive matches get IDs from lflow-conj-ids.h.
 *
 * A match that names a large address set once (lflow.cpp's AS_BULK_MIN
 * values or more, none masked) is compiled with two of its values when
 * its flows follow the set value by value: the other values get one
 * value's flows with their own (lflow-member-flows.h), the same flows as
 * compiling them all.
 *
 * Every flow, group and meter is owned by the Logical_Flow's UUID in
 * ofctrl's LOGICAL table (cookie: the UUID's first 32 bits), so that one
 * Logical_Flow's change replaces only its flows.  The module remembers
 * which Southbound resources (ports, multicast groups, address sets, port
 * groups, templates, meters) each Logical_Flow's compilation looked up,
 * found or not (lflow-refs.h), so that a change of one of them
 * recompiles just the Logical_Flows that named it.
 *
 * A Logical_Flow that does not compile gets no flows: one rate-limited
 * warning names it, its stage and the compiler's message, and the
 * coverage counter lflow_compile_error counts it.
 *
 * Owned by the main loop's engine node lflow_output; it owns its owners'
 * flows in the LOGICAL table and nothing else there (the other producers
 * of logical-table flows own theirs). */
#ifndef OVN_CONTROLLER_LFLOW_H
#define OVN_CONTROLLER_LFLOW_H 1

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "lib/uuid-value.h"
#include "ovn/controller/lflow-conj-ids.h"
#include "ovn/controller/lflow-member-flows.h"
#include "ovn/controller/lflow-refs.h"
#include "ovn/lib/expr.h"
#include "ovn/lib/lex.h"
#include "ovn/lib/ovn-l7.h"
#include "ovn/lib/sb-rows.h"

struct flow;
struct json;
union mf_value;
struct ofpbuf;
struct ovsdb_idl;

namespace ovn {

struct Action;
class Bindings;
class DesiredFlowTable;
class HaPorts;

/* What the switch supports that changes how actions are encoded. */
struct LflowFeatures {
    bool ct_zero_snat = true;
    bool dp_hash_l4_sym = true;
    bool meters = true;
};

/* Everything the compilation reads.  All of it must stay valid while an
 * Lflows function runs. */
struct LflowInput {
    const ovsdb_idl *sb = nullptr;
    const sb::Indexes *ix = nullptr;
    sb::Chassis chassis;
    std::string chassis_name;
    const Bindings *bindings = nullptr;
    /* The local datapaths (local-datapaths.h: the bound ones and those
     * patch ports join to them); null: the bound ones only, as
     * 'bindings' has them (the unit tests). */
    const std::map<ovs::Uuid, sb::DatapathBinding> *local_datapaths
        = nullptr;
    LflowFeatures features;
    /* Which chassisredirect ports are active here (ha-chassis.h), for
     * is_chassis_resident(); null: none is. */
    const HaPorts *ha_ports = nullptr;

    const std::map<ovs::Uuid, sb::DatapathBinding> &datapaths() const;
};

/* What one run or handler did, for tests and the log. */
struct LflowStats {
    /* (Logical_Flow, datapath) pairs compiled (a large address set's
     * whose flows turn out not to follow it compiles twice, see
     * Lflows::compile_dp()). */
    size_t lflows_compiled = 0;
    size_t lflows_removed = 0;
    size_t errors = 0;
    /* (Logical_Flow, datapath) pairs that got or lost only the flows of
     * some addresses of an address set. */
    size_t as_increments = 0;
    /* (Logical_Flow, datapath) pairs that got or lost only the flows of
     * some ports of a port group. */
    size_t pg_increments = 0;
    /* Of those, the pairs whose ports' flows were those of another port
     * of the group with the port's key, without compiling. */
    size_t pg_member_flows = 0;
    /* The same for 'as_increments' and addresses. */
    size_t as_member_flows = 0;
    /* (Logical_Flow, datapath) pairs compiled with two values of a large
     * address set, its other values given the flows of one of them
     * (also in 'lflows_compiled'). */
    size_t as_bulk = 0;
    /* Port_Bindings whose relation to this chassis was looked at again
     * because their datapath became local or stopped being local. */
    size_t ports_related_checked = 0;
    /* (Logical_Flow, datapath) pairs compiled for a datapath that became
     * local, the Logical_Flow keeping its flows on the others (also in
     * 'lflows_compiled'). */
    size_t dp_increments = 0;
    /* (Logical_Flow, datapath) pairs whose flows went, and nothing was
     * compiled, for a datapath that stopped being local or left the
     * Logical_Flow's datapaths, the Logical_Flow keeping its flows on the
     * others. */
    size_t dp_decrements = 0;
};

class Lflows {
public:
    /* 'table' is where the flows go; null: ofctrl's LOGICAL table. */
    explicit Lflows(DesiredFlowTable *table = nullptr) : table_(table) {}
    Lflows(const Lflows &) = delete;
    Lflows &operator=(const Lflows &) = delete;

    /* Replaces all of this module's flows by those 'in' calls for. */
    void run(const LflowInput &in);

    /* The change handlers, for the changes since the last run() or
     * handler, as the Southbound IDL's change tracking (or the bindings)
     * report them.  Each recompiles only the Logical_Flows that the
     * changed rows concern and adds those it recompiled to '*done'.
     * handle_changed_flows() and handle_changed_meters() (which are
     * read from the IDL as they are) skip those already in '*done'; the
     * handlers of the resources this module keeps a copy of (address
     * sets, port groups, ports, templates, bindings) do not: a
     * Logical_Flow compiled earlier in the same engine run, e.g. by the
     * address sets' handler before the port groups' copy was brought up
     * to date, was compiled with the copy as it was.  The caller calls
     * those handlers before handle_changed_flows(), so that a new
     * Logical_Flow is compiled with the resources that came in the same
     * update (compiled before them, it would fail and be warned about).
     * They return false if the change needs run() instead. */

    /* Logical_Flows added, deleted or changed, and Logical_DP_Groups
     * whose datapaths changed.  A Logical_Flow whose datapaths alone
     * changed (its group's, or its group or datapath column) loses its
     * flows on the local ones it left and is compiled on the new ones
     * only; its flows on the others stay. */
    bool handle_changed_flows(const LflowInput &in,
                              std::set<ovs::Uuid> *done);
    /* Address_Sets created, deleted or changed.  When addresses are added
     * to or removed from a set, as 23.03 does it: the Logical_Flows whose
     * flows for the set's values are one flow set per value (the set named
     * once in the match, as "FIELD == $set", its values unmasked, and the
     * same conjunctions whatever their number, as long as there are two
     * or more) only get or lose the flows of those addresses; the others
     * are recompiled. */
    bool handle_changed_address_sets(const LflowInput &in,
                                     std::set<ovs::Uuid> *done);
    /* Port_Groups created, deleted or changed.  When ports join or leave
     * a group (as reduced to the ports related to this chassis), the
     * Logical_Flows whose flows for the group are one flow set per port
     * (the group named once in the match, as "inport == @pg" or "outport
     * == @pg", with two ports or more before and after) only get or lose
     * the flows of those ports; the others are recompiled.  So do the
     * changes of the related ports (handle_changed_ports(),
     * handle_changed_bindings()). */
    bool handle_changed_port_groups(const LflowInput &in,
                                    std::set<ovs::Uuid> *done);
    /* Port_Bindings and Multicast_Groups created, deleted or given
     * another key. */
    bool handle_changed_ports(const LflowInput &in,
                              std::set<ovs::Uuid> *done);
    /* Meters changed. */
    bool handle_changed_meters(const LflowInput &in,
                               std::set<ovs::Uuid> *done);
    /* This chassis's template variables changed. */
    bool handle_changed_templates(const LflowInput &in,
                                  std::set<ovs::Uuid> *done);
    /* The bindings changed: ports bound or released here (which changes
     * which ports are related to this chassis or resident here) and
     * datapaths that became local or stopped being local.  Costs those
     * ports, the ports of those datapaths and their Logical_Flows, not
     * the other local datapaths' or the Southbound's: the Logical_Flows
     * of a datapath that became local are compiled on it alone (those of
     * a datapath group keep their flows on the others); those of one
     * that stopped being local lose their flows there, and nothing is
     * compiled for them. */
    bool handle_changed_bindings(const LflowInput &in,
                                 std::set<ovs::Uuid> *done);

    /* Whether the DHCP_Options in 'in' differ from those compiled with. */
    bool dhcp_options_changed(const LflowInput &in) const;
    /* Whether 'in''s chassis is not the one compiled for. */
    bool chassis_changed(const LflowInput &in) const;

    const LflowStats &stats() const noexcept { return stats_; }
    size_t n_owners() const noexcept { return owners_.size(); }
    const LflowConjIds &conj_ids() const noexcept { return conj_ids_; }
    const LflowRefs &refs() const noexcept { return refs_; }

private:
    DesiredFlowTable &table() const;
    void load_resources(const LflowInput &in);
    void load_related(const LflowInput &in);
    bool is_related(const LflowInput &in, sb::PortBinding pb) const;
    void relate(const ovs::Uuid &pb_uuid, sb::PortBinding pb, bool related,
                std::set<std::string> *changed);
    void update_related(const LflowInput &in,
                        const std::set<std::string> &changed,
                        std::set<ovs::Uuid> *affected);
    void relate_datapath_ports(const LflowInput &in, const ovs::Uuid &dp_uuid,
                               std::set<std::string> *changed);
    std::vector<std::string> local_ports(const std::string &pg_name) const;
    bool set_pg_members(const std::string &pg_name,
                        std::vector<std::string> ports);
    void set_port_group(const LflowInput &in, const std::string &pg_name,
                        std::set<ovs::Uuid> *affected);
    TemplateVars read_templates(const LflowInput &in) const;
    bool is_local(sb::DatapathBinding dp) const;

    /* Some values of an address set, to compile alone: only their flows
     * are added or removed. */
    struct AsDelta {
        std::string name;
        std::vector<ExprConstant> values;
        /* What the parser gets for 'name': 'values' and, if they are
         * fewer than two, one value of the set that does not change
         * (whose flows are left alone), so that the match keeps the
         * shape, and the conjunctions, that it has with the whole set. */
        ExprConstSets sets;
        bool remove;
        /* Ports of port group 'name', not addresses: 'sets' is then what
         * the parser gets for port groups. */
        bool port_group = false;
    };

    /* What compiling a Logical_Flow whole on one datapath found: whether
     * its flows can follow an address set's values one by one (the set's
     * name, or "") or a port group's ports (the group's name in the
     * match and the group found for it, or empty strings); and, for each,
     * whether no other match of the Logical_Flow tests the field its
     * members test, so that no other flow can be equal to one of theirs
     * and a delta needs only its own matches built (expr_to_matches()'s
     * 'only'). */
    struct DpIncremental {
        std::string as;
        bool as_alone = false;
        std::pair<std::string, std::string> pg;
        bool pg_alone = false;
    };

    void consider(const LflowInput &in, sb::LogicalFlow lflow);
    /* Logical_Flows, each with the datapaths of its group to look at:
     * those that just became local, or (none given) all of them. */
    using DatapathsOf
        = std::map<ovs::Uuid, std::vector<sb::DatapathBinding>>;
    void add_datapaths(const LflowInput &in, sb::LogicalFlow lflow,
                       const std::vector<sb::DatapathBinding> *joining
                       = nullptr);
    void add_datapaths(const LflowInput &in, const DatapathsOf &lflows,
                       std::set<ovs::Uuid> *full, bool drop = true);
    void redo_datapaths(
        const LflowInput &in,
        const std::map<ovs::Uuid, std::set<ovs::Uuid>> &lflows,
        std::set<ovs::Uuid> *full);
    void drop_datapaths(sb::LogicalFlow lflow);
    void drop_datapath(const ovs::Uuid &lflow, const ovs::Uuid &dp);
    void remove_dp_flows(const ovs::Uuid &lflow, const ovs::Uuid &dp,
                         int64_t dp_key);
    void uncompile(const ovs::Uuid &lflow);
    bool compiled_on(const ovs::Uuid &lflow, sb::DatapathBinding dp) const;
    /* Why a Logical_Flow's match did not compile. */
    struct CompileError {
        const char *what = nullptr;     /* "match" or "prerequisites". */
        std::string text;               /* The text that failed. */
        std::string message;            /* The compiler's. */
    };
    ExprPtr compile_match(const LflowInput &in, const ovs::Uuid &lflow,
                          const std::string &match_text,
                          const std::vector<std::string> &prereqs,
                          const ExprParseContext &ctx, CompileError *error);
    using PortLookup = std::function<bool(std::string_view name,
                                          uint32_t *key)>;
    ovs::Ofpacts encode_actions(const LflowInput &in, sb::LogicalFlow lflow,
                                bool is_switch,
                                const std::vector<Action> &actions,
                                const PortLookup &lookup_port,
                                uint32_t *ctrl_meter);
    /* consider_dp() of the whole of 'lflow' on 'dp', with 'inc'. */
    void compile_dp(const LflowInput &in, sb::LogicalFlow lflow,
                    sb::DatapathBinding dp, bool *warned,
                    DpIncremental *inc);
    /* 'delta_alone': build only the matches of 'delta''s values (see
     * DpIncremental). */
    bool consider_dp(const LflowInput &in, sb::LogicalFlow lflow,
                     sb::DatapathBinding dp, bool *warned,
                     const AsDelta *delta = nullptr,
                     bool delta_alone = false,
                     DpIncremental *inc = nullptr);
    bool update_addresses(const LflowInput &in, sb::AddressSet as,
                          const std::string &name,
                          std::set<ovs::Uuid> *affected);
    bool apply_as_delta(const LflowInput &in, const ovs::Uuid &lflow,
                        const AsDelta &delta);
    bool apply_pg_delta(const LflowInput &in, const ovs::Uuid &lflow,
                        const AsDelta &delta);
    /* Adds (or removes) the flows of the members of 'lflow''s set whose
     * values are 'values' on 'dp', from 'm'. */
    void apply_member_flows(const ovs::Uuid &lflow, sb::DatapathBinding dp,
                            const MemberFlows &m,
                            const std::vector<mf_value> &values,
                            bool remove);
    /* Adds or removes one flow of 'lflow' on a datapath. */
    void put_flow(const ovs::Uuid &lflow, int64_t dp_key,
                  const DpFlowParams &, const ovs::MatchRef &key,
                  const flow &, const std::vector<ExprConjunction> &,
                  bool remove, ofpbuf *conj_buf);
    /* The key of port (or multicast group) 'name' on 'dp' for 'lflow''s
     * matches and actions, remembered as a reference of 'lflow'. */
    bool port_key(const LflowInput &in, sb::DatapathBinding dp,
                  const ovs::Uuid &lflow, std::string_view name,
                  uint32_t *key);
    void add_template_refs(std::string_view text, const ovs::Uuid &lflow);
    uint32_t meter_id(const LflowInput &in, const ovs::Uuid &lflow,
                      const std::string &name);
    void forget(const ovs::Uuid &lflow);
    /* 'again': also those in '*done' (compiled earlier in this engine
     * run, before the change at hand). */
    void reprocess(const LflowInput &in, const std::set<ovs::Uuid> &lflows,
                   std::set<ovs::Uuid> *done, bool again = false);
    /* Adds to '*lflows' the Logical_Flows of datapath 'dp' and those of
     * the groups that contain it, the latter with 'dp' among their
     * datapaths to look at. */
    void dp_lflows(const LflowInput &in, const ovs::Uuid &dp,
                   DatapathsOf *lflows) const;
    /* The Port_Binding named 'name' (null if none).  Within a compilation
     * pass (PortMemoScope in lflow.cpp: run() and reprocess(), during
     * which the IDL does not change) each name is looked up in the IDL's
     * index once: every Logical_Flow that names a port group looks up
     * all of its ports. */
    sb::PortBinding find_port(const LflowInput &in, std::string_view name);

    DesiredFlowTable *table_;

    /* The resources compiled with: address sets and port groups (reduced
     * to related ports) by name, and their names by row, for rows that
     * are renamed or deleted. */
    ExprConstSets addr_sets_;
    std::map<ovs::Uuid, std::string> as_names_;
    /* Their addresses as the Southbound IDL gave them: its strings, in
     * its order (sorted), each with a reference held, so that those a
     * change keeps are found by pointer (ovn/lib/address-set-shim.h). */
    class HeldAddresses {
    public:
        HeldAddresses() = default;
        explicit HeldAddresses(sb::AddressSet);
        HeldAddresses(HeldAddresses &&) noexcept;
        HeldAddresses &operator=(HeldAddresses &&) noexcept;
        HeldAddresses(const HeldAddresses &) = delete;
        HeldAddresses &operator=(const HeldAddresses &) = delete;
        ~HeldAddresses();

        std::vector<std::string> texts() const;

        std::vector<json *> strings;
        /* No references: the buffer that the next change's read fills,
         * kept so that a change of a large set costs no allocation. */
        std::vector<json *> spare;
    };
    std::map<ovs::Uuid, HeldAddresses> as_addresses_;
    /* The Logical_Flows whose flows can follow their address set value by
     * value (see handle_changed_address_sets()), with the set's name, and
     * whether on each of their datapaths its values' matches are alone
     * in testing its field (DpIncremental). */
    struct AsIncremental {
        std::string name;
        bool alone = true;
    };
    std::unordered_map<ovs::Uuid, AsIncremental> as_incremental_;
    ExprConstSets port_groups_;
    std::map<ovs::Uuid, std::string> pg_names_;
    /* Every port of each port group, related or not (sorted), and the
     * groups of each port, to reduce a group again when the ports related
     * to this chassis change. */
    std::map<std::string, std::vector<std::string>, std::less<>> pg_ports_;
    std::unordered_map<std::string, std::set<std::string>> port_pgs_;
    /* The Logical_Flows whose flows can follow a port group's ports one by
     * one (see handle_changed_port_groups()): the group's name in the
     * match, and the groups it stands for on the local datapaths
     * ("<key>_<name>" or "<name>"). */
    struct PgIncremental {
        std::string name;
        std::set<std::string> groups;
        /* As AsIncremental's. */
        bool alone = true;
    };
    std::unordered_map<ovs::Uuid, PgIncremental> pg_incremental_;
    /* For those whose flows follow their port group's ports (or their
     * address set's addresses) one by one, on each local datapath where
     * the members' flows hold alone: one member's flows. */
    MemberFlowsStore pg_member_flows_;
    MemberFlowsStore as_member_flows_;
    TemplateVars templates_;
    DhcpOptions dhcp_opts_;
    DhcpOptions dhcpv6_opts_;
    ovs::Uuid chassis_;
    /* The logical ports related to this chassis: by name, and as
     * (datapath key, port key); and by Port_Binding, with what they were
     * recorded as, so that one can be taken out when its row is gone. */
    std::unordered_set<std::string> related_names_;
    std::set<std::pair<int64_t, int64_t>> related_keys_;
    struct RelatedPort {
        std::string name;
        std::pair<int64_t, int64_t> key;
        bool has_key;
    };
    std::unordered_map<ovs::Uuid, RelatedPort> related_pbs_;
    std::set<ovs::Uuid> local_dps_;

    /* find_port()'s answers while a compilation pass runs, and how many
     * passes are running (nested); empty outside them. */
    std::unordered_map<std::string, sb::PortBinding> port_memo_;
    int port_memo_depth_ = 0;
    class PortMemoScope;

    LflowConjIds conj_ids_;
    LflowRefs refs_;
    /* Every Logical_Flow this module has given flows (or tried to). */
    std::unordered_set<ovs::Uuid> owners_;
    /* The local datapaths each of them is compiled on (none: no entry),
     * so that a datapath that becomes local, or joins a Logical_Flow's
     * datapath group, only adds the flows for that datapath. */
    std::unordered_map<ovs::Uuid, std::set<ovs::Uuid>> lflow_dps_;
    /* The other way: the Logical_Flows compiled on each datapath, and the
     * key they were compiled with (their flows' metadata), so that a
     * datapath that stops being local, or whose row is gone, takes just
     * their flows on it away. */
    struct CompiledDp {
        int64_t key = 0;
        std::unordered_set<ovs::Uuid> lflows;
    };
    std::unordered_map<ovs::Uuid, CompiledDp> dp_compiled_;
    LflowStats stats_;
};

}  // namespace ovn

#endif  /* ovn/controller/lflow.h */
