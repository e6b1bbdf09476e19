# (h) A router with SNAT and dnat_and_snat behind a distributed gateway
# port: sw0 (switch-common.sh, two VIFs here) reaches lr0, whose port
# lr0-pub on the external switch pub is a distributed gateway port with
# hv1 (this chassis) as its only gateway chassis.  pub has a localnet
# port on physnet1, which ovn-bridge-mappings maps to br-ex
# (gateway-common.sh).
GATEWAY=dgp
. "$PARITY_DIR"/gateway-common.sh
