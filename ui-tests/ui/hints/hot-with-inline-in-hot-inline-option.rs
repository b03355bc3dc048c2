// With the `inline` option given, a separate `#[inline(..)]` is simply not allowed.
#[perfattr::hot(inline = never)]
#[inline(always)]
fn f() -> u32 {
    1
}

fn main() {
    assert_eq!(f(), 1);
}
