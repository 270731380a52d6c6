//! The command line's index, cached in `.baton/search/` and kept current from content hashes.
//!
//! Each run stats the content files and compares them with the manifest beside the index (size,
//! modification time, then an FNV-1a hash when those differ), so a warm search reads no content
//! at all. Changed and removed files have their documents replaced; a change to `baton.yaml` or
//! `people.yaml` (teams come from people), a new [`SCHEMA_VERSION`], or an index that cannot be
//! opened rebuilds everything: the folder is deleted and written again, never trusted half-read.
//!
//! What this does not do: decide what a document contains ([`super::document`]) or how to score
//! it ([`super::engine`]).

use super::document::{SearchDoc, documents};
use super::engine::{Searchable, register_analyzer};
use super::hash::fnv1a_hex;
use super::schema::{Fields, SCHEMA_VERSION, date_number, schema};
use crate::diagnostic::Diagnostics;
use crate::markdown::MarkdownOptions;
use crate::markdown::bodies::render_bodies;
use anyhow::Context as _;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

/// Where the index lives, relative to the site folder.
pub const CACHE_DIR: &str = ".baton/search";
const MANIFEST: &str = "manifest.json";
const WRITER_HEAP: usize = 64 * 1024 * 1024;
/// Files modified this close to the last update are hashed even when size and time match, since
/// a write within the same clock tick would not change either ("racily clean", as git calls it).
const RACY_WINDOW: Duration = Duration::from_secs(2);

/// What the index knew about the site when it was last updated.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Manifest {
    schema_version: u32,
    /// When this manifest was written, in nanoseconds since the epoch.
    written_ns: u64,
    /// Hash of baton.yaml and people.yaml together.
    settings: String,
    /// Content files (site-relative, `/`-separated) and what they looked like.
    files: BTreeMap<String, Stamp>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Stamp {
    len: u64,
    modified_ns: u64,
    hash: String,
}

/// An index ready to search, and what it took to get there.
pub struct Opened {
    /// The index.
    pub searchable: Searchable,
    /// Things worth telling the user (a rebuild and why, problems in the base).
    pub notes: Vec<String>,
    /// Documents (re)indexed in this run.
    pub indexed: usize,
}

/// Opens the index of `site`, bringing it up to date first.
pub fn open(site: &Path) -> anyhow::Result<Opened> {
    open_with(site, false)
}

/// Deletes the index and builds it again (used when a search finds it damaged).
pub fn rebuild(site: &Path) -> anyhow::Result<Opened> {
    open_with(site, true)
}

fn open_with(site: &Path, force: bool) -> anyhow::Result<Opened> {
    let dir = site.join(CACHE_DIR);
    // Two searches at once (an editor plugin and a terminal) must not both rebuild: the second
    // waits here, then finds the index current.
    let _lock = lock(&dir)?;
    let scan = scan(site)?;
    let mut notes = Vec::new();
    let previous = if force { None } else { read_manifest(&dir, &mut notes) };
    let existing = previous.as_ref().and_then(|m| open_existing(&dir, m, &scan, &mut notes));
    let (index, reader, manifest) = match (existing, previous) {
        (Some((index, reader)), Some(manifest)) => (index, Some(reader), manifest),
        _ => (create(&dir)?, None, Manifest::default()),
    };
    let rebuilt = reader.is_none();
    let fields = schema().1;
    let plan = plan(site, &manifest, scan)?;
    let indexed = if plan.changed.is_empty() && plan.removed.is_empty() {
        0
    } else {
        apply(site, &index, fields, &plan, &mut notes)?
    };
    // Writing the manifest also moves its time on, so files hashed as too recent to trust are
    // trusted by their stamps next time.
    if rebuilt || indexed > 0 || !plan.removed.is_empty() || plan.hashed > 0 {
        write_manifest(&dir, &plan.manifest)?;
    }
    let reader = match reader {
        Some(reader) if indexed == 0 && plan.removed.is_empty() => reader,
        _ => manual_reader(&index)?,
    };
    Ok(Opened { searchable: Searchable { index, reader, fields }, notes, indexed })
}

/// An exclusive lock on the index folder's lock file, released when dropped.
fn lock(dir: &Path) -> anyhow::Result<std::fs::File> {
    let parent = dir.parent().unwrap_or(dir);
    std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    let path = parent.join("search.lock");
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("opening {}", path.display()))?;
    file.lock().with_context(|| format!("locking {}", path.display()))?;
    Ok(file)
}

/// The files that make up a site, stamped.
struct Scan {
    settings: String,
    files: BTreeMap<String, (PathBuf, std::fs::Metadata)>,
}

fn scan(site: &Path) -> anyhow::Result<Scan> {
    let mut settings = Vec::new();
    for name in ["baton.yaml", "people.yaml"] {
        match std::fs::read(site.join(name)) {
            Ok(bytes) => settings.extend(bytes),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e).with_context(|| format!("reading {}", site.join(name).display())),
        }
        settings.push(0);
    }
    let mut files = BTreeMap::new();
    let content = site.join("content");
    if content.is_dir() {
        scan_content(&content, &mut files).with_context(|| format!("reading {}", content.display()))?;
    }
    // Records read in place (`decision_dirs`) are keyed by the path their decisions carry.
    for folder in decision_dirs(site) {
        let dir = site.join(&folder);
        if dir.is_dir() {
            scan_dir(&dir, folder.trim_end_matches('/'), &mut files)
                .with_context(|| format!("reading {}", dir.display()))?;
        }
    }
    Ok(Scan { settings: fnv1a_hex(&settings), files })
}

/// The `decision_dirs` of baton.yaml, as written; none when it cannot be read (the load reports it).
fn decision_dirs(site: &Path) -> Vec<String> {
    let Ok(text) = std::fs::read_to_string(site.join("baton.yaml")) else { return Vec::new() };
    let config = crate::config::parse_config(&text, &mut Diagnostics::default());
    config.decision_dirs.into_iter().map(|folder| folder.path).collect()
}

/// The files under `content/`, its top-level folders spread over the cores: on a large base the
/// 10,000 stats of a warm search are most of its time, and they do not depend on each other.
fn scan_content(content: &Path, files: &mut BTreeMap<String, (PathBuf, std::fs::Metadata)>) -> std::io::Result<()> {
    let mut folders = Vec::new();
    for entry in std::fs::read_dir(content)? {
        let entry = entry?;
        match entry.file_name().to_str() {
            Some(name) if entry.file_type()?.is_dir() => folders.push((entry.path(), format!("content/{name}"))),
            _ => scan_entry(entry, "content", files)?,
        }
    }
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).min(folders.len().max(1));
    let found: Vec<std::io::Result<BTreeMap<_, _>>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|t| {
                let mine: Vec<_> = folders.iter().skip(t).step_by(threads).collect();
                scope.spawn(move || {
                    let mut part = BTreeMap::new();
                    for (path, key) in mine {
                        scan_dir(path, key, &mut part)?;
                    }
                    Ok(part)
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap_or_else(|_| Err(std::io::Error::other("scan panicked")))).collect()
    });
    for part in found {
        files.extend(part?);
    }
    Ok(())
}

/// Every `.md` file under `dir`, keyed by its site-relative path. `read_dir` rather than walkdir:
/// its entries stat relative to the open directory, which is most of a warm search's time on a
/// large base when every lookup walks the full path instead.
fn scan_dir(dir: &Path, rel: &str, files: &mut BTreeMap<String, (PathBuf, std::fs::Metadata)>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        scan_entry(entry?, rel, files)?;
    }
    Ok(())
}

