#! /bin/bash
# ovn-bootstrap.sh: everything a fresh Debian 12 machine needs to build, test
# and demo this project, then (optionally) one make target.
#
#   utilities/ovn-bootstrap.sh [TARGET]
#
# TARGET is 'build' (the default), 'sandbox' (the demo), 'check' (every
# test), or 'bench'.  Each step is idempotent: packages are installed only
# when missing, the Open vSwitch build is cached outside the checkout and
# redone only when the openvswitch-source package version or its configure
# arguments change, and this project is reconfigured only when its
# configuration inputs change.
#
# Environment:
#   OVN_CXX_CACHE     cache for the OVS build (default ~/.cache/ovn-cxx)
#   OVN_CXX_BUILD     this project's build directory (default: the checkout)
#   OVN_CXX_CONFIGURE extra arguments for this project's configure
#   TESTSUITEFLAGS    passed to the autotest testsuite (default -j<ncpu>)
#
# It never starts, stops or reconfigures system services.

set -o errexit -o nounset -o pipefail

srcdir=$(cd "$(dirname "$0")/.." && pwd)
target=${1:-build}
cache=${OVN_CXX_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ovn-cxx}
builddir=${OVN_CXX_BUILD:-$srcdir}
jobs=$(nproc 2>/dev/null || echo 2)

step=""
trap 'rc=$?; if [ $rc -ne 0 ]; then
          echo "ovn-bootstrap: FAILED at step: $step (exit $rc)" >&2; fi' EXIT

begin() {
    step=$1
    printf '\n=== %s: %s\n' "$(date +%H:%M:%S)" "$step"
}

case $target in
    build|sandbox|check|bench) ;;
    *) echo "usage: $0 [build|sandbox|check|bench]" >&2; exit 2 ;;
esac

# Debian packages.  The service packages (openvswitch-switch, ovn-central,
# ovn-host) are installed only for their binaries and schemas; policy-rc.d
# keeps their maintainer scripts from starting anything.
packages="build-essential autoconf automake libtool pkg-config python3
    libssl-dev libcap-ng-dev libunbound-dev googletest libgtest-dev
    libbenchmark-dev libgoogle-perftools-dev valgrind openvswitch-source
    openvswitch-common openvswitch-switch ovn-central ovn-common ovn-host
    ovn-doc openvswitch-doc python3-docutils debhelper dpkg-dev fakeroot
    man-db xz-utils"

begin "Debian packages"
missing=""
for p in $packages; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null \
            | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
if [ -n "$missing" ]; then
    echo "installing:$missing"
    sudo=""
    if [ "$(id -u)" != 0 ]; then
        sudo=sudo
    fi
    policy=/usr/sbin/policy-rc.d
    created_policy=false
    if [ ! -e $policy ]; then
        printf '#!/bin/sh\nexit 101\n' | $sudo tee $policy >/dev/null
        $sudo chmod 755 $policy
        created_policy=true
    fi
    $sudo apt-get update -q
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q \
        --no-install-recommends $missing
    if $created_policy; then
        $sudo rm -f $policy
    fi
else
    echo "all present"
fi

# Open vSwitch, built once from Debian's openvswitch-source, with Debian's
# directories: libopenvswitch compiles ovs_rundir() and friends in from its
# configure prefixes, and our ovn-controller must find /var/run/openvswitch
# as Debian's does.  The cache key holds the package version and a hash of
# the configure arguments, so changing either builds a fresh tree.
begin "Open vSwitch library build"
ovs_version=$(dpkg-query -W -f='${Version}' openvswitch-source)
ovs_config_args="--prefix=/usr --localstatedir=/var --sysconfdir=/etc"
ovs_config_key=$(printf '%s' "$ovs_config_args" | sha1sum | cut -c1-8)
ovs_top=$cache/ovs-$ovs_version-$ovs_config_key
ovs_src=$ovs_top/openvswitch
ovs_build=$ovs_top/build
if [ -f "$ovs_top/.built" ]; then
    echo "reusing $ovs_build"
