#include <config.h>

#include "lib/dynamic-string.h"

#include <cstdarg>

namespace ovs {

void
Ds::put_format(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    ds_put_format_valist(&ds_, format, args);
    va_end(args);
}

}  // namespace ovs
