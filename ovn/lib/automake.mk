# ovn/lib/: OVN-specific code shared by ovn-controller's modules.

# The Southbound IDL, generated at build time from the schema that Debian's
# ovn-common installs (never copied into the tree) by Open vSwitch's own
# IDL compiler, the way OVS builds lib/vswitch-idl.[ch].  The generated
# header is not valid C++, so only C files (ovn/lib/sb-shim.c) include it.
OVSDB_IDLC = \
	PYTHONPATH='$(OVS_SRCDIR)/python' PYTHONDONTWRITEBYTECODE=yes \
	$(PYTHON3) '$(OVS_SRCDIR)/ovsdb/ovsdb-idlc.in'
OVN_SB_SCHEMA = $(OVN_SCHEMADIR)/ovn-sb.ovsschema
OVN_SB_IDL_BUILT = \
	ovn/lib/ovn-sb-idl.c \
	ovn/lib/ovn-sb-idl.h \
	ovn/lib/ovn-sb-idl.ovsidl
BUILT_SOURCES += ovn/lib/ovn-sb-idl.c ovn/lib/ovn-sb-idl.h
CLEANFILES += $(OVN_SB_IDL_BUILT)
EXTRA_DIST += ovn/lib/ovn-sb-idl.ann

ovn/lib/ovn-sb-idl.ovsidl: $(OVN_SB_SCHEMA) $(srcdir)/ovn/lib/ovn-sb-idl.ann
	$(AM_V_GEN)$(MKDIR_P) $(@D) && \
	$(OVSDB_IDLC) annotate '$(OVN_SB_SCHEMA)' \
	  $(srcdir)/ovn/lib/ovn-sb-idl.ann > $@.tmp && mv $@.tmp $@
ovn/lib/ovn-sb-idl.c: ovn/lib/ovn-sb-idl.ovsidl
	$(AM_V_GEN)$(OVSDB_IDLC) c-idl-source $< > $@.tmp && mv $@.tmp $@
ovn/lib/ovn-sb-idl.h: ovn/lib/ovn-sb-idl.ovsidl
	$(AM_V_GEN)$(OVSDB_IDLC) c-idl-header $< > $@.tmp && mv $@.tmp $@

# ovn-controller's Southbound layer, generated from the same schema and
# the list of the tables, columns, indexes and clauses it reads
# (docs/southbound-layer.rst): a C shim, which alone includes the IDL
# header, and typed C++ row views over it.
SB_GEN = PYTHONDONTWRITEBYTECODE=yes $(PYTHON3) $(srcdir)/ovn/lib/sb-gen.py
SB_GEN_DEPS = $(OVN_SB_SCHEMA) $(srcdir)/ovn/lib/sb-gen.py \
	$(srcdir)/ovn/lib/sb-tables.txt
SB_GEN_BUILT = \
	ovn/lib/sb-idl-shim.c \
	ovn/lib/sb-idl-shim.h \
	ovn/lib/sb-rows.h
BUILT_SOURCES += $(SB_GEN_BUILT)
CLEANFILES += $(SB_GEN_BUILT)
EXTRA_DIST += ovn/lib/sb-gen.py ovn/lib/sb-tables.txt

ovn/lib/sb-idl-shim.h: $(SB_GEN_DEPS)
	$(AM_V_GEN)$(MKDIR_P) $(@D) && \
	$(SB_GEN) c-header '$(OVN_SB_SCHEMA)' \
	  $(srcdir)/ovn/lib/sb-tables.txt > $@.tmp && mv $@.tmp $@
ovn/lib/sb-idl-shim.c: $(SB_GEN_DEPS)
	$(AM_V_GEN)$(MKDIR_P) $(@D) && \
	$(SB_GEN) c-source '$(OVN_SB_SCHEMA)' \
	  $(srcdir)/ovn/lib/sb-tables.txt > $@.tmp && mv $@.tmp $@
