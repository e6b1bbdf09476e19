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

# The generated code in a library of its own, so that its compiler flags
# can differ from ours.  With OVS 3.1's ovsdb-idlc and Debian 12's schema
# it is clean under our -Wall -Wextra -Werror, so nothing is relaxed yet;
# if a newer compiler or schema changes that, add -Wno-... here, not to
# AM_CFLAGS.
noinst_LTLIBRARIES += ovn/lib/libovnsbidl.la
nodist_ovn_lib_libovnsbidl_la_SOURCES = \
	ovn/lib/ovn-sb-idl.c \
	ovn/lib/ovn-sb-idl.h
ovn_lib_libovnsbidl_la_CFLAGS = $(AM_CFLAGS)

# Our code over the Southbound IDL.
noinst_LTLIBRARIES += ovn/lib/libovn.la
ovn_lib_libovn_la_SOURCES = \
	ovn/lib/actions.cpp \
	ovn/lib/actions.h \
	ovn/lib/bad-row.cpp \
	ovn/lib/bad-row.h \
	ovn/lib/lex.cpp \
	ovn/lib/lex.h \
	ovn/lib/logical-fields.h \
	ovn/lib/ovn-l7.cpp \
	ovn/lib/ovn-l7.h \
	ovn/lib/sb-shim.c \
	ovn/lib/sb-shim.h \
	ovn/lib/symtab.cpp \
	ovn/lib/symtab.h
ovn_lib_libovn_la_LIBADD = ovn/lib/libovnsbidl.la lib/libovscxx.la
