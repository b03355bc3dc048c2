//! The macros never panic: every attribute's expansion is driven, through proc-macro2 outside
//! the compiler, with inputs made by mutating a corpus of valid functions and attribute
//! arguments (dropping, duplicating, swapping, replacing and inserting tokens, at any depth).
//! Each must give an expansion, or an error that the fallback turns into the user's item plus
//! a `compile_error!`. (Whether the expansion parses as items is counted, not required: syn
//! accepts some token sequences rustc rejects, such as `-> usize +`, and those stay invalid
//! once expanded, with spans on the user's tokens.)
//!
//! `cargo test -p perfattr-macros --test fuzz` runs 20,000 inputs from a fixed seed (about 6 s
//! in a debug build; `.ci/run` runs 100,000); `PERFATTR_FUZZ_CASES=5000000 PERFATTR_FUZZ_SEED=7`
//! runs longer or elsewhere.

mod support;

use std::panic::{self, AssertUnwindSafe};
use std::str::FromStr;
use std::time::Instant;

use proc_macro2::{Delimiter, Group, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};

#[allow(
    unused_imports,
    reason = "the implementation's modules name each other from the root"
)]
use support::{bench, body, common, fallback, hint, multiversion};

/// Each attribute's corpus of arguments.
const ARGUMENTS: [(&str, &[&str]); 4] = [
    (
        "hot",
        &[
            "",
            "inline = always",
            "inline = never",
            "crate = ::perfattr",
            "crate = \"::pa\"",
            "inline = never, crate = pa",
        ],
    ),
    ("cold_path", &["", "crate = ::perfattr", "crate = \"x::y\""]),
    (
        "multiversion",
        &[
            "avx2, sse4",
            "avx2 + fma, sse4.1",
            "\"avx2+fma\", v2",
            "v4, v3, v2",
            "avx512, avx2",
            "neon, dotprod",
            "crate = ::pa, avx2",
            "sse4.2 + popcnt, sse3",
        ],
    ),
    (
        "bench_this",
        &[
            "",
            "args = [1, 2]",
            "input = |n| vec![0u8; n], sizes = [64, 128]",
            "setup = Foo::new(), args = [3]",
            "name = \"x\", group = \"g\", throughput = bytes(n * 2)",
            "args = [(1, 2), (3, 4)]",
            "input = || String::new(), throughput = none",
            "crate = ::pa",
        ],
    ),
];

const ITEMS: &[&str] = &[
    "fn f() {}",
    "pub fn parse(input: &str) -> Result<u32, E> { match input.len() { 0 => Ok(0), #[cold_path] _ => Err(E) } }",
    "fn sum<'a, T: Copy + Into<u64>, const N: usize>(xs: &'a [T; N]) -> u64 where T: Default { let mut s = 0; for &x in xs { if x.into() == 0 { #[cold_path] continue; } s += x.into(); } s }",
    "unsafe fn raw(p: *const u8) -> u8 { unsafe { *p } }",
    "async fn a() -> u32 { 1 }",
    "const fn c(x: u32) -> u32 { x }",
    "fn m(&self, (a, b): (u32, u32), mut x: u32) -> Self { x += a; #[cold_path] { x -= b; } todo!() }",
    "mod kernels { pub fn a(x: &[f32]) -> f32 { b(x) } fn b(x: &[f32]) -> f32 { x.iter().sum() } }",
    "impl Foo { fn a(&self) -> u32 { self.b() } fn b(&self) -> u32 { 1 } }",
    "impl Trait for Foo { fn a(&self, x: u32) -> u32 { x } }",
    "fn closure() -> u32 { let f = |x: u32| { if x > 3 { #[cold_path] return 0; } x }; f(1) }",
    "fn decl(x: u32);",
    "struct S;",
    "#[inline(always)] fn g() {}",
    "fn r(x: u32) -> impl Iterator<Item = u32> { 0..x }",
    "fn fib(n: u32) -> u64 { if n < 2 { n as u64 } else { fib(n - 1) + fib(n - 2) } }",
    "#[doc = \"x\"] pub(crate) extern \"C\" fn e(x: i32) -> i32 { while x > 0 { #[cold_path] break; } x }",
    "fn digits(data: &[u8]) -> usize { data.iter().filter(|b| match b { b'0'..=b'9' => true, #[cold_path] _ => false }).count() }",
    "fn m(x: f32) -> Option<usize> { #[inherit_target] fn h() -> bool { target_cfg!(target_feature = \"avx2\") } #[target_cfg_attr(target_feature = \"avx2\", inline)] fn g() {} let _ = match_target! { \"x86_64+avx2\" | \"v3\" => h(), _ => false }; simd_width!(f32) }",
    "fn w(x: u32) -> (u32, &'static str) { #[target_cfg(all(target_feature = \"avx2\", not(target_feature = \"v4\")))] let n = 8; #[perfattr::target_cfg(not(target_feature = \"avx2\"))] let n = 4; if perfattr::target_cfg!(target_feature = \"fma\") { fn inner() -> bool { target_cfg!(any()) } } (x * n, selected!()) }",
    "fn c(x: u32) -> u32 { match x { #[cfg_attr(feature = \"f\", cold_path, inline)] 0 => 1, _ => { perfattr::cold!(); x } } }",
];

