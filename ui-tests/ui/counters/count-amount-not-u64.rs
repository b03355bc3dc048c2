// The amount is a `u64`.
fn main() {
    let chunks: usize = 3;
    perfattr::count!("chunks", chunks);
}
