//! What `bench_main!`'s start prints, and what generated benchmark code calls: whether a clone
//! can run here, a clone forced for its benchmark, work on several threads at once.

use std::format;
use std::string::String;
use std::vec::Vec;

/// Why no benchmark was found, and the fix.
///
/// ```
/// let message = perfattr::bench::nothing_registered(&["my_crate"]);
/// assert!(message.contains("perfattr::bench_main!(my_crate"));
/// ```
#[must_use]
pub fn nothing_registered(crates: &[&str]) -> String {
    format!(
        "perfattr: no #[bench_this] benchmark is linked into this bench target (crates named: {}).\n\
         Check that:\n  \
         - the crates with #[bench_this] functions are listed: perfattr::bench_main!(my_crate, other_crate);\n  \
         - perfattr's `bench` feature is on where they are compiled: in [dev-dependencies],\n    \
         perfattr = {{ version = \"…\", features = [\"bench\"] }}\n  \
         - the bench target has `harness = false` in Cargo.toml.",
        if crates.is_empty() {
            "none".into()
        } else {
            crates.join(", ")
        }
    )
}

/// What was measured where: build mode, CPU, features.
///
/// ```
/// let header = perfattr::bench::header(3);
/// assert!(header.contains("3 benchmarked function(s)"));
/// ```
#[must_use]
pub fn header(count: usize) -> String {
    let mut lines = Vec::new();
    if cfg!(debug_assertions) {
        lines.push(
            "WARNING: perfattr benchmarks built without optimizations (debug assertions are on): \
             the numbers below are meaningless. Run `cargo bench`, or set opt-level and \
             debug-assertions = false for the profile you use."
                .into(),
        );
    }
    lines.push(format!("perfattr: {count} benchmarked function(s)"));
    lines.push(format!(
        "  CPU features detected: {}",
        crate::cpu::detected()
    ));
    lines.push(format!("  CPU features in use:   {}", crate::cpu::usable()));
    lines.push(format!(
        "  enabled at compile time: {}",
        crate::cpu::compile_time()
    ));
    lines.join("\n")
}

/// Whether this CPU (with `PERFATTR_DISABLE` applied) can run the clone for `target`: what a
/// clone called directly needs.
#[doc(hidden)]
#[must_use]
pub fn supports(target: &str) -> bool {
    crate::dispatch::target_features(target).is_some()
}

/// Runs `work` on `threads` threads at once (this one and `threads - 1` more, released
/// together); the time from the first thread's start to the last one's end. For
/// `#[bench_this(threads = [..])]`: the time until every thread has made its calls, the
/// per-call time under contention. A thread the scheduler starts late still has its calls in
/// that span, so calls that cannot overlap (a lock) show as taking turns on a busy machine too,
/// where each thread timing only itself would see the other's calls as already done.
#[doc(hidden)]
pub fn on_threads(threads: usize, work: &(dyn Fn() + Sync)) -> std::time::Duration {
    use std::time::Instant;
    let timed = || {
        let start = Instant::now();
        work();
        (start, Instant::now())
    };
    if threads <= 1 {
        let (start, end) = timed();
        return end - start;
    }
    let barrier = std::sync::Barrier::new(threads);
    let (start, end) = std::thread::scope(|scope| {
        let others: Vec<_> = (1..threads)
            .map(|_| {
                scope.spawn(|| {
                    barrier.wait();
                    timed()
                })
            })
            .collect();
        barrier.wait();
        let mine = timed();
        others
            .into_iter()
            .map(|other| {
                other
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .fold(mine, |(start, end), (other_start, other_end)| {
                (start.min(other_start), end.max(other_end))
            })
    });
    end - start
}

/// Runs `f` with multiversioned functions forced onto `target`, if this CPU has it; `None` if
/// it does not. For the per-clone benchmarks of a multiversioned function.
#[doc(hidden)]
pub fn on_target<R>(target: &str, f: impl FnOnce() -> R) -> Option<R> {
    let features = crate::dispatch::target_features(target)?;
    crate::dispatch::force(features);
    let result = f();
    crate::dispatch::unforce();
    Some(result)
}
