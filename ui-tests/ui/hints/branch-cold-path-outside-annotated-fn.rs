// A branch marker where no annotated function sees it: a function without `#[hot]`,
// `#[cold_path]` or `#[multiversion]`. The error says to write `perfattr::cold!()` there.
fn parse(b: u8) -> u8 {
    if b == 0 {
        #[perfattr::cold_path]
        let fallback = 1;
        return fallback;
    }
    b
}

fn main() {
    let _ = parse(0);
}
