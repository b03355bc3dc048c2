//! `count!` and `cold!`, the markers that work where an attribute cannot go; exported at the
//! crate's root (`perfattr::count!`), each in two forms: with the `counters` feature and
//! without it.

/// A cold branch marker that works anywhere a statement does: `perfattr::cold!();` at the start
/// of the unlikely branch is [`cold_path()`](crate::cold_path()) and, with the `counters` feature, a counter site
/// judged like a `#[cold_path]` marker, against the counted function it is in.
///
/// Write it where the attribute cannot go: inside a `macro_rules!` body (an attribute macro
/// sees the macro's invocation, not its expansion), or in a function that is not annotated.
/// In a function with no counter site of its own the branch is counted, with no reference.
///
/// ```
/// macro_rules! check {
///     ($ok:expr) => {
///         if !$ok {
///             perfattr::cold!();
///             return None;
///         }
///     };
/// }
///
/// #[perfattr::hot]
/// fn parse_digit(b: u8) -> Option<u8> {
///     check!(b.is_ascii_digit());
///     Some(b - b'0')
/// }
/// # assert_eq!(parse_digit(b'7'), Some(7));
/// # assert_eq!(parse_digit(b'x'), None);
/// ```
#[cfg(feature = "counters")]
#[macro_export]
macro_rules! cold {
    () => {{
        $crate::cold_path();
        $crate::__perfattr_located_site!(
            Branch("", ::core::option::Option::Some($crate::__perfattr_path!())) += 1
        );
    }};
    ($($other:tt)*) => {
        ::core::compile_error!("`perfattr::cold!` takes no arguments: `perfattr::cold!();`")
    };
}

/// A cold branch marker that works anywhere a statement does: `perfattr::cold!();` at the start
/// of the unlikely branch is [`cold_path()`](crate::cold_path()) and, with the `counters` feature, a counter site
/// judged like a `#[cold_path]` marker, against the counted function it is in (the
/// `counters` feature is off: here it is [`cold_path()`](crate::cold_path()) alone).
///
/// Write it where the attribute cannot go: inside a `macro_rules!` body (an attribute macro
/// sees the macro's invocation, not its expansion), or in a function that is not annotated.
/// In a function with no counter site of its own the branch is counted, with no reference.
///
/// ```
/// macro_rules! check {
///     ($ok:expr) => {
///         if !$ok {
///             perfattr::cold!();
///             return None;
///         }
///     };
/// }
///
/// #[perfattr::hot]
/// fn parse_digit(b: u8) -> Option<u8> {
///     check!(b.is_ascii_digit());
///     Some(b - b'0')
/// }
/// # assert_eq!(parse_digit(b'7'), Some(7));
/// # assert_eq!(parse_digit(b'x'), None);
/// ```
#[cfg(not(feature = "counters"))]
#[macro_export]
macro_rules! cold {
    () => {
        $crate::cold_path()
    };
    ($($other:tt)*) => {
        ::core::compile_error!("`perfattr::cold!` takes no arguments: `perfattr::cold!();`")
    };
}

/// Counts one execution of this place under a name of your own, with the `counters` feature:
/// `perfattr::count!("cache_miss")`, or adds an amount: `perfattr::count!("bytes", n)`.
///
/// The count appears in [`counters::report`](crate::counters::report) beside the hints' counts, labelled with the name.
/// Without the feature it expands to nothing: no load, no store, no symbol (an amount
/// expression is type-checked, not evaluated).
///
/// ```
/// fn lookup(cache: &[u32], key: usize) -> u32 {
///     if let Some(&hit) = cache.get(key) {
///         return hit;
///     }
///     perfattr::count!("cache_miss");
///     0
/// }
/// # lookup(&[1], 5);
/// ```
#[cfg(feature = "counters")]
#[macro_export]
macro_rules! count {
    ($name:literal $(,)?) => {
        $crate::count!($name, 1)
    };
    ($name:literal, $amount:expr $(,)?) => {{
        let amount: ::core::primitive::u64 = $amount;
        $crate::__private::count_at_run_time(&mut || {
            const NAME: &::core::primitive::str = $name;
            $crate::__perfattr_located_site!(Named(NAME, ::core::option::Option::None) += amount);
        })
    }};
    ($($other:tt)*) => {
        ::core::compile_error!(
            "`perfattr::count!` takes a string literal name and an optional amount: \
             `count!(\"cache_miss\")` or `count!(\"bytes\", n)`"
        )
    };
}

/// Counts one execution of this place under a name of your own, with the `counters` feature:
/// `perfattr::count!("cache_miss")`, or adds an amount: `perfattr::count!("bytes", n)`.
///
/// The `counters` feature is off: this expands to nothing (an amount expression is
/// type-checked, not evaluated).
///
/// ```
/// fn lookup(cache: &[u32], key: usize) -> u32 {
///     if let Some(&hit) = cache.get(key) {
///         return hit;
///     }
///     perfattr::count!("cache_miss");
///     perfattr::count!("missed_keys", key as u64);
///     0
/// }
/// # lookup(&[1], 5);
/// ```
#[cfg(not(feature = "counters"))]
#[macro_export]
macro_rules! count {
    ($name:literal $(,)?) => {
        $crate::__private::count_at_run_time(&mut || {
            const _: &::core::primitive::str = $name;
        })
    };
    ($name:literal, $amount:expr $(,)?) => {{
        let _ = || -> ::core::primitive::u64 { $amount };
        $crate::__private::count_at_run_time(&mut || {
            const _: &::core::primitive::str = $name;
        })
    }};
    ($($other:tt)*) => {
        ::core::compile_error!(
            "`perfattr::count!` takes a string literal name and an optional amount: \
             `count!(\"cache_miss\")` or `count!(\"bytes\", n)`"
        )
    };
}
