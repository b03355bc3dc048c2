//! Every `#[bench_this]` benchmark of `perfattr-examples`: `cargo bench -p perfattr-examples --bench perfattr`.
perfattr::bench_main!(perfattr_examples);
