fn f(x: Option<u32>) -> u32 {
    match x {
        Some(x) => x,
        None => 0,
    }
}
::core::compile_error! {
    "`#[hot]` option `inline` expects `inline = always` or `inline = never` (without it, `#[hot]` gives the `#[inline]` hint)"
}
