/* The commands of tests/test-lflow-compile.  See lflow-compile-driver.h. */
#include <config.h>

#include "tests/lflow-compile-driver.h"

#include <algorithm>
#include <cstdlib>
#include <sstream>

#include "ovn/lib/expr.h"
#include "ovn/lib/lex.h"
#include "lib/ovs-internal.h"
#include "tests/lflow-compile-shim.h"
#include "ovn/lib/symtab.h"

namespace ovn {

CompileFixtures
CompileFixtures::defaults()
{
    CompileFixtures f;
    f.ports = {
        { "eth0", 5 }, { "eth1", 6 }, { "LOCAL", 0xfffe },
        { "lsp1", 0x11 }, { "lsp2", 0x12 }, { "lsp3", 0x13 },
    };
    f.address_sets = {
        { "set1", { "10.0.0.1", "10.0.0.2", "10.0.0.3" } },
        { "set2", { "::1", "::2", "::3" } },
        { "set3", { "00:00:00:00:00:01", "00:00:00:00:00:02",
                    "00:00:00:00:00:03" } },
        { "set4", {} },
    };
    f.port_groups = {
        { "0_pg1", { "lsp1", "lsp2", "lsp3" } },
        { "0_pg_empty", {} },
    };
    f.resident_ports = { "lsp1" };
    return f;
}

std::string
CompileFixtures::load(std::string_view text)
{
    std::istringstream in{std::string(text)};
    std::string line;
    for (int n = 1; std::getline(in, line); n++) {
        size_t hash = line.find('#');
        if (hash != line.npos) {
            line.erase(hash);
        }
        std::istringstream words(line);
        std::string kind, name, word;
        if (!(words >> kind)) {
            continue;
        }
        std::vector<std::string> rest;
        words >> name;
        while (words >> word) {
            rest.push_back(word);
        }
        auto bad = [&](const char *why) {
            return "line " + std::to_string(n) + ": " + why;
        };
        if (name.empty()) {
            return bad("missing name");
        }
        if (kind == "port") {
            if (rest.size() != 1) {
                return bad("port NAME KEY");
            }
            ports[name] = std::stoll(rest[0], nullptr, 0);
        } else if (kind == "address_set") {
            address_sets[name] = rest;
        } else if (kind == "port_group") {
            port_groups[name] = rest;
        } else if (kind == "resident") {
            resident_ports.insert(name);
        } else if (kind == "template") {
            std::string value;
            for (const std::string &w : rest) {
                value += (value.empty() ? "" : " ") + w;
            }
            template_vars[name] = value;
        } else if (kind == "datapath") {
            dp_key = std::stoul(name, nullptr, 0);
        } else {
            return bad("unknown definition");
        }
    }
    return "";
}

namespace {

std::vector<std::string>
cmd_lex(std::string_view input, const CompileFixtures &)
{
    return { lex_dump(input) };
}

std::vector<std::string>
cmd_expand_templates(std::string_view input, const CompileFixtures &f)
{
    TemplateVars vars(f.template_vars.begin(), f.template_vars.end());
    std::set<std::string> used;
    std::string out = lex_expand_templates(input, vars, &used);
    std::vector<std::string> lines{ out };
    for (const std::string &name : used) {
        lines.push_back("uses template " + name);
    }
    return lines;
}

std::vector<std::string>
cmd_dump_symtab(std::string_view input, const CompileFixtures &)
{
    const Symtab &symtab = Symtab::ovn();
    std::string name(input);
    while (!name.empty() && name.back() == ' ') {
        name.pop_back();
    }
    std::istringstream in(symtab_dump(symtab));
    std::vector<std::string> lines;
    std::string line;
    while (std::getline(in, line)) {
        if (name.empty() || line.compare(0, name.size() + 1, name + ":")
                            == 0) {
            lines.push_back(line);
        }
    }
    if (lines.empty()) {
        lines.push_back("no symbol " + name);
    }
    return lines;
}

/* How far an expression command goes. */
enum class Stage { PARSE, ANNOTATE, SIMPLIFY, NORMALIZE, FLOWS, OFCTL };

std::vector<std::string>
run_expr(std::string_view input, const CompileFixtures &f, Stage stage)
{
    /* OFCTL: "PRIORITY MATCH", as a logical flow in ingress table 0 with
     * actions "next;". */
    int priority = 0;
    if (stage == Stage::OFCTL) {
        size_t space = input.find(' ');
        if (space == input.npos) {
            return { "expecting PRIORITY MATCH" };
        }
        priority = atoi(std::string(input.substr(0, space)).c_str());
        input.remove_prefix(space + 1);
    }

    ExprConstSets addr_sets, port_groups;
    for (const auto &[name, values] : f.address_sets) {
        addr_sets[name] = ExprConstSet::from_addresses(values);
    }
    for (const auto &[name, ports] : f.port_groups) {
        port_groups[name] = ExprConstSet::from_names(ports);
    }
    ExprParseContext ctx;
    ctx.addr_sets = &addr_sets;
    ctx.port_groups = &port_groups;
    ctx.dp_key = f.dp_key;

    TemplateVars vars(f.template_vars.begin(), f.template_vars.end());
    std::string text = lex_expand_templates(input, vars);
    std::string error;
    ExprPtr e = expr_parse_string(text, ctx, &error);
    if (e && stage >= Stage::ANNOTATE) {
        e = expr_annotate(std::move(e), Symtab::ovn(), &error);
    }
    if (!e) {
        return { error };
    }
    if (stage >= Stage::SIMPLIFY) {
        e = expr_simplify(std::move(e), [&](std::string_view port) {
            return f.resident_ports.count(port) > 0;
        });
    }
    if (stage >= Stage::NORMALIZE) {
        e = expr_normalize(std::move(e));
        if (!expr_is_normalized(*e)) {
            return { "not normalized: " + e->to_string() };
        }
    }
    if (stage < Stage::FLOWS) {
        return { e->to_string() };
    }

    uint32_t n_conjs;
    auto matches = expr_to_matches(
        *e, [&](std::string_view name, uint32_t *key) {
            auto it = f.ports.find(name);
            if (it == f.ports.end()) {
                return false;
            }
            *key = it->second;
            return true;
        }, &n_conjs);
    std::vector<std::string> lines;
    if (stage == Stage::OFCTL) {
        /* As ovs-ofctl dump-flows shows what ovn-controller installs for
         * the flow (cookie and statistics left out): in table 8 with the
         * datapath's metadata, the flow's own actions being resubmit to
         * table 9. */
        for (ExprMatch &m : matches) {
            match_set_metadata(m.match.get(), htonll(f.dp_key));
            /* OpenFlow encoding leaves out fields whose prerequisites the
             * match lacks ("nw_frag=no" without "ip"), and 23.03 leaves
             * it to do so: what the switch shows is the round trip. */
            lflow_compile_shim_match_round_trip(m.match.get());
            std::string s = "table=8, priority=" + std::to_string(priority)
                            + "," + m.match.to_string() + " actions=";
            if (m.conjunctions.empty()) {
                s += "resubmit(,9)";
            } else {
                bool first = true;
                for (const ExprConjunction &c : m.conjunctions) {
                    s += first ? "" : ",";
                    first = false;
                    /* ovs-ofctl numbers clauses from 1. */
                    s += "conjunction(" + std::to_string(c.id) + ","
                         + std::to_string(c.clause + 1) + "/"
                         + std::to_string(c.n_clauses) + ")";
                }
            }
            lines.push_back(s);
        }
        /* Flows that became identical are one flow on the switch. */
        std::sort(lines.begin(), lines.end());
        lines.erase(std::unique(lines.begin(), lines.end()), lines.end());
        return lines;
    }
    for (const ExprMatch &m : matches) {
        std::string s = m.to_string();
        lines.push_back(s.empty() || s[0] == ':' ? "(match all)" + s : s);
    }
    if (lines.empty()) {
        lines.push_back("(no flows)");
    }
    std::sort(lines.begin(), lines.end());
    return lines;
}

std::vector<std::string>
cmd_parse_expr(std::string_view input, const CompileFixtures &f)
{
    return run_expr(input, f, Stage::PARSE);
}

std::vector<std::string>
cmd_annotate_expr(std::string_view input, const CompileFixtures &f)
{
    return run_expr(input, f, Stage::ANNOTATE);
}

std::vector<std::string>
cmd_simplify_expr(std::string_view input, const CompileFixtures &f)
{
    return run_expr(input, f, Stage::SIMPLIFY);
}

std::vector<std::string>
cmd_normalize_expr(std::string_view input, const CompileFixtures &f)
{
    return run_expr(input, f, Stage::NORMALIZE);
}

std::vector<std::string>
cmd_expr_to_flows(std::string_view input, const CompileFixtures &f)
{
    return run_expr(input, f, Stage::FLOWS);
}

std::vector<std::string>
cmd_expr_to_ofctl(std::string_view input, const CompileFixtures &f)
{
    return run_expr(input, f, Stage::OFCTL);
}

struct Command {
    const char *name;
    std::vector<std::string> (*run)(std::string_view,
                                    const CompileFixtures &);
};

const Command commands[] = {
    { "lex", cmd_lex },
    { "expand-templates", cmd_expand_templates },
    { "dump-symtab", cmd_dump_symtab },
    { "parse-expr", cmd_parse_expr },
    { "annotate-expr", cmd_annotate_expr },
    { "simplify-expr", cmd_simplify_expr },
    { "normalize-expr", cmd_normalize_expr },
    { "expr-to-flows", cmd_expr_to_flows },
    { "expr-to-ofctl", cmd_expr_to_ofctl },
    { "parse-actions",
      [](std::string_view in, const CompileFixtures &f) {
          return lflow_compile_parse_actions(in, f, true);
      } },
    { "parse-actions-router",
      [](std::string_view in, const CompileFixtures &f) {
          return lflow_compile_parse_actions(in, f, false);
      } },
};

}  // namespace

std::vector<std::string>
lflow_compile_commands()
{
    std::vector<std::string> names;
    for (const Command &c : commands) {
        names.push_back(c.name);
    }
    return names;
}

std::vector<std::string>
lflow_compile_run(std::string_view command, std::string_view input,
                  const CompileFixtures &fixtures)
{
    for (const Command &c : commands) {
        if (command == c.name) {
            return c.run(input, fixtures);
        }
    }
    return { "unknown command " + std::string(command) };
}

std::string
lflow_compile_parse_file(std::string_view text, LflowCompileFile *file)
{
    std::istringstream in{std::string(text)};
    std::string line;
    std::vector<LflowCompileCase> *cases = &file->cases;
    for (int n = 1; std::getline(in, line); n++) {
        if (line.empty() || line[0] == '#') {
            continue;
        }
        if (line.compare(0, 9, "%command ") == 0) {
            file->command = line.substr(9);
            continue;
        }
        if (line.compare(0, 9, "%fixture ") == 0) {
            std::string error = file->fixtures.load(line.substr(9));
            if (!error.empty()) {
                return "line " + std::to_string(n) + ": " + error;
            }
            continue;
        }
        if (line.compare(0, 4, "    ") == 0) {
            if (cases->empty()) {
                return "line " + std::to_string(n)
                       + ": expected output before any input";
            }
            cases->back().expected.push_back(line.substr(4));
        } else {
            cases->push_back({ n, line, {} });
        }
    }
    if (file->command.empty()) {
        return "no %command line";
    }
    return "";
}

}  // namespace ovn
