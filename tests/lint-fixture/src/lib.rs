//! Every perfattr attribute in every form, in a user's crate with the strictest lints. CI runs
//! `cargo clippy -p perfattr-lint-fixture --no-default-features --features <set> -- -D warnings`
//! for every combination of perfattr's features: the generated code must be warning-free in
//! each.
#![deny(warnings, clippy::pedantic, clippy::nursery, unused_qualifications)]

use perfattr::{bench_this, cold_path, hot, multiversion, selected, target_cfg};

/// Hot, with markers on an arm, a statement, a block, in a loop and in a closure.
#[hot]
#[bench_this(input = |len| (0..len).map(|i| u32::try_from(i).unwrap_or(0)).collect::<Vec<u32>>(), sizes = [64])]
#[must_use]
pub fn checksum(values: &[u32]) -> u32 {
    let mut sum = 0u32;
    for &value in values {
        match value {
            0 => {}
            #[cold_path]
            u32::MAX => return sum,
            v => sum = sum.wrapping_add(v),
        }
    }
    if sum == 7 {
        #[cold_path]
        return rare(sum);
    }
    #[cold_path]
    {
        perfattr::count!("checksums");
    }
    values
        .iter()
        .map(|&v| {
            if v == 1 {
                #[cold_path]
                return 0;
            }
            v
        })
        .fold(sum, u32::wrapping_add)
}

#[hot(inline = always)]
#[must_use]
pub fn twice(x: u32) -> u32 {
    x.wrapping_mul(2)
}

#[hot(count = false)]
#[must_use]
pub fn uncounted(x: u32) -> u32 {
    if x == u32::MAX {
        #[cold_path]
        return 0;
    }
    x.wrapping_add(1)
}

#[hot(inline = never)]
#[bench_this(args = [1, 2])]
#[must_use]
pub fn thrice(x: u32) -> u32 {
    x.wrapping_mul(3)
}

#[cold_path]
#[must_use]
pub fn rare(x: u32) -> u32 {
    perfattr::count!("rare_values", u64::from(x));
    x / 2
}

/// `const fn` with hints: no counting, still warning-free.
#[hot]
#[must_use]
pub const fn constant(x: u32) -> u32 {
    if x > 1000 {
        #[cold_path]
        return 0;
    }
    x
}

#[multiversion(avx2 + fma, sse4)]
#[bench_this(input = |len| vec![1.5_f32; len], sizes = [256])]
#[must_use]
pub fn dot(a: &[f32]) -> f32 {
    a.iter().map(|x| x * x).sum()
}

/// Per-clone code, imported by name: a `let` per clone, an accumulator only some clones
/// mutate, a match arm only some clones have, a `bool` per clone and the clone's name.
#[multiversion(avx2 + fma, sse4)]
#[must_use]
pub fn per_clone(values: &[u32]) -> (u32, bool, &'static str) {
    #[target_cfg(target_feature = "avx2")]
    let unroll = 8;
    #[target_cfg(not(target_feature = "avx2"))]
    let unroll = 4;
    let mut total = values
        .chunks(unroll)
        .map(|c| c.iter().sum::<u32>())
        .sum::<u32>();
    #[target_cfg(target_feature = "fma")]
    {
        total = total.wrapping_add(1);
    }
    let kind = match values.len() {
        #[target_cfg(target_feature = "avx2")]
        0 => "empty",
        _ => "values",
    };
    let wide = if target_cfg!(target_feature = "avx2") {
        true
    } else {
        target_cfg!(target_feature = "sse4.2")
    };
    (
        total,
        wide,
        if kind == "empty" { kind } else { selected!() },
    )
}

#[multiversion(avx2, sse4)]
pub fn evens(values: &[u32]) -> impl DoubleEndedIterator<Item = &u32> + Clone {
    values.iter().filter(|v| *v % 2 == 0)
}

