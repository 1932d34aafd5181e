#!/bin/sh
# The licence tag of every source file: "SPDX-License-Identifier: ISC"
# (LICENSE) within a file's first 3 lines, in its own comment syntax.
#   sh scripts/spdx.sh           add the line where it is missing (idempotent)
#   sh scripts/spdx.sh --check   only list the files without it (exit 1 if any)
# The files: C (.c .h), shell (.sh) and Python (.py) under src/, tests/,
# scripts/ and bench/, and the Makefile. The line goes first, or second after
# a "#!" line (the kernel reads only line 1; Python keeps its docstring).
set -eu
cd "$(dirname "$0")/.."
TAG='SPDX-License-Identifier: ISC'
mode=${1:-add}
case $mode in add|--check) ;; *) echo "usage: sh scripts/spdx.sh [--check]" >&2; exit 100 ;; esac

files() {
	echo Makefile
	find src tests scripts bench -type f \( -name '*.c' -o -name '*.h' -o -name '*.sh' -o -name '*.py' \) |
		LC_ALL=C sort
}

missing=0
for f in $(files); do
	head -n 3 "$f" | grep -q "$TAG" && continue
	if [ "$mode" = --check ]; then
		echo "$f"; missing=1; continue
	fi
	case $f in
	*.c|*.h) line="/* $TAG */" ;;
	*) line="# $TAG" ;;
	esac
	tmp=$f.spdx.$$
	if head -n 1 "$f" | grep -q '^#!'; then
		{ head -n 1 "$f"; echo "$line"; tail -n +2 "$f"; } >"$tmp"
	else
		{ echo "$line"; cat "$f"; } >"$tmp"
	fi
	# keep the file's mode (run scripts stay executable)
	cat "$tmp" >"$f" && rm -f "$tmp"
	echo "spdx: $f"
done
exit $missing
