//! Say where your program's performance lives, and make the compiler act on it.
//!
//! - [`#[hot]`](hot): an inline hint and hot-code placement.
//! - [`#[cold_path]`](cold_path()): on a function, `#[cold]`, never inlined, placed with
//!   unlikely code; on a match arm, block or statement inside an annotated function, a
//!   branch hint.
//! - [`likely`], [`unlikely`], [`cold_path()`]: branch hints as plain functions, usable in
//!   `const` context; [`cold!`]: the branch marker as a statement, for `macro_rules!` bodies
//!   and unannotated functions, counted with the `counters` feature.
//!
//! ```
//! use perfattr::{cold_path, hot};
//!
//! #[hot]
//! fn sum_digits(input: &[u8]) -> Result<u32, usize> {
//!     let mut sum = 0;
//!     for (at, &byte) in input.iter().enumerate() {
//!         match byte {
//!             b'0'..=b'9' => sum += u32::from(byte - b'0'),
//!             #[cold_path]
//!             _ => return Err(invalid(at)),
//!         }
//!     }
//!     Ok(sum)
//! }
//!
//! #[cold_path]
//! fn invalid(at: usize) -> usize {
//!     at
//! }
//!
//! assert_eq!(sum_digits(b"123"), Ok(6));
//! assert_eq!(sum_digits(b"1x3"), Err(1));
//! ```
//!
//! Every attribute accepts `crate = path` for a renamed dependency:
//! `#[my_perfattr::hot(crate = ::my_perfattr)]`.
//!
//! # Features
//!
//! | feature | what it adds |
//! |---|---|
//! | `std` (default) | `PERFATTR_DISABLE`, std's CPU detection on aarch64 |
//! | `report` | `perfattr::report`: which clone each multiversioned function runs (table, JSON), from the registry of multiversioned functions (linker sections by linkme, which a build without `report` does not compile); included by `testing`, `counters` and `bench` |
//! | `testing` | `perfattr::testing`: run code on each clone of multiversioned functions; enable from `[dev-dependencies]` |
//! | `counters` | `perfattr::counters`: every hinted function and branch and every [`count!`] counts its executions; the hint audit. Off, the generated code is the hint-only code |
//! | `bench` | `#[bench_this]` registration, `bench_main!`, `perfattr::bench` (criterion, HTML reports with plots); enable from `[dev-dependencies]` |
//! | `bench-plots` | the same as `bench` (kept for older manifests: plots are part of `bench`) |
//!
//! Without `std` the crate is `#![no_std]`: the hints, `#[multiversion]` and x86 CPU detection
//! (by `cpuid`) all work.
//!
//! # Environment
//!
//! `PERFATTR_DISABLE=avx2,sse4` (feature names, `sse4`, `avx512`, `v2`–`v4`, or `all`) masks CPU
//! features for the whole process, read once before the first dispatch: multiversioned
//! functions then run the best clone the rest allows, so a test suite can run on the fallback
//! clones.
//!
//! `PERFATTR_COUNTERS=report.json` (with the `counters` feature) writes the counter and
//! dispatch report at process exit: JSON for a `.json` path, the table otherwise, standard
//! error for `-`.
#![no_std]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "std")]
extern crate std;

#[cfg(feature = "bench")]
pub mod bench;
mod count;
#[cfg(feature = "counters")]
pub mod counters;
pub mod cpu;
mod dispatch;
mod either;
#[cfg(feature = "std")]
mod env;
#[cfg(feature = "report")]
mod file;
mod hint;
#[cfg(feature = "metrics")]
pub mod metrics;
mod path;
#[cfg(feature = "report")]
pub mod profile;
#[cfg(feature = "report")]
pub mod report;
#[cfg(feature = "testing")]
pub mod testing;

#[doc(hidden)]
pub mod __private;

