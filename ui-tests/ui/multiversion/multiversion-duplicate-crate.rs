// `crate = path` once.
#[perfattr::multiversion(avx2, crate = ::perfattr, crate = ::perfattr)]
fn sum(values: &[u32]) -> u32 {
    values.iter().sum()
}

fn main() {
    assert_eq!(sum(&[1, 2]), 3);
}
