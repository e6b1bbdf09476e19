dist_noinst_SCRIPTS += \
	utilities/ovn-bootstrap.sh \
	utilities/ovn-daemons.sh \
	utilities/ovn-sandbox-packets.py \
	utilities/ovn-sandbox.sh

# The demo: a whole chassis (ovsdb-server, ovs-vswitchd, OVN central) in
# ./sandbox, stopped again when it is done.  'make sandbox
# SANDBOXFLAGS=--keep' leaves it running; see utilities/ovn-sandbox.sh.
SANDBOXFLAGS =
sandbox: ovn/controller/ovn-controller
	$(SHELL) $(srcdir)/utilities/ovn-sandbox.sh \
	  --builddir='$(abs_top_builddir)' $(SANDBOXFLAGS)
