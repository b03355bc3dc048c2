// `sse4` comes first, and every AVX2 CPU has SSE4: the avx2 clone would never run.
#[perfattr::multiversion(sse4, avx2)]
fn sum(values: &[u32]) -> u32 {
    values.iter().sum()
}

fn main() {
    let _ = sum(&[1]);
}
