//! `baton init` and `baton new`: write starter files, never over existing ones.
//!
//! The starter texts show every section of the format with a one-line hint, so a tired person at
//! the end of a shift fills in blanks instead of remembering field names. Today's date is read
//! from the clock here, at the edge, and passed to the pure template functions.

use crate::model::{Handle, Id};
use crate::starter::{decision_template, handoff_template};
use anyhow::Context as _;
use std::path::Path;
use std::process::ExitCode;

/// Scaffolds a site in `dir`.
pub(super) fn init(dir: &Path) -> anyhow::Result<ExitCode> {
    let today = today();
    let files = [
        ("baton.yaml", BATON_YAML.to_string()),
        ("people.yaml", PEOPLE_YAML.to_string()),
        ("content/welcome.md", handoff_template("Welcome to the handoff base", "ana", &today)),
        (".gitignore", "public/\n.baton/\n".to_string()),
    ];
    let existing: Vec<_> = files.iter().map(|(p, _)| dir.join(p)).filter(|p| p.exists()).collect();
    if !existing.is_empty() {
        let list: Vec<_> = existing.iter().map(|p| p.display().to_string()).collect();
        anyhow::bail!("refusing to overwrite existing files: {}", list.join(", "));
    }
    for (path, text) in &files {
        write_new(&dir.join(path), text)?;
    }
    println!("created a baton site in {}", dir.display());
    println!("next: baton new \"My first handoff\" --owner ana --site {}", dir.display());
    println!("      baton build {}", dir.display());
    Ok(ExitCode::SUCCESS)
}

/// What `baton new` writes.
pub(super) struct NewFile<'a> {
    /// The title.
    pub(super) title: &'a str,
    /// `--id`: the id instead of the title's slug.
    pub(super) id: Option<&'a str>,
    /// `--owner`.
    pub(super) owner: Option<&'a str>,
    /// `--decision`.
    pub(super) decision: bool,
    /// `--dir`: the decision folder to write a record into.
    pub(super) dir: Option<&'a Path>,
}

/// Writes a new handoff or decision file into `site`.
pub(super) fn new(site: &Path, file: &NewFile<'_>) -> anyhow::Result<ExitCode> {
    let NewFile { owner, decision, .. } = *file;
    if decision && let Some(folder) = record_folder(site, file.dir)? {
        anyhow::ensure!(
            file.id.is_none(),
            "--id: a record's file name is its number and title, as its folder names them"
        );
        return new_record(&folder, file.title);
    }
    let id = new_id(file)?;
    let title = &yaml_text(file.title);
    let owner = match owner {
        Some(o) => Handle::parse(o).map_err(|e| anyhow::anyhow!(e))?,
        None => default_owner(),
    };
    let today = today();
    let (path, text) = if decision {
        (site.join("content/decisions").join(format!("{id}.md")), decision_template(title, &owner, &today))
    } else {
        (site.join("content").join(format!("{id}.md")), handoff_template(title, owner.as_str(), &today))
    };
    if path.exists() {
        anyhow::bail!("refusing to overwrite {}: the id `{id}` is taken; choose another with --id ID", path.display());
    }
    if let Some(taken) = taken_by(site, &id) {
        anyhow::bail!("the id `{id}` is taken by {taken}; choose another with --id ID");
    }
    write_new(&path, &text)?;
    println!("wrote {}", path.display());
    Ok(ExitCode::SUCCESS)
}

/// The decision folder a new decision goes into: `--dir`, else the first folder of
/// `decision_dirs`; none when the site keeps its decisions as baton files.
fn record_folder(site: &Path, dir: Option<&Path>) -> anyhow::Result<Option<std::path::PathBuf>> {
    let mut diagnostics = crate::diagnostic::Diagnostics::default();
    let sources = crate::load::read_settings(site, &mut diagnostics)?;
    let config = sources.config.map(|c| crate::config::parse_config(&c.text, &mut diagnostics)).unwrap_or_default();
    let listed: Vec<&str> = config.decision_dirs.iter().map(|f| f.path.as_str()).collect();
    let Some(folder) = dir.map(Path::to_path_buf).or_else(|| listed.first().map(std::path::PathBuf::from)) else {
        return Ok(None);
    };
    let full = site.join(&folder);
    anyhow::ensure!(full.is_dir(), "{} is not a folder: create it, or name another with --dir", full.display());
    let same = |listed: &&str| Path::new(listed.trim_end_matches('/')) == folder.as_path();
    if dir.is_some() && !listed.iter().any(same) {
        eprintln!(
            "note: {} is not in `decision_dirs` of baton.yaml: baton reads the record once it is",
            folder.display()
        );
    }
    Ok(Some(full))
}

