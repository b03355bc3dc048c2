//! Measured dispatch: the clone a dispatch profile measured fastest on this CPU model, where it
//! beats the rank's choice beyond the noise. The macros embed each function's measurements
//! ([`Measured`]) from the profile `PERFATTR_DISPATCH_PROFILE` names at build time; with the
//! `report` feature `PERFATTR_RUNTIME_PROFILE` loads one at run time instead (`loaded.rs`).

use crate::cpu::Features;
use crate::cpu::identity::{closeness, identity};

use super::Target;

/// One CPU model's measurement of one multiversioned function, embedded by the macros.
#[derive(Debug)]
pub struct Measured {
    /// The function's path, as the dispatch report writes it: rows are embedded by the
    /// function's name (a proc macro does not know more), the path tells which is this one.
    pub function: &'static str,
    /// The profile's file name, for the dispatch report.
    pub source: &'static str,
    /// The CPU it was measured on (see [`crate::cpu::Identity`]).
    pub arch: &'static str,
    pub vendor: &'static str,
    pub family: u32,
    pub model: u32,
    pub stepping: u32,
    pub midr: Option<u64>,
    /// The features the measuring process could use, as bits of [`crate::cpu::FEATURES`].
    pub features: u128,
    /// One ranking per input the benchmark measured, fastest first.
    pub cases: &'static [&'static [Ranked]],
}

/// One clone's place in a measured case.
#[derive(Debug, Clone, Copy)]
pub struct Ranked {
    /// The clone: an index into the function's targets, `targets.len()` for the fallback.
    /// Clones with identical machine code each have a row with the same numbers.
    pub clone: u8,
    /// Time relative to the case's fastest contender, and its 95% interval.
    pub ratio: f32,
    pub low: f32,
    pub high: f32,
}

/// A clone replaces the rank's choice only when its time relative to that choice is below this
/// in every measured case, at the top of the 95% interval: at least 25% faster, beyond the
/// noise of one run and beyond what moves between builds and runs (`scripts/placement.sh`:
/// aligning every function moved a ratio between two clones by up to 18%, running the same
/// build again by up to 29% on a shared machine; identical code at two addresses measured 8-9%
/// apart on Intel; see the README's "Measured dispatch").
pub const SWITCH_BELOW: f32 = 0.80;

/// Why a function runs the clone it runs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Why {
    /// The best target's features are enabled at compile time: no dispatch. Every clone is
    /// then compiled with them, so a profile measured on portable clones does not apply.
    CompileTime,
    /// A testing or bench helper forces a level: the rank's choice within it.
    Forced,
    /// The rank's choice: the best target the CPU supports.
    Rank(Unmeasured),
    /// The profile measured this clone faster than the rank's choice `over` on this CPU model,
    /// `gain` times (the geometric mean over its cases).
    Measured {
        over: usize,
        gain: f32,
        source: &'static str,
    },
}

