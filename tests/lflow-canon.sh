#! /bin/sh
# lflow-canon.sh < FLOWS
#
# Canonicalizes conjunction IDs in "ovs-ofctl dump-flows" lines: the
# ID that ovn-controller allocates is arbitrary, so each one becomes
# the order of its first appearance once the lines are sorted with the
# IDs blanked out.  An ID belongs to one logical flow, i.e. one priority
# here (test-lflow-compile numbers each flow's from 1).  Prints the
# lines sorted.
sed -e 'h' -e 's/conj_id=[0-9]*/conj_id=X/' \
    -e 's/conjunction([0-9]*,/conjunction(X,/g' \
    -e 'G' -e 's/\n/\t/' \
  | LC_ALL=C sort -t "$(printf '\t')" -k1,1 \
  | cut -f2 \
  | awk '{
        line = $0; out = ""
        prio = $0; sub(/.*priority=/, "", prio); sub(/[^0-9].*/, "", prio)
        while (match(line, /(conj_id=|conjunction\()[0-9]+/)) {
            tok = substr(line, RSTART, RLENGTH)
            pre = tok; sub(/[0-9]+$/, "", pre)
            id = substr(tok, length(pre) + 1)
            key = prio ":" id
            if (!(key in map)) { map[key] = ++n }
            out = out substr(line, 1, RSTART - 1) pre map[key]
            line = substr(line, RSTART + RLENGTH)
        }
        print out line
    }' \
  | LC_ALL=C sort
