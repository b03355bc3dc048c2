//! `#[multiversion]`: every shape dispatches, every clone computes the same result, the
//! clone that runs is the one the level allows, and recursion stays in its clone.
//!
//! Each test function returns the address of a `static` declared in its body: every clone has
//! its own copy of the body, so the address says which clone ran.
#![deny(warnings, clippy::pedantic, unused_qualifications)]
#![cfg(target_arch = "x86_64")]

use std::collections::{BTreeMap, BTreeSet};

#[macro_use]
mod common;

use perfattr::multiversion;
use perfattr::testing::{for_each_level, with_target};

#[multiversion(avx2 + fma, sse4)]
fn sum(values: &[f32]) -> (f32, usize) {
    (values.iter().sum(), clone_id!())
}

/// The clone each level runs, by level name, checking results agree.
fn clones_by_level(run: impl Fn() -> (f32, usize)) -> BTreeMap<String, usize> {
    let mut clones = BTreeMap::new();
    let expected = with_target("fallback", || run().0);
    for_each_level(|level| {
        let (result, clone) = run();
        assert!(
            (result - expected).abs() < 1e-3,
            "{level}: {result} != {expected}"
        );
        clones.insert(level.name.clone(), clone);
    });
    clones
}

#[test]
fn each_level_runs_its_own_clone_with_the_same_result() {
    let values: Vec<f32> = (0..1000u16).map(f32::from).collect();
    let clones = clones_by_level(|| sum(&values));
    assert!(clones.contains_key("fallback"));
    let expected = reachable_clones(&[&["avx2", "fma"], &["sse4.2"]]);
    assert_eq!(distinct(&clones), expected, "{clones:?}");
}

/// How many distinct clones the active features let a function with these targets run:
/// each target whose features are all active, plus the fallback.
fn reachable_clones(targets: &[&[&str]]) -> usize {
    let active = perfattr::cpu::usable();
    1 + targets
        .iter()
        .filter(|features| features.iter().all(|f| active.contains(f)))
        .count()
}

fn distinct(clones: &BTreeMap<String, usize>) -> usize {
    clones.values().collect::<BTreeSet<_>>().len()
}

/// The clone `sum` should run given the active features (`PERFATTR_DISABLE` included).
fn expected_sum_clone() -> &'static str {
    let active = perfattr::cpu::usable();
    if active.contains("avx2") && active.contains("fma") {
        "avx2+fma"
    } else if active.contains("sse4.2") {
        "sse4"
    } else {
        "fallback"
    }
}

#[test]
fn the_best_active_clone_is_selected_and_reported() {
    let expected = expected_sum_clone();
    let (_, expected_clone) = with_target(expected, || sum(&[1.0]));
    // What dispatch picks by itself, once no other test is forcing a level.
    let (_, clone) = perfattr::testing::unforced(|| sum(&[1.0]));
    assert_eq!(clone, expected_clone, "dispatch did not pick {expected}");
    let report = perfattr::report::dispatch();
    let row = report
        .functions
        .iter()
        .find(|row| row.name.ends_with("::sum"))
        .unwrap();
    assert_eq!(row.targets, ["avx2+fma", "sse4", "fallback"]);
    // Built with AVX2 and FMA enabled (`-C target-cpu=native`, tests/tests/native.rs), the best
    // clone is called directly.
    let compile_time = perfattr::cpu::compile_time();
    let expected_dispatch = if compile_time.contains("avx2") && compile_time.contains("fma") {
        "compile time"
    } else {
        "pointer"
    };
    assert_eq!(row.dispatch, expected_dispatch);
    let active: BTreeSet<&str> = perfattr::cpu::usable().names().collect();
    let detected: BTreeSet<&str> = perfattr::cpu::detected().names().collect();
    assert!(active.is_subset(&detected));
}

#[test]
fn a_single_target_can_be_forced() {
    let (_, fallback) = with_target("fallback", || sum(&[1.0]));
    let (_, again) = with_target("fallback", || sum(&[2.0]));
    assert_eq!(fallback, again);
    if perfattr::cpu::usable().contains("sse4.2") {
        let (_, sse4) = with_target("sse4", || sum(&[1.0]));
        assert_ne!(sse4, fallback);
    }
}

// Generic functions: types, lifetimes, const generics, where clauses.
#[multiversion(avx2, sse4)]
fn largest<'a, T, const N: usize>(items: &'a [T; N], floor: &'a T) -> (T, usize)
where
    T: PartialOrd + Copy + Default,
{
    let mut best = *floor;
    for item in items {
        if *item > best {
            best = *item;
        }
    }
    (best, clone_id!())
}

