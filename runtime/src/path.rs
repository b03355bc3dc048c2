//! The path a user would write for an annotated function: `app::Request::parse`,
//! `<app::Request as app::Parse>::parse`, `app::Cache<_>::get`.
//!
//! A proc macro sees a method without its `impl`, so it cannot name the type. The compiler
//! can: each registered static the macros emit (a dispatch entry, a bench registration, a
//! counter site) holds a function item nested in its own initializer, and
//! `core::any::type_name_of_val` of that item is the item's full path,
//! `app::Request::parse::__PERFATTR_ENTRY::__perfattr_path`, on every release perfattr
//! supports (1.85 and later; the test of each report checks the shape).

/// The path of the function holding the static whose initializer holds the helper item `raw`
/// names: the helper and the static dropped, and the closures and `const` blocks between
/// (`{{closure}}`, `{{constant}}`, `_`). A slice of `raw`, so `'static`.
#[must_use]
pub(crate) fn enclosing(raw: &'static str) -> &'static str {
    let mut path = raw;
    for _ in 0..2 {
        path = parent(path);
    }
    while let Some((head, last)) = path.rsplit_once("::") {
        if last.starts_with("{{") || last == "_" {
            path = head;
        } else {
            break;
        }
    }
    path
}

/// `path` without its last segment (a plain identifier: `::` inside `<…>` only comes before).
fn parent(path: &str) -> &str {
    path.rsplit_once("::").map_or(path, |(head, _)| head)
}

/// The user's function a counter site is in, named `function`: [`enclosing`], without the
/// clones' functions and modules (`__perfattr_…`), ending in `function` (unless it is empty:
/// a `cold!` does not know its function's name). A site in a
/// multiversioned function's clone `app::Request::__perfattr_parse_v3` is `app::Request::parse`,
/// in `app::kernels::__perfattr_v3::sum` it is `app::kernels::sum`.
#[cfg(feature = "counters")]
#[must_use]
pub(crate) fn of_site(raw: &'static str, function: &str) -> std::string::String {
    use std::string::String;
    use std::vec::Vec;
    let path = enclosing(raw);
    let mut segments: Vec<&str> = top_level_segments(path)
        .into_iter()
        .filter(|segment| {
            !(segment.starts_with("__perfattr_") || segment.starts_with("{{") || *segment == "_")
        })
        .collect();
    // A method of an `impl` in another module than its type: `b::<impl a::S>::f` is the `a::S::f`
    // a user writes, `b::<impl T for a::S>::f` the `<a::S as T>::f`.
    let owner;
    if let Some(at) = segments.iter().position(|s| s.starts_with("<impl ")) {
        let inner = &segments[at]["<impl ".len()..segments[at].len() - 1];
        owner = match inner.split_once(" for ") {
            Some((tr, ty)) => std::format!("<{ty} as {tr}>"),
            None => inner.into(),
        };
        segments.splice(..=at, [owner.as_str()]);
    }
    if !function.is_empty() && segments.last() != Some(&function) {
        segments.push(function);
    }
    let mut joined = String::new();
    for (i, segment) in segments.iter().enumerate() {
        if i > 0 {
            joined.push_str("::");
        }
        joined.push_str(segment);
    }
    joined
}

/// `path` relative to `module` (`module_path!()` of the site): `Request::parse`, or for a
/// trait impl `<Request as Parse>::parse`, every path inside that starts with `module::`
/// shortened the same way.
#[cfg(feature = "counters")]
#[must_use]
pub(crate) fn relative(path: &str, module: &str) -> std::string::String {
    use std::string::String;
    let prefix = std::format!("{module}::");
    let mut out = String::with_capacity(path.len());
    let mut rest = path;
    while let Some(at) = rest.find(prefix.as_str()) {
        let starts_path = rest[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == ':'));
        out.push_str(&rest[..at]);
        if !starts_path {
            out.push_str(&prefix);
        }
        rest = &rest[at + prefix.len()..];
    }
    out.push_str(rest);
    out
}

