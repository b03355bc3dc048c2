//! The feature table agrees with the compiler in use: every stable target feature rustc lists
//! for x86 and aarch64 is a row, and each row implies exactly what
//! `rustc --print cfg -C target-feature=+X` enables with it. On a compiler older than the
//! table's (Rust 1.95), the rows it cannot build (`Feature::needs_rust`) are exactly those its
//! `#[target_feature]` rejects, and the others imply what it enables.
#![deny(warnings, clippy::pedantic, unused_qualifications)]

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::process::Command;

use perfattr::cpu::{Arch, FEATURES};

/// Targets of each architecture with no baseline features, so every implication shows.
fn oracle_target(arch: Arch) -> &'static str {
    match arch {
        Arch::X86 => "i586-unknown-linux-gnu",
        Arch::Aarch64 => "aarch64-unknown-none-softfloat",
    }
}

fn rustc() -> Command {
    Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()))
}

/// What rustc enables with `+feature` (and whether it calls the feature unstable).
fn rustc_implies(arch: Arch, features: &[&str]) -> (BTreeSet<String>, bool) {
    let flag: Vec<String> = features.iter().map(|f| format!("+{f}")).collect();
    let output = rustc()
        .args(["--print", "cfg", "--target", oracle_target(arch)])
        .arg(format!("-Ctarget-feature={}", flag.join(",")))
        .output()
        .expect("rustc runs");
    let stdout = String::from_utf8(output.stdout).unwrap();
    let enabled = stdout
        .lines()
        .filter_map(|line| line.strip_prefix("target_feature=\""))
        .map(|rest| rest.trim_end_matches('"').to_owned())
        .collect();
    let stderr = String::from_utf8_lossy(&output.stderr);
    (enabled, stderr.contains("unstable feature specified"))
}

/// The minor version of the compiler in use: 85 for Rust 1.85.
fn rustc_minor() -> u32 {
    let output = rustc().arg("--version").output().expect("rustc runs");
    let text = String::from_utf8(output.stdout).unwrap();
    let version = text.split_whitespace().nth(1).expect("rustc 1.x.y");
    version.split('.').nth(1).unwrap().parse().unwrap()
}

/// Whether the compiler in use can build a clone for a row.
fn buildable(feature: &perfattr::cpu::Feature, minor: u32) -> bool {
    feature.needs_rust().is_none_or(|release| {
        let needed: u32 = release.strip_prefix("1.").unwrap().parse().unwrap();
        minor >= needed
    })
}

/// The table's release: older compilers cannot say which features are stable through
/// `--print cfg` (Rust 1.85 gives no warning for an unstable one).
const TABLE_MINOR: u32 = 95;

/// Features rustc accepts only together.
fn partners(name: &str) -> &'static [&'static str] {
    match name {
        "paca" => &["pacg"],
        "pacg" => &["paca"],
        _ => &[],
    }
}

