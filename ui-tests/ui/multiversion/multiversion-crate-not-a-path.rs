// `crate` takes a path.
#[perfattr::multiversion(avx2, crate = 42)]
fn sum(values: &[u32]) -> u32 {
    values.iter().sum()
}

fn main() {
    assert_eq!(sum(&[1, 2]), 3);
}
