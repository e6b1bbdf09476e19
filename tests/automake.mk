# tests/: GoogleTest unit tests (tests/unit), benchmarks (tests/perf) and
# the autotest testsuite against real daemons (tests/*.at).

EXTRA_DIST += $(TESTSUITE_AT) $(TESTSUITE) tests/atlocal.in
TESTSUITE_AT = \
	tests/testsuite.at \
	tests/ovs-macros.at \
	tests/ovn-macros.at \
	tests/harness.at \
	tests/sandbox.at \
	tests/ovsdb-shim.at \
	tests/ofctrl.at \
	tests/ovn-controller.at \
	tests/binding.at \
	tests/lflow.at \
	tests/physical.at \
	tests/lflow-side.at \
	tests/port-types.at \
	tests/port-types2.at \
	tests/port-types3.at \
	tests/port-types4.at \
	tests/actions-parity.at \
	tests/inc-proc-eng.at \
	tests/install.at \
	tests/lflow-compile.at \
	tests/lflow-parity.at \
	tests/ha-gateway.at \
	tests/external-ports.at \
	tests/pinctrl.at \
	tests/pinctrl-l7.at \
	tests/pinctrl-events.at \
	tests/pinctrl-garp.at \
	tests/pinctrl-ports.at \
	tests/pinctrl-igmp.at \
	tests/pinctrl-bfd.at \
	tests/ovn-controller-memory.at \
	tests/ovn-controller-restart.at \
	tests/ct-zones.at \
	tests/sb-connection.at \
	tests/sb-monitor.at \
	tests/soak.at \
	tests/lflow-bench.at \
	tests/port-types-bench.at
TESTSUITE = $(srcdir)/tests/testsuite
# configure does not substitute AUTOM4TE; go through 'missing' as the
# other autotools do.
AUTOM4TE = $(SHELL) $(top_srcdir)/build-aux/missing autom4te
AUTOTEST = $(AUTOM4TE) -l autotest
AUTOTEST_PATH = $(abs_top_builddir)/tests:$(abs_top_builddir)/ovn/controller:$(abs_top_builddir)/utilities

# Sends flows and groups over a real rconn (for the testsuite and the
# sandbox, until ovn-controller drives the switch itself).
check_PROGRAMS += tests/test-rconn-send
tests_test_rconn_send_SOURCES = tests/test-rconn-send.cpp
tests_test_rconn_send_LDADD = lib/libovscxx.la

# The OVSDB shims (Southbound and Open_vSwitch) against real ovsdb-servers.
check_PROGRAMS += tests/test-ovsdb-shim
tests_test_ovsdb_shim_SOURCES = tests/test-ovsdb-shim.cpp
tests_test_ovsdb_shim_LDADD = ovn/lib/libovn.la lib/libovscxx.la

# The real ofctrl in a daemon of its own, driven with ovs-appctl (for the
# testsuite and the benchmarks).
noinst_PROGRAMS += tests/test-ofctrl
tests_test_ofctrl_SOURCES = tests/test-ofctrl.cpp
tests_test_ofctrl_LDADD = ovn/controller/libovncontroller.la lib/libovscxx.la

# The logical flow compiler on the command line, and the data files that
# it and the unit tests run (tests/lflow-compile/*.txt).
LFLOW_COMPILE_CASES = \
	tests/lflow-compile/actions-errors.txt \
	tests/lflow-compile/actions-refused.txt \
	tests/lflow-compile/actions-router.txt \
	tests/lflow-compile/actions.txt \
	tests/lflow-compile/expr-annotate.txt \
	tests/lflow-compile/expr-errors.txt \
	tests/lflow-compile/expr-normalize.txt \
	tests/lflow-compile/expr-parse.txt \
	tests/lflow-compile/expr-to-flows.txt \
	tests/lflow-compile/lex.txt \
	tests/lflow-compile/symtab.txt
EXTRA_DIST += \
	$(LFLOW_COMPILE_CASES) \
	tests/lflow-canon.sh \
	tests/lflow-oracle.sh \
	tests/lflow-oracle-errors.sh \
	$(PARITY_FILES)
