#!/usr/bin/env bash
# Compile cost of 20 multiversioned functions (two targets each): one crate using perfattr,
# one using the multiversion crate, generated side by side. Dependencies are built first;
# then each crate alone is rebuilt clean, RUNS times, and the median wall time is printed.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$root/target/compile-cost
runs=${RUNS:-5}
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
for name in perfattr multiversion; do
    dir=$work/$name
    (cd "$dir" && cargo build --quiet --release --target-dir "$work/target-$name" 2>/dev/null)
    times=$(for _ in $(seq "$runs"); do
        (cd "$dir" && cargo clean --quiet --release -p "cost-$name" --target-dir "$work/target-$name")
        start=$EPOCHREALTIME
        (cd "$dir" && cargo build --quiet --release --target-dir "$work/target-$name")
        awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f\n", b - a }'
    done | median)
    echo "$name $times"
done | tee "$work/result.txt"
awk 'NR == 1 { p = $2 } NR == 2 { m = $2 } END { printf "perfattr / multiversion: %.2fx the build time\n", p / m }' "$work/result.txt"
