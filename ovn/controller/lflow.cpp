#include <config.h>

#include "ovn/controller/lflow.h"

#include <algorithm>
#include <cstring>
#include <type_traits>
#include <utility>

#include "lib/ovs-internal.h"
#include "openvswitch/json.h"
#include "openvswitch/ofp-actions.h"
#include "openvswitch/ofpbuf.h"
#include "openvswitch/vlog.h"
#include "ovn/controller/binding.h"
#include "ovn/controller/ha-chassis.h"
#include "ovn/controller/ofctrl.h"
#include "ovn/lib/actions.h"
#include "ovn/lib/address-set-shim.h"
#include "ovn/lib/logical-fields.h"

VLOG_DEFINE_THIS_MODULE(lflow);

COVERAGE_DEFINE(lflow_run);
COVERAGE_DEFINE(lflow_dp_decrement);
COVERAGE_DEFINE(lflow_compile);
COVERAGE_DEFINE(lflow_compile_error);
COVERAGE_DEFINE(lflow_as_increment);
COVERAGE_DEFINE(lflow_pg_increment);
COVERAGE_DEFINE(lflow_pg_member_flows);
COVERAGE_DEFINE(lflow_as_member_flows);
COVERAGE_DEFINE(lflow_delta_alone);
COVERAGE_DEFINE(lflow_as_bulk);

namespace ovn {

namespace {

struct vlog_rate_limit compile_rl = VLOG_RATE_LIMIT_INIT(5, 5);

/* The ports that are related to a chassis without being bound to it: they
 * join datapaths (patch, vtep: on every datapath, as 23.03 has it), or
 * are on every chassis that has their datapath (localport, localnet). */
bool
related_everywhere(std::string_view type)
{
    return type == "patch" || type == "vtep";
}

bool
related_on_local_dp(std::string_view type)
{
    return type == "localport" || type == "localnet";
}

/* Port types that are related where they are bound (Port_Binding.chassis),
 * besides the VIFs of the bindings. */
bool
related_where_bound(std::string_view type)
{
    return type == "l2gateway" || type == "l3gateway"
           || type == "chassisredirect" || type == "external"
           || type == "virtual";
}

/* A Southbound meter as ovs-ofctl meter text without its ID, as 23.03's
 * ofctrl installs it: statistics always, burst if a band has one. */
std::string
meter_text(sb::Meter m)
{
    bool burst = false;
    std::string bands;
    for (sb::MeterBand b : m.bands()) {
        bands += bands.empty() ? "" : " ";
        bands += "type=drop rate=" + std::to_string(b.rate());
        if (b.burst_size()) {
            burst = true;
            bands += " burst_size=" + std::to_string(b.burst_size());
        }
    }
    return std::string(m.unit() == "pktps" ? "pktps" : "kbps")
           + (burst ? " burst" : "") + " stats bands=" + bands;
}

void
add_conjunction(ofpbuf *buf, const ExprConjunction &c, uint32_t offset)
{
    ofpact_conjunction *conj = ofpact_put_CONJUNCTION(buf);
    conj->id = c.id + offset;
    conj->clause = c.clause;
    conj->n_clauses = c.n_clauses;
}

/* Whether 'c' can continue a set's name. */
bool
is_name_char(char c)
{
    return isalnum((unsigned char) c) || c == '_' || c == '.';
}

/* How many times "$NAME" (or SIGIL and NAME) appears in 'text' as a whole
 * name. */
size_t
count_as_refs(std::string_view text, const std::string &name,
              char sigil = '$')
{
    size_t n = 0;
    const std::string ref = sigil + name;
    for (size_t i = text.find(ref); i != text.npos;
         i = text.find(ref, i + 1)) {
        size_t end = i + ref.size();
        if (end >= text.size() || !is_name_char(text[end])) {
            n++;
        }
    }
    return n;
}

/* Counts in '*n' the ORs of normalized 'e' that address set 'name'
 * produced; false if one of them lacks values of the set, which has
 * 'n_values'. */
bool
count_as_nodes(const Expr &e, const std::string &name, size_t n_values,
               size_t *n)
{
    if (e.type == ExprType::OR && e.as_name == name) {
        ++*n;
        return e.subs.size() == n_values;
    }
    for (const ExprPtr &sub : e.subs) {
        if (!count_as_nodes(*sub, name, n_values, n)) {
            return false;
        }
    }
    return true;
}

/* The address set whose values the flows of a Logical_Flow can follow one
 * by one (handle_changed_address_sets()), or "": 'e' is the normalized
 * match, which names only that set, once, as "FIELD == $NAME", and whose
 * collected matches each came from one value of it, if they came from
 * any.  The set has two values or more (one is a CMP, not an OR), none of
 * them masked (the normalizer may merge prefixes). */
std::string
incremental_as(const Expr &e, std::string_view match_text,
               const std::set<std::string> &as_refs,
               const ExprConstSets &addr_sets)
{
    if (as_refs.size() != 1) {
        return "";
    }
    const std::string &name = *as_refs.begin();
    auto it = addr_sets.find(name);
    if (it == addr_sets.end() || it->second.values.size() < 2
        || count_as_refs(match_text, name) != 1) {
        return "";
    }
    for (const ExprConstant &c : it->second.values) {
        if (c.masked) {
            return "";
        }
    }
    size_t n = 0;
    if (!count_as_nodes(e, name, it->second.values.size(), &n) || !n) {
        return "";
    }
    return name;
}

/* The port group whose ports the flows of a Logical_Flow on the datapath
 * with key 'dp_key' can follow one by one (handle_changed_port_groups()):
 * its name in the match and the group found for it ("<key>_<name>" or
 * "<name>"), or empty strings.  'e' is the normalized match, which names
 * only that group, once, and keeps the group's OR whole; the group has
 * two ports or more (one is a CMP, not an OR). */
std::pair<std::string, std::string>
incremental_pg(const Expr &e, std::string_view match_text,
               const std::set<std::string> &pg_refs,
               const ExprConstSets &port_groups, uint32_t dp_key)
{
    /* 'pg_refs' has both names tried for each @NAME. */
    const std::string prefix = std::to_string(dp_key) + "_";
    std::string name;
    for (const std::string &r : pg_refs) {
        if (!r.compare(0, prefix.size(), prefix)
            && pg_refs.count(r.substr(prefix.size()))) {
            continue;
        }
        if (!name.empty()) {
            return {};
        }
        name = r;
    }
    if (name.empty() || count_as_refs(match_text, name, '@') != 1) {
        return {};
    }
    auto it = port_groups.find(prefix + name);
    if (it == port_groups.end()) {
        it = port_groups.find(name);
    }
    if (it == port_groups.end() || it->second.values.size() < 2) {
        return {};
    }
    size_t n = 0;
    if (!count_as_nodes(e, "@" + it->first, it->second.values.size(), &n)
        || !n) {
        return {};
    }
    return { name, it->first };
}

/* Whether 'text' (a match or actions) may name port 'name': as a quoted
 * string, or so it seems, for a name that would be escaped there. */
bool
names_port(std::string_view text, std::string_view name)
{
    if (name.find_first_of("\"\\") != std::string_view::npos) {
        return true;
    }
    for (size_t pos = text.find(name); pos != std::string_view::npos;
         pos = text.find(name, pos + 1)) {
        if (pos > 0 && text[pos - 1] == '"'
            && pos + name.size() < text.size()
            && text[pos + name.size()] == '"') {
            return true;
        }
    }
    return false;
}

/* Whether 'wc' matches all of 'field' exactly. */
bool
is_exact_field(const mf_field *field, const flow_wildcards *wc)
{
    union mf_value mask;
    mf_get_mask(field, wc, &mask);
    return is_all_ones(&mask, field->n_bytes);
}

/* 'bits' (an ExprBits, whose last bytes are the lowest) as the value of
 * 'field', if it has no bit beyond the field. */
bool
bits_to_field_value(const ExprBits &bits, const mf_field *field,
                    mf_value *value)
{
    const size_t n = field->n_bytes;
    if (n > sizeof bits.u8 || field->n_bits != n * 8
        || !is_all_zeros(bits.u8, sizeof bits.u8 - n)) {
        return false;
    }
    memset(value, 0, sizeof *value);
    memcpy(value, &bits.u8[sizeof bits.u8 - n], n);
    return true;
}

/* The value that equality 'cmp' gives all of 'field' in a match, if it
 * tests all of it. */
bool
cmp_field_value(const Expr &cmp, const mf_field *field, mf_value *value)
{
    mf_value mask;
    return (cmp.type == ExprType::CMP && cmp.relop == ExprRelop::EQ
            && cmp.string.empty()
            && bits_to_field_value(cmp.mask, field, &mask)
            && is_all_ones(&mask, field->n_bytes)
            && bits_to_field_value(cmp.value, field, value));
}

/* Gathers, as a Logical_Flow's matches go by, the flows of the first
 * member of a set (a port of a port group, an address of an address set)
 * to come by, for lflow-member-flows.h: each must test all of the set's
 * field.  'other' is the other set's field (or null). */
class MemberCapture {
public:
    MemberCapture(const mf_field *field, const mf_field *other)
        : field_(field), other_(other), ok_(field != nullptr) {}

    /* 'm' comes from one member of the set. */
    void
    add(const ExprMatch &m)
    {
        if (!ok_) {
            return;
        }
        if (!first) {
            first = m.as_cmp;
        } else if (m.as_cmp->string != first->string
                   || !(m.as_cmp->value == first->value)
                   || !(m.as_cmp->mask == first->mask)) {
            return;
        }
        const flow_wildcards *wc = &m.match.get()->wc;
        if (!is_exact_field(field_, wc)) {
            ok_ = false;
            return;
        }
        if (other_ && !mf_is_all_wild(other_, wc)) {
            flows_.tests_other = true;
        }
        flows_.flows.push_back({ ovs::MiniMatch(m.match), m.conjunctions });
    }

    /* The flows gathered, if each has 'value' (the first member's) in the
     * field; else null. */
    MemberFlows *
    take(const mf_value &value)
    {
        if (!ok_ || flows_.flows.empty()) {
            return nullptr;
        }
        for (const MemberFlows::Flow &f : flows_.flows) {
            mf_value v;
            mf_get_value(field_, &f.match.expand().get()->flow, &v);
            if (memcmp(&v, &value, field_->n_bytes)) {
                return nullptr;
            }
        }
        flows_.field = field_;
        return &flows_;
    }

