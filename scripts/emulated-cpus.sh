#!/usr/bin/env bash
# Runs the multiversioned kernels under emulated old CPUs (qemu user mode) and checks that
# each CPU gets the clone it allows -- core2duo the fallback, Nehalem v2 (SSE4.2, POPCNT),
# Haswell v3 (AVX2, FMA, BMI) -- with results identical to the host's, and that nothing dies
# of an illegal instruction. Then a -C target-cpu=haswell build must pick v3 at compile time
# (no dispatch) with the same results. Installs Debian's qemu-user when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v qemu-x86_64 >/dev/null; then
    echo "installing qemu-user"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq qemu-user >/dev/null
fi

cargo build --quiet --release -p perfattr-examples --example cpu_levels
binary=target/release/examples/cpu_levels
host_checksum=$("$binary" | grep '^checksum ')

failures=0
check() {
    local cpu=$1 expected=$2 dispatch=$3 binary=$4 output status=0
    output=$(qemu-x86_64 -cpu "$cpu" "$binary" 2>/dev/null) || status=$?
    if [ "$status" -ne 0 ]; then
        echo "FAIL $cpu: exited with status $status (an illegal instruction is 132)"
        echo "$output"
        failures=$((failures + 1))
        return
    fi
    local selected wrong
    selected=$(grep '^selected ' <<<"$output" | awk '{print $2 "=" $3}' | tr '\n' ' ')
    wrong=$(grep '^selected ' <<<"$output" |
        awk -v want="$expected" -v how="$dispatch" '$3 != want || $4 != how {print $2 "=" $3 " (" $4 ")"}')
    if [ -z "$selected" ]; then
        echo "FAIL $cpu: no multiversioned kernel reported"
        failures=$((failures + 1))
    elif [ -n "$wrong" ]; then
        echo "FAIL $cpu: expected every kernel on $expected ($dispatch), got: $wrong"
        failures=$((failures + 1))
    elif [ "$(grep '^checksum ' <<<"$output")" != "$host_checksum" ]; then
        echo "FAIL $cpu: results differ from the host's: $(grep '^checksum ' <<<"$output")"
        failures=$((failures + 1))
    else
        echo "ok   $cpu: $selected"
    fi
}

check core2duo fallback pointer "$binary"
check Nehalem v2 pointer "$binary"
check Haswell v3 pointer "$binary"

RUSTFLAGS="-C target-cpu=haswell" cargo build --quiet --release -p perfattr-examples \
    --example cpu_levels --target-dir target/haswell
check Haswell v3 compile-time target/haswell/release/examples/cpu_levels
echo "emulated CPUs: $((4 - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
