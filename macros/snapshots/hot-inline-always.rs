#[hot(inline = always, crate = ::pa)]
fn digit(byte: u8) -> u64 {
    u64::from(byte - b'0')
}
