//! Which clones of a function are the same machine code: measured apart, they differ only by
//! where the linker put them (alignment), so they are one contender. Linux on x86-64 reads each
//! clone's size from the executable's symbol table (`/proc/self/exe`) and its bytes from
//! memory; elsewhere every clone is its own contender.
//!
//! Two clones at different addresses differ in their 32-bit displacements even when they do
//! the same: a displacement counts as the same when both reach the same address, or both reach
//! writable data (each clone's own counter site, with the `counters` feature, or its entry in
//! the global offset table: the same instruction on another variable), or both reach the same
//! 64 bytes of read-only data (a constant).

use std::vec::Vec;

/// Groups of clone indices (into `code`) whose machine code is identical, each sorted, only
/// groups of two or more; empty where this cannot be read.
#[must_use]
pub(crate) fn identical(code: &[*const ()]) -> Vec<Vec<usize>> {
    let Some((sizes, sections)) = sizes(code) else {
        return Vec::new();
    };
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut placed = std::vec![false; code.len()];
    for a in 0..code.len() {
        if placed[a] || sizes[a] == 0 {
            continue;
        }
        let mut group = std::vec![a];
        for b in a + 1..code.len() {
            if !placed[b] && sizes[b] == sizes[a] && code[a] != code[b] {
                // SAFETY: both ranges are functions of this executable, of the sizes its
                // symbol table gives, in its mapped (readable) text.
                let same =
                    unsafe { same_code(code[a].cast(), code[b].cast(), sizes[a], &sections) };
                if same {
                    placed[b] = true;
                    group.push(b);
                }
            }
        }
        if group.len() > 1 {
            groups.push(group);
        }
    }
    groups
}

/// A section of the executable as mapped: start, end, whether it is writable.
pub(crate) type Section = (usize, usize, bool);

/// Whether `len` bytes at `a` and at `b` are the same code: equal, but for 32-bit
/// displacements that reach the same address from both (`a + disp_a == b + disp_b`: a call,
/// jump or RIP-relative operand to the same target), or, per `sections`, writable data from
/// both, or read-only data with the same 64 bytes at both.
///
/// # Safety
/// Both ranges must be readable, and so must every section in `sections`.
unsafe fn same_code(first: *const u8, second: *const u8, len: usize, sections: &[Section]) -> bool {
    // SAFETY: the caller's.
    let (ours, theirs) = unsafe {
        (
            core::slice::from_raw_parts(first, len),
            core::slice::from_raw_parts(second, len),
        )
    };
    let section = |address: usize| sections.iter().find(|s| s.0 <= address && address < s.1);
    // The address the displacement at `at` in `code` (at `base`) reaches, from the end of its
    // four bytes: an instruction's bytes after it are the same length in both clones, so they
    // move both targets alike.
    let target = |base: *const u8, code: &[u8], at: usize| {
        let bytes = [code[at], code[at + 1], code[at + 2], code[at + 3]];
        let displacement = isize::try_from(i32::from_le_bytes(bytes)).unwrap_or_default();
        (base as usize)
            .wrapping_add(at + 4)
            .wrapping_add_signed(displacement)
    };
    let equivalent = |at: usize| {
        let (ta, tb) = (target(first, ours, at), target(second, theirs, at));
        if ta == tb {
            return true;
        }
        match (section(ta), section(tb)) {
            (Some(sa), Some(sb)) if sa.2 && sb.2 => true,
            (Some(sa), Some(sb)) if ta + 64 <= sa.1 && tb + 64 <= sb.1 => {
                // SAFETY: both ranges are inside mapped, readable sections.
                unsafe {
                    core::slice::from_raw_parts(ta as *const u8, 64)
                        == core::slice::from_raw_parts(tb as *const u8, 64)
                }
            }
            _ => false,
        }
    };
    let mut i = 0;
    while i < len {
        if ours[i] == theirs[i] {
            i += 1;
            continue;
        }
        // A window of four bytes covering `i`, the displacement of equivalent operands.
        let explained =
            (i.saturating_sub(3)..=i).find(|&start| start + 4 <= len && equivalent(start));
        match explained {
            Some(start) => i = start + 4,
            None => return false,
        }
    }
    true
}

/// Each address's function size from the symbol table (0 where it has none), and the loaded
/// sections.
#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
fn sizes(code: &[*const ()]) -> Option<(Vec<usize>, Vec<Section>)> {
    let exe = std::fs::read("/proc/self/exe").ok()?;
    let base = load_base(&exe)?;
    let symbols = functions(&exe)?;
    let sizes = code
        .iter()
        .map(|&address| {
            let at = (address as usize).wrapping_sub(base) as u64;
            symbols
                .iter()
                .find(|&&(value, _)| value == at)
                .map_or(0, |&(_, size)| usize::try_from(size).unwrap_or(0))
        })
        .collect();
    Some((sizes, sections(&exe, base)?))
}

#[cfg(not(all(target_os = "linux", target_arch = "x86_64")))]
fn sizes(_: &[*const ()]) -> Option<(Vec<usize>, Vec<Section>)> {
    None
}

