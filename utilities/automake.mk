dist_noinst_SCRIPTS += utilities/ovn-bootstrap.sh
sandbox:
