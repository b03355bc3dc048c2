//! Every function shape the hints accept behaves exactly as it did without them, and branch
//! markers in every position keep the branch's result. The crate denies warnings, clippy's
//! pedantic lints and `unused_qualifications`, so the generated code must be lint-clean too
//! (CI runs clippy with `--all-targets`).
#![deny(warnings, clippy::pedantic, unused_qualifications)]

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use perfattr::{cold_path, hot};

#[hot]
fn free(x: u32) -> u32 {
    x + 1
}

#[cold_path]
fn free_cold(x: u32) -> u32 {
    x + 2
}

#[hot(inline = always)]
pub(crate) fn crate_visible(x: u32) -> u32 {
    x * 2
}

#[must_use]
#[hot(inline = never)]
pub fn public_out_of_line(x: u32) -> u32 {
    x * 3
}

#[test]
fn free_functions() {
    assert_eq!(free(1), 2);
    assert_eq!(free_cold(1), 3);
    assert_eq!(crate_visible(4), 8);
    assert_eq!(public_out_of_line(4), 12);
}

struct Counter {
    n: u64,
}

impl Counter {
    #[hot]
    fn new() -> Self {
        Counter { n: 0 }
    }

    #[hot]
    fn bump(&mut self) -> u64 {
        self.n += 1;
        self.n
    }

    #[cold_path]
    fn reset(&mut self) {
        self.n = 0;
    }

    #[hot(inline = never)]
    fn get(&self) -> u64 {
        self.n
    }

    #[cold_path]
    fn into_inner(self) -> u64 {
        self.n
    }
}

#[test]
fn inherent_methods_and_associated_functions() {
    let mut counter = Counter::new();
    assert_eq!(counter.bump(), 1);
    assert_eq!(counter.bump(), 2);
    assert_eq!(counter.get(), 2);
    counter.reset();
    assert_eq!(counter.get(), 0);
    counter.bump();
    assert_eq!(counter.into_inner(), 1);
}

trait Shape {
    fn area(&self) -> f64;

    #[hot]
    fn double_area(&self) -> f64 {
        2.0 * self.area()
    }

    #[cold_path]
    fn describe(&self) -> String {
        format!("area {}", self.area())
    }
}

struct Square(f64);

impl Shape for Square {
    #[hot]
    fn area(&self) -> f64 {
        self.0 * self.0
    }

    #[cold_path]
    fn describe(&self) -> String {
        format!("square of side {}", self.0)
    }
}

#[test]
fn trait_impl_methods_and_default_methods() {
    let square = Square(3.0);
    assert!((square.area() - 9.0).abs() < f64::EPSILON);
    assert!((square.double_area() - 18.0).abs() < f64::EPSILON);
    assert_eq!(square.describe(), "square of side 3");
}

#[hot]
fn largest<'a, T: PartialOrd>(items: &'a [T], fallback: &'a T) -> &'a T {
    let mut best = items.first().unwrap_or(fallback);
    for item in items {
        if item > best {
            best = item;
        }
    }
    best
}

#[cold_path]
fn repeat<const N: usize, T>(value: T) -> [T; N]
where
    T: Copy,
{
    [value; N]
}

#[hot]
fn sum_all<I>(items: I) -> i64
where
    I: IntoIterator,
    I::Item: Into<i64>,
{
    items.into_iter().map(Into::into).sum()
}

#[test]
fn generic_functions() {
    assert_eq!(*largest(&[3, 9, 2], &0), 9);
    assert_eq!(*largest(&[] as &[u8], &7), 7);
    assert_eq!(repeat::<3, _>('x'), ['x', 'x', 'x']);
    assert_eq!(sum_all([1_i32, 2, 3]), 6);
    assert_eq!(sum_all(vec![10_u8, 20]), 30);
}

/// # Safety
/// `ptr` must be valid for reads.
#[hot]
unsafe fn read_hot(ptr: *const u32) -> u32 {
    // SAFETY: the caller's contract.
    unsafe { *ptr }
}

/// # Safety
/// `ptr` must be valid for reads.
#[cold_path]
unsafe fn read_cold(ptr: *const u32) -> u32 {
    // SAFETY: the caller's contract.
    unsafe { ptr.read() }
}

#[test]
fn unsafe_functions() {
    let value = 41;
    // SAFETY: `value` lives across both reads.
    assert_eq!(
        unsafe { read_hot(&raw const value) + read_cold(&raw const value) },
        82
    );
}

#[hot]
async fn fetch_hot(x: u32) -> u32 {
    std::future::ready(x).await + 1
}

#[cold_path]
async fn fetch_cold(x: u32) -> u32 {
    fetch_hot(x).await * 10
}

fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut context = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(value) = future.as_mut().poll(&mut context) {
            return value;
        }
    }
}

#[test]
fn async_functions() {
    assert_eq!(block_on(fetch_hot(1)), 2);
    assert_eq!(block_on(fetch_cold(1)), 20);
}

#[hot]
const fn square(x: u32) -> u32 {
    x * x
}

#[cold_path]
const fn checked_half(x: u32) -> Option<u32> {
    if x % 2 == 0 {
        Some(x / 2)
    } else {
        #[cold_path]
        None
    }
}

