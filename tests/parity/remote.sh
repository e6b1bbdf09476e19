# (e) sw0-p3 bound on a second chassis, hv2, that exists only in the
# Southbound: hv1 reaches it through a Geneve tunnel.
NO_VIF_3=yes
. "$PARITY_DIR"/switch-common.sh
ovn-nbctl --wait=sb sync
ovn-sbctl chassis-add hv2 geneve 192.168.0.2 -- lsp-bind sw0-p3 hv2
