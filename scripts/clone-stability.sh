#!/usr/bin/env bash
# How far apart two measurements of the same code come out on a busy machine: the dispatched
# `sum_f32` (48 Ki floats, about 1 µs with AVX-512) against the clone dispatch selects, which is
# the same code, so any difference is noise. RUNS times (default 10) each, while a busy loop
# keeps one of the cores occupied:
#   - perfattr's clone comparison (interleaved rounds, PERFATTR_COMPARE_TIME seconds, default 3);
#   - criterion measuring the two one after the other (the per-clone benchmarks), the same time
#     in total.
# Prints each run's ratio (dispatched / selected) and how many runs agree within ±3%.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-10}
seconds=${PERFATTR_COMPARE_TIME:-3}
work=$PWD/target/clone-stability
rm -rf "$work"
mkdir -p "$work"
grep -m1 'model name' /proc/cpuinfo || true

# The bench executable, built once and run directly (as `cargo bench` runs it).
binary=$(cargo bench -q -p perfattr-examples --bench perfattr --no-run --message-format=json |
    python3 -c 'import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "perfattr" and m.get("executable"):
        print(m["executable"])')
bench() { (cd examples && "$binary" --bench "$@" 2>/dev/null); }
kernel='perfattr_examples::kernels::clones::sum_f32'

# The clone dispatch selects here: the comparison's results file says.
PERFATTR_COMPARE_TIME=0.2 PERFATTR_RESULTS=$work/probe.json bench "sum_f32/compare/49152" >/dev/null
selected=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["comparisons"][0]["selected"])' "$work/probe.json")
echo "dispatch selects: $selected"

( while :; do :; done ) &
busy=$!
trap 'kill $busy 2>/dev/null' EXIT

half=$(awk -v s="$seconds" 'BEGIN { printf "%.2f", s / 2 }')
escaped=$(printf '%s' "$selected" | sed 's/[+.]/\\&/g')
for run in $(seq "$runs"); do
    PERFATTR_COMPARE_TIME=$seconds PERFATTR_RESULTS=$work/compare-$run.json \
        bench "sum_f32/compare/49152" >/dev/null
    CRITERION_HOME=$work/criterion-$run bench --warm-up-time 0.5 --measurement-time "$half" \
        "^$kernel/($escaped|dispatched)/49152\$" >"$work/criterion-$run.txt"
done

python3 - "$work" "$runs" "$kernel" "$selected" <<'PY'
import json, re, sys
work, runs, kernel, selected = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
unit = {"ps": 1e-3, "ns": 1.0, "µs": 1e3, "us": 1e3, "ms": 1e6}
def criterion(text, clone):
    lines = text.splitlines()
    start = lines.index(f"{kernel}/{clone}/49152")
    fields = re.search(r"time:\s+\[(.*)\]", "\n".join(lines[start:start + 3])).group(1).split()
    return float(fields[2]) * unit[fields[3]]
ours, theirs = [], []
for run in range(1, runs + 1):
    c = json.load(open(f"{work}/compare-{run}.json"))["comparisons"][0]
    ours.append(c["dispatched_vs_selected"]["median"])
    text = open(f"{work}/criterion-{run}.txt").read()
    theirs.append(criterion(text, "dispatched") / criterion(text, selected))
def show(name, ratios):
    within = sum(abs(r - 1) <= 0.03 for r in ratios)
    print(f"{name}: " + " ".join(f"{r:.3f}" for r in ratios))
    print(f"  within ±3%: {within} of {len(ratios)}; spread {min(ratios):.3f}–{max(ratios):.3f}")
show("perfattr interleaved, dispatched / selected", ours)
show("criterion sequential, dispatched / selected", theirs)
PY