#[test]
fn every_row_implies_what_rustc_enables_with_it() {
    let minor = rustc_minor();
    let mut wrong = Vec::new();
    for feature in FEATURES
        .iter()
        .filter(|f| f.is_target() && buildable(f, minor))
    {
        let mut flag = vec![feature.name];
        flag.extend(partners(feature.name));
        let (rustc, unstable) = rustc_implies(feature.arch, &flag);
        let ours: BTreeSet<String> = feature.implied().names().map(str::to_owned).collect();
        if unstable || ours != rustc {
            wrong.push(format!(
                "{}: perfattr {ours:?}, rustc {rustc:?}{}",
                feature.name,
                if unstable { " (unstable)" } else { "" }
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "rows that disagree with rustc:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn every_stable_feature_rustc_lists_is_a_row() {
    if rustc_minor() < TABLE_MINOR {
        // See `the_rows_an_older_compiler_cannot_build_are_those_it_rejects`.
        return;
    }
    for arch in [Arch::X86, Arch::Aarch64] {
        let output = rustc()
            .args([
                "--print",
                "target-features",
                "--target",
                oracle_target(arch),
            ])
            .output()
            .expect("rustc runs");
        let text = String::from_utf8(output.stdout).unwrap();
        let section = text
            .split("Features supported by rustc for this target:")
            .nth(1)
            .and_then(|rest| rest.split("Code-generation features").next())
            .expect("rustc lists its features");
        let listed: Vec<&str> = section
            .lines()
            .filter_map(|line| line.split_whitespace().next())
            .filter(|name| *name != "crt-static")
            .collect();
        assert!(listed.len() > 20, "{arch:?}: rustc listed {listed:?}");
        let mut missing = Vec::new();
        for name in listed {
            let mut flag = vec![name];
            flag.extend(partners(name));
            let (_, unstable) = rustc_implies(arch, &flag);
            let row = FEATURES
                .iter()
                .any(|f| f.arch == arch && f.name == name && f.is_target());
            if !unstable && !row {
                missing.push(name);
            }
        }
        assert!(
            missing.is_empty(),
            "{arch:?}: stable in rustc, no row: {missing:?}"
        );
    }
}

/// Every x86 row with a `#[target_feature]` of its own in one crate, compiled by the compiler
/// in use: the features it rejects are exactly the rows whose `needs_rust` is newer.
#[test]
fn the_rows_an_older_compiler_cannot_build_are_those_it_rejects() {
    let minor = rustc_minor();
    let rows: Vec<&str> = FEATURES
        .iter()
        .filter(|f| f.arch == Arch::X86 && f.is_target())
        .map(|f| f.name)
        .collect();
    let mut source = String::new();
    for (i, name) in rows.iter().enumerate() {
        writeln!(
            source,
            "#[target_feature(enable = \"{name}\")] pub unsafe fn f{i}() {{}}"
        )
        .unwrap();
    }
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("feature-rows");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("rows.rs"), source).unwrap();
    let output = rustc()
        .args([
            "--edition",
            "2021",
            "--crate-type",
            "lib",
            "--emit",
            "metadata",
        ])
        .args(["--target", "x86_64-unknown-linux-gnu", "--out-dir"])
        .arg(&dir)
        .arg(dir.join("rows.rs"))
        .output()
        .expect("rustc runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    // rustc's error names the feature in backquotes on the line it points at.
    let rejected: BTreeSet<&str> = rows
        .iter()
        .copied()
        .filter(|name| stderr.contains(&format!("enable = \"{name}\")")))
        .collect();
    let expected: BTreeSet<&str> = FEATURES
        .iter()
        .filter(|f| f.arch == Arch::X86 && f.is_target() && !buildable(f, minor))
        .map(|f| f.name)
        .collect();
    assert_eq!(rejected, expected, "Rust 1.{minor}:\n{stderr}");
    assert_eq!(output.status.success(), expected.is_empty(), "{stderr}");
}

#[test]
fn the_readme_lists_every_target_feature() {
    let readme = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md"),
    )
    .unwrap();
    let section = |from: &str, to: &str| -> BTreeSet<String> {
        let start = readme.find(from).expect("README marker") + from.len();
        let end = start + readme[start..].find(to).expect("README marker");
        readme[start..end]
            .split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_owned)
            .collect()
    };
    let listed = [
        (
            Arch::X86,
            section(
                "<!-- target-features: x86 -->",
                "<!-- target-features: aarch64 -->",
            ),
        ),
        (
            Arch::Aarch64,
            section(
                "<!-- target-features: aarch64 -->",
                "<!-- target-features: end -->",
            ),
        ),
    ];
    for (arch, names) in listed {
        let rows: BTreeSet<String> = FEATURES
            .iter()
            .filter(|f| f.arch == arch && f.is_target())
            .map(|f| f.name.to_owned())
            .collect();
        assert_eq!(names, rows, "{arch:?}");
    }
}
