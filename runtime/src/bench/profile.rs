//! The dispatch profile a benchmark run writes: each multiversioned function's clones as this
//! run measured them side by side, for this CPU's identity, merged into the profile file
//! (`PERFATTR_PROFILE_OUTPUT`, else `perfattr-dispatch.json` in criterion's directory). Embed
//! it with `PERFATTR_DISPATCH_PROFILE` at build time: see the README's "Measured dispatch".

use std::path::Path;
use std::string::{String, ToString};
use std::vec::Vec;
use std::{eprintln, println};

use crate::profile::{Case, Contender, Function, Profile};

use super::compare::{Estimate, Role, SameCode, paired};

/// One case a run measured: the function, its clones (best first, the fallback last), the case.
#[derive(Debug)]
pub(crate) struct Measured {
    pub function: String,
    pub clones: Vec<String>,
    pub case: Case,
}

/// The case `label` of a comparison's per-round times: the clones (and the fallback) fastest
/// first, each one's time relative to the fastest with its 95% interval, and the clones of
/// the same machine code beside the one that measured them.
#[must_use]
pub(crate) fn case(
    label: Option<&str>,
    contenders: &[(&'static str, Role)],
    times: &[Vec<f64>],
    same_code: &[SameCode],
) -> Option<Case> {
    let clones: Vec<usize> = (0..contenders.len())
        .filter(|&i| matches!(contenders[i].1, Role::Clone | Role::Fallback))
        .collect();
    let median = |i: usize| Estimate::of(&mut times[i].clone()).median;
    let mut fastest = clones
        .iter()
        .copied()
        .min_by(|&a, &b| median(a).total_cmp(&median(b)))?;
    // The reference is the clone the others' paired ratios are all at least 1 to: the fastest
    // median time is, but for a near tie (a median of ratios a hair below 1). Then the one
    // below 1 is the reference (medians of ratios need not be transitive: a few steps at most).
    for _ in 0..clones.len() {
        let below = clones
            .iter()
            .copied()
            .filter(|&i| i != fastest)
            .map(|i| (i, paired(times, i, fastest).median))
            .filter(|(_, ratio)| *ratio < 1.0)
            .min_by(|a, b| a.1.total_cmp(&b.1));
        match below {
            Some((i, _)) => fastest = i,
            None => break,
        }
    }
    let mut ranked: Vec<Contender> = std::iter::once(fastest)
        .chain(clones.iter().copied().filter(|&i| i != fastest))
        .map(|i| {
            let name = contenders[i].0;
            let estimate = if i == fastest {
                Estimate {
                    median: 1.0,
                    low: 1.0,
                    high: 1.0,
                }
            } else {
                paired(times, i, fastest)
            };
            let mut names = std::vec![name.to_string()];
            if let Some(group) = same_code.iter().find(|group| group.measured == name) {
                names.extend(group.also.iter().map(ToString::to_string));
            }
            Contender {
                clones: names,
                ns: median(i),
                // At least 1: the reference is first, whatever the rounding.
                ratio: estimate.median.max(1.0),
                low: estimate.low.min(estimate.median.max(1.0)),
                high: estimate.high.max(estimate.median.max(1.0)),
            }
        })
        .filter(|contender| contender.ratio.is_finite() && contender.high.is_finite())
        .collect();
    ranked.sort_by(|a, b| a.ratio.total_cmp(&b.ratio));
    Some(Case {
        input: label.unwrap_or_default().into(),
        rounds: times.first().map_or(0, |t| t.len() as u64),
        contenders: ranked,
    })
}

/// Merges the run's `measured` cases into the profile at `path` (made if absent), written to a
/// temporary file and renamed, and says where. A file there that is no profile is left alone,
/// with an error: whether all went well.
pub(crate) fn write(path: &Path, measured: &[Measured], at: u64) -> bool {
    if measured.is_empty() {
        return true;
    }
    let mut profile = match std::fs::read_to_string(path) {
        Ok(text) => match Profile::parse(&text) {
            Ok(profile) => profile,
            Err(error) => {
                eprintln!(
                    "perfattr: {} is not a dispatch profile ({error}): not overwritten; move it \
                     away, or set PERFATTR_PROFILE_OUTPUT to another file",
                    path.display()
                );
                return false;
            }
        },
        Err(_) => Profile::default(),
    };
    let cpu = crate::profile::this_cpu();
    let mut functions: Vec<Function> = Vec::new();
    for one in measured {
        match functions.iter_mut().find(|f| f.function == one.function) {
            Some(function) => function.cases.push(one.case.clone()),
            None => functions.push(Function {
                function: one.function.clone(),
                clones: one.clones.clone(),
                measured: at,
                cases: std::vec![one.case.clone()],
            }),
        }
    }
    let names: Vec<String> = functions.iter().map(|f| f.function.clone()).collect();
    for function in functions {
        profile.record(&cpu, function);
    }
    match crate::file::write_atomically(path, profile.to_json().as_bytes()) {
        Ok(()) => {
            println!(
                "perfattr: dispatch profile written to {} ({} function(s) measured on {}); embed \
                 it with PERFATTR_DISPATCH_PROFILE",
                path.display(),
                names.len(),
                cpu.describe()
            );
            true
        }
        Err(error) => {
            eprintln!("perfattr: cannot write {}: {error}", path.display());
            false
        }
    }
}

/// Seconds since the Unix epoch.
#[must_use]
pub(crate) fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::super::compare::Role;
    use std::vec;

    #[test]
    fn the_first_contender_is_the_one_every_other_is_at_least_as_slow_as() {
        // `v3` has the lower median time, but in most rounds `v2` was the faster of the pair.
        let times = vec![
            vec![1.0, 1.0, 1.0, 1.2, 1.2],
            vec![1.1, 1.1, 0.95, 1.15, 1.15],
        ];
        let contenders = [("v3", Role::Clone), ("v2", Role::Clone)];
        let case = super::case(None, &contenders, &times, &[]).unwrap();
        let first = &case.contenders[0];
        assert_eq!(first.clones, ["v2"]);
        assert_eq!((first.ratio, first.low, first.high), (1.0, 1.0, 1.0));
        let second = &case.contenders[1];
        assert!(second.ratio >= 1.0 && second.low <= second.ratio && second.ratio <= second.high);
    }
}
