// A name and at most one amount.
fn main() {
    perfattr::count!("bytes", 10, 20);
}
