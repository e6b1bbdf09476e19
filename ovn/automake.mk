include ovn/controller/automake.mk
