// Two spellings of one target.
#[perfattr::multiversion(v3, x86-64-v3)]
fn sum(values: &[u32]) -> u32 {
    values.iter().sum()
}

fn main() {
    let _ = sum(&[1]);
}
