//! [`Slot`]: the function pointer of a non-generic multiversioned function, which starts at
//! the function's resolver and is patched to the selected clone.

use core::sync::atomic::AtomicPtr;
use core::sync::atomic::Ordering::{Relaxed, SeqCst};

/// The address of one clone of a non-generic multiversioned function, in its entry's table
/// (`Entry::code`), which its resolver calls through and the benchmarks read the machine
/// code at (clones with identical code are one contender).
#[derive(Debug, Clone, Copy)]
#[repr(transparent)]
pub struct Code(pub *const ());

// SAFETY: the address of a function, never written after the static is built; reading it
// from several threads shares nothing mutable.
unsafe impl Sync for Code {}

/// The function pointer of a non-generic multiversioned function. It starts at the
/// function's resolver, which selects a clone, stores it here and calls it: every later
/// call is one load and one indirect call, with no "initialized?" branch.
#[derive(Debug)]
pub struct Slot {
    current: AtomicPtr<()>,
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

    /// Whether a call has resolved the slot (it no longer holds the resolver).
    #[must_use]
    pub fn resolved(&self) -> bool {
        self.current.load(Relaxed) != self.resolver
    }

    /// Stores the clone the resolver selected, which read [`epoch`](super::epoch) as
    /// `epoch` before it selected: every later call through the slot calls it, unless a
    /// testing helper changed the level meanwhile (then the next call selects again).
    ///
    /// # Safety
    /// `function` must be one of the clones of the function this slot belongs to (of the
    /// same type as its resolver), compiled for target features this CPU has: generated code
    /// calls whatever the slot holds without checking.
    #[inline]
    pub unsafe fn set(&self, function: *mut (), epoch: usize) {
        self.current.store(function, SeqCst);
        if super::epoch() != epoch {
            let _ = self
                .current
                .compare_exchange(function, self.resolver, SeqCst, SeqCst);
        }
    }

    /// Makes the next call select again (after the active set changed).
    #[cfg(any(feature = "testing", feature = "bench"))]
    pub(crate) fn reset(&self) {
        self.current.store(self.resolver, SeqCst);
    }
}
