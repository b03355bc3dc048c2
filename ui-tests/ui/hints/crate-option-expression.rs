// `crate` is a path, not an expression.
#[perfattr::hot(crate = if true { a } else { b })]
fn parse(x: u32) -> u32 {
    x
}

fn main() {
    let _ = parse(1);
}
