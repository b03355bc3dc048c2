//! CPU detection agrees with std's, and masking keeps the feature set coherent.
#![deny(warnings, clippy::pedantic, unused_qualifications)]

use perfattr::cpu::{self, FEATURES, Features};

#[cfg(target_arch = "x86_64")]
#[test]
fn detection_agrees_with_std_for_every_feature() {
    macro_rules! std_detects {
        ($name:expr, $($feature:tt),*) => {
            match $name {
                $($feature => std::arch::is_x86_feature_detected!($feature),)*
                other => panic!("feature {other} is not compared with std"),
            }
        };
    }
    let detected = cpu::detected();
    for feature in FEATURES.iter().filter(|f| f.arch == cpu::Arch::X86) {
        let std = std_detects!(
            feature.name,
            "sse",
            "sse2",
            "sse3",
            "ssse3",
            "sse4.1",
            "sse4.2",
            "popcnt",
            "cmpxchg16b",
            "avx",
            "avx2",
            "fma",
            "f16c",
            "bmi1",
            "bmi2",
            "lzcnt",
            "movbe",
            "aes",
            "pclmulqdq",
            "sha",
            "adx",
            "xsave",
            "avx512f",
            "avx512bw",
            "avx512cd",
            "avx512dq",
            "avx512vl",
            "avx512vnni",
            "avx512vbmi"
        );
        assert_eq!(detected.contains(feature.name), std, "{}", feature.name);
    }
}

#[test]
fn compile_time_features_are_detected() {
    assert!(cpu::detected().contains_all(cpu::compile_time()));
    #[cfg(target_arch = "x86_64")]
    assert!(cpu::compile_time().contains("sse2"));
}

#[test]
fn masking_a_feature_masks_what_implies_it() {
    let everything = Features::from_list("sse4.1,sse4.2,avx,avx2,fma,popcnt");
    let without = everything.without(Features::from_list("sse4.2"));
    assert_eq!(without, Features::from_list("sse4.1,popcnt"));
    assert_eq!(without.to_string(), "sse4.1,popcnt");
}

#[test]
fn disable_values_name_features_groups_and_all() {
    let mut unknown = Vec::new();
    let disabled = perfattr::parse_disable("avx2, v4 ,bogus,,sse4", |name| unknown.push(name));
    assert_eq!(unknown, ["bogus"]);
    if cfg!(target_arch = "x86_64") {
        let expected = "sse4.1,sse4.2,avx2,avx512f,avx512bw,avx512cd,avx512dq,avx512vl";
        assert_eq!(disabled.to_string(), expected);
        let all = perfattr::parse_disable("all", |_| unreachable!());
        assert!(all.contains_all(cpu::detected()));
    }
}

#[test]
fn usable_is_detected_minus_the_environment() {
    let usable = cpu::usable();
    assert!(cpu::detected().contains_all(usable));
    match std::env::var("PERFATTR_DISABLE").as_deref() {
        Err(_) | Ok("") => assert_eq!(usable, cpu::detected()),
        Ok("all") => assert!(usable.is_empty()),
        Ok(_) => {}
    }
}

#[test]
fn supports_answers_by_name() {
    assert!(!cpu::supports("no-such-feature"));
    #[cfg(target_arch = "x86_64")]
    assert!(cpu::supports("sse2"));
}
