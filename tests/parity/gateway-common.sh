# Sourced by dgp.sh and gwrouter.sh: switch-common.sh's sw0 (two VIFs
# here, sw0-p3 none) behind router lr0, whose port lr0-pub is on the
# external switch pub; pub has a localnet port on physnet1, which
# ovn-bridge-mappings maps to br-ex.  lr0 SNATs sw0's subnet to
# 172.16.0.1, has a dnat_and_snat address 172.16.0.100 for sw0-p2 and a
# default route to 172.16.0.254, whose MAC is a static MAC binding.
#
# GATEWAY says what makes lr0 a gateway: 'dgp', lr0-pub is a distributed
# gateway port with hv1 (this chassis) as its only gateway chassis; or
# 'router', lr0 is a gateway router (options:chassis=hv1).
NO_VIF_3=yes
. "$PARITY_DIR"/switch-common.sh
ovs-vsctl add-br br-ex -- set bridge br-ex datapath_type=dummy \
    -- set open . external_ids:ovn-bridge-mappings=physnet1:br-ex
ovn-nbctl ls-add pub -- set logical_switch pub other_config:requested-tnl-key=2
ovn-nbctl lsp-add pub pub-ln -- lsp-set-type pub-ln localnet \
    -- lsp-set-addresses pub-ln unknown \
    -- lsp-set-options pub-ln network_name=physnet1 \
    -- set logical_switch_port pub-ln options:requested-tnl-key=1
case $GATEWAY in
    dgp)
        ovn-nbctl lr-add lr0 \
            -- set logical_router lr0 options:requested-tnl-key=3 ;;
    router)
        ovn-nbctl lr-add lr0 \
            -- set logical_router lr0 options:requested-tnl-key=3 \
                   options:chassis=hv1 ;;
    *)
        echo "gateway-common.sh: GATEWAY must be dgp or router" >&2
        exit 1 ;;
esac
ovn-nbctl lrp-add lr0 lr0-sw0 00:00:00:00:ff:01 10.0.0.254/24 \
    -- set logical_router_port lr0-sw0 options:requested-tnl-key=1
ovn-nbctl lrp-add lr0 lr0-pub 00:00:00:00:ff:02 172.16.0.1/24 \
    -- set logical_router_port lr0-pub options:requested-tnl-key=2
if test "$GATEWAY" = dgp; then
    ovn-nbctl lrp-set-gateway-chassis lr0-pub hv1 20
fi
ovn-nbctl lsp-add sw0 sw0-lr0 -- lsp-set-type sw0-lr0 router \
    -- lsp-set-addresses sw0-lr0 router \
    -- lsp-set-options sw0-lr0 router-port=lr0-sw0 \
    -- set logical_switch_port sw0-lr0 options:requested-tnl-key=10
ovn-nbctl lsp-add pub pub-lr0 -- lsp-set-type pub-lr0 router \
    -- lsp-set-addresses pub-lr0 router \
    -- lsp-set-options pub-lr0 router-port=lr0-pub \
    -- set logical_switch_port pub-lr0 options:requested-tnl-key=10
ovn-nbctl lr-nat-add lr0 snat 172.16.0.1 10.0.0.0/24
ovn-nbctl lr-nat-add lr0 dnat_and_snat 172.16.0.100 10.0.0.2
ovn-nbctl lr-route-add lr0 0.0.0.0/0 172.16.0.254
ovn-nbctl static-mac-binding-add lr0-pub 172.16.0.254 00:00:00:00:aa:fe
