# docs/: the man page and the documentation, installed in the standard
# places (man8, and docdir with README and NEWS).

# ovn-controller(8), rendered by docutils' rst2man from its one source,
# docs/ovn-controller.8.rst, with the directories this build compiles in
# (ovn/lib/automake.mk, and OVS's from configure) substituted first.
man_MANS = docs/ovn-controller.8
EXTRA_DIST += docs/ovn-controller.8.rst
CLEANFILES += docs/ovn-controller.8 docs/ovn-controller.8.rst.tmp
docs/ovn-controller.8: docs/ovn-controller.8.rst Makefile
	$(AM_V_GEN)$(MKDIR_P) $(@D) && \
	sed -e 's,[@]ovnrundir[@],$(ovnrundir),g' \
	    -e 's,[@]ovnlogdir[@],$(ovnlogdir),g' \
	    -e 's,[@]OVS_RUNDIR_DEFAULT[@],$(OVS_RUNDIR_DEFAULT),g' \
	  $(srcdir)/docs/ovn-controller.8.rst > $@.rst.tmp && \
	$(RST2MAN) --halt=warning $@.rst.tmp > $@.tmp && \
	rm -f $@.rst.tmp && mv $@.tmp $@

dist_doc_DATA = \
	README.rst \
	NEWS \
	docs/benchmarks.rst \
	docs/lflow-benchmark.rst \
	docs/ofctrl-design.rst \
	docs/ofctrl-switch-benchmark.rst \
	docs/ovn-compiler-actions.rst \
	docs/ovn-compiler.rst \
	docs/ovn-controller-benchmark.rst \
	docs/ovn-controller-engine.rst \
	docs/ovn-controller.rst \
	docs/pinctrl.rst \
	docs/parity.rst \
	docs/pinctrl-l7.rst \
	docs/southbound-layer.rst
