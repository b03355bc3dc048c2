//! Execution counters: how often each `#[hot]` function, `#[cold_path]` function, branch-level
//! `#[cold_path]` marker and [`count!`](crate::count) site really runs.
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

use core::cell::Cell;
use core::ptr;
use core::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering::Relaxed};
use std::boxed::Box;
use std::string::String;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::vec::Vec;

pub use crate::report::{CounterReport, Kind, SiteCount, Thresholds};

/// One counted place in the program, built by the macros; the report shows it as a
/// [`SiteCount`].
#[doc(hidden)]
#[derive(Debug)]
pub struct Site {
    /// What it counts.
    pub kind: Kind,
    /// The function's name; for a branch or region, the enclosing function's; for `count!`,
    /// the counter's name.
    pub name: &'static str,
    /// `module_path!()` where it is.
    pub module_path: &'static str,
    /// `file!()`.
    pub file: &'static str,
    /// 1-based line of the function's name, the marker, the loop or the `count!`.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// A branch's or region's reference: the innermost enclosing counted loop or closure, or
    /// the function.
    pub parent: Option<&'static Site>,
    /// For functions and regions: the functions and methods called directly in it, outside
    /// cold branches and uncounted loops, by name; how a `#[cold_path]` function finds the hot
    /// code it is compared with.
    pub calls: &'static [&'static str],
    /// A function whose body has a loop: its calls do not say how much work it does.
    pub has_loop: bool,
    /// Its position in [`SITES`] plus one, once looked up; 0 before. Only `add_slow` stores
    /// it, and only a position it found in [`SITES`], which is what makes the fast path's
    /// unchecked index sound.
    slot: AtomicUsize,
}

impl Site {
    /// A site; only the macros build them.
    #[doc(hidden)]
    #[allow(clippy::too_many_arguments)]
    #[must_use]
    pub const fn new(
        kind: Kind,
        name: &'static str,
        parent: Option<&'static Site>,
        calls: &'static [&'static str],
        has_loop: bool,
        module_path: &'static str,
        file: &'static str,
        line: u32,
        column: u32,
    ) -> Site {
        Site {
            kind,
            name,
            module_path,
            file,
            line,
            column,
            parent,
            calls,
            has_loop,
            slot: AtomicUsize::new(0),
        }
    }

    /// `file:line:column`.
    #[must_use]
    pub(crate) fn location(&self) -> String {
        std::format!("{}:{}:{}", self.file, self.line, self.column)
    }

    /// Its position in [`SITES`], if it is there.
    fn position(&'static self) -> Option<usize> {
        SITES.iter().position(|site| ptr::eq(site, self))
    }
}

/// Every site of the program, placed by the linker.
#[doc(hidden)]
#[linkme::distributed_slice]
pub static SITES: [Site];

std::thread_local! {
    /// This thread's counts, one per site; null until its first count and after it exits.
    static LOCAL: Cell<*const AtomicU64> = const { Cell::new(ptr::null()) };
    /// Retires this thread's counts when it exits.
    static RETIRE: Retire = const { Retire };
}

/// The counts of all threads: the arrays of the live ones, the sum of the exited ones, and
/// the baseline [`reset`] subtracts.
struct Registry {
    live: Vec<Box<[AtomicU64]>>,
    retired: Vec<u64>,
    baseline: Vec<u64>,
}

static REGISTRY: Mutex<Registry> = Mutex::new(Registry {
    live: Vec::new(),
    retired: Vec::new(),
    baseline: Vec::new(),
});

fn registry() -> MutexGuard<'static, Registry> {
    // The registry's invariants hold between statements: a panic elsewhere cannot break them.
    REGISTRY.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Counts one execution of `site`. Generated code calls it.
#[doc(hidden)]
#[inline(always)]
#[allow(clippy::inline_always)] // the counting fast path: a few instructions
pub fn hit(site: &'static Site) {
    add(site, 1);
}

/// Adds `n` to `site`'s count on this thread.
#[doc(hidden)]
#[inline(always)]
#[allow(clippy::inline_always)] // the counting fast path: a few instructions
pub fn add(site: &'static Site, n: u64) {
    let slot = site.slot.load(Relaxed);
    let base = LOCAL.get();
    if slot == 0 || base.is_null() {
        add_slow(site, n);
    } else {
        // SAFETY: a non-null `LOCAL` points to this thread's array of `SITES.len()` counts,
        // which lives until the thread retires it and nulls `LOCAL`; a non-zero slot is a
        // position in `SITES` plus one (see `Site::slot`).
        let count = unsafe { &*base.add(slot - 1) };
        // Only this thread writes its array: load and store cannot lose a count.
        count.store(count.load(Relaxed).wrapping_add(n), Relaxed);
    }
}

