#[perfattr::hot]
struct Parser {
    depth: u32,
}

fn main() {
    let _ = Parser { depth: 0 }.depth;
}
