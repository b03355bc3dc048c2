//! [`Choice`]: a generic multiversioned function's cached clone index, and the epoch that keeps
//! a choice made from a stale active set from outliving a testing helper's change of level.

use core::sync::atomic::Ordering::{Relaxed, SeqCst};
use core::sync::atomic::{AtomicU8, AtomicUsize};

/// Advanced each time a testing or bench helper changes the active set, before the slots and
/// choices are reset. A resolver reads it before it selects and again after it stored: if it
/// moved, the active set may have changed under the selection, and the resolver takes its store
/// back, so the next call selects again. (Without the helpers it never moves.)
static EPOCH: AtomicUsize = AtomicUsize::new(0);

/// The current epoch, for a resolver to read before it selects (generated code calls it).
#[inline]
#[must_use]
pub fn epoch() -> usize {
    EPOCH.load(SeqCst)
}

/// Starts a new epoch: every choice stored from now on was selected after the change.
#[cfg(any(feature = "testing", feature = "bench"))]
pub(crate) fn advance() {
    EPOCH.fetch_add(1, SeqCst);
}

/// Not chosen yet (or chosen again after a change of level).
const UNRESOLVED: u8 = u8::MAX;

/// A generic multiversioned function's chosen clone: one byte every call reads, instead of the
/// active feature set tested against each target's mask.
#[derive(Debug)]
pub struct Choice(AtomicU8);

impl Choice {
    /// No choice yet: the first call makes it.
    #[must_use]
    pub const fn new() -> Choice {
        Choice(AtomicU8::new(UNRESOLVED))
    }

    /// The chosen clone's index, once chosen.
    #[inline]
    #[must_use]
    pub fn get(&self) -> Option<usize> {
        let index = self.0.load(Relaxed);
        if index == UNRESOLVED {
            None
        } else {
            Some(usize::from(index))
        }
    }

    /// The stored byte: the index, or `u8::MAX` (past every clone) while unresolved.
    #[inline]
    #[must_use]
    pub fn raw(&self) -> usize {
        usize::from(self.0.load(Relaxed))
    }

    /// Chooses with `select` (a clone whose features the CPU has, or the fallback) and keeps
    /// the index, unless a helper changed the level meanwhile.
    #[cold]
    #[inline(never)]
    pub fn resolve(&self, select: impl FnOnce() -> usize) -> usize {
        let before = epoch();
        let index = select();
        if let Some(byte) = u8::try_from(index).ok().filter(|&b| b != UNRESOLVED) {
            self.0.store(byte, SeqCst);
            if epoch() != before {
                let _ = self.0.compare_exchange(byte, UNRESOLVED, SeqCst, SeqCst);
            }
        }
        index
    }

    /// Makes the next call choose again.
    #[cfg(any(feature = "testing", feature = "bench"))]
    pub(crate) fn reset(&self) {
        self.0.store(UNRESOLVED, SeqCst);
    }
}

impl Default for Choice {
    fn default() -> Self {
        Choice::new()
    }
}
