//! Resolves links between content files for the Markdown renderer.
//!
//! Built once per build from the base: content path → page URL and id → (URL, title). URLs are
//! site-root-relative (`handoffs/x/`); the renderer prefixes the page's way back to the root.

use super::markdown::LinkResolver;
use crate::model::Base;
use std::collections::BTreeMap;

/// The lookup tables behind [`LinkResolver`].
#[derive(Debug, Default)]
pub struct SiteLinks {
    by_path: BTreeMap<String, String>,
    by_id: BTreeMap<String, (String, String)>,
}

impl SiteLinks {
    /// Indexes every handoff and decision of `base`.
    pub fn new(base: &Base) -> Self {
        let mut links = SiteLinks::default();
        for h in base.handoffs.values() {
            let url = format!("handoffs/{}/", h.id);
            links.by_path.insert(content_path(&h.file), url.clone());
            links.by_id.insert(h.id.to_string(), (url, h.title.clone()));
        }
        for d in base.decisions.values() {
            let url = format!("decisions/{}/", d.id);
            if d.origin == crate::model::DecisionOrigin::File {
                links.by_path.insert(content_path(&d.file), url.clone());
            }
            links.by_id.insert(d.id.to_string(), (url, d.title.clone()));
        }
        for w in base.wraps.values() {
            let url = super::wraps::wrap_url(&w.id);
            let title = w.summary.as_ref().map_or_else(|| format!("Wrap {}", w.id), |s| s.value.clone());
            links.by_path.insert(content_path(&w.file), url.clone());
            links.by_id.insert(w.id.to_string(), (url, title));
        }
        links
    }
}

/// `content/a/b.md` → `a/b.md`; a record outside `content/` (`docs/adr/x.md` or
/// `../docs/adr/x.md`, relative to the site folder) → `../docs/adr/x.md` or `../../docs/adr/x.md`,
/// relative to `content/` like every other key.
pub fn content_path(file: &std::path::Path) -> String {
    let text = file.to_string_lossy().replace('\\', "/");
    match text.strip_prefix("content/") {
        Some(inside) => inside.to_string(),
        None => format!("../{text}"),
    }
}

impl LinkResolver for SiteLinks {
    fn page_for_file(&self, from: &str, target: &str) -> Option<String> {
        let folder = from.rsplit_once('/').map_or("", |(dir, _)| dir);
        let joined = if folder.is_empty() { target.to_string() } else { format!("{folder}/{target}") };
        self.by_path.get(&normalize(&joined)).cloned()
    }

    fn page_for_id(&self, id: &str) -> Option<(String, String)> {
        self.by_id.get(id).cloned()
    }
}

/// Folds `.` and `..` segments. A path that climbs out of `content/` keeps its leading `..`
/// segments: it can only match a record read from a folder beside the site (`decision_dirs`),
/// whose key starts the same way (see [`content_path`]).
fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." if parts.last().is_none_or(|p| *p == "..") => parts.push(".."),
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_resolve_from_the_linking_folder() {
        let mut links = SiteLinks::default();
        links.by_path.insert("ops/export.md".into(), "handoffs/export/".into());
        assert_eq!(links.page_for_file("payments/ledger.md", "../ops/export.md").as_deref(), Some("handoffs/export/"));
        assert_eq!(links.page_for_file("ops/a.md", "./export.md").as_deref(), Some("handoffs/export/"));
        assert_eq!(links.page_for_file("a.md", "../../etc/passwd.md"), None);
    }

    #[test]
    fn records_beside_the_site_resolve_from_content_and_from_each_other() {
        let mut links = SiteLinks::default();
        let record = content_path(std::path::Path::new("../docs/adr/0003-x.md"));
        assert_eq!(record, "../../docs/adr/0003-x.md");
        links.by_path.insert(record, "decisions/0003-x/".into());
        let from_handoff = links.page_for_file("sre/pager.md", "../../../docs/adr/0003-x.md");
        assert_eq!(from_handoff.as_deref(), Some("decisions/0003-x/"));
        let from_record = links.page_for_file("../../docs/adr/0001-y.md", "0003-x.md");
        assert_eq!(from_record.as_deref(), Some("decisions/0003-x/"));
    }
}
