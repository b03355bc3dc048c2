#[hot]
pub fn parse_u64(field: &str) -> Result<u64, &'static str> {
    let mut value: u64 = 0;
    for byte in field.bytes() {
        match byte {
            b'0'..=b'9' => value = value * 10 + u64::from(byte - b'0'),
            #[cold_path]
            _ => return Err(not_a_number(field)),
        }
    }
    Ok(value)
}
