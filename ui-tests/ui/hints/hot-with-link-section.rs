// `#[hot]` places the function itself.
#[perfattr::hot]
#[unsafe(link_section = ".text.mine")]
fn f() -> u32 {
    1
}

fn main() {
    assert_eq!(f(), 1);
}