    /* The first member's comparison. */
    const Expr *first = nullptr;

private:
    const mf_field *field_;
    const mf_field *other_;
    bool ok_;
    MemberFlows flows_;
};

/* Whether 'm' comes from one port of a port group (a string CMP), which
 * is then in 'delta'. */
bool
is_pg_member(const ExprMatch &m)
{
    return m.as_cmp && m.as_cmp->symbol && m.as_cmp->symbol->is_string();
}

bool
same_constant(const ExprConstant &a, const ExprConstant &b)
{
    return a.value == b.value && a.masked == b.masked
           && (!a.masked || a.mask == b.mask);
}

/* An address set of this many values or more, named once in a
 * Logical_Flow's match, is compiled with two of its values and gives the
 * others the flows of one of them (Lflows::compile_dp()). */
constexpr size_t AS_BULK_MIN = 16;

/* The name of the one address set that 'match' names, if it names one,
 * once; else "". */
std::string_view
only_as_ref(std::string_view match)
{
    const size_t at = match.find('$');
    if (at == match.npos || match.find('$', at + 1) != match.npos) {
        return {};
    }
    size_t end = at + 1;
    while (end < match.size() && is_name_char(match[end])) {
        end++;
    }
    return match.substr(at + 1, end - at - 1);
}

/* The position of a value equal to 'c' in 'cs' (sorted by value), or
 * cs.values.end(). */
std::vector<ExprConstant>::iterator
find_constant(ExprConstSet &cs, const ExprConstant &c)
{
    auto it = std::lower_bound(cs.values.begin(), cs.values.end(), c,
                               [](const ExprConstant &a,
                                  const ExprConstant &b) {
                                   return a.value < b.value;
                               });
    for (; it != cs.values.end() && it->value == c.value; ++it) {
        if (same_constant(*it, c)) {
            return it;
        }
    }
    return cs.values.end();
}

}  // namespace

DesiredFlowTable &
Lflows::table() const
{
    return table_ ? *table_ : ofctrl_flow_table(FlowProducer::LOGICAL);
}

const std::map<ovs::Uuid, sb::DatapathBinding> &
LflowInput::datapaths() const
{
    return local_datapaths ? *local_datapaths : bindings->local_datapaths();
}

bool
Lflows::is_local(sb::DatapathBinding dp) const
{
    return dp && local_dps_.count(dp.uuid());
}

/* Whether 'pb' is related to this chassis: bound here, or of a type that
 * is related without being bound. */
bool
Lflows::is_related(const LflowInput &in, sb::PortBinding pb) const
{
    if (!pb || pb.is_deleted()) {
        return false;
    }
    std::string_view type = pb.type();
    return in.bindings->find(std::string(pb.logical_port()))
           || related_everywhere(type)
           || (related_on_local_dp(type) && is_local(pb.datapath()))
           || (related_where_bound(type) && in.chassis
               && pb.chassis() == in.chassis);
}

/* Records whether Port_Binding 'pb_uuid' ('pb', which may be null if
 * 'related' is false) is related, adding to '*changed' the names whose
 * relation or key that changes. */
void
Lflows::relate(const ovs::Uuid &pb_uuid, sb::PortBinding pb, bool related,
               std::set<std::string> *changed)
{
    RelatedPort now;
    if (related) {
        now.name = std::string(pb.logical_port());
        const sb::DatapathBinding dp = pb.datapath();
        now.has_key = bool(dp);
        now.key = dp ? std::make_pair(dp.tunnel_key(), pb.tunnel_key())
                     : std::make_pair(int64_t(0), int64_t(0));
    }
    auto it = related_pbs_.find(pb_uuid);
    if (it != related_pbs_.end()) {
        const RelatedPort &old = it->second;
        if (related && old.name == now.name && old.has_key == now.has_key
            && old.key == now.key) {
            return;
        }
        related_names_.erase(old.name);
        if (old.has_key) {
            related_keys_.erase(old.key);
        }
        changed->insert(old.name);
        related_pbs_.erase(it);
    }
    if (related) {
        related_names_.insert(now.name);
        if (now.has_key) {
            related_keys_.insert(now.key);
        }
        changed->insert(now.name);
        related_pbs_.emplace(pb_uuid, std::move(now));
    }
}

void
Lflows::load_related(const LflowInput &in)
{
    related_names_.clear();
    related_keys_.clear();
    related_pbs_.clear();
    local_dps_.clear();
    for (const auto &[uuid, dp] : in.datapaths()) {
        local_dps_.insert(uuid);
    }
    std::set<std::string> changed;
    for (sb::PortBinding pb : sb::PortBinding::table(in.sb)) {
        if (is_related(in, pb)) {
            relate(pb.uuid(), pb, true, &changed);
        }
    }
}

/* The ports of port group 'pg_name' that are related to this chassis,
 * sorted. */
std::vector<std::string>
Lflows::local_ports(const std::string &pg_name) const
{
    std::vector<std::string> names;
    auto it = pg_ports_.find(pg_name);
    if (it != pg_ports_.end()) {
        for (const std::string &port : it->second) {
            if (related_names_.count(port)) {
                names.push_back(port);
            }
        }
    }
    return names;
}

/* Records that port group 'pg_name' has 'ports' (none: it is gone).
 * Only the ports that join or leave the group change 'port_pgs_': a
 * change of one port of a large group costs that port.  Returns whether
 * one of those is related to this chassis, i.e. whether the group's
 * related ports (local_ports()) changed. */
bool
Lflows::set_pg_members(const std::string &pg_name,
                       std::vector<std::string> ports)
{
    /* The IDL gives a set's strings in order. */
    if (!std::is_sorted(ports.begin(), ports.end())) {
        std::sort(ports.begin(), ports.end());
    }
    auto it = pg_ports_.find(pg_name);
    const std::vector<std::string> none;
    const std::vector<std::string> &old = it != pg_ports_.end() ? it->second
                                                                : none;
    bool related = false;
    auto o = old.begin();
    auto n = ports.begin();
    while (o != old.end() || n != ports.end()) {
        if (n == ports.end() || (o != old.end() && *o < *n)) {
            related = related || related_names_.count(*o);
            auto p = port_pgs_.find(*o);
            if (p != port_pgs_.end()) {
                p->second.erase(pg_name);
                if (p->second.empty()) {
                    port_pgs_.erase(p);
                }
            }
            ++o;
        } else if (o == old.end() || *n < *o) {
            related = related || related_names_.count(*n);
            port_pgs_[*n].insert(pg_name);
            ++n;
        } else {
            ++o;
            ++n;
        }
    }
    if (ports.empty()) {
        if (it != pg_ports_.end()) {
            pg_ports_.erase(it);
        }
    } else if (it != pg_ports_.end()) {
        it->second = std::move(ports);
    } else {
        pg_ports_.emplace(pg_name, std::move(ports));
    }
    return related;
}

TemplateVars
Lflows::read_templates(const LflowInput &in) const
{
    TemplateVars vars;
    if (in.chassis_name.empty()) {
        return vars;
    }
    for (sb::ChassisTemplateVar tv : sb::ChassisTemplateVar::all_by_chassis(
             in.ix, in.chassis_name.c_str())) {
        for (const auto &[name, value] : tv.variables()) {
            vars.emplace(name, value);
        }
    }
    return vars;
}

namespace {

/* The options of a DHCP_Options or DHCPv6_Options table, by name; rows
 * whose type the compiler does not know are left out. */
template <typename Row>
DhcpOptions
read_options(const ovsdb_idl *sb)
{
    DhcpOptions opts;
    for (Row row : Row::table(sb)) {
        DhcpOption o;
        o.name = std::string(row.name());
        o.code = row.code();
        if (dhcp_opt_type_from_string(row.type(), &o.type)) {
            opts.emplace(o.name, o);
        }
    }
    return opts;
}

bool
same_options(const DhcpOptions &a, const DhcpOptions &b)
{
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [](const auto &x, const auto &y) {
                          return x.first == y.first
                                 && x.second.code == y.second.code
                                 && x.second.type == y.second.type;
                      });
}

/* Gives the action parser the DHCPv6 options, if it takes them. */
template <typename Params, typename = void>
struct TakesDhcpv6Options : std::false_type {};
template <typename Params>
struct TakesDhcpv6Options<
    Params, std::void_t<decltype(std::declval<Params &>().dhcpv6_opts)>>
    : std::true_type {};

template <typename Params>
void
set_dhcpv6_options(Params &pp, const DhcpOptions *opts)
{
    if constexpr (TakesDhcpv6Options<Params>::value) {
        pp.dhcpv6_opts = opts;
    } else {
        (void) pp;
        (void) opts;
    }
}

}  // namespace

bool
Lflows::dhcp_options_changed(const LflowInput &in) const
{
    return !same_options(read_options<sb::DhcpOptions>(in.sb), dhcp_opts_)
           || !same_options(read_options<sb::Dhcpv6Options>(in.sb),
                            dhcpv6_opts_);
}

void
Lflows::load_resources(const LflowInput &in)
{
    load_related(in);
    addr_sets_.clear();
    as_names_.clear();
    as_addresses_.clear();
    for (sb::AddressSet as : sb::AddressSet::table(in.sb)) {
        HeldAddresses held(as);
        addr_sets_[std::string(as.name())]
            = ExprConstSet::from_addresses(held.texts());
        as_names_[as.uuid()] = std::string(as.name());
        as_addresses_[as.uuid()] = std::move(held);
    }
    port_groups_.clear();
    pg_names_.clear();
    pg_ports_.clear();
    port_pgs_.clear();
    for (sb::PortGroup pg : sb::PortGroup::table(in.sb)) {
        std::string name(pg.name());
        set_pg_members(name, std::vector<std::string>(pg.ports().begin(),
                                                      pg.ports().end()));
        port_groups_[name] = ExprConstSet::from_names(local_ports(name));
        pg_names_[pg.uuid()] = name;
    }
    templates_ = read_templates(in);
    dhcp_opts_ = read_options<sb::DhcpOptions>(in.sb);
    dhcpv6_opts_ = read_options<sb::Dhcpv6Options>(in.sb);
    chassis_ = in.chassis ? in.chassis.uuid() : ovs::Uuid();
}

/* Records that 'lflow' depends on every template ^NAME in 'text'. */
void
Lflows::add_template_refs(std::string_view text, const ovs::Uuid &lflow)
{
    for (size_t i = text.find('^'); i != text.npos;
         i = text.find('^', i + 1)) {
        size_t end = i + 1;
        while (end < text.size()
               && (isalnum((unsigned char) text[end]) || text[end] == '_'
                   || text[end] == '.')) {
            end++;
        }
        if (end > i + 1) {
            refs_.add(LflowRefType::TEMPLATE, text.substr(i + 1, end - i - 1),
                      lflow);
        }
    }
}

/* The meter named 'name' for 'lflow': a meter of the lflow's own
 * (set_meter's "__string: uuid <lflow> <text>") or a Southbound Meter.
 * 0 if there is none. */