# The Debian-against-ours comparison (tests/lflow-parity.at): the
# normaliser, one chassis on a fresh sandbox, and the topologies.
PARITY_FILES = \
	tests/ofctl-normalize.py \
	tests/parity-chassis.sh \
	tests/parity/acl.packets \
	tests/parity/acl.sh \
	tests/parity/bindings.then \
	tests/parity/dgp.packets \
	tests/parity/dgp.sh \
	tests/parity/dhcp-dns.packets \
	tests/parity/dhcp-dns.sh \
	tests/parity/dual-stack.packets \
	tests/parity/dual-stack.sh \
	tests/parity/external-active.packets \
	tests/parity/external-active.sh \
	tests/parity/external-remote.packets \
	tests/parity/external-remote.sh \
	tests/parity/external.packets \
	tests/parity/external.sh \
	tests/parity/gateway-common.sh \
	tests/parity/gwrouter.packets \
	tests/parity/gwrouter.sh \
	tests/parity/ha.packets \
	tests/parity/ha.sh \
	tests/parity/lb.packets \
	tests/parity/lb.sh \
	tests/parity/meter-group.packets \
	tests/parity/meter-group.sh \
	tests/parity/nd-ra.packets \
	tests/parity/raw-sb-txn.py \
	tests/parity/raw-sb.packets \
	tests/parity/raw-sb.sh \
	tests/parity/remote.packets \
	tests/parity/remote.sh \
	tests/parity/router.packets \
	tests/parity/router.sh \
	tests/parity/switch-common.sh \
	tests/parity/table-lists.then \
	$(PINCTRL_L7_FILES)
