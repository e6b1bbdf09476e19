# debian/: the Debian package ovn-cxx-controller, and the guard that keeps
# 'make install' from overwriting a packaged ovn-controller.

EXTRA_DIST += \
	debian/changelog \
	debian/control \
	debian/copyright \
	debian/ovn-cxx-controller.postrm \
	debian/ovn-cxx-controller.preinst \
	debian/rules \
	debian/source/format

# 'make deb': 'make distdir' into deb-build/, then dpkg-buildpackage there
# against this build's Open vSwitch trees.  The package lands in the build
# directory and is rebuilt only when the binary, the man page or debian/
# changed; deb-build/build.log keeps the last build's output.
DEB_VERSION = $(VERSION)
DEB_ARCH = $(shell dpkg-architecture -qDEB_HOST_ARCH 2>/dev/null)
DEB_FILE = ovn-cxx-controller_$(DEB_VERSION)_$(DEB_ARCH).deb
DEB_JOBS = 2
CLEANFILES += ovn-cxx-controller_*.deb
.PHONY: deb
deb: $(DEB_FILE)
$(DEB_FILE): ovn/controller/ovn-controller$(EXEEXT) docs/ovn-controller.8 \
		$(srcdir)/debian/changelog $(srcdir)/debian/control \
		$(srcdir)/debian/rules $(srcdir)/debian/ovn-cxx-controller.preinst \
		$(srcdir)/debian/ovn-cxx-controller.postrm
	@changelog_version=`dpkg-parsechangelog -l $(srcdir)/debian/changelog \
	                      -S Version`; \
	if test "$$changelog_version" != '$(DEB_VERSION)'; then \
	  echo "debian/changelog is at $$changelog_version, configure.ac at $(DEB_VERSION)" >&2; \
	  exit 1; \
	fi
	$(AM_V_GEN)rm -rf deb-build && $(MKDIR_P) deb-build && \
	$(MAKE) $(AM_MAKEFLAGS) distdir \
	  distdir=deb-build/$(PACKAGE)-$(VERSION) >deb-build/build.log 2>&1 && \
	(cd deb-build/$(PACKAGE)-$(VERSION) && \
	 OVN_CXX_CONFIGURE_FLAGS='--with-ovs-source=$(OVS_SRCDIR) --with-ovs-build=$(OVS_BUILDDIR)' \
	 DEB_BUILD_OPTIONS='nocheck parallel=$(DEB_JOBS)' \
	 dpkg-buildpackage -b -us -uc) >>deb-build/build.log 2>&1 || { \
	  tail -n 40 deb-build/build.log >&2; \
	  echo "make deb failed: see deb-build/build.log" >&2; exit 1; }; \
	mv deb-build/$(DEB_FILE) $@ && \
	rm -rf deb-build/$(PACKAGE)-$(VERSION)
clean-local: clean-deb
clean-deb:
	rm -rf deb-build
.PHONY: clean-deb

# 'make install' with Debian's prefixes and no DESTDIR would write over
# /usr/bin/ovn-controller, which belongs to ovn-host (and is the testsuite's
# oracle).  Refuse that: 'make deb' installs ours properly, through
# dpkg-divert.  OVN_CXX_OVERWRITE_PACKAGED=yes overrides.  'install' and
# 'install-strip' build 'all' before copying anything, so the check hangs
# off all-local and acts only when an install is the goal (Automake allows
# no extra prerequisite on its own install rules).
all-local: $(if $(findstring install,$(MAKECMDGOALS)),install-guard)
install-guard:
	@target='$(DESTDIR)$(bindir)/ovn-controller$(EXEEXT)'; \
	if test -z '$(DESTDIR)' && test -e "$$target" \
	   && test '$(OVN_CXX_OVERWRITE_PACKAGED)' != yes \
	   && owner=`dpkg -S "$$target" 2>/dev/null`; then \
	  echo "$$target belongs to a package ($$owner);" >&2; \
	  echo "install with 'make deb' (see README.rst), or use DESTDIR" >&2; \
	  exit 1; \
	fi
.PHONY: install-guard

# 'make distcheck' configures a copy of the tree: it needs this build's
# Open vSwitch trees, and Debian's OVN directories for the testsuite's
# check of the compiled-in defaults.
DISTCHECK_CONFIGURE_FLAGS = \
	--with-ovs-source=$(OVS_SRCDIR) --with-ovs-build=$(OVS_BUILDDIR) \
	--localstatedir=/var --sysconfdir=/etc
CLEANFILES += deb.lock
