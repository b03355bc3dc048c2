// #[bench_this] in each form, warning-free in a normal build (registrations compile only with
// the runtime's `bench` feature, which the ui tests enable).
#![deny(warnings, unused_qualifications)]

use perfattr::bench_this;

#[bench_this]
fn build() -> Vec<u8> {
    vec![0; 64]
}

#[bench_this(args = [(2, 10), (3, 5)], name = "power", group = "math", throughput = elements(u64::from(exp)))]
fn pow(base: u64, exp: u32) -> u64 {
    base.pow(exp)
}

#[bench_this(input = |len| vec![1_u8; len], sizes = [64, 4096])]
fn checksum(data: &[u8]) -> u32 {
    data.iter().map(|&b| u32::from(b)).sum()
}

#[bench_this(input = || String::from("abc"), throughput = none)]
fn shout(mut text: String) -> String {
    text.make_ascii_uppercase();
    text
}

struct Counter(u64);

impl Counter {
    #[bench_this(setup = Counter(3), args = [100])]
    fn sum_to(&self, limit: u64) -> u64 {
        (0..limit).step_by(usize::try_from(self.0).unwrap_or(1)).sum()
    }
}

#[bench_this(input = |len| vec![1.5_f32; len], sizes = [256])]
#[perfattr::multiversion(avx2 + fma, sse4)]
fn total(values: &[f32]) -> f32 {
    values.iter().sum()
}

// An input tuple spread across the parameters, each reference parameter borrowing its element.
#[bench_this(input = |len| (vec![7_u8; len], 7_u8), sizes = [64])]
fn count_of(haystack: &[u8], needle: u8) -> usize {
    haystack.iter().filter(|&&byte| byte == needle).count()
}

#[bench_this(input = || (String::from("a,b,c"), ','), throughput = none)]
fn fields(text: &str, separator: char) -> usize {
    text.split(separator).count()
}

#[perfattr::hot]
#[bench_this(args = [7])]
fn hot_and_benchmarked(x: u32) -> u32 {
    x * 3
}

fn main() {
    assert_eq!(build().len(), 64);
    assert_eq!(pow(2, 10), 1024);
    assert_eq!(checksum(&[1, 2]), 3);
    assert_eq!(shout("a".into()), "A");
    assert_eq!(Counter(1).sum_to(4), 6);
    assert!((total(&[1.0, 2.0]) - 3.0).abs() < 1e-6);
    assert_eq!(hot_and_benchmarked(2), 6);
    assert_eq!(count_of(&[7, 1, 7], 7), 2);
    assert_eq!(fields("a,b", ','), 2);
}
