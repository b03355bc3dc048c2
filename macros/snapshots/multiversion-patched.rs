#[multiversion(avx2 + fma, sse4, dispatch = patched)]
pub fn dot<T: Copy + Into<f32>>(a: &[T], b: &[T]) -> f32 {
    a.iter().zip(b).map(|(&x, &y)| x.into() * y.into()).sum()
}
