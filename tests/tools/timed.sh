#!/usr/bin/env bash
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# Runs one stage of `make test` and, when TEST_TIMES_FILE is set (make test-times), appends a line to it:
#   <stage> <wall seconds> <CPU seconds of the stage's processes> <exit status>
#   timed.sh STAGE COMMAND [ARGS...]
set -uo pipefail
stage="$1"
shift
start=$(date +%s.%N)
"$@"
rc=$?
if [[ -n "${TEST_TIMES_FILE:-}" ]]; then
    # `times` (in this shell, not a subshell), second line: the user and system CPU time of the children this shell
    # waited for, and of theirs.
    cpu_file=$(mktemp)
    times > "$cpu_file"
    sed -n 2p "$cpu_file" | awk -v stage="$stage" -v start="$start" -v end="$(date +%s.%N)" -v rc="$rc" \
        '{ cpu = 0; for (i = 1; i <= 2; i++) { split($i, t, /[ms]/); cpu += t[1] * 60 + t[2] }
           printf "%s %.1f %.1f %d\n", stage, end - start, cpu, rc }' >> "$TEST_TIMES_FILE"
    rm -f "$cpu_file"
fi
exit $rc
