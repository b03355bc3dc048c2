// Suggestions come from the whole table, by distance on the full name.
#[perfattr::multiversion(v4 + avx512vpopcnt, v3)]
fn sum(values: &[u32]) -> u32 {
    values.iter().sum()
}

fn main() {
    let _ = sum(&[1]);
}
