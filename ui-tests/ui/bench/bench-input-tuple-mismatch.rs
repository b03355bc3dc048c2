// An input tuple spread across the parameters must match them: the error points at the input.
#[perfattr::bench_this(input = |len| (vec![7_u8; len], 7_u32), sizes = [64])]
fn count_of(haystack: &[u8], needle: u8) -> usize {
    haystack.iter().filter(|&&byte| byte == needle).count()
}

fn main() {
    let _ = count_of(&[7], 7);
}
