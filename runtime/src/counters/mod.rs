//! Execution counters: how often each `#[hot]` function, `#[cold_path]` function, branch-level
//! `#[cold_path]` marker and [`count!`](crate::count) site really runs (the public surface and
//! the entry generated code calls; the children hold the parts).
//!
//! On with the `counters` feature; without it the attributes generate exactly what they
//! generate without counters (no load, no store, no symbol) and `count!` expands to nothing.
//!
//! Every site is a `static` the linker gathers into one array, so a site's index is its
//! position there, fixed at link time. Each thread increments its own array of counts (single
//! writer: a plain load and store, no locked instruction); a reader sums the arrays of the live
//! threads and the counts of the threads that have exited.
//!
//! ```
//! #[perfattr::hot]
//! fn parse(input: &str) -> Option<u32> {
//!     match input.parse() {
//!         Ok(n) => Some(n),
//!         #[cold_path]
//!         Err(_) => None,
//!     }
//! }
//!
//! let counts = perfattr::counters::measure(|| {
//!     for input in ["1", "2", "x", "4"] {
//!         parse(input);
//!     }
//! });
//! assert_eq!(counts.count("parse"), 4);
//! // The cold arm ran on one call in four: the hint is wrong for this input.
//! let arm = counts.branches("parse")[0];
//! assert_eq!((arm.count, arm.share), (1, Some(0.25)));
//! assert!(arm.flagged);
//! assert!(counts.check(perfattr::counters::Thresholds::default()).is_err());
//! ```

mod audit;
mod calls;
mod cost;
mod exit;
mod lock;
mod pending;
mod site;
mod threads;

use std::vec::Vec;

pub use crate::report::counts::{CounterReport, Kind, SiteCount, Thresholds};
pub use pending::publish;
#[doc(hidden)]
pub use pending::{Scope, hit_leaf};
#[doc(hidden)]
pub use site::{Pending, SITES, Site};

/// Counts one execution of `site`. Generated code calls it.
#[doc(hidden)]
#[inline(always)]
#[allow(clippy::inline_always)] // the counting fast path: a few instructions
pub fn hit(site: &'static Site) {
    add(site, 1);
}

/// Adds `n` to `site`'s count on this thread. `count!` calls it.
#[doc(hidden)]
#[inline(always)]
#[allow(clippy::inline_always)] // the counting fast path: a few instructions
pub fn add(site: &'static Site, n: u64) {
    if !threads::add_fast(site, n) {
        first_count(site, n);
    }
}

/// Marks this thread as inside its outermost scope, or out of it again (see `pending`): the
/// scope's side of the thread's counts, as [`add`] is the sites'.
#[inline]
fn set_inside(inside: bool) {
    threads::set_inside(inside);
}

/// A site's or a thread's first count: set them up, and install the exit report if the
/// environment asks for it.
#[cold]
#[inline(never)]
fn first_count(site: &'static Site, n: u64) {
    threads::add_first(site, n);
    exit::install();
}

/// Installs the exit report when the program starts, where the platform runs constructors: a
/// process that counts nothing still writes its report, which says so. (Elsewhere the first
/// count or report installs it.)
#[cfg(any(target_os = "linux", target_os = "android", target_os = "freebsd"))]
#[used]
#[unsafe(link_section = ".init_array")]
static INSTALL_AT_START: extern "C" fn() = install_at_start;

#[cfg(target_vendor = "apple")]
#[used]
#[unsafe(link_section = "__DATA,__mod_init_func")]
static INSTALL_AT_START: extern "C" fn() = install_at_start;

#[cfg(any(
    target_os = "linux",
    target_os = "android",
    target_os = "freebsd",
    target_vendor = "apple"
))]
extern "C" fn install_at_start() {
    exit::install();
}

/// Starts every count from zero again, for all threads. Counts made while it runs land on
/// one side of the reset or the other, never lost twice or counted twice.
///
/// ```
/// #[perfattr::cold_path]
/// fn rare() {}
///
/// rare();
/// perfattr::counters::reset();
/// assert_eq!(perfattr::counters::report().count("rare"), 0);
/// rare();
/// assert_eq!(perfattr::counters::report().count("rare"), 1);
/// ```
pub fn reset() {
    threads::rebase();
}

/// Every site's count since the start (or the last [`reset`]), with its reference and
/// verdict under the default [`Thresholds`].
///
/// ```
/// #[perfattr::hot]
/// fn step_once(x: u32) -> u32 {
///     x + 1
/// }
///
/// step_once(1);
/// let report = perfattr::counters::report();
/// println!("{report}");
/// assert!(report.count("step_once") >= 1);
/// ```
#[must_use]
pub fn report() -> CounterReport {
    exit::install();
    audit::of_all_threads(&threads::totals())
}

/// Runs `workload` and returns what it counted **on this thread**: exact even when other
/// threads (other tests) run the same code at the same time. For a workload that spawns
/// threads, use [`measure_all`].
///
/// ```
/// #[perfattr::cold_path]
/// fn slow() {}
///
/// let counts = perfattr::counters::measure(|| slow());
/// assert_eq!(counts.count("slow"), 1);
/// ```
pub fn measure(workload: impl FnOnce()) -> CounterReport {
    let before = threads::this_thread();
    workload();
    let after = threads::this_thread();
    audit::report(&difference(&after, &before), Thresholds::default())
}

/// Runs `workload` and returns what every thread counted meanwhile, including threads the
/// workload started and joined.
///
/// ```
/// #[perfattr::hot]
/// fn work(x: u64) -> u64 {
///     x * 3
/// }
///
/// let counts = perfattr::counters::measure_all(|| {
///     let threads: Vec<_> = (0..4).map(|i| std::thread::spawn(move || work(i))).collect();
///     for thread in threads {
///         thread.join().unwrap();
///     }
/// });
/// assert_eq!(counts.count("work"), 4);
/// ```
pub fn measure_all(workload: impl FnOnce()) -> CounterReport {
    let before = threads::totals();
    workload();
    audit::of_all_threads(&difference(&threads::totals(), &before))
}

fn difference(after: &[u64], before: &[u64]) -> Vec<u64> {
    after
        .iter()
        .zip(before)
        .map(|(a, b)| a.wrapping_sub(*b))
        .collect()
}

/// The environment variable that writes the report at process exit: a file path (JSON when it
/// ends in `.json`, the table otherwise), or `-` for standard error.
///
/// ```
/// // PERFATTR_COUNTERS=counters.json ./my-program   writes the report as JSON at exit
/// assert_eq!(perfattr::counters::EXIT_REPORT_VAR, "PERFATTR_COUNTERS");
/// ```
pub const EXIT_REPORT_VAR: &str = exit::VAR;
