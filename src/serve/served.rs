//! The site in memory as the HTTP side serves it, and the events that tell browsers to reload.
//!
//! [`Served`] is what lives in axum's state (behind a lock, never in a global): every file of
//! the last good build, the errors of the last rebuild if it failed, and for each file the
//! rebuild that last changed it, so a page can tell whether it is stale. Applying an update
//! yields the [`LiveEvent`] sent to every open page. Nothing here renders or reads the disk.

use super::site::{Failure, Update};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The served site.
#[derive(Debug, Default)]
pub struct Served {
    /// Path (`handoffs/x/index.html`) → bytes, as `baton build` would write them.
    files: BTreeMap<String, Arc<[u8]>>,
    /// The rebuild that last changed each file.
    versions: BTreeMap<String, u64>,
    /// The errors of the last rebuild, while they last.
    pub failure: Option<Failure>,
    /// How many rebuilds have been applied (published or failed).
    pub generation: u64,
    /// Pages the last publishing rebuild rendered, changed or not.
    pub rendered: usize,
    /// Page URLs the last publishing rebuild changed.
    pub changed: Vec<String>,
    /// No affected page is waiting to be rendered.
    pub complete: bool,
}

/// What a browser is told after a rebuild.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct LiveEvent {
    /// The rebuild's number.
    pub generation: u64,
    /// Pages that changed, by URL (`handoffs/x/`, `""` for the dashboard).
    pub changed: Vec<String>,
    /// A stylesheet, script or static file changed: every page reloads.
    pub reload_all: bool,
    /// The errors to show over the page, or `None` when the site builds.
    pub errors: Option<String>,
    /// Every page affected by the changes so far is rendered (false after a first round that
    /// left list pages for later).
    pub complete: bool,
}

impl Served {
    /// A file's bytes and the rebuild that last changed it.
    pub fn file(&self, path: &str) -> Option<(Arc<[u8]>, u64)> {
        let bytes = self.files.get(path)?;
        Some((Arc::clone(bytes), self.versions.get(path).copied().unwrap_or(0)))
    }

    /// Takes in a published rebuild.
    pub fn publish(&mut self, update: Update) -> LiveEvent {
        self.generation += 1;
        self.failure = None;
        let mut reload_all = false;
        let mut changed = Vec::new();
        for (path, bytes) in update.files {
            match page_url(&path) {
                Some(url) => changed.push(url),
                None => reload_all = true,
            }
            self.versions.insert(path.clone(), self.generation);
            self.files.insert(path, bytes.into());
        }
        for path in update.removed {
            changed.extend(page_url(&path));
            self.versions.remove(&path);
            self.files.remove(&path);
        }
        self.rendered = update.rendered;
        self.changed = changed.clone();
        self.complete = update.complete;
        LiveEvent { generation: self.generation, changed, reload_all, errors: None, complete: update.complete }
    }

    /// Takes in a failed rebuild: the files stay as they were. The report kept for browsers is
    /// cut to [`MAX_BROWSER_REPORT`]; the terminal has printed it whole.
    pub fn fail(&mut self, mut failure: Failure) -> LiveEvent {
        self.generation += 1;
        failure.report = for_browsers(&failure.report, failure.errors);
        let errors = Some(failure.report.clone());
        self.failure = Some(failure);
        self.complete = true;
        LiveEvent { generation: self.generation, changed: Vec::new(), reload_all: false, errors, complete: true }
    }
}

/// The most of an error report that goes to browsers. The report is copied into every page
/// served and every event sent while the errors last; whole, a base with thousands of errors
/// (a rule turned on over an old base) made each response 8 MB, and 64 clients pushed serve
/// past 900 MB. 64 KB is still hundreds of errors, far more than anyone reads over a page.
pub const MAX_BROWSER_REPORT: usize = 64 * 1024;

/// `report` cut at a line end before [`MAX_BROWSER_REPORT`] bytes, with a last line saying so.
fn for_browsers(report: &str, errors: usize) -> String {
    if report.len() <= MAX_BROWSER_REPORT {
        return report.to_string();
    }
    let mut end = MAX_BROWSER_REPORT;
    while !report.is_char_boundary(end) {
        end -= 1;
    }
    let end = report[..end].rfind('\n').map_or(end, |newline| newline + 1);
    format!("{}\n… cut here: the terminal running baton serve shows all {errors} error(s).\n", &report[..end])
}

/// The URL of an HTML page file (`handoffs/x/index.html` → `handoffs/x/`), `None` for assets.
pub fn page_url(path: &str) -> Option<String> {
    if path == "index.html" {
        return Some(String::new());
    }
    if let Some(folder) = path.strip_suffix("/index.html") {
        return Some(format!("{folder}/"));
    }
    path.ends_with(".html").then(|| path.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_files_map_to_their_urls() {
        assert_eq!(page_url("index.html").as_deref(), Some(""));
        assert_eq!(page_url("handoffs/x/index.html").as_deref(), Some("handoffs/x/"));
        assert_eq!(page_url("404.html").as_deref(), Some("404.html"));
        assert_eq!(page_url("style.css"), None);
    }

    #[test]
    fn a_publish_lists_changed_pages_and_clears_errors() {
        let mut served = Served::default();
        served.fail(Failure { report: "error".into(), errors: 1 });
        let update = Update {
            files: vec![("handoffs/a/index.html".into(), b"a".to_vec())],
            removed: vec!["handoffs/b/index.html".into()],
            rendered: 3,
            ..Update::default()
        };
        let event = served.publish(update);
        assert_eq!(event.changed, ["handoffs/a/", "handoffs/b/"]);
        assert!(!event.reload_all && event.errors.is_none() && served.failure.is_none());
        assert_eq!(served.file("handoffs/a/index.html").map(|(_, v)| v), Some(2));
    }

    #[test]
    fn a_huge_report_is_cut_for_browsers_at_a_line_end() {
        let line = "error[readiness]: `done` handoffs need `acceptance` — ünïcode\n";
        let report = line.repeat(MAX_BROWSER_REPORT / line.len() * 3);
        let mut served = Served::default();
        let event = served.fail(Failure { report: report.clone(), errors: 3000 });
        let sent = event.errors.unwrap();
        assert!(sent.len() <= MAX_BROWSER_REPORT + 100, "{} bytes", sent.len());
        assert!(report.starts_with(sent.split("\n… cut here").next().unwrap()));
        assert!(sent.ends_with("shows all 3000 error(s).\n"));
        assert_eq!(served.failure.as_ref().map(|f| f.report.as_str()), Some(sent.as_str()));
        let small = served.fail(Failure { report: line.into(), errors: 1 });
        assert_eq!(small.errors.as_deref(), Some(line));
    }

    #[test]
    fn a_changed_stylesheet_reloads_every_page() {
        let mut served = Served::default();
        let event = served.publish(Update { files: vec![("style.css".into(), b"x".to_vec())], ..Update::default() });
        assert!(event.reload_all);
    }
}
