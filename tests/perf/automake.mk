# Google Benchmark programs; 'make bench' runs them.

if HAVE_BENCHMARK
noinst_PROGRAMS += tests/perf/bench-ofctrl-tables
tests_perf_bench_ofctrl_tables_SOURCES = tests/perf/bench-ofctrl-tables.cpp
tests_perf_bench_ofctrl_tables_CXXFLAGS = $(AM_CXXFLAGS) $(BENCHMARK_CFLAGS)
tests_perf_bench_ofctrl_tables_LDADD = \
	ovn/controller/libovncontroller.la lib/libovscxx.la $(BENCHMARK_LIBS)

# The logical flow compiler on the lflows of a 1000-port topology
# (tests/perf/lflow-compile-topology.sh regenerates them with ovn-northd).
noinst_PROGRAMS += tests/perf/bench-lflow-compile
tests_perf_bench_lflow_compile_SOURCES = tests/perf/bench-lflow-compile.cpp
tests_perf_bench_lflow_compile_CXXFLAGS = $(AM_CXXFLAGS) $(BENCHMARK_CFLAGS)
tests_perf_bench_lflow_compile_LDADD = \
	ovn/lib/libovn.la lib/libovscxx.la $(BENCHMARK_LIBS)
LFLOW_COMPILE_CORPUS = $(srcdir)/tests/perf/lflows-1000-ports.txt.xz
bench-compile: tests/perf/bench-lflow-compile
	tests/perf/bench-lflow-compile $(LFLOW_COMPILE_CORPUS) $(BENCHFLAGS)

# Extra arguments for the benchmark programs, e.g.
# BENCHFLAGS='--benchmark_filter=put_after'.  The summary at the end (ratios
# to the smallest table, bytes per flow) is printed whatever the filter.
BENCHFLAGS =
bench: tests/perf/bench-ofctrl-tables tests/perf/bench-lflow-compile
	tests/perf/bench-ofctrl-tables $(BENCHFLAGS)
	tests/perf/bench-lflow-compile $(LFLOW_COMPILE_CORPUS) $(BENCHFLAGS)
else
bench bench-compile:
	@echo "make $@: Google Benchmark (pkg-config benchmark) was not" \
	  "found by configure" >&2; exit 1
endif

# What a sleep and a wake-up cost a thread in CPU time on this machine
# (make bench-lflow reports it beside the CPU times it measures).
noinst_PROGRAMS += tests/perf/wakeup-cost
tests_perf_wakeup_cost_SOURCES = tests/perf/wakeup-cost.c

# The switch benchmark: test-ofctrl against a real ovs-vswitchd (dummy
# datapath, in a private directory), compared with what the switch takes
# from a pipelined sender, a bundle and ovs-ofctl, plus both restarts.
# BENCH_SIZES, BENCH_REPEAT and BENCH_TIMEOUT in the environment, or
# BENCH_SWITCH_FLAGS (e.g. '--sizes=20000 --keep-dir'), change the run.
dist_noinst_SCRIPTS += \
	tests/perf/lflow-compile-topology.sh \
	tests/perf/ofctrl-switch-bench.sh
EXTRA_DIST += tests/perf/lflows-1000-ports.txt.xz
# Sourced by the benchmark scripts.
EXTRA_DIST += tests/perf/bench-lib.sh
BENCH_SWITCH_FLAGS =
bench-switch: tests/test-ofctrl
	$(SHELL) $(srcdir)/tests/perf/ofctrl-switch-bench.sh \
	  --test-ofctrl='$(abs_top_builddir)/tests/test-ofctrl' \
	  $(BENCH_SWITCH_FLAGS)
.PHONY: bench-switch

# The ovn-controller benchmark: our ovn-controller on a chassis of its own
# (ovsdb-server, ovs-vswitchd with a dummy datapath, the distribution's OVN
# central, in a private directory) with N ports bound; one more port bound
# and unbound, 'recompute', and one port of each Port_Binding type added
# and removed: its main thread's CPU time per operation, its stopwatches,
# wall clock.  BENCH_CONTROLLER_SIZES, BENCH_CONTROLLER_REPEAT,
# BENCH_CONTROLLER_TYPES and BENCH_TIMEOUT in the
# environment, or BENCH_CONTROLLER_FLAGS (e.g. '--sizes="100 2000"
# --keep-dir'), change the run.
dist_noinst_SCRIPTS += tests/perf/ovn-controller-bench.sh
BENCH_CONTROLLER_FLAGS =
bench-controller: ovn/controller/ovn-controller
	$(SHELL) $(srcdir)/tests/perf/ovn-controller-bench.sh \
	  --ovn-controller='$(abs_top_builddir)/ovn/controller/ovn-controller' \
	  $(BENCH_CONTROLLER_FLAGS)
.PHONY: bench-controller

# The same chassis, one port of each Port_Binding type added and removed,
# ours against Debian's 23.03 in the same run (docs/ovn-controller-
# benchmark.rst, "Per port type").  BENCH_TYPES_PORTS, BENCH_TYPES_REPEAT
# and BENCH_TIMEOUT in the environment, or BENCH_TYPES_FLAGS (e.g.
# '--types="external chassisredirect" --keep-dir'), change the run.
dist_noinst_SCRIPTS += tests/perf/port-types-bench.sh
BENCH_TYPES_FLAGS =
bench-port-types: ovn/controller/ovn-controller
	$(SHELL) $(srcdir)/tests/perf/port-types-bench.sh \
	  --ovn-controller='$(abs_top_builddir)/ovn/controller/ovn-controller' \
	  $(BENCH_TYPES_FLAGS)
.PHONY: bench-port-types

# The logical-flow benchmark: our ovn-controller and Debian's 23.03
# (/usr/bin/ovn-controller, checked) on the same workloads, side by side,
# alternating: creating ports with port groups and ACLs (a), adding one
# port (b), a large address set in an ACL (c), restarts with its flows
# installed (d).  BENCH (e.g. 'make bench-lflow BENCH="c d"'),
# BENCH_LFLOW_PORTS, BENCH_LFLOW_ADDRESSES, BENCH_LFLOW_REPEAT and
# BENCH_TIMEOUT in the environment or on make's command line, or
# BENCH_LFLOW_FLAGS (e.g. '--keep-dir'), change the run
# (docs/lflow-benchmark.rst).
dist_noinst_SCRIPTS += tests/perf/lflow-bench.sh tests/perf/nb-set-change.py \
	tests/perf/hv-timeline.py
BENCH_LFLOW_FLAGS =
bench-lflow: ovn/controller/ovn-controller tests/perf/wakeup-cost
	$(SHELL) $(srcdir)/tests/perf/lflow-bench.sh \
	  --ovn-controller='$(abs_top_builddir)/ovn/controller/ovn-controller' \
	  --wakeup-cost='$(abs_top_builddir)/tests/perf/wakeup-cost' \
	  $(BENCH_LFLOW_FLAGS)
.PHONY: bench-lflow
