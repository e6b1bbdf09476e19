include ovn/lib/automake.mk
include ovn/controller/automake.mk