/// The `main` of a bench target that runs the `#[bench_this]` benchmarks of the named crates:
/// `perfattr::bench_main!(my_crate);` in `benches/perfattr.rs` (`harness = false`). Naming a
/// crate links it in, so its benchmark registrations cannot be dropped.
///
/// A binary crate cannot be linked that way; name its source file instead, and it is compiled
/// into the bench target as a module: `perfattr::bench_main!(; mod app = "../src/main.rs");`
/// (the path is relative to the bench file; libraries may come before the `;`).
///
/// ```
/// // benches/perfattr.rs, with `harness = false`: this one line is the whole file.
/// perfattr::bench_main!(perfattr);
/// ```
#[cfg(feature = "bench")]
#[macro_export]
macro_rules! bench_main {
    ($($krate:ident),* $(,)? $(; $(mod $module:ident = $path:literal),+ $(,)?)?) => {
        $(extern crate $krate as _;)*
        $($(
            #[path = $path]
            #[allow(dead_code, unused_imports, clippy::all, clippy::pedantic)]
            mod $module;
        )+)?
        fn main() {
            $crate::bench::main(&[$(::core::stringify!($krate),)* $($(::core::stringify!($module)),+)?]);
        }
    };
}

pub use cpu::disable::{DISABLE_GROUPS, parse_disable};
pub use dispatch::{Patching, patching, prepare_dispatch};
pub use hint::{cold_path, likely, unlikely};

/// Marks a function as hot: on the fast path of the program.
///
/// Emits an inline hint (`#[inline]`) and, on ELF targets (Linux, Android, the BSDs,
/// illumos, Solaris, Fuchsia, Haiku), places the function in its own
/// `.text.hot.<name>.<hash>` section, which linkers group with other hot code so the fast
/// path shares cache lines and pages. On other object formats only the inline hint is
/// emitted.
///
/// | written | emits |
/// |---|---|
/// | `#[hot]` | `#[inline]` + hot placement |
/// | `#[hot(inline = always)]` | `#[inline(always)]` + hot placement |
/// | `#[hot(inline = never)]` | `#[inline(never)]` + hot placement: hot but out of line |
/// | `#[hot(crate = path)]` | the runtime is reached through `path` (renamed dependency) |
///
/// Inside the function, branch-level `#[cold_path]` markers on match arms, blocks and
/// statements mark the unlikely branches.
///
/// ```
/// use perfattr::hot;
///
/// #[hot]
/// fn mix(x: u64) -> u64 {
///     (x ^ (x >> 33)).wrapping_mul(0xff51_afd7_ed55_8ccd)
/// }
///
/// #[hot(inline = never)]
/// fn checksum(data: &[u8]) -> u64 {
///     data.iter().fold(0, |h, &b| mix(h ^ u64::from(b)))
/// }
/// assert_eq!(checksum(b""), 0);
/// assert_ne!(checksum(b"a"), checksum(b"b"));
/// ```
///
/// It is an error to combine `#[hot]` with `#[cold_path]`, `#[cold]`, `#[inline(..)]` (use
/// the `inline` option) or `#[link_section]`, to put it on a function without a body, or to
/// force-inline a `#[target_feature]` function.
///
/// On an `async fn` the hints apply to the function that creates the future, not to the
/// future's `poll`.
///
/// With the `counters` feature the function counts its calls, and its `#[cold_path]`
/// branches (and the loops or closures around them) count theirs: see `perfattr::counters`.
/// A `const fn` does not count.
#[doc(inline)]
pub use perfattr_macros::hot;

