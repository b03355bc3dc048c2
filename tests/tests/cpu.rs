//! CPU detection agrees with std's, and masking keeps the feature set coherent.
#![deny(warnings, clippy::pedantic, unused_qualifications)]

use perfattr::cpu::{self, Features};

/// Every name `std::arch::is_x86_feature_detected!` accepts on stable Rust 1.95.
#[cfg(target_arch = "x86_64")]
#[allow(unused_macros, reason = "its test is compiled out before Rust 1.95")]
macro_rules! std_x86_names {
    ($callback:ident) => {
        $callback!(
            "abm",
            "adx",
            "aes",
            "avx",
            "avx2",
            "avx512bf16",
            "avx512bitalg",
            "avx512bw",
            "avx512cd",
            "avx512dq",
            "avx512er",
            "avx512f",
            "avx512fp16",
            "avx512ifma",
            "avx512pf",
            "avx512vbmi",
            "avx512vbmi2",
            "avx512vl",
            "avx512vnni",
            "avx512vp2intersect",
            "avx512vpopcntdq",
            "avxifma",
            "avxneconvert",
            "avxvnni",
            "avxvnniint16",
            "avxvnniint8",
            "bmi1",
            "bmi2",
            "cmpxchg16b",
            "ermsb",
            "f16c",
            "fma",
            "fxsr",
            "gfni",
            "kl",
            "lzcnt",
            "mmx",
            "movbe",
            "pclmulqdq",
            "popcnt",
            "rdrand",
            "rdseed",
            "rtm",
            "sha",
            "sha512",
            "sm3",
            "sm4",
            "sse",
            "sse2",
            "sse3",
            "sse4.1",
            "sse4.2",
            "sse4a",
            "ssse3",
            "tbm",
            "tsc",
            "vaes",
            "vpclmulqdq",
            "widekl",
            "xsave",
            "xsavec",
            "xsaveopt",
            "xsaves"
        )
    };
}

// std accepts all of these names from Rust 1.95 (AVX-512's from 1.89); on an older compiler
// the test is compiled out (the runtime's version switch, as generated code uses it).
#[cfg(target_arch = "x86_64")]
perfattr::__private::since_1_95! {{
    #[test]
    fn detection_agrees_with_std_for_every_name_std_detects() {
        macro_rules! compare {
            ($($feature:tt),*) => {{
                let mut compared = Vec::new();
                $(
                    assert_eq!(
                        cpu::supports($feature),
                        std::arch::is_x86_feature_detected!($feature),
                        "{}", $feature
                    );
                    compared.push($feature);
                )*
                compared
            }};
        }
        let compared = std_x86_names!(compare);
        // Every x86 row of the table is one std detects, and every name std detects is a row.
        let rows: Vec<&str> = cpu::FEATURES
            .iter()
            .filter(|f| f.arch == cpu::Arch::X86)
            .map(|f| f.name)
            .collect();
        let missing: Vec<&&str> = compared.iter().filter(|n| !rows.contains(n)).collect();
        let extra: Vec<&&str> = rows.iter().filter(|n| !compared.contains(n)).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "std detects but no row: {missing:?}; rows std does not detect: {extra:?}"
        );
        // This machine has AVX-512 with the extensions the README's kernels use: the comparison
        // above covered features that are present, not only absent ones.
        if std::arch::is_x86_feature_detected!("avx512vpopcntdq") {
            assert!(cpu::supports("avx512vpopcntdq") && cpu::supports("gfni"));
        }
    }
} else {}}

#[test]
fn compile_time_features_are_detected() {
    assert!(cpu::detected().contains_all(cpu::compile_time()));
    #[cfg(target_arch = "x86_64")]
    assert!(cpu::compile_time().contains("sse2"));
    #[cfg(target_arch = "aarch64")]
    assert!(cpu::compile_time().contains("neon"));
}

#[cfg(target_arch = "x86_64")]
#[test]
fn masking_a_feature_masks_what_implies_it() {
    let everything = Features::from_list("sse4.1,sse4.2,avx,avx2,fma,popcnt");
    let without = everything.without(Features::from_list("sse4.2"));
    assert_eq!(without, Features::from_list("sse4.1,popcnt"));
    // Names come in table order.
    assert_eq!(without.to_string(), "popcnt,sse4.1");
}

#[cfg(target_arch = "aarch64")]
#[test]
fn masking_a_feature_masks_what_implies_it() {
    let everything = Features::from_list("neon,fp16,dotprod,sve,sve2,sve2-aes,aes");
    let without = everything.without(Features::from_list("sve"));
    assert_eq!(without, Features::from_list("neon,fp16,dotprod,aes"));
    assert_eq!(without.to_string(), "aes,dotprod,fp16,neon");
}

#[cfg(target_arch = "x86_64")]
#[test]
fn disable_values_name_features_groups_and_all() {
    let mut unknown = Vec::new();
    let disabled = perfattr::parse_disable("avx2, v4 ,bogus,,sse4", |name| unknown.push(name));
    assert_eq!(unknown, ["bogus"]);
    let expected = "avx2,avx512bw,avx512cd,avx512dq,avx512f,avx512vl,sse4.1,sse4.2";
    assert_eq!(disabled.to_string(), expected);
    let all = perfattr::parse_disable("all", |_| unreachable!());
    assert!(all.contains_all(cpu::detected()));
}

#[cfg(target_arch = "aarch64")]
#[test]
fn disable_values_name_features_groups_and_all() {
    let mut unknown = Vec::new();
    // The shorthands are x86's: on aarch64 `v4` names nothing.
    let disabled = perfattr::parse_disable("sve2, dotprod ,bogus,,v4", |name| unknown.push(name));
    assert_eq!(unknown, ["bogus", "v4"]);
    assert_eq!(disabled.to_string(), "dotprod,sve2");
    let all = perfattr::parse_disable("all", |_| unreachable!());
    assert!(all.contains_all(cpu::detected()));
}

#[cfg(target_arch = "x86_64")]
#[test]
fn the_psabi_level_names_mask_what_the_shorthands_mask() {
    for (level, alias) in [
        ("v2", "x86-64-v2"),
        ("v3", "x86-64-v3"),
        ("v4", "x86-64-v4"),
    ] {
        let shorthand = perfattr::parse_disable(level, |name| panic!("{name} unknown"));
        let psabi = perfattr::parse_disable(alias, |name| panic!("{name} unknown"));
        assert_eq!(shorthand, psabi, "{alias}");
        assert!(!psabi.is_empty());
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
