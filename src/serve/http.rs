//! The HTTP side: pages from memory, the live-reload channel, the error overlay and the API.
//!
//! Pages are stored exactly as `baton build` writes them; the live-reload script, its stylesheet
//! and (while the last rebuild failed) the error overlay are added to HTML as it is sent, so
//! they exist only in served pages. Browsers hear about rebuilds over server-sent events fed by
//! a broadcast channel. Every response carries `x-baton-rendered` (pages the last rebuild
//! rendered) and `x-baton-generation` (rebuilds so far) for tests and the curious. A request
//! naming a host other than this machine's loopback names gets 421 on every route.

use super::host::{AllowedHosts, Refusal};
use super::served::{LiveEvent, Served};
use axum::Router;
use axum::extract::{Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, Version, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use std::collections::{BTreeMap, BTreeSet};
use std::convert::Infallible;
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use tokio::sync::{broadcast, watch};
use tokio_stream::StreamExt as _;
use tokio_stream::wrappers::{BroadcastStream, WatchStream};

/// The live-reload script: ours, small, and served only by `baton serve`.
const LIVE_JS: &str = include_str!("live.js");
/// The error overlay's look.
const LIVE_CSS: &str = include_str!("live.css");

/// What every handler shares: the served site, the reload channel, the shutdown signal.
#[derive(Clone)]
pub struct AppState {
    /// The site in memory.
    pub served: Arc<RwLock<Served>>,
    /// Rebuild events for open pages.
    pub live: broadcast::Sender<LiveEvent>,
    /// Becomes true when serve is stopping, to end the event streams.
    pub stopping: watch::Receiver<bool>,
    /// The pages open in a browser, rendered first after a change.
    pub viewers: Viewers,
    /// The open live-reload streams, capped.
    pub live_clients: super::live_clients::LiveClients,
    /// The site folder, for `/api/search` (which answers from the same index as `baton search`).
    pub site: Arc<std::path::PathBuf>,
    /// The `Host` values answered; others get 421 (see [`super::host`]).
    pub hosts: Arc<AllowedHosts>,
}

/// How many open pages show each URL (`handoffs/x/`), from their event streams.
#[derive(Debug, Clone, Default)]
pub struct Viewers(Arc<Mutex<BTreeMap<String, usize>>>);

impl Viewers {
    /// The URLs someone is viewing now.
    pub fn pages(&self) -> BTreeSet<String> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).keys().cloned().collect()
    }

    /// Counts one more viewer of `page` until the returned guard is dropped.
    fn watch(&self, page: String) -> Viewing {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner).entry(page.clone()).or_default() += 1;
        Viewing { viewers: self.clone(), page }
    }
}

/// One open page; dropped with its event stream.
struct Viewing {
    viewers: Viewers,
    page: String,
}

impl Drop for Viewing {
    fn drop(&mut self) {
        let mut pages = self.viewers.0.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(count) = pages.get_mut(&self.page) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                pages.remove(&self.page);
            }
        }
    }
}

/// The routes of `baton serve`, every one behind the `Host` check.
pub fn router(state: AppState) -> Router {
    let hosts = Arc::clone(&state.hosts);
    Router::new()
        .route("/__baton/live.js", get(|| async { asset("text/javascript; charset=utf-8", LIVE_JS) }))
        .route("/__baton/live.css", get(|| async { asset("text/css; charset=utf-8", LIVE_CSS) }))
        .route("/__baton/events", get(events))
        .route("/__baton/status", get(status))
        .route("/api/search", get(search))
        .fallback(get(page))
        .with_state(state)
        .layer(middleware::from_fn_with_state(hosts, only_allowed_hosts))
}

