fn make_words(len: usize) -> Vec<u64> {
    vec![1; len]
}

#[perfattr::bench_this(input = make_words, sizes = [64])]
fn checksum(data: &[u8]) -> u32 {
    data.iter().map(|&b| u32::from(b)).sum()
}

fn main() {
    let _ = checksum(b"abc");
}
