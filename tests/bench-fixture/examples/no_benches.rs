//! A bench main that names no crate with benchmarks: it must fail, saying how to fix it.
perfattr::bench_main!();
