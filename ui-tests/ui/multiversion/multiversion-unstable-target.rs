// A feature only nightly Rust accepts in `#[target_feature]`.
#[perfattr::multiversion(amx-tile, avx2)]
fn sum(values: &[u32]) -> u32 {
    values.iter().sum()
}

fn main() {
    let _ = sum(&[1]);
}
