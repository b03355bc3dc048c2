//! Helpers shared by the multiversion test files.

/// Which clone ran: the address of a `static` in the calling function's body. Every clone has
/// its own copy of the body, so each has its own static.
macro_rules! clone_id {
    () => {{
        static CLONE: u8 = 0;
        std::ptr::from_ref(&CLONE) as usize
    }};
}
