#!/usr/bin/env bash
# The kernels three ways, side by side:
#   baseline  portable build, PERFATTR_DISABLE=all: the fallback clones, x86-64 baseline code
#   native    built with -C target-cpu=native: what this machine's best code runs at
#   portable  portable build with #[multiversion] dispatch: what every user gets
# and the ratios portable/native (goal >= 0.95) and portable/baseline. Throughput is
# criterion's; all three run back to back on this machine.
set -euo pipefail
cd "$(dirname "$0")/.."
measure=${MEASURE_SECONDS:-3}

run() { # label, target dir, extra env
    local label=$1 dir=$2
    shift 2
    env "$@" cargo bench --quiet -p perfattr-examples --bench kernels --target-dir "$dir" -- \
        --warm-up-time 1 --measurement-time "$measure" --output-format bencher 2>/dev/null |
        awk -v label="$label" '/^test / { gsub(",", "", $5); print label, $2, $5 }'
}

results=$(mktemp)
run baseline target PERFATTR_DISABLE=all >>"$results"
run native target/native RUSTFLAGS="-C target-cpu=native" >>"$results"
run portable target >>"$results"

printf '%-22s %12s %12s %12s %16s %18s\n' kernel "baseline ns" "native ns" "portable ns" "portable/native" "portable/baseline"
awk '
    { time[$1, $2] = $3; kernels[$2] = 1 }
    END {
        for (k in kernels) {
            b = time["baseline", k]; n = time["native", k]; p = time["portable", k]
            # Throughput ratio: higher is better for portable.
            printf "%-22s %12d %12d %12d %15.2fx %17.2fx\n", k, b, n, p, n / p, b / p
        }
    }' "$results" | sort