ovn/lib/sb-rows.h: $(SB_GEN_DEPS)
	$(AM_V_GEN)$(MKDIR_P) $(@D) && \
	$(SB_GEN) cxx-header '$(OVN_SB_SCHEMA)' \
	  $(srcdir)/ovn/lib/sb-tables.txt > $@.tmp && mv $@.tmp $@

# The generated code in a library of its own, so that its compiler flags
# can differ from ours.  With OVS 3.1's ovsdb-idlc and Debian 12's schema
# it is clean under our -Wall -Wextra -Werror, so nothing is relaxed yet;
# if a newer compiler or schema changes that, add -Wno-... here, not to
# AM_CFLAGS.
noinst_LTLIBRARIES += ovn/lib/libovnsbidl.la
nodist_ovn_lib_libovnsbidl_la_SOURCES = \
	ovn/lib/ovn-sb-idl.c \
	ovn/lib/ovn-sb-idl.h \
	ovn/lib/sb-idl-shim.c \
	ovn/lib/sb-idl-shim.h
ovn_lib_libovnsbidl_la_CFLAGS = $(AM_CFLAGS)

# Our code over the Southbound IDL.
noinst_LTLIBRARIES += ovn/lib/libovn.la
ovn_lib_libovn_la_SOURCES = \
	ovn/lib/actions.cpp \
	ovn/lib/actions.h \
	ovn/lib/address-set-shim.c \
	ovn/lib/address-set-shim.h \
	ovn/lib/bad-row.cpp \
	ovn/lib/bad-row.h \
	ovn/lib/controller-event-shim.c \
	ovn/lib/controller-event-shim.h \
	ovn/lib/expr.cpp \
	ovn/lib/fdb-shim.c \
	ovn/lib/fdb-shim.h \
	ovn/lib/igmp-group-shim.c \
	ovn/lib/igmp-group-shim.h \
	ovn/lib/expr.h \
	ovn/lib/lex.cpp \
	ovn/lib/lex.h \
	ovn/lib/logical-fields.h \
	ovn/lib/lport-addresses.cpp \
	ovn/lib/lport-addresses.h \
	ovn/lib/mac-binding-shim.c \
	ovn/lib/mac-binding-shim.h \
	ovn/lib/ovn-l7.cpp \
	ovn/lib/ovn-l7.h \
	ovn/lib/sb-rows-find.h \
	ovn/lib/sb-shim.c \
	ovn/lib/sb-shim.h \
	ovn/lib/bfd-status-shim.c \
	ovn/lib/bfd-status-shim.h \
	ovn/lib/service-monitor-shim.c \
	ovn/lib/service-monitor-shim.h \
	ovn/lib/symtab.cpp \
	ovn/lib/symtab.h
nodist_ovn_lib_libovn_la_SOURCES = ovn/lib/sb-rows.h
ovn_lib_libovn_la_LIBADD = ovn/lib/libovnsbidl.la lib/libovscxx.la

# OVN's run and log directories (ovn/lib/ovn-dirs.h), substituted at make
# time from configure's --localstatedir, as OVS substitutes lib/dirs.c, so
# 'make ovnrundir=DIR' works too.
ovnrundir = $(localstatedir)/run/ovn
ovnlogdir = $(localstatedir)/log/ovn
ovn_lib_libovn_la_SOURCES += ovn/lib/ovn-dirs.h
nodist_ovn_lib_libovn_la_SOURCES += ovn/lib/ovn-dirs.cpp
EXTRA_DIST += ovn/lib/ovn-dirs.cpp.in
CLEANFILES += ovn/lib/ovn-dirs.cpp
ovn/lib/ovn-dirs.cpp: ovn/lib/ovn-dirs.cpp.in Makefile
	$(AM_V_GEN)$(MKDIR_P) $(@D) && \
	sed -e 's,[@]OVN_RUNDIR[@],$(ovnrundir),g' \
	    -e 's,[@]OVN_LOGDIR[@],$(ovnlogdir),g' \
	  $(srcdir)/ovn/lib/ovn-dirs.cpp.in > $@.tmp && mv $@.tmp $@