/// Marks a function, or a branch inside an annotated function, as cold: rarely run.
///
/// On a function: `#[cold]`, `#[inline(never)]` and, on ELF targets, placement in its own
/// `.text.unlikely.<name>.<hash>` section, away from the hot code. Calls to it make the
/// branch that reaches them unlikely. Accepts `crate = path` for a renamed dependency.
///
/// On a branch: inside a function that carries a perfattr attribute (`#[hot]`,
/// `#[cold_path]`), `#[cold_path]` without arguments on a match arm, a block or a
/// statement inserts [`cold_path()`] at its start. To mark an `if` or `else` branch, put the
/// marker on the branch's first statement (or its tail expression): Rust's parser rejects
/// attributes directly on `if`/`else` blocks.
///
/// ```
/// use perfattr::{cold_path, hot};
///
/// #[cold_path]
/// fn report(code: u32) -> String {
///     format!("error {code}")
/// }
///
/// #[hot]
/// fn check(code: u32) -> Result<u32, String> {
///     if code > 99 {
///         #[cold_path]
///         return Err(report(code));
///     }
///     match code {
///         0 => Ok(1),
///         #[cold_path]
///         13 => Err(report(code)),
///         n => Ok(n * 2),
///     }
/// }
/// assert_eq!(check(0), Ok(1));
/// assert_eq!(check(4), Ok(8));
/// assert_eq!(check(13), Err("error 13".to_owned()));
/// assert_eq!(check(100), Err("error 100".to_owned()));
/// ```
///
/// It is an error to combine `#[cold_path]` with `#[hot]`, `#[inline(..)]`, `#[cold]` or
/// `#[link_section]`, to put it on a function without a body, or to give a branch-level
/// marker arguments.
///
/// With the `counters` feature, a cold function counts its calls and a marked branch its
/// executions, and `perfattr::counters::report()` flags those that ran more than 1% of the
/// time: see `perfattr::counters`.
#[doc(inline)]
pub use perfattr_macros::cold_path;

/// Compiles a function once per CPU target and runs the best clone the CPU supports.
///
/// ```
/// #[perfattr::multiversion(avx2 + fma, sse4)]
/// fn dot(a: &[f32], b: &[f32]) -> f32 {
///     a.iter().zip(b).map(|(x, y)| x * y).sum()
/// }
/// assert_eq!(dot(&[1.0, 2.0], &[3.0, 4.0]), 11.0);
/// ```
///
/// Targets are given best first: any target feature stable Rust accepts (`avx2`, `sse4.1`,
/// `avx512vpopcntdq`, `gfni`, `neon`, `sve2-aes`, …; see [`cpu::FEATURES`]), combined with `+`
/// (`avx2 + fma` or `"avx2+fma"`), or the shorthands `sse4` (SSE4.1 and 4.2), `avx512` (f, bw,
/// cd, dq, vl) and the x86-64 levels `v2`, `v3`, `v4` (also `x86-64-v2`…). Each target
/// becomes a clone compiled with `#[target_feature(enable = …)]`; a fallback clone with no
/// extra features always exists. Targets of another architecture compile to nothing.
///
/// Dispatch:
/// - when the best target's features are all enabled at compile time (`-C target-cpu`), the
///   function calls that clone directly: no dispatch at all;
/// - otherwise a non-generic function calls through a cached function pointer that patches
///   itself on the first call;
/// - generic functions and methods (whose clones cannot live in a static) read a clone index
///   their first call chose, and branch;
/// - that first call picks the best target the CPU supports ([`cpu::active`]), unless the
///   dispatch profile embedded at build time (`PERFATTR_DISPATCH_PROFILE`) measured another
///   clone faster on this CPU model: see the README's "Measured dispatch".
///
/// Recursive calls stay in the current clone. A single method (of any `impl`, a trait's too, or
/// a trait's default method) and a function naming `Self` get one trampoline per target, nested
/// in them: a generic `#[target_feature]` function that runs the body, a closure inlined into
/// it; recursion there goes through the dispatcher. On an `impl` block (a trait impl's too) the
/// methods get real `#[target_feature]` clones, in an inherent `impl` beside a trait impl.
///
/// `PERFATTR_DISABLE=avx2,…` (or `all`) masks features for a whole process; the `testing`
/// feature runs code on every clone (see [Features](crate#features)); `report::dispatch()`
/// lists every multiversioned function and its selected clone.
///
/// A function may return `impl Iterator<…>` (and `DoubleEndedIterator`, `ExactSizeIterator`,
/// `FusedIterator`), `impl Future<…>`, `impl Display`, `impl Debug`, `impl Clone`, with auto
/// traits and lifetimes: the value is built in the clone that runs (closures in it inherit its
/// target features) and returned in an enum that delegates to it; such functions dispatch by
/// a cached clone index.
///
/// Errors: unknown targets (with suggestions), an empty list, duplicate or unreachable
/// targets, `async fn`, `const fn`, other `impl Trait` returns, `#[inline(always)]` and a
/// user `#[target_feature]`.
#[doc(inline)]
pub use perfattr_macros::multiversion;

