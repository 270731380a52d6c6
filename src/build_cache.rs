//! The no-change rebuild: `baton build` run again on the same inputs keeps the site it wrote.
//!
//! A successful build records, in `.baton/build.json`, a fingerprint of everything its output
//! depends on: the baton binary, the build options, "today", every file under `baton.yaml`,
//! `people.yaml`, `content/`, `static/` and `themes/` (paths and bytes, hashed with BLAKE3), and
//! the git commit the site's history ends at. It also records the output folder as written (every
//! file's path, size and modification time) and the report the build printed. The next build
//! fingerprints first — reading and hashing the inputs is a small part of a build — and stops
//! when everything matches, printing the same report. Anything that differs, or cannot be read,
//! means a full build: the record is never trusted blindly.
//!
//! Only builds with a pinned "today" (`--today` or `BATON_TODAY`) are recorded. An unpinned build
//! reads the clock, and its pages say how long things have waited ("overdue by 3d 4h"), so the
//! same files give a different site a minute later.

use crate::write::WrittenFile;
use anyhow::Context as _;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Where the record lives, under the site folder.
pub const RECORD: &str = ".baton/build.json";

/// Bumped when the record's meaning changes, so an older record is ignored.
pub const FORMAT: u32 = 2;

/// What a successful build recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// [`FORMAT`] when written.
    pub format: u32,
    /// The baton that built it: version and binary identity (see [`binary_identity`]).
    pub baton: String,
    /// BLAKE3 of the options (the output folder among them) and every input file.
    pub inputs: String,
    /// BLAKE3 of the output folder's listing (path, size, modification time of every file; see
    /// [`listing_of`]).
    pub output: String,
    /// What the build printed on stderr (its warnings).
    pub report: String,
    /// The summary line's counts.
    pub summary: Summary,
}

/// The counts a build's summary line shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// Pages written.
    pub pages: usize,
    /// Handoffs.
    pub handoffs: usize,
    /// Decisions.
    pub decisions: usize,
    /// Owners.
    pub owners: usize,
    /// Warnings reported.
    pub warnings: usize,
}

/// What a build's output depends on besides the files.
#[derive(Debug, Clone)]
pub struct Key<'a> {
    /// The site folder.
    pub site: &'a Path,
    /// The output folder.
    pub out: &'a Path,
    /// `--base-url`, when given.
    pub base_url: Option<&'a str>,
    /// The pinned "today".
    pub today: jiff::Timestamp,
}

/// The baton that is running: its version, and the size and modification time of its binary, so
/// a rebuilt binary of the same version (a developer's, or a patched one) does not reuse a site
/// an older one wrote.
pub fn binary_identity() -> String {
    let binary = std::env::current_exe().ok().and_then(|exe| std::fs::metadata(exe).ok());
    let stamp = binary.map(|m| (m.len(), modified_nanos(&m))).unwrap_or_default();
    format!("{} {}:{}", env!("CARGO_PKG_VERSION"), stamp.0, stamp.1)
}