/// Answers a request only when it names a host this server answers to: a page that rebound
/// its own name to 127.0.0.1 must not read the site (see [`super::host`]). An absolute request
/// target (`GET http://name/ HTTP/1.1`) names a host too, and is held to the same rule.
async fn only_allowed_hosts(State(hosts): State<Arc<AllowedHosts>>, request: Request, next: Next) -> Response {
    let http10 = request.version() <= Version::HTTP_10;
    let headers = request.headers().get_all(header::HOST).iter().map(HeaderValue::as_bytes);
    let verdict = hosts.check(headers, http10).and_then(|()| match request.uri().authority() {
        Some(authority) => hosts.check([authority.as_str().as_bytes()], false),
        None => Ok(()),
    });
    match verdict {
        Ok(()) => next.run(request).await,
        Err(Refusal::Misdirected(host)) => {
            let message = format!(
                "misdirected request: baton serve answers requests for localhost, loopback addresses and its --bind address, not `{host}`; to preview under that name, start it with --allow-host NAME\n"
            );
            refusal(StatusCode::MISDIRECTED_REQUEST, message)
        }
        Err(Refusal::BadHost) => {
            refusal(StatusCode::BAD_REQUEST, "bad request: exactly one Host header is required\n".to_string())
        }
    }
}

fn refusal(status: StatusCode, message: String) -> Response {
    (status, [(header::CACHE_CONTROL, "no-store")], message).into_response()
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "no-store")], body).into_response()
}

/// A read lock that survives a panicked writer: serving a slightly old site beats failing.
fn read(served: &RwLock<Served>) -> std::sync::RwLockReadGuard<'_, Served> {
    served.read().unwrap_or_else(PoisonError::into_inner)
}

/// Any page or file of the site.
async fn page(State(state): State<AppState>, uri: Uri, request_headers: HeaderMap) -> Response {
    let path = match super::request_path::site_path(uri.path()) {
        Ok(path) => path,
        Err(refused) => return (StatusCode::BAD_REQUEST, format!("bad request: {refused}\n")).into_response(),
    };
    let served = read(&state.served);
    let file = if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path.clone() };
    let (status, file, found) = match served.file(&file) {
        Some(found) => (StatusCode::OK, file, found),
        None if served.file(&format!("{path}/index.html")).is_some() => {
            // From the path without its leading slashes: `//handoffs` must not send the browser
            // to `//handoffs/`, which is the host `handoffs`.
            return redirect(&format!("/{}/", uri.path().trim_start_matches('/')));
        }
        None => match served.file("404.html") {
            Some(found) => (StatusCode::NOT_FOUND, "404.html".to_string(), found),
            None => (StatusCode::NOT_FOUND, "404.html".to_string(), (Arc::from(&b"not found"[..]), 0)),
        },
    };
    let (bytes, version) = found;
    let content_type = content_type(&file);
    let html = content_type.starts_with("text/html");
    // The search script reads one slot of a pack with a range request, as from a static host.
    let range = request_headers.get(header::RANGE).and_then(|r| r.to_str().ok());
    let wanted = range.filter(|_| status == StatusCode::OK && !html).map(|r| byte_range(r, bytes.len()));
    let (status, body, content_range) = match wanted {
        Some(Some((from, to))) => {
            let content_range = format!("bytes {from}-{to}/{}", bytes.len());
            (StatusCode::PARTIAL_CONTENT, bytes[from..=to].to_vec(), Some(content_range))
        }
        Some(None) => (StatusCode::RANGE_NOT_SATISFIABLE, Vec::new(), Some(format!("bytes */{}", bytes.len()))),
        None if html => {
            (status, with_live_reload(&bytes, version, served.failure.as_ref().map(|f| f.report.as_str())), None)
        }
        None => (status, bytes.to_vec(), None),
    };
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    if let Some(content_range) = content_range.and_then(|c| HeaderValue::from_str(&c).ok()) {
        headers.insert(header::CONTENT_RANGE, content_range);
    }
    if !html {
        headers.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    }
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert("x-baton-version", HeaderValue::from(version));
    debug_headers(headers, &served);
    response
}

/// The bytes a `Range: bytes=…` header asks of a file of `len` bytes, as inclusive offsets:
/// `from-to`, `from-` or the last `n` with `-n`. `None` when it cannot be served (several ranges,
/// or none inside the file): the caller answers 416.
fn byte_range(header: &str, len: usize) -> Option<(usize, usize)> {
    let spec = header.trim().strip_prefix("bytes=")?;
    if spec.contains(',') || len == 0 {
        return None;
    }
    let (from, to) = spec.split_once('-')?;
    let (from, to) = match (from.trim(), to.trim()) {
        ("", suffix) => {
            let n: usize = suffix.parse().ok()?;
            (len.checked_sub(n.min(len))?, len - 1)
        }
        (from, "") => (from.parse().ok()?, len - 1),
        (from, to) => (from.parse().ok()?, to.parse::<usize>().ok()?.min(len - 1)),
    };
    (from <= to && from < len).then_some((from, to))
}

fn redirect(location: &str) -> Response {
    match HeaderValue::from_str(location) {
        Ok(value) => (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, value)]).into_response(),
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}

fn debug_headers(headers: &mut HeaderMap, served: &Served) {
    headers.insert("x-baton-rendered", HeaderValue::from(served.rendered));
    headers.insert("x-baton-generation", HeaderValue::from(served.generation));
}