#[test]
fn generic_functions() {
    let clones = clones_by_level(|| {
        let (value, clone) = largest(&[3.0_f32, 9.0, 2.0], &0.0);
        (value, clone)
    });
    assert_eq!(
        distinct(&clones),
        reachable_clones(&[&["avx2"], &["sse4.2"]])
    );
    assert_eq!(largest(&[1_u8, 7, 3], &0).0, 7);
    assert_eq!(largest::<i64, 0>(&[], &-5).0, -5);
}

#[multiversion(avx2, sse4)]
fn apply(values: &[u32], f: impl Fn(u32) -> u32) -> u32 {
    values.iter().map(|&v| f(v)).sum()
}

#[test]
fn impl_trait_arguments_and_closures_in_the_body() {
    let offset = 10;
    for_each_level(|_| assert_eq!(apply(&[1, 2, 3], |v| v * 2 + offset), 42));
}

// Argument patterns, `mut` bindings, unsafe functions.
#[multiversion(avx2, sse4)]
fn patterns((a, b): (u32, u32), mut scale: u32, _: &str) -> u32 {
    scale += 1;
    (a + b) * scale
}

/// # Safety
/// `ptr` must be valid for `len` reads.
#[multiversion(avx2)]
unsafe fn sum_raw(ptr: *const u32, len: usize) -> u32 {
    // SAFETY: the caller's contract.
    unsafe { std::slice::from_raw_parts(ptr, len) }.iter().sum()
}

#[test]
fn argument_patterns_and_unsafe_functions() {
    let data = [1, 2, 3, 4];
    for_each_level(|_| {
        assert_eq!(patterns((2, 3), 1, "ignored"), 10);
        // SAFETY: `data` is valid for its length.
        assert_eq!(unsafe { sum_raw(data.as_ptr(), data.len()) }, 10);
    });
}

#[multiversion(avx2, sse4)]
fn depth(n: u32) -> (u32, usize, usize) {
    let here = clone_id!();
    if n == 0 {
        (0, here, here)
    } else {
        let (d, _, deepest) = depth(n - 1);
        (d + 1, here, deepest)
    }
}

#[test]
fn recursion_stays_in_the_current_clone() {
    for_each_level(|level| {
        let (d, top, deepest) = depth(5);
        assert_eq!(d, 5);
        assert_eq!(top, deepest, "{level}: the recursive call left its clone");
    });
}

// Methods: `self`, `&self`, `&mut self`, `Self` in signature and body, associated fns.
#[derive(Debug, Clone, PartialEq)]
struct Accumulator {
    total: u64,
}

impl Accumulator {
    #[multiversion(avx2 + fma, sse4)]
    fn new(start: u64) -> Self {
        Self { total: start }
    }

    #[multiversion(avx2 + fma, sse4)]
    fn add_all(&mut self, values: &[u64]) -> usize {
        for v in values {
            self.total += v;
        }
        clone_id!()
    }

    #[multiversion(avx2 + fma, sse4)]
    fn scaled(&self, by: u64) -> Self {
        Accumulator::new(self.total * by)
    }

    #[multiversion(avx2, sse4)]
    fn into_total(self) -> u64 {
        self.total
    }

    #[multiversion(avx2, sse4)]
    fn merge(a: &Self, b: &Self) -> Self {
        Self::new(a.total + b.total)
    }
}

#[test]
fn methods_and_associated_functions() {
    let mut clones = BTreeSet::new();
    for_each_level(|_| {
        let mut acc = Accumulator::new(1);
        clones.insert(acc.add_all(&[1, 2]));
        assert_eq!(acc.total, 4);
        assert_eq!(acc.scaled(2).total, 8);
        let merged = Accumulator::merge(&acc, &Accumulator::new(1));
        assert_eq!(merged.into_total(), 5);
    });
    let expected = reachable_clones(&[&["avx2", "fma"], &["sse4.2"]]);
    assert_eq!(
        clones.len(),
        expected,
        "methods must run one clone per level"
    );
}

/// A second type with a method of the same name as `Accumulator::merge`, and a generic one.
struct Histogram;

impl Histogram {
    #[multiversion(avx2, sse4)]
    fn merge(a: &[u64], b: &[u64]) -> u64 {
        a.iter().chain(b).sum()
    }
}

struct Window<T>(T);

