//! The per-clone forms code moving from the `multiversion` crate uses, on every level the CPU
//! has: `#[target_cfg_attr]`, `match_target!`, `simd_width!` and `#[inherit_target]`.
#![deny(warnings, clippy::pedantic)]

use perfattr::testing::for_each_level;
use perfattr::{
    inherit_target, match_target, multiversion, selected, simd_width, target_cfg, target_cfg_attr,
};

/// Each form's answer in the clone that ran, and the clone's name.
#[derive(Debug, PartialEq, Eq)]
struct Seen {
    clone: &'static str,
    attr_avx2: bool,
    matched: &'static str,
    lanes: Option<usize>,
    helper_avx2: bool,
    helper_sse42: bool,
}

#[multiversion(avx2 + fma, sse4.2)]
fn seen() -> Seen {
    #[target_cfg_attr(target_feature = "avx2", cfg(all()))]
    #[target_cfg_attr(not(target_feature = "avx2"), cfg(any()))]
    const ATTR_AVX2: bool = true;
    #[target_cfg_attr(target_feature = "avx2", cfg(any()))]
    #[target_cfg_attr(not(target_feature = "avx2"), cfg(all()))]
    const ATTR_AVX2: bool = false;

    #[inherit_target]
    fn helper() -> (bool, bool) {
        (
            target_cfg!(target_feature = "avx2"),
            target_cfg!(target_feature = "sse4.2"),
        )
    }

    const LANES: Option<usize> = simd_width!(f32);
    let (helper_avx2, helper_sse42) = helper();
    Seen {
        clone: selected!(),
        attr_avx2: ATTR_AVX2,
        matched: match_target! {
            "x86_64+avx2" | "x86+avx2" => "avx2",
            "sse4.2" => "sse4.2",
            "aarch64+sve" => "sve",
            _ => "none",
        },
        lanes: LANES,
        helper_avx2,
        helper_sse42,
    }
}

#[test]
fn every_form_answers_for_the_clone_that_runs_on_every_level() {
    let mut clones = Vec::new();
    for_each_level(|level| {
        let seen = seen();
        let expected = match seen.clone {
            "avx2+fma" => Seen {
                clone: "avx2+fma",
                attr_avx2: true,
                matched: "avx2",
                lanes: Some(if cfg!(target_feature = "avx512f") {
                    16
                } else {
                    8
                }),
                helper_avx2: true,
                helper_sse42: true,
            },
            "sse4.2" => Seen {
                clone: "sse4.2",
                attr_avx2: false,
                matched: "sse4.2",
                lanes: Some(if cfg!(target_feature = "avx512f") {
                    16
                } else if cfg!(target_feature = "avx2") {
                    8
                } else {
                    4
                }),
                helper_avx2: false,
                helper_sse42: true,
            },
            _ => Seen {
                clone: "fallback",
                attr_avx2: false,
                matched: "none",
                lanes: if cfg!(target_feature = "avx512f") {
                    Some(16)
                } else if cfg!(target_feature = "avx2") {
                    Some(8)
                } else if cfg!(any(target_feature = "sse2", target_feature = "neon")) {
                    Some(4)
                } else {
                    None
                },
                helper_avx2: false,
                helper_sse42: false,
            },
        };
        assert_eq!(seen, expected, "level {}", level.name);
        clones.push(seen.clone);
    });
    // Every clone this CPU can run ran on some level.
    let usable = perfattr::cpu::usable();
    assert!(clones.contains(&"fallback"), "{clones:?}");
    if usable.contains("avx2") && usable.contains("fma") {
        assert!(clones.contains(&"avx2+fma"), "{clones:?}");
    }
    if usable.contains("sse4.2") {
        assert!(clones.contains(&"sse4.2"), "{clones:?}");
    }
}

/// `simd_width!` is a constant expression for any element type, `None` for one wider than the
/// register or zero-sized.
#[multiversion(avx2)]
fn widths() -> [Option<usize>; 4] {
    const BYTE: Option<usize> = simd_width!(u8);
    const WIDE: Option<usize> = simd_width!([u8; 128]);
    const NOTHING: Option<usize> = simd_width!(());
    [BYTE, simd_width!(u64), WIDE, NOTHING]
}

#[test]
fn simd_width_scales_with_the_element() {
    for_each_level(|_| {
        let [byte, word, wide, nothing] = widths();
        assert!(byte.is_none_or(|lanes| lanes >= 16));
        assert_eq!(word.map(|lanes| lanes * 8), byte);
        assert_eq!((wide, nothing), (None, None));
    });
}