/// A site's first count (it looks up its position), a thread's first count (it allocates
/// the thread's array), or a count while the thread exits (its array already retired: the
/// count goes straight to the retired totals).
#[cold]
#[inline(never)]
fn add_slow(site: &'static Site, n: u64) {
    let Some(index) = site.position() else {
        // Not a registered site: only the macros build sites, and they register them.
        return;
    };
    site.slot.store(index + 1, Relaxed);
    let base = LOCAL.get();
    if !base.is_null() {
        // SAFETY: as in `add`; `index < SITES.len()`.
        let count = unsafe { &*base.add(index) };
        count.store(count.load(Relaxed).wrapping_add(n), Relaxed);
        return;
    }
    install_exit_report();
    if RETIRE.try_with(|_| ()).is_ok() {
        let counts: Box<[AtomicU64]> = SITES.iter().map(|_| AtomicU64::new(0)).collect();
        counts[index].store(n, Relaxed);
        LOCAL.set(counts.as_ptr());
        registry().live.push(counts);
    } else {
        let mut registry = registry();
        let retired = retired_mut(&mut registry.retired);
        retired[index] = retired[index].wrapping_add(n);
    }
}

fn retired_mut(retired: &mut Vec<u64>) -> &mut [u64] {
    retired.resize(SITES.len(), 0);
    retired
}

struct Retire;

impl Drop for Retire {
    fn drop(&mut self) {
        let base = LOCAL.replace(ptr::null());
        if base.is_null() {
            return;
        }
        let mut registry = registry();
        let Some(at) = registry.live.iter().position(|c| c.as_ptr() == base) else {
            return;
        };
        let counts = registry.live.swap_remove(at);
        let retired = retired_mut(&mut registry.retired);
        for (total, count) in retired.iter_mut().zip(counts.iter()) {
            *total = total.wrapping_add(count.load(Relaxed));
        }
    }
}

/// Totals per site since the start or the last [`reset`], in [`SITES`] order.
fn totals() -> Vec<u64> {
    let registry = registry();
    let mut totals = std::vec![0u64; SITES.len()];
    for (total, retired) in totals.iter_mut().zip(&registry.retired) {
        *total = *retired;
    }
    for counts in &registry.live {
        for (total, count) in totals.iter_mut().zip(counts.iter()) {
            *total = total.wrapping_add(count.load(Relaxed));
        }
    }
    for (total, base) in totals.iter_mut().zip(&registry.baseline) {
        *total = total.wrapping_sub(*base);
    }
    totals
}

/// This thread's counts, in [`SITES`] order (zeros before its first count).
fn this_thread() -> Vec<u64> {
    let base = LOCAL.get();
    if base.is_null() {
        return std::vec![0; SITES.len()];
    }
    // SAFETY: as in `add`: this thread's live array of `SITES.len()` counts.
    let counts = unsafe { core::slice::from_raw_parts(base, SITES.len()) };
    counts.iter().map(|count| count.load(Relaxed)).collect()
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
    let current = totals();
    let mut registry = registry();
    let baseline = &mut registry.baseline;
    baseline.resize(SITES.len(), 0);
    for (base, total) in baseline.iter_mut().zip(current) {
        *base = base.wrapping_add(total);
    }
}

/// Every site's count since the start (or the last [`reset`]), with its reference and
/// verdict under the default [`Thresholds`].
///
/// ```
/// #[perfattr::hot]
/// fn step(x: u32) -> u32 {
///     x + 1
/// }
///
/// step(1);
/// let report = perfattr::counters::report();
/// println!("{report}");
/// assert!(report.count("step") >= 1);
/// ```
#[must_use]
pub fn report() -> CounterReport {
    install_exit_report();
    CounterReport::new(&totals(), Thresholds::default())
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
    let before = this_thread();
    workload();
    CounterReport::new(&difference(&this_thread(), &before), Thresholds::default())
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
    let before = totals();
    workload();
    CounterReport::new(&difference(&totals(), &before), Thresholds::default())
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
pub const EXIT_REPORT_VAR: &str = "PERFATTR_COUNTERS";

/// Registers the exit report once, if `PERFATTR_COUNTERS` asks for it.
fn install_exit_report() {
    unsafe extern "C" {
        safe fn atexit(callback: extern "C" fn()) -> core::ffi::c_int;
    }
    static INSTALLED: AtomicBool = AtomicBool::new(false);
    if INSTALLED.swap(true, Relaxed) || std::env::var_os(EXIT_REPORT_VAR).is_none() {
        return;
    }
    atexit(write_exit_report);
}

extern "C" fn write_exit_report() {
    let Some(target) = std::env::var_os(EXIT_REPORT_VAR) else {
        return;
    };
    let report = CounterReport::new(&totals(), Thresholds::default());
    let dispatch = crate::report::dispatch();
    let result = if target == "-" {
        use std::io::Write as _;
        std::write!(std::io::stderr(), "{report}\n{dispatch}")
    } else {
        let path = std::path::Path::new(&target);
        let text = if path.extension().is_some_and(|e| e == "json") {
            crate::report::Report {
                counters: Some(report),
                dispatch,
            }
            .to_json()
        } else {
            std::format!("{report}\n{dispatch}")
        };
        std::fs::write(path, text)
    };
    if let Err(error) = result {
        std::eprintln!(
            "perfattr: cannot write the counter report to {}: {error}",
            std::path::Path::new(&target).display()
        );
    }
}
