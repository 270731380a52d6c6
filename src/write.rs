//! Write: the one output sink, to disk (atomically), to memory, or only weighed.
//!
//! A disk build writes into a temporary folder and swaps it in only when [`Output::finish`] is
//! called after a successful build, so a failed or interrupted build leaves the previous site
//! exactly as it was. The memory target serves `baton serve` and tests; the weighing one
//! (`Output::measure`) lets `baton check` learn what a build would write without keeping it.
//!
//! The temporary folder, and the previous site while it waits to be deleted, live in a `.baton/`
//! folder beside the output (the same file system, so the swap is one rename), which carries its
//! own `.gitignore`: nothing but baton ever looks there, and `git add -A` never meets a
//! half-deleted site. Every disk output gets a [`MARK`] file, the sign that baton built it; which
//! folders a build may replace is decided before writing, by [`crate::output_folder`].

use anyhow::Context as _;
use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

/// A file a disk output wrote: its path in the output, size and modification time. The build
/// record (`build_cache`) keeps them to tell later whether the output is still untouched, and
/// collecting them while writing saves walking 50,000 files again at the end of a large build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenFile {
    /// Relative, `/`-separated.
    pub path: String,
    /// Bytes.
    pub size: u64,
    /// As the file system reports it after the write.
    pub modified: SystemTime,
}

/// The file every disk output carries: baton's mark that it built the folder and may replace it.
pub const MARK: &str = ".baton-site";

/// What the mark says, to whoever opens it. The same in every build, so that two builds of the
/// same files stay byte for byte the same.
const MARK_TEXT: &str = "This folder is a site built by baton. Each `baton build` replaces the whole folder,\n\
                         so keep your own files in the site's static/ folder, which is copied here.\n\
                         baton replaces only a folder that holds this file (or that it built before\n\
                         writing it); it refuses any other folder that is not empty.\n";

/// The folder, beside the output, holding builds in progress and previous sites being deleted.
pub const WORK_FOLDER: &str = ".baton";

/// What the writers of one disk (or weighing) output have written so far.
type Written = Arc<Mutex<Vec<WrittenFile>>>;

/// Where pages go.
pub enum Output {
    /// A folder on disk, filled through a temporary sibling folder.
    Disk {
        /// The final folder.
        target: PathBuf,
        /// The temporary folder being filled; removed on drop unless finished.
        staging: Option<tempfile::TempDir>,
        /// Every file written into it.
        written: Written,
    },
    /// In memory: path → bytes.
    Memory(BTreeMap<String, Vec<u8>>),
    /// Nowhere: each file's path and size are noted and its bytes dropped, so a whole site is
    /// weighed without being held.
    Measure {
        /// Every file put, with its size.
        written: Written,
    },
}

