#!/usr/bin/env bash
# The kernels three ways, side by side:
#   baseline  portable build, PERFATTR_DISABLE=all: the fallback clones, x86-64 baseline code
#   native    built with -C target-cpu=native: what this machine's best code runs at
#   portable  portable build with #[multiversion] dispatch (and the examples' embedded dispatch
#             profile): what every user gets
# The three bench binaries are built first, then run in interleaved rounds (baseline, native,
# portable, in an order that turns every round), each for a short criterion measurement, so
# the drift of a shared machine hits all three alike; each ratio is the median of its per-round
# ratios. Prints portable/native (goal >= 1.0) and portable/baseline, as throughput ratios
# (higher is better for portable). ROUNDS (default 5) and MEASURE_SECONDS (default 1) set the
# length.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${ROUNDS:-5}
measure=${MEASURE_SECONDS:-1}

binary() { # target dir, extra env: the kernels bench executable, built
    local dir=$1
    shift
    env "$@" cargo bench -p perfattr-examples --bench kernels --target-dir "$dir" --no-run 2>&1 |
        grep -o "$dir/release/deps/kernels-[0-9a-f]*" | head -1
}
portable=$(binary target)
native=$(binary target/native RUSTFLAGS="-C target-cpu=native")

run() { # label, round, binary, extra env
    local label=$1 round=$2 bin=$3
    shift 3
    env "$@" "$bin" --bench '^kernels/' --warm-up-time 0.3 --measurement-time "$measure" \
        --output-format bencher 2>/dev/null |
        awk -v label="$label" -v round="$round" '/^test / { gsub(",", "", $5); print label, round, $2, $5 }'
}

results=$(mktemp)
for round in $(seq "$rounds"); do
    order=(baseline native portable)
    for turn in 0 1 2; do
        label=${order[$(((turn + round) % 3))]}
        case $label in
        baseline) run baseline "$round" "$portable" PERFATTR_DISABLE=all >>"$results" ;;
        native) run native "$round" "$native" >>"$results" ;;
        portable) run portable "$round" "$portable" >>"$results" ;;
        esac
    done
done

printf '%-22s %12s %12s %12s %16s %18s\n' kernel "baseline ns" "native ns" "portable ns" "portable/native" "portable/baseline"
python3 - "$results" <<'PY'
import statistics, sys
time = {}
for line in open(sys.argv[1]):
    label, round_, kernel, ns = line.split()
    time.setdefault(kernel, {}).setdefault(round_, {})[label] = float(ns)
for kernel in sorted(time):
    rounds = [r for r in time[kernel].values() if len(r) == 3]
    med = lambda label: statistics.median(r[label] for r in rounds)
    vs_native = statistics.median(r["native"] / r["portable"] for r in rounds)
    vs_baseline = statistics.median(r["baseline"] / r["portable"] for r in rounds)
    print(f"{kernel:<22} {med('baseline'):>12.0f} {med('native'):>12.0f} {med('portable'):>12.0f} "
          f"{vs_native:>15.2f}x {vs_baseline:>17.2f}x")
PY
