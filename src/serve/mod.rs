//! `baton serve`: the site from memory, rebuilt as files change, with live reload.
//!
//! Three parts run side by side. The watcher ([`watch`]) turns file events into bursts; a rebuild
//! thread sorts each burst ([`classify`]), rebuilds what it affects ([`site`], planned by
//! [`affected`]) and puts the result into the [`served::Served`] site, telling open pages over
//! a broadcast channel; the HTTP server ([`http`]) serves pages from memory. Bad content never
//! stops the server: the last good site stays up with the errors shown over it. Nothing is
//! written to disk, so Ctrl-C leaves nothing behind.

pub mod affected;
pub mod bench;
pub mod classify;
pub mod generate;
pub mod host;
pub mod http;
pub mod live_clients;
pub mod relink;
pub mod rendering;
pub mod request_path;
pub mod served;
pub mod site;
pub mod sources;
pub mod watch;

use anyhow::Context as _;
use served::{LiveEvent, Served};
use site::{LiveSite, Outcome};
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, Instant};
use tokio::sync::{broadcast, watch as signal};

/// How long a burst of file events may pause before it counts as over. Editors write a file in
/// a few system calls within a millisecond or two; 10 ms is comfortably longer and still small
/// next to the rebuild itself.
const QUIET: Duration = Duration::from_millis(10);
/// A burst that keeps going (a `git checkout`) is rebuilt at least this often.
const LONGEST_BURST: Duration = Duration::from_millis(300);

/// What to serve and where.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder.
    pub site: PathBuf,
    /// The address to listen on (loopback unless asked otherwise).
    pub bind: IpAddr,
    /// The port; 0 picks a free one.
    pub port: u16,
    /// Open the site in a browser once it is up.
    pub open: bool,
    /// "Now" for the time rules and badges, when pinned; the clock at each rebuild otherwise.
    pub today: Option<jiff::Timestamp>,
    /// More host names (or `*`) to answer to, besides localhost, loopback and `bind`.
    pub allow_hosts: Vec<String>,
}

/// Runs `baton serve` until Ctrl-C.
pub fn run(options: &ServeOptions) -> anyhow::Result<()> {
    let started = Instant::now();
    if !options.bind.is_loopback() {
        eprintln!(
            "warning: serving on {} makes the site, drafts included, readable by anyone who can reach this address; baton serve has no authentication. It answers requests for {} and loopback names only; add --allow-host NAME for each other name people use to reach it",
            options.bind, options.bind
        );
    }
    let listener = bind(options.bind, options.port)?;
    let (live_site, first) = LiveSite::open(&options.site, options.today)?;
    let served = Arc::new(RwLock::new(Served::default()));
    let (live, _) = broadcast::channel(64);
    report(&mut lock(&served), first, started, "built");
    let url = format!("http://{}/", listener.local_addr().context("reading the bound address")?);
    println!("serving {} at {url} (Ctrl-C to stop)", options.site.display());
    if options.open {
        open_browser(&url);
    }
    let (events_tx, events_rx) = std::sync::mpsc::channel();
    let watcher = watch::SiteWatcher::start(&options.site, events_tx)?;
    let viewers = http::Viewers::default();
    let rebuilds = Rebuilds {
        site: live_site,
        watcher,
        served: Arc::clone(&served),
        live: live.clone(),
        viewers: viewers.clone(),
    };
    let rebuild_thread = std::thread::spawn(move || rebuilds.run(&events_rx));
    let (stop_tx, stopping) = signal::channel(false);
    let live_clients = live_clients::LiveClients::default();
    let site = Arc::new(options.site.clone());
    let hosts = Arc::new(host::AllowedHosts::new(options.bind, &options.allow_hosts));
    let state = http::AppState { served, live, stopping, viewers, live_clients, site, hosts };
    // The rebuild thread owns the watcher and ends with the process; serve writes nothing to
    // disk, so there is nothing to clean up after the server stops.
    let result = serve_http(listener, state, stop_tx);
    if rebuild_thread.is_finished() {
        eprintln!("warning: the rebuild thread had stopped; changes were no longer picked up");
    }
    result
}

/// Binds `ip:port`; a port in use is an error that names the next free one.
fn bind(ip: IpAddr, port: u16) -> anyhow::Result<TcpListener> {
    match TcpListener::bind(SocketAddr::new(ip, port)) {
        Ok(listener) => Ok(listener),
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
            let free = (port.saturating_add(1)..port.saturating_add(100))
                .find(|p| TcpListener::bind(SocketAddr::new(ip, *p)).is_ok());
            let suggestion = free.map_or(String::new(), |p| format!("try --port {p}, which is free, or "));
            anyhow::bail!("port {port} on {ip} is already in use; {suggestion}use --port 0 to pick any free port")
        }
        Err(e) => Err(e).with_context(|| format!("listening on {ip}:{port}")),
    }
}

