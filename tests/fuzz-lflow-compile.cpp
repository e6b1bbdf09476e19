/* fuzz-lflow-compile: a standalone fuzz driver for the lexer, the match
 * compiler and the action compiler (ovn/lib/lex, expr, actions), for
 * builds without libFuzzer.  'make check' runs it twice
 * (tests/lflow-compile.at): as built normally, and compiled with
 * AddressSanitizer, LeakSanitizer and UndefinedBehaviorSanitizer
 * (tests/fuzz-lflow-compile-asan).
 *
 *   fuzz-lflow-compile [--seconds=N] [--seed=S] CORPUS-FILE...
 *
 * Takes the inputs of the data files given (unindented lines that are not
 * '#' comments or '%' directives), then for N seconds (default 5) mutates
 * them at random (byte flips, insertions of tokens, splices of two
 * inputs, truncations) and runs each result through the lexer, the
 * whole match pipeline and the action parser and encoder.  Besides not
 * crashing, it checks that:
 *
 *   - a parsed expression prints as text that parses again to the same
 *     text;
 *   - expr_normalize() returns the disjunctive form it promises;
 *   - parsed actions format as text that parses again to the same text.
 *
 * Prints the first input that breaks any and exits 1; an input that takes
 * more than 10 seconds is a hang, printed before exiting 1 too.  The
 * mutations depend only on the seed, so a failure can be replayed. */
#include <config.h>

#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "lib/ofpacts-value.h"
#include "ovn/lib/actions.h"
#include "ovn/lib/expr.h"
#include "ovn/lib/lex.h"

using namespace ovn;

namespace {

const char *const tokens[] = {
    "(", ")", "{", "}", "[", "]", "==", "!=", "<", "<=", ">", ">=", "!",
    "&&", "||", "..", ",", ";", "=", "<->", "--", ":", "-", "\"", "\\",
    "/", "/*", "*/", "//", "$set1", "@pg1", "^t", "0x", "0", "1", "255",
    "::", "ff:", "1.2.3.4", "/24", "/0xff", "reg0", "ip4", "ip4.src",
    "inport", "\"lsp1\"", "tcp.dst", "ct.est", "eth.src", "xxreg0[1..2]",
    "is_chassis_resident(", "nd", "ip6.mcast_flood", " ",
    "next;", "ct_commit(", "ct_mark=", "put_nd_ra_opts(", "prefix = ",
    "slla = ", "route_info = \"HIGH-", "dnssl = \"", "sample(",
    "commit_lb_aff(", "vip = \"[", "commit_ecmp_nh(", "put_dhcpv6_opts(",
    "ia_addr = ", "clone {", "};", "reg0[3] = ", "backends=", "aef0::/64",
};

/* The input being checked, for the hang watchdog. */
const std::string *current_input;

void
hang(int)
{
    static const char msg[] = "hang (over 10 s) on input: ";
    ssize_t ignored = write(STDOUT_FILENO, msg, sizeof msg - 1);
    if (current_input) {
        ignored = write(STDOUT_FILENO, current_input->data(),
                        current_input->size());
    }
    ignored = write(STDOUT_FILENO, "\n", 1);
    (void) ignored;
    _exit(1);
}

/* The DHCP options of tests/lflow-compile-actions.cpp, a few of each. */
void
dhcp_options(DhcpOptions *v4, DhcpOptions *v6)
{
    static const struct {
        const char *name;
        uint16_t code;
        const char *type;
        bool v6;
    } table[] = {
        { "offerip", 0, "ipv4", false }, { "router", 3, "ipv4", false },
        { "hostname", 12, "str", false }, { "mtu", 26, "uint16", false },
        { "ip_forward_enable", 19, "bool", false },
        { "lease_time", 51, "uint32", false },
        { "tftp_server", 66, "host_id", false },
        { "bootfile_name", 67, "str", false },
        { "domain_search_list", 119, "domains", false },
        { "classless_static_route", 121, "static_routes", false },
        { "server_id", 2, "mac", true }, { "ia_addr", 5, "ipv6", true },
        { "dns_server", 23, "ipv6", true },
        { "domain_search", 24, "str", true },
    };
    for (const auto &t : table) {
        DhcpOption &o = (t.v6 ? *v6 : *v4)[t.name];
        o.name = t.name;
        o.code = t.code;
        dhcp_opt_type_from_string(t.type, &o.type);
    }
}

/* Returns "" or what went wrong with 'input' as actions. */
std::string
check_actions(const std::string &input)
{
    static DhcpOptions v4, v6;
    if (v4.empty()) {
        dhcp_options(&v4, &v6);
    }
    ActionParseParams pp;
    pp.cur_ltable = 10;
    pp.dhcp_opts = &v4;
    pp.dhcpv6_opts = &v6;
    ActionsParseResult r = actions_parse(input, pp);
    if (!r.ok()) {
        return "";
    }
    std::string text = actions_format(r.actions);
    ActionsParseResult again = actions_parse(text, pp);
    if (!again.ok()) {
        return "reparsing actions \"" + text + "\" failed: " + again.error;
    }
    if (actions_format(again.actions) != text) {
        return "actions \"" + text + "\" reparse as \""
               + actions_format(again.actions) + "\"";
    }
    ActionEncodeParams ep;
    ep.ct_zero_snat = true;
    ep.lflow_uuid = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
    ep.lookup_port = [](std::string_view name, uint32_t *key) {
        *key = name.size();
        return name != "nosuch";
    };
    ep.group_id = [](const std::string &spec) {
        return spec.size() % 2 ? 0 : 1;
    };
    ep.meter_id = [](const std::string &) { return 1; };
    ovs::Ofpacts ofpacts = actions_encode(r.actions, ep);
    (void) ofpacts.to_string();
    return "";
}

std::string
mutate(const std::vector<std::string> &corpus, std::mt19937 &rng)
{
    auto pick = [&](size_t n) {
        return std::uniform_int_distribution<size_t>(0, n - 1)(rng);
    };
    std::string s = corpus[pick(corpus.size())];
    int n = 1 + pick(4);
    for (int i = 0; i < n; i++) {
        size_t pos = s.empty() ? 0 : pick(s.size() + 1);
        switch (pick(5)) {
        case 0:
            if (!s.empty() && pos < s.size()) {
                s[pos] = char(pick(256));
            }
            break;
        case 1:
            s.insert(pos, tokens[pick(sizeof tokens / sizeof *tokens)]);
            break;
        case 2:
            if (pos < s.size()) {
                s.erase(pos, 1 + pick(s.size() - pos));
            }
            break;
        case 3:
            s.insert(pos, corpus[pick(corpus.size())]);
            break;
        default:
            s.insert(pos, "(" + s + ")");
            break;
        }
    }
    return s;
}

/* An upper bound on the number of disjuncts normalizing 'e' can give: the
 * conversion to disjunctive form is exponential by nature (in 23.03 too),
 * and the fuzzer looks for crashes, not for that. */
double
dnf_size(const Expr &e)
{
    double n = e.type == ExprType::AND ? 1 : 0;
    switch (e.type) {
    case ExprType::AND:
        for (const ExprPtr &sub : e.subs) {
            n *= dnf_size(*sub);
        }
        return n;
    case ExprType::OR:
        for (const ExprPtr &sub : e.subs) {
            n += dnf_size(*sub);
        }
        return n;
    default:
        return 1;
    }
}

/* Returns "" or what went wrong with 'input'. */
std::string
check(const std::string &input, const ExprConstSets &sets,
      const ExprConstSets &groups)
{
    lex_dump(input);
    std::string problem = check_actions(input);
    if (!problem.empty()) {
        return problem;
    }

    ExprParseContext ctx;
    ctx.addr_sets = &sets;
    ctx.port_groups = &groups;
    std::string error;
    ExprPtr e = expr_parse_string(input, ctx, &error);
    if (!e) {
        return "";
    }
    std::string text = e->to_string();
    ExprPtr again = expr_parse_string(text, ctx, &error);
    if (!again) {
        return "reparsing \"" + text + "\" failed: " + error;
    }
    if (again->to_string() != text) {
        return "\"" + text + "\" reparses as \"" + again->to_string() + "\"";
    }

    e = expr_annotate(std::move(e), Symtab::ovn(), &error);
    if (!e) {
        return "";
    }
    e = expr_simplify(std::move(e), [](std::string_view port) {
        return port == "lsp1";
    });
    if (dnf_size(*e) > 20000) {
        return "";
    }
    e = expr_normalize(std::move(e));
    if (!expr_is_normalized(*e)) {
        return "not normalized: " + e->to_string();
    }
    uint32_t n_conjs;
    expr_to_matches(*e, [](std::string_view name, uint32_t *key) {
        *key = name.size();
        return name != "nosuch";
    }, &n_conjs);
    return "";
}

}  // namespace

