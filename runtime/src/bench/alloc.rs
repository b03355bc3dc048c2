//! Allocations per call: an opt-in counting global allocator, and the span a generated
//! benchmark's sample is timed in, which also takes the allocations made in it.
//!
//! ```text
//! // benches/perfattr.rs: the second line turns the counts on for every benchmark.
//! perfattr::bench_main!(my_crate);
//! #[global_allocator]
//! static ALLOC: perfattr::bench::CountingAllocator = perfattr::bench::CountingAllocator::system();
//! ```
//!
//! Each thread counts its own allocations (a thread-local pair of numbers, no atomics), so a
//! benchmark on one thread sees exactly the allocations of the code it times.

use core::alloc::{GlobalAlloc, Layout};
use core::cell::Cell;
use core::sync::atomic::{AtomicBool, Ordering};
use std::alloc::System;
use std::time::{Duration, Instant};

/// A global allocator that counts the allocations and bytes each thread asks for, then
/// forwards to `A` (the system allocator by default). Install it in a bench target with
/// `#[global_allocator]`; every generated benchmark then reports its allocations per call.
///
/// ```
/// static ALLOC: perfattr::bench::CountingAllocator = perfattr::bench::CountingAllocator::system();
/// // (Installed with `#[global_allocator]` on that static in a bench target.)
/// let layout = std::alloc::Layout::new::<u64>();
/// let before = perfattr::bench::allocations().unwrap_or_default();
/// unsafe {
///     use std::alloc::GlobalAlloc;
///     let pointer = ALLOC.alloc(layout);
///     ALLOC.dealloc(pointer, layout);
/// }
/// let after = perfattr::bench::allocations().unwrap();
/// assert_eq!((after.0 - before.0, after.1 - before.1), (1, 8));
/// ```
#[derive(Debug, Default)]
pub struct CountingAllocator<A = System> {
    inner: A,
}

impl CountingAllocator<System> {
    /// Counting in front of the system allocator.
    ///
    /// ```
    /// // In a bench target, with `#[global_allocator]` on it:
    /// static ALLOC: perfattr::bench::CountingAllocator = perfattr::bench::CountingAllocator::system();
    /// # let _ = &ALLOC;
    /// ```
    #[must_use]
    pub const fn system() -> Self {
        CountingAllocator { inner: System }
    }
}

impl<A> CountingAllocator<A> {
    /// Counting in front of `inner`.
    ///
    /// ```
    /// static ALLOC: perfattr::bench::CountingAllocator<std::alloc::System> =
    ///     perfattr::bench::CountingAllocator::wrapping(std::alloc::System);
    /// # let _ = &ALLOC;
    /// ```
    #[must_use]
    pub const fn wrapping(inner: A) -> Self {
        CountingAllocator { inner }
    }
}

/// Whether a [`CountingAllocator`] has counted anything in this process (is installed).
static INSTALLED: AtomicBool = AtomicBool::new(false);

std::thread_local! {
    /// This thread's allocations and bytes allocated. A const initializer and no destructor:
    /// usable inside the allocator, at any point of a thread's life.
    static COUNTS: Cell<(u64, u64)> = const { Cell::new((0, 0)) };
}

fn count(bytes: usize) {
    if !INSTALLED.load(Ordering::Relaxed) {
        INSTALLED.store(true, Ordering::Relaxed);
    }
    let _ = COUNTS.try_with(|counts| {
        let (allocations, total) = counts.get();
        counts.set((allocations + 1, total + bytes as u64));
    });
}

// SAFETY: every method forwards to `inner`'s with the same arguments, so `inner`'s guarantees
// hold; counting touches only a thread-local `Cell`, which neither allocates nor unwinds.
unsafe impl<A: GlobalAlloc> GlobalAlloc for CountingAllocator<A> {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        // SAFETY: the caller's contract for `alloc`, passed on.
        unsafe { self.inner.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        // SAFETY: as for `alloc`.
        unsafe { self.inner.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract for `dealloc`, passed on.
        unsafe { self.inner.dealloc(pointer, layout) }
    }

    /// A reallocation counts as an allocation of the new size (a vector that grows).
    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(new_size);
        // SAFETY: the caller's contract for `realloc`, passed on.
        unsafe { self.inner.realloc(pointer, layout, new_size) }
    }
}

/// This thread's allocations and bytes allocated so far, if a [`CountingAllocator`] is the
/// global allocator (counts start when it first allocates); `None` otherwise.
///
/// ```
/// if let Some((allocations, bytes)) = perfattr::bench::allocations() {
///     println!("{allocations} allocations, {bytes} bytes on this thread so far");
/// }
/// ```
#[must_use]
pub fn allocations() -> Option<(u64, u64)> {
    INSTALLED
        .load(Ordering::Relaxed)
        .then(|| COUNTS.try_with(Cell::get).unwrap_or_default())
}

std::thread_local! {
    /// The allocations and bytes of the last sample timed on this thread.
    static LAST: Cell<Option<(u64, u64)>> = const { Cell::new(None) };
}

/// The span a generated sample is timed in: its duration, and with a counting allocator its
/// allocations.
#[doc(hidden)]
pub struct Span {
    start: Instant,
    allocations: Option<(u64, u64)>,
}

impl Span {
    #[doc(hidden)]
    #[must_use]
    #[inline]
    pub fn start() -> Span {
        let allocations = allocations();
        Span {
            allocations,
            start: Instant::now(),
        }
    }

    /// The time since [`Span::start`]; records the allocations made since then.
    #[doc(hidden)]
    #[must_use]
    #[inline]
    pub fn end(self) -> Duration {
        let elapsed = self.start.elapsed();
        if let (Some(before), Some(after)) = (self.allocations, allocations()) {
            LAST.set(Some((after.0 - before.0, after.1 - before.1)));
        }
        elapsed
    }
}

/// The allocations and bytes of the last sample timed on this thread, taken.
pub(crate) fn take_last() -> Option<(u64, u64)> {
    LAST.take()
}
