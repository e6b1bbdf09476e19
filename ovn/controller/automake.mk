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
