//! Every way to write `#[bench_this]`, in a library: public and private functions, nested
//! modules, methods, several parameters, overrides, and a multiversioned function.
#![deny(warnings, clippy::pedantic)]

use perfattr::bench_this;

/// No parameters: the call itself.
#[bench_this]
#[must_use]
pub fn build_table() -> Vec<u32> {
    (0..256).map(|i: u32| i.wrapping_mul(0x9E37_79B9)).collect()
}

#[bench_this(args = [10, 20])]
fn fib(n: u32) -> u64 {
    if n < 2 {
        u64::from(n)
    } else {
        fib(n - 1) + fib(n - 2)
    }
}

mod nested {
    pub(crate) mod deeper {
        /// Private, two modules down, input generator with sizes: bytes throughput.
        #[perfattr::bench_this(input = |len| vec![3_u8; len], sizes = [64, 4096])]
        fn checksum(data: &[u8]) -> u32 {
            data.iter().map(|&b| u32::from(b)).sum()
        }
    }
}

/// Several parameters, as tuples; a name and group of its own; throughput from the inputs.
#[bench_this(args = [(2, 10), (3, 20)], name = "power", group = "math", throughput = elements(u64::from(exp)))]
fn pow(base: u64, exp: u32) -> u64 {
    base.pow(exp)
}

/// A reference implementation in the same group, from another module: side by side with
/// `power` in one criterion group, its benchmarks named after the function.
pub mod reference {
    use perfattr::bench_this;

    #[bench_this(args = [(2, 10), (3, 20)], group = "math")]
    pub(crate) fn power_by_squaring(mut base: u64, mut exp: u32) -> u64 {
        let mut result = 1_u64;
        while exp > 0 {
            if exp & 1 == 1 {
                result = result.wrapping_mul(base);
            }
            base = base.wrapping_mul(base);
            exp >>= 1;
        }
        result
    }
}

/// An input generator without sizes, a by-value input (cloned outside the timing).
#[bench_this(input = || String::from("hello world"), throughput = none)]
fn shout(mut text: String) -> String {
    text.make_ascii_uppercase();
    text
}

/// Methods whose call mutates or moves the receiver: every call gets a `setup` value of its
/// own (one used twice panics), made outside the timing.
#[derive(Debug, Default)]
pub struct Turn {
    used: bool,
    sum: u64,
}

impl Turn {
    fn take(&mut self) {
        assert!(
            !self.used,
            "a receiver was used twice: `setup` must run for every call"
        );
        self.used = true;
    }

    #[bench_this(setup = Turn::default(), input = |len| vec![3_u8; len], sizes = [64])]
    pub fn feed(&mut self, data: &[u8]) -> u64 {
        self.take();
        self.sum += data.iter().map(|&b| u64::from(b)).sum::<u64>();
        self.sum
    }

    #[bench_this(setup = Turn::default())]
    #[must_use]
    pub fn finish(mut self) -> u64 {
        self.take();
        self.sum
    }

    #[bench_this(setup = Box::new(Turn::default()))]
    #[must_use]
    #[allow(clippy::boxed_local, reason = "the receiver form under test")]
    pub fn boxed(mut self: Box<Self>) -> u64 {
        self.take();
        self.sum + 1
    }
}

/// A method, with the value it is called on built by `setup`.
pub struct Counter {
    step: u64,
}

impl Counter {
    #[must_use]
    pub fn new(step: u64) -> Self {
        Counter { step }
    }

    #[bench_this(setup = Counter::new(3), args = [1000])]
    #[must_use]
    pub fn sum_to(&self, limit: u64) -> u64 {
        (0..limit)
            .step_by(usize::try_from(self.step).unwrap_or(1))
            .sum()
    }
}

/// A multiversioned function: a benchmark per clone and the dispatched call.
#[bench_this(input = |len| vec![1.5_f32; len], sizes = [1024])]
#[perfattr::multiversion(avx2 + fma, sse4)]
#[must_use]
pub fn total(values: &[f32]) -> f32 {
    values.iter().sum()
}