uint32_t
Lflows::meter_id(const LflowInput &in, const ovs::Uuid &lflow,
                 const std::string &name)
{
    static const std::string own = "__string: uuid ";
    std::string text;
    if (!name.compare(0, own.size(), own)) {
        size_t space = name.find(' ', own.size());
        if (space == std::string::npos) {
            return 0;
        }
        text = name.substr(space + 1);
    } else {
        refs_.add(LflowRefType::METER, name, lflow);
        sb::Meter m = sb::Meter::find_by_name(in.ix, name.c_str());
        if (!m) {
            return 0;
        }
        text = meter_text(m);
    }
    std::string error;
    std::optional<uint32_t> id = table().add_meter(lflow, text, &error,
                                                   name);
    if (!id) {
        VLOG_WARN_RL(&compile_rl, "Logical_Flow %s: meter %s: %s",
                     lflow.to_string().c_str(), name.c_str(), error.c_str());
        return 0;
    }
    return *id;
}

bool
Lflows::port_key(const LflowInput &in, sb::DatapathBinding dp,
                 const ovs::Uuid &lflow, std::string_view name,
                 uint32_t *key)
{
    /* "none" is no port at all, as in 'outport == "none"'. */
    if (name == "none") {
        *key = 0;
        return true;
    }
    refs_.add(LflowRefType::PORT_BINDING, name, lflow);
    const sb::PortBinding pb = find_port(in, name);
    if (pb && pb.datapath() == dp) {
        /* A multicast group of that name would not change the answer; the
         * port's change recompiles the flow. */
        *key = pb.tunnel_key();
        return true;
    }
    const std::string n(name);
    refs_.add(LflowRefType::MC_GROUP,
              std::to_string(dp.tunnel_key()) + "_" + n, lflow);
    const sb::MulticastGroup mc
        = sb::MulticastGroup::find_by_datapath_name(in.ix, dp, n.c_str());
    if (mc) {
        *key = mc.tunnel_key();
        return true;
    }
    return false;
}

/* 'lflow''s match on the datapath of 'ctx' (which names the sets to use
 * and receives the names of those the match refers to), with the
 * prerequisites of its actions, simplified for this chassis.  Records the
 * sets and the ports it refers to as references of 'lflow'.  On error,
 * returns null with '*error' set. */
ExprPtr
Lflows::compile_match(const LflowInput &in, const ovs::Uuid &uuid,
                      const std::string &match_text,
                      const std::vector<std::string> &prereqs,
                      const ExprParseContext &ctx, CompileError *error)
{
    auto fail = [&](const char *what, std::string_view text) {
        error->what = what;
        error->text = text;
        return nullptr;
    };
    ExprPtr e = expr_parse_string(match_text, ctx, &error->message);
    for (const std::string &name : *ctx.addr_sets_ref) {
        refs_.add(LflowRefType::ADDRESS_SET, name, uuid);
    }
    for (const std::string &name : *ctx.port_groups_ref) {
        refs_.add(LflowRefType::PORT_GROUP, name, uuid);
    }
    if (!e) {
        return fail("match", match_text);
    }
    if (!prereqs.empty()) {
        std::string text = actions_prereqs_format(prereqs);
        ExprPtr p = expr_parse_string(text, ctx, &error->message);
        if (!p) {
            return fail("prerequisites", text);
        }
        e = Expr::create_andor(ExprType::AND, std::move(e), std::move(p));
    }
    e = expr_annotate(std::move(e), Symtab::ovn(), &error->message);
    if (!e) {
        return fail("match", match_text);
    }
    e = expr_simplify(std::move(e), [&](std::string_view port) {
        refs_.add(LflowRefType::PORT_BINDING, port, uuid);
        refs_.add(LflowRefType::PORT_HERE, port, uuid);
        const sb::PortBinding pb = find_port(in, port);
        if (!pb || !in.chassis) {
            return false;
        }
        /* A gateway port is resident where its HA group makes it active,
         * whoever holds it in the Southbound for now. */
        if (pb.type() == "chassisredirect") {
            return in.ha_ports && in.ha_ports->is_active(pb);
        }
        if (pb.chassis() == in.chassis) {
            return true;
        }
        for (sb::Chassis ch : pb.additional_chassis()) {
            if (ch == in.chassis) {
                return true;
            }
        }
        return false;
    });
    return expr_normalize(std::move(e));
}

/* 'lflow''s 'actions' encoded for a datapath (a switch or not), which
 * 'lookup_port' gives the ports of; its controller meter, if it has one,
 * in '*ctrl_meter'. */
ovs::Ofpacts
Lflows::encode_actions(const LflowInput &in, sb::LogicalFlow lflow,
                       bool is_switch, const std::vector<Action> &actions,
                       const PortLookup &lookup_port, uint32_t *ctrl_meter)
{
    const ovs::Uuid uuid = lflow.uuid();
    *ctrl_meter = 0;
    ActionEncodeParams ep;
    ep.is_switch = is_switch;
    ep.output_ptable = (lflow.pipeline() == "ingress"
                        ? OFTABLE_OUTPUT_LARGE_PKT_DETECT
                        : OFTABLE_SAVE_INPORT);
    ep.ct_zero_snat = in.features.ct_zero_snat;
    ep.dp_hash_l4_sym = in.features.dp_hash_l4_sym;
    ep.lflow_uuid = uuid.to_string();
    ep.lookup_port = lookup_port;
    ep.group_id = [&](const std::string &spec) -> uint32_t {
        std::string gerror;
        std::optional<uint32_t> id = table().add_group(uuid, spec, &gerror);
        if (!id) {
            VLOG_WARN_RL(&compile_rl, "Logical_Flow %s: group: %s",
                         uuid.to_string().c_str(), gerror.c_str());
            return 0;
        }
        return *id;
    };
    ep.meter_id = [&](const std::string &name) {
        return meter_id(in, uuid, name);
    };
    if (std::optional<std::string_view> cm = lflow.controller_meter()) {
        if (in.features.meters) {
            *ctrl_meter = meter_id(in, uuid, std::string(*cm));
        }
    }
    ep.ctrl_meter_id = *ctrl_meter ? *ctrl_meter : NX_CTLR_NO_METER;
    return actions_encode(actions, ep);
}

/* consider_dp() of the whole of 'lflow' on 'dp'.  When its match names a
 * large address set (AS_BULK_MIN) once, and its flows follow the set's
 * values one by one, parsing and normalizing every value is most of the
 * work: the match is compiled with the set's first two values only, and
 * the other values get the flows of one of them with their own value
 * (lflow-member-flows.h), as an address added later does.  Anything else
 * compiles with the whole set. */
void
Lflows::compile_dp(const LflowInput &in, sb::LogicalFlow lflow,
                   sb::DatapathBinding dp, bool *warned, DpIncremental *inc)
{
    const std::string_view name = only_as_ref(lflow.match());
    auto set = name.empty() ? addr_sets_.end() : addr_sets_.find(name);
    if (set == addr_sets_.end()
        || set->second.values.size() < AS_BULK_MIN) {
        consider_dp(in, lflow, dp, warned, nullptr, false, inc);
        return;
    }

    /* The values in order, once each (the set is sorted), all like the
     * first (unmasked, in the same format): the whole set's flows are then
     * those of each value alone. */
    std::vector<ExprConstant> &values = set->second.values;
    std::vector<ExprConstant> two;
    std::vector<const ExprConstant *> rest;
    for (size_t i = 0; i < values.size(); i++) {
        const ExprConstant &c = values[i];
        if (c.masked || c.format != values[0].format) {
            consider_dp(in, lflow, dp, warned, nullptr, false, inc);
            return;
        }
        if (i && c.value == values[i - 1].value) {
            continue;
        }
        if (two.size() < 2) {
            two.push_back(c);
        } else {
            rest.push_back(&c);
        }
    }

    /* The compilation sees the first two values as the set.  (Swapping
     * keeps the others where 'rest' points.) */
    bool ok;
    {
        struct Restore {
            std::vector<ExprConstant> &set, whole;
            ~Restore() { set.swap(whole); }
        } restore{values, {}};
        restore.whole.swap(values);
        values = std::move(two);
        ok = consider_dp(in, lflow, dp, warned, nullptr, false, inc);
    }
    if (!ok) {
        /* Two of the values fail as the whole set does. */
        return;
    }

    const ovs::Uuid uuid = lflow.uuid();
    const MemberFlows *m = nullptr;
    if (!rest.empty() && inc->as == name && inc->as_alone) {
        m = as_member_flows_.find(uuid, dp.uuid());
    }
    for (size_t i = 0; m && i < rest.size(); i++) {
        mf_value v;
        if (!bits_to_field_value(rest[i]->value, m->field, &v)) {
            m = nullptr;
        }
    }
    if (!m) {
        /* Again, with the whole set. */
        remove_dp_flows(uuid, dp.uuid(), dp.tunnel_key());
        *inc = DpIncremental();
        consider_dp(in, lflow, dp, warned, nullptr, false, inc);
        return;
    }
    COVERAGE_INC(lflow_as_bulk);
    stats_.as_bulk++;
    /* A few at a time: a field value is 128 bytes. */
    std::vector<mf_value> chunk;
    for (size_t i = 0; i < rest.size(); i += chunk.size()) {
        chunk.resize(std::min(rest.size() - i, size_t(256)));
        for (size_t j = 0; j < chunk.size(); j++) {
            bits_to_field_value(rest[i + j]->value, m->field, &chunk[j]);
        }
        apply_member_flows(uuid, dp, *m, chunk, false);
    }
    /* The flows kept for a port of a group that test the set's field hold
     * only the two values. */
    pg_member_flows_.erase_testing_other(uuid);
}

/* Compiles 'lflow' for local datapath 'dp' into the LOGICAL table.
 * Returns false on a compilation error, which it has logged if '*warned'
 * was false. */
