//! `baton search`: flags → a query, the cached index → results, printed for a person or a tool.
//!
//! Exit codes follow grep: 0 when something was found, 1 when nothing was, 2 for a query that does
//! not parse or trouble reading the site.

use crate::search::engine::SearchOptions;
use crate::search::format::{human, json};
use crate::search::match_lines;
use crate::search::query::{Filter, Query, parse, status};
use crate::search::{document::Kind, schema::date_number};
use crate::slug::slugify;
use std::io::IsTerminal as _;
use std::path::PathBuf;
use std::process::ExitCode;

/// The flags of `baton search`.
#[derive(Debug, clap::Args)]
pub(crate) struct SearchArgs {
    /// The query: words, "phrases", -exclude, a OR b, prefix*, title: owner: status: team: tag: kind:.
    /// Quote a query that starts with `-`, or put it after `--`: `baton search -- -mysql ledger`.
    query: Vec<String>,
    /// The site folder.
    #[arg(long, default_value = ".")]
    pub(crate) site: PathBuf,
    /// Only work owned (or decisions taken) by this handle.
    #[arg(long)]
    owner: Option<String>,
    /// Only this status (a handoff or a decision status).
    #[arg(long)]
    status: Option<String>,
    /// Only this team.
    #[arg(long)]
    team: Option<String>,
    /// Only pages with this tag.
    #[arg(long)]
    tag: Option<String>,
    /// Only handoffs or only decisions.
    #[arg(long, value_parser = ["handoff", "decision"])]
    kind: Option<String>,
    /// Only pages updated (handoffs) or decided (decisions) on or after this date, YYYY-MM-DD.
    #[arg(long)]
    since: Option<String>,
    /// At most this many results.
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(args: SearchArgs) -> anyhow::Result<ExitCode> {
    let (query, options) = match query_of(&args) {
        Ok(parsed) => parsed,
        Err(message) => {
            eprintln!("error: {message}");
            return Ok(ExitCode::from(2));
        }
    };
    let (results, notes) = crate::search::run_query(&args.site, &query, options)?;
    for note in &notes {
        eprintln!("note: {note}");
    }
    let lines = match_lines(&args.site, &results);
    let text = if args.json {
        format!("{}\n", json(&results, &lines))
    } else {
        let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        human(&results, &lines, color)
    };
    print_quietly(&text)?;
    if results.hits.is_empty() && !args.json {
        eprintln!("no results");
    }
    Ok(if results.hits.is_empty() { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Prints to stdout; a reader that went away (`| head`) is not an error.
fn print_quietly(text: &str) -> anyhow::Result<()> {
    use std::io::Write as _;
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

/// The query text plus the flags, as one [`Query`].
fn query_of(args: &SearchArgs) -> Result<(Query, SearchOptions), String> {
    let mut query = parse(&args.query.join(" "))?;
    query.filters.extend(args.owner.as_ref().map(|o| Filter::Owner(o.trim_start_matches('@').to_lowercase())));
    if let Some(s) = &args.status {
        query.filters.push(Filter::Status(status(s)?));
    }
    query.filters.extend(args.team.as_ref().map(|t| Filter::Team(slugify(t))));
    query.filters.extend(args.tag.as_ref().map(|t| Filter::Tag(slugify(t))));
    query.filters.extend(args.kind.as_deref().and_then(Kind::parse).map(Filter::Kind));
    let since = match &args.since {
        Some(date) if date.parse::<jiff::civil::Date>().is_ok() => date_number(date),
        Some(date) => return Err(format!("`--since {date}`: expected a date like 2026-11-01")),
        None => None,
    };
    if !query.has_text() && query.filters.is_empty() && since.is_none() {
        return Err("nothing to search for: give words, or a filter such as `--owner kofi`".into());
    }
    Ok((query, SearchOptions { limit: args.limit.max(1), since }))
}
