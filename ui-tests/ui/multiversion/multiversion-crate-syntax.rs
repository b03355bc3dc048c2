// The `multiversion` crate's syntax: perfattr lists targets directly, without an architecture.
#[perfattr::multiversion(targets("x86_64+avx2+fma", "x86_64+sse4.2"))]
fn sum(values: &[u32]) -> u32 {
    values.iter().sum()
}

fn main() {
    let _ = sum(&[1]);
}