else
    echo "building OVS $ovs_version ($ovs_config_args) in $ovs_top"
    rm -rf "$ovs_top"
    mkdir -p "$ovs_top" "$ovs_build"
    tar -C "$ovs_top" -xzf /usr/src/openvswitch/openvswitch.tar.gz
    # shellcheck disable=SC2086
    (cd "$ovs_build" &&
        "$ovs_src"/configure --quiet --enable-silent-rules \
            $ovs_config_args CFLAGS="-g -O2" > configure.log &&
        # Generated headers first: the library's sources include them,
        # and BUILT_SOURCES is honoured only by 'make all'.
        printf 'ovn-cxx-built-sources: $(BUILT_SOURCES)\n' \
            | make -f Makefile -f - -j"$jobs" ovn-cxx-built-sources \
            > make.log 2>&1 &&
        make -j"$jobs" lib/libopenvswitch.la ovsdb/libovsdb.la \
            >> make.log 2>&1) || {
        echo "see $ovs_build/config.log and $ovs_build/make.log" >&2
        exit 1
    }
    echo "$ovs_config_args" > "$ovs_top/.built"
fi

# This project.
begin "configure ovn-cxx"
mkdir -p "$builddir"
# Debian's prefixes, as for OVS above: the defaults compiled in (OVN's and
# OVS's run and log directories) are then the distribution's.  Install
# with 'make deb', or 'make install DESTDIR=...' (see README.rst).
config_args="--prefix=/usr --localstatedir=/var --sysconfdir=/etc \
    --with-ovs-source=$ovs_src --with-ovs-build=$ovs_build \
    ${OVN_CXX_CONFIGURE:-}"
stamp=$builddir/.bootstrap-config
if [ ! -x "$srcdir/configure" ] \
        || [ "$srcdir/configure.ac" -nt "$srcdir/configure" ]; then
    (cd "$srcdir" && ./boot.sh)
fi
if [ ! -f "$builddir/config.status" ] \
        || [ "$(cat "$stamp" 2>/dev/null)" != "$config_args" ]; then
    # shellcheck disable=SC2086
    (cd "$builddir" && "$srcdir"/configure --enable-silent-rules $config_args)
    echo "$config_args" > "$stamp"
else
    echo "already configured in $builddir"
fi

begin "build ovn-cxx"
make -C "$builddir" -j"$jobs"

# summarize_tests: one closing line for both test runners, in the form CI
# reads ("N passed, N failed").  Only reached when everything passed.
# testsuite_passed LOG: how many groups passed, from autotest's summary
# ("All 76 tests were successful.", or "76 tests were successful." when
# some were skipped).
testsuite_passed () {
    sed -n 's/^\(All \)\{0,1\}\([0-9]*\) tests\{0,1\} were successful.*/\2/p' "$1"
}

# testsuite_skipped LOG: how many groups were skipped ("1 test was
# skipped."), 0 if none.
testsuite_skipped () {
    n=$(sed -n 's/^\([0-9]*\) tests\{0,1\} w[a-z]* skipped.*/\1/p' "$1")
    echo "${n:-0}"
}

summarize_tests () {
    unit_tests=$("$builddir"/tests/unit/ovn-unit-tests --gtest_list_tests \
                 | grep -c '^  ')
    at_tests=$(testsuite_passed "$builddir"/tests/testsuite.log)
    asan_tests=$(testsuite_passed "$builddir"/tests/asan/testsuite.log)
    skipped=$(( $(testsuite_skipped "$builddir"/tests/testsuite.log)
                + $(testsuite_skipped "$builddir"/tests/asan/testsuite.log) ))
    echo
    echo "unit tests: $unit_tests passed; testsuite: $at_tests passed;" \
         "testsuite under ASan/UBSan: $asan_tests passed"
    echo "tests: $((unit_tests + at_tests + asan_tests)) passed, 0 failed," \
         "$skipped skipped"
}

case $target in
    build)
        ;;
    sandbox)
        begin "sandbox demo"
        make -C "$builddir" sandbox
        ;;
    check)
        begin "tests"
        make -C "$builddir" -j"$jobs" check \
            TESTSUITEFLAGS="${TESTSUITEFLAGS:--j$jobs}"
        begin "unit tests under valgrind"
        make -C "$builddir" check-valgrind
        begin "testsuite with ovn-controller under ASan and UBSan"
        make -C "$builddir" -j"$jobs" check-asan \
            TESTSUITEFLAGS="${TESTSUITEFLAGS:--j$jobs}"
        summarize_tests
        ;;
    bench)
        begin "benchmarks"
        make -C "$builddir" bench
        ;;
esac
step=""
echo
echo "ovn-bootstrap: $target done"
