//! `baton wrap`: write the end-of-shift wrap in under a minute.
//!
//! It pre-fills `open` with the author's in-progress and blocked handoffs, then either opens
//! `$VISUAL`/`$EDITOR` on the file (at a terminal) or takes everything as flags (in scripts, bots
//! and CI, where there is no terminal). Either way the written wrap is checked at once, so a typo
//! in an id is caught while the author still remembers what they meant. The clock is read here,
//! at the edge, unless `--today`/`BATON_TODAY` or `--end` pins it. Never overwrites a file.

use crate::build::{check_site, load_site};
use crate::diagnostic::{Diagnostics, Severity};
use crate::model::{Base, Handle, Id, Status};
use anyhow::Context as _;
use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// How long a shift is taken to be when `--start` is not given.
const DEFAULT_SHIFT_HOURS: i64 = 8;

/// Arguments of `baton wrap`.
#[derive(Debug, clap::Args)]
pub(super) struct WrapArgs {
    /// The site folder.
    #[arg(long, default_value = ".")]
    pub(super) site: PathBuf,
    /// Who takes over: a handle or a team name.
    #[arg(long)]
    to: Option<String>,
    /// Who worked the shift (default: $USER, when it is a handle).
    #[arg(long)]
    author: Option<String>,
    /// One line on how the shift went (required when there is no terminal).
    #[arg(long)]
    summary: Option<String>,
    /// A handoff still in flight and its next step, as `ID: next step`. Repeatable; adds to (or
    /// gives the next step of) the in-progress and blocked handoffs filled in for you.
    #[arg(long = "open", value_name = "ID: NEXT")]
    open: Vec<String>,
    /// Something to keep an eye on, as `what: where to look`. Repeatable.
    #[arg(long, value_name = "WHAT: WHERE")]
    watch: Vec<String>,
    /// A recent change still settling, as `change: how to roll it back`. Repeatable.
    #[arg(long, value_name = "CHANGE: ROLLBACK")]
    baking: Vec<String>,
    /// When the shift started: a date-time (default: 8 hours before it ended).
    #[arg(long)]
    start: Option<String>,
    /// When the shift ended: a date-time (default: now).
    #[arg(long)]
    end: Option<String>,
    /// Pin "now": a date or RFC 3339 date-time (env BATON_TODAY).
    #[arg(long)]
    today: Option<String>,
    /// Write the file without opening an editor, even at a terminal.
    #[arg(long)]
    no_edit: bool,
}

/// Everything a wrap file says, before it is written.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Draft {
    pub(super) author: String,
    pub(super) start: String,
    pub(super) end: String,
    pub(super) tz: Option<String>,
    pub(super) summary: Option<String>,
    pub(super) handed_to: Option<String>,
    pub(super) open: Vec<(String, Option<String>)>,
    pub(super) watch: Vec<(String, Option<String>)>,
    pub(super) baking: Vec<(String, Option<String>)>,
}

/// Runs `baton wrap`.
pub(super) fn run(args: WrapArgs) -> anyhow::Result<ExitCode> {
    let interactive = !args.no_edit && std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    if !interactive && args.summary.as_deref().is_none_or(|s| s.trim().is_empty()) {
        anyhow::bail!(
            "--summary is required when there is no terminal to open an editor in (or pass it with --no-edit)"
        );
    }
    let mut ignored = Diagnostics::default();
    let site = load_site(&args.site, &mut ignored)?;
    let author = author(args.author.as_deref(), &site.base)?;
    let draft = draft(&args, &site.base, &author)?;
    let path = free_path(&args.site, &draft)?;
    super::scaffold::write_new(&path, &wrap_text(&draft, interactive))?;
    if interactive {
        open_editor(&path)?;
    }
    println!("wrote {}", path.display());
    report_findings(&args.site, &path, super::today(args.today.clone())?)
}

/// `--author`, else `$USER`; it must be a handle, and one of people.yaml when the base has it.
fn author(flag: Option<&str>, base: &Base) -> anyhow::Result<Handle> {
    let written = match flag {
        Some(a) => a.to_string(),
        None => std::env::var("USER").map(|u| u.to_lowercase()).unwrap_or_default(),
    };
    let handle = Handle::parse(&written).map_err(|e| anyhow::anyhow!("author: {e}; pass --author HANDLE"))?;
    if !base.people.is_empty() && !base.people.contains_key(&handle) {
        anyhow::bail!("`{handle}` is not in people.yaml; pass --author HANDLE");
    }
    Ok(handle)
}

