#[perfattr::bench_this(input = || vec![0_u8; 64], throughput = lines)]
fn checksum(data: &[u8]) -> u32 {
    data.iter().map(|&b| u32::from(b)).sum()
}

fn main() {
    let _ = checksum(b"abc");
}
