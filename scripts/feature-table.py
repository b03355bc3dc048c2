#!/usr/bin/env python3
"""Prints the feature table of macros/src/multiversion/features.rs from the rustc in PATH.

For each architecture, rustc lists the target features it knows (`--print target-features`);
`--print cfg -C target-feature=+X` says whether X is stable (no "unstable feature" warning)
and every feature X implies. The targets used have no baseline features (i586 for x86,
aarch64-unknown-none-softfloat for aarch64), so every implication shows. Rerun it for a new
Rust release and paste its output over the table; tests/tests/features.rs checks the table
against the compiler in use.
"""
import re
import subprocess

ARCHES = [("X86", "i586-unknown-linux-gnu"), ("Aarch64", "aarch64-unknown-none-softfloat")]
# Not a `#[target_feature]` feature: a linking option that rustc lists among them.
NOT_FEATURES = {"crt-static"}
# Features rustc accepts only together.
TOGETHER = {"paca": "pacg", "pacg": "paca"}


def rustc(*args):
    return subprocess.run(["rustc", *args], capture_output=True, text=True)


def features(target):
    out = rustc("--print", "target-features", "--target", target).stdout
    section = out.split("Features supported by rustc for this target:")[1]
    section = section.split("Code-generation features")[0]
    return [line.split()[0] for line in section.strip().splitlines() if line.strip()]


def implied(target, feature):
    flag = "+" + feature + ("," + "+" + TOGETHER[feature] if feature in TOGETHER else "")
    result = rustc("--print", "cfg", "--target", target, "-C", "target-feature=" + flag)
    names = set(re.findall(r'target_feature="([^"]+)"', result.stdout))
    return sorted(names - {feature}), "unstable feature specified" in result.stderr


def main():
    print("const FEATURES: &[(&str, Arch, &[&str])] = &[")
    unstable = []
    for arch, target in ARCHES:
        for feature in features(target):
            if feature in NOT_FEATURES:
                continue
            names, is_unstable = implied(target, feature)
            if is_unstable:
                unstable.append((feature, arch))
                continue
            quoted = ", ".join('"%s"' % name for name in names)
            print('    ("%s", Arch::%s, &[%s]),' % (feature, arch, quoted))
    print("];")
    print()
    print("const UNSTABLE: &[(&str, Arch)] = &[")
    for feature, arch in unstable:
        print('    ("%s", Arch::%s),' % (feature, arch))
    print("];")


if __name__ == "__main__":
    main()
