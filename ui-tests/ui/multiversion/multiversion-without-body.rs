trait Kernel {
    #[perfattr::multiversion(avx2, sse4)]
    fn run(&self, values: &[u32]) -> u32;
}

struct Sum;

impl Kernel for Sum {
    fn run(&self, values: &[u32]) -> u32 {
        values.iter().sum()
    }
}

fn main() {
    let _ = Sum.run(&[1]);
}
