#[multiversion(avx2, sse4)]
pub fn total<T: Copy + Into<f64>>(values: &[T]) -> f64 {
    values.iter().map(|&v| v.into()).sum()
}
