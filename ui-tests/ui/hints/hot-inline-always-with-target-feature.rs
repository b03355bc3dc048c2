#[perfattr::hot(inline = always)]
#[target_feature(enable = "avx2")]
fn sum(values: &[u32]) -> u32 {
    values.iter().sum()
}

fn main() {
    let _ = sum;
}
