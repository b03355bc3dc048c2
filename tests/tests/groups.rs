//! `#[multiversion]` on an inline `mod` and on `impl` blocks: every function inside is
//! multiversioned, and calls between them inside a clone stay at the clone's target.
#![deny(warnings, clippy::pedantic, unused_qualifications)]
#![cfg(target_arch = "x86_64")]

use std::collections::BTreeSet;

#[macro_use]
mod common;

use perfattr::multiversion;
use perfattr::testing::for_each_level;

const SCALE: f32 = 2.0;

#[multiversion(avx2 + fma, sse4)]
mod kernels {
    const LOCAL: f32 = 1.0;

    /// Doc comments and private items of the module keep working.
    pub fn scaled_dot(a: &[f32], b: &[f32]) -> (f32, usize, usize) {
        let mut sum = 0.0;
        let mut helper_clone = 0;
        for (x, y) in a.iter().zip(b) {
            let (product, clone) = scale(*x * *y);
            sum += product;
            helper_clone = clone;
        }
        (sum, clone_id!(), helper_clone)
    }

    // `self::` paths must keep naming this module's items from inside the clones.
    #[allow(unused_qualifications)]
    fn scale(x: f32) -> (f32, usize) {
        (x * self::factor(), clone_id!())
    }

    #[allow(unused_qualifications)]
    fn factor() -> f32 {
        super::SCALE / 2.0 * self::LOCAL
    }

    pub fn sum_generic<T: Copy + Into<f64>>(values: &[T]) -> f64 {
        values.iter().map(|&v| v.into()).sum()
    }

    pub const fn not_multiversioned() -> u32 {
        7
    }
}

#[test]
fn module_functions_call_their_same_target_siblings() {
    let a: Vec<f32> = (0..64u8).map(f32::from).collect();
    let expected: f32 = a.iter().map(|x| x * x).sum();
    let mut clones = BTreeSet::new();
    for_each_level(|level| {
        let (sum, outer, inner) = kernels::scaled_dot(&a, &a);
        assert!((sum - expected).abs() < 1e-2, "{level}: {sum}");
        // The helper ran in a clone of its own; record both to check they pair up.
        clones.insert((outer, inner));
        assert!((kernels::sum_generic(&[1_u8, 2, 3]) - 6.0).abs() < f64::EPSILON);
    });
    // Each level ran a distinct (kernel, helper) pair: the helper followed the kernel.
    let outers: BTreeSet<usize> = clones.iter().map(|(outer, _)| *outer).collect();
    let inners: BTreeSet<usize> = clones.iter().map(|(_, inner)| *inner).collect();
    assert_eq!(outers.len(), clones.len());
    assert_eq!(inners.len(), clones.len());
    assert_eq!(kernels::not_multiversioned(), 7);
    let report = perfattr::report::dispatch();
    assert!(
        report
            .functions
            .iter()
            .any(|row| row.name == "groups::kernels::scale"),
        "{report}"
    );
}

#[derive(Debug, Default)]
struct Histogram {
    buckets: [u32; 4],
}

#[multiversion(avx2, sse4)]
impl Histogram {
    fn add_all(&mut self, values: &[u8]) -> (usize, usize) {
        let mut inner = 0;
        for &v in values {
            inner = self.add(v);
        }
        (clone_id!(), inner)
    }

    fn add(&mut self, value: u8) -> usize {
        self.buckets[usize::from(value % 4)] += 1;
        clone_id!()
    }

    fn total(&self) -> u32 {
        Self::sum(&self.buckets)
    }

    fn sum(buckets: &[u32; 4]) -> u32 {
        buckets.iter().sum()
    }
}

trait Kernel {
    fn run(&self, values: &[u32]) -> (u32, usize, usize);
    fn step(&self, value: u32) -> (u32, usize);
}

struct Doubler;

#[multiversion(avx2, sse4)]
impl Kernel for Doubler {
    fn run(&self, values: &[u32]) -> (u32, usize, usize) {
        let mut total = 0;
        let mut inner = 0;
        for &v in values {
            let (x, clone) = self.step(v);
            total += x;
            inner = clone;
        }
        (total, clone_id!(), inner)
    }

    fn step(&self, value: u32) -> (u32, usize) {
        (value * 2, clone_id!())
    }
}