bool
Lflows::consider_dp(const LflowInput &in, sb::LogicalFlow lflow,
                    sb::DatapathBinding dp, bool *warned,
                    const AsDelta *delta, bool delta_alone,
                    DpIncremental *inc)
{
    if (delta && delta->port_group) {
        COVERAGE_INC(lflow_pg_increment);
        stats_.pg_increments++;
    } else if (delta) {
        COVERAGE_INC(lflow_as_increment);
        stats_.as_increments++;
    } else {
        COVERAGE_INC(lflow_compile);
        stats_.lflows_compiled++;
    }

    const ovs::Uuid uuid = lflow.uuid();
    const int64_t dp_key = dp.tunnel_key();
    const bool ingress = lflow.pipeline() == "ingress";
    const bool is_switch = dp.external_ids().contains("logical-switch");
    const int64_t table_id = lflow.table_id();

    /* Flows for one logical port only, if it is related to this chassis. */
    if (const char *io_port = lflow.tags().get("in_out_port")) {
        refs_.add(LflowRefType::PORT_BINDING, io_port, uuid);
        refs_.add(LflowRefType::PORT_HERE, io_port, uuid);
        sb::PortBinding pb = find_port(in, io_port);
        if (!pb || !related_keys_.count({dp_key, pb.tunnel_key()})) {
            return true;
        }
    }

    auto fail = [&](const char *what, std::string_view text,
                    const std::string &error) {
        COVERAGE_INC(lflow_compile_error);
        stats_.errors++;
        if (!*warned) {
            *warned = true;
            std::string t(text);
            VLOG_WARN_RL(&compile_rl, "Logical_Flow %s (%s table "
                         "%" PRId64 "): error parsing %s \"%s\": %s",
                         uuid.to_string().c_str(),
                         std::string(lflow.pipeline()).c_str(), table_id,
                         what, t.c_str(), error.c_str());
        }
        return false;
    };

    /* Templates, defined or not: one that appears later changes the
     * flow too. */
    add_template_refs(lflow.actions(), uuid);
    add_template_refs(lflow.match(), uuid);
    std::string actions_text = lex_expand_templates(lflow.actions(),
                                                    templates_);
    std::string match_text = lex_expand_templates(lflow.match(),
                                                  templates_);

    /* Actions, whose prerequisites go into the match. */
    ActionParseParams pp;
    pp.ingress = ingress;
    pp.cur_ltable = table_id;
    pp.n_tables = LOG_PIPELINE_LEN;
    pp.dhcp_opts = &dhcp_opts_;
    set_dhcpv6_options(pp, &dhcpv6_opts_);
    ActionsParseResult ar = actions_parse(actions_text, pp);
    if (!ar.ok()) {
        return fail("actions", actions_text, ar.error);
    }

    /* The match. */
    std::set<std::string> as_refs, pg_refs;
    ExprParseContext ctx;
    const bool pg_delta = delta && delta->port_group;
    ctx.addr_sets = delta && !pg_delta ? &delta->sets : &addr_sets_;
    ctx.port_groups = pg_delta ? &delta->sets : &port_groups_;
    ctx.dp_key = dp_key;
    ctx.addr_sets_ref = &as_refs;
    ctx.port_groups_ref = &pg_refs;
    CompileError error;
    ExprPtr e = compile_match(in, uuid, match_text, ar.prereqs, ctx, &error);
    if (!e) {
        return fail(error.what, error.text, error.message);
    }

    /* A port that the texts name changes the flows when it is bound here
     * or released, or becomes related or not (the flows of a port not
     * related are left out, below); one that only a port group gave
     * follows the group (set_port_group()). */
    auto lookup_port = [&](std::string_view name, uint32_t *key) {
        if (names_port(match_text, name) || names_port(actions_text, name)) {
            refs_.add(LflowRefType::PORT_HERE, name, uuid);
        }
        return port_key(in, dp, uuid, name, key);
    };
    DpFlowParams fp;
    fp.ptable = (ingress ? OFTABLE_LOG_INGRESS_PIPELINE
                         : OFTABLE_LOG_EGRESS_PIPELINE) + table_id;
    fp.priority = lflow.priority();
    fp.is_switch = is_switch;
    fp.port_reg = (ingress ? MFF_LOG_INPORT : MFF_LOG_OUTPORT) - MFF_REG0;
    const ExprConstant *sentinel = nullptr;
    if (delta && !pg_delta) {
        const ExprConstSet &cs = delta->sets.at(delta->name);
        if (cs.values.size() > delta->values.size()) {
            for (const ExprConstant &c : cs.values) {
                if (std::none_of(delta->values.begin(), delta->values.end(),
                                 [&](const ExprConstant &d) {
                                     return same_constant(c, d);
                                 })) {
                    sentinel = &c;
                    break;
                }
            }
        }
    }

    /* Conjunction IDs and the actions, on the first match. */
    bool prepared = false;
    bool ok = true;
    uint32_t n_conjs = 0;
    auto prepare = [&]() {
        prepared = true;
        if (n_conjs && delta) {
            /* The IDs the whole set got: the same conjunctions or none. */
            uint32_t n = 0;
            uint32_t start = conj_ids_.find(uuid, dp.uuid(), &n);
            if (n != n_conjs) {
                return false;
            }
            fp.conj_offset = start - 1;
        } else if (n_conjs) {
            uint32_t start = conj_ids_.alloc(uuid, dp.uuid(), n_conjs);
            if (!start) {
                VLOG_ERR_RL(&compile_rl, "32-bit conjunction ids "
                            "exhausted!");
                return false;
            }
            fp.conj_offset = start - 1;
        }
        if (delta && delta->remove) {
            return true;
        }

        fp.ofpacts = encode_actions(in, lflow, is_switch, ar.actions,
                                    lookup_port, &fp.ctrl_meter);
        return true;
    };

    /* Whether the flows can follow a set or a group, and the field that
     * its members test, which no other match may test for a delta to be
     * built alone. */
    const mf_field *as_field = nullptr;
    const mf_field *pg_field = nullptr;
    if (inc) {
        inc->as = incremental_as(*e, match_text, as_refs, addr_sets_);
        inc->pg = incremental_pg(*e, match_text, pg_refs, port_groups_,
                                 dp_key);
        if (!inc->as.empty()) {
            as_field = expr_set_field(*e, inc->as);
        }
        if (!inc->pg.first.empty()) {
            pg_field = expr_set_field(*e, "@" + inc->pg.second);
        }
        inc->as_alone = as_field != nullptr;
        inc->pg_alone = pg_field != nullptr;
    }

    /* The flows of the first port of the group and of the first address
     * of the set seen (lflow-member-flows.h), if the flows can follow
     * them. */
    MemberCapture pg_capture(pg_field, as_field);
    MemberCapture as_capture(as_field, pg_field);

    ofpbuf conj_buf;
    ofpbuf_init(&conj_buf, 64);
    size_t n_as_matches = 0;
    auto emit = [&](ExprMatch &m) {
        const bool pg_member = is_pg_member(m);
        n_as_matches += m.as_cmp && !pg_member;
        if (as_field && inc->as_alone && !(m.as_cmp && !pg_member)
            && !mf_is_all_wild(as_field, &m.match.get()->wc)) {
            inc->as_alone = false;
        }
        if (pg_field && inc->pg_alone && !pg_member
            && !mf_is_all_wild(pg_field, &m.match.get()->wc)) {
            inc->pg_alone = false;
        }
        if (!prepared) {
            ok = prepare();
        }
        if (!ok) {
            return;
        }
        /* A delta touches only the flows of its own values (or ports). */
        if (pg_delta) {
            if (!pg_member
                || std::none_of(delta->values.begin(), delta->values.end(),
                                [&](const ExprConstant &c) {
                                    return c.string == m.as_cmp->string;
                                })) {
                return;
            }
        } else if (delta && (!m.as_cmp || pg_member
                             || (sentinel
                                 && expr_cmp_is_constant(*m.as_cmp,
                                                         *sentinel)))) {
            return;
        }
        /* The converter's compressed match (which has the datapath's
         * metadata, from 'base') is this one, unless its conjunction ID
         * moves. */
        match *mm = m.match.get();
        bool moved = false;
        if (fp.conj_offset && mm->wc.masks.conj_id) {
            mm->flow.conj_id += fp.conj_offset;
            moved = true;
        }
        const ovs::MatchRef key
            = moved ? ovs::MatchRef(m.match)
                    : ovs::MatchRef(*m.compressed, m.compressed_hash);
        if (pg_member) {
            pg_capture.add(m);
        } else if (m.as_cmp) {
            as_capture.add(m);
        }
        put_flow(uuid, dp_key, fp, key, mm->flow, m.conjunctions,
                 delta && delta->remove, &conj_buf);
    };
    std::string only;
    if (delta && delta_alone) {
        COVERAGE_INC(lflow_delta_alone);
        only = pg_delta ? "@" + delta->name : delta->name;
    }
    ovs::Match base;
    match_set_metadata(base.get(), htonll(dp_key));
    expr_to_matches(*e, lookup_port, &n_conjs, emit, only, &base);
    ofpbuf_uninit(&conj_buf);

    if (inc && !ok) {
        *inc = DpIncremental();
    } else if (inc && !n_as_matches) {
        /* The collector did not see the set's values as such.  (The
         * other flows do not depend on them: the conjunction's own, the
         * other clauses', the other disjuncts'.) */
        inc->as.clear();
        inc->as_alone = false;
    }
    if (inc) {
        auto keep = [&](MemberFlowsStore &store, MemberFlows *m) {
            if (m) {
                m->params = fp;
                store.set(uuid, dp.uuid(), std::move(*m));
            } else {
                store.erase(uuid, dp.uuid());
            }
        };
        union mf_value value;
        memset(&value, 0, sizeof value);
        uint32_t port;
        MemberFlows *m = nullptr;
        if (ok && inc->pg_alone && pg_capture.first && pg_field->n_bytes == 4
            && port_key(in, dp, uuid, pg_capture.first->string, &port)) {
            value.be32 = htonl(port);
            m = pg_capture.take(value);
        }
        keep(pg_member_flows_, m);
        m = nullptr;
        if (ok && inc->as_alone && as_capture.first
            && cmp_field_value(*as_capture.first, as_field, &value)) {
            m = as_capture.take(value);
        }
        keep(as_member_flows_, m);
    }
    return ok || !delta;
}

void
Lflows::apply_member_flows(const ovs::Uuid &lflow, sb::DatapathBinding dp,
                           const MemberFlows &m,
                           const std::vector<mf_value> &values, bool remove)
{
    const int64_t dp_key = dp.tunnel_key();
    ofpbuf conj_buf;
    ofpbuf_init(&conj_buf, 64);
    for (const mf_value &value : values) {
        for (const MemberFlows::Flow &f : m.flows) {
            ovs::Match match = f.match.expand();
            mf_set_flow_value(m.field, &value, &match.get()->flow);
            put_flow(lflow, dp_key, m.params, match, match.get()->flow,
                     f.conjunctions, remove, &conj_buf);
        }
    }
    ofpbuf_uninit(&conj_buf);
}

/* Adds to the desired table (or, with 'remove', takes out of it) the flow
 * of 'lflow' on datapath 'dp_key' at 'key', whose fields are in 'f': with
 * 'conjunctions' if it has any, else with the actions.  On a switch, a
 * match on a port not related to this chassis can never see a packet
 * here and is not added.  (A port whose flows go may have stopped being
 * related: they go all the same.) */
