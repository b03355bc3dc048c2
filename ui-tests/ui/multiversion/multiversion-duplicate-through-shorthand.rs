#[perfattr::multiversion(sse4, "sse4.2+sse4.1")]
fn sum(values: &[u32]) -> u32 {
    values.iter().sum()
}

fn main() {
    let _ = sum(&[1]);
}
