//! The clones of a multiversioned function side by side: every clone the CPU supports, the
//! dispatched entry and the selected clone called directly, measured in alternating rounds
//! over the same inputs (paired samples), so drift on a busy machine hits them all alike.
//!
//! Each round times one sample of every contender (the same number of calls each), in an order
//! that turns by one place every round and reverses every other round. A contender's time
//! relative to another's is the median of their per-round ratios, with a distribution-free 95%
//! interval from the order statistics of those ratios: a sample a preempted thread spoiled
//! moves one ratio, not the estimate.

use std::boxed::Box;
use std::string::String;
use std::time::{Duration, Instant};
use std::vec::Vec;
use std::{format, vec};

use crate::report::json::number;

/// Times `iters` calls; `None` when this CPU cannot run the contender.
#[doc(hidden)]
pub type Sampler<'a> = Box<dyn FnMut(u64) -> Option<Duration> + 'a>;

/// What a contender calls.
///
/// ```
/// # use perfattr::bench::Role;
/// # let comparison = perfattr::bench::Comparison::__example();
/// assert_eq!(comparison.rows[1].role, Role::Fallback);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Role {
    /// A target clone, forced through the dispatcher.
    Clone,
    /// The portable clone, forced through the dispatcher: what every ratio is relative to.
    Fallback,
    /// The function as users call it: the clone dispatch selects.
    Dispatched,
    /// The selected clone called directly, without dispatch.
    Direct,
}

/// One of the functions measured side by side (built by `#[bench_this]`).
#[doc(hidden)]
pub struct Contender<'a> {
    name: &'static str,
    role: Role,
    sample: Sampler<'a>,
}

impl<'a> Contender<'a> {
    /// The clone for `target`, forced through the dispatcher.
    #[doc(hidden)]
    #[must_use]
    pub fn clone(target: &'static str, sample: Sampler<'a>) -> Self {
        let role = if target == "fallback" {
            Role::Fallback
        } else {
            Role::Clone
        };
        Contender {
            name: target,
            role,
            sample,
        }
    }

    /// The function as users call it.
    #[doc(hidden)]
    #[must_use]
    pub fn dispatched(sample: Sampler<'a>) -> Self {
        Contender {
            name: "dispatched",
            role: Role::Dispatched,
            sample,
        }
    }

    /// What it calls.
    pub(crate) fn role(&self) -> Role {
        self.role
    }

    /// Its name: the clone's, or `dispatched`.
    pub(crate) fn name(&self) -> &'static str {
        self.name
    }

    /// The clone for `target` called directly; measured only when dispatch selects it.
    #[doc(hidden)]
    #[must_use]
    pub fn direct(target: &'static str, sample: Sampler<'a>) -> Self {
        Contender {
            name: target,
            role: Role::Direct,
            sample,
        }
    }
}

/// How long a comparison measures, and how.
///
/// ```
/// let quick = perfattr::bench::Settings { time: std::time::Duration::from_millis(300), ..Default::default() };
/// assert_eq!(quick.min_rounds, 30);
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Settings {
    /// The target duration of one sample of the slowest contender.
    pub sample: Duration,
    /// The measuring time of the whole comparison, all contenders together.
    pub time: Duration,
    /// At least this many rounds, whatever the time.
    pub min_rounds: usize,
    /// `cargo test --benches`: one call per sample, three rounds, no verdicts.
    pub quick: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            sample: Duration::from_micros(200),
            time: Duration::from_secs(3),
            min_rounds: 30,
            quick: false,
        }
    }
}

/// A median ratio and its 95% interval.
///
/// ```
/// let estimate = perfattr::bench::Estimate::of(&mut [1.02, 0.98, 1.0]);
/// assert_eq!((estimate.low, estimate.median, estimate.high), (0.98, 1.0, 1.02));
/// ```
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct Estimate {
    pub median: f64,
    pub low: f64,
    pub high: f64,
}

impl Estimate {
    /// The median of `values` and the distribution-free 95% interval of the median: the order
    /// statistics `n/2 ∓ 0.98·√n` (the whole range below 6 values).
    ///
    /// ```
    /// let mut ratios: Vec<f64> = (1..=100).map(f64::from).collect();
    /// let estimate = perfattr::bench::Estimate::of(&mut ratios);
    /// assert_eq!((estimate.low, estimate.high), (41.0, 60.0));
    /// ```
    #[must_use]
    pub fn of(values: &mut [f64]) -> Estimate {
        values.sort_by(f64::total_cmp);
        let n = values.len();
        if n == 0 {
            return Estimate {
                median: f64::NAN,
                low: f64::NAN,
                high: f64::NAN,
            };
        }
        let median = if n % 2 == 1 {
            values[n / 2]
        } else {
            f64::midpoint(values[n / 2 - 1], values[n / 2])
        };
        #[allow(
            clippy::cast_precision_loss,
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "a round count, far below 2^52"
        )]
        let k = ((n as f64 / 2.0) - 0.98 * (n as f64).sqrt())
            .floor()
            .max(0.0) as usize;
        let k = k.min((n - 1) / 2);
        Estimate {
            median,
            low: values[k],
            high: values[n - 1 - k],
        }
    }

    /// `0.31× fallback [0.30, 0.32]`.
    pub(super) fn text(&self, of: &str) -> String {
        format!(
            "{:.2}× {of} [{:.2}, {:.2}]",
            self.median, self.low, self.high
        )
    }

    pub(super) fn json(&self) -> String {
        format!(
            "{{\"median\":{},\"low\":{},\"high\":{}}}",
            number(self.median),
            number(self.low),
            number(self.high)
        )
    }
}

