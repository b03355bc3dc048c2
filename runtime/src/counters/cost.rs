//! What one count costs on this machine: measured once per process, for the report's cost
//! column and line.

use core::hint::black_box;
use core::sync::atomic::AtomicU64;
use core::sync::atomic::Ordering::Relaxed;
use std::time::Instant;

/// Nanoseconds per count: the fastest of five runs of 2^16 counts, each the load, add and
/// store of a direct count into a slot, each waiting for the last (as counts of one site in a
/// loop do). About 0.5 ms, once per process. No lock (a `OnceLock` held by another thread at
/// `fork` would hang the child): two threads may both measure, and the last store wins.
pub fn per_count_ns() -> f64 {
    static COST: AtomicU64 = AtomicU64::new(0);
    let known = COST.load(Relaxed);
    if known != 0 {
        return f64::from_bits(known);
    }
    let measured = {
        const COUNTS: u32 = 1 << 16;
        let slot = AtomicU64::new(0);
        let mut best = f64::INFINITY;
        for _ in 0..5 {
            let start = Instant::now();
            for _ in 0..COUNTS {
                let slot = black_box(&slot);
                slot.store(slot.load(Relaxed).wrapping_add(1), Relaxed);
            }
            best = best.min(start.elapsed().as_secs_f64() * 1e9 / f64::from(COUNTS));
        }
        black_box(slot.load(Relaxed));
        best
    };
    COST.store(measured.to_bits(), Relaxed);
    measured
}
