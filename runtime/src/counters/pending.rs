//! Counts the compiler can keep in a register: how a per-byte helper inlined into a scanning
//! loop is counted at the cost of one add per call of the loop's function, not one memory
//! increment per byte.
//!
//! A thread's published counts ([`super::threads`]) are relaxed atomics, because a report may
//! read them from another thread at any moment; LLVM neither keeps an atomic in a register
//! across a loop nor vectorizes a loop that touches one, so a counted helper inlined into a
//! per-byte loop turned every byte into a load and a store through memory, each waiting for
//! the last (3–5× the loop's time).
//!
//! So the macros sort counted functions in two:
//! - a **scope**: a function whose body has a loop or a closure (not `async`). It counts its
//!   own calls and branches as before, and holds a [`Scope`] while it runs;
//! - a **leaf**: a function with neither. While the thread is inside a scope, its calls and
//!   branches add to a plain thread-local `Cell` of their own (one per site, at an address the
//!   compiler knows, so inlined into a loop the add stays in a register and the loop still
//!   vectorizes), and mark the site in a dirty bitmap. Outside every scope they count as
//!   before.
//!
//! The outermost scope, when it returns or unwinds, moves the thread's pending counts into its
//! published ones ([`publish`]); so does the thread when it exits and before it reads its own
//! counts. Counts are exact in every report taken while the counted code is not running; a
//! thread that is inside a scope has published its counts up to the last time its outermost
//! scope returned, and reports say how many such threads there are. Pending counts are only
//! ever read by their own thread: no data race.

use core::cell::Cell;
use core::sync::atomic::AtomicPtr;
use core::sync::atomic::Ordering::{AcqRel, Acquire};
use std::boxed::Box;
use std::vec::Vec;

use super::site::{Pending, SITES, Site};

/// Dirty buckets: a site's bucket is a hash of its address ([`bucket`]), so the bitmap has a
/// fixed size whatever the number of sites; a bucket that several sites share is checked for
/// each of them.
const BUCKETS: usize = 4096;
const WORDS: usize = BUCKETS / 64;

std::thread_local! {
    /// How many scopes this thread is inside.
    static DEPTH: Cell<u32> = const { Cell::new(0) };
    /// Per word of [`DIRTY`], whether it has a bit set.
    static SUMMARY: Cell<u64> = const { Cell::new(0) };
    /// Per bucket, whether one of its sites may have a pending count.
    static DIRTY: [Cell<u64>; WORDS] = const { [const { Cell::new(0) }; WORDS] };
}

/// The site's bucket: its address, which is fixed by the linker and computed without a load
/// (so hoisted out of any loop), folded into [`BUCKETS`]. Sites are larger than 16 bytes, so
/// neighbours in [`SITES`] never share one.
#[inline(always)]
#[allow(clippy::inline_always)] // on the counting fast path
fn bucket(site: &'static Site) -> usize {
    (core::ptr::from_ref(site) as usize >> 4) % BUCKETS
}

/// Counts one execution of a leaf's `site`: pending inside a scope, published outside. Inside
/// a scope's loop the compiler knows `DEPTH` is not 0 (the scope set it, and the pending path
/// writes only thread-local cells it can tell apart from it), drops the test and keeps the
/// count in a register.
#[inline(always)]
#[allow(clippy::inline_always)] // the counting fast path: a few instructions
pub fn hit_leaf(site: &'static Site, pending: &'static Pending) {
    if DEPTH.get() == 0 {
        super::hit(site);
        // SAFETY: `hit` enters no scope, and a signal handler that does leaves it before it
        // returns: `DEPTH` is still 0. Told to the compiler, which knows it after the call: a
        // loop's other path writes only thread-local cells it tells apart from `DEPTH`, so
        // the test is the same in every iteration, split out of the loop, and the leaf's
        // cells stay in registers through it.
        unsafe { core::hint::assert_unchecked(DEPTH.get() == 0) };
        return;
    }
    pending.with(|count| count.set(count.get().wrapping_add(1)));
    let bucket = bucket(site);
    DIRTY.with(|dirty| {
        let word = &dirty[bucket / 64];
        word.set(word.get() | 1 << (bucket % 64));
    });
    SUMMARY.set(SUMMARY.get() | 1 << (bucket / 64));
}

/// Held by a scope function while it runs; the outermost one publishes the thread's pending
/// counts when dropped (at return, and when a panic unwinds through it). Only the outermost:
/// publishing at every nested scope's return (a parser's per-line function) cost more than
/// the counting it batches.
#[doc(hidden)]
#[must_use = "a scope publishes when dropped: bind it for the function's whole body"]
pub struct Scope(());