/// A small deterministic generator (xorshift64*), so a failure is reproducible from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % u64::try_from(n.max(1)).unwrap_or(1)).unwrap_or(0)
    }
}

/// Tokens the mutations insert: the attributes' own words, Rust keywords, punctuation,
/// literals and small groups.
fn pool(rng: &mut Rng) -> TokenTree {
    const IDENTS: &[&str] = &[
        "fn",
        "pub",
        "async",
        "const",
        "unsafe",
        "impl",
        "mod",
        "self",
        "Self",
        "where",
        "dyn",
        "cold_path",
        "hot",
        "multiversion",
        "target_cfg",
        "target_cfg_attr",
        "match_target",
        "simd_width",
        "inherit_target",
        "selected_target",
        "selected",
        "cfg_attr",
        "target_feature",
        "bench_this",
        "avx2",
        "sse4",
        "v3",
        "neon",
        "inline",
        "always",
        "never",
        "crate",
        "args",
        "input",
        "sizes",
        "setup",
        "throughput",
        "bytes",
        "elements",
        "name",
        "group",
        "for",
        "loop",
        "while",
        "match",
        "return",
        "u32",
        "x",
        "target_feature",
        "cold",
        "link_section",
        "extern",
        "r#type",
        "_",
    ];
    const PUNCTS: &[char] = &[
        '#', '!', ',', '+', '=', ':', ';', '&', '*', '<', '>', '|', '.', '-', '?', '\'', '@',
    ];
    match rng.below(4) {
        0 => TokenTree::Ident(Ident::new_raw_or_plain(IDENTS[rng.below(IDENTS.len())])),
        1 => TokenTree::Punct(Punct::new(
            PUNCTS[rng.below(PUNCTS.len())],
            if rng.below(2) == 0 {
                Spacing::Alone
            } else {
                Spacing::Joint
            },
        )),
        2 => TokenTree::Literal(match rng.below(5) {
            0 => Literal::string("avx2+fma"),
            1 => Literal::u32_unsuffixed(u32::try_from(rng.below(5000)).unwrap_or(0)),
            2 => Literal::f64_unsuffixed(1.5),
            3 => Literal::character('c'),
            _ => Literal::byte_string(b"y"),
        }),
        _ => {
            let inner = ["", "cold_path", "hot", "avx2", "1, 2", "inline(always)"];
            let delimiter =
                [Delimiter::Parenthesis, Delimiter::Bracket, Delimiter::Brace][rng.below(3)];
            let stream = TokenStream::from_str(inner[rng.below(inner.len())]).unwrap_or_default();
            TokenTree::Group(Group::new(delimiter, stream))
        }
    }
}

trait RawOrPlain {
    fn new_raw_or_plain(name: &str) -> Ident;
}

impl RawOrPlain for Ident {
    fn new_raw_or_plain(name: &str) -> Ident {
        match name.strip_prefix("r#") {
            Some(raw) => Ident::new_raw(raw, Span::call_site()),
            None => Ident::new(name, Span::call_site()),
        }
    }
}