/// The other order of the two attributes.
#[perfattr::multiversion(avx2, sse4)]
#[bench_this(input = |len| vec![7_u64; len], sizes = [512])]
#[must_use]
pub fn ones(words: &[u64]) -> u32 {
    words.iter().map(|w| w.count_ones()).sum()
}

/// A clone that does not pay: the AVX2 clone, which dispatch selects where the CPU has AVX2,
/// does the sum eight times over, so the clone comparison must say the sse4 clone is faster.
#[bench_this(input = |len| vec![3_u32; len], sizes = [256])]
#[perfattr::multiversion(avx2, sse4)]
#[must_use]
pub fn slow_avx2(values: &[u32]) -> u32 {
    let repeats = if perfattr::target_cfg!(target_feature = "avx2") {
        8
    } else {
        1
    };
    let mut sum = 0;
    for _ in 0..repeats {
        sum = core::hint::black_box(values.iter().fold(0_u32, |sum, v| sum.wrapping_add(*v)));
    }
    sum
}

/// Clones that are one machine code: nothing in it gains from AVX2 or SSE4, so all three
/// compile to the same instructions and the comparison measures them once.
#[bench_this(args = [41])]
#[perfattr::multiversion(avx2, sse4)]
#[must_use]
pub fn add_one(x: u64) -> u64 {
    x.wrapping_add(1)
}

/// The regression gate's subject: `FIXTURE_SLOWDOWN=n` in the bench's environment makes it
/// do its work `n` times over, a regression between two runs.
#[bench_this(args = [2000])]
#[must_use]
pub fn gated(n: u32) -> u32 {
    static REPEATS: std::sync::OnceLock<u32> = std::sync::OnceLock::new();
    let repeats = *REPEATS.get_or_init(|| {
        std::env::var("FIXTURE_SLOWDOWN")
            .ok()
            .and_then(|value| value.parse().ok())
            .unwrap_or(1)
    });
    let mut sum = 0;
    for _ in 0..repeats {
        sum = (0..core::hint::black_box(n)).fold(0_u32, |sum, i| sum.wrapping_add(i ^ (i >> 3)));
        sum = core::hint::black_box(sum);
    }
    sum
}

/// Contention: every call holds one shared lock for `micros` microseconds, asleep, so calls
/// from two threads take turns. `threads = [1, 2]` measures it from one thread and from two at
/// once, timed until both are done: about twice one thread's time per call. Asleep, not
/// computing, so that holds whatever else the machine runs (a busy machine slows computing
/// threads unevenly; a shared atomic counter, on two SMT siblings, barely contends at all).
#[bench_this(threads = [1, 2], args = [50])]
pub fn contended(micros: u64) {
    use std::sync::Mutex;
    static SHARED: Mutex<()> = Mutex::new(());
    let _turn = SHARED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    std::thread::sleep(std::time::Duration::from_micros(micros));
}

/// divan's sampling options: 10 samples over about half a second, each iteration timing 8
/// calls (the reported time is still per call, as `unsampled`'s, the same work, shows).
#[bench_this(sample_count = 10, sample_size = 8, min_time = 0.5, max_time = 1, args = [1000])]
#[must_use]
pub fn sampled(n: u32) -> u32 {
    (0..core::hint::black_box(n)).fold(0, |a, i| a ^ i.rotate_left(3))
}

/// `sampled` without options.
#[bench_this(args = [1000])]
#[must_use]
pub fn unsampled(n: u32) -> u32 {
    (0..core::hint::black_box(n)).fold(0, |a, i| a ^ i.rotate_left(3))
}

