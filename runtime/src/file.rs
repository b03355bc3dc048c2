//! Every file perfattr writes (the counter report, the results file, the dispatch profile) is
//! written whole to a temporary file beside it and renamed over it: a process killed while it
//! writes leaves the previous file as it was (and a stray `.<name>.<pid>.tmp`), never a truncated
//! one.

use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

/// Writes `contents` to `path` through a temporary file and a rename.
///
/// # Errors
/// When the directory cannot be made, or the temporary file written or renamed (it is removed).
pub(crate) fn write_atomically(path: &Path, contents: &[u8]) -> io::Result<()> {
    write_with(path, |file| file.write_all(contents))
}

/// [`write_atomically`] with the writing done by `write` (tests stop it half-way).
pub(crate) fn write_with(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> io::Result<()>,
) -> io::Result<()> {
    if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let temporary = temporary(path);
    let written = std::fs::File::create(&temporary).and_then(|mut file| {
        write(&mut file)?;
        file.sync_data()
    });
    let renamed = written.and_then(|()| std::fs::rename(&temporary, path));
    if renamed.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    renamed
}

/// `.<name>.<pid>.tmp` beside `path`: one per process, so two writers never share one.
fn temporary(path: &Path) -> PathBuf {
    let mut name = std::ffi::OsString::from(".");
    name.push(path.file_name().unwrap_or_default());
    name.push(std::format!(".{}.tmp", std::process::id()));
    path.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use std::io::Write as _;

    #[test]
    fn a_write_stopped_half_way_leaves_the_previous_file_whole() {
        let dir = std::env::temp_dir().join(std::format!("perfattr-file-{}", std::process::id()));
        let path = dir.join("report.json");
        super::write_atomically(&path, b"{\"previous\": true}\n").unwrap();
        // A writer that dies after half its bytes (as a killed process would).
        let stopped = super::write_with(&path, |file| {
            file.write_all(b"{\"next\": ")?;
            Err(std::io::Error::other("killed"))
        });
        assert!(stopped.is_err());
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "{\"previous\": true}\n"
        );
        super::write_atomically(&path, b"{\"next\": true}\n").unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "{\"next\": true}\n"
        );
        let names: std::vec::Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        assert_eq!(names, ["report.json"], "no temporary file left behind");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
