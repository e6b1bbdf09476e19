/* How fast the logical flow compiler (ovn/lib: lex, expr, actions)
 * compiles the Logical_Flows that ovn-northd 23.03 writes for a realistic
 * topology: 20 switches of 50 ports, a router, port groups, ACLs and a
 * load balancer (tests/perf/lflow-compile-topology.sh built it; the
 * flows are in tests/perf/lflows-1000-ports.txt.xz).
 *
 * Each Logical_Flow is compiled once per datapath it applies to (a flow
 * of a datapath group once per member), as ovn-controller does on a
 * chassis where every datapath is local, with every port of every port
 * group local too.  The stages are timed apart:
 *
 *   parse      expr_parse_string() of the match, actions_parse()
 *   normalize  expr_annotate() + expr_simplify() + expr_normalize(),
 *              with the actions' prerequisites ANDed in first
 *   encode     expr_to_matches() + actions_encode()
 *
 * and, as the reference in the same run, the lexer alone over the same
 * strings ('lex'), so that results from different machines compare as
 * ratios.
 *
 * Usage: bench-lflow-compile FILE[.xz] [Google Benchmark flags] */
#include <config.h>

#include <benchmark/benchmark.h>

#include <time.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "lib/ofpacts-value.h"
#include "ovn/lib/actions.h"
#include "ovn/lib/expr.h"
#include "ovn/lib/lex.h"
#include "ovn/lib/ovn-l7.h"

namespace {

using namespace ovn;

/* One Logical_Flow on one datapath. */
struct Unit {
    uint32_t dp_key;
    bool is_switch;
    bool ingress;
    int table;
    const std::string *match;
    const std::string *actions;
};

struct Corpus {
    std::map<uint32_t, bool> is_switch;
    std::map<uint32_t, std::map<std::string, uint32_t, std::less<>>> ports;
    ExprConstSets addr_sets;
    ExprConstSets port_groups;
    DhcpOptions dhcp_opts, dhcpv6_opts;
    std::vector<std::pair<std::string, std::string>> flows;
    std::vector<Unit> units;
};

Corpus corpus;

std::vector<std::string>
split_tabs(const std::string &line)
{
    std::vector<std::string> fields;
    std::stringstream ss(line);
    std::string f;
    while (std::getline(ss, f, '\t')) {
        fields.push_back(f);
    }
    return fields;
}

/* Reads the records that lflow-compile-topology.sh writes. */
bool
load_corpus(const std::string &file)
{
    std::string text;
    if (file.size() > 3 && file.compare(file.size() - 3, 3, ".xz") == 0) {
        std::string cmd = "xz -dc '" + file + "'";
        FILE *p = popen(cmd.c_str(), "r");
        if (!p) {
            return false;
        }
        char buf[65536];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, p)) > 0) {
            text.append(buf, n);
        }
        if (pclose(p)) {
            return false;
        }
    } else {
        std::ifstream in(file);
        std::stringstream ss;
        ss << in.rdbuf();
        text = ss.str();
    }

    std::stringstream lines(text);
    std::string line;
    struct Flow {
        std::vector<uint32_t> dps;
        bool ingress;
        int table;
    };
    std::vector<Flow> flows;
    while (std::getline(lines, line)) {
        std::vector<std::string> f = split_tabs(line);
        if (f.empty()) {
            continue;
        }
        if (f[0] == "D" && f.size() == 3) {
            corpus.is_switch[std::stoul(f[1])] = f[2] == "switch";
        } else if (f[0] == "P" && f.size() == 4) {
            corpus.ports[std::stoul(f[1])][f[2]] = std::stoul(f[3]);
        } else if (f[0] == "A" && f.size() >= 2) {
            corpus.addr_sets[f[1]] = ExprConstSet::from_addresses(
                std::vector<std::string>(f.begin() + 2, f.end()));
        } else if (f[0] == "G" && f.size() >= 2) {
            corpus.port_groups[f[1]] = ExprConstSet::from_names(
                std::vector<std::string>(f.begin() + 2, f.end()));
        } else if ((f[0] == "4" || f[0] == "6") && f.size() == 4) {
            DhcpOption o;
            o.name = f[1];
            o.code = std::stoul(f[2]);
            if (!dhcp_opt_type_from_string(f[3], &o.type)) {
                continue;
            }
            (f[0] == "4" ? corpus.dhcp_opts : corpus.dhcpv6_opts)[f[1]] = o;
        } else if (f[0] == "F" && f.size() == 7) {
            Flow flow;
            flow.ingress = f[1] == "ingress";
            flow.table = std::stoi(f[2]);
            std::stringstream keys(f[4]);
            std::string key;
            while (std::getline(keys, key, ',')) {
                flow.dps.push_back(std::stoul(key));
            }
            flows.push_back(flow);
            corpus.flows.emplace_back(f[5], f[6]);
        }
    }
    for (size_t i = 0; i < flows.size(); i++) {
        for (uint32_t dp : flows[i].dps) {
            corpus.units.push_back(Unit{ dp, corpus.is_switch[dp],
                                         flows[i].ingress, flows[i].table,
                                         &corpus.flows[i].first,
                                         &corpus.flows[i].second });
        }
    }
    return !corpus.units.empty();
}