/// One contender's result.
///
/// ```
/// # use perfattr::bench::Role;
/// # let comparison = perfattr::bench::Comparison::__example();
/// let v3 = &comparison.rows[0];
/// assert_eq!((v3.name, v3.nanos, v3.vs_fallback.median), ("v3", 10.0, 0.25));
/// ```
#[derive(Clone, Debug)]
pub struct Row {
    pub name: &'static str,
    pub role: Role,
    /// Median time per call over the rounds, in nanoseconds.
    pub nanos: f64,
    /// Its time relative to the fallback's.
    pub vs_fallback: Estimate,
}

/// The result of one comparison: what `cargo bench` prints after a multiversioned function's
/// benchmarks, and writes to the results file.
///
/// ```
/// # use perfattr::bench::Role;
/// # let comparison = perfattr::bench::Comparison::__example();
/// assert_eq!(comparison.dispatched_vs_selected.unwrap().median, 1.0);
/// ```
#[derive(Clone, Debug)]
pub struct Comparison {
    /// `group/compare[/case]`: the id a filter matches.
    pub id: String,
    /// The function's path.
    pub function: String,
    /// The clone dispatch selects on this CPU.
    pub selected: &'static str,
    /// How dispatch chose it: `"rank"`, `"measured"` (the dispatch profile) or
    /// `"compile time"`.
    pub chosen_by: &'static str,
    /// Clones with identical machine code, measured once each group.
    pub same_code: Vec<SameCode>,
    pub rounds: usize,
    /// Calls per sample.
    pub iters: u64,
    /// Clones best first, then the fallback, the dispatched entry and the direct call.
    pub rows: Vec<Row>,
    /// The dispatched entry's time relative to the selected clone's (forced): the same code,
    /// so anything but 1 is noise.
    pub dispatched_vs_selected: Option<Estimate>,
    /// The dispatched entry's time relative to the selected clone called directly: what
    /// dispatch costs per call.
    pub dispatched_vs_direct: Option<Estimate>,
    pub verdicts: Vec<Verdict>,
    /// Three rounds of one call each (`cargo test --benches`): no verdicts.
    pub quick: bool,
}

/// Clones whose machine code is byte for byte the same (but for displacements to the same
/// targets): one contender, `measured`, the clone needing the fewest features; the others
/// differ from it only by where the linker put them.
///
/// ```
/// # let comparison = perfattr::bench::Comparison::__example();
/// for group in &comparison.same_code {
///     println!("{} = {}", group.measured, group.also.join(" = "));
/// }
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SameCode {
    pub measured: &'static str,
    pub also: Vec<&'static str>,
}

/// The contender that measures `clone`: itself, or the clone whose code it shares.
#[must_use]
pub(crate) fn measured_as(clone: &'static str, same_code: &[SameCode]) -> &'static str {
    same_code
        .iter()
        .find(|group| group.also.contains(&clone))
        .map_or(clone, |group| group.measured)
}

/// Something the comparison shows a user should act on, or that all is well.
///
/// ```
/// # use perfattr::bench::Role;
/// # let comparison = perfattr::bench::Comparison::__example();
/// assert_eq!(comparison.verdicts[0].kind, "ok");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    /// `slower-selected`, `no-gain`, `same-code`, `dispatch-overhead`, `measured` (dispatch runs
    /// the clone the dispatch profile chose, the fastest here) or `ok`.
    pub kind: &'static str,
    pub text: String,
}

