//! `PERFATTR_RUNTIME_PROFILE`: a dispatch profile read at run time (with the `report` feature),
//! for experiments. It replaces the embedded measurements of every function, read once at the
//! first dispatch that needs it; each problem is one line on stderr, and the functions it
//! concerns dispatch by rank.

use std::boxed::Box;
use std::string::{String, ToString};
use std::sync::{Mutex, OnceLock, PoisonError};
use std::vec::Vec;
use std::{eprintln, format};

use perfattr_profile::{Function, Profile};

use super::measured::{Measured, Ranked, Unmeasured};
use super::{Entry, MULTIVERSIONED};
use crate::cpu::{Arch, bit};

/// The environment variable.
pub const VARIABLE: &str = "PERFATTR_RUNTIME_PROFILE";

/// The profile, read once: `None` when the variable is unset, `Err(source)` when it could not
/// be used (said on stderr).
static PROFILE: OnceLock<Option<Result<(&'static str, Profile), &'static str>>> = OnceLock::new();

/// A function's measurements in the run-time profile, or why they cannot be used.
type Rows = Result<&'static [Measured], Unmeasured>;

/// Each function's measurements converted once (a testing helper makes every function select
/// again, many times).
static CONVERTED: Mutex<Vec<(&'static str, Rows)>> = Mutex::new(Vec::new());

/// The run-time profile's measurements of `entry`, when `PERFATTR_RUNTIME_PROFILE` is set:
/// they replace the embedded ones (none when it has no row for the function). `Err` when the
/// profile cannot be used for it.
pub(crate) fn rows(entry: &Entry) -> Option<Rows> {
    // Unset (the usual case): no lock, no allocation, as a first call in a signal handler needs.
    if PROFILE.get().is_none() && !crate::env::is_set(c"PERFATTR_RUNTIME_PROFILE") {
        return None;
    }
    let loaded = PROFILE.get_or_init(load).as_ref()?;
    let (source, profile) = match loaded {
        Ok(loaded) => loaded,
        Err(source) => return Some(Err(Unmeasured::Unusable(source))),
    };
    let name = entry.name();
    let mut converted = CONVERTED.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some((_, rows)) = converted.iter().find(|(path, _)| *path == name) {
        return Some(*rows);
    }
    let rows = convert(source, profile, entry);
    converted.push((name, rows));
    Some(rows)
}

fn load() -> Option<Result<(&'static str, Profile), &'static str>> {
    let path = std::env::var_os(VARIABLE)?;
    let shown: &'static str = Box::leak(path.to_string_lossy().into_owned().into_boxed_str());
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("perfattr: {VARIABLE}={shown}: cannot read it ({error}); dispatch by rank");
            return Some(Err(shown));
        }
    };
    match Profile::parse(&text) {
        Ok(profile) => {
            let missing: Vec<&str> = profile
                .functions()
                .into_iter()
                .filter(|path| !MULTIVERSIONED.iter().any(|entry| entry.name() == *path))
                .collect();
            if !missing.is_empty() {
                eprintln!(
                    "perfattr: {VARIABLE}={shown} measured functions this program does not have \
                     (renamed, removed, or another program's): {}",
                    missing.join(", ")
                );
            }
            Some(Ok((shown, profile)))
        }
        Err(error) => {
            eprintln!(
                "perfattr: {VARIABLE}={shown} is not a usable dispatch profile: {error}; \
                 dispatch by rank"
            );
            Some(Err(shown))
        }
    }
}

/// `entry`'s measurements in `profile`, or why they cannot be used.
fn convert(source: &'static str, profile: &Profile, entry: &Entry) -> Rows {
    let name = entry.name();
    let clones: Vec<&str> = entry
        .targets
        .iter()
        .map(|t| t.name)
        .chain(["fallback"])
        .collect();
    let mut rows = Vec::new();
    for machine in &profile.machines {
        let Some(function) = machine.functions.iter().find(|f| f.function == name) else {
            continue;
        };
        if function.clones != clones {
            eprintln!(
                "perfattr: {VARIABLE}={source}: {name} was measured with the clones {}; it now \
                 has {}: measure it again (cargo bench); until then it dispatches by rank",
                function.clones.join(", "),
                clones.join(", ")
            );
            return Err(Unmeasured::Stale(source));
        }
        let cpu = &machine.cpu;
        let arch = Arch::CURRENT.unwrap_or(Arch::X86);
        let features = cpu
            .features
            .iter()
            .filter_map(|f| bit(f, arch))
            .fold(0_u128, |bits, b| bits | 1 << b);
        rows.push(Measured {
            function: name,
            source,
            arch: leak(&cpu.arch),
            vendor: leak(&cpu.vendor),
            family: cpu.family,
            model: cpu.model,
            stepping: cpu.stepping,
            midr: cpu.midr,
            features,
            cases: cases(function, &clones),
        });
    }
    Ok(Box::leak(rows.into_boxed_slice()))
}

/// The cases of `function`, each contender's clones as indices into `clones`.
fn cases(function: &Function, clones: &[&str]) -> &'static [&'static [Ranked]] {
    let cases: Vec<&'static [Ranked]> = function
        .cases
        .iter()
        .map(|case| {
            let ranked: Vec<Ranked> = case
                .contenders
                .iter()
                .flat_map(|contender| {
                    contender.clones.iter().filter_map(|clone| {
                        let index = clones.iter().position(|c| c == clone)?;
                        #[allow(clippy::cast_possible_truncation, reason = "ratios, not exact")]
                        Some(Ranked {
                            clone: u8::try_from(index).ok()?,
                            ratio: contender.ratio as f32,
                            low: contender.low as f32,
                            high: contender.high as f32,
                        })
                    })
                })
                .collect();
            &*Box::leak(ranked.into_boxed_slice())
        })
        .collect();
    Box::leak(cases.into_boxed_slice())
}

fn leak(text: &str) -> &'static str {
    Box::leak(text.to_string().into_boxed_str())
}

/// What the dispatch report says about the run-time profile, if one is set.
#[must_use]
pub(crate) fn describe() -> Option<String> {
    let path = std::env::var_os(VARIABLE)?;
    Some(format!(
        "{VARIABLE}={} (replaces the embedded measurements)",
        path.to_string_lossy()
    ))
}
