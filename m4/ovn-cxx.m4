# ovn-cxx.m4: configure checks for building against an Open vSwitch tree.

dnl OVNCXX_CHECK_CXX17
dnl
dnl OVS 3.1's iteration macros use typeof, so plain -std=c++17 is not enough.
AC_DEFUN([OVNCXX_CHECK_CXX17], [
  AC_LANG_PUSH([C++])
  save_CXXFLAGS=$CXXFLAGS
  CXXFLAGS="$CXXFLAGS -std=gnu++17"
  AC_CACHE_CHECK([whether $CXX accepts -std=gnu++17], [ovncxx_cv_gnuxx17],
    [AC_COMPILE_IFELSE(
       [AC_LANG_PROGRAM([[#include <optional>]],
                        [[int x = 1; __typeof__(x) y = x;
                          std::optional<int> o(y); return *o - 1;]])],
       [ovncxx_cv_gnuxx17=yes], [ovncxx_cv_gnuxx17=no])])
  CXXFLAGS=$save_CXXFLAGS
  AC_LANG_POP([C++])
  if test "$ovncxx_cv_gnuxx17" != yes; then
    AC_MSG_ERROR([a C++ compiler supporting -std=gnu++17 is required])
  fi
  AC_SUBST([OVNCXX_STD_CXXFLAGS], ["-std=gnu++17"])
])

dnl OVNCXX_CHECK_OVS
dnl
dnl --with-ovs-source=DIR and --with-ovs-build=DIR, as OVN's configure has
dnl them.  Checks that the trees look right, reads the version from the
dnl build's config.h and sets OVS_CPPFLAGS, OVS_LIBADD and OVSDB_LIBADD.
AC_DEFUN([OVNCXX_CHECK_OVS], [
  AC_ARG_WITH([ovs-source],
    [AS_HELP_STRING([--with-ovs-source=DIR],
                    [Open vSwitch source tree (required)])],
    [OVS_SRCDIR=$withval], [OVS_SRCDIR=])
  AC_ARG_WITH([ovs-build],
    [AS_HELP_STRING([--with-ovs-build=DIR],
                    [Open vSwitch build tree (default: the source tree)])],
    [OVS_BUILDDIR=$withval], [OVS_BUILDDIR=$OVS_SRCDIR])

  AC_MSG_CHECKING([for the Open vSwitch source tree])
  if test -z "$OVS_SRCDIR"; then
    AC_MSG_RESULT([no])
    AC_MSG_ERROR([--with-ovs-source=DIR is required (see utilities/ovn-bootstrap.sh)])
  fi
  OVS_SRCDIR=`cd "$OVS_SRCDIR" 2>/dev/null && pwd`
  if test ! -f "$OVS_SRCDIR/lib/ofp-util.c" \
     || test ! -f "$OVS_SRCDIR/include/openvswitch/hmap.h"; then
    AC_MSG_RESULT([no])
    AC_MSG_ERROR([$OVS_SRCDIR does not look like an Open vSwitch source tree])
  fi
  AC_MSG_RESULT([$OVS_SRCDIR])

  AC_MSG_CHECKING([for the Open vSwitch build tree])
  OVS_BUILDDIR=`cd "$OVS_BUILDDIR" 2>/dev/null && pwd`
  if test ! -f "$OVS_BUILDDIR/config.h"; then
    AC_MSG_RESULT([no])
    AC_MSG_ERROR([$OVS_BUILDDIR has no config.h: configure Open vSwitch first])
  fi
  if test ! -f "$OVS_BUILDDIR/lib/libopenvswitch.la"; then
    AC_MSG_RESULT([no])
    AC_MSG_ERROR([$OVS_BUILDDIR/lib/libopenvswitch.la is missing: build Open vSwitch first])
  fi
  AC_MSG_RESULT([$OVS_BUILDDIR])

  AC_MSG_CHECKING([for the Open vSwitch version])
  OVS_VERSION=`sed -n 's/^#define PACKAGE_VERSION "\(.*\)"$/\1/p' \
                   "$OVS_BUILDDIR/config.h"`
  AC_MSG_RESULT([$OVS_VERSION])
  case $OVS_VERSION in
    3.1.*) ;;
    *) AC_MSG_ERROR([Open vSwitch 3.1.x is required, $OVS_BUILDDIR is $OVS_VERSION]) ;;
  esac

  dnl -isystem: OVS's headers are not ours, so neither are their warnings.
  OVS_CPPFLAGS="-isystem $OVS_BUILDDIR/include -isystem $OVS_SRCDIR/include"
  OVS_CPPFLAGS="$OVS_CPPFLAGS -isystem $OVS_BUILDDIR/lib -isystem $OVS_SRCDIR/lib"
  OVS_CPPFLAGS="$OVS_CPPFLAGS -isystem $OVS_BUILDDIR -isystem $OVS_SRCDIR"
  OVS_LIBADD="$OVS_BUILDDIR/lib/libopenvswitch.la"
  OVSDB_LIBADD="$OVS_BUILDDIR/ovsdb/libovsdb.la"
  AC_SUBST([OVS_SRCDIR])
  AC_SUBST([OVS_BUILDDIR])
  AC_SUBST([OVS_VERSION])
  AC_SUBST([OVS_CPPFLAGS])
  AC_SUBST([OVS_LIBADD])
  AC_SUBST([OVSDB_LIBADD])
  AC_DEFINE_UNQUOTED([OVS_BUILD_VERSION], ["$OVS_VERSION"],
                     [Version of the Open vSwitch tree we build against.])
])

