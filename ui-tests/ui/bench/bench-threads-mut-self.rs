// `threads` shares the receiver between threads: a `&mut self` method cannot run on two at once.
#[derive(Default)]
struct Counter {
    total: u64,
}

impl Counter {
    #[perfattr::bench_this(setup = Counter::default(), threads = [2], args = [3])]
    fn add(&mut self, n: u64) -> u64 {
        self.total += n;
        self.total
    }
}

fn main() {
    let _ = Counter::default().add(1);
}
