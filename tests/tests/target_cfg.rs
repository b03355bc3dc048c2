//! Per-clone code: `#[target_cfg]`, `target_cfg!` and `selected!` in every placement (a free
//! function, a method, a `#[multiversion]` `mod` and `impl`), in closures and nested
//! functions, on `let`s, match arms and blocks.
#![deny(warnings, clippy::pedantic, unused_qualifications)]

use std::collections::BTreeSet;

use perfattr::testing::for_each_level;
use perfattr::{multiversion, selected, target_cfg};

/// Whether the clone named `clone` has AVX2 by its `#[target_feature]` (what a crate-wide
/// `-C target-feature` adds does not count: Rust does not let code rely on it).
fn has_avx2(clone: &str) -> bool {
    clone == "avx2+fma" || clone == "avx2"
}

fn has_sse42(clone: &str) -> bool {
    has_avx2(clone) || clone == "sse4.2"
}

/// What one clone compiled.
#[derive(Debug, PartialEq)]
struct Probe {
    clone: &'static str,
    wide: bool,
    sse_only: bool,
    scaled: u32,
}

#[multiversion(avx2 + fma, sse4.2)]
fn probe(x: u32) -> Probe {
    #[target_cfg(target_feature = "avx2")]
    let width = 8;
    #[target_cfg(not(target_feature = "avx2"))]
    let width = 4;
    let sse_only_test =
        || target_cfg!(all(target_feature = "sse4.2", not(target_feature = "avx2")));
    let sse_only = sse_only_test();
    let mut scaled = match x {
        #[target_cfg(target_feature = "fma")]
        0 => 100,
        _ => x * width,
    };
    #[target_cfg(any(target_feature = "fma", target_feature = "avx512f"))]
    {
        scaled += 1;
    }
    Probe {
        clone: selected!(),
        wide: width == 8,
        sse_only,
        scaled,
    }
}

/// Each clone compiled the code its features allow, and nothing else.
#[test]
fn each_clone_compiles_the_code_its_features_allow() {
    let mut clones = BTreeSet::new();
    for_each_level(|level| {
        let probe = probe(0);
        let avx2 = has_avx2(probe.clone);
        let fma = probe.clone == "avx2+fma";
        assert_eq!(probe.wide, avx2, "{level}: {probe:?}");
        assert_eq!(probe.sse_only, has_sse42(probe.clone) && !avx2, "{level}");
        let width = if avx2 { 8 } else { 4 };
        let expected =
            if fma { 101 } else { 0 } + u32::from(cfg!(target_feature = "avx512f") && !fma);
        assert_eq!(probe.scaled, expected, "{level}: {probe:?}");
        assert_eq!(probe_scaled(3), 3 * width + u32::from(fma), "{level}");
        clones.insert(probe.clone);
    });
    assert!(clones.contains("fallback"), "{clones:?}");
    if cfg!(target_arch = "x86_64") && std::env::var_os("PERFATTR_DISABLE").is_none() {
        let cpu = perfattr::cpu::detected();
        if cpu.contains("avx2") && cpu.contains("fma") {
            assert!(clones.contains("avx2+fma"), "{clones:?}");
        }
    }
}

fn probe_scaled(x: u32) -> u32 {
    probe(x).scaled
}

#[multiversion(avx2)]
fn nested_function() -> (&'static str, bool, bool) {
    // A nested function is not compiled with the clone's features: there, none holds.
    fn inner() -> bool {
        target_cfg!(target_feature = "avx2")
    }
    (selected!(), target_cfg!(target_feature = "avx2"), inner())
}

#[test]
fn a_nested_function_has_no_clone_feature() {
    for_each_level(|level| {
        let (clone, clone_has, inner_has) = nested_function();
        assert_eq!(clone_has, clone == "avx2", "{level}");
        assert!(!inner_has, "{level}");
    });
}

struct Lanes;

impl Lanes {
    /// A method: its clones are sibling methods.
    #[multiversion(avx2)]
    fn clone_of(&self) -> (&'static str, bool) {
        let _ = self;
        (selected!(), target_cfg!(target_feature = "avx2"))
    }
}

#[multiversion(avx2)]
mod grouped {
    pub fn clone_of() -> (&'static str, bool) {
        (
            perfattr::selected!(),
            perfattr::target_cfg!(target_feature = "avx2"),
        )
    }
}

trait Widest {
    fn clone_of(&self) -> (&'static str, bool);
}

#[multiversion(avx2)]
impl Widest for Lanes {
    fn clone_of(&self) -> (&'static str, bool) {
        #[perfattr::target_cfg(target_feature = "avx2")]
        let wide = true;
        #[perfattr::target_cfg(not(target_feature = "avx2"))]
        let wide = false;
        (perfattr::selected!(), wide)
    }
}

/// The name and the features agree in every placement.
#[test]
fn methods_modules_and_trait_impls_know_their_clone() {
    for_each_level(|level| {
        for (clone, avx2) in [
            Lanes.clone_of(),
            grouped::clone_of(),
            Widest::clone_of(&Lanes),
        ] {
            assert!(clone == "avx2" || clone == "fallback", "{level}: {clone}");
            assert_eq!(avx2, has_avx2(clone), "{level}: {clone}");
        }
    });
}

/// A trait's default method, multiversioned on its own: each target's trampoline is nested in
/// it, so every implementor gets them; the default method dispatches.
trait Summed {
    fn values(&self) -> &[u32];

