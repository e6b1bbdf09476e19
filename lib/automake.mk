# lib/: the C++ layer over libopenvswitch.  Nothing OVN-specific here.

noinst_LTLIBRARIES += lib/libovscxx.la
lib_libovscxx_la_SOURCES = \
	lib/batching-vconn.cpp \
	lib/batching-vconn.h \
	lib/bitmap-owner.h \
	lib/c-ptr.h \
	lib/dynamic-string.cpp \
	lib/dynamic-string.h \
	lib/group-mod.cpp \
	lib/group-mod.h \
	lib/hindex-view.h \
	lib/hmap-view.h \
	lib/idl-rows.h \
	lib/idl-view.h \
	lib/intrusive.h \
	lib/json-quote.cpp \
	lib/json-quote.h \
	lib/list-view.h \
	lib/ovs-internal.h \
	lib/match-value.cpp \
	lib/match-value.h \
	lib/ofp-encode.cpp \
	lib/ofp-encode.h \
	lib/ofp-text.cpp \
	lib/ofp-text.h \
	lib/ofpacts-builder.cpp \
	lib/ofpacts-builder.h \
	lib/ofpacts-value.cpp \
	lib/ofpacts-value.h \
	lib/oxm-match.cpp \
	lib/oxm-match.h \
	lib/open-hash-index.h \
	lib/parse-error.h \
	lib/shim/bitmap-shim.c \
	lib/shim/bitmap-shim.h \
	lib/shim/flow-shim.c \
	lib/shim/flow-shim.h \
	lib/shim/ovsdb-idl-shim.c \
	lib/shim/ovsdb-idl-shim.h \
	lib/shim/packet-shim.c \
	lib/shim/packet-shim.h \
	lib/shim/vswitch-idl-shim.c \
	lib/shim/vswitch-idl-shim.h \
	lib/smap-owner.h \
	lib/smap-view.h \
	lib/unixctl-server.cpp \
	lib/unixctl-server.h \
	lib/uuid-value.cpp \
	lib/uuid-value.h
lib_libovscxx_la_LIBADD = $(OVS_LIBADD)
