// The name is a string literal: counters are registered at compile time.
fn main() {
    let name = "cache_miss";
    perfattr::count!(name);
}
