/* The commands of tests/test-lflow-compile.  See lflow-compile-driver.h. */
#include <config.h>

#include "tests/lflow-compile-driver.h"

#include <sstream>

#include "ovn/lib/lex.h"
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

struct Command {
    const char *name;
    std::vector<std::string> (*run)(std::string_view,
                                    const CompileFixtures &);
};

const Command commands[] = {
    { "lex", cmd_lex },
    { "expand-templates", cmd_expand_templates },
    { "dump-symtab", cmd_dump_symtab },
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