/// Code for some clones only, inside a `#[multiversion]` function (or a function of a
/// `#[multiversion]` `mod` or `impl`): `#[target_cfg(P)]` on a statement, `let`, item, match
/// arm or block keeps it in the clones where the `cfg` predicate `P` holds, and
/// `target_cfg!(P)` is a `bool` constant per clone.
///
/// In `P`, `target_feature = "x"` holds in a clone whose `#[target_feature]` enables `x` or a
/// feature implying it (`v3` implies `avx2`, `avx`, the SSE levels…; `target_feature = "v3"`
/// holds where all of v3's do), and nowhere else: not in the fallback even when the whole crate
/// is built with `-C target-feature=+x`, since Rust does not let code rely on that for a safe
/// intrinsic call. `not`, `all`, `any` combine as in `cfg`; other predicates (`target_arch`…)
/// are `cfg`'s. `cfg!(target_feature = "avx2")` alone says what the whole crate is built with:
/// false in an AVX2 clone of a portable build. So intrinsics go in the clones that have their
/// features, where those that take no pointer are safe calls, and the fallback keeps portable
/// code. An unknown feature name is an error.
///
/// ```
/// #[perfattr::multiversion(v3)]
/// fn lanes_of_u32() -> usize {
///     #[perfattr::target_cfg(target_feature = "avx2")]
///     let lanes = 8;
///     #[perfattr::target_cfg(not(target_feature = "avx2"))]
///     let lanes = 4;
///     lanes
/// }
///
/// #[perfattr::multiversion(v3)]
/// fn clone_and_width() -> (&'static str, bool) {
///     (perfattr::selected!(), perfattr::target_cfg!(target_feature = "avx2"))
/// }
///
/// let (clone, avx2) = clone_and_width();
/// assert_eq!(avx2, clone == "v3");
/// assert_eq!(lanes_of_u32(), if avx2 { 8 } else { 4 });
/// ```
///
/// Nested `fn` items are not compiled with a clone's features: there no feature holds. Outside
/// any multiversioned function, `#[target_cfg(P)]` is `#[cfg(P)]`. The
/// `target_cfg!` form exists only inside a clone (outside, rustc reports it is not a
/// function-like macro: write `cfg!`). `examples/src/intrinsics.rs` is a byte count with
/// AVX-512 and AVX2 intrinsics in their clones.
#[doc(inline)]
pub use perfattr_macros::target_cfg;

/// The name of the clone running, inside a `#[multiversion]` function: `"v4"`, `"avx2+fma"`
/// as written in the attribute, or `"fallback"`. A `&'static str` constant per clone, for
/// logs, metrics and tests. Anywhere else, a compile error.
///
/// ```
/// #[perfattr::multiversion(avx2 + fma, sse4.2)]
/// fn which() -> &'static str {
///     perfattr::selected!()
/// }
///
/// assert!(["avx2+fma", "sse4.2", "fallback"].contains(&which()));
/// ```
#[doc(inline)]
pub use perfattr_macros::selected;

