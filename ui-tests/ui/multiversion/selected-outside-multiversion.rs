// `selected!()` names a clone: outside a multiversioned function there is none.
fn which() -> &'static str {
    perfattr::selected!()
}

fn main() {
    let _ = which();
}
