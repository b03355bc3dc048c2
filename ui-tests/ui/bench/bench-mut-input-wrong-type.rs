// An `&mut [u32]` parameter borrows a clone of the input in every batch: a `String` cannot
// lend one.
#[perfattr::bench_this(input = || String::from("abc"))]
fn sort(values: &mut [u32]) {
    values.sort_unstable();
}

fn main() {
    sort(&mut [3, 1, 2]);
}
