#[perfattr::multiversion(avx2, sse4)]
async fn sum(values: &[u32]) -> u32 {
    values.iter().sum()
}

fn main() {
    let _ = sum(&[1]);
}
