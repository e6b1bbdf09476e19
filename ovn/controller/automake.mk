# ovn/controller/: the ovn-controller daemon's modules.

noinst_LTLIBRARIES += ovn/controller/libovncontroller.la
ovn_controller_libovncontroller_la_SOURCES = \
	ovn/controller/ofctrl.h
ovn_controller_libovncontroller_la_LIBADD = lib/libovscxx.la