/// Attributes for some clones only, inside a `#[multiversion]` function: `#[target_cfg_attr(P,
/// attr, …)]` is `#[cfg_attr(P', attr, …)]` with `P` decided per clone as in [`target_cfg`]
/// (`multiversion`'s attribute of the same name). Outside any multiversioned function it is
/// `#[cfg_attr(P, …)]`.
///
/// ```
/// #[perfattr::multiversion(v3)]
/// fn lanes() -> usize {
///     // A helper whose attributes differ between clones.
///     #[perfattr::target_cfg_attr(target_feature = "avx2", allow(dead_code))]
///     #[perfattr::target_cfg_attr(not(target_feature = "avx2"), allow(unused))]
///     fn helper() {}
///     #[perfattr::target_cfg_attr(target_feature = "avx2", cfg(all()))]
///     #[perfattr::target_cfg_attr(not(target_feature = "avx2"), cfg(any()))]
///     const LANES: usize = 8;
///     #[perfattr::target_cfg_attr(target_feature = "avx2", cfg(any()))]
///     #[perfattr::target_cfg_attr(not(target_feature = "avx2"), cfg(all()))]
///     const LANES: usize = 4;
///     LANES
/// }
///
/// assert_eq!(lanes(), if perfattr::cpu::usable().contains("avx2") { 8 } else { 4 });
/// ```
#[doc(inline)]
pub use perfattr_macros::target_cfg_attr;

/// An expression per clone, inside a `#[multiversion]` function: the first arm with a target
/// whose features the clone has, `_` last (the fallback's). A target is written as in
/// `#[multiversion]` (`"avx2+fma"`, `"v3"`, `"sse4.2"`), optionally after an architecture as
/// `multiversion`'s `match_target!` writes it (`"x86_64+avx"`, `"aarch64+neon"`: the
/// architecture is left to `cfg`). Only the chosen arm is compiled in each clone; a feature
/// holds where the clone's `#[target_feature]` enables it, as in [`target_cfg`]. Anywhere else,
/// a compile error.
///
/// ```
/// #[perfattr::multiversion(v3, sse4.2)]
/// fn register_bits() -> u32 {
///     perfattr::match_target! {
///         "v3" => 256,
///         "x86_64+sse4.2" | "x86+sse4.2" => 128,
///         _ => 64,
///     }
/// }
///
/// let usable = perfattr::cpu::usable();
/// let expected = if cfg!(not(target_arch = "x86_64")) {
///     64
/// } else if usable.contains_all(perfattr::cpu::Features::from_list("avx2,fma,bmi2")) {
///     256
/// } else if usable.contains("sse4.2") {
///     128
/// } else {
///     64
/// };
/// assert_eq!(register_bits(), expected);
/// ```
#[doc(inline)]
pub use perfattr_macros::match_target;

/// The number of `T` lanes in the widest vector register of the clone it is in, inside a
/// `#[multiversion]` function: `Option<usize>`, a constant expression (usable in a `const`), for
/// explicit-width code. 64 bytes with `avx512f`, 32 with `avx2` (and with `avx` for `f32` and
/// `f64`), 16 with `sse2` or `neon`, each from the clone's features or the whole crate's; `None`
/// without vector registers, or for a zero-sized `T` or one wider than the register (what
/// `multiversion`'s `selected_target!().suggested_simd_width::<T>()` gives). Anywhere else, a
/// compile error.
///
/// ```
/// #[perfattr::multiversion(avx2, sse4.2)]
/// fn f32_lanes() -> (Option<usize>, &'static str) {
///     const LANES: Option<usize> = perfattr::simd_width!(f32);
///     (LANES, perfattr::selected!())
/// }
///
/// let (lanes, clone) = f32_lanes();
/// match clone {
///     "avx2" => assert!(lanes >= Some(8)),
///     "sse4.2" => assert!(lanes >= Some(4)),
///     _ => assert!(lanes.is_none() || lanes >= Some(4)),
/// }
/// ```
#[doc(inline)]
pub use perfattr_macros::simd_width;

