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
//! Then the cost on whole workloads, `counting cost/…`: a parser-like and a checksum-like
//! fixture, each compiled three times from one source: counted (`#[hot]`), with its per-byte
//! helpers uncounted (`#[hot(count = false)]` on them), and uncounted; measured side by side.
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
    // The counts are exact: every call of every measured run was counted (both 0 when a filter
    // left this group out).
    let counts = perfattr::counters::report();
    assert_eq!(counts.count("perfattr_hot"), counts.count("bench_count"));
}

/// The two fixtures from one source, with the hint of the functions that do the work and the
/// hint of the per-byte helpers they call.
macro_rules! fixtures {
    ($module:ident, ($($hot:tt)*), ($($helper:tt)*)) => {
        mod $module {
            /// Parser-like, the shape of an HTTP/1 parser: per-byte `inline(always)` predicates
            /// called from scanning loops, through `macro_rules!`; a per-line header split with
            /// a cold arm for a malformed line; an entry point per request.
            macro_rules! next {
                ($bytes:ident, $at:ident) => {{
                    let byte = $bytes[$at];
                    $at += 1;
                    byte
                }};
            }

            macro_rules! scan {
                ($bytes:ident, $at:ident, $pred:ident) => {
                    while $at < $bytes.len() && $pred($bytes[$at]) {
                        $at += 1;
                    }
                };
            }

            #[perfattr::$($helper)*]
            fn is_token(b: u8) -> bool {
                b.is_ascii_alphanumeric() || b == b'-'
            }

            #[perfattr::$($helper)*]
            fn is_value(b: u8) -> bool {
                b == b'\t' || (b' '..=b'~').contains(&b)
            }

            #[perfattr::$($helper)*]
            fn is_space(b: u8) -> bool {
                b == b' ' || b == b'\t'
            }

            /// One `Name: value` line from `at`; the position after its `\n`, or `None`.
            #[perfattr::$($hot)*]
            fn header(bytes: &[u8], mut at: usize) -> Option<usize> {
                let start = at;
                scan!(bytes, at, is_token);
                if at == start || at >= bytes.len() || next!(bytes, at) != b':' {
                    return malformed();
                }
                scan!(bytes, at, is_space);
                scan!(bytes, at, is_value);
                match bytes.get(at) {
                    Some(b'\n') => Some(at + 1),
                    #[cold_path]
                    _ => None,
                }
            }

            #[cold]
            #[inline(never)]
            fn malformed() -> Option<usize> {
                None
            }

            #[perfattr::$($hot)*]
            pub fn parse(request: &[u8]) -> u32 {
                let mut at = match request.iter().position(|&b| b == b'\n') {
                    Some(end) => end + 1,
                    None => return 0,
                };
                let mut headers = 0;
                while at < request.len() {
                    match header(request, at) {
                        Some(next) => at = next,
                        None => break,
                    }
                    headers += 1;
                }
                headers
            }

            /// Checksum-like, the shape of an Adler-32 crate: a counted helper inlined in the
            /// tight loop of the entry point.
            #[perfattr::$($helper)*]
            fn step(sums: (u32, u32), byte: u8) -> (u32, u32) {
                let byte = u32::from(byte);
                (sums.0.wrapping_add(byte), sums.1.wrapping_add(byte * byte))
            }

            #[perfattr::$($hot)*]
            pub fn checksum(data: &[u8]) -> u32 {
                let mut sums = (1, 0);
                for &byte in data {
                    sums = step(sums, byte);
                }
                sums.0 ^ sums.1.rotate_left(16)
            }
        }
    };
}

fixtures!(counted, (hot), (hot(inline = always)));
fixtures!(
    helpers_uncounted,
    (hot),
    (hot(inline = always, count = false))
);
fixtures!(
    uncounted,
    (hot(count = false)),
    (hot(inline = always, count = false))
);

/// A request of 24 header lines, about 1 KiB.
fn request() -> Vec<u8> {
    let mut request = b"GET /index.html HTTP/1.1\n".to_vec();
    for i in 0..24 {
        request.extend_from_slice(format!("X-Header-Name-{i:02}: some value {i}\n").as_bytes());
    }
    request
}

/// The counted and the uncounted copy of one workload.
type Contenders = [(&'static str, fn(&[u8]) -> u32); 3];

fn workloads(c: &mut Criterion) {
    let request = request();
    let data: Vec<u8> = (0..16 * 1024u32).map(|i| (i * 7 % 251) as u8).collect();
    assert_eq!(counted::parse(&request), uncounted::parse(&request));
    assert_eq!(counted::checksum(&data), uncounted::checksum(&data));
    assert_eq!(
        helpers_uncounted::parse(&request),
        uncounted::parse(&request)
    );
    assert_eq!(
        helpers_uncounted::checksum(&data),
        uncounted::checksum(&data)
    );
    let cases: [(&str, &[u8], Contenders); 2] = [
        (
            "parser",
            &request,
            [
                ("counted", counted::parse),
                ("helper count = false", helpers_uncounted::parse),
                ("count = false", uncounted::parse),
            ],
        ),
        (
            "checksum",
            &data,
            [
                ("counted", counted::checksum),
                ("helper count = false", helpers_uncounted::checksum),
                ("count = false", uncounted::checksum),
            ],
        ),
    ];
    for (workload, input, contenders) in cases {
        let mut group = c.benchmark_group(format!("counting cost/{workload}"));
        group.throughput(Throughput::Bytes(input.len() as u64));
        for (name, f) in contenders {
            group.bench_function(name, |b| b.iter(|| f(black_box(input))));
        }
        group.finish();
    }
    // Only the counted copies count, each byte once (0 when a filter left these out).
    let counts = perfattr::counters::report();
    assert_eq!(
        counts.count("counted::step"),
        counts.count("counted::checksum") * data.len() as u64
    );
    // Each header line checks its name's bytes and the colon.
    let token_checks: usize = request
        .split(|&b| b == b'\n')
        .skip(1)
        .filter_map(|line| line.iter().position(|&b| b == b':'))
        .map(|colon| colon + 1)
        .sum();
    assert_eq!(
        counts.count("counted::is_token"),
        counts.count("counted::parse") * token_checks as u64
    );
    assert_eq!(
        counts.count("counted::header"),
        counts.count("counted::parse") * 24
    );
    // What one call of each counted workload counts: with the times above, the cost of one
    // count in the generated code ((counted - uncounted) / counts).
    for (entry, prefix) in [
        ("counted::parse", "parse"),
        ("counted::checksum", "checksum"),
    ] {
        let total: u64 = counts
            .sites
            .iter()
            .filter(|site| site.path.contains("::counted::"))
            .filter(|site| {
                let is_parser = ["parse", "header", "is_token", "is_space", "is_value"]
                    .iter()
                    .any(|name| site.path.contains(&format!("::counted::{name}")));
                is_parser == (prefix == "parse")
            })
            .map(|site| site.count)
            .sum();
        if let Some(per_call) = total.checked_div(counts.count(entry)) {
            println!("counting cost/{prefix}: {per_call} counts per call");
        }
    }
    assert!(counts.sites.iter().all(|site| {
        !site.path.contains("::uncounted::")
            && !site.path.ends_with("helpers_uncounted::step")
            && !site.path.ends_with("helpers_uncounted::is_token")
            && !site.path.ends_with("helpers_uncounted::is_space")
            && !site.path.ends_with("helpers_uncounted::is_value")
    }));
}

criterion_group!(benches, increments, workloads);
criterion_main!(benches);