/// What a comparison measured: the contenders that ran, each one's time per call in every
/// round (`times[contender][round]`, ns), and the calls per sample.
pub(crate) struct Samples {
    pub contenders: Vec<(&'static str, Role)>,
    pub times: Vec<Vec<f64>>,
    pub iters: u64,
}

/// Measures `contenders` side by side (see the module). `selected` is the clone dispatch
/// selects; contenders the CPU cannot run are left out.
#[must_use]
pub(crate) fn measure(
    selected: &'static str,
    mut contenders: Vec<Contender<'_>>,
    settings: Settings,
) -> Samples {
    contenders.retain(|c| c.role != Role::Direct || c.name == selected);
    contenders.retain_mut(|c| (c.sample)(1).is_some());
    let iters = if settings.quick {
        1
    } else {
        calibrate(&mut contenders, settings.sample)
    };
    let count = contenders.len();
    let mut times: Vec<Vec<f64>> = vec![Vec::new(); count];
    let start = Instant::now();
    let mut round = 0;
    loop {
        let done = if settings.quick {
            round >= 3
        } else {
            round >= settings.min_rounds && start.elapsed() >= settings.time || round >= 100_000
        };
        if done {
            break;
        }
        for step in 0..count {
            let place = if round % 2 == 0 {
                step
            } else {
                count - 1 - step
            };
            let index = (place + round / 2) % count;
            let elapsed = (contenders[index].sample)(iters).unwrap_or_default();
            times[index].push(per_call(elapsed, iters));
        }
        round += 1;
    }
    let contenders: Vec<(&'static str, Role)> =
        contenders.iter().map(|c| (c.name, c.role)).collect();
    Samples {
        contenders,
        times,
        iters,
    }
}

/// Doubles the calls per sample until the slowest contender's sample takes `target`; this is
/// also the warm-up.
fn calibrate(contenders: &mut [Contender<'_>], target: Duration) -> u64 {
    let mut iters = 1_u64;
    loop {
        let slowest = contenders
            .iter_mut()
            .map(|c| (c.sample)(iters).unwrap_or_default())
            .max()
            .unwrap_or_default();
        if slowest >= target || iters >= 1 << 40 {
            return iters;
        }
        iters *= 2;
    }
}

#[allow(
    clippy::cast_precision_loss,
    reason = "nanoseconds and calls per sample, far below 2^52"
)]
fn per_call(elapsed: Duration, iters: u64) -> f64 {
    elapsed.as_nanos() as f64 / iters as f64
}

/// The per-round ratios of contender `a`'s times to `b`'s, estimated.
pub(super) fn paired(times: &[Vec<f64>], a: usize, b: usize) -> Estimate {
    let mut ratios: Vec<f64> = times[a]
        .iter()
        .zip(&times[b])
        .filter(|(_, b)| **b > 0.0)
        .map(|(a, b)| a / b)
        .collect();
    Estimate::of(&mut ratios)
}

/// Where the clone dispatch selects (`fallback` included; after [`measured_as`]) is among
/// `contenders`.
pub(crate) fn selected_index(contenders: &[(&'static str, Role)], selected: &str) -> Option<usize> {
    let role = if selected == "fallback" {
        Role::Fallback
    } else {
        Role::Clone
    };
    contenders
        .iter()
        .position(|&(name, r)| r == role && name == selected)
}

/// What a comparison is built from: its id and function, the clone dispatch selects and how
/// it chose it (`"rank"`, `"measured"`, `"compile time"`), the clones measured once for their
/// shared machine code, and the measurement: the contenders, their per-round times
/// (`times[contender][round]`, ns per call), the calls per sample, and whether it is test mode.
pub(crate) struct Parts<'a> {
    pub id: String,
    pub function: String,
    pub selected: &'static str,
    pub chosen_by: &'static str,
    pub same_code: Vec<SameCode>,
    pub contenders: &'a [(&'static str, Role)],
    pub times: &'a [Vec<f64>],
    pub iters: u64,
    pub quick: bool,
}

/// The comparison of the per-round times, without its verdicts (see `verdicts::summarize`).
#[must_use]
pub(crate) fn build(parts: Parts<'_>) -> Comparison {
    let Parts {
        id,
        function,
        selected,
        chosen_by,
        same_code,
        contenders,
        times,
        iters,
        quick,
    } = parts;
    let find = |role: Role, name: Option<&str>| {
        contenders
            .iter()
            .position(|&(n, r)| r == role && name.is_none_or(|name| name == n))
    };
    let fallback = find(Role::Fallback, None);
    let rows = contenders
        .iter()
        .enumerate()
        .map(|(i, &(name, role))| Row {
            name,
            role,
            nanos: Estimate::of(&mut times[i].clone()).median,
            vs_fallback: fallback.map_or(
                Estimate {
                    median: f64::NAN,
                    low: f64::NAN,
                    high: f64::NAN,
                },
                |f| paired(times, i, f),
            ),
        })
        .collect();
    let measured = measured_as(selected, &same_code);
    let selected_at = selected_index(contenders, measured);
    let dispatched = find(Role::Dispatched, None);
    let direct = find(Role::Direct, Some(measured));
    let both = |a: Option<usize>, b: Option<usize>| Some(paired(times, a?, b?));
    Comparison {
        id,
        function,
        selected,
        chosen_by,
        same_code,
        rounds: times.first().map_or(0, Vec::len),
        iters,
        rows,
        dispatched_vs_selected: both(dispatched, selected_at),
        dispatched_vs_direct: both(dispatched, direct),
        verdicts: Vec::new(),
        quick,
    }
}

#[cfg(test)]
mod tests {
    use super::Estimate;
    use std::vec::Vec;

    #[test]
    fn the_interval_of_the_median_comes_from_order_statistics() {
        let mut values: Vec<f64> = (1..=100).map(f64::from).collect();
        let estimate = Estimate::of(&mut values);
        assert!((estimate.median - 50.5).abs() < 1e-9);
        // n/2 - 0.98·√n = 40.2: the 41st and 60th smallest.
        assert_eq!((estimate.low, estimate.high), (41.0, 60.0));
        let mut few = [3.0, 1.0, 2.0];
        assert_eq!(
            Estimate::of(&mut few),
            Estimate {
                median: 2.0,
                low: 1.0,
                high: 3.0
            }
        );
    }
}