fn scan_entry(
    entry: std::fs::DirEntry,
    rel: &str,
    files: &mut BTreeMap<String, (PathBuf, std::fs::Metadata)>,
) -> std::io::Result<()> {
    let name = entry.file_name();
    let Some(name) = name.to_str() else { return Ok(()) };
    let key = format!("{rel}/{name}");
    let kind = entry.file_type()?;
    if kind.is_dir() {
        scan_dir(&entry.path(), &key, files)?;
    } else if name.ends_with(".md") {
        // A symbolic link counts as the file it points to.
        let meta = if kind.is_symlink() { std::fs::metadata(entry.path())? } else { entry.metadata()? };
        if meta.is_file() {
            files.insert(key, (entry.path(), meta));
        }
    }
    Ok(())
}

fn read_manifest(dir: &Path, notes: &mut Vec<String>) -> Option<Manifest> {
    let text = std::fs::read_to_string(dir.join(MANIFEST)).ok()?;
    match serde_json::from_str::<Manifest>(&text) {
        Ok(manifest) => Some(manifest),
        Err(_) => {
            notes.push(format!("the search index in {} was damaged; rebuilt it", dir.display()));
            None
        }
    }
}

/// The existing index, if its schema is current, its settings unchanged and it opens.
fn open_existing(
    dir: &Path,
    manifest: &Manifest,
    scan: &Scan,
    notes: &mut Vec<String>,
) -> Option<(Index, IndexReader)> {
    if manifest.schema_version != SCHEMA_VERSION || manifest.settings != scan.settings {
        return None;
    }
    // Opening a reader reads every segment's files: the check that the index is whole.
    let opened = Index::open_in_dir(dir).and_then(|index| {
        let reader = manual_reader(&index)?;
        Ok((index, reader))
    });
    match opened {
        Ok((index, reader)) if index.schema() == schema().0 => {
            register_analyzer(&index);
            Some((index, reader))
        }
        _ => {
            notes.push(format!("the search index in {} was damaged; rebuilt it", dir.display()));
            None
        }
    }
}

/// A reader that never reloads by itself: one search per process, so no watcher thread.
fn manual_reader(index: &Index) -> tantivy::Result<IndexReader> {
    index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()
}

/// Deletes whatever is in `dir` and creates an empty index there.
fn create(dir: &Path) -> anyhow::Result<Index> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).with_context(|| format!("removing the old index in {}", dir.display()))?;
    }
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let index =
        Index::create_in_dir(dir, schema().0).with_context(|| format!("creating an index in {}", dir.display()))?;
    register_analyzer(&index);
    Ok(index)
}

/// What to reindex, and the manifest to write afterwards.
struct Plan {
    changed: BTreeSet<String>,
    removed: BTreeSet<String>,
    /// Files whose content had to be hashed (stamp changed, or too recent to trust).
    hashed: usize,
    manifest: Manifest,
}

fn plan(site: &Path, old: &Manifest, scan: Scan) -> anyhow::Result<Plan> {
    let racy_after = old.written_ns.saturating_sub(RACY_WINDOW.as_nanos() as u64);
    let mut plan = Plan {
        changed: BTreeSet::new(),
        removed: old.files.keys().filter(|f| !scan.files.contains_key(*f)).cloned().collect(),
        hashed: 0,
        manifest: Manifest {
            schema_version: SCHEMA_VERSION,
            written_ns: now_ns(),
            settings: scan.settings,
            files: BTreeMap::new(),
        },
    };
    for (key, (path, meta)) in scan.files {
        let (len, modified_ns) = (meta.len(), modified_ns(&meta));
        let known = old.files.get(&key);
        let stat_clean =
            known.is_some_and(|s| s.len == len && s.modified_ns == modified_ns && modified_ns < racy_after);
        let stamp = if stat_clean {
            known.cloned()
        } else {
            plan.hashed += 1;
            let bytes = std::fs::read(&path).with_context(|| format!("reading {}", site.join(&key).display()))?;
            Some(Stamp { len, modified_ns, hash: fnv1a_hex(&bytes) })
        };
        let Some(stamp) = stamp else { continue };
        if known.is_none_or(|k| k.hash != stamp.hash) {
            plan.changed.insert(key.clone());
        }
        plan.manifest.files.insert(key, stamp);
    }
    Ok(plan)
}

