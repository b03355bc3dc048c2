//! What a clone comparison tells a user: a selected clone another beats, a level that gains
//! nothing over the next lower one, dispatch that costs more than the call, or that all is well.

use std::format;
use std::string::{String, ToString};
use std::vec::Vec;

use super::compare::{
    Comparison, Parts, Role, SameCode, Verdict, build, measured_as, paired, selected_index,
};

/// Builds the result from the per-round times (`times[contender][round]`, ns per call), with
/// the verdicts unless `quick`: what a comparison does once it has measured.
///
/// ```
/// use perfattr::bench::{Role, summarize};
/// let contenders = [
///     ("v3", Role::Clone),
///     ("fallback", Role::Fallback),
///     ("dispatched", Role::Dispatched),
/// ];
/// // Per-round times (ns per call) of each contender, the machine twice as busy in round 2.
/// let times = vec![vec![10.0, 20.0, 10.0], vec![40.0, 80.0, 40.0], vec![10.0, 20.0, 10.0]];
/// let comparison =
///     summarize("app::sum/compare".into(), "app::sum".into(), "v3", &contenders, &times, 64, false);
/// // Paired by round, the drift cancels: v3 takes a quarter of the fallback's time.
/// let v3 = comparison.rows[0].vs_fallback;
/// assert_eq!((v3.low, v3.median, v3.high), (0.25, 0.25, 0.25));
/// assert_eq!(comparison.verdicts[0].kind, "ok");
/// ```
#[must_use]
pub fn summarize(
    id: String,
    function: String,
    selected: &'static str,
    contenders: &[(&'static str, Role)],
    times: &[Vec<f64>],
    iters: u64,
    quick: bool,
) -> Comparison {
    summarize_dispatch(Parts {
        id,
        function,
        selected,
        chosen_by: "rank",
        same_code: Vec::new(),
        contenders,
        times,
        iters,
        quick,
    })
}

/// [`summarize`] for a function whose dispatch chose its clone by rank, by measurement or at
/// compile time, with clones of the same machine code measured once.
#[must_use]
pub(crate) fn summarize_dispatch(parts: Parts<'_>) -> Comparison {
    let (contenders, times, quick) = (parts.contenders, parts.times, parts.quick);
    let mut comparison = build(parts);
    if !quick {
        let measured = measured_as(comparison.selected, &comparison.same_code);
        let selected_at = selected_index(contenders, measured);
        comparison.verdicts = judge(&comparison, contenders, times, selected_at);
    }
    comparison
}

impl Comparison {
    /// The comparison of the examples: v3 at a quarter of the fallback's time, dispatched to.
    #[doc(hidden)]
    #[must_use]
    pub fn __example() -> Comparison {
        let contenders = [
            ("v3", Role::Clone),
            ("fallback", Role::Fallback),
            ("dispatched", Role::Dispatched),
        ];
        let times = std::vec![
            std::vec![10.0, 20.0, 10.0],
            std::vec![40.0, 80.0, 40.0],
            std::vec![10.0, 20.0, 10.0]
        ];
        let (id, function) = ("app::sum/compare".into(), "app::sum".into());
        summarize(id, function, "v3", &contenders, &times, 64, false)
    }
}

/// A clone counts as faster than another when its time ratio's 95% interval lies below this:
/// a gain both beyond the noise and of at least 3%.
const FASTER: f64 = 0.97;
/// Dispatch "dominates" when the dispatched call takes this much longer than the direct one.
const OVERHEAD: f64 = 1.10;

pub(super) fn judge(
    comparison: &Comparison,
    contenders: &[(&'static str, Role)],
    times: &[Vec<f64>],
    selected_at: Option<usize>,
) -> Vec<Verdict> {
    let mut found = Vec::new();
    let picks = match comparison.chosen_by {
        "rank" => comparison.selected.to_string(),
        how => format!("{} ({how})", comparison.selected),
    };
    // The clones best first, then the fallback: a level and the next lower one.
    let levels: Vec<usize> = (0..contenders.len())
        .filter(|&i| matches!(contenders[i].1, Role::Clone))
        .chain((0..contenders.len()).filter(|&i| contenders[i].1 == Role::Fallback))
        .collect();
    if let Some(selected) = selected_at {
        let faster = levels
            .iter()
            .filter(|&&other| other != selected)
            .map(|&other| (other, paired(times, other, selected)))
            .find(|(_, estimate)| estimate.high < FASTER);
        // The best level that beats the selected clone (levels come best first).
        if let Some((other, estimate)) = faster {
            let (selected, other) = (comparison.selected, contenders[other].0);
            let fix = if comparison.chosen_by == "measured" {
                "the dispatch profile does not hold for this build or CPU: measure again".into()
            } else if other == "fallback" {
                format!("check the {selected} clone's code, or drop the {selected} target")
            } else {
                format!("check the {selected} clone's code, or drop the targets above {other}")
            };
            found.push(Verdict {
                kind: "slower-selected",
                text: format!(
                    "dispatch picks {picks} but {other} is {:.0}% faster here ({}): {fix}",
                    (1.0 - estimate.median) * 100.0,
                    estimate.text(&format!("the time of {selected}")),
                ),
            });
        }
    }
    for pair in levels.windows(2) {
        let (upper, lower) = (contenders[pair[0]].0, contenders[pair[1]].0);
        let estimate = paired(times, pair[0], pair[1]);
        let ratio = estimate.text(&format!("the time of {lower}"));
        let text = if estimate.low > 1.0 / FASTER {
            format!(
                "{upper} is {:.0}% slower than {lower} here ({ratio}): the target can be dropped",
                (estimate.median - 1.0) * 100.0
            )
        } else if estimate.high >= FASTER {
            format!(
                "{upper} gains nothing over {lower} here (not 3% faster beyond the noise: \
                 {ratio}): the target can be dropped"
            )
        } else {
            continue;
        };
        found.push(Verdict {
            kind: "no-gain",
            text,
        });
    }
    found.extend(comparison.same_code.iter().map(same_code));
    // (No `let` chains: Rust 1.85 compiles this.)
    let overhead = comparison
        .dispatched_vs_direct
        .filter(|estimate| estimate.low > OVERHEAD);
    let direct = comparison.rows.iter().find(|row| row.role == Role::Direct);
    if let (Some(estimate), Some(direct)) = (overhead, direct) {
        found.push(Verdict {
            kind: "dispatch-overhead",
            text: format!(
                "dispatch costs {:.0}% of each call ({:.1} ns against {:.1} ns for {} called \
                 directly: {}): the function is too small to dispatch on every call; \
                 multiversion its caller instead, or put it and its callers in a \
                 `#[multiversion] mod`",
                (estimate.median - 1.0) * 100.0,
                direct.nanos * estimate.median,
                direct.nanos,
                direct.name,
                estimate.text("the time"),
            ),
        });
    }
    let slower = found
        .iter()
        .any(|verdict| verdict.kind == "slower-selected");
    if !found.is_empty() && !slower && comparison.chosen_by == "measured" {
        found.insert(
            0,
            Verdict {
                kind: "measured",
                text: format!("dispatch picks {picks}, the fastest clone here"),
            },
        );
    }
    if found.is_empty() {
        found.push(Verdict {
            kind: "ok",
            text: format!(
                "ok: dispatch picks {picks}, the fastest clone here, and every clone gains \
                 over the next lower one"
            ),
        });
    }
    found
}

/// The verdict on clones of the same machine code.
fn same_code(group: &SameCode) -> Verdict {
    let also = group.also.join(", ");
    let (verb, target) = if group.also.len() == 1 {
        ("is", "target")
    } else {
        ("are", "targets")
    };
    Verdict {
        kind: "same-code",
        text: format!(
            "{also} {verb} the same machine code as {} here (measured once): the {target} can \
             be dropped",
            group.measured
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::super::compare::Role;
    use super::summarize;
    use std::string::String;
    use std::vec::Vec;

    /// Per-round times: `base` for each contender times its factor, every round scaled by a
    /// drift the pairing must cancel.
    fn rounds(factors: &[f64]) -> Vec<Vec<f64>> {
        factors
            .iter()
            .map(|factor| {
                (0..60)
                    .map(|round| {
                        let drift = 1.0 + f64::from(round % 7) * 0.3;
                        let jitter = 1.0 + f64::from((round * 13) % 5) * 0.002;
                        100.0 * factor * drift * jitter
                    })
                    .collect()
            })
            .collect()
    }

    fn kinds(verdicts: &[super::Verdict]) -> Vec<&'static str> {
        verdicts.iter().map(|v| v.kind).collect()
    }

    #[test]
    fn verdicts_name_a_slower_selected_clone_a_level_without_gain_and_dispatch_overhead() {
        let contenders = [
            ("v4", Role::Clone),
            ("v3", Role::Clone),
            ("v2", Role::Clone),
            ("fallback", Role::Fallback),
            ("dispatched", Role::Dispatched),
            ("v4", Role::Direct),
        ];
        // v4 selected but slower than v3; v3 no faster than v2; dispatch 1.5× the direct call.
        let times = rounds(&[0.8, 0.5, 0.5, 1.0, 1.2, 0.8]);
        let c = summarize(
            "g/compare".into(),
            String::from("app::f"),
            "v4",
            &contenders,
            &times,
            64,
            false,
        );
        assert_eq!(
            kinds(&c.verdicts),
            ["slower-selected", "no-gain", "no-gain", "dispatch-overhead"],
            "{}",
            c.to_text()
        );
        assert!(
            c.verdicts[0]
                .text
                .starts_with("dispatch picks v4 but v3 is 38% faster here (0.62× the time of v4 [")
        );
        assert!(
            c.verdicts[1]
                .text
                .starts_with("v4 is 60% slower than v3 here (1.60×")
        );
        assert!(c.verdicts[2].text.starts_with("v3 gains nothing over v2"));
        assert!(
            c.verdicts[3]
                .text
                .starts_with("dispatch costs 50% of each call")
        );
        // Drift that scales each round alike leaves the paired ratios exact.
        let v4 = &c.rows[0];
        assert!((v4.vs_fallback.median - 0.8).abs() < 1e-3, "{v4:?}");
        assert!(v4.vs_fallback.high - v4.vs_fallback.low < 0.01, "{v4:?}");
        let json = c.to_json();
        assert!(json.contains("\"kind\":\"no-gain\""), "{json}");
    }

    #[test]
    fn a_clone_chosen_by_the_profile_says_so() {
        let contenders = [
            ("v4", Role::Clone),
            ("v3", Role::Clone),
            ("fallback", Role::Fallback),
            ("dispatched", Role::Dispatched),
        ];
        let times = rounds(&[0.8, 0.5, 1.0, 0.5]);
        let judged = |selected| {
            super::summarize_dispatch(super::Parts {
                id: "g/compare".into(),
                function: String::from("app::f"),
                selected,
                chosen_by: "measured",
                same_code: Vec::new(),
                contenders: &contenders,
                times: &times,
                iters: 64,
                quick: false,
            })
        };
        let c = judged("v3");
        assert_eq!(
            kinds(&c.verdicts),
            ["measured", "no-gain"],
            "{}",
            c.to_text()
        );
        assert_eq!(
            c.verdicts[0].text,
            "dispatch picks v3 (measured), the fastest clone here"
        );
        // A profile that does not hold here: the verdict says to measure again.
        let c = judged("v4");
        assert!(
            c.verdicts[0]
                .text
                .starts_with("dispatch picks v4 (measured) but v3 is 38% faster")
                && c.verdicts[0]
                    .text
                    .ends_with("does not hold for this build or CPU: measure again"),
            "{}",
            c.to_text()
        );
    }

    #[test]
    fn a_well_chosen_clone_that_pays_gets_an_ok() {
        let contenders = [
            ("v3", Role::Clone),
            ("fallback", Role::Fallback),
            ("dispatched", Role::Dispatched),
            ("v3", Role::Direct),
        ];
        let times = rounds(&[0.3, 1.0, 0.3, 0.3]);
        let c = summarize(
            "g/compare".into(),
            String::from("app::f"),
            "v3",
            &contenders,
            &times,
            64,
            false,
        );
        assert_eq!(kinds(&c.verdicts), ["ok"], "{}", c.to_text());
        let same = c.dispatched_vs_selected.unwrap();
        assert!((same.median - 1.0).abs() < 1e-3);
    }
}
