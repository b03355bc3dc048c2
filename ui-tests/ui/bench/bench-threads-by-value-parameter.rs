// `threads` shares the inputs between threads: a by-value `Vec` cannot be shared.
#[perfattr::bench_this(threads = [1, 2], args = [vec![1_u8, 2, 3]])]
fn total(values: Vec<u8>) -> u32 {
    values.iter().map(|&v| u32::from(v)).sum()
}

fn main() {
    let _ = total(vec![1]);
}
