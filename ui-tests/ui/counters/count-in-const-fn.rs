// Counting happens at run time: not in a `const fn`.
const fn answer() -> u32 {
    perfattr::count!("answers");
    42
}

fn main() {
    assert_eq!(answer(), 42);
}
