//! What a multiversioned call costs, side by side in one run: a tiny function called through a
//! plain `#[inline(never)]` call, through every perfattr dispatch mode (`src/lib.rs`: patched,
//! pointer, branch, compile-time, generic by index and generic patched) and through the
//! `multiversion` crate's pointer and generic dispatch. Each is timed as a chain of dependent
//! calls (latency: `x = f(x)`) and as independent calls (throughput), in rounds that take every
//! contender in turn (the order rotated each round), so drift on a shared machine hits them
//! alike; the table gives each one's median over the rounds and the median of its per-round
//! difference from the plain call. This crate builds perfattr as a user's release build has
//! it: `patch` on, no counters, no testing helpers (which the examples' benches enable).
//!
//! Run with `cargo bench -p perfattr-dispatch-bench`; `cargo test --benches` runs 3 rounds and
//! checks every contender computes the plain call's result.

use std::hint::black_box;
use std::time::Instant;

use perfattr_dispatch_bench as modes;

const MIX: u64 = 0x9E37_79B9_7F4A_7C15;

#[inline(never)]
fn plain(x: u64) -> u64 {
    x.wrapping_mul(MIX) ^ (x >> 29)
}

#[multiversion::multiversion(targets("x86_64+avx2", "x86_64+sse4.1+sse4.2"))]
fn mv_plain(x: u64) -> u64 {
    x.wrapping_mul(MIX) ^ (x >> 29)
}

#[multiversion::multiversion(targets("x86_64+avx2", "x86_64+sse4.1+sse4.2"))]
fn mv_generic<T: Into<u64>>(x: T) -> u64 {
    let x = x.into();
    x.wrapping_mul(MIX) ^ (x >> 29)
}

/// Calls per timed sample.
const CALLS: u64 = 20_000;

/// `CALLS` calls, each fed the previous one's result: the call chain's latency, and the
/// dispatcher's load cannot be hoisted out of it.
#[allow(clippy::inline_always)] // each contender's loop is its own code, the call site in it
#[inline(always)]
fn chain(f: impl Fn(u64) -> u64) -> u64 {
    let mut x = black_box(7);
    for _ in 0..CALLS {
        x = f(x);
    }
    x
}

/// `CALLS` calls whose inputs do not depend on each other's results: throughput.
#[allow(clippy::inline_always)]
#[inline(always)]
fn independent(f: impl Fn(u64) -> u64) -> u64 {
    let mut sum = 0_u64;
    for i in 0..CALLS {
        sum = sum.wrapping_add(f(black_box(i)));
    }
    sum
}

/// One contender: its name and its two timed loops (each monomorphized for it, so its
/// dispatcher is inlined into the loop as it would be at a user's call site).
struct Contender {
    name: &'static str,
    chain: fn() -> u64,
    independent: fn() -> u64,
}

macro_rules! contender {
    ($name:literal, $f:expr) => {
        Contender {
            name: $name,
            chain: || chain($f),
            independent: || independent($f),
        }
    };
}

fn contenders() -> Vec<Contender> {
    vec![
        contender!("plain #[inline(never)]", plain),
        contender!("perfattr patched", modes::mix_patched),
        contender!("perfattr pointer (auto)", modes::mix_auto),
        contender!("perfattr branch", modes::mix_branch),
        contender!("perfattr compile_time", modes::mix_compile_time),
        contender!("perfattr generic (index)", modes::mix_generic::<u64>),
        contender!(
            "perfattr generic patched",
            modes::mix_generic_patched::<u64>
        ),
        contender!("multiversion pointer", mv_plain),
        contender!("multiversion generic", mv_generic::<u64>),
    ]
}

/// Nanoseconds per call of one sample of `run`.
fn sample(run: fn() -> u64) -> f64 {
    let start = Instant::now();
    black_box(run());
    #[allow(clippy::cast_precision_loss)]
    let per_call = start.elapsed().as_secs_f64() * 1e9 / CALLS as f64;
    per_call
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len() % 2 == 1 {
        values[mid]
    } else {
        f64::midpoint(values[mid - 1], values[mid])
    }
}

/// The interleaved rounds and their table. A test run (`cargo test --benches`) takes 3
/// rounds and checks every contender computes the plain call's result.
fn per_call() {
    let contenders = contenders();
    let expected = (contenders[0].chain)();
    for contender in &contenders {
        assert_eq!((contender.chain)(), expected, "{}", contender.name);
        assert_eq!(
            (contender.independent)(),
            (contenders[0].independent)(),
            "{}",
            contender.name
        );
    }
    let benching = std::env::args().any(|arg| arg == "--bench");
    let rounds = if benching { 201 } else { 3 };
    let count = contenders.len();
    // times[kind][contender][round]
    let mut times = vec![vec![Vec::with_capacity(rounds); count]; 2];
    for round in 0..rounds {
        for at in 0..count {
            let contender = &contenders[(at + round) % count];
            let index = (at + round) % count;
            times[0][index].push(sample(contender.chain));
            times[1][index].push(sample(contender.independent));
        }
    }
    if !benching {
        return;
    }
    println!(
        "per_call: ns per call, median of {rounds} interleaved rounds of {CALLS} calls (+ plain: median of the per-round differences)"
    );
    println!(
        "{:<28} {:>10} {:>10} {:>13} {:>10}",
        "", "chain", "+ plain", "independent", "+ plain"
    );
    for (index, contender) in contenders.iter().enumerate() {
        let mut cells = Vec::new();
        for kind in &times {
            let mut own = kind[index].clone();
            let mut over: Vec<f64> = kind[index]
                .iter()
                .zip(&kind[0])
                .map(|(a, b)| a - b)
                .collect();
            cells.push((median(&mut own), median(&mut over)));
        }
        println!(
            "{:<28} {:>10.3} {:>+10.3} {:>13.3} {:>+10.3}",
            contender.name, cells[0].0, cells[0].1, cells[1].0, cells[1].1
        );
    }
    println!("patching: {}", perfattr::patching());
}

fn main() {
    per_call();
}