void
Lflows::put_flow(const ovs::Uuid &lflow, int64_t dp_key,
                 const DpFlowParams &p, const ovs::MatchRef &key,
                 const flow &f,
                 const std::vector<ExprConjunction> &conjunctions,
                 bool remove, ofpbuf *conj_buf)
{
    if (remove) {
        table().remove_flow(p.ptable, p.priority, key, lflow);
        return;
    }
    if (p.is_switch) {
        uint32_t port = f.regs[p.port_reg];
        if (port && !related_keys_.count({dp_key, port})) {
            return;
        }
    }
    if (conjunctions.empty()) {
        table().add_flow(p.ptable, p.priority, key, p.ofpacts,
                         lflow.first_word(), lflow, p.ctrl_meter);
    } else {
        ofpbuf_clear(conj_buf);
        for (const ExprConjunction &c : conjunctions) {
            add_conjunction(conj_buf, c, p.conj_offset);
        }
        table().add_or_append_conj_flow(p.ptable, p.priority, key,
                                        ovs::Ofpacts(*conj_buf), 0, lflow,
                                        p.ctrl_meter);
    }
}

/* Remembers find_port()'s answers while it lives. */
class Lflows::PortMemoScope {
public:
    explicit PortMemoScope(Lflows &lflows) : lflows_(lflows)
    {
        lflows_.port_memo_depth_++;
    }
    ~PortMemoScope()
    {
        if (!--lflows_.port_memo_depth_) {
            lflows_.port_memo_.clear();
        }
    }
    PortMemoScope(const PortMemoScope &) = delete;
    PortMemoScope &operator=(const PortMemoScope &) = delete;

private:
    Lflows &lflows_;
};

void
Lflows::consider(const LflowInput &in, sb::LogicalFlow lflow)
{
    owners_.insert(lflow.uuid());
    uncompile(lflow.uuid());
    as_incremental_.erase(lflow.uuid());
    pg_incremental_.erase(lflow.uuid());
    add_datapaths(in, lflow);
}

/* Compiles 'lflow' on those of its local datapaths that it has not been
 * compiled on yet (all of them, for one just forgotten), keeping its flows
 * on the others, and what can follow its address set or port group one
 * value at a time if that still holds with the new ones.  For a
 * Logical_Flow of a datapath group, 'joining' (if not null) names the
 * only datapaths of the group that can be new to it: the others are
 * compiled already or not local, and looking at each again would cost,
 * for every Logical_Flow of a group spanning the chassis, as much as the
 * local datapaths. */
void
Lflows::add_datapaths(const LflowInput &in, sb::LogicalFlow lflow,
                      const std::vector<sb::DatapathBinding> *joining)
{
    const ovs::Uuid uuid = lflow.uuid();
    std::set<ovs::Uuid> &dps = lflow_dps_[uuid];
    const bool fresh = dps.empty();
    bool warned = false;
    /* Whether every local datapath's flows can follow an address set's
     * values one by one, and which set. */
    auto as_it = as_incremental_.find(uuid);
    AsIncremental inc;
    if (as_it != as_incremental_.end()) {
        inc = as_it->second;
    }
    bool all_inc = fresh || as_it != as_incremental_.end();
    /* The same for a port group's ports. */
    auto pg_it = pg_incremental_.find(uuid);
    PgIncremental pg_inc;
    if (pg_it != pg_incremental_.end()) {
        pg_inc = pg_it->second;
    }
    bool all_pg_inc = fresh || pg_it != pg_incremental_.end();
    auto one = [&](sb::DatapathBinding dp) {
        if (!is_local(dp) || !dps.insert(dp.uuid()).second) {
            return;
        }
        CompiledDp &c = dp_compiled_[dp.uuid()];
        c.key = dp.tunnel_key();
        c.lflows.insert(uuid);
        DpIncremental dp_inc;
        compile_dp(in, lflow, dp, &warned, &dp_inc);
        if (!fresh) {
            stats_.dp_increments++;
        }
        if (dp_inc.as.empty()
            || (!inc.name.empty() && dp_inc.as != inc.name)) {
            all_inc = false;
        }
        inc.name = dp_inc.as;
        inc.alone = inc.alone && dp_inc.as_alone;
        if (dp_inc.pg.first.empty()
            || (!pg_inc.name.empty() && dp_inc.pg.first != pg_inc.name)) {
            all_pg_inc = false;
        }
        pg_inc.name = dp_inc.pg.first;
        pg_inc.groups.insert(dp_inc.pg.second);
        pg_inc.alone = pg_inc.alone && dp_inc.pg_alone;
    };
    if (sb::DatapathBinding dp = lflow.logical_datapath()) {
        one(dp);
    } else if (joining) {
        for (sb::DatapathBinding dp : *joining) {
            one(dp);
        }
    } else if (sb::LogicalDpGroup g = lflow.logical_dp_group()) {
        for (sb::DatapathBinding dp : g.datapaths()) {
            one(dp);
        }
    }
    if (dps.empty()) {
        lflow_dps_.erase(uuid);
    }
    if (all_inc && !inc.name.empty()) {
        as_incremental_[uuid] = std::move(inc);
    } else {
        as_incremental_.erase(uuid);
    }
    if (all_pg_inc && !pg_inc.name.empty()) {
        pg_incremental_[uuid] = std::move(pg_inc);
    } else {
        pg_incremental_.erase(uuid);
    }
}

bool
Lflows::compiled_on(const ovs::Uuid &lflow, sb::DatapathBinding dp) const
{
    auto it = lflow_dps_.find(lflow);
    return it != lflow_dps_.end() && it->second.count(dp.uuid());
}

/* For each of 'lflows' compiled on some local datapath: drop_datapaths()
 * (unless '!drop': the caller knows that none of their datapaths left
 * them, and saves a look at each) then add_datapaths().  The others, and
 * those that drop_datapaths() left with none, are added to '*full', to
 * compile whole. */
void
Lflows::add_datapaths(const LflowInput &in, const DatapathsOf &lflows,
                      std::set<ovs::Uuid> *full, bool drop)
{
    PortMemoScope memo(*this);
    for (const auto &[u, joining] : lflows) {
        if (full->count(u)) {
            continue;
        }
        sb::LogicalFlow lflow = sb::LogicalFlow::get_for_uuid(in.sb, u);
        if (!lflow || lflow.is_deleted()) {
            continue;
        }
        if (!lflow_dps_.count(u)) {
            full->insert(u);
            continue;
        }
        if (drop) {
            drop_datapaths(lflow);
        }
        if (lflow_dps_.count(u)) {
            add_datapaths(in, lflow, joining.empty() ? nullptr : &joining);
        } else {
            /* It left every datapath it had, and was forgotten: compiled
             * whole on those it has now, if any. */
            full->insert(u);
        }
    }
}

/* Takes 'lflow''s flows away from the datapaths it is compiled on that
 * are no longer local or no longer its own (drop_datapath()). */
void
Lflows::drop_datapaths(sb::LogicalFlow lflow)
{
    auto it = lflow_dps_.find(lflow.uuid());
    if (it == lflow_dps_.end()) {
        return;
    }
    std::vector<ovs::Uuid> now;
    if (sb::DatapathBinding dp = lflow.logical_datapath()) {
        now.push_back(dp.uuid());
    } else if (sb::LogicalDpGroup g = lflow.logical_dp_group()) {
        for (sb::DatapathBinding dp : g.datapaths()) {
            now.push_back(dp.uuid());
        }
    }
    std::sort(now.begin(), now.end());
    std::vector<ovs::Uuid> gone;
    for (const ovs::Uuid &dp : it->second) {
        if (!local_dps_.count(dp)
            || !std::binary_search(now.begin(), now.end(), dp)) {
            gone.push_back(dp);
        }
    }
    for (const ovs::Uuid &dp : gone) {
        drop_datapath(lflow.uuid(), dp);
    }
}

/* Takes the flows of 'lflow' on datapath 'dp' (those whose metadata is
 * its key), and their conjunction IDs, away, without compiling anything:
 * what it compiled to on its other datapaths did not depend on 'dp'.  Its
 * groups and meters stay while it has other datapaths (they are the same
 * on every datapath of a group: named by their contents, and the
 * Logical_Flow's actions are the same); with none left, it is forgotten
 * as a removed one is. */
/* Takes out 'lflow''s flows on datapath 'dp' (whose key is 'dp_key'),
 * with their conjunction IDs and the member flows kept for them. */
void
Lflows::remove_dp_flows(const ovs::Uuid &lflow, const ovs::Uuid &dp,
                        int64_t dp_key)
{
    table().remove_flows_with_metadata(lflow, dp_key);
    conj_ids_.free(lflow, dp);
    pg_member_flows_.erase(lflow, dp);
    as_member_flows_.erase(lflow, dp);
}

void
Lflows::drop_datapath(const ovs::Uuid &lflow, const ovs::Uuid &dp)
{
    auto dps = lflow_dps_.find(lflow);
    auto c = dp_compiled_.find(dp);
    if (dps == lflow_dps_.end() || c == dp_compiled_.end()
        || !dps->second.erase(dp)) {
        return;
    }
    stats_.dp_decrements++;
    COVERAGE_INC(lflow_dp_decrement);
    remove_dp_flows(lflow, dp, c->second.key);
    c->second.lflows.erase(lflow);
    if (c->second.lflows.empty()) {
        dp_compiled_.erase(c);
    }
    if (dps->second.empty()) {
        table().remove_flows(lflow);
        stats_.lflows_removed++;
        forget(lflow);
    }
}

/* Forgets the datapaths 'lflow' is compiled on (its flows are gone, or
 * about to be). */
void
Lflows::uncompile(const ovs::Uuid &lflow)
{
    auto it = lflow_dps_.find(lflow);
    if (it == lflow_dps_.end()) {
        return;
    }
    for (const ovs::Uuid &dp : it->second) {
        auto c = dp_compiled_.find(dp);
        if (c != dp_compiled_.end()) {
            c->second.lflows.erase(lflow);
            if (c->second.lflows.empty()) {
                dp_compiled_.erase(c);
            }
        }
    }
    lflow_dps_.erase(it);
    pg_member_flows_.erase(lflow);
    as_member_flows_.erase(lflow);
}

/* Adds or removes the flows of 'delta''s values to or from those of
 * 'lflow_uuid' on each of its local datapaths.  False if that cannot be
 * done value by value: the Logical_Flow must be recompiled (whatever this
 * did is then undone by its removal). */