/// Writes the next record of `folder` in the folder's own shape and numbering.
fn new_record(folder: &Path, title: &str) -> anyhow::Result<ExitCode> {
    let entries = std::fs::read_dir(folder).with_context(|| format!("reading {}", folder.display()))?;
    let mut records = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_record =
            name.ends_with(".md") && !crate::records::is_template(&name) && !crate::records::is_introduction(&name);
        // An unreadable file says nothing about the folder's habits; the others still do.
        if let Some(text) = is_record.then(|| std::fs::read_to_string(entry.path()).ok()).flatten() {
            records.push((name, text));
        }
    }
    let style = crate::records::new_record::folder_style(&records);
    let (name, text) = crate::records::new_record::new_record(&style, title, &today());
    let path = folder.join(name);
    write_new(&path, &text)?;
    println!("wrote {}", path.display());
    Ok(ExitCode::SUCCESS)
}

/// The file that already has `id`, if one does: ids are one namespace, and a second file
/// with the same id would fail the next check.
fn taken_by(site: &Path, id: &Id) -> Option<String> {
    // The base is read only for its ids: its own problems are `baton check`'s to report.
    let loaded = crate::build::load_site(site, &mut crate::diagnostic::Diagnostics::default()).ok()?;
    let base = &loaded.base;
    let file = base.handoffs.get(id).map(|h| h.file.clone());
    let file = file.or_else(|| base.decisions.get(id).map(|d| d.file.clone()));
    let file = file.or_else(|| base.wraps.get(id).map(|w| w.file.clone()));
    file.map(|f| site.join(f).display().to_string())
}

/// A title as a YAML value: as written when YAML reads it back the same, else quoted (a JSON
/// string is a YAML double-quoted one), so `baton new "!!!" --id bangs` writes a valid file.
fn yaml_text(text: &str) -> String {
    let plain = text.chars().next().is_some_and(char::is_alphanumeric)
        && text.chars().all(|c| c.is_alphanumeric() || " -_.,()'/&?!".contains(c))
        && text.trim_end() == text;
    if plain { text.to_string() } else { serde_json::to_string(text).unwrap_or_else(|_| format!("{text:?}")) }
}

/// `--id` as written (checked like any id), else the slug of the title.
fn new_id(file: &NewFile<'_>) -> anyhow::Result<Id> {
    let title = file.title;
    match file.id {
        Some(id) => Id::parse(id).map_err(|e| anyhow::anyhow!("--id: {e}")),
        None if crate::slug::slugify(title).is_empty() => {
            anyhow::bail!("cannot make an id from the title `{title}`: it has no letters or digits; pass --id ID")
        }
        None => Id::parse(&crate::slug::slugify(title))
            .map_err(|e| anyhow::anyhow!("cannot make an id from the title `{title}`: {e}; pass --id ID")),
    }
}

/// Creates `path` (and its folders); fails if it exists rather than replace someone's work.
pub(super) fn write_new(path: &Path, text: &str) -> anyhow::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    }
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(path).with_context(|| {
        if path.exists() {
            format!("refusing to overwrite {}", path.display())
        } else {
            format!("creating {}", path.display())
        }
    })?;
    std::io::Write::write_all(&mut file, text.as_bytes()).with_context(|| format!("writing {}", path.display()))
}

/// `BATON_TODAY` pins the date (for reproducible files and tests); otherwise the local date.
fn today() -> String {
    std::env::var("BATON_TODAY")
        .ok()
        .filter(|d| d.parse::<jiff::civil::Date>().is_ok())
        .unwrap_or_else(|| jiff::ZonedDateTime::now().date().to_string())
}

/// `$USER` when it is a valid handle, so `baton new` works without flags on a laptop.
fn default_owner() -> Handle {
    std::env::var("USER")
        .ok()
        .and_then(|u| Handle::parse(&u.to_lowercase()).ok())
        .unwrap_or_else(|| Handle::parse("owner").unwrap_or_else(|_| unreachable!("`owner` is a valid handle")))
}

const BATON_YAML: &str = "# baton site settings: see docs/format.md\ntitle: Handoffs\ndescription: What each shift hands to the next.\nbase_url: /\nreview_within: 24h   # how soon a reviewer answers, unless a handoff says otherwise\nstale_after: 14d     # in-progress work with no update for this long needs attention\nallow_html: false\n";

const PEOPLE_YAML: &str = "# handle: {name, team, tz (IANA zone), contact}\nana:\n  name: Ana Souza\n  team: Platform\n  tz: America/Sao_Paulo\n  contact: ana@example.com\nkofi:\n  name: Kofi Mensah\n  team: Platform\n  tz: Europe/Berlin\n  contact: kofi@example.com\n";