    #[multiversion(avx2, sse4.2)]
    fn summed(&self, depth: u32) -> (u32, &'static str) {
        if depth > 0 {
            // Recursion goes through the dispatcher, to the same clone.
            let (sum, clone) = self.summed(depth - 1);
            assert_eq!(clone, selected!());
            return (sum + 1, clone);
        }
        (self.values().iter().sum(), selected!())
    }
}

struct Numbers(Vec<u32>);

impl Summed for Numbers {
    fn values(&self) -> &[u32] {
        &self.0
    }
}

#[test]
fn a_traits_default_method_is_multiversioned() {
    let mut clones = BTreeSet::new();
    for_each_level(|level| {
        let (sum, clone) = Numbers(vec![1, 2, 3]).summed(2);
        assert_eq!(sum, 8, "{level}");
        clones.insert(clone);
    });
    assert!(clones.contains("fallback"), "{clones:?}");
    let levels = perfattr::testing::levels();
    if levels.iter().any(|level| level.name == "avx2") {
        assert!(clones.contains("avx2"), "{clones:?}");
    }
}

/// In a group, a member whose code differs between clones is called at the caller's target
/// through its clone (an inlinable body has no target features, so no `target_feature` would
/// hold in it).
#[multiversion(avx2)]
mod calls_between_members {
    pub fn outer() -> (&'static str, bool, bool) {
        (
            perfattr::selected!(),
            inner(),
            perfattr::target_cfg!(target_feature = "avx2"),
        )
    }

    fn inner() -> bool {
        perfattr::target_cfg!(target_feature = "avx2")
    }
}

#[test]
fn a_member_with_per_clone_code_is_called_at_the_callers_target() {
    for_each_level(|level| {
        let (clone, inner, outer) = calls_between_members::outer();
        assert_eq!(outer, clone == "avx2", "{level}");
        assert_eq!(inner, outer, "{level}: {clone}");
    });
}

/// Single methods of trait impls, multiversioned on their own (the attribute cannot see that
/// its `impl` is a trait's, which holds no other items): their clones are trampolines nested in
/// the method, and the body, a closure, may use `self`, `Self`, the impl's generics and
/// associated consts, `?` and `return`.
trait Scaled {
    const FACTOR: u32;
    fn scaled(&self, values: &[u32]) -> (u32, &'static str, bool);
    fn parsed(&self, text: &str) -> Result<(u32, &'static str), std::num::ParseIntError>;
    fn into_inner(self) -> (Vec<u32>, &'static str);
}

struct Plain(Vec<u32>);

impl Scaled for Plain {
    const FACTOR: u32 = 3;

    #[multiversion(avx2 + fma, sse4.2)]
    fn scaled(&self, values: &[u32]) -> (u32, &'static str, bool) {
        let sum: u32 = values.iter().chain(&self.0).map(|v| v * Self::FACTOR).sum();
        (sum, selected!(), target_cfg!(target_feature = "avx2"))
    }

    #[multiversion(avx2 + fma, sse4.2)]
    fn parsed(&self, text: &str) -> Result<(u32, &'static str), std::num::ParseIntError> {
        if text.is_empty() {
            return Ok((0, selected!()));
        }
        let value: u32 = text.parse()?;
        let len = u32::try_from(self.0.len()).unwrap_or(u32::MAX);
        Ok((value * Self::FACTOR + len, selected!()))
    }

    #[multiversion(avx2 + fma, sse4.2)]
    fn into_inner(self) -> (Vec<u32>, &'static str) {
        (self.0, selected!())
    }
}

struct Wrapped<T>(T);

impl<T: Copy + Into<u32>> Scaled for Wrapped<T> {
    const FACTOR: u32 = 5;

    #[multiversion(avx2 + fma, sse4.2)]
    fn scaled(&self, values: &[u32]) -> (u32, &'static str, bool) {
        let this: &Self = self;
        let extra: u32 = this.0.into();
        let sum: u32 = values.iter().map(|v| v * Self::FACTOR).sum();
        (
            sum + extra,
            selected!(),
            target_cfg!(target_feature = "avx2"),
        )
    }

    #[multiversion(avx2 + fma, sse4.2)]
    fn parsed(&self, text: &str) -> Result<(u32, &'static str), std::num::ParseIntError> {
        Ok((text.parse::<u32>()? + self.0.into(), selected!()))
    }

    #[multiversion(avx2 + fma, sse4.2)]
    fn into_inner(self) -> (Vec<u32>, &'static str) {
        (vec![self.0.into()], selected!())
    }
}

#[test]
fn single_methods_of_trait_impls_are_multiversioned() {
    let mut clones = BTreeSet::new();
    for_each_level(|level| {
        let (sum, clone, avx2) = Plain(vec![1]).scaled(&[1, 2]);
        assert_eq!(sum, 12, "{level}");
        assert_eq!(avx2, has_avx2(clone), "{level}: {clone}");
        clones.insert(clone);
        let (sum, generic_clone, avx2) = Wrapped(2_u8).scaled(&[1, 2]);
        assert_eq!((sum, generic_clone), (17, clone), "{level}");
        assert_eq!(avx2, has_avx2(clone), "{level}: {clone}");
        assert_eq!(Plain(vec![1]).parsed("4"), Ok((13, clone)), "{level}");
        assert_eq!(Plain(vec![]).parsed(""), Ok((0, clone)), "{level}");
        assert!(Plain(vec![]).parsed("x").is_err(), "{level}");
        assert_eq!(Wrapped(1_u16).parsed("4"), Ok((5, clone)), "{level}");
        assert_eq!(Plain(vec![7]).into_inner(), (vec![7], clone), "{level}");
        assert_eq!(Wrapped(9_u8).into_inner(), (vec![9], clone), "{level}");
    });
    assert!(clones.contains("fallback"), "{clones:?}");
    let levels = perfattr::testing::levels();
    if levels.iter().any(|level| level.name == "avx2") {
        assert!(clones.contains("avx2+fma"), "{clones:?}");
    }
}
