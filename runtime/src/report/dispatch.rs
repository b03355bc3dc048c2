//! The dispatch report: every multiversioned function, its targets, and the clone this
//! process selected.

use std::string::{String, ToString};
use std::vec::Vec;

use crate::dispatch::MULTIVERSIONED;

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
    /// How it was chosen: `"compile time"` (no dispatch), `"pointer"` (cached function
    /// pointer) or `"feature set"` (generic function: a check per call).
    pub dispatch: &'static str,
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
            let index = entry.running();
            let dispatch = match (entry.compile_time, entry.slot) {
                (Some(_), _) => "compile time",
                (None, Some(_)) => "pointer",
                (None, None) => "feature set",
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
                targets,
                dispatch,
                unavailable,
            }
        })
        .collect();
    functions.sort_by(|a, b| a.name.cmp(b.name));
    DispatchReport {
        active: crate::cpu::active().to_string(),
        functions,
    }
}
