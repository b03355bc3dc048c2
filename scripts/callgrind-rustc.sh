#!/usr/bin/env bash
# A RUSTC_WRAPPER for `scripts/compile-cost.sh instructions`: runs each compilation under
# valgrind's callgrind and appends "<crate> <kind> <instructions>" to $COST_LOG. Instructions,
# unlike seconds, do not move with what else the shared machine is doing.
set -euo pipefail
rustc=$1
shift
crate= kind=lib previous=
for arg in "$@"; do
    case $previous in
        --crate-name) crate=$arg ;;
        --crate-type) kind=$arg ;;
    esac
    previous=$arg
done
# Cargo's queries (`rustc -vV`, `--print`, the crate `___`) are not compilations.
if [ -z "$crate" ] || [ "$crate" = ___ ]; then
    exec "$rustc" "$@"
fi
log=$(mktemp)
status=0
valgrind --tool=callgrind --callgrind-out-file=/dev/null --log-file="$log" "$rustc" "$@" || status=$?
collected=$(awk '/Collected :/ { print $NF }' "$log")
rm -f "$log"
echo "$crate $kind ${collected:-0}" >>"$COST_LOG"
exit "$status"