/// Loads the site and replaces the documents of changed and removed files.
fn apply(site: &Path, index: &Index, fields: Fields, plan: &Plan, notes: &mut Vec<String>) -> anyhow::Result<usize> {
    let docs = site_documents(site, notes)?;
    let mut writer: IndexWriter<TantivyDocument> =
        index.writer(WRITER_HEAP).context("opening the search index for writing (is another baton running?)")?;
    for file in plan.changed.iter().chain(&plan.removed) {
        writer.delete_term(Term::from_field_text(fields.file, file));
    }
    let mut indexed = 0;
    for doc in docs.iter().filter(|d| plan.changed.contains(&d.file)) {
        writer.add_document(tantivy_doc(&fields, doc))?;
        indexed += 1;
    }
    writer.commit().context("saving the search index")?;
    writer.wait_merging_threads().context("merging the search index")?;
    Ok(indexed)
}

/// Every document of the site; problems in the base are noted, not fatal: search what loads.
fn site_documents(site: &Path, notes: &mut Vec<String>) -> anyhow::Result<Vec<SearchDoc>> {
    let mut diagnostics = Diagnostics::default();
    let loaded = crate::build::load_site(site, &mut diagnostics)?;
    let markdown = MarkdownOptions { allow_html: loaded.config.allow_html };
    let bodies = render_bodies(&loaded.base, &markdown, &mut diagnostics);
    let errors = diagnostics.count(crate::diagnostic::Severity::Error);
    if errors > 0 {
        notes.push(format!(
            "the base has {errors} error(s), so some files may be missing from results; `baton build` lists them"
        ));
    }
    Ok(documents(&loaded.base, &bodies))
}

/// One document in tantivy's form.
pub fn tantivy_doc(fields: &Fields, doc: &SearchDoc) -> TantivyDocument {
    let mut out = TantivyDocument::default();
    out.add_text(fields.id, &doc.id);
    out.add_text(fields.kind, doc.kind.as_str());
    out.add_text(fields.url, &doc.url);
    out.add_text(fields.file, &doc.file);
    out.add_text(fields.title, &doc.title);
    out.add_text(fields.heading, doc.heading());
    out.add_text(fields.body, &doc.body);
    out.add_text(fields.status, &doc.status);
    for person in &doc.people {
        out.add_text(fields.people, person);
    }
    for team in &doc.teams {
        out.add_text(fields.team, &team.slug);
    }
    for tag in &doc.tags {
        out.add_text(fields.tag, &tag.slug);
    }
    if let Some(date) = doc.date.as_deref().and_then(date_number) {
        out.add_u64(fields.date, date);
    }
    out.add_u64(fields.line, doc.line as u64);
    out.add_u64(fields.decision, u64::from(doc.kind == super::document::Kind::Decision));
    out.add_text(fields.order, doc.order_key());
    out
}

fn write_manifest(dir: &Path, manifest: &Manifest) -> anyhow::Result<()> {
    let text = serde_json::to_string(manifest)?;
    let temp = dir.join(format!("{MANIFEST}.tmp"));
    std::fs::write(&temp, text).with_context(|| format!("writing {}", temp.display()))?;
    std::fs::rename(&temp, dir.join(MANIFEST)).with_context(|| format!("writing {}", dir.join(MANIFEST).display()))
}

fn modified_ns(meta: &std::fs::Metadata) -> u64 {
    meta.modified().ok().and_then(|t| t.duration_since(UNIX_EPOCH).ok()).map(|d| d.as_nanos() as u64).unwrap_or(0)
}

fn now_ns() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(0)
}
