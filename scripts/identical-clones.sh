#!/usr/bin/env bash
# Which clones of each multiversioned function compiled to the same machine code: a target
# whose clone is identical to a lower level's gains nothing on any CPU, whatever a benchmark
# says. Reads the symbols (`nm`) and the disassembly (`objdump`) of a binary built with the
# clones in it, and compares the clones' instructions with addresses made relative (a call or
# jump target is compared by the symbol and offset it names, not where it sits; a global offset
# table slot is not compared, since with the `counters` feature each clone has its own site).
#   scripts/identical-clones.sh [binary]    (default: the tour example, built in release)
# Needs binutils (nm, objdump) and python3; ELF binaries (Linux).
set -euo pipefail
binary=${1:-}
# A path given is the caller's: resolve it before leaving their directory.
if [ -n "$binary" ]; then
    if [ ! -f "$binary" ]; then
        echo "identical-clones.sh: no file $binary" >&2
        exit 2
    fi
    binary=$(realpath "$binary")
fi
cd "$(dirname "$0")/.."
if [ -z "$binary" ]; then
    cargo build -q --release -p perfattr-examples --example tour
    binary=target/release/examples/tour
fi
python3 - "$binary" <<'PY'
import collections, re, subprocess, sys
binary = sys.argv[1]
# Clone symbols: `path::__perfattr_<target>::name` (a #[multiversion] mod or impl's clones)
# or `path::name::__perfattr_<target>` (a function's nested clones).
clone = re.compile(r"^(?P<head>.*?)::__perfattr_(?P<target>[a-z0-9_]+)::(?P<name>[A-Za-z_][A-Za-z0-9_]*)$"
                   r"|^(?P<fn>.*)::__perfattr_(?P<target2>[a-z0-9_]+)$")
symbols = collections.defaultdict(dict)
for line in subprocess.run(["nm", "-C", "-S", "--defined-only", binary], capture_output=True,
                           text=True, check=True).stdout.splitlines():
    parts = line.split(" ", 3)
    if len(parts) != 4 or parts[2] not in "tT":
        continue
    address, size, name = int(parts[0], 16), int(parts[1], 16), parts[3]
    if "__perfattr_path" in name or name.endswith("_inline") or "::SITE" in name:
        continue
    # A multiversioned impl's clones: `Type::__perfattr_<length><method>_<target>[_t<hash>]`.
    sibling = re.match(r"^(?P<ty>.*)::__perfattr_(?P<len>[0-9]+)(?P<rest>.*)$", name)
    if sibling:
        length, rest = int(sibling.group("len")), sibling.group("rest")
        method, target = rest[:length], re.sub(r"_t[0-9a-f]{16}$", "", rest[length + 1:])
        symbols[f"{sibling.group('ty')}::{method}"][target] = (address, size)
        continue
    m = clone.match(name)
    if not m:
        continue
    if m.group("head") is not None:
        function, target = f"{m.group('head')}::{m.group('name')}", m.group("target")
    else:
        function, target = m.group("fn"), m.group("target2")
    if target.startswith("inline_") or target == "resolve":
        continue
    symbols[function][target] = (address, size)

def code(address, size):
    out = subprocess.run(["objdump", "-d", "-C", "--no-show-raw-insn", "-M", "intel",
                          f"--start-address={address}", f"--stop-address={address + size}", binary],
                         capture_output=True, text=True, check=True).stdout
    def label(match):
        # A place in a clone (its own jumps, or a sibling clone's): only the offset counts.
        name, offset = match.group(1), match.group(2) or ""
        return f"<{offset}>" if "__perfattr_" in name else f"<{name}{offset}>"
    lines = []
    for line in out.splitlines():
        m = re.match(r"^\s*[0-9a-f]+:\s+(.*)$", line)
        if not m:
            continue
        insn = m.group(1)
        comment = re.search(r"#\s*[0-9a-f]+ (<.*>)\s*$", insn)
        insn = re.sub(r"\s*#.*$", "", insn)
        if comment:  # rip-relative: compare what it points at, not the displacement
            insn = re.sub(r"rip\+0x[0-9a-f]+", "rip+" + comment.group(1), insn)
        insn = re.sub(r"\b[0-9a-f]+ (<[^>]*>)", r"\1", insn)    # call/jmp 1234 <f+0x10>
        insn = re.sub(r"<(.*?)(\+0x[0-9a-f]+)?>", label, insn)
        # Global offset table slots: each clone's own counter site (with the `counters`
        # feature) sits in a slot of its own.
        insn = re.sub(r"<_DYNAMIC\+0x[0-9a-f]+>", "<GOT>", insn)
        lines.append(insn.strip())
    return lines

found = 0
for function in sorted(symbols):
    clones = symbols[function]
    if len(clones) < 2:
        continue
    by_code = collections.defaultdict(list)
    for target, (address, size) in clones.items():
        by_code[tuple(code(address, size))].append((target, size))
    for group in by_code.values():
        if len(group) > 1:
            found += 1
            names = ", ".join(sorted(t for t, _ in group))
            print(f"{function}: {names} are the same code ({group[0][1]} bytes): keep the lowest")
if not found:
    print("no two clones of a function compiled to the same code")
PY