impl<T: Copy + Into<u64>> Window<T> {
    #[multiversion(avx2, sse4)]
    fn merge(&self, other: T) -> u64 {
        self.0.into() + other.into()
    }
}

/// Methods are registered under the path a user writes, type included: two `merge`s are
/// `Accumulator::merge` and `Histogram::merge`, never one name twice.
#[test]
fn dispatch_names_carry_the_type() {
    assert_eq!(Histogram::merge(&[1], &[2]), 3);
    assert_eq!(Window(1u8).merge(2), 3);
    let report = perfattr::report::dispatch();
    let module = module_path!();
    let names: Vec<&str> = report
        .functions
        .iter()
        .map(|row| row.name)
        .filter(|name| name.ends_with("::merge"))
        .collect();
    assert_eq!(
        names,
        [
            format!("{module}::Accumulator::merge"),
            format!("{module}::Histogram::merge"),
            format!("{module}::Window<_>::merge"),
        ],
        "{report}"
    );
}

#[test]
fn every_function_is_registered() {
    let report = perfattr::report::dispatch();
    for name in [
        "::sum",
        "::largest",
        "::apply",
        "::patterns",
        "::sum_raw",
        "::depth",
        "::add_all",
        "::merge",
    ] {
        assert!(
            report.functions.iter().any(|row| row.name.ends_with(name)),
            "{name} missing:\n{report}"
        );
    }
    let largest = report
        .functions
        .iter()
        .find(|row| row.name.ends_with("::largest"))
        .unwrap();
    // Its best target is `avx2`.
    let native = perfattr::cpu::compile_time().contains("avx2");
    let expected = if native { "compile time" } else { "index" };
    assert_eq!(largest.dispatch, expected);
    let json = report.to_json();
    assert!(json.contains("\"name\":\"multiversion::sum\""), "{json}");
}

/// The same features as `sum`'s `sse4`, under another name.
#[multiversion("sse4.2+sse4.1")]
fn alias(x: u32) -> (u32, usize) {
    (x + 1, clone_id!())
}

#[test]
fn a_target_can_be_forced_by_its_own_name_when_another_has_the_same_features() {
    let (_, fallback) = with_target("fallback", || alias(1));
    if perfattr::cpu::usable().contains("sse4.2") {
        let (value, clone) = with_target("sse4.2+sse4.1", || alias(1));
        assert_eq!(value, 2);
        assert_ne!(clone, fallback);
    }
}

#[multiversion(v3, v2)]
fn level(x: u32) -> (u32, usize) {
    (x * 3, clone_id!())
}

#[test]
fn a_level_can_be_forced_by_its_psabi_name() {
    let usable = perfattr::cpu::usable();
    if usable.contains("avx2") && usable.contains("fma") && usable.contains("movbe") {
        let (value, by_shorthand) = with_target("v3", || level(2));
        let (_, by_psabi) = with_target("x86-64-v3", || level(2));
        assert_eq!((value, by_psabi), (6, by_shorthand));
        let (_, fallback) = with_target("fallback", || level(2));
        assert_ne!(by_psabi, fallback);
    }
}

/// `sse2` is `x86_64`'s baseline: its clone is the fallback's code.
#[multiversion(avx2, sse2)]
fn baseline_target(x: u32) -> u32 {
    x + 1
}

#[test]
fn a_baseline_target_is_not_a_level() {
    // Forcible by name while usable (`PERFATTR_DISABLE=all` masks even the baseline).
    if perfattr::cpu::usable().contains("sse2") {
        assert_eq!(with_target("sse2", || baseline_target(1)), 2);
    }
    let names: Vec<String> = perfattr::testing::levels()
        .into_iter()
        .map(|level| level.name)
        .collect();
    assert!(!names.iter().any(|name| name == "sse2"), "{names:?}");
}

/// Helpers nest: `unforced` inside `with_target` runs the best clone, then the outer level
/// is back (before, the inner helper waited for the outer one's lock forever).
#[test]
fn testing_helpers_nest() {
    // Forcing is process-wide: outside a helper, another test may be forcing a level.
    let best = perfattr::testing::unforced(|| sum(&[1.0]).1);
    let fallback = with_target("fallback", || {
        let inside = sum(&[1.0]).1;
        let unforced = perfattr::testing::unforced(|| sum(&[1.0]).1);
        assert_eq!(unforced, best);
        assert_eq!(sum(&[1.0]).1, inside, "the outer level is restored");
        inside
    });
    if perfattr::cpu::usable().contains("sse4.2") {
        assert_ne!(fallback, best);
    }
}

