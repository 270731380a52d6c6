//! `baton notify`: the digest of each route, posted to Slack, Teams or a webhook.
//!
//! The routes come from `--to` (one route, from the flags) or baton.yaml's `notify:` (all of
//! them). Each route's digest is built by the digest stage, turned into its platform's payload by
//! [`crate::notify`] and posted with the retry policy; a failing route does not stop the others.
//! Webhook URLs are read only from the environment and never printed: messages name the route,
//! the host and the status.

use super::digest::{DigestJson, audience, load_for_digest};
use crate::config::{Channel, NotifyRoute};
use crate::digest::{self, Window};
use crate::notify::{self, Message, deliver};
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `baton notify`.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("audience").args(["for_handle", "team"])))]
pub(super) struct NotifyArgs {
    /// The site folder (default: the current folder).
    pub(super) dir: Option<PathBuf>,
    /// Post to this one place instead of the routes in baton.yaml.
    #[arg(long, value_enum)]
    to: Option<Channel>,
    /// The environment variable holding the webhook URL (with --to).
    #[arg(long, value_name = "VAR")]
    url_env: Option<String>,
    /// For one team (with --to; without, only that team's configured routes).
    #[arg(long, value_name = "TEAM")]
    team: Option<String>,
    /// For one person (with --to; without, only their configured routes).
    #[arg(long = "for", value_name = "HANDLE")]
    for_handle: Option<String>,
    /// Since when: a duration back from now (24h, 3d) or a date or date-time.
    #[arg(long, default_value = "24h")]
    since: String,
    /// Pin "now": a date or RFC 3339 date-time (env BATON_TODAY).
    #[arg(long)]
    today: Option<String>,
    /// The published site's address, instead of baton.yaml's `base_url`.
    #[arg(long)]
    base_url: Option<String>,
    /// Print each payload instead of posting it.
    #[arg(long)]
    dry_run: bool,
    /// Post even when the digest is empty.
    #[arg(long)]
    always: bool,
    /// Work from the frontmatter alone, even in a git repository.
    #[arg(long)]
    no_git: bool,
}

/// Runs `baton notify`.
pub(super) fn run(args: NotifyArgs) -> anyhow::Result<ExitCode> {
    let (site_dir, Window { since, until }, site) =
        load_for_digest(args.dir.as_ref(), args.today.clone(), &args.since)?;
    let base_url = match &args.base_url {
        Some(url) if url.ends_with('/') => url.clone(),
        Some(url) => format!("{url}/"),
        None => site.config.base_url.clone(),
    };
    notify::absolute_base_url(&base_url).map_err(anyhow::Error::msg)?;
    let routes = routes(&args, &site.config.notify)?;
    let history = if args.no_git { None } else { digest::git::read_history(&site_dir, since, until)? };
    let mut failures = Vec::new();
    for route in &routes {
        let name = route_name(route);
        let audience = audience(route.for_handle.as_deref(), route.team.as_deref(), &site.base)?;
        let result = digest::digest(&site.base, history.as_ref(), Window { since, until }, audience);
        if result.items.is_empty() && !args.always {
            eprintln!("{name}: nothing new, nothing posted (--always posts anyway)");
            continue;
        }
        let label = result.audience.label(&site.base, &site.config.title);
        let body = match route.to {
            Channel::Slack => notify::slack::payload(&Message::new(&result, &label, &base_url)),
            Channel::Teams => notify::teams::payload(&Message::new(&result, &label, &base_url)),
            Channel::Webhook => {
                serde_json::to_value(DigestJson { version: 1, site: &site.config.title, label, digest: &result })?
            }
        };
        if args.dry_run {
            eprintln!("{name}: would post (dry run)");
            println!("{}", serde_json::to_string_pretty(&body)?);
            continue;
        }
        if let Err(failure) = post(route, &body.to_string()) {
            failures.push(format!("{name}: {failure}"));
        } else {
            eprintln!("{name}: posted");
        }
    }
    for failure in &failures {
        eprintln!("error: notify {failure}");
    }
    Ok(if failures.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// The routes to send: the one `--to` describes, or the configured ones (those of `--team` or
/// `--for` when given).
fn routes(args: &NotifyArgs, configured: &[NotifyRoute]) -> anyhow::Result<Vec<NotifyRoute>> {
    if let Some(to) = args.to {
        let url_env = match &args.url_env {
            Some(name) => name.clone(),
            None if args.dry_run => String::new(),
            None => anyhow::bail!(
                "--to {} needs --url-env VAR, the environment variable holding the webhook URL",
                to.as_str()
            ),
        };
        return Ok(vec![NotifyRoute { team: args.team.clone(), for_handle: args.for_handle.clone(), to, url_env }]);
    }
    anyhow::ensure!(
        !configured.is_empty(),
        "no route to send: add `notify:` routes to baton.yaml (see docs/integrations.md) or pass --to and --url-env"
    );
    let wanted = |route: &&NotifyRoute| match (&args.team, &args.for_handle) {
        (Some(team), _) => route.team.as_deref().is_some_and(|t| crate::slug::slugify(t) == crate::slug::slugify(team)),
        (_, Some(handle)) => {
            route.for_handle.as_deref().map(|h| h.trim_start_matches('@')) == Some(handle.trim_start_matches('@'))
        }
        _ => true,
    };
    let routes: Vec<NotifyRoute> = configured.iter().filter(wanted).cloned().collect();
    anyhow::ensure!(!routes.is_empty(), "no `notify:` route in baton.yaml is for that team or person");
    Ok(routes)
}

/// `slack for Payments`, `teams for @mei.lin`, `webhook for everyone`.
fn route_name(route: &NotifyRoute) -> String {
    let whom = match (&route.team, &route.for_handle) {
        (Some(team), _) => team.clone(),
        (_, Some(handle)) => format!("@{}", handle.trim_start_matches('@')),
        _ => "everyone".into(),
    };
    format!("{} for {whom}", route.to.as_str())
}

/// Posts `body` to the route's URL, from its environment variable; the error names the host and
/// why, never the URL.
fn post(route: &NotifyRoute, body: &str) -> Result<(), String> {
    let url = std::env::var(&route.url_env).ok().filter(|u| !u.trim().is_empty());
    let Some(url) = url else {
        return Err(format!("the environment variable {} (url_env) is not set", route.url_env));
    };
    let host = notify::host_of(&url);
    let mut poster = deliver::HttpPoster::new(url, timeout());
    let outcome = deliver::deliver(&mut poster, body, &mut std::thread::sleep);
    match outcome.failure {
        None => Ok(()),
        Some(why) => Err(format!(
            "posting to {host} failed: {why} (after {} tr{})",
            outcome.tries,
            if outcome.tries == 1 { "y" } else { "ies" }
        )),
    }
}

/// Ten seconds a try; `BATON_NOTIFY_TIMEOUT_MS` (undocumented) shortens it for tests.
fn timeout() -> std::time::Duration {
    std::env::var("BATON_NOTIFY_TIMEOUT_MS")
        .ok()
        .and_then(|ms| ms.parse().ok())
        .map_or(deliver::TIMEOUT, std::time::Duration::from_millis)
}
