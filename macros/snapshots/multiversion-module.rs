#[multiversion(avx2, sse4)]
pub mod kernels {
    pub fn sum_squares(values: &[f32]) -> f32 {
        values.chunks(8).map(chunk).sum()
    }

    fn chunk(values: &[f32]) -> f32 {
        values.iter().map(|v| v * v).sum()
    }
}