impl Output {
    /// Starts a disk output for `target`, staging in the `.baton/` folder beside it (same file
    /// system, so the final rename is atomic).
    pub fn disk(target: &Path) -> anyhow::Result<Output> {
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).with_context(|| format!("creating {}", parent.display()))?;
        // The swap renames in `parent`: a folder that refuses it is found before the build, not after.
        writable(&parent).with_context(|| format!("writing in {}, where the site is swapped in", parent.display()))?;
        let name = target.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "public".into());
        remove_stale_staging(&parent, &name);
        let work = work_folder(&parent)?;
        let staging = tempfile::Builder::new()
            .prefix(&format!("{name}{STAGING}{}-", std::process::id()))
            .tempdir_in(&work)
            .with_context(|| format!("creating a temporary folder in {}", work.display()))?;
        Ok(Output::Disk { target: target.to_path_buf(), staging: Some(staging), written: Written::default() })
    }

    /// Starts an in-memory output.
    pub fn memory() -> Output {
        Output::Memory(BTreeMap::new())
    }

    /// Starts an output that keeps only each file's path and size ([`Output::written`]): how
    /// `baton check` weighs the site a build would write against `host:`.
    pub fn measure() -> Output {
        Output::Measure { written: Written::default() }
    }

    /// Writes one file at `path` (relative, `/`-separated).
    pub fn put(&mut self, path: &str, bytes: &[u8]) -> anyhow::Result<()> {
        if let Output::Memory(files) = self {
            anyhow::ensure!(is_safe_relative(path), "refusing to write outside the output folder: {path}");
            files.insert(path.to_string(), bytes.to_vec());
            return Ok(());
        }
        self.shared_writer().context("output already finished")?.put(path, bytes)
    }

    /// A writer into this output that many threads can share: for a disk output, and for a
    /// weighing one, which then weighs each chunk where it was rendered instead of holding the
    /// whole site for one thread to store. Creating a folder and a file is mostly the kernel's
    /// work; on 10,000 pages one thread doing all of it took a third of the build, so `render`
    /// writes each chunk of pages on the thread that rendered it.
    pub fn shared_writer(&self) -> Option<SharedWriter> {
        match self {
            Output::Disk { staging: Some(staging), written, .. } => {
                Some(SharedWriter { root: Some(staging.path().to_path_buf()), written: written.clone() })
            }
            Output::Measure { written } => Some(SharedWriter { root: None, written: written.clone() }),
            _ => None,
        }
    }

    /// Writes `files`, on every core when the output is on disk (or weighed).
    pub fn put_all(&mut self, files: Vec<(String, Vec<u8>)>) -> anyhow::Result<()> {
        use rayon::prelude::*;
        match self.shared_writer() {
            Some(writer) => files.par_iter().try_for_each(|(path, bytes)| writer.put(path, bytes)),
            None => files.iter().try_for_each(|(path, bytes)| self.put(path, bytes)),
        }
    }

    /// The files written so far, in no particular order (none for a memory output). Moving the
    /// folder into place on [`Output::finish`] changes none of them.
    pub fn written(&self) -> Vec<WrittenFile> {
        match self {
            Output::Disk { written, .. } | Output::Measure { written } => {
                written.lock().map(|files| files.clone()).unwrap_or_default()
            }
            Output::Memory(_) => Vec::new(),
        }
    }

    /// The files the finished site will hold: [`Output::written`] and the mark that
    /// [`Output::finish`] adds.
    pub fn site_files(&self) -> Vec<WrittenFile> {
        let mut files = self.written();
        let modified = SystemTime::now();
        files.push(WrittenFile { path: MARK.to_string(), size: MARK_TEXT.len() as u64, modified });
        files
    }

    /// Marks the staged folder as baton's ([`MARK`]) and swaps it in place of the target (disk),
    /// keeping the old one until the new one is in place. Returns the files held (memory; none
    /// for a weighing output).
    pub fn finish(self) -> anyhow::Result<BTreeMap<String, Vec<u8>>> {
        match self {
            Output::Memory(files) => Ok(files),
            Output::Measure { .. } => Ok(BTreeMap::new()),
            disk => disk.finish_disk(OldSite::Remove).map(|_| BTreeMap::new()),
        }
    }

    /// [`Output::finish`], leaving the previous site to a detached `baton` process to delete. A
    /// large site is tens of thousands of files, and deleting them took longer than building
    /// the new one (11 s after a 10,000-handoff build); the new site is complete and in place
    /// either way. Until it is gone the old one sits in `.baton/NAME.old-PID-…` beside the
    /// output. Returns every file the output holds, the mark among them (none for memory).
    pub fn finish_in_background(self) -> anyhow::Result<Vec<WrittenFile>> {
        self.finish_disk(OldSite::RemoveInBackground)
    }

    fn finish_disk(self, old: OldSite) -> anyhow::Result<Vec<WrittenFile>> {
        let writer = self.shared_writer();
        let Output::Disk { target, mut staging, written } = self else { return Ok(Vec::new()) };
        writer.context("output already finished")?.put(MARK, MARK_TEXT.as_bytes())?;
        let staging = staging.take().context("output already finished")?.keep();
        if let Err(e) = swap_in(&staging, &target, old) {
            // Whichever site the staging folder holds now, nothing needs it any more.
            std::fs::remove_dir_all(&staging).ok();
            return Err(e);
        }
        let files = written.lock().map(|files| files.clone()).unwrap_or_default();
        Ok(files)
    }
}

