/* The commands of tests/test-lflow-compile, shared with the data-driven
 * unit tests (tests/unit/test-lflow-compile-data.cpp) so that both read
 * the same files in tests/lflow-compile/ the same way.
 *
 * Each command turns one input line into its output lines, or one error
 * line; nothing here throws or exits. */
#ifndef TESTS_LFLOW_COMPILE_DRIVER_H
#define TESTS_LFLOW_COMPILE_DRIVER_H 1

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace ovn {

/* What the compiler would otherwise learn from the Southbound: ports and
 * multicast groups of the flow's datapath, address sets, port groups,
 * resident ports and template variables. */
struct CompileFixtures {
    uint32_t dp_key = 0;
    std::map<std::string, int64_t, std::less<>> ports;
    std::map<std::string, std::vector<std::string>, std::less<>>
        address_sets;
    std::map<std::string, std::vector<std::string>, std::less<>>
        port_groups;
    std::set<std::string, std::less<>> resident_ports;
    std::map<std::string, std::string, std::less<>> template_vars;

    /* The fixtures the data files assume when they name none (the ones
     * OVN's own tests use): ports eth0 = 5, eth1 = 6, LOCAL = 0xfffe,
     * lsp1..lsp3 = 0x11..0x13; address sets set1 (10.0.0.1-3), set2
     * (::1-3), set3 (three MACs), set4 (empty); port groups 0_pg1 = {lsp1,
     * lsp2, lsp3}, 0_pg_empty = {}; lsp1 resident here. */
    static CompileFixtures defaults();

    /* Adds the definitions in 'text', one a line ('#' starts a comment):
     *   port NAME KEY
     *   address_set NAME [VALUE...]
     *   port_group NAME [PORT...]
     *   resident PORT
     *   template NAME VALUE...
     *   datapath KEY
     * Returns "" or an error message naming the line. */
    std::string load(std::string_view text);
};

/* The parse-actions and parse-actions-router commands
 * (tests/lflow-compile-actions.cpp). */
std::vector<std::string> lflow_compile_parse_actions(
    std::string_view input, const CompileFixtures &, bool is_switch);

/* The commands, by name. */
std::vector<std::string> lflow_compile_commands();

/* Runs 'command' ("lex", "parse-expr", ...) on 'input' and returns its
 * output, one string per line. */
std::vector<std::string> lflow_compile_run(std::string_view command,
                                           std::string_view input,
                                           const CompileFixtures &);

/* One case of a data file: an unindented input line followed by its
 * expected output lines, each indented by four spaces. */
struct LflowCompileCase {
    int line = 0;               /* Line number of the input. */
    std::string input;
    std::vector<std::string> expected;
};

/* A data file in tests/lflow-compile/: a "%command NAME" line, then any
 * "%fixture DEFINITION" lines (added to the default fixtures, in
 * CompileFixtures::load() syntax), then the cases.  Lines starting with
 * '#' and blank lines are ignored. */
struct LflowCompileFile {
    std::string command;
    CompileFixtures fixtures = CompileFixtures::defaults();
    std::vector<LflowCompileCase> cases;
};

/* Parses a data file.  Returns "" or an error. */
std::string lflow_compile_parse_file(std::string_view text,
                                     LflowCompileFile *);

}  // namespace ovn

#endif  /* tests/lflow-compile-driver.h */
