#[bench_this(input = |len| vec![7_u8; len], sizes = [64, 4096])]
pub fn checksum(data: &[u8]) -> u32 {
    data.iter().map(|&b| u32::from(b)).sum()
}