/// Writes files into a staging folder, or only notes their sizes for a weighing output; shared
/// between threads (see [`Output::shared_writer`]).
#[derive(Debug, Clone)]
pub struct SharedWriter {
    /// The staging folder; `None` when the output only weighs.
    root: Option<PathBuf>,
    written: Written,
}

impl SharedWriter {
    /// Writes one file at `path` (relative, `/`-separated), creating its folders.
    pub fn put(&self, path: &str, bytes: &[u8]) -> anyhow::Result<()> {
        match &self.root {
            Some(root) => self.write_file(root, path, |file| file.write_all(bytes)),
            None => self.weigh(path, bytes.len() as u64),
        }
    }

    /// Writes one file at `path` with what `write` writes to it, through a buffer: for files
    /// too large to hold in memory first.
    pub fn put_with(
        &self,
        path: &str,
        write: &dyn Fn(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> anyhow::Result<()> {
        let Some(root) = &self.root else {
            let mut counted = Counted(0);
            write(&mut counted).with_context(|| format!("making {path}"))?;
            return self.weigh(path, counted.0);
        };
        self.write_file(root, path, |file| {
            let mut out = std::io::BufWriter::with_capacity(64 * 1024, file);
            write(&mut out)?;
            out.flush()
        })
    }

    /// Notes a file of `size` bytes at `path` without writing it (a weighing output).
    fn weigh(&self, path: &str, size: u64) -> anyhow::Result<()> {
        anyhow::ensure!(is_safe_relative(path), "refusing to write outside the output folder: {path}");
        self.note(WrittenFile { path: path.to_string(), size, modified: SystemTime::UNIX_EPOCH })
    }

    fn note(&self, file: WrittenFile) -> anyhow::Result<()> {
        self.written.lock().map_err(|_| anyhow::anyhow!("a writer thread panicked"))?.push(file);
        Ok(())
    }

    /// Creates the file at `path` under `root`, lets `fill` write it, and notes what was written.
    fn write_file(
        &self,
        root: &Path,
        path: &str,
        fill: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
    ) -> anyhow::Result<()> {
        anyhow::ensure!(is_safe_relative(path), "refusing to write outside the output folder: {path}");
        let full = root.join(path);
        // Most files go into a folder that exists already (the pages of a list, the packs of
        // the search index), so the file is created first and its folders only when that fails. Asking for the
        // folder each time costs a mkdir that fails, and mkdir locks the parent folder even
        // then, so the writer threads queued on it.
        let create = || match std::fs::File::create(&full) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if let Some(parent) = full.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                std::fs::File::create(&full)
            }
            created => created,
        };
        let write = || -> std::io::Result<std::fs::Metadata> {
            let mut file = create()?;
            fill(&mut file)?;
            file.metadata()
        };
        let meta = write().with_context(|| format!("writing {}", full.display()))?;
        let modified = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
        self.note(WrittenFile { path: path.to_string(), size: meta.len(), modified })
    }
}

/// A sink that only counts the bytes written to it.
struct Counted(u64);