fn draft(args: &WrapArgs, base: &Base, author: &Handle) -> anyhow::Result<Draft> {
    let tz = base.people.get(author).and_then(|p| p.tz.clone());
    let zone = tz.as_deref().and_then(|tz| jiff::tz::TimeZone::get(tz).ok()).unwrap_or(jiff::tz::TimeZone::UTC);
    let end = match &args.end {
        Some(text) => shift_instant(text, tz.as_deref(), "--end")?,
        None => super::today(args.today.clone())?,
    };
    let start = match &args.start {
        Some(text) => shift_instant(text, tz.as_deref(), "--start")?,
        None => end - jiff::SignedDuration::from_hours(DEFAULT_SHIFT_HOURS),
    };
    let local = |at: jiff::Timestamp| at.to_zoned_datetime(zone.clone()).strftime("%Y-%m-%dT%H:%M:%S%:z").to_string();
    Ok(Draft {
        author: author.to_string(),
        start: local(start),
        end: local(end),
        tz,
        summary: args.summary.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string),
        handed_to: args.to.clone(),
        open: open_items(base, author, &args.open),
        watch: args.watch.iter().map(|w| split_pair(w)).collect(),
        baking: args.baking.iter().map(|b| split_pair(b)).collect(),
    })
}

fn shift_instant(text: &str, tz: Option<&str>, flag: &str) -> anyhow::Result<jiff::Timestamp> {
    crate::link::wrap::parse_shift_time(text, tz).map(|m| m.instant).map_err(|e| anyhow::anyhow!("{flag}: {e}"))
}

/// The author's in-progress and blocked handoffs, by id, with the next steps given as flags
/// (a flag for a handoff not filled in adds it).
pub(super) fn open_items(base: &Base, author: &Handle, flags: &[String]) -> Vec<(String, Option<String>)> {
    let owned = base.indexes.people.get(author).map(|p| p.owns.as_slice()).unwrap_or_default();
    let in_flight = |id: &&Id| {
        base.handoffs.get(*id).is_some_and(|h| matches!(h.status.value, Status::InProgress | Status::Blocked))
    };
    let mut items: Vec<(String, Option<String>)> =
        owned.iter().filter(in_flight).map(|id| (id.to_string(), None)).collect();
    for flag in flags {
        let (id, next) = split_pair(flag);
        match items.iter_mut().find(|(known, _)| *known == id) {
            Some(item) => item.1 = next,
            None => items.push((id, next)),
        }
    }
    items
}

/// `left: right` → (left, right); without `: ` the whole text is the left part.
pub(super) fn split_pair(text: &str) -> (String, Option<String>) {
    match text.split_once(": ") {
        Some((left, right)) if !right.trim().is_empty() => (left.trim().to_string(), Some(right.trim().to_string())),
        _ => (text.trim().trim_end_matches(':').to_string(), None),
    }
}

/// `content/wraps/DATE-AUTHOR.md`, or `-2`, `-3`… when a wrap of that day exists.
fn free_path(site: &Path, draft: &Draft) -> anyhow::Result<PathBuf> {
    let date = draft.end.get(..10).unwrap_or("undated");
    let folder = site.join("content").join("wraps");
    (1..1000)
        .map(|n| match n {
            1 => folder.join(format!("{date}-{}.md", draft.author)),
            n => folder.join(format!("{date}-{}-{n}.md", draft.author)),
        })
        .find(|p| !p.exists())
        .context("too many wraps for one day")
}

/// The file text. `hints` adds a comment on each field for a person filling it in an editor.
pub(super) fn wrap_text(draft: &Draft, hints: bool) -> String {
    let hint = |text: &str| if hints { format!("   # {text}") } else { String::new() };
    let mut out = String::from("---\nkind: wrap\n");
    out.push_str(&format!("author: {}\n", scalar(&draft.author)));
    out.push_str(&format!("shift:\n  start: {}\n  end: {}\n", draft.start, draft.end));
    if let Some(tz) = &draft.tz {
        out.push_str(&format!("  tz: {tz}\n"));
    }
    let summary = draft.summary.as_deref().map(scalar).unwrap_or_default();
    out.push_str(&format!("summary: {summary}{}\n", hint("one line: how the shift went")));
    match &draft.handed_to {
        Some(to) => out.push_str(&format!("handed_to: {}\n", scalar(to))),
        None if hints => out.push_str("handed_to:   # a handle or a team\n"),
        None => {}
    }
    list(&mut out, "open", ("id", "next"), &draft.open, &hint("still in flight: the next step on each"));
    list(&mut out, "watch", ("what", "where"), &draft.watch, &hint("what to keep an eye on, and where to look"));
    list(&mut out, "baking", ("change", "rollback"), &draft.baking, &hint("recent changes settling, and how to undo"));
    out.push_str("---\n");
    out
}