#[test]
fn impl_block_methods_call_their_same_target_siblings() {
    let mut pairs = BTreeSet::new();
    for_each_level(|level| {
        let mut histogram = Histogram::default();
        let (outer, inner) = histogram.add_all(&[0, 1, 2, 3, 4]);
        assert_eq!(histogram.total(), 5, "{level}");
        assert_eq!(histogram.buckets, [2, 1, 1, 1]);
        pairs.insert((outer, inner));
    });
    let outers: BTreeSet<usize> = pairs.iter().map(|(outer, _)| *outer).collect();
    assert_eq!(
        outers.len(),
        pairs.len(),
        "each kernel clone pairs with one helper clone"
    );
}

#[test]
fn trait_impl_methods_are_multiversioned() {
    let mut pairs = BTreeSet::new();
    for_each_level(|_| {
        let (total, outer, inner) = Doubler.run(&[1, 2, 3]);
        assert_eq!(total, 12);
        pairs.insert((outer, inner));
    });
    let inners: BTreeSet<usize> = pairs.iter().map(|(_, inner)| *inner).collect();
    assert_eq!(inners.len(), pairs.len());
    assert!(pairs.len() >= 2 || perfattr::testing::levels().len() == 1);
}

/// Found by the lint fixture: a member named as a value (`.map(chunk)`) and a member called
/// from a closure both stay at the caller's target, in the clones and in the inlinable bodies.
#[multiversion(avx2, sse4)]
mod closures {
    pub fn sum_squares(values: &[f32]) -> (f32, usize, BTreeSet<usize>) {
        let ids: BTreeSet<usize> = values.chunks(4).map(chunk_id).collect();
        (values.chunks(4).map(chunk).sum(), clone_id!(), ids)
    }

    fn chunk(values: &[f32]) -> f32 {
        values.iter().map(|&v| square(v).0).sum()
    }

    fn chunk_id(values: &[f32]) -> usize {
        values.iter().map(|&v| square(v).1).max().unwrap_or(0)
    }

    fn square(v: f32) -> (f32, usize) {
        (v * v, clone_id!())
    }

    use std::collections::BTreeSet;
}

#[test]
fn members_named_as_values_or_called_from_closures_stay_at_the_target() {
    let values: Vec<f32> = (0..16u8).map(f32::from).collect();
    let expected: f32 = values.iter().map(|v| v * v).sum();
    let mut pairs = BTreeSet::new();
    for_each_level(|level| {
        let (sum, outer, inner) = closures::sum_squares(&values);
        assert!((sum - expected).abs() < 1e-3, "{level}: {sum}");
        // Within one call, every chunk reached the same clone of `square`.
        assert_eq!(inner.len(), 1, "{level}");
        pairs.insert((outer, inner.into_iter().next().unwrap()));
    });
    // Each level ran its own `square`: it followed the caller's target.
    let outers: BTreeSet<usize> = pairs.iter().map(|(outer, _)| *outer).collect();
    let inners: BTreeSet<usize> = pairs.iter().map(|(_, inner)| *inner).collect();
    assert_eq!(outers.len(), pairs.len());
    assert_eq!(inners.len(), pairs.len());
    assert!(
        pairs.len() >= 2 || !perfattr::cpu::usable().contains("sse4.2"),
        "{pairs:?}"
    );
}

/// A generic trait with an associated const and type, implemented generically: the clones (in
/// an inherent impl beside the trait impl) use `Self`, the trait's const and type, and call each
/// other.
trait Reduce {
    const START: u64;
    type Item;
    fn reduce(&self) -> (u64, usize);
    fn first(&self) -> Option<Self::Item>;
}

struct Bag<T>(Vec<T>);

#[multiversion(avx2, sse4)]
impl<T: Copy + Into<u64>> Reduce for Bag<T> {
    const START: u64 = 10;
    type Item = T;

    fn reduce(&self) -> (u64, usize) {
        let this: &Self = self;
        let total = this.0.iter().fold(Self::START, |sum, &v| sum + v.into());
        let first = self.first().map_or(0, Into::into);
        (total + first, clone_id!())
    }

    fn first(&self) -> Option<Self::Item> {
        self.0.first().copied()
    }
}

#[test]
fn generic_trait_impls_with_self_and_associated_items() {
    let mut clones = BTreeSet::new();
    for_each_level(|level| {
        let (total, clone) = Bag(vec![1_u8, 2, 3]).reduce();
        assert_eq!(total, 10 + 6 + 1, "{level}");
        assert_eq!(Bag(vec![5_u32]).reduce().0, 10 + 5 + 5, "{level}");
        clones.insert(clone);
    });
    assert!(clones.len() >= 2 || perfattr::testing::levels().len() == 1);
    assert_eq!(Bag(vec![4_u16]).first(), Some(4));
}
