//! Write: the one output sink, to disk (atomically) or to memory.
//!
//! A disk build writes into a temporary folder beside the output and swaps it in only when
//! [`Output::finish`] is called after a successful build, so a failed or interrupted build leaves
//! the previous site exactly as it was. The memory target serves `baton serve` and tests.

use anyhow::Context as _;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Where pages go.
pub enum Output {
    /// A folder on disk, filled through a temporary sibling folder.
    Disk {
        /// The final folder.
        target: PathBuf,
        /// The temporary folder being filled; removed on drop unless finished.
        staging: Option<tempfile::TempDir>,
    },
    /// In memory: path → bytes.
    Memory(BTreeMap<String, Vec<u8>>),
}

impl Output {
    /// Starts a disk output for `target`, staging beside it (same file system, so the final
    /// rename is atomic).
    pub fn disk(target: &Path) -> anyhow::Result<Output> {
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).with_context(|| format!("creating {}", parent.display()))?;
        let name = target.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "public".into());
        let staging = tempfile::Builder::new()
            .prefix(&format!(".{name}.tmp-"))
            .tempdir_in(&parent)
            .with_context(|| format!("creating a temporary folder in {}", parent.display()))?;
        Ok(Output::Disk { target: target.to_path_buf(), staging: Some(staging) })
    }

    /// Starts an in-memory output.
    pub fn memory() -> Output {
        Output::Memory(BTreeMap::new())
    }

    /// Writes one file at `path` (relative, `/`-separated).
    pub fn put(&mut self, path: &str, bytes: &[u8]) -> anyhow::Result<()> {
        anyhow::ensure!(is_safe_relative(path), "refusing to write outside the output folder: {path}");
        match self {
            Output::Memory(files) => {
                files.insert(path.to_string(), bytes.to_vec());
                Ok(())
            }
            Output::Disk { staging, .. } => {
                let staging = staging.as_ref().context("output already finished")?;
                let full = staging.path().join(path);
                if let Some(parent) = full.parent() {
                    std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
                }
                std::fs::write(&full, bytes).with_context(|| format!("writing {}", full.display()))
            }
        }
    }

    /// Swaps the staged folder in place of the target (disk), keeping the old one until the new
    /// one is in place. Returns the files held (memory).
    pub fn finish(self) -> anyhow::Result<BTreeMap<String, Vec<u8>>> {
        match self {
            Output::Memory(files) => Ok(files),
            Output::Disk { target, mut staging } => {
                let staging = staging.take().context("output already finished")?.keep();
                swap_in(&staging, &target)?;
                Ok(BTreeMap::new())
            }
        }
    }
}

/// Renames `staging` to `target`; an existing target is moved aside first and removed after.
fn swap_in(staging: &Path, target: &Path) -> anyhow::Result<()> {
    let old = target.with_file_name(format!(
        ".{}.old-{}",
        target.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default(),
        std::process::id()
    ));
    let had_old = target.exists();
    if had_old {
        std::fs::rename(target, &old).with_context(|| format!("moving the previous {} aside", target.display()))?;
    }
    if let Err(e) = std::fs::rename(staging, target) {
        if had_old {
            // Put the previous site back rather than leave nothing.
            std::fs::rename(&old, target).ok();
        }
        std::fs::remove_dir_all(staging).ok();
        return Err(e).with_context(|| format!("moving the new site into {}", target.display()));
    }
    if had_old {
        std::fs::remove_dir_all(&old).with_context(|| format!("removing the previous site at {}", old.display()))?;
    }
    Ok(())
}

/// A relative path with no `..`, no root and no drive prefix.
fn is_safe_relative(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && !path.contains('\0')
        && path.split('/').all(|part| !part.is_empty() && part != ".." && part != "." && !part.contains(':'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_paths_are_refused() {
        let mut out = Output::memory();
        for bad in ["../x", "/etc/passwd", "a/../../b", "C:/x", "a\\b", ""] {
            assert!(out.put(bad, b"x").is_err(), "{bad}");
        }
        assert!(out.put("handoffs/a/index.html", b"x").is_ok());
    }

    #[test]
    fn disk_output_replaces_the_old_site_only_on_finish() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("old.html"), "old").unwrap();
        let mut out = Output::disk(&target).unwrap();
        out.put("new.html", b"new").unwrap();
        assert!(target.join("old.html").exists(), "old site stays until finish");
        out.finish().unwrap();
        assert!(!target.join("old.html").exists());
        assert_eq!(std::fs::read_to_string(target.join("new.html")).unwrap(), "new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no staging folder left behind");
    }

    #[test]
    fn dropped_output_leaves_no_trace() {
        let dir = tempfile::tempdir().unwrap();
        let mut out = Output::disk(&dir.path().join("public")).unwrap();
        out.put("a.html", b"a").unwrap();
        drop(out);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
