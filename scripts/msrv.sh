#!/usr/bin/env bash
# Builds and tests perfattr with Rust 1.85, its minimum supported release (`rust-version`):
# the macros' own tests, the runtime's with every feature, and the integration tests, whose
# generated code adapts to the compiler (see runtime/build.rs). AVX-512 clones are compiled
# out there (Rust 1.89 stabilized those target features), which the integration tests check.
#
# Rust 1.85 comes from Debian's packages (rustc-web, cargo-web at 1.85, in /usr/bin, beside
# the main toolchain, which stays first on PATH), installed when missing. The packages of
# another version (scripts/aarch64.sh installs Rust 1.96 for aarch64) are replaced.
#
# The build runs in a copy of the workspace without `examples` and `ui-tests`, which are built
# with the newest Rust only, and with criterion 0.7 (criterion 0.8 needs Rust 1.86; the runtime
# accepts both). Then the two crates' tests run again with every direct dependency at the
# lowest version their manifests allow.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

version=1.85.0+dfsg3-1~deb12u3
if [ "$(/usr/bin/rustc --version 2>/dev/null | cut -d' ' -f2)" != 1.85.0 ]; then
    echo "installing Debian's Rust 1.85"
    apt-get update -qq
    if dpkg -s libstd-rust-web-dev:arm64 >/dev/null 2>&1; then
        DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq libstd-rust-web-dev:arm64 >/dev/null
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --allow-downgrades \
        "rustc-web=$version" "cargo-web=$version" "libstd-rust-web-dev=$version" >/dev/null
fi
export RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc
cargo=/usr/bin/cargo

# A copy of the workspace at `target/<name>` (always the same place: tests embed their crate's
# directory, and cargo keeps the builds of a workspace at another place it considers the same).
copy_workspace() {
    local copy=$root/target/$1
    rm -rf "$copy"
    mkdir -p "$copy"
    (cd "$root" && tar --exclude=./target --exclude=./.git -cf - .) | tar -xf - -C "$copy"
    cd "$copy"
}
run() {
    $cargo "$@" --locked --target-dir "$root/target/msrv"
}

echo "testing with $($RUSTC --version)"
copy_workspace msrv-workspace
# (Members built with the newest Rust only: the ui cases, the examples, the dispatch bench,
# which uses perfattr's `patch` feature, Rust 1.87.)
sed -i -e 's#"ui-tests", ##' -e 's#"examples", ##' -e 's#, "tests/dispatch-bench"##' Cargo.toml
grep -q '"examples"\|"ui-tests"\|"tests/dispatch-bench"' Cargo.toml &&
    { echo "msrv.sh: the workspace's members changed" >&2; exit 1; }
$cargo update -q -p criterion --precise 0.7.0
run test -q -p perfattr-macros
run test -q -p perfattr --features testing,counters,bench
# The end-to-end files too (`--include-ignored`), after `run`'s own options: what follows `--`
# goes to the test binaries.
PERFATTR_EXPECT_RUST=1.85 $cargo test -q -p perfattr-tests --locked --target-dir "$root/target/msrv" \
    -- --include-ignored
echo "Rust 1.85: perfattr-macros, perfattr and the integration tests pass"

# The two crates again with every direct dependency at the lowest version their manifests
# allow, so a newer requirement in the code cannot hide behind the lock file. Without
# criterion (the `bench` feature): its graph needs a newer `quote` than the macros do.
copy_workspace msrv-minimal
sed -i 's#^members = .*#members = ["macros", "runtime"]#' Cargo.toml
# (`bench` stays declared, empty and unused, so its `cfg`s are expected.)
sed -i -e '/^criterion = /d' -e 's/^bench = .*/bench = []/' -e '/^bench-plots = /d' runtime/Cargo.toml
# Nor `static-keys` (the `patch` feature, Rust 1.87): its Windows dependency would bring a
# second syn into the lock file, which makes `cargo update -p syn` ambiguous.
sed -i -e '/^static-keys = /d' -e 's/^patch = .*/patch = ["report"]/' runtime/Cargo.toml
minimums=(
    "macros/Cargo.toml proc-macro2 1.0.91"
    "macros/Cargo.toml quote 1.0.35"
    "macros/Cargo.toml syn 3.0.0"
    "runtime/Cargo.toml linkme 0.3.37"
)
for minimum in "${minimums[@]}"; do
    read -r manifest name lowest <<<"$minimum"
    # The requirement's lowest version: "1.0.91" is 1.0.91, "3" is 3.0.0.
    floor=$(grep -E "^$name = " "$manifest" | grep -oE '"[0-9][^"]*"' | head -1 | tr -d '"')
    while [ "$(tr -cd . <<<"$floor" | wc -c)" -lt 2 ]; do floor=$floor.0; done
    if [ "$floor" != "$lowest" ]; then
        echo "msrv.sh: $manifest allows $name $floor, the script pins $lowest" >&2
        exit 1
    fi
    $cargo update -q -p "$name" --precise "$lowest"
done
if grep -rqs --include=Cargo.toml -E '^criterion|dep:criterion|^static-keys|dep:static-keys' \
    macros runtime; then
    echo "msrv.sh: criterion or static-keys is still in the minimal copy" >&2
    exit 1
fi
run test -q -p perfattr-macros
run test -q -p perfattr --features testing,counters
echo "Rust 1.85 with proc-macro2 1.0.91, quote 1.0.35, syn 3.0.0, linkme 0.3.37: the crates' tests pass"
echo "msrv.sh took ${SECONDS} s"