/// Why the profile did not change the rank's choice.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Unmeasured {
    /// No profile has this function.
    NoProfile,
    /// The profile has the function, measured on other CPU models only.
    OtherModels(&'static str),
    /// This model's measurement lacks the rank's choice (measured where it could not run).
    RankNotMeasured(&'static str),
    /// No clone this CPU can run beats the rank's choice by enough; `best` came closest, at
    /// `ratio` of its time.
    NotFaster {
        best: usize,
        ratio: f32,
        source: &'static str,
    },
    /// A run-time profile names clones this function no longer has (it said so on stderr).
    Stale(&'static str),
    /// The run-time profile could not be read or is malformed (it said so on stderr).
    Unusable(&'static str),
}

/// The clone to run, from the rank's choice `rank` and the measurements `rows` of this
/// function: the measured-fastest clone whose features are all in `active`, when it beats
/// `rank` below [`SWITCH_BELOW`] in every case.
pub(crate) fn choose(
    function: &str,
    targets: &[Target],
    rows: &'static [Measured],
    rank: usize,
    active: u128,
) -> (usize, Why) {
    let mut rows = rows
        .iter()
        .filter(|row| row.function == function)
        .peekable();
    let Some(first) = rows.peek() else {
        return (rank, Why::Rank(Unmeasured::NoProfile));
    };
    let source = first.source;
    let this = identity();
    let usable = crate::cpu::state::usable();
    let row = rows
        .filter_map(|row| {
            let other = (
                row.arch,
                row.vendor,
                row.family,
                row.model,
                row.stepping,
                row.midr,
                Features(row.features),
            );
            Some((closeness(&this, usable, other)?, row))
        })
        .fold(
            None,
            |best: Option<(u8, &Measured)>, (close, row)| match best {
                Some((best_close, _)) if best_close >= close => best,
                _ => Some((close, row)),
            },
        );
    let Some((_, row)) = row else {
        return (rank, Why::Rank(Unmeasured::OtherModels(source)));
    };
    decide(targets, row, rank, active)
}

fn decide(targets: &[Target], row: &Measured, rank: usize, active: u128) -> (usize, Why) {
    let source = row.source;
    let find = |case: &[Ranked], clone: usize| {
        case.iter().find(|r| usize::from(r.clone) == clone).copied()
    };
    if row.cases.is_empty() || row.cases.iter().any(|case| find(case, rank).is_none()) {
        return (rank, Why::Rank(Unmeasured::RankNotMeasured(source)));
    }
    let runs = |clone: usize| {
        clone == targets.len()
            || targets
                .get(clone)
                .is_some_and(|t| active & t.features.0 == t.features.0)
    };
    // (clone, product of its ratios to the rank's choice, whether it clears the bar).
    let mut closest: Option<(usize, f32, bool)> = None;
    for clone in (0..=targets.len()).filter(|&c| c != rank && runs(c)) {
        let mut score = 1.0_f32;
        let mut clears = true;
        let mut measured = true;
        for case in row.cases {
            let (Some(this), Some(chosen)) = (find(case, clone), find(case, rank)) else {
                measured = false;
                break;
            };
            score *= this.ratio / chosen.ratio;
            clears &= chosen.low > 0.0 && this.high / chosen.low < SWITCH_BELOW;
        }
        if !measured {
            continue;
        }
        let better = match closest {
            None => true,
            Some((_, best, best_clears)) => (clears, -score) > (best_clears, -best),
        };
        if better {
            closest = Some((clone, score, clears));
        }
    }
    let mean = |score: f32| nth_root(score, row.cases.len());
    match closest {
        Some((clone, score, true)) => (
            clone,
            Why::Measured {
                over: rank,
                gain: 1.0 / mean(score),
                source,
            },
        ),
        Some((best, score, false)) => (
            rank,
            Why::Rank(Unmeasured::NotFaster {
                best,
                ratio: mean(score),
                source,
            }),
        ),
        None => (
            rank,
            Why::Rank(Unmeasured::NotFaster {
                best: rank,
                ratio: 1.0,
                source,
            }),
        ),
    }
}

/// `x^(1/n)` for a positive `x`, by Newton's method (no floating-point library in `core`): the
/// geometric mean of `n` ratios from their product.
fn nth_root(x: f32, n: usize) -> f32 {
    if n <= 1 || x <= 0.0 {
        return x;
    }
    #[allow(clippy::cast_precision_loss, reason = "a handful of cases")]
    let n = n as f32;
    let mut root = 1.0_f32;
    for _ in 0..64 {
        let mut power = 1.0_f32;
        let mut i = 1.0;
        while i < n {
            power *= root;
            i += 1.0;
        }
        root = ((n - 1.0) * root + x / power) / n;
    }
    root
}

/// Says once on stderr that `PERFATTR_RUNTIME_PROFILE` is set in a build that cannot read it.
#[cfg(all(feature = "std", not(feature = "report")))]
pub(crate) fn runtime_profile_unsupported() {
    use core::sync::atomic::{AtomicBool, Ordering::Relaxed};
    static SAID: AtomicBool = AtomicBool::new(false);
    if crate::env::is_set(c"PERFATTR_RUNTIME_PROFILE") && !SAID.swap(true, Relaxed) {
        std::eprintln!(
            "perfattr: PERFATTR_RUNTIME_PROFILE is ignored: this program was built without \
             perfattr's `report` feature, which reads it (dispatch uses the embedded profile)"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::nth_root;

    #[test]
    fn the_geometric_mean_of_ratios() {
        assert!((nth_root(2.25, 2) - 1.5).abs() < 1e-5);
        assert!((nth_root(0.125, 3) - 0.5).abs() < 1e-5);
        assert!((nth_root(0.9, 1) - 0.9).abs() < 1e-7);
    }
}