/// On a function nested in a `#[multiversion]` function: in each target clone the helper gets
/// the clone's `#[target_feature]`, so it inlines into the clone and intrinsics in it are safe
/// calls where the clone's would be (Rust 1.86 and later; before, the helper is a plain
/// function). In its body `target_cfg` sees the clone's features; in the fallback it stays as
/// written. (A nested function without it is compiled without the clone's features.) Not in a
/// multiversioned method's body, which is a closure built outside the target's features: there
/// the helper gets none. Anywhere else, a compile error.
///
/// ```
/// #[perfattr::multiversion(avx2, sse4.2)]
/// fn clone_and_helper() -> (&'static str, bool) {
///     #[perfattr::inherit_target]
///     fn helper_has_avx2() -> bool {
///         perfattr::target_cfg!(target_feature = "avx2")
///     }
///     (perfattr::selected!(), helper_has_avx2())
/// }
///
/// let (clone, avx2) = clone_and_helper();
/// assert_eq!(avx2, clone == "avx2");
/// ```
#[doc(inline)]
pub use perfattr_macros::inherit_target;

/// The README's examples, compiled and run as doctests (its counters example needs the
/// feature; the workspace's test run has it on).
#[cfg(all(doctest, feature = "counters"))]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;

/// Turns the function into a criterion benchmark that `cargo bench` runs.
///
/// ```
/// #[perfattr::bench_this(args = [16, 24])]
/// fn fib(n: u32) -> u64 {
///     if n < 2 { u64::from(n) } else { fib(n - 1) + fib(n - 2) }
/// }
///
/// #[perfattr::bench_this(input = |len| vec![7_u8; len], sizes = [64, 4096])]
/// fn checksum(data: &[u8]) -> u32 {
///     data.iter().map(|&b| u32::from(b)).sum()
/// }
/// # assert_eq!(fib(10), 55);
/// # assert_eq!(checksum(&[1, 2]), 3);
/// ```
///
/// Registration is compiled only with the runtime's `bench` feature (enable it from
/// `[dev-dependencies]`); one bench target runs them all: `perfattr::bench_main!(my_crate);`
/// with `harness = false` (see [Features](crate#features)). The function may be private and live
/// anywhere in the crate.
///
/// | option | meaning |
/// |---|---|
/// | *(none)* | benchmark the call of a function without parameters |
/// | `args = [a, b, …]` | one benchmark per value; with several parameters each value is a tuple |
/// | `input = generator` | a function or closure building the input once, outside the timing; a tuple for several parameters; `&mut T` parameters borrow a fresh clone per call |
/// | `sizes = [64, 4096, …]` | with `input`: one benchmark per size, `generator(size)` |
/// | `setup = expr` | for a method: the value it is called on |
/// | `name = "…"`, `group = "…"` | the benchmark's name (default: the function's) and criterion group (default: its path) |
/// | `throughput = bytes \| elements \| none \| bytes(n) \| elements(n)` | override the inferred throughput |
/// | `types = [u8, String]`, `consts = [16, 256]` | a generic function, once per type and const value (`f/u8/16`) |
/// | `threads = [1, 2]` | the call on that many threads at once; per call, the time until every thread is done |
/// | `sample_count = n`, `sample_size = n`, `min_time = s`, `max_time = s` | criterion's sampling; `n` calls per iteration |
/// | `crate = path` | the runtime's path, for a renamed dependency |
///
/// Inputs are bound to the function's parameter names, so `throughput = bytes(data.len() * 2)`
/// may use them. Throughput is inferred from the first slice, `str`, `Vec` or array parameter:
/// bytes for `u8` and `str`, elements otherwise. Reference parameters borrow the generated
/// input; by-value inputs other than numbers are cloned outside the timing for each iteration.
/// The loop runs in your crate (`iter_custom`), with inputs and results through
/// `std::hint::black_box`. On a `#[multiversion]` function (either attribute first) the group
/// holds one benchmark per clone the CPU supports plus the dispatched call.
///
/// Errors: parameters without inputs, `args` with `input`, `sizes` without `input`, a method
/// without `setup`, argument tuples of the wrong arity, unknown or duplicate options, an
/// `async fn`, a generic function without `types`/`consts` (or with more than one type or const
/// parameter), an input an `&mut` parameter cannot borrow, two functions of one module with the
/// same `group` and name.
#[doc(inline)]
pub use perfattr_macros::bench_this;