/// A body that could be `const` (nursery's `missing_const_for_fn` must not say so: a
/// multiversioned function cannot be `const`).
#[multiversion(avx2, sse4)]
#[must_use]
pub fn halve(x: u32) -> u32 {
    x / 2
}

/// A parameter the body ignores, `_`-prefixed: the dispatcher forwards it (pedantic's
/// `used_underscore_binding` must not fire on that).
#[multiversion(avx2, sse4)]
#[must_use]
pub fn first_of(x: u32, _ignored: u32) -> u32 {
    x
}

/// The same, generic (branch dispatch).
#[multiversion(avx2, sse4)]
#[must_use]
pub fn halve_any<T: Copy>(x: T) -> T {
    x
}

/// Every dispatch mode a function can choose.
#[multiversion(avx2, sse4, dispatch = compile_time)]
#[must_use]
pub fn halve_fixed(x: u32) -> u32 {
    x / 2
}

#[multiversion(avx2, sse4, dispatch = branch)]
#[must_use]
pub fn halve_branch(x: u32) -> u32 {
    x / 2
}

#[multiversion(avx2, sse4, dispatch = pointer)]
#[must_use]
pub fn halve_pointer(x: u32) -> u32 {
    x / 2
}

#[multiversion(avx2, sse4, dispatch = auto)]
#[must_use]
pub fn halve_auto<T: Copy>(x: T) -> T {
    x
}

#[multiversion(avx2, sse4, dispatch = compile_time)]
pub fn evens_fixed(values: &[u32]) -> impl Iterator<Item = &u32> + Clone {
    values.iter().filter(|v| *v % 2 == 0)
}

/// `dispatch = patched` in every shape (with perfattr's `patch` feature).
#[cfg(feature = "patch")]
pub mod patched {
    use perfattr::multiversion;

    #[multiversion(avx2, sse4, dispatch = patched)]
    #[must_use]
    pub fn halve(x: u32) -> u32 {
        x / 2
    }

    /// # Safety
    /// None needed; an `unsafe fn` patched like any other.
    #[multiversion(avx2, sse4, dispatch = patched)]
    #[must_use]
    pub unsafe fn halve_unsafe(x: u32) -> u32 {
        x / 2
    }

    #[multiversion(avx2, sse4, dispatch = patched)]
    #[must_use]
    pub fn halve_any<T: Copy>(x: T) -> T {
        x
    }

    #[multiversion(avx2, dispatch = patched)]
    pub fn touch(values: &mut [u32]) {
        for value in values {
            *value += 1;
        }
    }

    pub struct Scaler(pub u32);

    impl Scaler {
        #[multiversion(avx2, sse4, dispatch = patched)]
        #[must_use]
        pub fn scale(&self, x: u32) -> u32 {
            x * self.0
        }
    }

    #[multiversion(avx2, sse4, dispatch = patched)]
    pub mod group {
        #[must_use]
        pub fn outer(x: u32) -> u32 {
            inner(x) + 1
        }

        /// Could be `const`: its clones cannot, and nursery must not say so.
        fn inner(x: u32) -> u32 {
            x * 2
        }
    }

    #[multiversion(avx2, dispatch = patched)]
    impl Scaler {
        #[must_use]
        pub fn twice(&self, x: u32) -> u32 {
            self.once(self.once(x))
        }

        fn once(&self, x: u32) -> u32 {
            x * self.0
        }
    }
}

#[multiversion(v3, v2)]
#[must_use]
pub fn generic_sum<T: Copy + Into<f64>>(values: &[T]) -> f64 {
    values.iter().map(|&v| v.into()).sum()
}

#[multiversion(avx2, sse4)]
pub mod kernels {
    #[must_use]
    pub fn sum_squares(values: &[f32]) -> f32 {
        values.chunks(8).map(chunk).sum()
    }

    fn chunk(values: &[f32]) -> f32 {
        values.iter().map(|&v| square(v)).sum()
    }

    fn square(v: f32) -> f32 {
        v * v
    }

