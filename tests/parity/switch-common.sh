# Sourced by the topologies: logical switch sw0 (tunnel key 1) with ports
# sw0-p1, sw0-p2 and sw0-p3 (tunnel keys 1-3, MAC 50:54:00:00:00:0N,
# addresses given by ADDR_N if set, else "MAC 10.0.0.N"), each on a VIF
# vifN of br-int (OpenFlow port N) unless NO_VIF_N is set.  Every key and
# port number is requested, so that two fresh sandboxes agree.
ovn-nbctl ls-add sw0 \
    -- set logical_switch sw0 other_config:requested-tnl-key=1
for i in 1 2 3; do
    eval "addr=\${ADDR_$i:-'50:54:00:00:00:0$i 10.0.0.$i'}"
    ovn-nbctl lsp-add sw0 sw0-p$i \
        -- lsp-set-addresses sw0-p$i "$addr" \
        -- set logical_switch_port sw0-p$i options:requested-tnl-key=$i
    eval "no_vif=\${NO_VIF_$i:-}"
    if test -z "$no_vif"; then
        ovs-vsctl add-port br-int vif$i -- set interface vif$i \
            external_ids:iface-id=sw0-p$i ofport_request=$i
    fi
done
