//! A set of a few values in a sorted `Vec`, for the macros' small sets (a function's names, a
//! target's features, the clones per architecture).
//!
//! `BTreeSet` and `BTreeMap` compiled their whole tree code once per element type: 20k of this
//! crate's 185k lines of LLVM IR, in every user's clean build, for sets of a few dozen
//! elements at most. A sorted `Vec` keeps the same order and answers in the same time at that
//! size, with the `Vec` code the crate compiles anyway.

/// A set kept sorted: iteration is in order, as a `BTreeSet`'s.
#[derive(Debug, PartialEq, Eq)]
pub struct Set<T>(Vec<T>);

impl<T: Ord> Set<T> {
    pub const fn new() -> Self {
        Set(Vec::new())
    }

    /// Adds `value`; `false` if it was there already.
    pub fn insert(&mut self, value: T) -> bool {
        match self.0.binary_search(&value) {
            Ok(_) => false,
            Err(at) => {
                self.0.insert(at, value);
                true
            }
        }
    }

    pub fn contains(&self, value: &T) -> bool {
        self.0.binary_search(value).is_ok()
    }

    pub fn is_subset(&self, other: &Set<T>) -> bool {
        self.0.iter().all(|value| other.contains(value))
    }

    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.0.iter()
    }
}

impl<T: Ord> Default for Set<T> {
    fn default() -> Self {
        Set::new()
    }
}

impl<T: Ord> FromIterator<T> for Set<T> {
    fn from_iter<I: IntoIterator<Item = T>>(values: I) -> Self {
        let mut set = Set::new();
        for value in values {
            set.insert(value);
        }
        set
    }
}

impl<T> IntoIterator for Set<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a Set<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}
