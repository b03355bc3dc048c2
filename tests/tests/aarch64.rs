//! `#[multiversion]` on aarch64, the counterpart of `multiversion.rs` and `groups.rs`: every
//! shape dispatches, every clone computes the same result, the clone that runs is the one the
//! CPU allows, and the testing helpers visit every level. `scripts/aarch64.sh` runs it under
//! `qemu-aarch64 -cpu cortex-a53` (NEON only), `neoverse-n1` (dotprod, fp16) and `max` (SVE2),
//! with `PERFATTR_EXPECT_CLONE` naming the clone that model must select.
#![deny(warnings, clippy::pedantic, unused_qualifications)]
#![cfg(target_arch = "aarch64")]

use std::collections::{BTreeMap, BTreeSet};

#[macro_use]
mod common;

use perfattr::multiversion;
use perfattr::testing::{for_each_level, levels, unforced, with_target};

#[multiversion(sve2, sve, dotprod + fp16)]
fn sum(values: &[f32]) -> (f32, usize) {
    (values.iter().sum(), clone_id!())
}

/// The clone `sum` should run given the usable features.
fn expected_sum_clone() -> &'static str {
    let usable = perfattr::cpu::usable();
    if usable.contains("sve2") {
        "sve2"
    } else if usable.contains("sve") {
        "sve"
    } else if usable.contains("dotprod") && usable.contains("fp16") {
        "dotprod+fp16"
    } else {
        "fallback"
    }
}

#[test]
fn each_level_runs_its_own_clone_with_the_same_result() {
    let values: Vec<f32> = (0..1000u16).map(f32::from).collect();
    let expected = with_target("fallback", || sum(&values).0);
    let mut clones = BTreeMap::new();
    for_each_level(|level| {
        let (result, clone) = sum(&values);
        assert!((result - expected).abs() < 1e-3, "{level}: {result}");
        clones.insert(level.name.clone(), clone);
    });
    let usable = perfattr::cpu::usable();
    let reachable = 1 + [&["sve2"][..], &["sve"], &["dotprod", "fp16"]]
        .iter()
        .filter(|features| features.iter().all(|f| usable.contains(f)))
        .count();
    let distinct: BTreeSet<&usize> = clones.values().collect();
    assert_eq!(distinct.len(), reachable, "{clones:?}");
}

#[test]
fn the_best_clone_this_cpu_allows_is_selected_and_reported() {
    let expected = expected_sum_clone();
    if let Ok(model) = std::env::var("PERFATTR_EXPECT_CLONE") {
        assert_eq!(expected, model, "usable: {}", perfattr::cpu::usable());
    }
    let (_, expected_clone) = with_target(expected, || sum(&[1.0]));
    let (_, clone) = unforced(|| sum(&[1.0]));
    assert_eq!(clone, expected_clone, "dispatch did not pick {expected}");
    // Read while no other test forces a level, as the selected clone depends on it.
    let report = unforced(perfattr::report::dispatch);
    let row = report
        .functions
        .iter()
        .find(|row| row.name.ends_with("aarch64::sum"))
        .unwrap();
    assert_eq!(row.targets, ["sve2", "sve", "dotprod+fp16", "fallback"]);
    assert_eq!(row.selected, expected);
}

#[multiversion(sve2, dotprod)]
fn largest<T: PartialOrd + Copy, const N: usize>(items: &[T; N]) -> (Option<T>, usize) {
    let best = items.iter().copied().fold(None, |best, x| match best {
        Some(b) if b >= x => Some(b),
        _ => Some(x),
    });
    (best, clone_id!())
}

#[test]
fn generic_functions_dispatch_by_feature_set() {
    for_each_level(|level| {
        assert_eq!(largest(&[3, 9, 2]).0, Some(9), "{level}");
        assert_eq!(largest(&[0.5, -1.0]).0, Some(0.5), "{level}");
    });
    let report = perfattr::report::dispatch();
    let row = report
        .functions
        .iter()
        .find(|row| row.name.ends_with("::largest"))
        .unwrap();
    assert_eq!(row.dispatch, "index");
}

struct Tally(u64);

#[multiversion(sve2, dotprod)]
impl Tally {
    fn add_all(&mut self, values: &[u64]) -> usize {
        for v in values {
            self.0 += self.weight(*v);
        }
        clone_id!()
    }

    fn weight(&self, v: u64) -> u64 {
        v * 2 + self.0 % 2
    }
}

#[multiversion(sve2, dotprod)]
mod kernels {
    pub fn dot(a: &[i32], b: &[i32]) -> (i32, usize) {
        (a.iter().zip(b).map(|(x, y)| mul(*x, *y)).sum(), clone_id!())
    }

    fn mul(x: i32, y: i32) -> i32 {
        x * y
    }
}

#[test]
fn methods_and_modules_run_each_level_with_the_same_result() {
    let mut methods = BTreeSet::new();
    let mut modules = BTreeSet::new();
    for_each_level(|level| {
        let mut tally = Tally(1);
        methods.insert(tally.add_all(&[1, 2, 3]));
        assert_eq!(tally.0, 1 + 3 + 4 + 6, "{level}");
        let (dot, clone) = kernels::dot(&[1, 2, 3], &[4, 5, 6]);
        assert_eq!(dot, 32, "{level}");
        modules.insert(clone);
    });
    let usable = perfattr::cpu::usable();
    let reachable = 1 + ["sve2", "dotprod"]
        .iter()
        .filter(|f| usable.contains(f))
        .count();
    assert_eq!(methods.len(), reachable);
    assert_eq!(modules.len(), reachable);
}

#[multiversion(sve2, dotprod)]
fn depth(n: u32) -> (u32, usize, usize) {
    let here = clone_id!();
    if n == 0 {
        (0, here, here)
    } else {
        let (d, deepest, _) = depth(n - 1);
        (d + 1, deepest, here)
    }
}

#[test]
fn recursion_stays_in_the_current_clone() {
    for_each_level(|level| {
        let (d, deepest, top) = depth(5);
        assert_eq!((d, deepest), (5, top), "{level}");
    });
}

/// `neon` is aarch64's baseline: its clone is the fallback's code.
#[multiversion(dotprod, neon)]
fn baseline_target(x: u32) -> u32 {
    x + 1
}

#[test]
fn a_baseline_target_is_not_a_level() {
    // Forcible by name while usable (`PERFATTR_DISABLE=all` masks even the baseline).
    if perfattr::cpu::usable().contains("neon") {
        assert_eq!(with_target("neon", || baseline_target(1)), 2);
    }
    let names: Vec<String> = levels().into_iter().map(|level| level.name).collect();
    assert!(!names.iter().any(|name| name == "neon"), "{names:?}");
}

#[test]
fn the_levels_are_the_targets_this_cpu_supports() {
    let names: Vec<String> = levels().into_iter().map(|level| level.name).collect();
    assert_eq!(names.last().map(String::as_str), Some("fallback"));
    let usable = perfattr::cpu::usable();
    for name in &names {
        if name != "fallback" {
            let features = name.split('+');
            assert!(features.clone().all(|f| usable.contains(f)), "{name}");
        }
    }
    // NEON is every aarch64 Linux CPU's baseline: detection and compile time agree on it.
    assert!(perfattr::cpu::compile_time().contains("neon"));
    assert!(perfattr::cpu::detected().contains("neon"));
}
