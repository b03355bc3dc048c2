//! Expansion snapshots: each `snapshots/<case>.rs` holds one item under one perfattr
//! attribute; its expansion, formatted, is committed beside it as `<case>.expanded.rs`, so a
//! change in generated code shows in review. `PERFATTR_BLESS=1 cargo test -p perfattr-macros
//! --test snapshots` rewrites them: read the diff.

mod support;

use std::path::Path;

use proc_macro2::TokenStream;
use quote::ToTokens;

#[allow(
    unused_imports,
    reason = "the implementation's modules name each other from the root"
)]
use support::{bench, body, common, fallback, hint, multiversion};

/// Expands the item of `source` under its first perfattr attribute, as rustc would call the
/// macro.
fn expand_case(source: &str) -> String {
    let mut file: syn::File = syn::parse_str(source).expect("the case parses");
    let mut item = file.items.remove(0);
    let attrs = match &mut item {
        syn::Item::Fn(item) => &mut item.attrs,
        syn::Item::Mod(item) => &mut item.attrs,
        syn::Item::Impl(item) => &mut item.attrs,
        _ => panic!("cases are functions, modules or impl blocks"),
    };
    let perfattr = ["hot", "cold_path", "multiversion", "bench_this"];
    let at = attrs
        .iter()
        .position(|attr| perfattr.iter().any(|name| attr.path().is_ident(name)))
        .expect("a perfattr attribute");
    let attr = attrs.remove(at);
    let name = attr.path().segments.last().unwrap().ident.to_string();
    let args = match &attr.meta {
        syn::Meta::List(list) => list.tokens.clone(),
        _ => TokenStream::new(),
    };
    let item = item.into_token_stream();
    let expanded = fallback::run(support::expansion(&name), args, item);
    let expanded = numbered_site_ids(expanded, &mut Vec::new());
    let file: syn::File = syn::parse2(expanded.clone())
        .unwrap_or_else(|error| panic!("the expansion does not parse ({error}): {expanded}"));
    without_section_hashes(&prettyplease::unparse(&file))
}

/// `text` with each link section's hash (of the function's tokens, site identities included)
/// shown as `<hash>`.
fn without_section_hashes(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("link_section = \"") {
        let start = at + "link_section = \"".len();
        let end = start + rest[start..].find('"').expect("a closed string");
        let section = &rest[start..end];
        let name = section.rsplit_once('.').map_or(section, |(name, _)| name);
        out.push_str(&rest[..start]);
        out.push_str(name);
        out.push_str(".<hash>");
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The expansion with each counter site's identity (`id 1234u64`, drawn per expansion, so
/// different in every test run) replaced by its order of appearance: sites that share an
/// identity (a site copied into a multiversioned function's clones) still show it.
fn numbered_site_ids(tokens: TokenStream, seen: &mut Vec<String>) -> TokenStream {
    use proc_macro2::{Group, Literal, TokenTree};
    let mut out = Vec::new();
    let mut after_id = false;
    for token in tokens {
        let token = match token {
            TokenTree::Group(group) => {
                let stream = numbered_site_ids(group.stream(), seen);
                let mut numbered = Group::new(group.delimiter(), stream);
                numbered.set_span(group.span());
                TokenTree::Group(numbered)
            }
            TokenTree::Literal(literal) if after_id => {
                let text = literal.to_string();
                let number = if let Some(at) = seen.iter().position(|id| *id == text) {
                    at + 1
                } else {
                    seen.push(text);
                    seen.len()
                };
                TokenTree::Literal(Literal::u64_suffixed(number as u64))
            }
            other => other,
        };
        after_id = matches!(&token, TokenTree::Ident(ident) if ident == "id");
        out.push(token);
    }
    out.into_iter().collect()
}

#[test]
fn expansions_match_their_snapshots() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots");
    let bless = std::env::var_os("PERFATTR_BLESS").is_some();
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            let name = path.file_name().unwrap().to_string_lossy();
            name.ends_with(".rs") && !name.ends_with(".expanded.rs")
        })
        .collect();
    cases.sort();
    assert!(cases.len() >= 10, "the snapshot cases are missing");
    let mut changed = Vec::new();
    for case in cases {
        let expanded = expand_case(&std::fs::read_to_string(&case).unwrap());
        let snapshot = case.with_extension("expanded.rs");
        let committed = std::fs::read_to_string(&snapshot).unwrap_or_default();
        if committed != expanded {
            if bless {
                std::fs::write(&snapshot, &expanded).unwrap();
            } else {
                changed.push(format!(
                    "{}:\n{expanded}",
                    snapshot.file_name().unwrap().to_string_lossy()
                ));
            }
        }
    }
    assert!(
        changed.is_empty(),
        "expansions differ from their snapshots (PERFATTR_BLESS=1 rewrites them):\n\n{}",
        changed.join("\n")
    );
}

/// The expansion of a one-line function with two targets stays within 65 lines as rustfmt
/// formats it (the `multiversion` crate's is about 210), generic or not; each clone's call
/// counter (one `site!` line, nothing without the `counters` feature) is part of it, as is the
/// dispatcher's `allow(clippy::missing_const_for_fn)` (for its nested fallback clone).
#[test]
fn a_two_target_expansion_is_at_most_65_lines() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots");
    for case in ["multiversion.rs", "multiversion-generic-two-targets.rs"] {
        let expanded = expand_case(&std::fs::read_to_string(dir.join(case)).unwrap());
        let mut rustfmt = std::process::Command::new("rustfmt")
            .args(["--edition", "2024", "--emit", "stdout"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("rustfmt (the CI toolchain has it)");
        std::io::Write::write_all(&mut rustfmt.stdin.take().unwrap(), expanded.as_bytes()).unwrap();
        let output = rustfmt.wait_with_output().unwrap();
        assert!(output.status.success());
        let text = String::from_utf8(output.stdout).unwrap();
        let lines = text.lines().filter(|line| !line.trim().is_empty()).count();
        assert!(lines <= 65, "{case}: {lines} lines\n{text}");
    }
}