impl std::io::Write for Counted {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0 += bytes.len() as u64;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Puts `staging` in place of `target`. On Linux an existing target is exchanged with the staged
/// folder in one `renameat2(RENAME_EXCHANGE)`, so there is no moment, even under `kill -9`, at which
/// the target is missing or half-written; the old site then sits in the staging name and is removed.
fn swap_in(staging: &Path, target: &Path, old: OldSite) -> anyhow::Result<()> {
    if !target.exists() {
        return std::fs::rename(staging, target)
            .with_context(|| format!("moving the new site into {}", target.display()));
    }
    exchange(staging, target).with_context(|| format!("swapping the new site into {}", target.display()))?;
    let mut left = staging.to_path_buf();
    if let OldSite::RemoveInBackground = old
        && let Some(retired) = retire(staging)
    {
        if spawn_remover(&retired).is_ok() {
            return Ok(());
        }
        left = retired;
    }
    std::fs::remove_dir_all(&left).with_context(|| format!("removing the previous site from {}", left.display()))
}

/// What becomes of the previous site once the new one is in place.
enum OldSite {
    /// Deleted before `finish` returns.
    Remove,
    /// Deleted by a detached process.
    RemoveInBackground,
}

/// The marker of a build in progress in the work folder: `NAME.tmp-PID-…`, where PID is the
/// building process.
const STAGING: &str = ".tmp-";

/// The marker of a previous site waiting to be deleted: `NAME.old-PID-…`, where PID is the
/// process deleting it.
const RETIRED: &str = ".old-";

/// The `.baton/` folder in `parent`, created with a `.gitignore` that ignores everything in it
/// (itself included), so that git never looks inside, whatever the repository's own ignores say.
fn work_folder(parent: &Path) -> anyhow::Result<PathBuf> {
    let work = parent.join(WORK_FOLDER);
    std::fs::create_dir_all(&work).with_context(|| format!("creating a temporary folder in {}", work.display()))?;
    let ignore = work.join(".gitignore");
    if !ignore.exists() {
        std::fs::write(&ignore, "# baton's working files: builds in progress, previous sites being deleted\n*\n")
            .with_context(|| format!("writing {}", ignore.display()))?;
    }
    Ok(work)
}

#[cfg(unix)]
fn writable(folder: &Path) -> std::io::Result<()> {
    rustix::fs::access(folder, rustix::fs::Access::WRITE_OK).map_err(std::io::Error::from)
}

/// Elsewhere the swap itself reports it.
#[cfg(not(unix))]
fn writable(_folder: &Path) -> std::io::Result<()> {
    Ok(())
}

/// `NAME.tmp-PID-X` → `NAME.old-PID-X`, in the same folder. The last `.tmp-` is the marker: the
/// output's own name may hold one too.
fn retired_name(staging: &Path) -> Option<PathBuf> {
    let (name, rest) = staging.file_name()?.to_str()?.rsplit_once(STAGING)?;
    Some(staging.with_file_name(format!("{name}{RETIRED}{rest}")))
}

/// Renames the previous site (sitting in the staging folder after the swap) so that it no
/// longer looks like a build in progress.
fn retire(staging: &Path) -> Option<PathBuf> {
    let retired = retired_name(staging)?;
    std::fs::rename(staging, &retired).ok()?;
    Some(retired)
}

/// Starts `baton remove-old-site PATH`, detached: it outlives this process.
fn spawn_remover(retired: &Path) -> std::io::Result<()> {
    use std::process::{Command, Stdio};
    Command::new(std::env::current_exe()?)
        .arg("remove-old-site")
        .arg(retired)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map(|_| ())
}

/// Deletes a previous site a build retired (the hidden `remove-old-site` command). It first
/// renames it to carry this process's id, so that a build starting meanwhile leaves it to us;
/// anything not named like a retired site, in a `.baton/` folder, is refused.
pub fn remove_old_site(retired: &Path) -> anyhow::Result<()> {
    let name = retired.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let in_work_folder = retired.parent().and_then(Path::file_name).is_some_and(|f| f == WORK_FOLDER);
    let (prefix, rest) = name.rsplit_once(RETIRED).unwrap_or_default();
    let (pid, suffix) = rest.split_once('-').unwrap_or_default();
    anyhow::ensure!(
        in_work_folder
            && !prefix.is_empty()
            && !pid.is_empty()
            && pid.bytes().all(|b| b.is_ascii_digit())
            && retired.is_dir(),
        "not a retired site: {}",
        retired.display()
    );
    let mine = retired.with_file_name(format!("{prefix}{RETIRED}{}-{suffix}", std::process::id()));
    let path = if std::fs::rename(retired, &mine).is_ok() { mine } else { retired.to_path_buf() };
    std::fs::remove_dir_all(&path).with_context(|| format!("removing {}", path.display()))
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

/// Elsewhere: two renames, putting the old site back if the second fails.
#[cfg(not(target_os = "linux"))]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    let aside = a.with_extension("old");
    std::fs::rename(b, &aside)?;
    if let Err(e) = std::fs::rename(a, b) {
        std::fs::rename(&aside, b).ok();
        return Err(e);
    }
    std::fs::rename(&aside, a)
}

/// Staging folders of builds that died (`kill -9`, power loss), and previous sites whose remover
/// died, are removed; those of a process still running (its id is alive) are left alone. Both
/// places are swept: the `.baton/` folder, and beside the output, where earlier versions of baton
/// kept them as `.NAME.tmp-PID-…` and `.NAME.old-PID-…`.
fn remove_stale_staging(parent: &Path, name: &str) {
    let work = parent.join(WORK_FOLDER);
    remove_stale_in(&work, &[format!("{name}{STAGING}"), format!("{name}{RETIRED}")]);
    remove_stale_in(parent, &[format!(".{name}{STAGING}"), format!(".{name}{RETIRED}")]);
}

/// Removes the folders in `folder` named with one of `prefixes`, then the id of a process that
/// is no longer running.
fn remove_stale_in(folder: &Path, prefixes: &[String]) {
    let Ok(entries) = std::fs::read_dir(folder) else { return };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = prefixes.iter().find_map(|p| file_name.strip_prefix(p.as_str())) else { continue };
        let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
        let alive = pid.is_some_and(|pid| Path::new(&format!("/proc/{pid}")).exists());
        if !alive && cfg!(target_os = "linux") {
            std::fs::remove_dir_all(entry.path()).ok();
        }
    }
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

