//! Throughput of the multiversioned kernels. `scripts/native-vs-portable.sh` runs this three
//! ways (portable baseline, `-C target-cpu=native`, portable with `#[multiversion]`) and
//! prints the ratios side by side.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use perfattr_examples::{intrinsics, kernels};

/// Elements per input: 16 KiB of f32, inside L1, so the kernels measure compute, not memory.
const LEN: usize = 4 * 1024;

fn bench(c: &mut Criterion) {
    let (a, b, bytes, words, shorts) = kernels::inputs(LEN);
    let mut group = c.benchmark_group("kernels");
    group.throughput(Throughput::Bytes((LEN * 4) as u64));
    group.bench_function("sum_f32", |bench| {
        bench.iter(|| kernels::sum_f32(black_box(&a)));
    });
    group.throughput(Throughput::Bytes((LEN * 8) as u64));
    group.bench_function("dot_f32", |bench| {
        bench.iter(|| kernels::dot_f32(black_box(&a), black_box(&b)));
    });
    group.throughput(Throughput::Bytes((LEN * 4) as u64));
    group.bench_function("poly_f32", |bench| {
        bench.iter(|| kernels::poly_f32(black_box(&a)));
    });
    group.throughput(Throughput::Bytes((LEN * 4) as u64));
    group.bench_function("dot_i16", |bench| {
        bench.iter(|| kernels::dot_i16(black_box(&shorts.0), black_box(&shorts.1)));
    });
    group.throughput(Throughput::Bytes(LEN as u64));
    group.bench_function("count_byte", |bench| {
        bench.iter(|| kernels::count_byte(black_box(&bytes), 7));
    });
    group.throughput(Throughput::Bytes((LEN * 8) as u64));
    group.bench_function("popcount", |bench| {
        bench.iter(|| kernels::popcount(black_box(&words)));
    });
    group.finish();
    // Intrinsics against auto-vectorization, the same byte count at every level of this CPU.
    let mut group = c.benchmark_group("count_byte");
    group.throughput(Throughput::Bytes(LEN as u64));
    perfattr::testing::for_each_level(|level| {
        group.bench_function(format!("auto-vectorized/{}", level.name), |bench| {
            bench.iter(|| kernels::count_byte(black_box(&bytes), 7));
        });
        group.bench_function(format!("intrinsics/{}", level.name), |bench| {
            bench.iter(|| intrinsics::count_byte_simd(black_box(&bytes), 7));
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
