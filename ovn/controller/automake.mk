# ovn/controller/: the ovn-controller daemon's modules.

noinst_LTLIBRARIES += ovn/controller/libovncontroller.la
ovn_controller_libovncontroller_la_SOURCES = \
	ovn/controller/binding.cpp \
	ovn/controller/binding.h \
	ovn/controller/bfd.cpp \
	ovn/controller/bfd.h \
	ovn/controller/bridge-key-store.cpp \
	ovn/controller/bridge-key-store.h \
	ovn/controller/chassis.cpp \
	ovn/controller/chassis.h \
	ovn/controller/chassis-hostname.cpp \
	ovn/controller/chassis-hostname.h \
	ovn/controller/ct-zones.cpp \
	ovn/controller/ct-zones.h \
	ovn/controller/encaps.cpp \
	ovn/controller/encaps.h \
	ovn/controller/flow-table.cpp \
	ovn/controller/flow-table.h \
	ovn/controller/gateway.cpp \
	ovn/controller/gateway.h \
	ovn/controller/group-table.cpp \
	ovn/controller/group-table.h \
	ovn/controller/ha-chassis.cpp \
	ovn/controller/ha-chassis.h \
	ovn/controller/id-table.h \
	ovn/controller/if-status.cpp \
	ovn/controller/if-status.h \
	ovn/controller/inc-proc-eng.cpp \
	ovn/controller/inc-proc-eng.h \
	ovn/controller/lflow-conj-ids.cpp \
	ovn/controller/lflow-conj-ids.h \
	ovn/controller/lflow-fdb.cpp \
	ovn/controller/lflow-fdb.h \
	ovn/controller/lflow-lb-hairpin.cpp \
	ovn/controller/lflow-lb-hairpin.h \
	ovn/controller/lflow-member-flows.cpp \
	ovn/controller/lflow-member-flows.h \
	ovn/controller/lflow-neighbor.cpp \
	ovn/controller/lflow-neighbor.h \
	ovn/controller/lflow-port-sec.cpp \
	ovn/controller/lflow-port-sec.h \
	ovn/controller/lflow-refs.cpp \
	ovn/controller/lflow-refs.h \
	ovn/controller/lflow-side.cpp \
	ovn/controller/lflow-side.h \
	ovn/controller/lflow.cpp \
	ovn/controller/lflow.h \
	ovn/controller/local-datapaths.cpp \
	ovn/controller/local-datapaths.h \
	ovn/controller/lport-datapaths.h \
	ovn/controller/lport-type.cpp \
	ovn/controller/lport-type.h \
	ovn/controller/memory-trim.cpp \
	ovn/controller/memory-trim.h \
	ovn/controller/meter-table.cpp \
	ovn/controller/meter-table.h \
	ovn/controller/ofctrl-tables.cpp \
	ovn/controller/ofctrl-tables.h \
	ovn/controller/nb-cfg-keys.cpp \
	ovn/controller/nb-cfg-keys.h \
	ovn/controller/ofctrl.cpp \
	ovn/controller/ofctrl.h \
	ovn/controller/ovs-tracked.cpp \
	ovn/controller/ovs-tracked.h \
	ovn/controller/patch.cpp \
	ovn/controller/patch.h \
	ovn/controller/physical-impl.h \
	ovn/controller/physical-lport.cpp \
	ovn/controller/physical-migration.cpp \
	ovn/controller/physical-vxlan.cpp \
	ovn/controller/physical.cpp \
	ovn/controller/physical.h \
	ovn/controller/pinctrl-activation.cpp \
	ovn/controller/pinctrl-arp-nd.cpp \
	ovn/controller/pinctrl-bfd.cpp \
	ovn/controller/pinctrl-bfd.h \
	ovn/controller/pinctrl-buffered.cpp \
	ovn/controller/pinctrl-buffered.h \
	ovn/controller/pinctrl-dhcp.cpp \
	ovn/controller/pinctrl-dhcp.h \
	ovn/controller/pinctrl-dhcpv6.cpp \
	ovn/controller/pinctrl-dhcpv6.h \
	ovn/controller/pinctrl-dns.cpp \
	ovn/controller/pinctrl-dns.h \
	ovn/controller/pinctrl-event.cpp \
	ovn/controller/pinctrl-fdb.cpp \
	ovn/controller/pinctrl-handler.h \
	ovn/controller/pinctrl-icmp.cpp \
	ovn/controller/pinctrl-igmp.cpp \
	ovn/controller/pinctrl-igmp.h \
	ovn/controller/pinctrl-inject.cpp \
	ovn/controller/pinctrl-inject.h \
	ovn/controller/pinctrl-l7-packet.cpp \
	ovn/controller/pinctrl-l7-packet.h \
	ovn/controller/pinctrl-l7.cpp \
	ovn/controller/pinctrl-log.cpp \
	ovn/controller/pinctrl-log.h \
	ovn/controller/pinctrl-mac-binding.cpp \
	ovn/controller/pinctrl-nd-ra.cpp \
	ovn/controller/pinctrl-nd-ra.h \
	ovn/controller/pinctrl-packet.cpp \
	ovn/controller/pinctrl-packet.h \
	ovn/controller/pinctrl-garp.cpp \
	ovn/controller/pinctrl-garp.h \
	ovn/controller/pinctrl-ra-timer.cpp \
	ovn/controller/pinctrl-ra-timer.h \
	ovn/controller/pinctrl-sb.h \
	ovn/controller/pinctrl-svc-monitor.cpp \
	ovn/controller/pinctrl-vport.cpp \
	ovn/controller/pinctrl.cpp \
	ovn/controller/pinctrl.h \
	ovn/controller/sb-monitor.cpp \
	ovn/controller/sb-monitor.h \
	ovn/controller/virtual-ports.cpp \
	ovn/controller/virtual-ports.h
ovn_controller_libovncontroller_la_LIBADD = ovn/lib/libovn.la lib/libovscxx.la

# The daemon: the main loop over the modules above.
bin_PROGRAMS += ovn/controller/ovn-controller
ovn_controller_ovn_controller_SOURCES = ovn/controller/ovn-controller.cpp
ovn_controller_ovn_controller_LDADD = \
	ovn/controller/libovncontroller.la \
	ovn/lib/libovn.la \
	lib/libovscxx.la \
	$(MALLOC_LIBS)
