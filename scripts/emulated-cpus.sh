#!/usr/bin/env bash
# Runs the multiversioned kernels under emulated old CPUs (qemu user mode) and checks that
# each CPU gets the clone it allows -- core2duo the fallback, Nehalem v2 (SSE4.2, POPCNT),
# Haswell v3 (AVX2, FMA, BMI) -- with results identical to the host's, and that nothing dies
# of an illegal instruction. The kernels embed a dispatch profile (examples/perfattr-dispatch.json);
# these emulated CPU models are not in it, so they must get the rank's choice, and say so. A -C target-cpu=haswell build still dispatches (its best target,
# AVX-512, is not enabled) and picks v3 under Haswell. qemu cannot emulate AVX-512, so the
# AVX-512 clones are proven on the host: a -C target-cpu=native build there must call the best
# clone directly (compile-time dispatch), with the same results. Finally the machine code of
# the f32 kernels' clones is checked: 256-bit ymm registers in v3, 512-bit zmm in v4. Last,
# every dispatch mode (patched included) must run each CPU's clone (`dispatch_modes`).
# Installs Debian's qemu-user when it is missing.
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
check() { # cpu, clone, dispatch, binary[, the byte count's dispatch when it differs]
    local cpu=$1 expected=$2 dispatch=$3 binary=$4 bytecount=${5:-$3} output status=0
    if [ "$cpu" = host ]; then
        output=$("$binary" 2>/dev/null) || status=$?
    else
        output=$(qemu-x86_64 -cpu "$cpu" "$binary" 2>/dev/null) || status=$?
    fi
    if [ "$status" -ne 0 ]; then
        echo "FAIL $cpu: exited with status $status (an illegal instruction is 132)"
        echo "$output"
        failures=$((failures + 1))
        return
    fi
    local selected wrong
    selected=$(grep '^selected ' <<<"$output" | awk '{print $2 "=" $3}' | tr '\n' ' ')
    wrong=$(grep '^selected ' <<<"$output" |
        awk -v want="$expected" -v how="$dispatch" -v bytecount="$bytecount" '
            # A method (`energy`) dispatches by a cached index where functions use a pointer;
            # the byte count stops at v3 (its AVX-512 code is slower: see kernels.rs), so a
            # v3 build calls it at compile time. Chosen at compile time there, else by rank: no
            # emulated CPU model is in the profile.
            { how_here = ($2 == "energy" && how == "pointer") ? "index" : how
              how_here = ($2 == "count_byte") ? bytecount : how_here
              want_here = ($2 == "count_byte" && want ~ /^v4/) ? "v3" : want
              by = (how_here == "compile-time") ? "compile-time" : "rank" }
            $3 != want_here || $4 != how_here || $5 != by {print $2 "=" $3 " (" $4 ", " $5 ")"}')
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
check Haswell v3 pointer target/haswell/release/examples/cpu_levels compile-time
checks=4

best=v4+avx512vpopcntdq+avx512vnni
if grep -q avx512_vpopcntdq /proc/cpuinfo && grep -q avx512_vnni /proc/cpuinfo; then
    RUSTFLAGS="-C target-cpu=native" cargo build --quiet --release -p perfattr-examples \
        --example cpu_levels --target-dir target/native
    check host "$best" compile-time target/native/release/examples/cpu_levels
    checks=$((checks + 1))
else
    echo "skip native: this CPU lacks AVX-512 VPOPCNTDQ or VNNI, so $best is not compiled in"
fi

# The registers a function's code uses, from the portable binary's disassembly.
registers() { # demangled symbol: "<ymm count> <zmm count>"
    objdump -d --no-show-raw-insn -C "$binary" |
        awk -v name="$1" '
            /^[0-9a-f]+ <.*>:$/ { inside = index($0, "<" name ">:") > 0 }
            inside && /%ymm/ { ymm++ }
            inside && /%zmm/ { zmm++ }
            END { print ymm + 0, zmm + 0 }'
}
widths() { # label, v3 symbol, v4 symbol: ymm and no zmm in v3, zmm in v4
    local v3_ymm v3_zmm v4_ymm v4_zmm
    read -r v3_ymm v3_zmm <<<"$(registers "$2")"
    read -r v4_ymm v4_zmm <<<"$(registers "$3")"
    checks=$((checks + 1))
    if [ "$v3_ymm" -gt 0 ] && [ "$v3_zmm" -eq 0 ] && [ "$v4_zmm" -gt 0 ]; then
        echo "ok   $1: v3 uses ymm ($v3_ymm instructions), v4 zmm ($v4_zmm)"
    else
        echo "FAIL $1: v3 ymm $v3_ymm zmm $v3_zmm, v4 zmm $v4_zmm"
        failures=$((failures + 1))
    fi
}
clones=perfattr_examples::kernels::clones
for kernel in sum_f32 dot_f32 poly_f32; do
    widths "$kernel" "$clones::__perfattr_v3::$kernel" "$clones::__perfattr_v4::$kernel"
done
# A trait impl's single method: its clones are trampolines nested in it (`Energy::energy`).
energy="<perfattr_examples::kernels::Samples as perfattr_examples::kernels::Energy>::energy"
widths "Energy::energy (trampolines)" "$energy::__perfattr_v3" "$energy::__perfattr_v4"
# Every dispatch mode (`examples/src/modes.rs`) under each CPU, two threads making the first
# calls at once: `compile_time` runs the fallback (a portable build), every other mode the
# CPU's best of v4, avx2, sse4, and the process patched its `dispatch = patched` call sites
# before `main` (qemu runs the rewritten code like any other).
cargo build --quiet --release -p perfattr-examples --example dispatch_modes
modes() { # cpu, expected clone
    local cpu=$1 expected=$2 output status=0 wrong
    if [ "$cpu" = host ]; then
        output=$(target/release/examples/dispatch_modes threads 2>&1) || status=$?
    else
        output=$(qemu-x86_64 -cpu "$cpu" target/release/examples/dispatch_modes threads 2>&1) ||
            status=$?
    fi
    checks=$((checks + 1))
    wrong=$(awk -v want="$expected" '
        $1 == "clone" { want_here = ($2 == "compile_time") ? "fallback" : want
                        if ($3 != want_here) print $2 "=" $3 }' <<<"$output")
    if [ "$status" -ne 0 ] || [ -n "$wrong" ] || ! grep -qx 'patching patched before main' <<<"$output" ||
        [ "$(grep -c '^clone ' <<<"$output")" -ne 7 ]; then
        echo "FAIL modes $cpu (status $status, expected $expected): ${wrong:-}"
        echo "$output"
        failures=$((failures + 1))
    else
        echo "ok   modes $cpu: every mode on $expected, patched before main"
    fi
}
modes core2duo fallback
modes Nehalem sse4
modes Haswell avx2
if grep -q avx512bw /proc/cpuinfo && grep -q avx512vl /proc/cpuinfo; then
    modes host v4
else
    modes host avx2
fi
echo "emulated CPUs and machine code: $((checks - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
