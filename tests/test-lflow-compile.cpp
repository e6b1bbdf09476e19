/* test-lflow-compile: OVN's match (and later action) compiler on the
 * command line, for people and for the testsuite.
 *
 *   test-lflow-compile [--fixtures=FILE] [--echo] COMMAND < INPUTS
 *       Runs COMMAND (lex, parse-expr, annotate-expr, simplify-expr,
 *       normalize-expr, expr-to-flows, expr-to-ofctl, dump-symtab,
 *       expand-templates) on each line of standard input and prints its
 *       output; with --echo, each input line first and its output lines
 *       indented by four spaces (the form of the data files).
 *   test-lflow-compile check FILE...
 *       Runs the data files of tests/lflow-compile/ and prints each case
 *       whose output differs; exits 1 if any does.
 *   test-lflow-compile regen FILE
 *       Prints FILE with every case's expected output replaced by the
 *       actual one (to review with diff before committing it).
 *
 * FILE for --fixtures uses CompileFixtures::load() syntax; its definitions
 * add to the defaults described in tests/lflow-compile-driver.h. */
#include <config.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include "tests/lflow-compile-driver.h"

using namespace ovn;

namespace {

bool
read_file(const char *name, std::string *text)
{
    std::ifstream in(name);
    if (!in) {
        fprintf(stderr, "%s: %s\n", name, strerror(errno));
        return false;
    }
    std::ostringstream s;
    s << in.rdbuf();
    *text = s.str();
    return true;
}

int
check_files(int argc, char *argv[], bool regen)
{
    bool ok = true;
    for (int i = 0; i < argc; i++) {
        std::string text;
        if (!read_file(argv[i], &text)) {
            return 2;
        }
        LflowCompileFile file;
        std::string error = lflow_compile_parse_file(text, &file);
        if (!error.empty()) {
            fprintf(stderr, "%s: %s\n", argv[i], error.c_str());
            return 2;
        }
        if (regen) {
            /* Keep everything up to the first case, then rewrite cases
             * (comments between cases are kept with the next input). */
            std::istringstream in(text);
            std::string line;
            for (int n = 1; std::getline(in, line); n++) {
                if (line.compare(0, 4, "    ") == 0) {
                    continue;
                }
                std::cout << line << '\n';
                for (const auto &c : file.cases) {
                    if (c.line == n) {
                        for (const std::string &out
                                 : lflow_compile_run(file.command, c.input,
                                                     file.fixtures)) {
                            std::cout << "    " << out << '\n';
                        }
                    }
                }
            }
            continue;
        }
        for (const auto &c : file.cases) {
            auto actual = lflow_compile_run(file.command, c.input,
                                            file.fixtures);
            if (actual != c.expected) {
                ok = false;
                std::cout << argv[i] << ":" << c.line << ": " << c.input
                          << "\n  expected:\n";
                for (const std::string &s : c.expected) {
                    std::cout << "    " << s << '\n';
                }
                std::cout << "  actual:\n";
                for (const std::string &s : actual) {
                    std::cout << "    " << s << '\n';
                }
            }
        }
    }
    return ok ? 0 : 1;
}

void
usage()
{
    printf("usage: test-lflow-compile [--fixtures=FILE] [--echo] COMMAND "
           "< INPUTS\n"
           "       test-lflow-compile check FILE...\n"
           "       test-lflow-compile regen FILE\n"
           "COMMAND is one of:");
    for (const std::string &c : lflow_compile_commands()) {
        printf(" %s", c.c_str());
    }
    printf("\n");
}

}  // namespace

int
main(int argc, char *argv[])
{
    CompileFixtures fixtures = CompileFixtures::defaults();
    bool echo = false;
    int i = 1;
    for (; i < argc && !strncmp(argv[i], "--", 2); i++) {
        if (!strncmp(argv[i], "--fixtures=", 11)) {
            std::string text;
            if (!read_file(argv[i] + 11, &text)) {
                return 2;
            }
            std::string error = fixtures.load(text);
            if (!error.empty()) {
                fprintf(stderr, "%s: %s\n", argv[i] + 11, error.c_str());
                return 2;
            }
        } else if (!strcmp(argv[i], "--echo")) {
            echo = true;
        } else if (!strcmp(argv[i], "--help")) {
            usage();
            return 0;
        } else {
            fprintf(stderr, "unknown option %s\n", argv[i]);
            return 2;
        }
    }
    if (i >= argc) {
        usage();
        return 2;
    }
    std::string command = argv[i++];
    if (command == "check" || command == "regen") {
        return check_files(argc - i, argv + i, command == "regen");
    }
    bool known = false;
    for (const std::string &c : lflow_compile_commands()) {
        known = known || c == command;
    }
    if (!known || i != argc) {
        usage();
        return 2;
    }

    std::string line;
    while (std::getline(std::cin, line)) {
        if (echo) {
            std::cout << line << '\n';
        }
        for (const std::string &out
                 : lflow_compile_run(command, line, fixtures)) {
            std::cout << (echo ? "    " : "") << out << '\n';
        }
    }
    return 0;
}
