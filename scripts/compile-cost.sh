#!/usr/bin/env bash
# Compile cost of 20 multiversioned functions (two targets each): one crate using perfattr,
# one using the multiversion crate, generated side by side. Each is built clean with all its
# dependencies FULL_RUNS times (what a user's first build costs), then the crate alone is
# rebuilt clean RUNS times; the median wall times and the ratios are printed.
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

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
timed() { # dir, command...: the command's wall time in seconds
    local dir=$1 start
    shift
    start=$EPOCHREALTIME
    (cd "$dir" && "$@")
    awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f\n", b - a }'
}
for name in perfattr multiversion; do
    dir=$work/$name
    target=$work/target-$name
    full=$(for _ in $(seq "$full_runs"); do
        rm -rf "$target"
        timed "$dir" cargo build --quiet --release --target-dir "$target" 2>/dev/null
    done | median)
    alone=$(for _ in $(seq "$runs"); do
        (cd "$dir" && cargo clean --quiet --release -p "cost-$name" --target-dir "$target")
        timed "$dir" cargo build --quiet --release --target-dir "$target"
    done | median)
    echo "$name $full $alone"
done | tee "$work/result.txt"
awk 'NR == 1 { pf = $2; pa = $3 } NR == 2 { mf = $2; ma = $3 } END {
    printf "clean build with dependencies: perfattr %.2f s, multiversion %.2f s: %.2fx\n", pf, mf, pf / mf
    printf "the crate alone:               perfattr %.2f s, multiversion %.2f s: %.2fx\n", pa, ma, pa / ma
}' "$work/result.txt"
