// `count!` needs a name for its counter.
fn main() {
    perfattr::count!();
}
