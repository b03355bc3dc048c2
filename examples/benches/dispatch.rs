//! What dispatch costs beyond one call (a call's own cost in every mode is measured by
//! `tests/dispatch-bench`, built without the counters and testing helpers these benches enable):
//!
//! - `nested`: a kernel calling a small multiversioned helper per chunk, against the same
//!   kernel written flat. perfattr multiversions the two together (`#[multiversion]` on a
//!   `mod`), so the helper is called statically from the kernel's clone and inlines; with the
//!   `multiversion` crate each helper call dispatches again.
//! - `first_call`: a multiversioned function's first call, which selects its clone, with and
//!   without measurements in the embedded dispatch profile (`examples/perfattr-dispatch.json`
//!   measured `kernels::count_byte`, not `intrinsics::count_byte_simd`). Each iteration makes
//!   every multiversioned function select again (`testing::unforced` resets them) and calls one.
//!
//! Run with `cargo bench -p perfattr-examples --bench dispatch`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};

const CHUNK: usize = 16;

/// The kernel written flat: one multiversioned function.
#[perfattr::multiversion(avx2, sse4)]
fn flat_dot(a: &[u32], b: &[u32]) -> u32 {
    let mut total = 0_u32;
    for (x, y) in a.chunks_exact(CHUNK).zip(b.chunks_exact(CHUNK)) {
        let mut chunk = 0_u32;
        for i in 0..CHUNK {
            chunk = chunk.wrapping_add(x[i].wrapping_mul(y[i]));
        }
        total = total.wrapping_add(chunk);
    }
    total
}

/// The same kernel with its inner loop in a helper, multiversioned together.
#[perfattr::multiversion(avx2, sse4)]
mod nested {
    use super::CHUNK;

    pub fn dot(a: &[u32], b: &[u32]) -> u32 {
        let mut total = 0_u32;
        for (x, y) in a.chunks_exact(CHUNK).zip(b.chunks_exact(CHUNK)) {
            total = total.wrapping_add(chunk_dot(x, y));
        }
        total
    }

    fn chunk_dot(x: &[u32], y: &[u32]) -> u32 {
        let mut chunk = 0_u32;
        for i in 0..CHUNK {
            chunk = chunk.wrapping_add(x[i].wrapping_mul(y[i]));
        }
        chunk
    }
}

/// The same nesting with the `multiversion` crate: each function multiversioned alone.
#[multiversion::multiversion(targets("x86_64+avx2", "x86_64+sse4.1+sse4.2"))]
fn mv_dot(a: &[u32], b: &[u32]) -> u32 {
    let mut total = 0_u32;
    for (x, y) in a.chunks_exact(CHUNK).zip(b.chunks_exact(CHUNK)) {
        total = total.wrapping_add(mv_chunk_dot(x, y));
    }
    total
}

#[multiversion::multiversion(targets("x86_64+avx2", "x86_64+sse4.1+sse4.2"))]
fn mv_chunk_dot(x: &[u32], y: &[u32]) -> u32 {
    let mut chunk = 0_u32;
    for i in 0..CHUNK {
        chunk = chunk.wrapping_add(x[i].wrapping_mul(y[i]));
    }
    chunk
}

#[multiversion::multiversion(targets("x86_64+avx2", "x86_64+sse4.1+sse4.2"))]
fn mv_flat_dot(a: &[u32], b: &[u32]) -> u32 {
    let mut total = 0_u32;
    for (x, y) in a.chunks_exact(CHUNK).zip(b.chunks_exact(CHUNK)) {
        let mut chunk = 0_u32;
        for i in 0..CHUNK {
            chunk = chunk.wrapping_add(x[i].wrapping_mul(y[i]));
        }
        total = total.wrapping_add(chunk);
    }
    total
}

fn first_call(c: &mut Criterion) {
    use perfattr_examples::{intrinsics, kernels};
    let byte = [7_u8];
    let mut group = c.benchmark_group("first_call");
    group.bench_function("profiled", |bench| {
        bench.iter(|| perfattr::testing::unforced(|| kernels::count_byte(black_box(&byte), 7)));
    });
    group.bench_function("unprofiled", |bench| {
        bench.iter(|| {
            perfattr::testing::unforced(|| intrinsics::count_byte_simd(black_box(&byte), 7))
        });
    });
    group.bench_function("no_call", |bench| {
        bench.iter(|| perfattr::testing::unforced(|| black_box(byte[0])));
    });
    group.finish();
}

fn nested_calls(c: &mut Criterion) {
    let a: Vec<u32> = (0..4096).collect();
    let b: Vec<u32> = (0..4096).map(|x| x ^ 0x55).collect();
    let expected = flat_dot(&a, &b);
    assert_eq!(nested::dot(&a, &b), expected);
    assert_eq!(mv_dot(&a, &b), expected);
    assert_eq!(mv_flat_dot(&a, &b), expected);
    let mut group = c.benchmark_group("nested");
    group.bench_function("perfattr_flat", |bench| {
        bench.iter(|| flat_dot(black_box(&a), black_box(&b)));
    });
    group.bench_function("perfattr_nested", |bench| {
        bench.iter(|| nested::dot(black_box(&a), black_box(&b)));
    });
    group.bench_function("multiversion_flat", |bench| {
        bench.iter(|| mv_flat_dot(black_box(&a), black_box(&b)));
    });
    group.bench_function("multiversion_nested", |bench| {
        bench.iter(|| mv_dot(black_box(&a), black_box(&b)));
    });
    group.finish();
}

criterion_group!(benches, first_call, nested_calls);
criterion_main!(benches);