/// BLAKE3 of the key and every input file, or `None` when some input cannot be read (then the
/// build runs and reports it properly).
pub fn fingerprint(key: &Key<'_>) -> Option<String> {
    let mut hasher = blake3::Hasher::new();
    let mut field = |name: &str, value: &[u8]| {
        hasher.update(name.as_bytes());
        hasher.update(&(value.len() as u64).to_le_bytes());
        hasher.update(value);
    };
    field("out", key.out.as_os_str().as_encoded_bytes());
    field("base_url", key.base_url.unwrap_or("\0none").as_bytes());
    field("today", key.today.to_string().as_bytes());
    field("git", git_head(key.site).as_bytes());
    let mut folders: Vec<String> = ["content", "static", "themes"].map(String::from).to_vec();
    for name in ["baton.yaml", "people.yaml"] {
        match std::fs::read(key.site.join(name)) {
            Ok(bytes) => {
                field(name, &bytes);
                if name == "baton.yaml" {
                    folders.extend(decision_dirs(&bytes));
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => field(name, b"\0missing"),
            Err(_) => return None,
        }
    }
    // The tracker states the build shows: `baton sync` changes them without touching content.
    field("trackers", &tracker_cache(key.site));
    let mut files = Vec::new();
    for folder in &folders {
        for entry in walkdir::WalkDir::new(key.site.join(folder)).follow_links(true).sort_by_file_name() {
            let entry = match entry {
                Ok(entry) => entry,
                // A missing folder is an input like any other; anything else (a loop, no
                // permission) is for the build to report.
                Err(e)
                    if e.depth() == 0 && e.io_error().is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound) =>
                {
                    continue;
                }
                Err(_) => return None,
            };
            if entry.file_type().is_file() {
                files.push(entry.into_path());
            }
        }
    }
    // Reading and hashing 10,000 files is I/O and hashing in equal parts: both cores share it,
    // and each file's hash goes into the fingerprint in walk order.
    let hashes: Option<Vec<blake3::Hash>> =
        files.par_iter().map(|path| std::fs::read(path).ok().map(|bytes| blake3::hash(&bytes))).collect();
    for (path, hash) in files.iter().zip(hashes?) {
        field(&path.strip_prefix(key.site).ok()?.to_string_lossy(), hash.as_bytes());
    }
    Some(hasher.finalize().to_hex().to_string())
}

/// The `decision_dirs` of baton.yaml: records are read in place, often beside the site folder,
/// so they are inputs as much as `content/` is.
fn decision_dirs(baton_yaml: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(baton_yaml);
    let config = crate::config::parse_config(&text, &mut crate::diagnostic::Diagnostics::default());
    config.decision_dirs.into_iter().map(|folder| folder.path).collect()
}

/// The bytes of the tracker cache (or fixture) a build of `site` reads; a marker when none.
fn tracker_cache(site: &Path) -> Vec<u8> {
    let text = std::fs::read_to_string(site.join("baton.yaml")).unwrap_or_default();
    let settings = crate::config::parse_config(&text, &mut crate::diagnostic::Diagnostics::default()).trackers;
    let path = crate::trackers::cache::path_for_site(site, &settings);
    path.and_then(|p| std::fs::read(p).ok()).unwrap_or_else(|| b"\0none".to_vec())
}

/// The commit the site's git history ends at, or `""` outside a repository: the digest, the
/// feeds and the metrics read that history.
fn git_head(site: &Path) -> String {
    let Ok(repo) = gix::discover(site) else { return String::new() };
    repo.head_id().map(|id| id.to_string()).unwrap_or_default()
}

/// BLAKE3 of the output folder's listing; `None` when it cannot be walked (it is gone).
pub fn listing(out: &Path) -> Option<String> {
    if !out.is_dir() {
        return None;
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(out) {
        let entry = entry.ok()?;
        if entry.file_type().is_dir() {
            continue;
        }
        let meta = entry.metadata().ok()?;
        let path = entry.path().strip_prefix(out).ok()?.to_str()?.replace(std::path::MAIN_SEPARATOR, "/");
        files.push(WrittenFile { path, size: meta.len(), modified: meta.modified().ok()? });
    }
    Some(listing_of(files))
}

/// BLAKE3 of a listing: every file's path, size and modification time, in path order. A build
/// hashes what its writers report ([`crate::write::Output::written`]); the next build walks the
/// folder and compares. Folders are left out: a file added, removed or rewritten shows anyway.
pub fn listing_of(mut files: Vec<WrittenFile>) -> String {
    files.sort_unstable_by(|a, b| a.path.cmp(&b.path));
    let mut hasher = blake3::Hasher::new();
    for file in &files {
        hasher.update(file.path.as_bytes());
        hasher.update(b"\0");
        hasher.update(&file.size.to_le_bytes());
        hasher.update(&nanos(file.modified).to_le_bytes());
    }
    hasher.finalize().to_hex().to_string()
}

fn modified_nanos(meta: &std::fs::Metadata) -> u128 {
    meta.modified().map_or(0, nanos)
}

fn nanos(time: std::time::SystemTime) -> u128 {
    time.duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos())
}

/// The record in `site`, when there is one this baton can read.
pub fn read(site: &Path) -> Option<Record> {
    let text = std::fs::read_to_string(site.join(RECORD)).ok()?;
    serde_json::from_str::<Record>(&text).ok().filter(|r| r.format == FORMAT)
}

/// Whether the record in `site`, whichever baton wrote it, describes the folder `out` exactly as
/// it is now: then `out` is the output of a build of this site. This recognises a site that an
/// earlier baton built before outputs carried [`crate::write::MARK`].
pub fn describes(site: &Path, out: &Path) -> bool {
    read(site).is_some_and(|record| listing(out).is_some_and(|now| now == record.output))
}

/// Whether `record` describes exactly the build `key` with `inputs` would make, and its output
/// is still there untouched.
pub fn still_valid(record: &Record, key: &Key<'_>, inputs: &str) -> bool {
    record.baton == binary_identity()
        && record.inputs == inputs
        && listing(key.out).is_some_and(|now| now == record.output)
}

/// Writes the record of a build that just succeeded (to a temporary file renamed into place, so
/// a reader never sees half of one).
pub fn write(site: &Path, record: &Record) -> anyhow::Result<()> {
    let path = site.join(RECORD);
    let folder = path.parent().unwrap_or(site);
    std::fs::create_dir_all(folder).with_context(|| format!("creating {}", folder.display()))?;
    let staged = folder.join(format!(".build.json.tmp-{}", std::process::id()));
    std::fs::write(&staged, serde_json::to_vec_pretty(record)?)
        .with_context(|| format!("writing {}", staged.display()))?;
    std::fs::rename(&staged, &path).with_context(|| format!("writing {}", path.display()))
}

/// Removes the record, when a build that cannot be recorded replaces the output it described.
pub fn forget(site: &Path) {
    std::fs::remove_file(site.join(RECORD)).ok();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        std::fs::write(dir.path().join("content/a.md"), "---\ntitle: A\n---\n").unwrap();
        std::fs::write(dir.path().join("baton.yaml"), "title: T\n").unwrap();
        dir
    }

    fn key<'a>(site: &'a Path, out: &'a Path) -> Key<'a> {
        Key { site, out, base_url: None, today: "2026-11-20T00:00:00Z".parse().unwrap() }
    }

    #[test]
    fn every_input_changes_the_fingerprint() {
        let dir = site();
        let (site, out) = (dir.path(), dir.path().join("public"));
        let first = fingerprint(&key(site, &out)).unwrap();
        assert_eq!(fingerprint(&key(site, &out)).unwrap(), first, "stable");
        let other_day = Key { today: "2026-11-21T00:00:00Z".parse().unwrap(), ..key(site, &out) };
        assert_ne!(fingerprint(&other_day).unwrap(), first);
        let url = Key { base_url: Some("https://x.example/"), ..key(site, &out) };
        assert_ne!(fingerprint(&url).unwrap(), first);
        let elsewhere = dir.path().join("elsewhere");
        assert_ne!(fingerprint(&key(site, &elsewhere)).unwrap(), first);

        let mut seen = vec![first];
        let changes: [(&str, &str); 5] = [
            ("content/a.md", "---\ntitle: B\n---\n"),
            ("content/sub/new.md", "---\ntitle: C\n---\n"),
            ("people.yaml", "ana: {name: Ana}\n"),
            ("static/logo.svg", "<svg/>"),
            ("themes/default/templates/404.html", "gone"),
        ];
        for (path, text) in changes {
            let full = site.join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, text).unwrap();
            let now = fingerprint(&key(site, &out)).unwrap();
            assert!(!seen.contains(&now), "{path} changed nothing");
            seen.push(now);
        }
        // Records read in place, outside content/, are inputs too.
        std::fs::write(site.join("baton.yaml"), "title: T\ndecision_dirs: [docs/adr]\n").unwrap();
        std::fs::create_dir_all(site.join("docs/adr")).unwrap();
        let before = fingerprint(&key(site, &out)).unwrap();
        std::fs::write(site.join("docs/adr/0001-x.md"), "# 1. X\n").unwrap();
        assert_ne!(fingerprint(&key(site, &out)).unwrap(), before, "a record changed nothing");
        // A file renamed with the same bytes is a different input too.
        std::fs::rename(site.join("content/sub/new.md"), site.join("content/sub/moved.md")).unwrap();
        assert!(!seen.contains(&fingerprint(&key(site, &out)).unwrap()));
    }

    #[test]
    fn the_listing_notices_a_touched_or_missing_file() {
        let dir = site();
        let out = dir.path().join("public");
        assert_eq!(listing(&out), None, "no output yet");
        std::fs::create_dir_all(out.join("a")).unwrap();
        std::fs::write(out.join("a/index.html"), "one").unwrap();
        let first = listing(&out).unwrap();
        std::fs::write(out.join("a/index.html"), "two").unwrap();
        let edited = listing(&out).unwrap();
        assert_ne!(edited, first, "same size, new time");
        std::fs::remove_file(out.join("a/index.html")).unwrap();
        assert_ne!(listing(&out).unwrap(), edited);
    }

    #[test]
    fn what_the_writers_report_is_what_the_folder_lists() {
        let dir = site();
        let out = dir.path().join("public");
        let mut output = crate::write::Output::disk(&out).unwrap();
        output.put("index.html", b"home").unwrap();
        // `handoffs-b` sorts before `handoffs/` as a string but after it in a folder walk.
        let files =
            vec![("handoffs/a/index.html".to_string(), b"a".to_vec()), ("handoffs-b.html".to_string(), b"bb".to_vec())];
        output.put_all(files).unwrap();
        assert_eq!(output.written().len(), 3);
        // Finishing adds the mark; there is no old site to delete, so nothing runs in the background.
        let written = output.finish_in_background().unwrap();
        assert_eq!(written.len(), 4);
        assert_eq!(listing(&out), Some(listing_of(written)));
    }

    #[test]
    fn a_record_describes_the_output_it_was_written_for_and_no_other() {
        let dir = site();
        let out = dir.path().join("public");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("index.html"), "home").unwrap();
        assert!(!describes(dir.path(), &out), "no record");
        let record = Record {
            format: FORMAT,
            baton: "0.0.1 an earlier baton".into(),
            inputs: "abc".into(),
            output: listing(&out).unwrap(),
            report: String::new(),
            summary: Summary::default(),
        };
        write(dir.path(), &record).unwrap();
        assert!(describes(dir.path(), &out), "whichever baton wrote it");
        std::fs::write(out.join("notes.md"), "mine").unwrap();
        assert!(!describes(dir.path(), &out), "a file added since");
    }

    #[test]
    fn a_record_round_trips_and_another_format_is_ignored() {
        let dir = site();
        let record = Record {
            format: FORMAT,
            baton: binary_identity(),
            inputs: "abc".into(),
            output: "def".into(),
            report: "warning: x\n".into(),
            summary: Summary { pages: 3, handoffs: 1, decisions: 0, owners: 1, warnings: 1 },
        };
        write(dir.path(), &record).unwrap();
        assert_eq!(read(dir.path()), Some(record.clone()));
        write(dir.path(), &Record { format: FORMAT + 1, ..record }).unwrap();
        assert_eq!(read(dir.path()), None);
        forget(dir.path());
        assert!(!dir.path().join(RECORD).exists());
    }
}
