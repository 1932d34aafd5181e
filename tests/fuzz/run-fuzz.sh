#!/bin/sh
# SPDX-License-Identifier: ISC
# make fuzz: run each libFuzzer binary build-fuzz/fuzz_<target> for
# FUZZ_SECONDS (default 60), on a working corpus seeded from the checked-in
# tests/fuzz/corpus/<target>. Writes build-fuzz/summary.txt: one line per
# target "<target> <seconds> s <runs> runs <corpus> inputs <result>".
# Exit 1 when a target crashed (the input is in build-fuzz/crash/<target>/:
# fix the bug, then add the input to tests/fuzz/corpus/<target>/).
secs=${FUZZ_SECONDS:-60}
jobs=${FUZZ_JOBS:-1}
out=build-fuzz
summary=$out/summary.txt
: >"$summary"
fail=0
for t in "$@"; do
	mkdir -p "$out/corpus/$t" "$out/crash/$t"
	cp -n tests/fuzz/corpus/"$t"/* "$out/corpus/$t/" 2>/dev/null
	dict=; [ -f "tests/fuzz/$t.dict" ] && dict=-dict=tests/fuzz/$t.dict
	echo "== fuzz_$t for ${secs}s"
	"$out/fuzz_$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-max_len=${FUZZ_MAX_LEN:-65536} -print_final_stats=1 $dict \
		-artifact_prefix="$out/crash/$t/" "$out/corpus/$t" \
		tests/fuzz/corpus/"$t" >"$out/$t.log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$t.log" | tail -n 1)
	took=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$out/$t.log" | tail -n 1)
	n=$(ls "$out/corpus/$t" | wc -l)
	if [ "$rc" -eq 0 ]; then res=ok; else res="CRASH (exit $rc, see $out/$t.log)"; fail=1; fi
	line="$t ${took:-$secs} s ${runs:-?} runs $n inputs $res"
	echo "$line" | tee -a "$summary"
	[ "$rc" -eq 0 ] || grep -m 20 -E 'ERROR|SUMMARY|artifact' "$out/$t.log"
done
echo "== summary ($summary)"
cat "$summary"
exit $fail