bool
Lflows::apply_as_delta(const LflowInput &in, const ovs::Uuid &lflow_uuid,
                       const AsDelta &delta)
{
    sb::LogicalFlow lflow = sb::LogicalFlow::get_for_uuid(in.sb, lflow_uuid);
    if (!lflow || lflow.is_deleted()) {
        return false;
    }
    auto inc = as_incremental_.find(lflow_uuid);
    const bool alone = inc != as_incremental_.end() && inc->second.alone;
    /* Its ports' flows that test the set's field change with it. */
    pg_member_flows_.erase_testing_other(lflow_uuid);
    /* The addresses' values, if each can have another's flows. */
    std::vector<mf_value> values;
    /* Errors were reported when the Logical_Flow was compiled whole. */
    bool warned = true;
    auto one = [&](sb::DatapathBinding dp) {
        if (!compiled_on(lflow_uuid, dp)) {
            return true;
        }
        const MemberFlows *m = alone ? as_member_flows_.find(lflow_uuid,
                                                             dp.uuid())
                                     : nullptr;
        if (m && values.empty()) {
            for (const ExprConstant &c : delta.values) {
                mf_value v;
                if (c.masked || !bits_to_field_value(c.value, m->field, &v)) {
                    values.clear();
                    break;
                }
                values.push_back(v);
            }
        }
        if (m && !values.empty()) {
            COVERAGE_INC(lflow_as_increment);
            COVERAGE_INC(lflow_as_member_flows);
            stats_.as_increments++;
            stats_.as_member_flows++;
            apply_member_flows(lflow_uuid, dp, *m, values, delta.remove);
            return true;
        }
        return consider_dp(in, lflow, dp, &warned, &delta, alone);
    };
    if (sb::DatapathBinding dp = lflow.logical_datapath()) {
        return one(dp);
    } else if (sb::LogicalDpGroup g = lflow.logical_dp_group()) {
        for (sb::DatapathBinding dp : g.datapaths()) {
            if (!one(dp)) {
                return false;
            }
        }
    }
    return true;
}

/* Adds or removes the flows of the ports of port group delta 'delta' to or
 * from those of 'lflow_uuid' on each of its local datapaths where its port
 * group is that one.  False if that cannot be done port by port. */
bool
Lflows::apply_pg_delta(const LflowInput &in, const ovs::Uuid &lflow_uuid,
                       const AsDelta &delta)
{
    sb::LogicalFlow lflow = sb::LogicalFlow::get_for_uuid(in.sb, lflow_uuid);
    auto inc = pg_incremental_.find(lflow_uuid);
    if (!lflow || lflow.is_deleted() || inc == pg_incremental_.end()) {
        return false;
    }
    /* Its addresses' flows that test the group's field change with it. */
    as_member_flows_.erase_testing_other(lflow_uuid);
    const std::string &name = inc->second.name;
    /* The match names "<key>_<name>" on the datapath with that key if the
     * Southbound has that group, else "<name>": a delta of "<key>_<name>"
     * concerns that datapath alone (its key read once, not each
     * datapath's name built). */
    const bool global = delta.name == name;
    std::string key;
    if (!global) {
        if (delta.name.size() <= name.size() + 1
            || delta.name.compare(delta.name.size() - name.size(),
                                  name.size(), name)
            || delta.name[delta.name.size() - name.size() - 1] != '_') {
            return true;
        }
        key = delta.name.substr(0, delta.name.size() - name.size() - 1);
    }
    bool warned = true;
    auto one = [&](sb::DatapathBinding dp) {
        if (global) {
            if (port_groups_.count(std::to_string(dp.tunnel_key()) + "_"
                                   + name)) {
                return true;
            }
        } else if (std::to_string(dp.tunnel_key()) != key) {
            return true;
        }
        if (!compiled_on(lflow_uuid, dp)) {
            return true;
        }
        const MemberFlows *m
            = inc->second.alone ? pg_member_flows_.find(lflow_uuid,
                                                        dp.uuid())
                                : nullptr;
        if (m) {
            COVERAGE_INC(lflow_pg_increment);
            COVERAGE_INC(lflow_pg_member_flows);
            stats_.pg_increments++;
            stats_.pg_member_flows++;
            std::vector<mf_value> keys;
            for (const ExprConstant &c : delta.values) {
                uint32_t key;
                if (port_key(in, dp, lflow_uuid, c.string, &key)) {
                    mf_value v;
                    memset(&v, 0, sizeof v);
                    v.be32 = htonl(key);
                    keys.push_back(v);
                }
            }
            apply_member_flows(lflow_uuid, dp, *m, keys, delta.remove);
            return true;
        }
        return consider_dp(in, lflow, dp, &warned, &delta,
                           inc->second.alone);
    };
    if (sb::DatapathBinding dp = lflow.logical_datapath()) {
        return one(dp);
    } else if (sb::LogicalDpGroup g = lflow.logical_dp_group()) {
        for (sb::DatapathBinding dp : g.datapaths()) {
            if (!one(dp)) {
                return false;
            }
        }
    }
    return true;
}

/* Forgets everything about 'lflow' but its flows. */
void
Lflows::forget(const ovs::Uuid &lflow)
{
    conj_ids_.free(lflow);
    refs_.remove_lflow(lflow);
    owners_.erase(lflow);
    uncompile(lflow);
    as_incremental_.erase(lflow);
    pg_incremental_.erase(lflow);
}

sb::PortBinding
Lflows::find_port(const LflowInput &in, std::string_view name)
{
    if (!port_memo_depth_) {
        return sb::PortBinding::find_by_name(in.ix,
                                             std::string(name).c_str());
    }
    std::string key(name);
    auto it = port_memo_.find(key);
    if (it == port_memo_.end()) {
        sb::PortBinding pb = sb::PortBinding::find_by_name(in.ix,
                                                           key.c_str());
        it = port_memo_.emplace(std::move(key), pb).first;
    }
    return it->second;
}

void
Lflows::run(const LflowInput &in)
{
    COVERAGE_INC(lflow_run);
    PortMemoScope memo(*this);
    for (const ovs::Uuid &owner : owners_) {
        table().remove_flows(owner);
    }
    stats_.lflows_removed += owners_.size();
    owners_.clear();
    lflow_dps_.clear();
    dp_compiled_.clear();
    as_incremental_.clear();
    pg_incremental_.clear();
    pg_member_flows_.clear();
    as_member_flows_.clear();
    conj_ids_.clear();
    refs_.clear();
    load_resources(in);
    for (sb::LogicalFlow lflow : sb::LogicalFlow::table(in.sb)) {
        consider(in, lflow);
    }
}

/* Recompiles 'lflows' and every Logical_Flow that shares a merged
 * conjunction flow with one of them, except those in '*done' (which this
 * adds them to): each is processed at most once per engine run. */
void
Lflows::reprocess(const LflowInput &in, const std::set<ovs::Uuid> &lflows,
                  std::set<ovs::Uuid> *done, bool again)
{
    std::set<ovs::Uuid> todo;
    for (const ovs::Uuid &u : lflows) {
        if (again || !done->count(u)) {
            todo.insert(u);
        }
    }
    if (todo.empty()) {
        return;
    }
    PortMemoScope memo(*this);
    std::set<ovs::Uuid> removed = table().flood_remove_flows(todo);
    stats_.lflows_removed += removed.size();
    for (const ovs::Uuid &u : removed) {
        forget(u);
    }
    for (const ovs::Uuid &u : removed) {
        done->insert(u);
        sb::LogicalFlow lflow = sb::LogicalFlow::get_for_uuid(in.sb, u);
        if (lflow && !lflow.is_deleted()) {
            consider(in, lflow);
        }
    }
}

/* Whether 'lflow''s change, as tracked, is only one of its datapaths. */
static bool
only_datapaths_changed(sb::LogicalFlow lflow)
{
    using Column = sb::LogicalFlow::Column;
    if (lflow.is_new() || lflow.is_deleted()) {
        return false;
    }
    for (Column c : { Column::ACTIONS, Column::CONTROLLER_METER,
                      Column::MATCH, Column::PIPELINE, Column::PRIORITY,
                      Column::TABLE_ID, Column::TAGS }) {
        if (lflow.is_updated(c)) {
            return false;
        }
    }
    return true;
}

bool
Lflows::handle_changed_flows(const LflowInput &in, std::set<ovs::Uuid> *done)
{
    std::set<ovs::Uuid> changed;
    /* Those whose datapaths changed, to compile on the new ones. */
    DatapathsOf extend;
    for (sb::LogicalFlow lflow : sb::LogicalFlow::tracked(in.sb)) {
        if (only_datapaths_changed(lflow)) {
            extend.try_emplace(lflow.uuid());
        } else {
            changed.insert(lflow.uuid());
        }
    }
    /* A datapath group whose datapaths changed changes its flows. */
    for (sb::LogicalDpGroup g : sb::LogicalDpGroup::tracked(in.sb)) {
        if (g.is_deleted()) {
            continue;
        }
        for (sb::LogicalFlow lflow
                 : sb::LogicalFlow::all_by_dp_group(in.ix, g)) {
            if (!changed.count(lflow.uuid())) {
                extend.try_emplace(lflow.uuid());
            }
        }
    }
    /* (Those compiled whole in this engine run are up to date.) */
    for (const ovs::Uuid &u : *done) {
        extend.erase(u);
    }
    add_datapaths(in, extend, &changed);
    reprocess(in, changed, done);
    return true;
}

Lflows::HeldAddresses::HeldAddresses(sb::AddressSet as)
{
    strings.resize(as_shim_addresses(as.get(), nullptr, 0));
    as_shim_addresses(as.get(), strings.data(), strings.size());
    for (json *s : strings) {
        json_clone(s);
    }
}

Lflows::HeldAddresses::HeldAddresses(HeldAddresses &&o) noexcept
    : strings(std::move(o.strings)), spare(std::move(o.spare))
{
    o.strings.clear();
}

Lflows::HeldAddresses &
Lflows::HeldAddresses::operator=(HeldAddresses &&o) noexcept
{
    if (this != &o) {
        for (json *s : strings) {
            json_destroy(s);
        }
        strings = std::move(o.strings);
        spare = std::move(o.spare);
        o.strings.clear();
    }
    return *this;
}

Lflows::HeldAddresses::~HeldAddresses()
{
    for (json *s : strings) {
        json_destroy(s);
    }
}

std::vector<std::string>
Lflows::HeldAddresses::texts() const
{
    std::vector<std::string> t;
    t.reserve(strings.size());
    for (const json *s : strings) {
        t.emplace_back(json_string(s));
    }
    return t;
}

/* Applies the addresses that 'as' (named 'name' before and now) gained
 * and lost to the set compiled with.  The addresses it kept are the
 * strings held from the last read (see HeldAddresses), so that finding
 * the change costs one comparison of pointers per address, without
 * reading them, and everything else is in proportion to the change.  The
 * Logical_Flows that use the set, including those compiled earlier in
 * this engine run (with the set as it was), either get or lose just
 * those addresses' flows or, if they cannot, are added to '*affected'.
 * False if the change cannot be told address by address: the caller then
 * reads the whole set. */