    pub fn squares(values: &[f32]) -> impl Iterator<Item = f32> + '_ {
        values.iter().map(|&v| square(v))
    }
}

/// A byte histogram, multiversioned as a whole `impl` block.
#[derive(Debug, Default)]
pub struct Histogram {
    counts: Vec<u64>,
}

#[multiversion(avx2)]
impl Histogram {
    pub fn add_all(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.add(byte);
        }
    }

    fn add(&mut self, byte: u8) {
        if self.counts.is_empty() {
            self.counts = vec![0; 256];
        }
        self.counts[usize::from(byte)] += 1;
    }

    pub fn nonzero(&self) -> impl Iterator<Item = u64> + '_ {
        self.counts.iter().copied().filter(|&c| c > 0)
    }

    #[must_use]
    pub fn count(&self, byte: u8) -> u64 {
        self.counts.get(usize::from(byte)).copied().unwrap_or(0)
    }
}

/// Trait impls, hinted and multiversioned.
pub trait Score {
    fn score(&self) -> u32;
}

impl Score for Histogram {
    #[hot]
    fn score(&self) -> u32 {
        u32::try_from(self.counts.len()).unwrap_or(u32::MAX)
    }
}

/// One method of a trait impl, multiversioned on its own (trampolines), with `Self`, a default
/// method multiversioned in its trait, and `?`.
pub trait Weigh {
    const UNIT: u64;

    /// # Errors
    /// When `text` is not a number.
    fn weigh(&self, text: &str) -> Result<u64, core::num::ParseIntError>;

    #[multiversion(avx2, sse4)]
    #[must_use]
    fn doubled(&self, values: &[u64]) -> u64 {
        values.iter().map(|v| v * 2 * Self::UNIT).sum()
    }
}

impl Weigh for Histogram {
    const UNIT: u64 = 2;

    #[multiversion(avx2, sse4)]
    fn weigh(&self, text: &str) -> Result<u64, core::num::ParseIntError> {
        let parsed: u64 = text.parse()?;
        let this: &Self = self;
        Ok(parsed * Self::UNIT + this.counts.iter().sum::<u64>())
    }
}

/// A method benchmarked with `setup`.
impl Histogram {
    #[bench_this(setup = Histogram::default(), args = [3])]
    #[must_use]
    pub fn weighted(&self, weight: u64) -> u64 {
        self.counts.iter().sum::<u64>() * weight
    }
}

/// An `async fn`, hinted.
#[hot]
pub async fn fetch(x: u32) -> u32 {
    core::future::ready(x).await
}

/// An `unsafe fn`, hinted and multiversioned.
///
/// # Safety
/// `p` points to a readable byte.
#[hot]
#[must_use]
pub unsafe fn read(p: *const u8) -> u8 {
    unsafe { *p }
}

/// # Safety
/// `p` points to `len` readable bytes.
#[multiversion(avx2)]
#[must_use]
pub unsafe fn sum_raw(p: *const u8, len: usize) -> u32 {
    unsafe { core::slice::from_raw_parts(p, len) }
        .iter()
        .map(|&b| u32::from(b))
        .sum()
}

/// `types` and `consts` on a generic function, the input naming the type parameter.
#[bench_this(types = [u8, u64], consts = [4, 16], input = || vec![T::default(); N])]
#[must_use]
pub fn count_default<T: Default + PartialEq + Clone, const N: usize>(values: &[T]) -> usize {
    values
        .iter()
        .take(N)
        .filter(|v| **v == T::default())
        .count()
}

/// An `&mut` parameter beside a by-value one, fed by `input`, in a shared group.
#[bench_this(input = |len| (String::from("ab"), vec![0_u8; len]), sizes = [8], group = "fill")]
pub fn fill(pattern: String, out: &mut [u8]) {
    for (byte, p) in out.iter_mut().zip(pattern.into_bytes().into_iter().cycle()) {
        *byte = p;
    }
}
