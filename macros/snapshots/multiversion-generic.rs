#[multiversion(v3, v2)]
pub fn total<T: Copy + Into<f64>>(values: &[T]) -> f64 {
    values.iter().map(|&v| v.into()).sum()
}
