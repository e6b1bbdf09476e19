# (k) An external port: sw0 (switch-common.sh, two VIFs here) has a
# localnet port on physnet1 (br-ex) and an external port ext1 (a host on
# the physical network that OVN answers ARP and DHCP for), placed by HA
# chassis group grp1 on hv1 (this chassis, priority 30) and hv2 (20, only
# in the Southbound): hv1 claims it.
NO_VIF_3=yes
. "$PARITY_DIR"/switch-common.sh
ovs-vsctl add-br br-ex -- set bridge br-ex datapath_type=dummy \
    -- set open . external_ids:ovn-bridge-mappings=physnet1:br-ex
ovn-sbctl chassis-add hv2 geneve 192.168.0.2
ovn-nbctl lsp-add sw0 sw0-ln -- lsp-set-type sw0-ln localnet \
    -- lsp-set-addresses sw0-ln unknown \
    -- lsp-set-options sw0-ln network_name=physnet1 \
    -- set logical_switch_port sw0-ln options:requested-tnl-key=9
ovn-nbctl lsp-add sw0 ext1 -- lsp-set-type ext1 external \
    -- lsp-set-addresses ext1 "50:54:00:00:00:10 10.0.0.10" \
    -- set logical_switch_port ext1 options:requested-tnl-key=10
ovn-nbctl ha-chassis-group-add grp1 \
    -- ha-chassis-group-add-chassis grp1 hv1 30 \
    -- ha-chassis-group-add-chassis grp1 hv2 20
grp=$(ovn-nbctl --bare --columns=_uuid find ha_chassis_group name=grp1)
ovn-nbctl set logical_switch_port ext1 ha_chassis_group=$grp
