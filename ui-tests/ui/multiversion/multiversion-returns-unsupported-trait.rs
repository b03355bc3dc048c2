// `-> impl Trait` works for the traits the dispatcher can return for any clone (Iterator,
// Future, Display, …); not for others.
#[perfattr::multiversion(avx2, sse4)]
fn name(n: u32) -> impl AsRef<str> {
    n.to_string()
}

fn main() {
    assert_eq!(name(2).as_ref(), "2");
}
