//! In a `-C target-cpu=native` build, dispatch could be decided at compile time and the testing
//! helpers would then run only the best clone. With perfattr's `testing` feature they must
//! still run every clone the CPU supports: this builds the `multiversion` and `groups` tests
//! (and the `multiversion` crate's suite, `peer`, the per-clone forms and every receiver)
//! natively, in a target directory of their own, and runs them, which fails if any level is
//! skipped (each test asserts how many distinct clones its levels ran). The `measured` tests
//! also check that the helpers force every level there whatever the usable set
//! (`with_target("fallback")` under `PERFATTR_DISABLE=all`, which the CI's second run of the
//! suite sets), and that compile-time dispatch is reported as such, profile or not.
#![deny(warnings, clippy::pedantic, unused_qualifications)]

use std::path::Path;
use std::process::Command;

#[test]
#[ignore = "end to end: a nested `-C target-cpu=native` build of the tests; .ci/run runs it: cargo test -p perfattr-tests --test native -- --ignored"]
fn a_native_build_still_tests_every_clone() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("native");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .current_dir(root)
        .args(["test", "-q", "-p", "perfattr-tests"])
        .args([
            "--test",
            "multiversion",
            "--test",
            "groups",
            "--test",
            "measured",
            "--test",
            "peer",
            "--test",
            "per_clone",
            "--test",
            "receivers",
        ])
        .arg("--target-dir")
        .arg(&target)
        .env("RUSTFLAGS", "-C target-cpu=native")
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    let passed: usize = stdout
        .lines()
        .filter_map(|line| line.strip_prefix("test result: ok. "))
        .filter_map(|rest| rest.split(' ').next()?.parse::<usize>().ok())
        .sum();
    assert!(passed >= 10, "too few native tests ran:\n{stdout}");
}

/// A native build with part of what it was compiled for masked: the helpers and `unforced`
/// run the best clone the mask leaves (`unforced` ran the compile-time clone before), the
/// report agrees (`multiversion.rs` checks both against `cpu::usable()`).
#[test]
#[ignore = "end to end: a nested `-C target-cpu=native` build of the tests; .ci/run runs it: cargo test -p perfattr-tests --test native -- --ignored"]
fn a_native_build_honours_a_partial_mask() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("native");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    for mask in ["avx512", "avx2", "avx512,avx2,sse4"] {
        let output = Command::new(&cargo)
            .current_dir(root)
            .args([
                "test",
                "-q",
                "-p",
                "perfattr-tests",
                "--test",
                "multiversion",
            ])
            .arg("--target-dir")
            .arg(&target)
            .env("RUSTFLAGS", "-C target-cpu=native")
            .env("PERFATTR_DISABLE", mask)
            .output()
            .expect("cargo runs");
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            output.status.success(),
            "PERFATTR_DISABLE={mask}:\n{stdout}\n{stderr}"
        );
    }
}
