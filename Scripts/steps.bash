# Sourced by the set-up scripts: `step "what, and why" COMMAND...` runs COMMAND with all its output appended to
# one log file and prints a single line saying what ran and how long it took. A failure prints the end of the
# log and names the file holding all of it.
CAMLAB_SETUP_LOG="${CAMLAB_SETUP_LOG:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.build/setup.log}"
export CAMLAB_SETUP_LOG

step() {
    local what="$1"; shift
    mkdir -p "$(dirname "$CAMLAB_SETUP_LOG")"
    printf '\n== %s: %s\n$ %s\n' "$(date '+%F %T')" "$what" "$*" >>"$CAMLAB_SETUP_LOG"
    printf 'CamLab: %s ... ' "$what" >&2
    local start status=0
    start=$(date +%s.%N)
    "$@" >>"$CAMLAB_SETUP_LOG" 2>&1 </dev/null || status=$?
    local took
    took=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f s", b - a }')
    if ((status == 0)); then
        printf 'done in %s\n' "$took" >&2
        return 0
    fi
    printf 'failed after %s (exit status %d)\n' "$took" "$status" >&2
    tail -n 15 "$CAMLAB_SETUP_LOG" | sed 's/^/  | /' >&2
    printf 'CamLab: the full log is %s\n' "$CAMLAB_SETUP_LOG" >&2
    return "$status"
}
