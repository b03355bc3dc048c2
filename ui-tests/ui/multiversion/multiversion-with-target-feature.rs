#[perfattr::multiversion(avx2, sse4)]
#[target_feature(enable = "avx")]
fn sum(values: &[u32]) -> u32 {
    values.iter().sum()
}

fn main() {
    let _ = sum;
}
