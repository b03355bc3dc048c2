//! A `#[bench_this]` benchmark against the hand-written criterion benchmark of the same
//! function, in one run: `parse_u64` on "7" (a few nanoseconds) and on "123456".
//! `cargo bench -p perfattr-examples --bench overhead`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use perfattr_examples::parse_u64;

fn hand_written(c: &mut Criterion) {
    let mut group = c.benchmark_group("hand_written::parse_u64");
    for input in ["7", "123456"] {
        group.bench_function(input, |b| b.iter(|| parse_u64(black_box(input))));
    }
    group.finish();
}

fn generated(c: &mut Criterion) {
    let added = perfattr::bench::register_where(c, |function| function.ends_with("::parse_u64"));
    assert_eq!(
        added, 1,
        "the #[bench_this] benchmark of parse_u64 is not registered"
    );
}

criterion_group!(benches, hand_written, generated);
criterion_main!(benches);
