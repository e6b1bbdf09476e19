# GoogleTest unit tests: one binary, one file per module under test.

# Tests of lib/ (the C++ layer over libopenvswitch).
UNIT_LIB_TESTS = \
	tests/unit/test-lib-batching-vconn.cpp \
	tests/unit/test-lib-bitmap-owner.cpp \
	tests/unit/test-lib-c-ptr.cpp \
	tests/unit/test-lib-dynamic-string.cpp \
	tests/unit/test-lib-flow-shim.cpp \
	tests/unit/test-lib-group-mod.cpp \
	tests/unit/test-lib-hindex-view.cpp \
	tests/unit/test-lib-hmap-view.cpp \
	tests/unit/test-lib-intrusive.cpp \
	tests/unit/test-lib-json-quote.cpp \
	tests/unit/test-lib-list-view.cpp \
	tests/unit/test-lib-ovsdb-idl-shim.cpp \
	tests/unit/test-lib-match-value.cpp \
	tests/unit/test-lib-ofp-encode.cpp \
	tests/unit/test-lib-oxm-match.cpp \
	tests/unit/test-lib-ofp-text.cpp \
	tests/unit/test-lib-ofpacts-builder.cpp \
	tests/unit/test-lib-ofpacts-value.cpp \
	tests/unit/test-lib-open-hash-index.cpp \
	tests/unit/test-lib-parse-error.cpp \
	tests/unit/test-lib-smap-owner.cpp \
	tests/unit/test-lib-uuid-value.cpp

# Tests of ovn/ modules.
UNIT_OVN_TESTS = \
	tests/unit/chassis-fixture.h \
	tests/unit/model-switch.cpp \
	tests/unit/model-switch.h \
	tests/unit/ofctrl-test-util.h \
	tests/unit/pinctrl-test-util.h \
	tests/unit/ovs-fixture.c \
	tests/unit/ovs-fixture.h \
	tests/unit/test-actions.cpp \
	tests/unit/test-binding.cpp \
	tests/unit/test-bridge-key-store.cpp \
	tests/unit/test-ct-zones.cpp \
	tests/unit/test-encaps.cpp \
	tests/unit/test-engine-handlers.cpp \
	tests/unit/test-flow-table.cpp \
	tests/unit/test-flow-table-owners.cpp \
	tests/unit/test-group-table.cpp \
	tests/unit/test-id-table.cpp \
	$(LFLOW_COMPILE_DRIVER) \
	tests/unit/lflow-side-test.h \
	tests/unit/sb-fixture-side.c \
	tests/unit/sb-fixture-side.h \
	tests/unit/sb-fixture-ha.c \
	tests/unit/sb-fixture-ha.h \
	tests/unit/sb-fixture.c \
	tests/unit/sb-fixture.h \
	tests/unit/test-expr.cpp \
	tests/unit/test-inc-proc-eng.cpp \
	tests/unit/test-lex.cpp \
	tests/unit/test-lflow-fdb.cpp \
	tests/unit/test-lflow-lb-hairpin.cpp \
	tests/unit/test-lflow-neighbor.cpp \
	tests/unit/test-lflow-port-sec.cpp \
	tests/unit/test-lflow.cpp \
	tests/unit/test-lport-addresses.cpp \
	tests/unit/test-memory-trim.cpp \
	tests/unit/test-chassis-hostname.cpp \
	tests/unit/test-lflow-compile-data.cpp \
	tests/unit/test-ofctrl-property.cpp \
	tests/unit/test-gateway.cpp \
	tests/unit/test-ha-chassis.cpp \
	tests/unit/test-local-datapaths.cpp \
	tests/unit/test-patch.cpp \
	tests/unit/test-sb-monitor.cpp \
	tests/unit/test-physical.cpp \
	tests/unit/test-pinctrl-packet.cpp \
	tests/unit/test-pinctrl-bfd.cpp \
	tests/unit/test-pinctrl-sb.cpp \
	tests/unit/test-pinctrl-table.cpp \
	tests/unit/pinctrl-l7-test.h \
	tests/unit/test-pinctrl-dhcp.cpp \
	tests/unit/test-pinctrl-dhcpv6.cpp \
	tests/unit/test-pinctrl-dns.cpp \
	tests/unit/test-pinctrl-garp.cpp \
	tests/unit/test-pinctrl-igmp.cpp \
	tests/unit/test-pinctrl-log.cpp \
	tests/unit/test-pinctrl-nd-ra.cpp \
	tests/unit/test-sb-rows.cpp \
	tests/unit/test-sb-shim.cpp \
	tests/unit/test-symtab.cpp

if HAVE_GTEST
check_PROGRAMS += tests/unit/ovn-unit-tests
TESTS += tests/unit/ovn-unit-tests
tests_unit_ovn_unit_tests_SOURCES = \
	tests/unit/test-main.cpp \
	$(UNIT_LIB_TESTS) \
	$(UNIT_OVN_TESTS)
tests_unit_ovn_unit_tests_CXXFLAGS = $(AM_CXXFLAGS) $(GTEST_CFLAGS) \
	-DLFLOW_COMPILE_DATADIR='"$(abs_top_srcdir)/tests/lflow-compile"'
tests_unit_ovn_unit_tests_LDADD = \
	ovn/controller/libovncontroller.la ovn/lib/libovn.la lib/libovscxx.la \
	$(GTEST_LIBS)
endif

# The unit tests again under valgrind's memcheck: any invalid access or
# definite leak fails.  OVN_UNIT_SCALE=valgrind tells the property tests to
# run fewer iterations.
check-valgrind: tests/unit/ovn-unit-tests
	$(AM_V_at)test -n "$(VALGRIND)" || { echo "valgrind not found" >&2; exit 1; }
	OVN_UNIT_SCALE=valgrind $(VALGRIND) \
	  --tool=memcheck --error-exitcode=1 --leak-check=full \
	  --errors-for-leak-kinds=definite --show-leak-kinds=definite \
	  --suppressions=$(srcdir)/tests/unit/valgrind.supp \
	  --num-callers=30 tests/unit/ovn-unit-tests --gtest_brief=1
EXTRA_DIST += tests/unit/valgrind.supp
