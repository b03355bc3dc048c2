//! What perfattr rewrites inside an annotated function's body: branch-level `#[cold_path]`
//! markers, and the counter sites of the function, its marked branches and the loops or
//! closures around them.

mod calls;
mod cfg_attr;
mod exprs;
mod macro_rules;
pub mod markers;
pub mod scope;
pub mod sites;
