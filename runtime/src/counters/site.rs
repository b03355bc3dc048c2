//! [`Site`]: one counted place in the program, a `static` the macros emit and the linker
//! gathers into [`SITES`].

use core::ptr;
use core::sync::atomic::AtomicUsize;
use core::sync::atomic::Ordering::Relaxed;
use std::string::String;

use crate::report::counts::Kind;

/// A leaf site's pending count on each thread, generated beside the site (see
/// `super::pending`).
#[doc(hidden)]
pub type Pending = std::thread::LocalKey<core::cell::Cell<u64>>;

/// One counted place in the program, built by the macros; the report shows it as a
/// [`SiteCount`].
#[doc(hidden)]
#[derive(Debug)]
pub struct Site {
    /// What it counts.
    pub kind: Kind,
    /// The function's name; for a branch or region, the enclosing function's; for `count!`,
    /// the counter's name.
    pub name: &'static str,
    /// The compiler's name of an item nested in the site's static, which names the function it
    /// is in (see `crate::path`); `None` for `count!`.
    pub path: Option<fn() -> &'static str>,
    /// `module_path!()` where it is.
    pub module_path: &'static str,
    /// `file!()`.
    pub file: &'static str,
    /// 1-based line of the function's name, the marker, the loop or the `count!`.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// The macros' identity of the site: shared only by the copies of one site in the clones
    /// of a multiversioned function, which are one row of the report. 0 for a `count!` site,
    /// whose copies are merged by location.
    pub id: u64,
    /// A branch's or region's reference: the innermost enclosing counted loop or closure, or
    /// the function.
    pub parent: Option<&'static Site>,
    /// For functions and regions: the functions and methods called directly in it, outside
    /// cold branches and uncounted loops, by name; how a `#[cold_path]` function finds the hot
    /// code it is compared with.
    pub calls: &'static [&'static str],
    /// For a `#[hot]` function: every function and method called anywhere in it outside cold
    /// branches, in loops and closures too, by name; how a hot function finds the hot code it
    /// calls, and the hot code that calls it.
    pub reaches: &'static [&'static str],
    /// A function whose body has a loop: its calls do not say how much work it does.
    pub has_loop: bool,
    /// A clone's site: its target's name (`v3`, `fallback`); empty otherwise.
    pub target: &'static str,
    /// A leaf's site: its pending count on each thread (see `super::pending`).
    pub pending: Option<&'static Pending>,
    /// Its position in [`SITES`] plus one, once looked up; 0 before. Only [`Site::index`]
    /// stores it, and only a position it found in [`SITES`], which is what makes the fast
    /// path's unchecked index sound.
    slot: AtomicUsize,
}

impl Site {
    /// A site; only the macros build them.
    #[doc(hidden)]
    #[allow(clippy::too_many_arguments)]
    #[must_use]
    pub const fn new(
        kind: Kind,
        name: &'static str,
        parent: Option<&'static Site>,
        calls: &'static [&'static str],
        reaches: &'static [&'static str],
        has_loop: bool,
        path: Option<fn() -> &'static str>,
        module_path: &'static str,
        file: &'static str,
        line: u32,
        column: u32,
        id: u64,
    ) -> Site {
        Site {
            id,
            kind,
            name,
            path,
            module_path,
            file,
            line,
            column,
            parent,
            calls,
            reaches,
            has_loop,
            target: "",
            pending: None,
            slot: AtomicUsize::new(0),
        }
    }

    /// The site as a clone's: the calls of the clone for `target`.
    #[doc(hidden)]
    #[must_use]
    pub const fn for_clone(mut self, target: &'static str) -> Site {
        self.target = target;
        self
    }

    /// The site as a leaf's: counted in `pending` while its thread is inside a scope.
    #[doc(hidden)]
    #[must_use]
    pub const fn leaf(mut self, pending: &'static Pending) -> Site {
        self.pending = Some(pending);
        self
    }

    /// The path of the function it is in, as a user writes it (`app::Request::parse`); for a
    /// `count!`, its module's path and its name.
    #[must_use]
    pub(crate) fn function_path(&self) -> String {
        match self.path {
            Some(path) => crate::path::of_site(path(), self.name),
            None => std::format!("{}::{}", self.module_path, self.name),
        }
    }

    /// `file:line:column`.
    #[must_use]
    pub(crate) fn location(&self) -> String {
        std::format!("{}:{}:{}", self.file, self.line, self.column)
    }

    /// Its position in [`SITES`] plus one, if it was looked up; 0 before.
    #[inline(always)]
    #[allow(clippy::inline_always)] // on the counting fast path
    pub(crate) fn cached_slot(&self) -> usize {
        self.slot.load(Relaxed)
    }

    /// Its position in [`SITES`], looked up (and cached) on its first count; `None` for a site
    /// that is not registered (only the macros build sites, and they register them).
    pub(crate) fn index(&'static self) -> Option<usize> {
        let index = SITES.iter().position(|site| ptr::eq(site, self))?;
        self.slot.store(index + 1, Relaxed);
        Some(index)
    }
}

/// Every site of the program, placed by the linker.
#[doc(hidden)]
#[linkme::distributed_slice]
pub static SITES: [Site];
