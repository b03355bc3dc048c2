#[multiversion(avx2, sse4)]
pub fn evens(values: &[u32]) -> impl Iterator<Item = &u32> + Clone {
    values.iter().filter(|v| *v % 2 == 0)
}
