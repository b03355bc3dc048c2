/// Builds the error.
#[cold_path]
#[must_use]
fn not_a_number(field: &str) -> &'static str {
    let _ = field;
    "not a number"
}
