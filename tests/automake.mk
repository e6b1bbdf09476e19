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
	tests/physical.at \
	tests/ovn-controller-restart.at \
	tests/install.at
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

clean-local:
	test ! -f '$(TESTSUITE)' || $(SHELL) '$(TESTSUITE)' -C tests --clean

include tests/unit/automake.mk
include tests/perf/automake.mk
