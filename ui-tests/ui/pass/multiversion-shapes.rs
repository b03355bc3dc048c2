// The tricky shapes of #[multiversion], warning-free: generics with lifetimes and const
// parameters, `impl Trait` arguments and returns, patterns, `Self`, modules, impl blocks,
// trait impls, recursion and closures.
#![deny(warnings, unused_qualifications)]

use perfattr::multiversion;

#[multiversion(avx2 + fma, sse4)]
fn largest<'a, T: PartialOrd, const N: usize>(items: &'a [T; N]) -> Option<&'a T>
where
    T: Copy,
{
    items.iter().fold(None, |best, x| match best {
        Some(b) if b >= x => Some(b),
        _ => Some(x),
    })
}

#[multiversion(avx2, sse4)]
fn apply((scale, offset): (u32, u32), values: impl IntoIterator<Item = u32>) -> impl Iterator<Item = u32> {
    values.into_iter().map(move |v| v * scale + offset)
}

// Every stable target feature is a target, written with hyphens and psABI level names too.
#[multiversion(
    x86-64-v4 + avx512vpopcntdq + avx512bitalg,
    "x86-64-v4+gfni+vaes+vpclmulqdq",
    x86-64-v3 + avxvnni,
    sve2-bitperm,
    sve2 + sve2-aes,
    dotprod + i8mm
)]
fn popcount(values: &[u64]) -> u32 {
    values.iter().map(|v| v.count_ones()).sum()
}

#[multiversion(v3, v2)]
fn depth(n: u32) -> u32 {
    if n == 0 { 0 } else { 1 + depth(n - 1) }
}

#[multiversion(avx2, sse4)]
mod kernels {
    pub fn sum_squares(values: &[f32]) -> f32 {
        values.chunks(4).map(chunk).sum()
    }

    fn chunk(values: &[f32]) -> f32 {
        values.iter().map(|&v| square(v)).sum()
    }

    fn square(v: f32) -> f32 {
        v * v
    }
}

#[derive(Default)]
struct Tally {
    total: u64,
}

#[multiversion(avx2)]
impl Tally {
    fn new() -> Self {
        Self::default()
    }

    fn add_all(&mut self, values: &[u64]) -> &mut Self {
        for &v in values {
            self.add(v);
        }
        self
    }

    fn add(&mut self, v: u64) {
        self.total += v;
    }
}

trait Score {
    fn score(&self, weight: u64) -> u64;
}

#[multiversion(avx2, sse4)]
impl Score for Tally {
    fn score(&self, weight: u64) -> u64 {
        self.total * weight
    }
}

fn main() {
    assert_eq!(largest(&[3, 9, 2]), Some(&9));
    assert_eq!(apply((2, 1), [1, 2]).collect::<Vec<_>>(), [3, 5]);
    assert_eq!(depth(5), 5);
    assert_eq!(popcount(&[3, 1]), 3);
    assert!((kernels::sum_squares(&[1.0, 2.0]) - 5.0).abs() < 1e-6);
    assert_eq!(Tally::new().add_all(&[1, 2]).score(3), 9);
}
