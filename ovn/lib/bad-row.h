/* report_bad_row(): what every module does with a Southbound row it cannot
 * use (bad or missing data): one rate-limited warning that names the row
 * and says why it is skipped, and one tick of the "sb_row_skipped"
 * coverage counter (ovn-appctl coverage/read-counter sb_row_skipped).
 * The caller then leaves the row out and goes on with the others. */
#ifndef OVN_LIB_BAD_ROW_H
#define OVN_LIB_BAD_ROW_H 1

#include <string_view>

namespace ovn {

void report_bad_row(std::string_view table, std::string_view name,
                    std::string_view why);

}  // namespace ovn

#endif  /* ovn/lib/bad-row.h */