    /// The names in `dir`, sorted.
    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> =
            std::fs::read_dir(dir).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    }

    #[test]
    fn unsafe_paths_are_refused() {
        let mut out = Output::memory();
        for bad in ["../x", "/etc/passwd", "a/../../b", "C:/x", "a\\b", ""] {
            assert!(out.put(bad, b"x").is_err(), "{bad}");
        }
        assert!(out.put("handoffs/a/index.html", b"x").is_ok());
    }

    /// A weighing output notes what a disk output would hold, file for file and byte for byte,
    /// from every way of writing, and keeps no bytes.
    #[test]
    fn a_weighed_output_notes_the_sizes_a_disk_output_writes() {
        let dir = tempfile::tempdir().unwrap();
        let fill = |out: &mut Output| {
            out.put("a/index.html", b"<p>page</p>").unwrap();
            out.put_all(vec![("search/0.bin".into(), vec![7; 1000]), ("b.css".into(), Vec::new())]).unwrap();
            let streamed: &dyn Fn(&mut dyn std::io::Write) -> std::io::Result<()> =
                &|w| (0..300).try_for_each(|i| write!(w, "{i},"));
            out.shared_writer().unwrap().put_with("export/all.json", streamed).unwrap();
        };
        let sizes = |out: &Output| {
            let mut files: Vec<(String, u64)> = out.site_files().into_iter().map(|f| (f.path, f.size)).collect();
            files.sort();
            files
        };
        let mut disk = Output::disk(&dir.path().join("public")).unwrap();
        let mut weighed = Output::measure();
        fill(&mut disk);
        fill(&mut weighed);
        assert_eq!(sizes(&weighed), sizes(&disk));
        assert_eq!(sizes(&weighed).len(), 5, "four files and the mark");
        assert!(weighed.put("../x", b"x").is_err(), "the same paths are refused");
        assert!(weighed.finish().unwrap().is_empty());
        disk.finish().unwrap();
        assert_eq!(std::fs::metadata(dir.path().join("public/export/all.json")).unwrap().len(), 1090);
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
        assert_eq!(names(dir.path()), [WORK_FOLDER, "public"], "nothing else beside the output");
        assert_eq!(names(&dir.path().join(WORK_FOLDER)), [".gitignore"], "no staging folder left behind");
    }

    #[test]
    fn every_disk_output_carries_the_mark_and_lists_it() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        let mut out = Output::disk(&target).unwrap();
        out.put("index.html", b"home").unwrap();
        assert_eq!(out.written().len(), 1, "the mark is written last, with the swap");
        let files = out.finish_in_background().unwrap();
        let mut listed: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        listed.sort_unstable();
        assert_eq!(listed, [MARK, "index.html"]);
        assert_eq!(std::fs::read_to_string(target.join(MARK)).unwrap(), MARK_TEXT);
        assert!(Output::memory().finish().unwrap().is_empty(), "serve's memory output has no mark");
    }

    #[test]
    fn the_work_folder_is_ignored_by_git_whatever_the_repository_says() {
        let dir = tempfile::tempdir().unwrap();
        let out = Output::disk(&dir.path().join("public")).unwrap();
        let ignore = std::fs::read_to_string(dir.path().join(".baton/.gitignore")).unwrap();
        assert_eq!(ignore.lines().filter(|l| !l.starts_with('#')).collect::<Vec<_>>(), ["*"]);
        drop(out);
    }

    #[test]
    fn the_previous_site_is_retired_inside_the_work_folder() {
        let staging = Path::new("/srv/.baton/public.tmp-42-abc");
        assert_eq!(retired_name(staging).unwrap(), Path::new("/srv/.baton/public.old-42-abc"));
        // An output whose own name holds the marker keeps it.
        let odd = Path::new("/srv/.baton/a.tmp-b.tmp-42-abc");
        assert_eq!(retired_name(odd).unwrap(), Path::new("/srv/.baton/a.tmp-b.old-42-abc"));
    }

    #[test]
    fn stale_staging_of_a_dead_build_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let work = dir.path().join(WORK_FOLDER);
        let me = std::process::id();
        let mut gone = Vec::new();
        let mut kept = Vec::new();
        // A dead build's staging and a previous site whose remover died go; those of a living
        // process stay. So do the same left beside the output by an earlier baton.
        for (folder, prefix) in [(&work, ""), (&dir.path().to_path_buf(), ".")] {
            for (marker, suffix) in [(STAGING, "abc"), (RETIRED, "def")] {
                let dead = folder.join(format!("{prefix}public{marker}4294967-{suffix}"));
                let alive = folder.join(format!("{prefix}public{marker}{me}-{suffix}"));
                std::fs::create_dir_all(&dead).unwrap();
                std::fs::create_dir_all(&alive).unwrap();
                gone.push(dead);
                kept.push(alive);
            }
        }
        let other_output = work.join("docs.tmp-4294967-abc");
        std::fs::create_dir_all(&other_output).unwrap();
        let out = Output::disk(&dir.path().join("public")).unwrap();
        for path in &gone {
            assert!(!path.exists(), "{}", path.display());
        }
        for path in &kept {
            assert!(path.exists(), "{}", path.display());
        }
        assert!(other_output.exists(), "another output's leftovers are for its own build");
        drop(out);
    }

    #[test]
    fn only_a_retired_site_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let work = dir.path().join(WORK_FOLDER);
        let refused = [
            dir.path().join("public"),
            work.join("public.tmp-12-abc"),
            work.join("public.old-x1-abc"),
            work.join(".old-12-abc"),
            // Named like a retired site, but not in a work folder: an earlier baton's name, or
            // someone's folder.
            dir.path().join("public.old-12-abc"),
            dir.path().join(".public.old-12-abc"),
        ];
        for folder in &refused {
            std::fs::create_dir_all(folder).unwrap();
            assert!(remove_old_site(folder).is_err(), "{}", folder.display());
            assert!(folder.exists(), "{}", folder.display());
        }
        let retired = work.join("public.old-12-abc");
        std::fs::create_dir_all(retired.join("handoffs/a")).unwrap();
        std::fs::write(retired.join("handoffs/a/index.html"), "old").unwrap();
        remove_old_site(&retired).unwrap();
        assert!(!retired.exists());
        assert!(refused.iter().all(|folder| folder.exists()), "only the retired site went");
    }

    #[test]
    fn dropped_output_leaves_no_trace() {
        let dir = tempfile::tempdir().unwrap();
        let mut out = Output::disk(&dir.path().join("public")).unwrap();
        out.put("a.html", b"a").unwrap();
        drop(out);
        assert_eq!(names(dir.path()), [WORK_FOLDER]);
        assert_eq!(names(&dir.path().join(WORK_FOLDER)), [".gitignore"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_failed_swap_leaves_no_staging_folder() {
        let dir = tempfile::tempdir().unwrap();
        // A dangling link where the output goes: it does not "exist", and renaming a folder
        // onto it fails.
        let target = dir.path().join("public");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), &target).unwrap();
        let mut out = Output::disk(&target).unwrap();
        out.put("a.html", b"a").unwrap();
        assert!(out.finish().is_err());
        assert_eq!(names(&dir.path().join(WORK_FOLDER)), [".gitignore"]);
    }
}
