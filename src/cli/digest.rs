//! `baton digest`: what changed for a person or team since a time, most urgent first, as Markdown
//! for chat, HTML for mail or JSON for bots, printed to stdout.
//!
//! The window ends at "now" (`--today`/`BATON_TODAY` pin it), so a digest can be reproduced. The
//! site's git history is read when the site is in a repository, unless `--no-git`.

use crate::build::{LoadedSite, check_site, load_site};
use crate::diagnostic::{Diagnostics, Severity};
use crate::digest::{self, Audience, Window};
use crate::model::Handle;
use std::path::PathBuf;
use std::process::ExitCode;

/// How to print the digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum DigestFormat {
    /// Markdown, ready to paste into chat.
    Md,
    /// A standalone HTML document, for mail.
    Html,
    /// JSON, for bots.
    Json,
}

/// Arguments of `baton digest`.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("audience").args(["for_handle", "team"])))]
pub(super) struct DigestArgs {
    /// The site folder (default: the current folder).
    pub(super) dir: Option<PathBuf>,
    /// Since when: a duration back from now (24h, 3d) or a date or date-time.
    #[arg(long, default_value = "24h")]
    since: String,
    /// For one person: their work, reviews, questions and wraps.
    #[arg(long = "for", value_name = "HANDLE")]
    for_handle: Option<String>,
    /// For one team (by name or slug).
    #[arg(long, value_name = "TEAM")]
    team: Option<String>,
    /// How to print it.
    #[arg(long, value_enum, default_value = "md")]
    format: DigestFormat,
    /// Pin "now": a date or RFC 3339 date-time (env BATON_TODAY).
    #[arg(long)]
    today: Option<String>,
    /// Work from the frontmatter alone, even in a git repository.
    #[arg(long)]
    no_git: bool,
}

/// The JSON document: the digest under a version, with who it is for in words.
#[derive(serde::Serialize)]
pub(super) struct DigestJson<'a> {
    pub(super) version: u32,
    pub(super) site: &'a str,
    pub(super) label: String,
    #[serde(flatten)]
    pub(super) digest: &'a digest::Digest<'a>,
}

/// What `baton digest` and `baton notify` both start from: the site folder, the window from
/// `--since` to "now", and the site loaded and checked (errors are a warning: a digest shows what
/// could be read).
pub(super) fn load_for_digest(
    dir: Option<&PathBuf>,
    today: Option<String>,
    since: &str,
) -> anyhow::Result<(PathBuf, Window, LoadedSite)> {
    let until = super::today(today)?;
    let since = digest::parse_since(since, until).map_err(|e| anyhow::anyhow!("--since: {e}"))?;
    let site_dir = dir.cloned().unwrap_or_else(|| PathBuf::from("."));
    let mut diagnostics = Diagnostics::default();
    let mut site = load_site(&site_dir, &mut diagnostics)?;
    check_site(&mut site, until, &mut diagnostics);
    let errors = diagnostics.count(Severity::Error);
    if errors > 0 {
        eprintln!("warning: the base has {errors} error(s); the digest shows what could be read (run baton check)");
    }
    Ok((site_dir, Window { since, until }, site))
}

/// Runs `baton digest`.
pub(super) fn run(args: DigestArgs) -> anyhow::Result<ExitCode> {
    let (site_dir, Window { since, until }, site) =
        load_for_digest(args.dir.as_ref(), args.today.clone(), &args.since)?;
    let audience = audience(args.for_handle.as_deref(), args.team.as_deref(), &site.base)?;
    let history = if args.no_git { None } else { digest::git::read_history(&site_dir, since, until)? };
    let window = Window { since, until };
    let result = digest::digest(&site.base, history.as_ref(), window, audience);
    let label = result.audience.label(&site.base, &site.config.title);
    let base_url = Some(site.config.base_url.as_str()).filter(|u| u.starts_with("http"));
    let text = match args.format {
        DigestFormat::Md => digest::markdown::render(&result, &label, base_url),
        DigestFormat::Json => {
            let doc = DigestJson { version: 1, site: &site.config.title, label, digest: &result };
            serde_json::to_string_pretty(&doc)? + "\n"
        }
        DigestFormat::Html => {
            let theme = crate::render::theme::Theme::load(&site_dir, &site.config.theme)?;
            crate::render::digest::standalone_html(&theme, &site.config, &result, &label, base_url)?
        }
    };
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}

/// `--for` must be a handle (of people.yaml, when the base has one); `--team` a team of the base.
pub(super) fn audience(
    for_handle: Option<&str>,
    team: Option<&str>,
    base: &crate::model::Base,
) -> anyhow::Result<Audience> {
    if let Some(handle) = for_handle {
        let handle = Handle::parse(handle.trim_start_matches('@')).map_err(|e| anyhow::anyhow!("--for: {e}"))?;
        let known = base.people.contains_key(&handle) || base.indexes.people.contains_key(&handle);
        anyhow::ensure!(known, "--for: nobody called `{handle}` appears in the base or people.yaml");
        return Ok(Audience::Person(handle));
    }
    if let Some(team) = team {
        let slug = crate::slug::slugify(team);
        if !base.indexes.teams.contains_key(&slug) {
            let names: Vec<&str> = base.indexes.teams.values().map(|t| t.name.as_str()).collect();
            anyhow::bail!("--team: no team `{team}` in the base (teams: {})", names.join(", "));
        }
        return Ok(Audience::Team(slug));
    }
    Ok(Audience::Everyone)
}
