# tests/: GoogleTest unit tests (tests/unit), benchmarks (tests/perf) and
# the autotest testsuite against real daemons (tests/*.at).

EXTRA_DIST += $(TESTSUITE_AT) $(TESTSUITE) tests/atlocal.in
TESTSUITE_AT = \
	tests/testsuite.at
TESTSUITE = $(srcdir)/tests/testsuite
AUTOTEST = $(AUTOM4TE) -l autotest
AUTOTEST_PATH = $(abs_top_builddir)/tests:$(abs_top_builddir)/ovn/controller:$(abs_top_builddir)/utilities

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

check-local: tests/atconfig tests/atlocal $(TESTSUITE) $(check_PROGRAMS)
	$(SHELL) '$(TESTSUITE)' -C tests AUTOTEST_PATH='$(AUTOTEST_PATH)' $(TESTSUITEFLAGS)

clean-local:
	test ! -f '$(TESTSUITE)' || $(SHELL) '$(TESTSUITE)' -C tests --clean

include tests/unit/automake.mk
include tests/perf/automake.mk
