/* The data-driven tests of the logical flow compiler: every case of every
 * file in tests/lflow-compile/ (input line, expected output lines), run
 * through the same commands as tests/test-lflow-compile. */
#include <config.h>

#include <dirent.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "tests/lflow-compile-driver.h"

namespace ovn {
namespace {

std::vector<std::string>
data_files()
{
    std::vector<std::string> files;
    DIR *dir = opendir(LFLOW_COMPILE_DATADIR);
    if (!dir) {
        return files;
    }
    while (const dirent *de = readdir(dir)) {
        std::string name = de->d_name;
        if (name.size() > 4 && name.substr(name.size() - 4) == ".txt") {
            files.push_back(name);
        }
    }
    closedir(dir);
    std::sort(files.begin(), files.end());
    return files;
}

class LflowCompileData : public testing::TestWithParam<std::string> {};

TEST_P(LflowCompileData, EveryCaseGivesItsExpectedOutput)
{
    std::string path = std::string(LFLOW_COMPILE_DATADIR) + "/" + GetParam();
    std::ifstream in(path);
    ASSERT_TRUE(in) << path;
    std::ostringstream text;
    text << in.rdbuf();

    LflowCompileFile file;
    ASSERT_EQ("", lflow_compile_parse_file(text.str(), &file)) << path;
    ASSERT_FALSE(file.cases.empty()) << path;
    for (const auto &c : file.cases) {
        EXPECT_EQ(c.expected,
                  lflow_compile_run(file.command, c.input, file.fixtures))
            << GetParam() << ":" << c.line << ": " << c.input;
    }
}

INSTANTIATE_TEST_SUITE_P(
    Files, LflowCompileData, testing::ValuesIn(data_files()),
    [](const testing::TestParamInfo<std::string> &info) {
        std::string name = info.param.substr(0, info.param.size() - 4);
        std::replace(name.begin(), name.end(), '-', '_');
        return name;
    });

TEST(LflowCompileDataFiles, AreFound)
{
    /* A missing directory would otherwise pass with no test at all. */
    EXPECT_GE(data_files().size(), 1u);
}

}  // namespace
}  // namespace ovn
