//! What generated code reaches, by absolute path (`::perfattr::__private::…`). Not a public
//! API: it changes with the macros, which the runtime pins exactly.

pub use crate::cpu::Features;
pub use crate::dispatch::{Entry, MULTIVERSIONED, Slot, Target, UNINIT, active_bits};
pub use crate::hint::cold_path;
pub use linkme;
