//! [`Slot`]: the function pointer of a non-generic multiversioned function, which starts at
//! the function's resolver and is patched to the selected clone.

use core::sync::atomic::AtomicPtr;
use core::sync::atomic::Ordering::Relaxed;

/// The function pointer of a non-generic multiversioned function. It starts at the
/// function's resolver, which selects a clone, stores it here and calls it: every later
/// call is one load and one indirect call, with no "initialized?" branch.
#[derive(Debug)]
pub struct Slot {
    current: AtomicPtr<()>,
    #[cfg_attr(
        not(any(feature = "testing", feature = "bench")),
        expect(dead_code, reason = "read when forcing levels")
    )]
    resolver: *mut (),
}

// SAFETY: `current` is an atomic, and `resolver` is a function pointer written only by
// `Slot::new`: sharing a slot between threads shares nothing mutable but the atomic.
unsafe impl Sync for Slot {}

impl Slot {
    /// A slot that starts at `resolver`.
    #[must_use]
    pub const fn new(resolver: *mut ()) -> Slot {
        Slot {
            current: AtomicPtr::new(resolver),
            resolver,
        }
    }

    /// The function to call.
    #[inline]
    #[must_use]
    pub fn get(&self) -> *mut () {
        self.current.load(Relaxed)
    }

    /// Stores the clone the resolver selected: every later call through the slot calls it.
    ///
    /// # Safety
    /// `function` must be one of the clones of the function this slot belongs to (of the
    /// same type as its resolver), compiled for target features this CPU has: generated code
    /// calls whatever the slot holds without checking.
    #[inline]
    pub unsafe fn set(&self, function: *mut ()) {
        self.current.store(function, Relaxed);
    }

    /// Makes the next call select again (after the active set changed).
    #[cfg(any(feature = "testing", feature = "bench"))]
    pub(crate) fn reset(&self) {
        self.current.store(self.resolver, Relaxed);
    }
}
