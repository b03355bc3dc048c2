// A target string that names an architecture and a CPU, as the `multiversion` crate writes it.
#[perfattr::multiversion("x86_64/x86-64-v3", sse4)]
fn sum(values: &[u32]) -> u32 {
    values.iter().sum()
}

fn main() {
    let _ = sum(&[1]);
}
