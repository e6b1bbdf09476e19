# Google Benchmark programs; 'make bench' runs them.

if HAVE_BENCHMARK
endif
bench:
