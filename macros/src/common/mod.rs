//! What every attribute shares: errors, the typed function model, perfattr's attribute
//! names, the runtime's path, a fixed hash, copies of syn nodes, one compiled syn traversal
//! for every visitor, small sorted sets, and the hand-off from `#[multiversion]` to
//! `#[bench_this]`.

pub mod attrs;
pub mod copy;
pub mod errors;
pub mod function;
pub mod handoff;
pub mod hash;
pub mod krate;
pub mod set;
pub mod visit;