# pinctrl's L7 replies (tests/pinctrl-l7.at, tests/unit/test-pinctrl-*):
# topologies, requests, and the replies recorded from Debian.
PINCTRL_L7_FILES = \
	tests/parity/acl-log.sh \
	tests/parity/dhcp-l7.sh \
	tests/parity/nd-ra.sh \
	tests/pinctrl/l7-inject.sh \
	tests/pinctrl/l7-packet.py \
	tests/pinctrl/l7-periodic-ra.sh \
	tests/pinctrl/bfd-packets.py \
	tests/pinctrl/debian/acl-log-lines \
	tests/pinctrl/debian/nd-ra/periodic-ra \
	$(wildcard $(srcdir)/tests/pinctrl/debian/*/reply-*) \
	tests/pinctrl/debian/nd-ra/periodic-ra
LFLOW_COMPILE_DRIVER = \
	tests/lflow-compile-actions.cpp \
	tests/lflow-compile-driver.cpp \
	tests/lflow-compile-driver.h \
	tests/lflow-compile-shim.c \
	tests/lflow-compile-shim.h
noinst_PROGRAMS += tests/test-lflow-compile
tests_test_lflow_compile_SOURCES = \
	tests/test-lflow-compile.cpp \
	$(LFLOW_COMPILE_DRIVER)
tests_test_lflow_compile_LDADD = ovn/lib/libovn.la lib/libovscxx.la

# A fuzz driver for the lexer, the match and the action compiler
# (tests/lflow-compile.at
# runs it for a few seconds with the data files as its corpus).
noinst_PROGRAMS += tests/fuzz-lflow-compile
tests_fuzz_lflow_compile_SOURCES = tests/fuzz-lflow-compile.cpp
tests_fuzz_lflow_compile_LDADD = ovn/lib/libovn.la lib/libovscxx.la

# A fuzz driver for pinctrl's packet-in decoding and handlers
# (tests/pinctrl.at runs it for a few seconds).
check_PROGRAMS += tests/fuzz-pinctrl
tests_fuzz_pinctrl_SOURCES = tests/fuzz-pinctrl.cpp
tests_fuzz_pinctrl_LDADD = \
	ovn/controller/libovncontroller.la ovn/lib/libovn.la lib/libovscxx.la

# The same driver with pinctrl's decoding and handlers compiled again
# under AddressSanitizer, LeakSanitizer and UndefinedBehaviorSanitizer,
# into objects of its own; tests/pinctrl.at runs it too (SANITIZER_FLAGS:
# see check-asan).  The rest of ovn-controller comes from the normal
# libraries: the linker takes from libovncontroller.la only the objects
# that define what the sanitized ones do not (a handler file not listed
# here still links, unsanitized).
check_PROGRAMS += tests/fuzz-pinctrl-asan
tests_fuzz_pinctrl_asan_SOURCES = \
	tests/fuzz-pinctrl.cpp \
	ovn/controller/pinctrl-activation.cpp \
	ovn/controller/pinctrl-arp-nd.cpp \
	ovn/controller/pinctrl-bfd.cpp \
	ovn/controller/pinctrl-buffered.cpp \
	ovn/controller/pinctrl-dhcp.cpp \
	ovn/controller/pinctrl-dhcpv6.cpp \
	ovn/controller/pinctrl-dns.cpp \
	ovn/controller/pinctrl-event.cpp \
	ovn/controller/pinctrl-fdb.cpp \
	ovn/controller/pinctrl-garp.cpp \
	ovn/controller/pinctrl-icmp.cpp \
	ovn/controller/pinctrl-igmp.cpp \
	ovn/controller/pinctrl-inject.cpp \
	ovn/controller/pinctrl-l7-packet.cpp \
	ovn/controller/pinctrl-l7.cpp \
	ovn/controller/pinctrl-log.cpp \
	ovn/controller/pinctrl-mac-binding.cpp \
	ovn/controller/pinctrl-nd-ra.cpp \
	ovn/controller/pinctrl-packet.cpp \
	ovn/controller/pinctrl-ra-timer.cpp \
	ovn/controller/pinctrl-svc-monitor.cpp \
	ovn/controller/pinctrl-vport.cpp \
	ovn/controller/pinctrl.cpp
tests_fuzz_pinctrl_asan_CXXFLAGS = $(AM_CXXFLAGS) $(SANITIZER_FLAGS)
tests_fuzz_pinctrl_asan_LDFLAGS = $(SANITIZER_FLAGS)
tests_fuzz_pinctrl_asan_LDADD = $(tests_fuzz_pinctrl_LDADD)

# The same driver with the compiler's sources (and the C++ layer they use)
# compiled again under AddressSanitizer, LeakSanitizer and
# UndefinedBehaviorSanitizer, into objects of its own; 'make check' builds
# it and tests/lflow-compile.at runs it (SANITIZER_FLAGS: see check-asan).
check_PROGRAMS += tests/fuzz-lflow-compile-asan
tests_fuzz_lflow_compile_asan_SOURCES = \
	tests/fuzz-lflow-compile.cpp \
	ovn/lib/actions.cpp \
	ovn/lib/expr.cpp \
	ovn/lib/lex.cpp \
	ovn/lib/ovn-l7.cpp \
	ovn/lib/symtab.cpp \
	lib/json-quote.cpp \
	lib/match-value.cpp \
	lib/ofpacts-builder.cpp \
	lib/ofpacts-value.cpp \
	lib/shim/flow-shim.c
tests_fuzz_lflow_compile_asan_CFLAGS = $(AM_CFLAGS) $(SANITIZER_FLAGS)
tests_fuzz_lflow_compile_asan_CXXFLAGS = $(AM_CXXFLAGS) $(SANITIZER_FLAGS)
tests_fuzz_lflow_compile_asan_LDFLAGS = $(SANITIZER_FLAGS)
tests_fuzz_lflow_compile_asan_LDADD = $(OVS_LIBADD)

$(TESTSUITE): $(TESTSUITE_AT) $(srcdir)/package.m4
	$(AM_V_GEN)$(AUTOTEST) -I $(srcdir) -I $(srcdir)/tests -o $@.tmp $@.at && mv $@.tmp $@

$(srcdir)/package.m4: $(top_srcdir)/configure.ac
	$(AM_V_GEN){ \
	  echo '# Signature of the current package.'; \
	  echo 'm4_define([AT_PACKAGE_NAME],      [$(PACKAGE_NAME)])'; \
	  echo 'm4_define([AT_PACKAGE_TARNAME],   [$(PACKAGE_TARNAME)])'; \
	  echo 'm4_define([AT_PACKAGE_VERSION],   [$(PACKAGE_VERSION)])'; \
	  echo 'm4_define([AT_PACKAGE_STRING],    [$(PACKAGE_STRING)])'; \
	  echo 'm4_define([AT_PACKAGE_BUGREPORT], [$(PACKAGE_BUGREPORT)])'; \
	} > $@

EXTRA_DIST += package.m4

# configure's AC_CONFIG_TESTDIR writes it; 'make distclean' must remove it.
DISTCLEANFILES += tests/atconfig

check-local: tests/atconfig tests/atlocal $(TESTSUITE) $(check_PROGRAMS)
	$(SHELL) '$(TESTSUITE)' -C tests AUTOTEST_PATH='$(AUTOTEST_PATH)' $(TESTSUITEFLAGS)

# 'make check-asan': the testsuite again, with an ovn-controller whose every
# object (ours and the generated IDL's; libopenvswitch stays as it is) is
# compiled with AddressSanitizer, LeakSanitizer and UndefinedBehaviorSanitizer,
# into objects of its own, so the normal build is untouched.  The binary
# lives in tests/asan/ovn/controller/, first in the testsuite's PATH.  Any
# report fails the run: undefined behaviour aborts, and every report is
# written to tests/asan/reports/, which must stay empty.  The groups run in
# tests/asan/, so tests/testsuite.log keeps the normal run's results.
SANITIZER_FLAGS = -fsanitize=address,undefined -fno-sanitize-recover=undefined \
	-fno-omit-frame-pointer
EXTRA_PROGRAMS = tests/asan/ovn/controller/ovn-controller
tests_asan_ovn_controller_ovn_controller_SOURCES = \
	$(ovn_controller_ovn_controller_SOURCES) \
	$(ovn_controller_libovncontroller_la_SOURCES) \
	$(ovn_lib_libovn_la_SOURCES) \
	$(lib_libovscxx_la_SOURCES)
nodist_tests_asan_ovn_controller_ovn_controller_SOURCES = \
	$(nodist_ovn_lib_libovnsbidl_la_SOURCES) \
	$(nodist_ovn_lib_libovn_la_SOURCES)
tests_asan_ovn_controller_ovn_controller_CFLAGS = \
	$(AM_CFLAGS) $(SANITIZER_FLAGS)
tests_asan_ovn_controller_ovn_controller_CXXFLAGS = \
	$(AM_CXXFLAGS) $(SANITIZER_FLAGS)
tests_asan_ovn_controller_ovn_controller_LDFLAGS = $(SANITIZER_FLAGS)
tests_asan_ovn_controller_ovn_controller_LDADD = $(OVS_LIBADD)
CLEANFILES += tests/asan/ovn/controller/ovn-controller

ASAN_REPORTS = $(abs_top_builddir)/tests/asan/reports
# The groups that run ovn-controller, less those that only install or
# package it (they build the tree again, without the sanitizers).
ASAN_TESTSUITE_KEYWORDS = -k 'ovn-controller,!install' -k physical
check-asan: tests/atconfig tests/atlocal $(TESTSUITE) $(check_PROGRAMS) \
		tests/asan/ovn/controller/ovn-controller$(EXEEXT)
	@rm -rf '$(ASAN_REPORTS)' && $(MKDIR_P) '$(ASAN_REPORTS)'
	cp tests/atconfig tests/atlocal tests/asan/
	OVN_CXX_SANITIZED=yes \
	ASAN_OPTIONS=log_path='$(ASAN_REPORTS)/asan':detect_leaks=1 \
	UBSAN_OPTIONS=log_path='$(ASAN_REPORTS)/ubsan':print_stacktrace=1 \
	$(SHELL) '$(TESTSUITE)' -C tests/asan \
	  AUTOTEST_PATH='$(abs_top_builddir)/tests/asan/ovn/controller:$(AUTOTEST_PATH)' \
	  $(ASAN_TESTSUITE_KEYWORDS) $(TESTSUITEFLAGS)
	@if test -n "$$(ls -A '$(ASAN_REPORTS)')"; then \
	  cat '$(ASAN_REPORTS)'/*; \
	  echo "check-asan: sanitizer reports above (in $(ASAN_REPORTS))"; \
	  exit 1; \
	fi
	@echo "check-asan: no sanitizer report"
.PHONY: check-asan

# 'make check-soak': a few minutes of churn (tests/soak.at), with the
# normal build, where RSS is checked, then under the sanitizers.
check-soak: tests/atconfig tests/atlocal $(TESTSUITE) $(check_PROGRAMS)
	OVN_SOAK=yes $(SHELL) '$(TESTSUITE)' -C tests \
	  AUTOTEST_PATH='$(AUTOTEST_PATH)' -k soak $(TESTSUITEFLAGS)
	OVN_SOAK=yes $(MAKE) check-asan ASAN_TESTSUITE_KEYWORDS='-k soak'
.PHONY: check-soak

clean-local:
	test ! -f '$(TESTSUITE)' || $(SHELL) '$(TESTSUITE)' -C tests --clean
	rm -rf tests/asan

include tests/unit/automake.mk
include tests/perf/automake.mk
