//! The dispatch report: every multiversioned function, its targets, and the clone this
//! process selected.

use std::format;
use std::string::{String, ToString};
use std::vec::Vec;

use crate::dispatch::{MULTIVERSIONED, SWITCH_BELOW, Unmeasured, Why};

/// The dispatch state of the whole program.
///
/// ```
/// let report = perfattr::report::dispatch();
/// for function in &report.functions {
///     println!("{} runs {}", function.name, function.selected);
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DispatchReport {
    /// The features dispatch used (`perfattr::cpu::active()`).
    pub active: String,
    /// This CPU's identity, what dispatch profiles are keyed by (`perfattr::cpu::identity()`).
    pub cpu: String,
    /// `PERFATTR_RUNTIME_PROFILE`, when set: it replaces the embedded measurements.
    pub runtime_profile: Option<String>,
    /// What patching did for `dispatch = patched` functions (`perfattr::patching()`), in
    /// words: `patched before main`, `refused: mprotect failed (…)`, `not compiled …`.
    pub patching: String,
    /// One row per multiversioned function, by name.
    pub functions: Vec<FunctionDispatch>,
}

/// One multiversioned function.
///
/// ```
/// #[perfattr::multiversion(avx2, sse4)]
/// fn total(values: &[u32]) -> u32 {
///     values.iter().sum()
/// }
///
/// # assert_eq!(total(&[1]), 1);
/// let report = perfattr::report::dispatch();
/// let row = report.functions.iter().find(|f| f.name.ends_with("::total")).unwrap();
/// assert_eq!(row.targets.last(), Some(&"fallback"));
/// assert!(row.targets.contains(&row.selected));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionDispatch {
    /// `module::path::function`.
    pub name: &'static str,
    /// `file:line`.
    pub location: &'static str,
    /// Its targets for this architecture, best first, then `"fallback"`.
    pub targets: Vec<&'static str>,
    /// The clone that runs: one of `targets`.
    pub selected: &'static str,
    /// How calls reach it: `"compile time"` (no dispatch), `"patched"` (a direct jump,
    /// patched before `main`), `"pointer"` (cached function pointer) or `"index"` (a cached
    /// clone index per call). A `dispatch = patched` function that was not patched says
    /// `"pointer (not patched)"` or `"index (not patched)"`: the report's `patching` says why.
    pub dispatch: &'static str,
    /// How the clone was chosen: `"compile time"`, `"forced"` (a testing or bench helper),
    /// `"rank"` (the best target this CPU supports) or `"measured"` (the dispatch profile).
    pub chosen_by: &'static str,
    /// Why, in words: `measured 1.41× faster than v4 on this CPU model (profile
    /// perfattr-dispatch.json)`, `rank (no measurement for this CPU model in …)`.
    pub why: String,
    /// Targets this program's compiler could not build with their features, with the Rust
    /// release they need (`("v4", "1.89")` for AVX-512 before Rust 1.89): never selected.
    pub unavailable: Vec<(&'static str, &'static str)>,
}

/// Collects the report for this process.
///
/// ```
/// println!("{}", perfattr::report::dispatch());
/// ```
#[must_use]
pub fn dispatch() -> DispatchReport {
    let mut functions: Vec<FunctionDispatch> = MULTIVERSIONED
        .iter()
        .map(|entry| {
            let mut targets: Vec<&'static str> = entry.targets.iter().map(|t| t.name).collect();
            targets.push("fallback");
            let (index, why) = entry.decide();
            let patched = crate::dispatch::patch::is_patched(entry.patch);
            let dispatch = match (entry.compile_time, entry.slot, entry.patch) {
                (Some(_), _, _) => "compile time",
                (None, _, Some(_)) if patched => "patched",
                (None, Some(_), Some(_)) => "pointer (not patched)",
                (None, None, Some(_)) => "index (not patched)",
                (None, Some(_), None) => "pointer",
                (None, None, None) => "index",
            };
            let unavailable = entry
                .targets
                .iter()
                .filter_map(|t| Some((t.name, t.needs_rust?)))
                .collect();
            FunctionDispatch {
                name: entry.name(),
                location: entry.location,
                selected: targets[index],
                chosen_by: chosen_by(&why),
                why: explain(&why, &targets, index),
                targets,
                dispatch,
                unavailable,
            }
        })
        .collect();
    functions.sort_by(|a, b| a.name.cmp(b.name));
    DispatchReport {
        active: crate::cpu::active().to_string(),
        cpu: crate::cpu::identity().to_string(),
        runtime_profile: crate::dispatch::loaded::describe(),
        patching: crate::dispatch::patching().to_string(),
        functions,
    }
}

/// How a clone was chosen, in a word: `"compile time"`, `"forced"`, `"rank"`, `"measured"`.
#[must_use]
pub(crate) fn chosen_by(why: &Why) -> &'static str {
    match why {
        Why::CompileTime => "compile time",
        Why::Forced => "forced",
        Why::Rank(_) => "rank",
        Why::Measured { .. } => "measured",
    }
}

/// Why a function runs clone `index`, in words; `names` are its clones, the fallback last.
#[must_use]
pub(crate) fn explain(why: &Why, names: &[&str], index: usize) -> String {
    let name = |index: usize| names.get(index).copied().unwrap_or("?");
    let bar = (1.0 / SWITCH_BELOW - 1.0) * 100.0;
    match *why {
        // `dispatch = compile_time` below the best target: not the best's features.
        Why::CompileTime if index + 1 == names.len() => {
            "compile time (dispatch = compile_time): the build enables no target's features \
             (-C target-cpu/-C target-feature), so the fallback"
                .into()
        }
        Why::CompileTime if index > 0 => format!(
            "compile time (dispatch = compile_time): the build enables {}'s features and no \
             better target's (-C target-cpu/-C target-feature)",
            name(index)
        ),
        Why::CompileTime => "compile time: its features are enabled for the whole build \
             (-C target-cpu/-C target-feature), which every clone then has, so a profile \
             measured on portable clones does not apply"
            .into(),
        Why::Forced => "forced by a testing or bench helper (rank within the forced level)".into(),
        Why::Measured { over, gain, source } => format!(
            "measured {gain:.2}× faster than {} on this CPU model (profile {source})",
            name(over)
        ),
        Why::Rank(Unmeasured::NoProfile) => "rank (no profile measured this function)".into(),
        Why::Rank(Unmeasured::OtherModels(source)) => {
            format!("rank (no measurement for this CPU model in {source})")
        }
        Why::Rank(Unmeasured::RankNotMeasured(source)) => format!(
            "rank ({source} did not measure the rank's choice on this CPU model: \
             measured where it could not run)"
        ),
        Why::Rank(Unmeasured::NotFaster {
            best,
            ratio,
            source,
        }) => {
            if names.get(best).is_none() || ratio >= 1.0 {
                format!("rank (measured fastest of the clones this CPU runs in {source})")
            } else {
                format!(
                    "rank ({} measured at {ratio:.2}× its time in {source}: not {bar:.0}% \
                     faster beyond the noise)",
                    name(best)
                )
            }
        }
        Why::Rank(Unmeasured::Stale(source)) => {
            format!("rank ({source} measured other clones of this function: measure it again)")
        }
        Why::Rank(Unmeasured::Unusable(source)) => {
            format!("rank ({source} could not be used: see the warning on stderr)")
        }
    }
}
