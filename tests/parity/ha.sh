# (i) An HA gateway on two chassis: tests/parity/dgp.sh's router, whose
# distributed gateway port lr0-pub has hv2 (priority 20, Geneve at
# 192.168.0.2, only in the Southbound) and hv1 (priority 10, this
# chassis) as gateway chassis.  hv2 is the active one: hv1 sends what
# leaves through the gateway to hv2's tunnel, and enables BFD on it.
ovn-sbctl chassis-add hv2 geneve 192.168.0.2
. "$PARITY_DIR"/dgp.sh
ovn-nbctl lrp-set-gateway-chassis lr0-pub hv2 20
ovn-nbctl lrp-set-gateway-chassis lr0-pub hv1 10
