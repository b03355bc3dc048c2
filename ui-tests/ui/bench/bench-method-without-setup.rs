struct Counter(u64);

impl Counter {
    #[perfattr::bench_this(args = [10])]
    fn add(&self, x: u64) -> u64 {
        self.0 + x
    }
}

fn main() {
    let _ = Counter(1).add(2);
}
