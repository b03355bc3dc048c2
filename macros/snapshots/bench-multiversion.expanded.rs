#[multiversion(avx2+fma, sse4)]
#[::perfattr::bench_this(input = |len|vec![1.5_f32;len], sizes = [1024])]
pub fn total(values: &[f32]) -> f32 {
    values.iter().sum()
}
