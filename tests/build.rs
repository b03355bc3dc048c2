//! Writes the dispatch profile `tests/measured.rs` embeds: made-up measurements of its
//! functions on the CPU that builds the tests (the one that runs them, except under an emulator),
//! and on a CPU model that does not exist. `PERFATTR_TEST_BUILD_CPU` tells the tests which CPU
//! the profile knows.

use perfattr::profile::{Case, Contender, Cpu, Function, Profile};

/// Contenders (clones of identical code joined by `=`) with their ratios to the fastest, the
/// fastest first (its interval is exactly 1, the others' ±2%).
fn case(ranked: &[(&str, f64)]) -> Case {
    Case {
        input: String::new(),
        rounds: 100,
        contenders: ranked
            .iter()
            .enumerate()
            .map(|(i, &(clones, ratio))| {
                let spread = if i == 0 { 0.0 } else { 0.02 };
                Contender {
                    clones: clones.split('=').map(String::from).collect(),
                    ns: 100.0 * ratio,
                    ratio,
                    low: ratio * (1.0 - spread),
                    high: ratio * (1.0 + spread),
                }
            })
            .collect(),
    }
}

fn function(path: &str, clones: &[&str], cases: Vec<Case>) -> Function {
    Function {
        function: format!("measured::{path}"),
        clones: clones.iter().map(|c| (*c).to_owned()).collect(),
        measured: 1,
        cases,
    }
}

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let levels = ["v3", "v2", "fallback"];
    let v2_first = || case(&[("v2", 1.0), ("v3", 1.5), ("fallback", 3.0)]);
    let this = perfattr::profile::this_cpu();
    let mut profile = Profile::default();
    for path in [
        "prefers_v2",
        "group::member_prefers_v2",
        "generic_prefers_v2",
        "Acc::method_prefers_v2",
    ] {
        profile.record(&this, function(path, &levels, vec![v2_first()]));
    }
    // Two inputs: v2 must win both to be chosen.
    profile.record(
        &this,
        function(
            "wins_one_case",
            &levels,
            vec![
                v2_first(),
                case(&[("v3", 1.0), ("v2", 1.2), ("fallback", 3.0)]),
            ],
        ),
    );
    // 5% is within what code placement moves: not enough to switch.
    profile.record(
        &this,
        function(
            "close_call",
            &levels,
            vec![case(&[("v2", 1.0), ("v3", 1.05), ("fallback", 3.0)])],
        ),
    );
    // The fastest clone needs a feature no CPU of this project has: the next one runs.
    profile.record(
        &this,
        function(
            "lacking",
            &["avx512vp2intersect", "v3", "v2", "fallback"],
            vec![case(&[
                ("avx512vp2intersect", 1.0),
                ("v2", 1.02),
                ("v3", 1.5),
                ("fallback", 3.0),
            ])],
        ),
    );
    // Identical machine code measured once: never a reason to switch.
    profile.record(
        &this,
        function(
            "same_code",
            &levels,
            vec![case(&[("v2=v3", 1.0), ("fallback", 3.0)])],
        ),
    );
    // Another CPU model: ignored here.
    let other = Cpu {
        vendor: "NoSuchVendor".into(),
        family: 99,
        model: 99,
        name: "a CPU model no machine has".into(),
        ..this.clone()
    };
    profile.record(&other, function("other_model", &levels, vec![v2_first()]));
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").unwrap()).join("measured.json");
    std::fs::write(&out, profile.to_json()).unwrap();
    println!(
        "cargo::rustc-env=PERFATTR_DISPATCH_PROFILE={}",
        out.display()
    );
    println!(
        "cargo::rustc-env=PERFATTR_TEST_BUILD_CPU={}",
        perfattr::cpu::identity()
    );
}
