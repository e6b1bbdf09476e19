# (i) Router advertisements: lr0's port on sw0 has an IPv6 network and
# ipv6_ra_configs (SLAAC, an MTU, a DNS server, periodic RAs every 3 to
# 4 seconds), so that lr0 answers a router solicitation from sw0-p1 with
# put_nd_ra_opts and advertises on its own.
NO_VIF_3=yes
ADDR_1="50:54:00:00:00:01 10.0.0.1 ae70::1"
. "$PARITY_DIR"/switch-common.sh
ovn-nbctl lr-add lr0 -- set logical_router lr0 options:requested-tnl-key=3
ovn-nbctl lrp-add lr0 lr0-sw0 00:00:00:00:ff:01 10.0.0.254/24 ae70::fe/64 \
    -- set logical_router_port lr0-sw0 options:requested-tnl-key=1
ovn-nbctl set logical_router_port lr0-sw0 \
    ipv6_ra_configs:address_mode=slaac ipv6_ra_configs:mtu=1442 \
    ipv6_ra_configs:rdnss=ae70::fe ipv6_ra_configs:send_periodic=true \
    ipv6_ra_configs:max_interval=4 ipv6_ra_configs:min_interval=3
ovn-nbctl lsp-add sw0 sw0-lr0 -- lsp-set-type sw0-lr0 router \
    -- lsp-set-addresses sw0-lr0 router \
    -- lsp-set-options sw0-lr0 router-port=lr0-sw0 \
    -- set logical_switch_port sw0-lr0 options:requested-tnl-key=10
