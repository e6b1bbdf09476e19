/* fuzz-lflow-compile: a standalone fuzz driver for the lexer and the match
 * compiler (ovn/lib/lex, expr), for builds without libFuzzer.
 *
 *   fuzz-lflow-compile [--seconds=N] [--seed=S] CORPUS-FILE...
 *
 * Takes the inputs of the data files given (unindented lines that are not
 * '#' comments or '%' directives), then for N seconds (default 5) mutates
 * them at random (byte flips, insertions of tokens, splices of two
 * inputs, truncations) and runs each result through the lexer and the
 * whole match pipeline.  Besides not crashing, it checks that:
 *
 *   - a parsed expression prints as text that parses again to the same
 *     text;
 *   - expr_normalize() returns the disjunctive form it promises.
 *
 * Prints the first input that breaks either and exits 1.  The mutations
 * depend only on the seed, so a failure can be replayed. */
#include <config.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

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
};

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
    for (const std::string &input : corpus) {
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