fn list(out: &mut String, key: &str, names: (&str, &str), items: &[(String, Option<String>)], hint: &str) {
    if items.is_empty() {
        if !hint.is_empty() {
            out.push_str(&format!("{key}: []{hint}\n"));
        }
        return;
    }
    out.push_str(&format!("{key}:{hint}\n"));
    for (first, second) in items {
        out.push_str(&format!("  - {}: {}\n", names.0, scalar(first)));
        out.push_str(&format!("    {}: {}\n", names.1, second.as_deref().map(scalar).unwrap_or_default()));
    }
}

/// A YAML scalar: plain when it cannot be misread, else double-quoted (JSON strings are valid
/// YAML double-quoted scalars).
fn scalar(text: &str) -> String {
    let plain = text.chars().next().is_some_and(|c| c.is_alphanumeric())
        && !text.ends_with(' ')
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.ends_with(':')
        && text.chars().all(|c| c.is_alphanumeric() || " .,;()/-_'+%@".contains(c))
        && !["true", "false", "null", "yes", "no", "on", "off"].contains(&text.to_lowercase().as_str());
    if plain { text.to_string() } else { serde_json::Value::from(text).to_string() }
}

fn open_editor(path: &Path) -> anyhow::Result<()> {
    let editor = ["VISUAL", "EDITOR"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|e| !e.trim().is_empty()))
        .unwrap_or_else(|| "vi".to_string());
    // Through the shell, as git does, so `EDITOR="code --wait"` works.
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(path)
        .status()
        .with_context(|| format!("starting the editor `{editor}`"))?;
    anyhow::ensure!(status.success(), "the editor `{editor}` exited with {status}; {} is kept", path.display());
    Ok(())
}

/// Checks the site and prints the findings about the new file: exit 1 if it has errors.
fn report_findings(site_dir: &Path, path: &Path, today: jiff::Timestamp) -> anyhow::Result<ExitCode> {
    let relative = path.strip_prefix(site_dir).unwrap_or(path).to_path_buf();
    let mut diagnostics = Diagnostics::default();
    let mut site = load_site(site_dir, &mut diagnostics)?;
    check_site(&mut site, today, &mut diagnostics);
    let mine: Vec<_> = diagnostics.sorted().into_iter().filter(|d| d.span.file == relative).collect();
    if mine.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    let text = super::report::render(super::report::Format::Human, &mine, &site.sources, today);
    eprint!("{text}");
    Ok(if mine.iter().any(|d| d.severity == Severity::Error) { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_split_at_the_first_colon_and_space() {
        assert_eq!(split_pair("ledger-v2: rehearse again"), ("ledger-v2".into(), Some("rehearse again".into())));
        assert_eq!(
            split_pair("lag: https://grafana.example.com/d/x"),
            ("lag".into(), Some("https://grafana.example.com/d/x".into()))
        );
        assert_eq!(split_pair("ledger-v2"), ("ledger-v2".into(), None));
    }

    #[test]
    fn scalars_are_quoted_only_when_yaml_could_misread_them() {
        assert_eq!(scalar("Quiet shift, nothing on fire."), "Quiet shift, nothing on fire.");
        assert_eq!(scalar("lag: high"), "\"lag: high\"");
        assert_eq!(scalar("#payments"), "\"#payments\"");
        assert_eq!(scalar("yes"), "\"yes\"");
        assert_eq!(scalar("`flag` on"), "\"`flag` on\"");
    }

    #[test]
    fn the_text_without_hints_is_plain_yaml() {
        let draft = Draft {
            author: "ana".into(),
            start: "2026-11-20T09:00:00+01:00".into(),
            end: "2026-11-20T17:00:00+01:00".into(),
            tz: Some("Europe/Berlin".into()),
            summary: Some("Quiet.".into()),
            open: vec![("ledger-v2".into(), Some("rehearse".into()))],
            ..Draft::default()
        };
        let text = wrap_text(&draft, false);
        assert!(text.contains(
            "shift:\n  start: 2026-11-20T09:00:00+01:00\n  end: 2026-11-20T17:00:00+01:00\n  tz: Europe/Berlin\n"
        ));
        assert!(text.contains("open:\n  - id: ledger-v2\n    next: rehearse\n"));
        assert!(!text.contains('#') && !text.contains("watch"));
    }
}