/// One mutation somewhere in `stream`: at this level, or inside one of its groups.
fn mutate(stream: TokenStream, rng: &mut Rng) -> TokenStream {
    let mut trees: Vec<TokenTree> = stream.into_iter().collect();
    let groups: Vec<usize> = (0..trees.len())
        .filter(|&i| matches!(trees[i], TokenTree::Group(_)))
        .collect();
    if !groups.is_empty() && rng.below(2) == 0 {
        let at = groups[rng.below(groups.len())];
        if let TokenTree::Group(group) = &trees[at] {
            let mut inner = Group::new(group.delimiter(), mutate(group.stream(), rng));
            inner.set_span(group.span());
            trees[at] = TokenTree::Group(inner);
        }
        return trees.into_iter().collect();
    }
    let len = trees.len();
    // Same-kind replacements keep the input parseable more often, reaching the checks that
    // run after parsing.
    let same_kind: Vec<usize> = (0..len)
        .filter(|&i| matches!(trees[i], TokenTree::Ident(_) | TokenTree::Literal(_)))
        .collect();
    if !same_kind.is_empty() && rng.below(2) == 0 {
        let at = same_kind[rng.below(same_kind.len())];
        let want_ident = matches!(trees[at], TokenTree::Ident(_));
        loop {
            let token = pool(rng);
            if matches!(
                (&token, want_ident),
                (TokenTree::Ident(_), true) | (TokenTree::Literal(_), false)
            ) {
                trees[at] = token;
                break;
            }
        }
        return trees.into_iter().collect();
    }
    match rng.below(5) {
        0 if len > 0 => {
            trees.remove(rng.below(len));
        }
        1 if len > 0 => {
            let at = rng.below(len);
            let copy = trees[at].clone();
            trees.insert(at, copy);
        }
        2 if len > 1 => trees.swap(rng.below(len), rng.below(len)),
        3 if len > 0 => trees[rng.below(len)] = pool(rng),
        _ => {
            let token = pool(rng);
            trees.insert(rng.below(len + 1), token);
        }
    }
    trees.into_iter().collect()
}

fn parse(text: &str) -> TokenStream {
    TokenStream::from_str(text).expect("the corpus is valid tokens")
}

/// What one input gave.
enum Outcome {
    /// An expansion; `false` if it does not parse as items.
    Expansion(bool),
    /// An error, emitted with the item by the fallback.
    Error,
}

/// Runs one input; `Err` describes what went wrong.
fn run_one(
    expand: fallback::Expand,
    args: &TokenStream,
    item: &TokenStream,
) -> Result<Outcome, String> {
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
        match expand(args.clone(), item.clone()) {
            Ok(expansion) => Ok(Outcome::Expansion(
                syn::parse2::<syn::File>(expansion).is_ok(),
            )),
            Err(error) => {
                let emitted = fallback::emit(item, &error).to_string();
                if emitted.contains("compile_error") {
                    Ok(Outcome::Error)
                } else {
                    Err(format!("the fallback has no compile_error!: {emitted}"))
                }
            }
        }
    }));
    outcome.unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_default();
        Err(format!("panicked: {message}"))
    })
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

#[test]
fn no_input_makes_a_macro_panic() {
    let cases = env_number("PERFATTR_FUZZ_CASES", 20_000);
    let seed = env_number("PERFATTR_FUZZ_SEED", 0x005e_ed0f_9e4f_a77e);
    let mut rng = Rng(seed | 1);
    let items: Vec<TokenStream> = ITEMS.iter().map(|item| parse(item)).collect();
    let started = Instant::now();
    let quiet = panic::take_hook();
    panic::set_hook(Box::new(|_| {}));
    let mut failures = Vec::new();
    let mut expansions = [0u64; 4];
    let mut errors = [0u64; 4];
    let mut unparsed = 0u64;
    for case in 0..cases {
        let which = usize::try_from(case % 4).unwrap_or(0);
        let (name, args) = ARGUMENTS[which];
        let expand = support::expansion(name);
        let mut args = parse(args[rng.below(args.len())]);
        let mut item = items[rng.below(items.len())].clone();
        for _ in 0..=rng.below(3) {
            if rng.below(3) == 0 {
                args = mutate(args, &mut rng);
            } else {
                item = mutate(item, &mut rng);
            }
        }
        match run_one(expand, &args, &item) {
            Ok(Outcome::Expansion(parses)) => {
                expansions[which] += 1;
                unparsed += u64::from(!parses);
            }
            Ok(Outcome::Error) => errors[which] += 1,
            Err(what) if failures.len() < 5 => {
                failures.push(format!("#[{name}({args})] {item}\n  {what}"));
            }
            Err(_) => {}
        }
    }
    panic::set_hook(quiet);
    println!(
        "{cases} inputs (seed {seed:#x}) in {:.1?}; {unparsed} expansions of inputs syn \
         accepts but that do not parse once expanded",
        started.elapsed()
    );
    for (i, (name, _)) in ARGUMENTS.iter().enumerate() {
        println!(
            "  #[{name}]: {} expansions, {} errors",
            expansions[i], errors[i]
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    // Every attribute reaches both outcomes: its corpus is neither all rejected nor all
    // accepted after mutation.
    for i in 0..ARGUMENTS.len() {
        assert!(expansions[i] > cases / 400 && errors[i] > cases / 400);
    }
}
