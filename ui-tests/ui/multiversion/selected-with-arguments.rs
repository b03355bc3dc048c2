// `selected!()` takes no arguments.
#[perfattr::multiversion(avx2)]
fn which() -> &'static str {
    perfattr::selected!(avx2)
}

fn main() {
    let _ = which();
}
