//! The return type of a multiversioned function declared `-> impl Trait`: each clone returns
//! its own opaque type, so the dispatcher returns one of them in an `Either` (nested for more
//! than two clones), which implements the traits perfattr supports there by delegating to
//! whichever clone's value it holds.

use core::fmt;
use core::future::Future;
use core::iter::FusedIterator;
use core::pin::Pin;
use core::task::{Context, Poll};

/// One of two values; `A` is a better clone's, `B` the rest.
#[derive(Clone, Copy)]
pub enum Either<A, B> {
    A(A),
    B(B),
}

/// `$body` with `$name` bound to whichever value `$value` holds.
macro_rules! either {
    ($value:expr, $name:ident => $body:expr) => {
        match $value {
            Either::A($name) => $body,
            Either::B($name) => $body,
        }
    };
}

impl<A: Iterator, B: Iterator<Item = A::Item>> Iterator for Either<A, B> {
    type Item = A::Item;

    #[inline]
    fn next(&mut self) -> Option<A::Item> {
        either!(self, inner => inner.next())
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        either!(self, inner => inner.size_hint())
    }

    /// Internal iteration stays inside the clone's own iterator (one branch, not one per item).
    #[inline]
    fn fold<Acc, F: FnMut(Acc, A::Item) -> Acc>(self, init: Acc, f: F) -> Acc {
        either!(self, inner => inner.fold(init, f))
    }

    #[inline]
    fn count(self) -> usize {
        either!(self, inner => inner.count())
    }
}

impl<A: DoubleEndedIterator, B: DoubleEndedIterator<Item = A::Item>> DoubleEndedIterator
    for Either<A, B>
{
    #[inline]
    fn next_back(&mut self) -> Option<A::Item> {
        either!(self, inner => inner.next_back())
    }

    #[inline]
    fn rfold<Acc, F: FnMut(Acc, A::Item) -> Acc>(self, init: Acc, f: F) -> Acc {
        either!(self, inner => inner.rfold(init, f))
    }
}

impl<A: ExactSizeIterator, B: ExactSizeIterator<Item = A::Item>> ExactSizeIterator
    for Either<A, B>
{
    #[inline]
    fn len(&self) -> usize {
        either!(self, inner => inner.len())
    }
}

impl<A: FusedIterator, B: FusedIterator<Item = A::Item>> FusedIterator for Either<A, B> {}

impl<A: Future, B: Future<Output = A::Output>> Future for Either<A, B> {
    type Output = A::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<A::Output> {
        // SAFETY: structural pinning: the value is never moved out of the pinned enum, and
        // `Either` has no `Drop` impl and is `Unpin` only when both sides are.
        unsafe {
            match self.get_unchecked_mut() {
                Either::A(inner) => Pin::new_unchecked(inner).poll(cx),
                Either::B(inner) => Pin::new_unchecked(inner).poll(cx),
            }
        }
    }
}

impl<A: fmt::Display, B: fmt::Display> fmt::Display for Either<A, B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        either!(self, inner => fmt::Display::fmt(inner, f))
    }
}

impl<A: fmt::Debug, B: fmt::Debug> fmt::Debug for Either<A, B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        either!(self, inner => fmt::Debug::fmt(inner, f))
    }
}