impl Scope {
    #[inline(always)]
    #[allow(clippy::inline_always)] // an increment at every scope's entry, a flag at the outermost's
    pub fn enter() -> Scope {
        let depth = DEPTH.get();
        if depth == 0 {
            super::set_inside(true);
        }
        // Saturating: the compiler then knows `DEPTH` is not 0 in the scope's body.
        DEPTH.set(depth.saturating_add(1));
        Scope(())
    }
}

impl Drop for Scope {
    #[inline(always)]
    #[allow(clippy::inline_always)] // a decrement and a test at every scope's exit
    fn drop(&mut self) {
        let depth = DEPTH.get().wrapping_sub(1);
        DEPTH.set(depth);
        if depth == 0 {
            if SUMMARY.get() != 0 {
                publish_now();
            }
            super::set_inside(false);
        }
    }
}

/// Moves this thread's pending counts into its published counts, which reports read. Scopes do
/// it when they return, a thread when it exits or reads its own counts; call it in a
/// long-running counted loop (a worker's `loop { … }` in a `#[hot]` function) to make the
/// counts of the leaves it calls visible to other threads' reports before it returns.
///
/// ```
/// #[perfattr::hot]
/// fn is_digit(b: u8) -> bool {
///     b.is_ascii_digit()
/// }
///
/// #[perfattr::hot]
/// fn serve(requests: &[&[u8]]) {
///     for request in requests {
///         let _digits = request.iter().filter(|&&b| is_digit(b)).count();
///         perfattr::counters::publish();
///     }
/// }
///
/// serve(&[b"a1", b"22"]);
/// assert_eq!(perfattr::counters::report().count("is_digit"), 4);
/// ```
#[inline]
pub fn publish() {
    if SUMMARY.get() != 0 {
        publish_now();
    }
}

#[cold]
#[inline(never)]
fn publish_now() {
    let mut words = SUMMARY.replace(0);
    let table = table();
    while words != 0 {
        let word = words.trailing_zeros() as usize;
        words &= words - 1;
        let mut bits = DIRTY.with(|dirty| dirty[word].replace(0));
        while bits != 0 {
            let bucket = word * 64 + bits.trailing_zeros() as usize;
            bits &= bits - 1;
            for &index in &table.sites[table.start[bucket]..table.start[bucket + 1]] {
                let site = &SITES[index];
                if let Some(pending) = site.pending {
                    let count = pending.with(|count| count.replace(0));
                    if count != 0 {
                        super::add(site, count);
                    }
                }
            }
        }
    }
}

/// The leaf sites of each bucket: `sites[start[b]..start[b + 1]]` are bucket `b`'s positions in
/// [`SITES`].
struct Table {
    start: Box<[usize]>,
    sites: Box<[usize]>,
}

/// Built on first use, without a lock (a `OnceLock` another thread held at `fork` would hang
/// the child): threads that race each build one, one wins, the others free theirs.
fn table() -> &'static Table {
    static TABLE: AtomicPtr<Table> = AtomicPtr::new(core::ptr::null_mut());
    let known = TABLE.load(Acquire);
    if !known.is_null() {
        // SAFETY: only a leaked `Box<Table>` is ever stored, and never freed.
        return unsafe { &*known };
    }
    let built = Box::into_raw(Box::new(build_table()));
    match TABLE.compare_exchange(core::ptr::null_mut(), built, AcqRel, Acquire) {
        // SAFETY: `built` is ours, leaked on purpose: it lives for the rest of the process.
        Ok(_) => unsafe { &*built },
        Err(winner) => {
            // SAFETY: `built` was never shared; `winner` is a leaked `Box<Table>` as above.
            drop(unsafe { Box::from_raw(built) });
            unsafe { &*winner }
        }
    }
}

fn build_table() -> Table {
    let mut sites: Vec<(usize, usize)> = SITES
        .iter()
        .enumerate()
        .filter(|(_, site)| site.pending.is_some())
        .map(|(index, site)| (bucket(site), index))
        .collect();
    sites.sort_unstable();
    let mut start = std::vec![0; BUCKETS + 1];
    for &(bucket, _) in &sites {
        start[bucket + 1] += 1;
    }
    for bucket in 0..BUCKETS {
        start[bucket + 1] += start[bucket];
    }
    Table {
        start: start.into_boxed_slice(),
        sites: sites.into_iter().map(|(_, index)| index).collect(),
    }
}
