#! /bin/sh
# Regenerates configure and the Makefile.in files from the checkout.
set -e
autoreconf --install --force