// `-> impl Trait`: the value is built in the clone that ran (the closure inherits its target
// features) and returned through the runtime's `Either`.
#[multiversion(avx2, sse4)]
fn doubled(
    limit: u32,
) -> impl DoubleEndedIterator<Item = (u32, usize)> + ExactSizeIterator + Clone {
    let clone = clone_id!();
    (0..limit).map(move |x| (x * 2, clone))
}

#[multiversion(avx2 + fma, sse4)]
fn described(x: u32) -> impl std::fmt::Display + std::fmt::Debug {
    format!("{x} in clone {}", clone_id!())
}

#[multiversion(avx2, sse4)]
fn answer_later(x: u32) -> impl Future<Output = (u32, usize)> {
    let clone = clone_id!();
    async move { (x * 2, clone) }
}

#[test]
fn impl_trait_return_types() {
    let mut clones = BTreeSet::new();
    for_each_level(|level| {
        let values = doubled(4);
        assert_eq!(values.len(), 4, "{level}");
        let again = values.clone();
        let doubles: Vec<u32> = values.rev().map(|(x, _)| x).collect();
        assert_eq!(doubles, [6, 4, 2, 0]);
        let ids: BTreeSet<usize> = again.map(|(_, clone)| clone).collect();
        assert_eq!(ids.len(), 1);
        clones.extend(ids);

        let text = described(7).to_string();
        assert!(text.starts_with("7 in clone "), "{text}");
        assert_eq!(format!("{:?}", described(7)), format!("{text:?}"));

        let mut future = std::pin::pin!(answer_later(21));
        let mut context = std::task::Context::from_waker(std::task::Waker::noop());
        let std::task::Poll::Ready((answer, _)) = future.as_mut().poll(&mut context) else {
            panic!("an async block without awaits is ready at once");
        };
        assert_eq!(answer, 42);
    });
    // The levels built their iterators in different clones (at least the SSE4 one and the
    // fallback).
    assert!(
        clones.len() >= 2 || !perfattr::cpu::usable().contains("sse4.2"),
        "{clones:?}"
    );
}

#[multiversion(v4, v3)]
fn wide_sum(values: &[u32]) -> (u32, usize) {
    (values.iter().sum(), clone_id!())
}

/// AVX-512 target features are stable from Rust 1.89: an older compiler builds the `v4` clone
/// without them, never selects it, and the dispatch report says why. `scripts/msrv.sh` runs
/// this with `PERFATTR_EXPECT_RUST=1.85`; on a newer compiler nothing is unavailable.
#[test]
fn an_older_compiler_compiles_out_the_targets_it_cannot_build() {
    let old = match std::env::var("PERFATTR_EXPECT_RUST") {
        Ok(version) => version == "1.85",
        Err(_) => false,
    };
    let values: Vec<u32> = (0..100).collect();
    assert_eq!(wide_sum(&values).0, 4950);
    // Read while no other test forces a level: the selected clone is dispatch's own choice.
    let report = perfattr::testing::unforced(perfattr::report::dispatch);
    let row = report
        .functions
        .iter()
        .find(|f| f.name.ends_with("::wide_sum"))
        .unwrap();
    let expected: &[(&str, &str)] = if old { &[("v4", "1.89")] } else { &[] };
    assert_eq!(row.unavailable, expected);
    let levels: Vec<String> = perfattr::testing::levels()
        .into_iter()
        .map(|level| level.name)
        .collect();
    if old {
        assert_ne!(row.selected, "v4");
        assert!(!levels.iter().any(|level| level == "v4"), "{levels:?}");
        assert!(
            report.to_string().contains("v4 (needs Rust 1.89) > v3"),
            "{report}"
        );
        assert!(
            report
                .to_json()
                .contains("\"needs_rust\":{\"v4\":\"1.89\"}")
        );
        let message = std::panic::catch_unwind(|| with_target("v4", || ()));
        assert!(message.is_err(), "forcing an unavailable target fails");
    } else if perfattr::cpu::usable().contains("avx512vl") {
        // (Not under `PERFATTR_DISABLE=all`, which CI also runs.)
        assert_eq!(row.selected, "v4");
        assert!(levels.iter().any(|level| level == "v4"));
        let v4 = with_target("v4", || wide_sum(&values).1);
        let v3 = with_target("v3", || wide_sum(&values).1);
        assert_ne!(v4, v3, "v4 has a clone of its own");
    }
}