int
main(int argc, char *argv[])
{
    double seconds = 5;
    unsigned int seed = 1;
    std::vector<std::string> corpus;
    for (int i = 1; i < argc; i++) {
        if (!strncmp(argv[i], "--seconds=", 10)) {
            seconds = atof(argv[i] + 10);
        } else if (!strncmp(argv[i], "--seed=", 7)) {
            seed = strtoul(argv[i] + 7, nullptr, 0);
        } else {
            std::ifstream in(argv[i]);
            if (!in) {
                fprintf(stderr, "%s: cannot open\n", argv[i]);
                return 2;
            }
            std::string line;
            while (std::getline(in, line)) {
                if (!line.empty() && line[0] != '#' && line[0] != '%'
                    && line[0] != ' ') {
                    corpus.push_back(line);
                }
            }
        }
    }
    if (corpus.empty()) {
        fprintf(stderr, "usage: %s [--seconds=N] [--seed=S] "
                "CORPUS-FILE...\n", argv[0]);
        return 2;
    }

    ExprConstSets sets, groups;
    sets["set1"] = ExprConstSet::from_addresses({ "10.0.0.1", "10.0.0.2" });
    sets["set2"] = ExprConstSet::from_addresses({ "::1", "::2" });
    groups["0_pg1"] = ExprConstSet::from_names({ "lsp1", "lsp2" });

    std::mt19937 rng(seed);
    auto end = std::chrono::steady_clock::now()
               + std::chrono::duration<double>(seconds);
    long n = 0;
    signal(SIGALRM, hang);
    for (const std::string &input : corpus) {
        current_input = &input;
        alarm(10);
        std::string problem = check(input, sets, groups);
        if (!problem.empty()) {
            printf("input: %s\n%s\n", input.c_str(), problem.c_str());
            return 1;
        }
    }
    while (std::chrono::steady_clock::now() < end) {
        for (int i = 0; i < 100; i++, n++) {
            std::string input = mutate(corpus, rng);
            if (input.size() > 512) {
                continue;
            }
            current_input = &input;
            alarm(10);
            std::string problem = check(input, sets, groups);
            if (!problem.empty()) {
                printf("input: %s\n%s\n", input.c_str(), problem.c_str());
                return 1;
            }
        }
    }
    printf("%zu seeds, %ld mutated inputs, no problem\n", corpus.size(), n);
    return 0;
}
