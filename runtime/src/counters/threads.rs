//! The counts themselves: each thread's own array of counts (one per site, written only by that
//! thread), the counts of threads that exited, and the sums readers take.

use core::cell::Cell;
use core::ptr;
use core::sync::atomic::AtomicU64;
use core::sync::atomic::Ordering::Relaxed;
use std::boxed::Box;
use std::vec::Vec;

use super::lock::{Guard, Lock, release_at_fork};
use super::site::{SITES, Site};

std::thread_local! {
    /// This thread's counts, one per site; null until its first count and after it exits.
    static LOCAL: Cell<*const AtomicU64> = const { Cell::new(ptr::null()) };
    /// Retires this thread's counts when it exits.
    static RETIRE: Retire = const { Retire };
}

/// The counts of all threads: the arrays of the live ones, the sum of the exited ones, and
/// the baseline a reset subtracts.
struct Registry {
    live: Vec<Box<[AtomicU64]>>,
    retired: Vec<u64>,
    baseline: Vec<u64>,
}

static REGISTRY: Lock<Registry> = Lock::new(Registry {
    live: Vec::new(),
    retired: Vec::new(),
    baseline: Vec::new(),
});

/// The registry, locked (no poisoning: its invariants hold between statements). The first use
/// makes `fork` safe to call while another thread holds it.
fn registry() -> Guard<'static, Registry> {
    static AT_FORK: core::sync::atomic::AtomicBool = core::sync::atomic::AtomicBool::new(false);
    if !AT_FORK.load(Relaxed) {
        release_at_fork(&REGISTRY, &AT_FORK);
    }
    REGISTRY.lock()
}

/// Adds `n` to `site`'s count on this thread when both are set up (the site knows its
/// position, the thread has its array); `false` otherwise, for [`add_first`] to do.
#[inline(always)]
#[allow(clippy::inline_always)] // the counting fast path: a few instructions
pub fn add_fast(site: &'static Site, n: u64) -> bool {
    let slot = site.cached_slot();
    let base = LOCAL.get();
    if slot == 0 || base.is_null() {
        return false;
    }
    // SAFETY: a non-null `LOCAL` points to this thread's array of `SITES.len()` counts, which
    // lives until the thread retires it and nulls `LOCAL`; a non-zero slot is a position in
    // `SITES` plus one (see `Site::index`).
    let count = unsafe { &*base.add(slot - 1) };
    // Only this thread writes its array: load and store cannot lose a count.
    count.store(count.load(Relaxed).wrapping_add(n), Relaxed);
    true
}

/// A site's first count (it looks up its position), a thread's first count (it allocates
/// the thread's array), or a count while the thread exits (its array already retired: the
/// count goes straight to the retired totals).
pub fn add_first(site: &'static Site, n: u64) {
    let Some(index) = site.index() else {
        return;
    };
    let base = LOCAL.get();
    if !base.is_null() {
        // SAFETY: as in `add_fast`; `index < SITES.len()`.
        let count = unsafe { &*base.add(index) };
        count.store(count.load(Relaxed).wrapping_add(n), Relaxed);
        return;
    }
    if RETIRE.try_with(|_| ()).is_ok() {
        // One slot per site, and the thread's "inside a scope" flag (see `set_inside`).
        let counts: Box<[AtomicU64]> = (0..=SITES.len()).map(|_| AtomicU64::new(0)).collect();
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
        super::pending::publish();
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

/// Marks this thread as inside its outermost scope, or out of it again: a report taken on
/// another thread meanwhile says that this thread's leaf counts since then are not in it. The
/// flag is the slot after the thread's counts; a thread with no counts yet has none (its scope
/// counted its own call first, so it always has).
#[inline]
pub fn set_inside(inside: bool) {
    let base = LOCAL.get();
    if !base.is_null() {
        // SAFETY: as in `add_fast`: this thread's live array, of `SITES.len() + 1` slots.
        let flag = unsafe { &*base.add(SITES.len()) };
        flag.store(u64::from(inside), Relaxed);
    }
}

/// How many live threads other than this one are inside a scope, their leaf counts since it
/// began not yet published.
pub fn busy_others() -> usize {
    let own = LOCAL.get();
    let registry = registry();
    registry
        .live
        .iter()
        .filter(|counts| counts.as_ptr() != own)
        .filter(|counts| {
            counts
                .get(SITES.len())
                .is_some_and(|f| f.load(Relaxed) != 0)
        })
        .count()
}

/// Totals per site since the start or the last [`rebase`], in [`SITES`] order.
pub fn totals() -> Vec<u64> {
    super::pending::publish();
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
pub fn this_thread() -> Vec<u64> {
    super::pending::publish();
    let base = LOCAL.get();
    if base.is_null() {
        return std::vec![0; SITES.len()];
    }
    // SAFETY: as in `add_fast`: this thread's live array of `SITES.len()` counts.
    let counts = unsafe { core::slice::from_raw_parts(base, SITES.len()) };
    counts.iter().map(|count| count.load(Relaxed)).collect()
}

/// Makes [`totals`] count from zero again: adds the current totals to the baseline it
/// subtracts. Counts made meanwhile land on one side or the other, never lost or doubled.
pub fn rebase() {
    let current = totals();
    let mut registry = registry();
    let baseline = &mut registry.baseline;
    baseline.resize(SITES.len(), 0);
    for (base, total) in baseline.iter_mut().zip(current) {
        *base = base.wrapping_add(total);
    }
}