/// `path` split before its last segment outside `<…>`: (`app::Request`, `parse`).
#[cfg(feature = "counters")]
#[must_use]
pub(crate) fn split_last(path: &str) -> Option<(&str, &str)> {
    let segments = top_level_segments(path);
    let last = *segments.last()?;
    (segments.len() >= 2).then(|| (&path[..path.len() - last.len() - 2], last))
}

/// The segments of `path` separated by `::` outside `<…>`.
#[cfg(feature = "counters")]
fn top_level_segments(path: &str) -> std::vec::Vec<&str> {
    let bytes = path.as_bytes();
    let mut segments = std::vec::Vec::new();
    let (mut depth, mut start, mut i) = (0usize, 0, 0);
    while i < bytes.len() {
        match bytes[i] {
            b'<' => depth += 1,
            b'>' if i == 0 || bytes[i - 1] != b'-' => depth = depth.saturating_sub(1),
            b':' if depth == 0 && bytes.get(i + 1) == Some(&b':') => {
                segments.push(&path[start..i]);
                start = i + 2;
                i += 1;
            }
            _ => {}
        }
        i += 1;
    }
    segments.push(&path[start..]);
    segments
}

#[cfg(all(test, feature = "counters"))]
mod tests {
    use super::{enclosing, of_site, relative};

    #[test]
    fn enclosing_drops_the_helper_the_static_and_closures() {
        assert_eq!(
            enclosing("app::Request::parse::__PERFATTR_ENTRY::__perfattr_path"),
            "app::Request::parse"
        );
        assert_eq!(
            enclosing("<app::Gen<_> as app::P>::parse::{{closure}}::SITE::__perfattr_path"),
            "<app::Gen<_> as app::P>::parse"
        );
        assert_eq!(
            enclosing("app::f::_::__PERFATTR_BENCH::__perfattr_path"),
            "app::f"
        );
    }

    #[test]
    fn a_site_in_a_clone_is_the_users_function() {
        let raw = "app::Request::__perfattr_parse_v3::{{closure}}::SITE::__perfattr_path";
        assert_eq!(of_site(raw, "parse"), "app::Request::parse");
        let raw = "app::sum::__perfattr_v3::__PERFATTR_SITE::__perfattr_path";
        assert_eq!(of_site(raw, "sum"), "app::sum");
        let raw = "app::kernels::__perfattr_v3::sum::__PERFATTR_SITE::__perfattr_path";
        assert_eq!(of_site(raw, "sum"), "app::kernels::sum");
    }

    #[test]
    fn a_method_of_an_impl_in_another_module_is_named_by_its_type() {
        let raw = "app::b::<impl app::a::S>::f::__PERFATTR_SITE::__perfattr_path";
        assert_eq!(of_site(raw, "f"), "app::a::S::f");
        let raw = "app::b::<impl app::T for app::a::S>::f::__PERFATTR_SITE::__perfattr_path";
        assert_eq!(of_site(raw, "f"), "<app::a::S as app::T>::f");
        let raw = "<alloc::vec::Vec<_> as app::P>::__perfattr_p_v3::SITE::__perfattr_path";
        assert_eq!(of_site(raw, "p"), "<alloc::vec::Vec<_> as app::P>::p");
    }

    #[test]
    fn relative_shortens_every_path_in_the_module() {
        assert_eq!(
            relative("app::m::Request::parse", "app::m"),
            "Request::parse"
        );
        assert_eq!(
            relative("<app::m::Request as app::m::Parse>::parse", "app::m"),
            "<Request as Parse>::parse"
        );
        assert_eq!(
            relative("<myapp::R as app::P>::p", "app"),
            "<myapp::R as P>::p"
        );
        assert_eq!(relative("other::f", "app"), "other::f");
    }
}