/* The time of each stage, summed over the units. */
struct StageTimes {
    double parse = 0, normalize = 0, encode = 0;
    size_t n_matches = 0, n_errors = 0;
};

/* The stages are timed in this thread's CPU time, as Google Benchmark
 * reports its own times, so that other processes on a shared machine do
 * not count (reading the clock costs a system call, well under 1 us, a
 * few percent of a flow's compile time). */
double
cpu_now()
{
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

double
since(double &t)
{
    double now = cpu_now();
    double s = now - t;
    t = now;
    return s;
}

/* Compiles 'u' as ovn-controller would, adding each stage's time to
 * 'st'. */
void
compile_unit(const Unit &u, StageTimes *st)
{
    double t = cpu_now();

    /* Parse. */
    ActionParseParams pp;
    pp.ingress = u.ingress;
    pp.cur_ltable = u.table;
    pp.dhcp_opts = &corpus.dhcp_opts;
    pp.dhcpv6_opts = &corpus.dhcpv6_opts;
    ActionsParseResult acts = actions_parse(*u.actions, pp);
    ExprParseContext ctx;
    ctx.addr_sets = &corpus.addr_sets;
    ctx.port_groups = &corpus.port_groups;
    ctx.dp_key = u.dp_key;
    std::string error;
    ExprPtr e = acts.ok() ? expr_parse_string(*u.match, ctx, &error)
                          : nullptr;
    st->parse += since(t);
    if (!e) {
        st->n_errors++;
        return;
    }

    /* Normalize. */
    for (const std::string &p : acts.prereqs) {
        ExprPtr pe = expr_parse_string(p, ExprParseContext(), &error);
        if (pe) {
            e = Expr::create_andor(ExprType::AND, std::move(e),
                                   std::move(pe));
        }
    }
    e = expr_annotate(std::move(e), Symtab::ovn(), &error);
    if (e) {
        e = expr_normalize(expr_simplify(std::move(e),
                                         ExprChassisResidentCb()));
    }
    st->normalize += since(t);
    if (!e) {
        st->n_errors++;
        return;
    }

    /* Encode. */
    const auto &ports = corpus.ports[u.dp_key];
    auto lookup = [&ports](std::string_view name, uint32_t *key) {
        auto it = ports.find(name);
        if (it == ports.end()) {
            return false;
        }
        *key = it->second;
        return true;
    };
    uint32_t n_conjs = 0;
    std::vector<ExprMatch> matches = expr_to_matches(*e, lookup, &n_conjs);
    ActionEncodeParams ep;
    ep.is_switch = u.is_switch;
    ep.ct_zero_snat = true;
    ep.dp_hash_l4_sym = true;
    ep.lflow_uuid = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
    ep.lookup_port = lookup;
    ep.group_id = [](const std::string &) { return 1u; };
    ep.meter_id = [](const std::string &) { return 1u; };
    if (!u.ingress) {
        ep.output_ptable = OFTABLE_SAVE_INPORT;
    }
    ovs::Ofpacts ofpacts = actions_encode(acts.actions, ep);
    benchmark::DoNotOptimize(ofpacts);
    st->encode += since(t);
    st->n_matches += matches.size();
}

/* Everything, stage by stage: Logical_Flows (per datapath) compiled per
 * second, and microseconds per lflow in each stage. */
void
BM_compile(benchmark::State &state)
{
    StageTimes st;
    size_t n = 0;
    for (auto _ : state) {
        for (const Unit &u : corpus.units) {
            compile_unit(u, &st);
        }
        n += corpus.units.size();
    }
    state.SetItemsProcessed(n);
    state.counters["lflows"] = corpus.units.size();
    state.counters["of_matches"] = st.n_matches / state.iterations();
    state.counters["errors"] = st.n_errors / state.iterations();
    state.counters["parse_us"] = st.parse * 1e6 / n;
    state.counters["normalize_us"] = st.normalize * 1e6 / n;
    state.counters["encode_us"] = st.encode * 1e6 / n;
}
BENCHMARK(BM_compile)->Unit(benchmark::kMillisecond);

/* The reference: only the lexer, over the same match and actions
 * strings. */
void
BM_lex(benchmark::State &state)
{
    size_t n = 0, tokens = 0;
    for (auto _ : state) {
        for (const Unit &u : corpus.units) {
            for (const std::string *s : { u.match, u.actions }) {
                Lexer lexer(*s);
                while (lexer.get() != LexType::END
                       && lexer.type() != LexType::ERROR) {
                    tokens++;
                }
            }
        }
        n += corpus.units.size();
    }
    benchmark::DoNotOptimize(tokens);
    state.SetItemsProcessed(n);
}
BENCHMARK(BM_lex)->Unit(benchmark::kMillisecond);

}  // namespace

int
main(int argc, char **argv)
{
    benchmark::Initialize(&argc, argv);
    if (argc != 2) {
        std::cerr << "usage: " << argv[0]
                  << " LFLOWS-FILE[.xz] [benchmark flags]\n";
        return 2;
    }
    if (!load_corpus(argv[1])) {
        std::cerr << argv[1] << ": no logical flows\n";
        return 1;
    }
    std::cerr << argv[1] << ": " << corpus.flows.size()
              << " Logical_Flows, " << corpus.units.size()
              << " on their datapaths, " << corpus.is_switch.size()
              << " datapaths\n";
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
