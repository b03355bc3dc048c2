//! What a counter increment costs, side by side in one run, on one thread and with two
//! threads counting the same site at once:
//!
//! - `perfattr`: a `#[hot]` function's own counter (per-thread single-writer slot);
//! - `count!`: a named counter, the same mechanism;
//! - `shared atomic`: one `AtomicU64::fetch_add` that every thread increments;
//! - `none`: the same function without a counter, the baseline the others add to.
//!
//! Each measured function is `#[inline(never)]` and called in a chain of 1000 calls, so every
//! increment pays its thread-local lookup as it would in a program. With two threads, both
//! start together after a barrier, each times its own calls, and the slower is reported: the
//! time per call per thread, which stays flat when the threads do not contend.
//!
//! Run with `cargo bench -p perfattr-examples --bench counters`.

use std::hint::black_box;
use std::sync::Barrier;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const MIX: u64 = 0x9E37_79B9_7F4A_7C15;

#[inline(never)]
fn none(x: u64) -> u64 {
    x.wrapping_mul(MIX) ^ (x >> 29)
}

#[perfattr::hot(inline = never)]
fn perfattr_hot(x: u64) -> u64 {
    x.wrapping_mul(MIX) ^ (x >> 29)
}

#[inline(never)]
fn perfattr_count(x: u64) -> u64 {
    perfattr::count!("bench_count");
    x.wrapping_mul(MIX) ^ (x >> 29)
}

static SHARED: AtomicU64 = AtomicU64::new(0);

#[inline(never)]
fn shared_atomic(x: u64) -> u64 {
    SHARED.fetch_add(1, Ordering::Relaxed);
    x.wrapping_mul(MIX) ^ (x >> 29)
}

const CALLS: u64 = 1000;

/// A measured function: one call of the chain.
type Step = fn(u64) -> u64;

/// `iters` chains of `CALLS` dependent calls, timed.
fn timed(f: Step, iters: u64) -> Duration {
    let start = Instant::now();
    let mut x = black_box(7);
    for _ in 0..iters {
        for _ in 0..CALLS {
            x = f(x);
        }
    }
    black_box(x);
    start.elapsed()
}

/// The same on `threads` threads at once; the slowest thread's time.
fn timed_on(threads: usize, f: Step, iters: u64) -> Duration {
    if threads == 1 {
        return timed(f, iters);
    }
    let start = Barrier::new(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                let start = &start;
                scope.spawn(move || {
                    start.wait();
                    timed(f, iters)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap())
            .max()
            .unwrap_or_default()
    })
}

fn increments(c: &mut Criterion) {
    let contenders: [(&str, Step); 4] = [
        ("none", none),
        ("perfattr", perfattr_hot),
        ("count!", perfattr_count),
        ("shared atomic", shared_atomic),
    ];
    for threads in [1, 2] {
        let mut group = c.benchmark_group(format!("counter/{threads} thread(s)"));
        group.throughput(Throughput::Elements(CALLS));
        for (name, f) in contenders {
            group.bench_function(name, |b| {
                b.iter_custom(|iters| timed_on(threads, f, iters));
            });
        }
        group.finish();
    }
    // The counts are exact: every call of every measured run was counted.
    let counts = perfattr::counters::report();
    assert!(counts.count("perfattr_hot") >= CALLS);
    assert_eq!(counts.count("perfattr_hot"), counts.count("bench_count"));
}

criterion_group!(benches, increments);
criterion_main!(benches);