/// Adds the live-reload script (and the error overlay, while there are errors) before `</body>`.
pub fn with_live_reload(html: &[u8], version: u64, errors: Option<&str>) -> Vec<u8> {
    let mut extra = format!(
        "<link rel=\"stylesheet\" href=\"/__baton/live.css\">\n<script src=\"/__baton/live.js\" data-version=\"{version}\" defer></script>\n"
    );
    if let Some(report) = errors {
        extra.push_str(&overlay(report));
    }
    let at = find_last(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + extra.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(extra.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// The error overlay as HTML; live.js builds the same markup when errors arrive later.
fn overlay(report: &str) -> String {
    format!(
        "<div id=\"baton-overlay\" role=\"alert\"><div class=\"baton-overlay-box\"><p class=\"baton-overlay-title\">The last change does not build. You are seeing the last good version.</p><pre>{}</pre></div></div>\n",
        crate::render::escape_html(report)
    )
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// The content type of a served file, by extension.
fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit_once('.').map_or("", |(_, e)| e);
    match extension.to_ascii_lowercase().as_str() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "txt" | "md" => "text/plain; charset=utf-8",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// The query of `/__baton/events`.
#[derive(Debug, serde::Deserialize)]
struct EventsQuery {
    /// The URL of the page listening (`handoffs/x/`).
    page: Option<String>,
}

/// Server-sent events: one `rebuild` event per rebuild, until serve stops. While the stream is
/// open, its page counts as viewed. Past [`MAX_LIVE_CLIENTS`](super::live_clients::MAX_LIVE_CLIENTS)
/// open streams a new one gets 503 (a browser's `EventSource` then gives up rather than retry).
async fn events(State(state): State<AppState>, Query(query): Query<EventsQuery>) -> Response {
    let Some(client) = state.live_clients.join() else {
        let message = format!(
            "too many live-reload connections: {} are open, the most baton serve keeps; pages still load, without live reload\n",
            state.live_clients.max()
        );
        return (StatusCode::SERVICE_UNAVAILABLE, message).into_response();
    };
    let viewing = query.page.map(|page| state.viewers.watch(page));
    let rebuilds = BroadcastStream::new(state.live.subscribe()).filter_map(|event| event.ok()).map(move |event| {
        // The stream owns its place under the cap and the viewer count; both end with it.
        let _held = (&client, &viewing);
        let data = serde_json::to_string(&event).unwrap_or_else(|_| "{}".into());
        Some(Ok::<_, Infallible>(Event::default().event("rebuild").data(data)))
    });
    let stop = WatchStream::from_changes(state.stopping.clone()).map(|_| None);
    let stream = rebuilds.merge(stop).map_while(|item| item);
    Sse::new(stream).keep_alive(KeepAlive::default()).into_response()
}

/// `/__baton/status`: the last rebuild, for tests and tools.
async fn status(State(state): State<AppState>) -> Response {
    let served = read(&state.served);
    let body = serde_json::json!({
        "generation": served.generation,
        "rendered": served.rendered,
        "changed": served.changed,
        "complete": served.complete,
        "errors": served.failure.as_ref().map(|f| &f.report),
        "listeners": state.live.receiver_count(),
        "viewed": state.viewers.pages(),
    });
    let mut response = axum::Json(body).into_response();
    debug_headers(response.headers_mut(), &served);
    response
}

/// The query of `/api/search`.
#[derive(Debug, serde::Deserialize)]
struct SearchQuery {
    q: Option<String>,
}

/// `/api/search?q=`: the same query language, index and JSON as `baton search --json`. The index
/// lives on disk in `.baton/search/` and is brought up to date from content hashes on each query,
/// so it follows edits without serve keeping a second copy in memory.
async fn search(State(state): State<AppState>, Query(query): Query<SearchQuery>) -> Response {
    let text = query.q.unwrap_or_default();
    let parsed = match crate::search::query::parse(&text) {
        Ok(parsed) if parsed.has_text() || !parsed.filters.is_empty() => parsed,
        Ok(_) => return bad_query(&text, "nothing to search for: give words, or a filter such as `owner:kofi`"),
        Err(message) => return bad_query(&text, &message),
    };
    let site = state.site.clone();
    let answer = tokio::task::spawn_blocking(move || {
        let options = crate::search::engine::SearchOptions { limit: 10, since: None };
        let (results, _notes) = crate::search::run_query(&site, &parsed, options)?;
        let lines = crate::search::match_lines(&site, &results);
        anyhow::Ok(crate::search::format::json(&results, &lines))
    })
    .await;
    match answer {
        Ok(Ok(json)) => ([(axum::http::header::CONTENT_TYPE, "application/json")], json).into_response(),
        Ok(Err(e)) => (StatusCode::INTERNAL_SERVER_ERROR, axum::Json(serde_json::json!({ "error": format!("{e:#}") })))
            .into_response(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, axum::Json(serde_json::json!({ "error": e.to_string() })))
            .into_response(),
    }
}

fn bad_query(query: &str, message: &str) -> Response {
    (StatusCode::BAD_REQUEST, axum::Json(serde_json::json!({ "error": message, "query": query }))).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_ranges_are_read_as_static_hosts_read_them() {
        assert_eq!(byte_range("bytes=0-7", 100), Some((0, 7)));
        assert_eq!(byte_range("bytes=90-", 100), Some((90, 99)));
        assert_eq!(byte_range("bytes=-10", 100), Some((90, 99)));
        assert_eq!(byte_range("bytes=95-200", 100), Some((95, 99)));
        assert_eq!(byte_range("bytes=100-120", 100), None);
        assert_eq!(byte_range("bytes=0-1,4-5", 100), None);
        assert_eq!(byte_range("bytes=7-3", 100), None);
        assert_eq!(byte_range("items=0-1", 100), None);
    }

    #[test]
    fn the_script_goes_before_the_end_of_the_body() {
        let html = with_live_reload(b"<html><body><p>x</p></body></html>", 7, None);
        let html = String::from_utf8(html).unwrap();
        assert!(html.contains("<script src=\"/__baton/live.js\" data-version=\"7\" defer></script>\n</body></html>"));
        assert!(!html.contains("baton-overlay"));
    }

    #[test]
    fn the_overlay_escapes_the_report() {
        let html = with_live_reload(b"<body></body>", 1, Some("error: <script> at content/a.md:3:1"));
        let html = String::from_utf8(html).unwrap();
        assert!(html.contains("id=\"baton-overlay\"") && html.contains("&lt;script&gt; at content/a.md:3:1"));
    }
}