const SQUARED: u32 = square(12);
const HALF: Option<u32> = checked_half(10);
const NO_HALF: Option<u32> = checked_half(11);

#[test]
fn const_functions_in_const_context() {
    assert_eq!(SQUARED, 144);
    assert_eq!(HALF, Some(5));
    assert_eq!(NO_HALF, None);
    assert_eq!(square(3), 9);
}

#[hot]
extern "C" fn c_add(a: i32, b: i32) -> i32 {
    a + b
}

#[cold_path]
#[unsafe(no_mangle)]
extern "C" fn perfattr_tests_c_negate(a: i32) -> i32 {
    -a
}

#[test]
fn extern_c_functions() {
    let add: extern "C" fn(i32, i32) -> i32 = c_add;
    assert_eq!(add(2, 3), 5);
    assert_eq!(perfattr_tests_c_negate(4), -4);
}

/// Documented, `#[must_use]` and `#[track_caller]`: every attribute survives.
#[must_use]
#[cold_path]
#[track_caller]
fn caller_line() -> u32 {
    std::panic::Location::caller().line()
}

/// Lints configured on the function stay in force.
#[hot]
#[allow(clippy::needless_range_loop)]
fn sum_indexed(items: &[u32]) -> u32 {
    #![allow(clippy::items_after_statements)]
    let mut total = 0;
    for i in 0..items.len() {
        total += items[i];
    }
    const BONUS: u32 = 0;
    total + BONUS
}

#[test]
fn other_attributes_and_doc_comments_are_kept() {
    let line = line!() + 1;
    let reported = caller_line();
    assert_eq!(reported, line);
    assert_eq!(sum_indexed(&[1, 2, 3]), 6);
}

#[test]
fn functions_inside_functions() {
    #[hot]
    fn inner(x: u32) -> u32 {
        #[cold_path]
        fn innermost(x: u32) -> u32 {
            x * 100
        }
        if x > 10 { innermost(x) } else { x }
    }
    assert_eq!(inner(3), 3);
    assert_eq!(inner(11), 1100);
}

#[derive(Debug, PartialEq)]
enum Token {
    Number(u64),
    Plus,
}

/// Branch markers in every position: match arm (expression and block bodies), block,
/// `let`, expression statement, macro statement, tail expression of an `if` branch, inside a
/// closure, inside an `unsafe` block, and a marker on a labelled block.
#[hot]
fn tokenize(input: &str) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let mut number: Option<u64> = None;
    for (at, c) in input.char_indices() {
        match c {
            '0'..='9' => {
                let digit = u64::from(c.to_digit(10).unwrap_or_default());
                number = Some(number.unwrap_or(0) * 10 + digit);
            }
            '+' => {
                if let Some(n) = number.take() {
                    tokens.push(Token::Number(n));
                }
                tokens.push(Token::Plus);
            }
            #[cold_path]
            ' ' => {}
            #[cold_path]
            other => return Err(format!("unexpected {other:?} at {at}")),
        }
    }
    if let Some(n) = number {
        tokens.push(Token::Number(n));
    }
    Ok(tokens)
}

#[hot]
fn positions(values: &[i64]) -> (i64, usize) {
    let mut total = 0;
    let mut rare = 0;
    for &value in values {
        if value < 0 {
            #[cold_path]
            let negated = -value;
            total += negated;
            rare += 1;
        } else if value > 1000 {
            #[cold_path]
            rare += 1;
            #[cold_path]
            {
                total += 1000;
            }
        } else if value == 500 {
            #[cold_path]
            debug_assert!(value == 500);
            total += 500;
        } else {
            total += value;
        }
    }
    let clamp = |x: i64| match x {
        #[cold_path]
        i64::MIN..=-1 => 0,
        x => x,
    };
    let raw = &raw const total;
    // SAFETY: `raw` points at the live local `total`.
    let read = #[cold_path]
    unsafe {
        *raw
    };
    let labelled = #[cold_path]
    'block: {
        if read > 0 {
            break 'block read;
        }
        0
    };
    (clamp(labelled), rare)
}

#[cold_path]
fn fallible(x: i32) -> Option<i32> {
    if x < 0 {
        #[cold_path]
        None
    } else {
        Some(x)
    }
}

#[test]
fn branch_markers_keep_every_result() {
    assert_eq!(
        tokenize("12+3"),
        Ok(vec![Token::Number(12), Token::Plus, Token::Number(3)])
    );
    assert_eq!(tokenize("1 + 2").map(|t| t.len()), Ok(3));
    assert_eq!(tokenize("1*2"), Err("unexpected '*' at 1".to_owned()));
    assert_eq!(positions(&[1, -2, 2000, 500]), (1 + 2 + 1000 + 500, 2));
    assert_eq!(positions(&[]), (0, 0));
    assert_eq!(fallible(-1), None);
    assert_eq!(fallible(4), Some(4));
}

#[test]
fn runtime_hints_return_their_argument() {
    for value in [true, false] {
        assert_eq!(perfattr::likely(value), value);
        assert_eq!(perfattr::unlikely(value), value);
    }
    const { assert!(perfattr::likely(true) && perfattr::unlikely(true)) };
}
