#!/usr/bin/env bash
# Compile cost of 20 multiversioned functions (two targets each): one crate using perfattr,
# one using the multiversion crate, generated side by side. Each is built clean with all its
# dependencies FULL_RUNS times (what a user's first build costs), then the crate alone is
# rebuilt clean RUNS times, the two crates alternating; the median wall times and the median
# of the per-pair ratios are printed.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$root/target/compile-cost
runs=${RUNS:-5}
full_runs=${FULL_RUNS:-3}
mkdir -p "$work"

generate() { # name, dependency line, attribute
    local dir=$work/$1
    mkdir -p "$dir/src"
    cat >"$dir/Cargo.toml" <<TOML
[package]
name = "cost-$1"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
$2

[workspace]
TOML
    {
        for i in $(seq 1 20); do
            cat <<RUST
$3
pub fn kernel_$i(values: &[f32], scale: f32) -> f32 {
    let mut lanes = [0.0_f32; 8];
    for (n, v) in values.iter().enumerate() {
        lanes[n % 8] += v * scale + $i.0;
    }
    lanes.iter().sum()
}
RUST
        done
    } >"$dir/src/lib.rs"
}

generate perfattr "perfattr = { path = \"$root/runtime\" }" '#[perfattr::multiversion(avx2 + fma, sse4)]'
generate multiversion 'multiversion = "0.9"' '#[multiversion::multiversion(targets("x86_64+avx2+fma", "x86_64+sse4.1+sse4.2"))]'

# `compile-cost.sh instructions`: one clean build of each crate with every compilation under
# callgrind (scripts/callgrind-rustc.sh), the instructions per crate and in all. Repeatable
# whatever else the machine does, where the seconds above move by 20% between runs; a
# compilation's instructions track its CPU time, not the build's parallelism.
if [ "${1:-}" = instructions ]; then
    for name in perfattr multiversion; do
        rm -rf "$work/target-i-$name"
        : >"$work/instructions-$name.txt"
        (cd "$work/$name" && COST_LOG="$work/instructions-$name.txt" \
            RUSTC_WRAPPER="$root/scripts/callgrind-rustc.sh" \
            cargo build --quiet --release --target-dir "$work/target-i-$name" 2>/dev/null)
    done
    for name in perfattr multiversion; do
        echo "== $name (billions of instructions)"
        sort -k3 -n -r "$work/instructions-$name.txt" |
            awk '{ total += $3; printf "  %-22s %-11s %6.2f\n", $1, $2, $3 / 1e9 }
                END { printf "  %-34s %6.2f\n", "all", total / 1e9 }'
    done
    exit 0
fi

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
timed() { # dir, command...: the command's wall time in seconds
    local dir=$1 start
    shift
    start=$EPOCHREALTIME
    (cd "$dir" && "$@")
    awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f\n", b - a }'
}
# Clean builds alternate between the two crates, so a slow patch of this shared machine hits
# both: the ratio printed is the median of the per-pair ratios, beside each side's median.
full() { # name: one clean build with all dependencies
    rm -rf "$work/target-$1"
    timed "$work/$1" cargo build --quiet --release --target-dir "$work/target-$1" 2>/dev/null
}
alone() { # name: the crate alone, rebuilt clean
    (cd "$work/$1" && cargo clean --quiet --release -p "cost-$1" --target-dir "$work/target-$1")
    timed "$work/$1" cargo build --quiet --release --target-dir "$work/target-$1"
}
: >"$work/pairs.txt"
# Within a pair the crate built first alternates too, so neither always follows the other.
pair() { # kind (full or alone), run number: "kind perfattr-seconds multiversion-seconds"
    local p m
    if (($2 % 2)); then
        p=$($1 perfattr)
        m=$($1 multiversion)
    else
        m=$($1 multiversion)
        p=$($1 perfattr)
    fi
    echo "$1 $p $m"
}
for run in $(seq "$full_runs"); do
    pair full "$run" >>"$work/pairs.txt"
done
for run in $(seq "$runs"); do
    pair alone "$run" >>"$work/pairs.txt"
done
for kind in full alone; do
    p=$(awk -v k=$kind '$1 == k { print $2 }' "$work/pairs.txt" | median)
    m=$(awk -v k=$kind '$1 == k { print $3 }' "$work/pairs.txt" | median)
    r=$(awk -v k=$kind '$1 == k { printf "%.4f\n", $2 / $3 }' "$work/pairs.txt" | median)
    echo "$kind $p $m $r"
done | tee "$work/result.txt"
awk '{ label = $1 == "full" ? "clean build with dependencies:" : "the crate alone:              "
    printf "%s perfattr %.2f s, multiversion %.2f s: %.2fx (median of the pairs'"'"' ratios)\n", label, $2, $3, $4
}' "$work/result.txt"
