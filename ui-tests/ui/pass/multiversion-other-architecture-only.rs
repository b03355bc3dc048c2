// A target list for another architecture compiles to the fallback, without warnings.
#![deny(warnings)]

#[perfattr::multiversion("dotprod+neon", neon)]
fn sum(values: &[u32]) -> u32 {
    values.iter().sum()
}

#[perfattr::multiversion(avx2, neon)]
fn product(values: &[u32]) -> u32 {
    values.iter().product()
}

fn main() {
    assert_eq!(sum(&[1, 2, 3]), 6);
    assert_eq!(product(&[2, 3]), 6);
}
