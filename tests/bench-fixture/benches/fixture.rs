//! The one line a user writes.
perfattr::bench_main!(perfattr_bench_fixture);