/// The sections loaded in memory (`SHF_ALLOC`, with contents: not `.bss`, and not thread-local
/// templates), at `base`.
#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
fn sections(exe: &[u8], base: usize) -> Option<Vec<Section>> {
    let (shoff, shentsize, shnum) = (u64_at(exe, 0x28)?, u16_at(exe, 0x3A)?, u16_at(exe, 0x3C)?);
    let mut sections = Vec::new();
    for i in 0..shnum {
        let at = index(shoff + i * shentsize)?;
        let (kind, flags) = (u32_at(exe, at + 4)?, u64_at(exe, at + 8)?);
        let (address, size) = (u64_at(exe, at + 0x10)?, u64_at(exe, at + 0x20)?);
        // SHT_NOBITS is 8; SHF_WRITE 1, SHF_ALLOC 2, SHF_TLS 0x400.
        if flags & 2 != 0 && flags & 0x400 == 0 && kind != 8 && address != 0 {
            let start = base + index(address)?;
            sections.push((start, start + index(size)?, flags & 1 != 0));
        }
    }
    Some(sections)
}

#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
fn u16_at(bytes: &[u8], at: usize) -> Option<u64> {
    Some(u64::from(u16::from_le_bytes(
        bytes.get(at..at + 2)?.try_into().ok()?,
    )))
}

#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
fn u32_at(bytes: &[u8], at: usize) -> Option<u64> {
    Some(u64::from(u32::from_le_bytes(
        bytes.get(at..at + 4)?.try_into().ok()?,
    )))
}

#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
fn u64_at(bytes: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(bytes.get(at..at + 8)?.try_into().ok()?))
}

#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
fn index(value: u64) -> Option<usize> {
    usize::try_from(value).ok()
}

/// Where the executable is loaded: its first mapping's start (`/proc/self/maps`, file offset
/// 0) minus its first `PT_LOAD` segment's address (0 for a position-independent executable).
#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
fn load_base(exe: &[u8]) -> Option<usize> {
    if exe.get(..4)? != b"\x7fELF" || exe.get(4)? != &2 {
        return None;
    }
    let (phoff, phentsize, phnum) = (u64_at(exe, 0x20)?, u16_at(exe, 0x36)?, u16_at(exe, 0x38)?);
    let first_load = (0..phnum).find_map(|i| {
        let at = index(phoff + i * phentsize)?;
        (u32_at(exe, at)? == 1).then(|| u64_at(exe, at + 0x10))?
    })?;
    let path = std::fs::canonicalize("/proc/self/exe").ok()?;
    let maps = std::fs::read_to_string("/proc/self/maps").ok()?;
    let start = maps.lines().find_map(|line| {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let (range, offset, file) = (fields.first()?, fields.get(2)?, fields.get(5)?);
        (u64::from_str_radix(offset, 16).ok()? == 0 && std::path::Path::new(file) == path)
            .then(|| usize::from_str_radix(range.split('-').next()?, 16).ok())?
    })?;
    start.checked_sub(index(first_load & !0xFFF)?)
}

/// Every function symbol's (address, size), from the `SHT_SYMTAB` section.
#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
fn functions(exe: &[u8]) -> Option<Vec<(u64, u64)>> {
    let (shoff, shentsize, shnum) = (u64_at(exe, 0x28)?, u16_at(exe, 0x3A)?, u16_at(exe, 0x3C)?);
    let symtab = (0..shnum).find_map(|i| {
        let at = index(shoff + i * shentsize)?;
        (u32_at(exe, at + 4)? == 2).then_some(at)
    })?;
    let (offset, size, entsize) = (
        u64_at(exe, symtab + 0x18)?,
        u64_at(exe, symtab + 0x20)?,
        u64_at(exe, symtab + 0x38)?,
    );
    if entsize < 24 {
        return None;
    }
    let mut symbols = Vec::new();
    for i in 0..size / entsize {
        let at = index(offset + i * entsize)?;
        // st_info's type: STT_FUNC.
        if exe.get(at + 4)? & 0xF == 2 {
            symbols.push((u64_at(exe, at + 8)?, u64_at(exe, at + 16)?));
        }
    }
    Some(symbols)
}

#[cfg(test)]
mod tests {
    use super::same_code;

    #[test]
    fn displacements_to_the_same_target_are_the_same_code() {
        // `call rel32` at offset 1 in two copies 0x100 bytes apart: the second's displacement
        // is 0x100 smaller, reaching the same target (0x216).
        let mut memory = std::vec![0x90_u8; 0x600];
        let code = [0x55, 0xE8, 0x10, 0x02, 0x00, 0x00, 0xC3];
        memory[..7].copy_from_slice(&code);
        memory[0x100..0x107].copy_from_slice(&code);
        memory[0x102..0x106].copy_from_slice(&0x110_u32.to_le_bytes());
        let start = memory.as_ptr() as usize;
        let same = |memory: &[u8], sections: &[super::Section]| {
            // SAFETY: both ranges, and the sections, are within `memory`.
            unsafe { same_code(memory.as_ptr(), memory[0x100..].as_ptr(), 7, sections) }
        };
        assert!(same(&memory, &[]));
        memory[0x106] = 0xC2;
        assert!(!same(&memory, &[]), "another instruction");
        memory[0x106] = 0xC3;
        memory[0x103] = 0x03;
        assert!(!same(&memory, &[]), "another target: 0x416");
        // Both targets in writable data: another variable, the same instruction.
        assert!(same(&memory, &[(start + 0x200, start + 0x500, true)]));
        // In read-only data: the same instruction only if both constants are equal.
        let rodata = [(start + 0x200, start + 0x500, false)];
        assert!(same(&memory, &rodata), "equal constants");
        memory[0x220] = 1;
        assert!(!same(&memory, &rodata), "different constants");
    }
}