/// A hinted function: with perfattr's `counters` feature, its benchmark also reports the
/// counters that moved (the loop ran 100 times per call, the cold branch 10 times).
#[perfattr::hot]
#[bench_this(input = |len| (0..len).collect::<Vec<u32>>(), sizes = [100])]
#[must_use]
pub fn sum_but_tens(values: &[u32]) -> u32 {
    let mut sum = 0u32;
    for &value in values {
        if value % 10 == 0 {
            #[cold_path]
            continue;
        }
        sum = sum.wrapping_add(value);
    }
    sum
}

/// Functions produced by `macro_rules!`: the attribute as a `$m:meta` (with `args` and with
/// `input`), the name as `$name:ident`, the type as `$t:ty`, an argument as `$arg:expr`.
macro_rules! generated {
    ($m:meta, $name:ident, $t:ty, $e:expr) => {
        #[$m]
        pub fn $name(x: $t) -> $t {
            x.wrapping_mul($e)
        }
    };
}

generated!(perfattr::bench_this(args = [3]), triple_u32, u32, 3);
generated!(bench_this(input = || 5_u64), triple_u64, u64, 3);

macro_rules! generated_attr {
    ($name:ident, $t:ty, $arg:expr) => {
        #[perfattr::bench_this(args = [$arg])]
        pub fn $name(x: $t) -> $t {
            x.rotate_left(1)
        }
    };
}

generated_attr!(rotate_u16, u16, 7);

/// `types`: one benchmark per type, the input written with the type parameter's name. With the
/// counting allocator, each allocates exactly `64 * size_of::<T>()` bytes per call.
#[bench_this(types = [u8, u64, String], input = || vec![T::default(); 64])]
#[must_use]
pub fn filled<T: Default + Clone>(like: &[T]) -> Vec<T> {
    vec![T::default(); like.len()]
}

/// `types` with `consts`: one benchmark per pair, `N * size_of::<T>()` bytes in one allocation.
#[bench_this(types = [u8, u32], consts = [8, 64])]
#[must_use]
pub fn boxed_array<T: Default + Copy, const N: usize>() -> Box<[T; N]> {
    Box::new([T::default(); N])
}

/// `consts` alone: the loop's length is the const parameter.
#[bench_this(consts = [16, 4096])]
#[must_use]
pub fn sum_to_const<const N: u64>() -> u64 {
    (0..core::hint::black_box(N)).fold(0, |sum, i| sum ^ i.wrapping_mul(0x9E37_79B9))
}

/// An `&mut` parameter borrows a fresh clone of the input in every call: a reused one would
/// already be drained, and the assertion would stop the benchmark.
///
/// # Panics
/// When `values` does not hold the 256 values of a fresh input.
#[bench_this(input = |len| vec![3_u32; len], sizes = [256])]
pub fn drain_sum(values: &mut Vec<u32>) -> u32 {
    assert_eq!(values.len(), 256, "drain_sum was given a used input");
    values.drain(..).sum()
}

/// An `&mut` parameter beside a by-value one: a tuple spread across them, both fresh per call.
///
/// # Panics
/// When `out` is not empty, as a fresh input is.
#[bench_this(input = || (String::from("abc"), Vec::new()))]
pub fn append(text: String, out: &mut Vec<u8>) {
    assert!(out.is_empty(), "append was given a used buffer");
    out.extend(text.into_bytes());
}

/// An `&mut [T]` parameter borrowing a `Vec`, fresh per call: a reused one would be sorted.
///
/// # Panics
/// When `values` is not in descending order, as a fresh input is.
#[bench_this(input = |len| (0..len).rev().collect::<Vec<u32>>(), sizes = [128])]
pub fn sort_descending(values: &mut [u32]) {
    assert!(
        values.first() > values.last(),
        "sort_descending was given a used input"
    );
    values.sort_unstable();
}

/// A result that borrows the fresh `&mut` input.
#[bench_this(input = |len| vec![5_u32; len], sizes = [32])]
pub fn largest(values: &mut [u32]) -> Option<&mut u32> {
    values.iter_mut().max()
}
