#!/usr/bin/env bash
# Builds the integration tests (and with them the runtime, with its testing and counters
# features) for aarch64-unknown-linux-gnu and runs them
# under emulated aarch64 CPUs (qemu user mode): cortex-a53 (NEON only), neoverse-n1 (dotprod,
# fp16) and max (SVE2). tests/tests/aarch64.rs asserts the clone each model must select
# (PERFATTR_EXPECT_CLONE) and runs every clone through the testing helpers.
#
# Everything comes from Debian's packages, installed when missing: Rust with the aarch64
# standard library (rustc-web, cargo-web, libstd-rust-web-dev:arm64; Rust 1.96 in /usr/bin,
# beside the main toolchain, which stays first on PATH), the cross linker and qemu-user.
# Binaries are linked statically: dynamically linked aarch64 binaries that start threads hang
# under qemu-user on this machine.
set -euo pipefail
cd "$(dirname "$0")/.."

target=aarch64-unknown-linux-gnu
if ! [ -x /usr/bin/cargo ] || ! [ -d /usr/lib/rustlib/$target ] ||
    ! command -v aarch64-linux-gnu-gcc >/dev/null || ! command -v qemu-aarch64 >/dev/null; then
    echo "installing Debian's Rust for aarch64, the cross linker and qemu-user"
    dpkg --add-architecture arm64
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rustc-web cargo-web \
        libstd-rust-web-dev:arm64 gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user >/dev/null
fi

export RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc
export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc
export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_RUSTFLAGS="-C target-feature=+crt-static"
tests=(--test aarch64 --test shapes --test counters --test cpu --test multiversion --test groups --test target_cfg
    --test peer --test per_clone --test receivers)
cargo_aarch64() {
    /usr/bin/cargo "$@" --locked --target "$target" --target-dir target/aarch64
}
echo "building the tests for $target with $(/usr/bin/rustc --version)"
cargo_aarch64 test --no-run -q -p perfattr-tests "${tests[@]}"

failures=0
for model in cortex-a53:fallback neoverse-n1:dotprod+fp16 max:sve2; do
    cpu=${model%%:*}
    expected=${model#*:}
    export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_RUNNER="qemu-aarch64 -cpu $cpu"
    if output=$(PERFATTR_EXPECT_CLONE=$expected cargo_aarch64 test -q --no-fail-fast \
        -p perfattr-tests "${tests[@]}" 2>&1); then
        passed=$(awk '/^test result:/ { n += $4 } END { print n + 0 }' <<<"$output")
        echo "ok   $cpu: $passed tests passed, sum() selects $expected"
    else
        echo "FAIL $cpu:"
        echo "$output" | tail -40
        failures=$((failures + 1))
    fi
done
echo "aarch64 under qemu: $((3 - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