bool
Lflows::update_addresses(const LflowInput &in, sb::AddressSet as,
                         const std::string &name,
                         std::set<ovs::Uuid> *affected)
{
    auto known = as_addresses_.find(as.uuid());
    auto cs_it = addr_sets_.find(name);
    if (known == as_addresses_.end() || cs_it == addr_sets_.end()) {
        return false;
    }
    std::vector<json *> &old = known->second.strings;
    std::vector<json *> &now = known->second.spare;
    now.resize(as_shim_addresses(as.get(), nullptr, 0));
    as_shim_addresses(as.get(), now.data(), now.size());

    /* Both lists are sorted: one merge, which reads only the strings that
     * differ.  An address whose string is new but whose text is not (the
     * IDL read the whole set again) is no change. */
    const size_t max_changes = old.size() / 8 + 16;
    std::vector<json *> added, removed, renewed;
    size_t i = 0, j = 0;
    while (i < old.size() && j < now.size()) {
        if (old[i] == now[j]) {
            i++, j++;
            continue;
        }
        int cmp = strcmp(json_string(old[i]), json_string(now[j]));
        if (cmp < 0) {
            removed.push_back(old[i++]);
        } else if (cmp > 0) {
            added.push_back(now[j++]);
        } else {
            /* Pairs: the string held, the one that replaces it. */
            renewed.push_back(old[i++]);
            renewed.push_back(now[j++]);
        }
        /* A change of a good part of the set is cheaper read whole. */
        if (added.size() + removed.size() > max_changes) {
            return false;
        }
    }
    removed.insert(removed.end(), old.begin() + i, old.end());
    added.insert(added.end(), now.begin() + j, now.end());
    if (added.size() + removed.size() > max_changes) {
        return false;
    }

    /* From now on 'now' is what is held: it takes references to its new
     * strings, and those of the old that it lacks are released once read
     * below. */
    std::vector<json *> release;
    for (size_t k = 0; k < renewed.size(); k += 2) {
        release.push_back(renewed[k]);
        json_clone(renewed[k + 1]);
    }
    for (json *s : added) {
        json_clone(s);
    }
    release.insert(release.end(), removed.begin(), removed.end());
    old.swap(now);
    struct Releaser {
        std::vector<json *> &strings;
        ~Releaser()
        {
            for (json *s : strings) {
                json_destroy(s);
            }
        }
    } releaser{release};
    if (added.empty() && removed.empty()) {
        return true;
    }
    std::vector<std::string> added_texts, removed_texts;
    for (const json *s : added) {
        added_texts.emplace_back(json_string(s));
    }
    for (const json *s : removed) {
        removed_texts.emplace_back(json_string(s));
    }

    /* ...and the values compiled with.  A value that another address
     * still gives (e.g. "10.0.0.1" and "10.0.0.1/32") keeps its flows; a
     * value already there has them. */
    ExprConstSet &cs = cs_it->second;
    const size_t old_size = cs.values.size();
    bool masked = false;
    AsDelta rm, add;
    rm.name = add.name = name;
    rm.remove = true;
    add.remove = false;
    for (ExprConstant &c
             : ExprConstSet::from_addresses(removed_texts).values) {
        masked |= c.masked;
        auto it = find_constant(cs, c);
        if (it != cs.values.end()) {
            cs.values.erase(it);
            if (find_constant(cs, c) == cs.values.end()) {
                rm.values.push_back(std::move(c));
            }
        }
    }
    for (ExprConstant &c
             : ExprConstSet::from_addresses(added_texts).values) {
        masked |= c.masked;
        bool had = find_constant(cs, c) != cs.values.end();
        auto it = std::upper_bound(cs.values.begin(), cs.values.end(), c,
                                   [](const ExprConstant &a,
                                      const ExprConstant &b) {
                                       return a.value < b.value;
                                   });
        cs.values.insert(it, c);
        if (!had) {
            add.values.push_back(std::move(c));
        }
    }

    std::set<ovs::Uuid> lflows;
    refs_.find(LflowRefType::ADDRESS_SET, name, &lflows);
    /* The whole set had and has two values or more: the matches keep
     * their shape. */
    const bool by_value = !masked && old_size >= 2 && cs.values.size() >= 2;
    for (AsDelta *d : { &rm, &add }) {
        ExprConstSet delta_cs;
        delta_cs.values = d->values;
        if (delta_cs.values.size() < 2) {
            /* One value that stays, whose flows are left alone. */
            for (const ExprConstant &c : cs.values) {
                if (std::none_of(d->values.begin(), d->values.end(),
                                 [&](const ExprConstant &v) {
                                     return same_constant(c, v);
                                 })) {
                    delta_cs.values.push_back(c);
                    break;
                }
            }
            std::sort(delta_cs.values.begin(), delta_cs.values.end(),
                      [](const ExprConstant &a, const ExprConstant &b) {
                          return a.value < b.value;
                      });
        }
        d->sets[name] = std::move(delta_cs);
    }
    for (const ovs::Uuid &u : lflows) {
        auto inc = as_incremental_.find(u);
        if (!by_value || inc == as_incremental_.end()
            || inc->second.name != name
            || (!rm.values.empty() && !apply_as_delta(in, u, rm))
            || (!add.values.empty() && !apply_as_delta(in, u, add))) {
            affected->insert(u);
        }
    }
    return true;
}

bool
Lflows::handle_changed_address_sets(const LflowInput &in,
                                    std::set<ovs::Uuid> *done)
{
    std::set<ovs::Uuid> affected;
    for (sb::AddressSet as : sb::AddressSet::tracked(in.sb)) {
        auto old = as_names_.find(as.uuid());
        if (old != as_names_.end() && !as.is_new() && !as.is_deleted()
            && old->second == as.name()
            && update_addresses(in, as, old->second, &affected)) {
            continue;
        }
        if (old != as_names_.end()) {
            refs_.find(LflowRefType::ADDRESS_SET, old->second, &affected);
            addr_sets_.erase(old->second);
            as_names_.erase(old);
            as_addresses_.erase(as.uuid());
        }
        if (!as.is_deleted()) {
            std::string name(as.name());
            HeldAddresses held(as);
            addr_sets_[name] = ExprConstSet::from_addresses(held.texts());
            as_names_[as.uuid()] = name;
            as_addresses_[as.uuid()] = std::move(held);
            refs_.find(LflowRefType::ADDRESS_SET, name, &affected);
        }
    }
    /* A Logical_Flow compiled earlier in this run (a new one, in the same
     * update as its set) was compiled with the sets as they were. */
    reprocess(in, affected, done, true);
    return true;
}

/* Reduces port group 'pg_name' again to the ports related to this chassis.
 * If the group was known and its related ports changed, the Logical_Flows
 * that use it get or lose the flows of those ports or, if they cannot, are
 * added to '*affected', as are all of them for a group not known yet. */
void
Lflows::set_port_group(const LflowInput &in, const std::string &pg_name,
                       std::set<ovs::Uuid> *affected)
{
    std::vector<std::string> now = local_ports(pg_name);
    auto it = port_groups_.find(pg_name);
    if (it == port_groups_.end()) {
        port_groups_[pg_name] = ExprConstSet::from_names(now);
        refs_.find(LflowRefType::PORT_GROUP, pg_name, affected);
        return;
    }
    /* Both sorted: the ports that joined and left, compared in place (most
     * changes of a group change none of its related ports). */
    const std::vector<ExprConstant> &old = it->second.values;
    std::vector<std::string> added, removed;
    auto o = old.begin();
    auto n = now.begin();
    while (o != old.end() || n != now.end()) {
        if (n == now.end() || (o != old.end() && o->string < *n)) {
            removed.push_back((o++)->string);
        } else if (o == old.end() || *n < o->string) {
            added.push_back(*n++);
        } else {
            ++o;
            ++n;
        }
    }
    if (added.empty() && removed.empty()) {
        return;
    }
    const size_t n_old = old.size();
    it->second = ExprConstSet::from_names(now);

    std::set<ovs::Uuid> lflows;
    refs_.find(LflowRefType::PORT_GROUP, pg_name, &lflows);
    /* The group had and has two ports or more: the matches keep their
     * shape. */
    const bool by_port = n_old >= 2 && now.size() >= 2;
    AsDelta rm, add;
    rm.name = add.name = pg_name;
    rm.port_group = add.port_group = true;
    rm.remove = true;
    add.remove = false;
    for (auto [d, ports] : { std::make_pair(&rm, &removed),
                             std::make_pair(&add, &added) }) {
        std::vector<std::string> names = *ports;
        d->values = ExprConstSet::from_names(names).values;
        if (names.size() < 2) {
            /* A port that stays, whose flows are left alone. */
            for (const std::string &port : now) {
                if (!std::binary_search(added.begin(), added.end(), port)) {
                    names.push_back(port);
                    break;
                }
            }
            std::sort(names.begin(), names.end());
        }
        d->sets[pg_name] = ExprConstSet::from_names(names);
    }
    /* Those compiled earlier in this engine run were compiled with the
     * group as it was: the change applies to them too. */
    for (const ovs::Uuid &u : lflows) {
        auto inc = pg_incremental_.find(u);
        if (!by_port || inc == pg_incremental_.end()
            || !inc->second.groups.count(pg_name)
            || (!rm.values.empty() && !apply_pg_delta(in, u, rm))
            || (!add.values.empty() && !apply_pg_delta(in, u, add))) {
            affected->insert(u);
        }
    }
}

bool
Lflows::handle_changed_port_groups(const LflowInput &in,
                                   std::set<ovs::Uuid> *done)
{
    std::set<ovs::Uuid> affected;
    for (sb::PortGroup pg : sb::PortGroup::tracked(in.sb)) {
        auto old = pg_names_.find(pg.uuid());
        std::vector<std::string> ports;
        if (!pg.is_deleted()) {
            ports.assign(pg.ports().begin(), pg.ports().end());
        }
        /* The same group with other ports: only a related port that
         * joins or leaves changes what was compiled. */
        if (old != pg_names_.end() && !pg.is_new() && !pg.is_deleted()
            && old->second == pg.name()) {
            if (set_pg_members(old->second, std::move(ports))) {
                set_port_group(in, old->second, &affected);
            }
            continue;
        }
        if (old != pg_names_.end()) {
            refs_.find(LflowRefType::PORT_GROUP, old->second, &affected);
            port_groups_.erase(old->second);
            set_pg_members(old->second, {});
            pg_names_.erase(old);
        }
        if (!pg.is_deleted()) {
            std::string name(pg.name());
            set_pg_members(name, std::move(ports));
            port_groups_.erase(name);
            set_port_group(in, name, &affected);
            pg_names_[pg.uuid()] = name;
        }
    }
    /* Those compiled earlier in this engine run were compiled without
     * this change. */
    reprocess(in, affected, done, true);
    return true;
}

