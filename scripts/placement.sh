#!/usr/bin/env bash
# How much code placement alone moves a clone comparison: the kernels' clones measured side by
# side in two builds of the same source, the second with every function aligned to 64 bytes
# (`-C llvm-args=-align-all-functions=6`), which moves every clone and loop to another address
# and nothing else. Prints each function's clone ratios (to the fastest) in both builds and how
# far they moved; the largest move is the noise floor a dispatch profile must clear before it
# switches clones (perfattr switches only for a gain above 10%: see the README's "Measured
# dispatch"). Also shows which clone each build measured fastest: a choice that holds across
# both builds.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${PERFATTR_COMPARE_TIME:-2}

measure() { # label, target dir, rustflags
    local label=$1 dir=$2
    RUSTFLAGS="$3" PERFATTR_COMPARE_TIME=$seconds PERFATTR_PROFILE_OUTPUT="$PWD/$dir/placement-$label.json" \
        cargo bench --quiet -p perfattr-examples --bench perfattr --target-dir "$dir" -- '/compare' \
        >/dev/null 2>&1
    echo "$PWD/$dir/placement-$label.json"
}

# The workspace's own rustflags (hot-code placement) stay in both builds.
base="-C link-arg=-Wl,-z,keep-text-section-prefix"
rm -f target/placement-*.json target/placement-aligned/placement-*.json
default=$(measure default target "$base")
aligned=$(measure aligned target/placement-aligned "$base -C llvm-args=-align-all-functions=6")
again=$(measure again target "$base")

python3 - "$default" "$aligned" "$again" <<'PY'
import json, sys

def ratios(path):
    profile = json.load(open(path))
    out = {}
    for machine in profile["machines"]:
        for function in machine["functions"]:
            for case in function["cases"]:
                name = function["function"].rsplit("::", 1)[-1] + "/" + (case["input"] or "-")
                order = [c["clones"][0] for c in case["contenders"]]
                out[name] = ({c["clones"][0]: c["ratio"] for c in case["contenders"]}, order[0])
    return out

default, aligned, again = (ratios(path) for path in sys.argv[1:4])
worst, noise = 0.0, 0.0
print(f"{'function/input':<22} {'clone':<10} {'default':>8} {'again':>8} {'aligned':>8} "
      f"{'rerun':>7} {'aligned':>8}")
for name in sorted(default):
    if name not in aligned or name not in again:
        continue
    (a, fastest_a), (b, fastest_b), (c, fastest_c) = default[name], aligned[name], again[name]
    for clone in a:
        if clone in b and clone in c:
            moved, rerun = b[clone] / a[clone] - 1, c[clone] / a[clone] - 1
            worst, noise = max(worst, abs(moved)), max(noise, abs(rerun))
            print(f"{name:<22} {clone:<10} {a[clone]:>8.3f} {c[clone]:>8.3f} {b[clone]:>8.3f} "
                  f"{rerun:>+7.1%} {moved:>+8.1%}")
    holds = "holds" if fastest_a == fastest_b == fastest_c else "CHANGED"
    print(f"{name:<22} fastest: {fastest_a}, again {fastest_c}, aligned {fastest_b} ({holds})")
print(f"largest move of a ratio: the same build run again {noise:.1%}, aligned {worst:.1%}")
PY
