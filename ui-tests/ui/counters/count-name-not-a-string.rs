// The name is a string, not another literal.
fn main() {
    perfattr::count!(42);
}