/// Serves until Ctrl-C, then ends the event streams so open pages let go.
fn serve_http(listener: TcpListener, state: http::AppState, stop: signal::Sender<bool>) -> anyhow::Result<()> {
    listener.set_nonblocking(true).context("preparing the listener")?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("starting the server runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener).context("preparing the listener")?;
        let shutdown = async move {
            // If Ctrl-C cannot be caught, serving until killed is the best we can do.
            if tokio::signal::ctrl_c().await.is_ok() {
                println!("\nstopping");
            }
            // Receivers gone means every stream already ended.
            stop.send(true).ok();
        };
        axum::serve(listener, http::router(state)).with_graceful_shutdown(shutdown).await.context("serving")
    })
}

/// The rebuild loop: owns the live site and the watcher.
struct Rebuilds {
    site: LiveSite,
    watcher: watch::SiteWatcher,
    served: Arc<RwLock<Served>>,
    live: broadcast::Sender<LiveEvent>,
    viewers: http::Viewers,
}

impl Rebuilds {
    /// Rebuilds after each burst of changes; renders deferred pages when no change is waiting.
    fn run(mut self, events: &Receiver<(Instant, classify::FileEvent)>) {
        loop {
            let burst = if self.site.has_deferred() {
                match events.try_recv() {
                    Ok(first) => Some(watch::burst_from(first, events, QUIET, LONGEST_BURST)),
                    Err(TryRecvError::Empty) => {
                        let started = Instant::now();
                        let outcome = self.site.render_deferred();
                        self.tell(outcome, started, "rendered the rest");
                        continue;
                    }
                    Err(TryRecvError::Disconnected) => None,
                }
            } else {
                watch::next_burst(events, QUIET, LONGEST_BURST)
            };
            let Some((first_at, burst)) = burst else { return };
            self.rebuild(first_at, burst);
        }
    }

    fn rebuild(&mut self, first_at: Instant, burst: Vec<classify::FileEvent>) {
        let changes = classify::classify_with(burst, &self.site.decision_dirs());
        if changes.is_empty() {
            return;
        }
        if let Err(e) = self.watcher.watch_new_folders() {
            eprintln!("warning: {e:#}");
        }
        let viewed = self.viewers.pages();
        let outcome = self.site.apply(&changes, &viewed);
        self.tell(outcome, first_at, "rebuilt");
    }

    /// Publishes an outcome and tells open pages.
    fn tell(&self, outcome: Outcome, since: Instant, verb: &str) {
        if let Some(event) = report(&mut lock(&self.served), outcome, since, verb) {
            // No open page is listening: nobody to tell.
            self.live.send(event).ok();
        }
    }
}

fn lock(served: &RwLock<Served>) -> std::sync::RwLockWriteGuard<'_, Served> {
    served.write().unwrap_or_else(PoisonError::into_inner)
}

/// Applies an outcome to the served site and prints one line about it (or the errors).
fn report(served: &mut Served, outcome: Outcome, since: Instant, verb: &str) -> Option<LiveEvent> {
    match outcome {
        Outcome::Unchanged => None,
        Outcome::Published(update) => {
            let (rendered, full) = (update.rendered, update.full);
            let (warnings, stages) = (update.warnings.clone(), update.stages.clone());
            let was_failing = served.failure.is_some();
            let event = served.publish(update);
            if full {
                warnings.iter().for_each(|w| eprintln!("{w}"));
            }
            println!(
                "{verb} in {} ms ({stages}): {rendered} page(s) rendered, {} changed{}{}",
                since.elapsed().as_millis(),
                event.changed.len(),
                summary(&event.changed),
                if was_failing { "; errors fixed" } else { "" }
            );
            Some(event)
        }
        Outcome::Failed(failure) => {
            eprintln!("{}", failure.report);
            eprintln!("{} error(s); still serving the last good version", failure.errors);
            Some(served.fail(failure))
        }
    }
}

/// ` (handoffs/a/, handoffs/b/ and 5 more)`.
fn summary(urls: &[String]) -> String {
    const SHOWN: usize = 3;
    if urls.is_empty() {
        return String::new();
    }
    let shown: Vec<String> =
        urls.iter().take(SHOWN).map(|u| if u.is_empty() { "/".into() } else { u.clone() }).collect();
    let more = urls.len().saturating_sub(SHOWN);
    let more = if more > 0 { format!(" and {more} more") } else { String::new() };
    format!(" ({}{more})", shown.join(", "))
}

/// Opens `url` in the desktop's browser; a failure is only worth a note.
fn open_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(command).arg(url).spawn() {
        eprintln!("note: could not open a browser ({command}: {e}); open {url} yourself");
    }
}
