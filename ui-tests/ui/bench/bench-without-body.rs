// A declaration has nothing to benchmark.
trait Parse {
    #[perfattr::bench_this]
    fn parse();
}

fn main() {}
