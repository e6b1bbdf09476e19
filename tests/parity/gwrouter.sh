# (j) A gateway router: lr0 with options:chassis=hv1 (this chassis)
# between sw0 (switch-common.sh, two VIFs here) and the external switch
# pub, whose localnet port maps to br-ex; SNAT for sw0's subnet and a
# dnat_and_snat address for sw0-p2 (gateway-common.sh).  The router's
# ports and their peers are l3gateway ports that hv1 claims.
GATEWAY=router
. "$PARITY_DIR"/gateway-common.sh
