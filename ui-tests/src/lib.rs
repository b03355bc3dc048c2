//! The cases live in `ui/`, run by `tests/ui.rs`.
