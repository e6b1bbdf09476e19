# ovn/controller/: the ovn-controller daemon's modules.

noinst_LTLIBRARIES += ovn/controller/libovncontroller.la
ovn_controller_libovncontroller_la_SOURCES = \
	ovn/controller/flow-table.cpp \
	ovn/controller/flow-table.h \
	ovn/controller/group-table.cpp \
	ovn/controller/group-table.h \
	ovn/controller/ofctrl-tables.cpp \
	ovn/controller/ofctrl-tables.h \
	ovn/controller/ofctrl.cpp \
	ovn/controller/ofctrl.h
ovn_controller_libovncontroller_la_LIBADD = lib/libovscxx.la

# The daemon: the main loop over the modules above.
bin_PROGRAMS += ovn/controller/ovn-controller
ovn_controller_ovn_controller_SOURCES = ovn/controller/ovn-controller.cpp
ovn_controller_ovn_controller_LDADD = \
	ovn/controller/libovncontroller.la \
	ovn/lib/libovn.la \
	lib/libovscxx.la
