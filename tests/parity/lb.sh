# (b) Switch load balancers: a TCP VIP with two backends, a VIP on every
# port, and an IPv6 one.
. "$PARITY_DIR"/switch-common.sh
ovn-nbctl lb-add lb0 10.0.0.100:80 10.0.0.2:8080,10.0.0.3:8080 tcp
ovn-nbctl lb-add lb1 10.0.0.101 10.0.0.2,10.0.0.3
ovn-nbctl lb-add lb2 '[fd00::100]:80' '[fd00::2]:8080' tcp
ovn-nbctl ls-lb-add sw0 lb0 -- ls-lb-add sw0 lb1 -- ls-lb-add sw0 lb2