dnl OVNCXX_OVS_CONFIG_VALUE(MACRO)
dnl
dnl Expands to a shell command printing whether the OVS build's config.h
dnl defines MACRO ("yes" or "no").
m4_define([OVNCXX_OVS_CONFIG_VALUE],
  [`grep -q '^@%:@define $1 ' "$OVS_BUILDDIR/config.h" && echo yes || echo no`])

dnl OVNCXX_CHECK_OVS_FEATURE(MACRO, CHECK)
dnl
dnl Runs CHECK, which must set ovncxx_have to yes or no, defines MACRO
dnl when yes, and fails when the answer differs from the OVS build's: the
dnl headers select struct layouts and inline code by these macros, so a
dnl mismatch would be an ABI break against libopenvswitch.
AC_DEFUN([OVNCXX_CHECK_OVS_FEATURE], [
  ovncxx_have=no
  $2
  ovs_have=OVNCXX_OVS_CONFIG_VALUE([$1])
  AC_MSG_CHECKING([whether $1 agrees with Open vSwitch's config.h])
  if test "$ovncxx_have" != "$ovs_have"; then
    AC_MSG_RESULT([no (ours: $ovncxx_have, OVS: $ovs_have)])
    AC_MSG_ERROR([$1 differs from $OVS_BUILDDIR/config.h; rebuild OVS with this compiler])
  fi
  AC_MSG_RESULT([yes ($ovncxx_have)])
  if test "$ovncxx_have" = yes; then
    AC_DEFINE([$1], [1], [Mirrors the Open vSwitch build's $1.])
  fi
])

dnl OVNCXX_CHECK_OVS_FEATURES
dnl
dnl Re-runs the OVS feature probes that its installed-with-the-tree headers
dnl depend on, checking each against OVS's own answer.
AC_DEFUN([OVNCXX_CHECK_OVS_FEATURES], [
  AC_LANG_PUSH([C])
  OVNCXX_CHECK_OVS_FEATURE([HAVE_PTHREAD_SPIN_LOCK], [
    save_LIBS=$LIBS; LIBS="$LIBS -pthread"
    AC_CHECK_FUNC([pthread_spin_lock], [ovncxx_have=yes])
    LIBS=$save_LIBS])
  OVNCXX_CHECK_OVS_FEATURE([HAVE_THREAD_LOCAL], [
    AC_CACHE_CHECK([for _Thread_local], [ovncxx_cv_thread_local],
      [AC_COMPILE_IFELSE([AC_LANG_PROGRAM([[static _Thread_local int x;]],
                                          [[return x;]])],
                         [ovncxx_cv_thread_local=yes],
                         [ovncxx_cv_thread_local=no])])
    ovncxx_have=$ovncxx_cv_thread_local])
  OVNCXX_CHECK_OVS_FEATURE([HAVE_STDATOMIC_H], [
    AC_CHECK_HEADER([stdatomic.h], [ovncxx_have=yes])])

  OVNCXX_CHECK_OVS_FEATURE([HAVE_SENDMMSG], [
    AC_CHECK_FUNC([sendmmsg], [ovncxx_have=yes])])
  OVNCXX_CHECK_OVS_FEATURE([HAVE_STRUCT_MMSGHDR_MSG_LEN], [
    AC_CHECK_MEMBER([struct mmsghdr.msg_len], [ovncxx_have=yes], [],
                    [[#include <sys/socket.h>]])])
  AC_LANG_POP([C])

  dnl HAVE_ATOMIC stays undefined on purpose: ovs-atomic-c++.h does not
  dnl compile with ovs-rcu.h under g++, while the GCC builtins
  dnl implementation (ovs-atomic-gcc4.7+.h) has the same layout as the C11
  dnl atomics libopenvswitch was built with.

  dnl Byte order and the USDT switch are copied: they describe the OVS
  dnl build, not a property we could probe differently.
  AC_C_BIGENDIAN
  if test "OVNCXX_OVS_CONFIG_VALUE([HAVE_USDT_PROBES])" = yes; then
    AC_DEFINE([HAVE_USDT_PROBES], [1], [Mirrors the OVS build.])
  fi
])

dnl OVNCXX_CHECK_OVN_SCHEMAS
dnl
dnl The Southbound schema comes from Debian's ovn-common; it is read at
dnl build time, never copied into the tree.
AC_DEFUN([OVNCXX_CHECK_OVN_SCHEMAS], [
  AC_ARG_WITH([ovn-schemadir],
    [AS_HELP_STRING([--with-ovn-schemadir=DIR],
                    [directory holding ovn-sb.ovsschema (default /usr/share/ovn)])],
    [OVN_SCHEMADIR=$withval], [OVN_SCHEMADIR=/usr/share/ovn])
  AC_MSG_CHECKING([for ovn-sb.ovsschema])
  if test -f "$OVN_SCHEMADIR/ovn-sb.ovsschema"; then
    AC_MSG_RESULT([$OVN_SCHEMADIR/ovn-sb.ovsschema])
  else
    AC_MSG_RESULT([no])
    dnl The Southbound IDL is generated from it at build time.
    AC_MSG_ERROR([no $OVN_SCHEMADIR/ovn-sb.ovsschema: install ovn-common dnl
or use --with-ovn-schemadir])
  fi
  AC_SUBST([OVN_SCHEMADIR])
  AC_MSG_CHECKING([for vswitch.ovsschema])
  OVS_SCHEMA=
  for f in /usr/share/openvswitch/vswitch.ovsschema \
           "$OVS_SRCDIR/vswitchd/vswitch.ovsschema"; do
    if test -f "$f"; then OVS_SCHEMA=$f; break; fi
  done
  AC_MSG_RESULT([${OVS_SCHEMA:-no}])
  AC_SUBST([OVS_SCHEMA])
])

dnl OVNCXX_CHECK_OVSDB_IDLC
dnl
dnl The Southbound IDL is generated with Open vSwitch's own IDL compiler,
dnl $OVS_SRCDIR/ovsdb/ovsdb-idlc.in, which is a python3 script that needs
dnl the OVS python library of the same tree (not whatever "ovs" package the
dnl system may have): configure imports what ovsdb-idlc imports.  Sets
dnl PYTHON3.
AC_DEFUN([OVNCXX_CHECK_OVSDB_IDLC], [
  AC_ARG_VAR([PYTHON3], [python3 interpreter for ovsdb-idlc])
  AC_PATH_PROGS([PYTHON3], [python3])
  if test -z "$PYTHON3"; then
    AC_MSG_ERROR([python3 is required to generate the Southbound IDL])
  fi
  AC_MSG_CHECKING([for ovsdb-idlc in the Open vSwitch source tree])
  if test ! -f "$OVS_SRCDIR/ovsdb/ovsdb-idlc.in"; then
    AC_MSG_RESULT([no])
    AC_MSG_ERROR([$OVS_SRCDIR/ovsdb/ovsdb-idlc.in is missing])
  fi
  AC_MSG_RESULT([$OVS_SRCDIR/ovsdb/ovsdb-idlc.in])
  AC_CACHE_CHECK([whether $PYTHON3 can import the OVS python library],
                 [ovncxx_cv_ovs_python],
    [if PYTHONPATH="$OVS_SRCDIR/python" "$PYTHON3" -c \
          'import ovs.json, ovs.db.error, ovs.db.schema, ovs.db.types' \
          >&AS_MESSAGE_LOG_FD 2>&1; then
       ovncxx_cv_ovs_python=yes
     else
       ovncxx_cv_ovs_python=no
     fi])
  if test "$ovncxx_cv_ovs_python" != yes; then
    AC_MSG_ERROR([$PYTHON3 cannot import "ovs" from dnl
$OVS_SRCDIR/python (see config.log)])
  fi
])

dnl OVNCXX_CHECK_GTEST
AC_DEFUN([OVNCXX_CHECK_GTEST], [
  PKG_CHECK_MODULES([GTEST], [gtest], [have_gtest=yes],
                    [have_gtest=no])
  AM_CONDITIONAL([HAVE_GTEST], [test "$have_gtest" = yes])
])

dnl OVNCXX_CHECK_BENCHMARK
AC_DEFUN([OVNCXX_CHECK_BENCHMARK], [
  PKG_CHECK_MODULES([BENCHMARK], [benchmark], [have_benchmark=yes],
                    [have_benchmark=no])
  AM_CONDITIONAL([HAVE_BENCHMARK], [test "$have_benchmark" = yes])
])

dnl OVNCXX_ENABLE_WERROR
dnl
dnl Our own code is warning-free under -Wall -Wextra; CI adds -Werror.
AC_DEFUN([OVNCXX_ENABLE_WERROR], [
  AC_ARG_ENABLE([Werror],
    [AS_HELP_STRING([--enable-Werror], [treat warnings as errors])],
    [], [enable_Werror=no])
  OVNCXX_WARNING_FLAGS="-Wall -Wextra -Wno-missing-field-initializers"
  if test "$enable_Werror" = yes; then
    OVNCXX_WARNING_FLAGS="$OVNCXX_WARNING_FLAGS -Werror"
  fi
  AC_SUBST([OVNCXX_WARNING_FLAGS])
])

dnl OVNCXX_CHECK_TCMALLOC
dnl
dnl ovn-controller's allocator.  Its desired flows, compiled matches and
dnl the IDLs' rows leave glibc's heap fragmented once a chassis holds tens
dnl of thousands of flows, and from then on every small allocation walks
dnl cold free chunks: the JSON that Open vSwitch's IDL builds for each
dnl monitor condition change cost about nine times more at 1000 ports than
dnl at 100 (docs/ovn-controller-benchmark.rst, "The allocator (s30)").
dnl Open vSwitch's install guide suggests another allocator for such loads.
dnl With --with-tcmalloc (the default when gperftools' tcmalloc_minimal is
dnl there), the daemon alone links it; the unit tests, the sanitizer build
dnl and valgrind keep glibc's.  The daemon finds out at run time which one
dnl it runs on (memory-trim.cpp).  Substitutes MALLOC_LIBS, and
dnl HAVE_TCMALLOC (yes or no) for the testsuite.
AC_DEFUN([OVNCXX_CHECK_TCMALLOC], [
  AC_ARG_WITH([tcmalloc],
    [AS_HELP_STRING([--with-tcmalloc@<:@=yes|no|check@:>@],
                    [link ovn-controller with tcmalloc (default: check)])],
    [], [with_tcmalloc=check])
  MALLOC_LIBS=
  have_tcmalloc=no
  if test "$with_tcmalloc" != no; then
    AC_LANG_PUSH([C])
    AC_CHECK_LIB([tcmalloc_minimal], [MallocExtension_ReleaseFreeMemory],
                 [have_tcmalloc=yes])
    AC_LANG_POP([C])
    if test "$have_tcmalloc" = yes; then
      MALLOC_LIBS=-ltcmalloc_minimal
    elif test "$with_tcmalloc" = yes; then
      AC_MSG_ERROR([--with-tcmalloc: tcmalloc_minimal not found (Debian: libgoogle-perftools-dev)])
    fi
  fi
  AC_SUBST([MALLOC_LIBS])
  AC_SUBST([HAVE_TCMALLOC], [$have_tcmalloc])
])

dnl OVNCXX_CHECK_VALGRIND
AC_DEFUN([OVNCXX_CHECK_VALGRIND], [
  AC_CHECK_PROGS([VALGRIND], [valgrind])
])

dnl OVNCXX_CHECK_OVS_RUNDIR
dnl
dnl The run directory compiled into the OVS build's libopenvswitch (what
dnl ovs_rundir() returns without OVS_RUNDIR), read from its generated
dnl lib/dirs.c.  ovn-controller finds the Open_vSwitch database there, so
dnl it must be the one the local ovsdb-server uses: /var/run/openvswitch
dnl for Debian's, which the bootstrap's OVS build (--localstatedir=/var)
dnl gives.  Sets OVS_RUNDIR_DEFAULT, for the man page and the summary.
AC_DEFUN([OVNCXX_CHECK_OVS_RUNDIR], [
  AC_MSG_CHECKING([for the run directory compiled into libopenvswitch])
  OVS_RUNDIR_DEFAULT=`sed -n 's/^.*"\([[^"]]*\)", "OVS_RUNDIR".*$/\1/p' \
                          "$OVS_BUILDDIR/lib/dirs.c" 2>/dev/null`
  if test -z "$OVS_RUNDIR_DEFAULT"; then
    AC_MSG_RESULT([unknown])
    AC_MSG_ERROR([cannot read the run directory from $OVS_BUILDDIR/lib/dirs.c])
  fi
  AC_MSG_RESULT([$OVS_RUNDIR_DEFAULT])
  if test "$OVS_RUNDIR_DEFAULT" != /var/run/openvswitch; then
    AC_MSG_WARN([libopenvswitch was configured with another prefix than Debian's Open vSwitch (/var/run/openvswitch): ovn-controller will not find the system's ovsdb-server without OVS_RUNDIR])
  fi
  AC_SUBST([OVS_RUNDIR_DEFAULT])
])

dnl OVNCXX_CHECK_RST2MAN
dnl
dnl The man page is rendered from docs/*.8.rst by docutils' rst2man
dnl (Debian: python3-docutils).
AC_DEFUN([OVNCXX_CHECK_RST2MAN], [
  AC_PATH_PROGS([RST2MAN], [rst2man rst2man.py])
  if test -z "$RST2MAN"; then
    AC_MSG_ERROR([rst2man is required to build the man page (Debian: python3-docutils)])
  fi
])