bool
Lflows::handle_changed_ports(const LflowInput &in, std::set<ovs::Uuid> *done)
{
    std::set<ovs::Uuid> affected;
    std::set<std::string> related_changed;
    for (sb::PortBinding pb : sb::PortBinding::tracked(in.sb)) {
        using Column = sb::PortBinding::Column;
        const bool renamed = pb.is_new() || pb.is_deleted()
                             || pb.is_updated(Column::TUNNEL_KEY)
                             || pb.is_updated(Column::DATAPATH)
                             || pb.is_updated(Column::LOGICAL_PORT);
        if (renamed) {
            refs_.find(LflowRefType::PORT_BINDING, pb.logical_port(),
                       &affected);
        }
        if (renamed || pb.is_updated(Column::TYPE)
            || pb.is_updated(Column::CHASSIS)) {
            relate(pb.uuid(), pb, is_related(in, pb), &related_changed);
        }
    }
    /* A multicast group is named by a Logical_Flow on its own datapath
     * only (the reference carries the datapath's key): the Logical_Flows
     * that name it need compiling again there, not on the other datapaths
     * of their group (a switch's groups come and go with it). */
    std::map<ovs::Uuid, std::set<ovs::Uuid>> mc_affected;
    for (sb::MulticastGroup mc : sb::MulticastGroup::tracked(in.sb)) {
        if (!mc.is_new() && !mc.is_deleted()
            && !mc.is_updated(sb::MulticastGroup::Column::TUNNEL_KEY)) {
            continue;
        }
        const sb::DatapathBinding dp = mc.datapath();
        if (!dp) {
            return false;
        }
        std::set<ovs::Uuid> lflows;
        refs_.find(LflowRefType::MC_GROUP,
                   std::to_string(dp.tunnel_key()) + "_"
                   + std::string(mc.name()), &lflows);
        for (const ovs::Uuid &u : lflows) {
            mc_affected[u].insert(dp.uuid());
        }
    }
    update_related(in, related_changed, &affected);
    redo_datapaths(in, mc_affected, &affected);
    reprocess(in, affected, done, true);
    return true;
}

/* Compiles each Logical_Flow of 'lflows' again on the datapaths given
 * with it (those that are local and its own), keeping its flows on its
 * other datapaths.  Those in '*full', and those compiled on none of its
 * other datapaths, are added to '*full', to compile whole. */
void
Lflows::redo_datapaths(
    const LflowInput &in,
    const std::map<ovs::Uuid, std::set<ovs::Uuid>> &lflows,
    std::set<ovs::Uuid> *full)
{
    PortMemoScope memo(*this);
    for (const auto &[u, dps] : lflows) {
        if (full->count(u)) {
            continue;
        }
        const sb::LogicalFlow lflow = sb::LogicalFlow::get_for_uuid(in.sb,
                                                                    u);
        if (!lflow || lflow.is_deleted()) {
            continue;
        }
        if (!lflow_dps_.count(u)) {
            full->insert(u);
            continue;
        }
        for (const ovs::Uuid &dp : dps) {
            drop_datapath(u, dp);
        }
        if (lflow_dps_.count(u)) {
            add_datapaths(in, lflow);
        } else {
            full->insert(u);
        }
    }
}

/* Adds to '*affected' the Logical_Flows whose flows a change of the
 * relation of the ports in 'changed' changes: those that name one of
 * them, and, through a port group, those that cannot follow its ports one
 * by one (the others get or lose just their flows). */
void
Lflows::update_related(const LflowInput &in,
                       const std::set<std::string> &changed,
                       std::set<ovs::Uuid> *affected)
{
    /* The Logical_Flows that name the ports themselves, whose flows on
     * them are left out or not; those that a port group led to them get
     * or lose those flows alone, through the group. */
    std::set<std::string> pgs;
    for (const std::string &name : changed) {
        refs_.find(LflowRefType::PORT_HERE, name, affected);
        auto it = port_pgs_.find(name);
        if (it != port_pgs_.end()) {
            pgs.insert(it->second.begin(), it->second.end());
        }
    }
    for (const std::string &pg : pgs) {
        set_port_group(in, pg, affected);
    }
}

/* Looks again at whether each port of datapath 'dp_uuid' is related, for
 * a datapath that became local or stopped being local (its localports
 * and localnet ports follow it), adding to '*changed' the names whose
 * relation changed.  A datapath whose row is gone has no ports left: their
 * deletions are handle_changed_ports()'s. */
void
Lflows::relate_datapath_ports(const LflowInput &in, const ovs::Uuid &dp_uuid,
                              std::set<std::string> *changed)
{
    const sb::DatapathBinding dp = sb::DatapathBinding::get_for_uuid(
        in.sb, dp_uuid);
    if (!dp) {
        return;
    }
    for (sb::PortBinding pb : sb::PortBinding::all_by_datapath(in.ix, dp)) {
        stats_.ports_related_checked++;
        relate(pb.uuid(), pb, is_related(in, pb), changed);
    }
}

bool
Lflows::handle_changed_bindings(const LflowInput &in,
                                std::set<ovs::Uuid> *done)
{
    std::set<ovs::Uuid> affected;
    /* The ports bound or released here: the Logical_Flows that name them
     * themselves (PORT_HERE), for is_chassis_resident() of them.  Those
     * that a port group led to them follow the group (update_related()
     * below). */
    for (const ovs::Uuid &pb_uuid : in.bindings->changed_port_bindings()) {
        sb::PortBinding pb = sb::PortBinding::get_for_uuid(in.sb, pb_uuid);
        if (pb) {
            refs_.find(LflowRefType::PORT_HERE, pb.logical_port(),
                       &affected);
        }
    }
    /* The datapaths that became local or stopped being local. */
    const std::map<ovs::Uuid, sb::DatapathBinding> &now = in.datapaths();
    std::vector<ovs::Uuid> moved;
    for (const ovs::Uuid &dp_uuid : local_dps_) {
        if (!now.count(dp_uuid)) {
            moved.push_back(dp_uuid);
        }
    }
    for (const auto &[dp_uuid, dp] : now) {
        if (!local_dps_.count(dp_uuid)) {
            moved.push_back(dp_uuid);
        }
    }
    for (const ovs::Uuid &dp_uuid : moved) {
        if (!local_dps_.erase(dp_uuid)) {
            local_dps_.insert(dp_uuid);
        }
    }
    /* Which ports are related: those bound or released, and those of the
     * datapaths that moved; no other port's relation changed. */
    std::set<std::string> changed;
    for (const ovs::Uuid &pb_uuid : in.bindings->changed_port_bindings()) {
        sb::PortBinding pb = sb::PortBinding::get_for_uuid(in.sb, pb_uuid);
        relate(pb_uuid, pb, is_related(in, pb), &changed);
    }
    for (const ovs::Uuid &dp_uuid : moved) {
        relate_datapath_ports(in, dp_uuid, &changed);
    }
    update_related(in, changed, &affected);
    /* The gateway ports that became active or standby here. */
    if (in.ha_ports) {
        for (const std::string &lport : in.ha_ports->changed_lports()) {
            refs_.find(LflowRefType::PORT_BINDING, lport, &affected);
        }
    }
    /* The Logical_Flows of the datapaths that stopped being local lose
     * their flows there and keep the others, compiling nothing (those
     * to recompile whole anyway are left to that).  Those of the
     * datapaths that became local get their flows there, keeping those
     * they have on the others (add_datapaths()), with nothing more to
     * drop: the datapaths that left are dropped here, and a Logical_Flow
     * or group that changed its datapaths is handle_changed_flows()'s,
     * whichever runs first.  (Looking again at every datapath of a group
     * that spans the chassis, for each of its Logical_Flows, grew with
     * the local datapaths: only those that joined are looked at.) */
    DatapathsOf extend;
    for (const ovs::Uuid &dp_uuid : moved) {
        if (local_dps_.count(dp_uuid)) {
            dp_lflows(in, dp_uuid, &extend);
            continue;
        }
        auto c = dp_compiled_.find(dp_uuid);
        if (c == dp_compiled_.end()) {
            continue;
        }
        const std::vector<ovs::Uuid> lflows(c->second.lflows.begin(),
                                            c->second.lflows.end());
        for (const ovs::Uuid &lflow : lflows) {
            if (!affected.count(lflow)) {
                drop_datapath(lflow, dp_uuid);
            }
        }
    }
    add_datapaths(in, extend, &affected, false);
    reprocess(in, affected, done, true);
    return true;
}

/* Adds to '*lflows' the Logical_Flows that apply to datapath 'dp_uuid':
 * its own and those of the datapath groups that contain it, these with
 * 'dp_uuid' among the datapaths add_datapaths() is to look at. */
void
Lflows::dp_lflows(const LflowInput &in, const ovs::Uuid &dp_uuid,
                  DatapathsOf *lflows) const
{
    const sb::DatapathBinding dp = sb::DatapathBinding::get_for_uuid(
        in.sb, dp_uuid);
    if (dp) {
        for (sb::LogicalFlow lflow
                 : sb::LogicalFlow::all_by_datapath(in.ix, dp)) {
            lflows->try_emplace(lflow.uuid());
        }
    }
    for (sb::LogicalDpGroup g : sb::LogicalDpGroup::table(in.sb)) {
        for (sb::DatapathBinding d : g.datapaths()) {
            if (d.uuid() == dp_uuid) {
                for (sb::LogicalFlow lflow
                         : sb::LogicalFlow::all_by_dp_group(in.ix, g)) {
                    (*lflows)[lflow.uuid()].push_back(d);
                }
                break;
            }
        }
    }
}

bool
Lflows::handle_changed_meters(const LflowInput &in,
                              std::set<ovs::Uuid> *done)
{
    std::set<ovs::Uuid> affected;
    for (sb::Meter m : sb::Meter::tracked(in.sb)) {
        refs_.find(LflowRefType::METER, m.name(), &affected);
    }
    reprocess(in, affected, done);
    return true;
}

bool
Lflows::handle_changed_templates(const LflowInput &in,
                                 std::set<ovs::Uuid> *done)
{
    TemplateVars now = read_templates(in);
    std::set<ovs::Uuid> affected;
    for (const auto &[name, value] : now) {
        auto it = templates_.find(name);
        if (it == templates_.end() || it->second != value) {
            refs_.find(LflowRefType::TEMPLATE, name, &affected);
        }
    }
    for (const auto &[name, value] : templates_) {
        if (!now.count(name)) {
            refs_.find(LflowRefType::TEMPLATE, name, &affected);
        }
    }
    templates_ = std::move(now);
    /* Those compiled earlier in this run had the old values. */
    reprocess(in, affected, done, true);
    return true;
}

bool
Lflows::chassis_changed(const LflowInput &in) const
{
    return (in.chassis ? in.chassis.uuid() : ovs::Uuid()) != chassis_;
}

}  // namespace ovn
