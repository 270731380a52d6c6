//! What is searched: one [`SearchDoc`] per handoff and per decision, flattened from the model.
//!
//! Both indexes (tantivy for the command line, the static shards for the site) are built from
//! these documents and nothing else, so they can only disagree on ranking code, never on what a
//! page contains. A document has two text fields, the heading (title and tags) and everything
//! else, because titles rank above bodies; facets (kind, status, people, team, tags, date) filter and never score.

use crate::markdown::bodies::Bodies;
use crate::model::{Base, Decision, DecisionOrigin, Handoff};
use crate::render::views::{decision_url, handoff_url};
use crate::slug::slugify;
use serde::{Deserialize, Serialize};

/// A handoff or a decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A handoff page.
    Handoff,
    /// A decision page (inline or a decision file).
    Decision,
}

impl Kind {
    /// As written in queries and URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Handoff => "handoff",
            Kind::Decision => "decision",
        }
    }

    /// Reads `handoff` or `decision`.
    pub fn parse(text: &str) -> Option<Kind> {
        [Kind::Handoff, Kind::Decision].into_iter().find(|k| k.as_str() == text)
    }
}

/// A team or tag facet value: the slug filters match on, and the name as written for display.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Named {
    /// `data-platform`.
    pub slug: String,
    /// `Data Platform`.
    pub name: String,
}

impl Named {
    fn new(name: &str) -> Option<Named> {
        let slug = slugify(name);
        (!slug.is_empty()).then(|| Named { slug, name: name.to_string() })
    }
}

/// One searchable page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchDoc {
    /// The handoff or decision id.
    pub id: String,
    /// Handoff or decision.
    pub kind: Kind,
    /// Site-root-relative URL of its page.
    pub url: String,
    /// The source file, relative to the site folder, `/`-separated.
    pub file: String,
    /// The line of the file it starts on: 1, or an inline decision's line.
    pub line: usize,
    /// The title.
    pub title: String,
    /// Handoff or decision status, as written.
    pub status: String,
    /// Who it belongs to: a handoff's owner, a decision's deciders.
    pub people: Vec<String>,
    /// Teams: a handoff's team; for a decision, its handoff's team or its deciders' teams.
    pub teams: Vec<Named>,
    /// Tags.
    pub tags: Vec<Named>,
    /// `YYYY-MM-DD`: a handoff's last update (or creation), a decision's date.
    pub date: Option<String>,
    /// Everything else that is text.
    pub body: String,
    /// Linked tracker items closed or merged, as last synced (`acme/ledger#12 merged`).
    pub trackers: Vec<String>,
}

impl SearchDoc {
    /// The order documents are numbered in, and the order equal scores rank in: kind (handoffs
    /// first), team, first person, id. Grouping by facets makes the static index's facet files
    /// runs of equal values, which compress to almost nothing; ids make the order total.
    pub fn order_key(&self) -> String {
        let team = self.teams.first().map(|t| t.slug.as_str()).unwrap_or_default();
        let person = self.people.first().map(String::as_str).unwrap_or_default();
        format!("{}\u{0}{team}\u{0}{person}\u{0}{}", u8::from(self.kind == Kind::Decision), self.id)
    }

    /// What the page is about: its title, its id (the short name its author chose) and its tags,
    /// one per line. This is the text that ranks above the body, so a decision tagged
    /// `postgres` is about Postgres even when its title says PostgreSQL.
    pub fn heading(&self) -> String {
        let mut heading = format!("{}\n{}", self.title, self.id);
        for tag in &self.tags {
            heading.push('\n');
            heading.push_str(&tag.name);
        }
        heading
    }
}

/// Every handoff and decision of the base, in [`SearchDoc::order_key`] order.
pub fn documents(base: &Base, bodies: &Bodies) -> Vec<SearchDoc> {
    let mut docs: Vec<SearchDoc> = base.handoffs.values().map(|h| handoff_doc(base, bodies, h)).collect();
    docs.extend(base.decisions.values().map(|d| decision_doc(base, bodies, d)));
    ordered(docs)
}

/// `docs` in [`SearchDoc::order_key`] order.
fn ordered(mut docs: Vec<SearchDoc>) -> Vec<SearchDoc> {
    docs.sort_by_cached_key(SearchDoc::order_key);
    docs
}

/// A document whose body waits compressed. A build makes the documents page by page during its
/// render and holds them until the search index is built after it; uncompressed, their text
/// was a third of the build's peak memory (some 100 MB at 10,000 handoffs).
///
/// LZ4 rather than deflate: the text waits, it is not published, so speed matters more than
/// size. At 10,000 handoffs, swapping deflate's fastest level for LZ4 took 3–4% off the build's
/// time. Its output is larger, but the bodies are now let go as they are unpacked
/// ([`PackedDoc::unpack`]): the peak grew ~6 MB on the bench corpus and fell 25 MB on the
/// prose one (`bench/RESULTS.md`, sixth checkpoint).
#[derive(Debug)]
pub struct PackedDoc {
    /// The document, its body empty.
    doc: SearchDoc,
    /// The body, LZ4-compressed, its length in front.
    body: Vec<u8>,
}

impl PackedDoc {
    /// `doc` with its body compressed.
    pub fn pack(mut doc: SearchDoc) -> PackedDoc {
        let text = std::mem::take(&mut doc.body);
        PackedDoc { doc, body: lz4_flex::block::compress_prepend_size(text.as_bytes()) }
    }

    /// A whole copy of the document, its body unpacked.
    pub fn unpacked_copy(&self) -> SearchDoc {
        SearchDoc { body: unpack_text(&self.body), ..self.doc.clone() }
    }

    /// [`PackedDoc::unpacked_copy`], letting go of the packed body: what is left is
    /// [`PackedDoc::without_body`]'s.
    pub fn unpack(&mut self) -> SearchDoc {
        SearchDoc { body: unpack_text(&std::mem::take(&mut self.body)), ..self.doc.clone() }
    }

    /// The document without its body.
    pub fn without_body(self) -> SearchDoc {
        self.doc
    }
}

/// The text [`PackedDoc::pack`] packed into `bytes`.
fn unpack_text(bytes: &[u8]) -> String {
    // The bytes are ours, compressed from a `String` by `pack`.
    let bytes = lz4_flex::block::decompress_size_prepended(bytes).expect("unpacking our own text");
    String::from_utf8(bytes).expect("our own text is UTF-8")
}

/// `packed` in [`SearchDoc::order_key`] order, as [`documents`] gives documents.
pub fn ordered_packed(mut packed: Vec<PackedDoc>) -> Vec<PackedDoc> {
    packed.sort_by_cached_key(|p| p.doc.order_key());
    packed
}

/// The document of handoff `h`, its text from `bodies`.
pub fn handoff_doc(base: &Base, bodies: &Bodies, h: &Handoff) -> SearchDoc {
    let mut body = Lines::new(bodies.pages.get(&h.id).map(|p| p.plain_text.as_str()));
    body.extend(h.deliverables.iter());
    body.extend(h.acceptance.iter().map(|i| &i.text));
    for risk in &h.risks {
        body.push(&risk.text);
        body.push_opt(risk.mitigation.as_deref());
    }
    body.extend(h.checklist.iter().map(|i| &i.text));
    body.push_opt(h.blocked_reason.as_deref());
    for q in &h.questions {
        body.push(&q.q);
        body.push_opt(q.a.as_deref());
    }
    body.extend(h.tags.iter());
    body.extend(h.links.iter().map(|l| &l.title));
    body.extend(h.recordings.iter().map(|r| &r.title));
    body.extend(h.history.iter().filter_map(|t| t.note.as_ref()));
    let involved = [Some(&h.owner), h.from.as_ref(), h.reviewer.as_ref()];
    body.push(&people_line(base, involved.into_iter().flatten().map(|p| &p.value)));
    SearchDoc {
        id: h.id.to_string(),
        kind: Kind::Handoff,
        url: handoff_url(&h.id),
        file: slash_path(&h.file),
        line: 1,
        title: h.title.clone(),
        status: h.status.value.as_str().to_string(),
        people: vec![h.owner.value.to_string()],
        teams: h.team.as_deref().and_then(Named::new).into_iter().collect(),
        tags: named_set(h.tags.iter()),
        date: h.updated.as_ref().or(h.created.as_ref()).map(|m| m.value.date.to_string()),
        body: body.text,
        trackers: crate::render::trackers::tracker_marks(base, h).into_iter().map(|m| m.label).collect(),
    }
}

/// The document of decision `d`, its text from `bodies`.
pub fn decision_doc(base: &Base, bodies: &Bodies, d: &Decision) -> SearchDoc {
    let mut body = Lines::new(bodies.pages.get(&d.id).map(|p| p.plain_text.as_str()));
    if d.origin != DecisionOrigin::File {
        // A decision file's alternatives are in its body already, as Markdown.
        body.extend(d.alternatives.iter());
    }
    body.extend(d.tags.iter());
    body.push(&people_line(base, d.by.iter().map(|b| &b.value)));
    let people: Vec<String> = d.by.iter().map(|b| b.value.to_string()).collect();
    SearchDoc {
        id: d.id.to_string(),
        kind: Kind::Decision,
        url: decision_url(d),
        file: slash_path(&d.file),
        line: d.span.line.max(1),
        title: d.title.clone(),
        status: d.status.as_str().to_string(),
        teams: decision_teams(base, d),
        people,
        tags: named_set(d.tags.iter()),
        date: d.date.as_ref().map(|m| m.date.to_string()),
        body: body.text,
        trackers: Vec::new(),
    }
}

/// The people of a page with their names, so "Petrović" finds what Ana owns or decided.
fn people_line<'a>(base: &Base, handles: impl Iterator<Item = &'a crate::model::Handle>) -> String {
    let mut line = Vec::new();
    for handle in handles {
        line.push(handle.to_string());
        line.extend(base.people.get(handle).and_then(|p| p.name.clone()));
    }
    line.join(", ")
}

/// An inline decision belongs to its handoff's team; a decision file to its deciders' teams.
fn decision_teams(base: &Base, d: &Decision) -> Vec<Named> {
    if let DecisionOrigin::Inline { handoff } = &d.origin {
        return base.handoffs.get(handoff).and_then(|h| h.team.as_deref()).and_then(Named::new).into_iter().collect();
    }
    named_set(d.by.iter().filter_map(|b| base.people.get(&b.value)).filter_map(|p| p.team.as_ref()))
}

/// Names deduplicated by slug (the first spelling wins) and sorted by slug.
fn named_set<'a>(names: impl Iterator<Item = &'a String>) -> Vec<Named> {
    let mut set: Vec<Named> = Vec::new();
    for named in names.filter_map(|n| Named::new(n)) {
        if !set.iter().any(|s| s.slug == named.slug) {
            set.push(named);
        }
    }
    set.sort();
    set
}

fn slash_path(path: &std::path::Path) -> String {
    path.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// Text fields joined one per line.
struct Lines {
    text: String,
}

impl Lines {
    fn new(first: Option<&str>) -> Lines {
        Lines { text: first.unwrap_or_default().to_string() }
    }

    fn push(&mut self, line: &str) {
        if !self.text.is_empty() {
            self.text.push('\n');
        }
        self.text.push_str(line.trim());
    }

    fn push_opt(&mut self, line: Option<&str>) {
        if let Some(line) = line {
            self.push(line);
        }
    }

    fn extend<'a>(&mut self, lines: impl Iterator<Item = &'a String>) {
        for line in lines {
            self.push(line);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(body: &str) -> SearchDoc {
        SearchDoc {
            id: "h-1".into(),
            kind: Kind::Handoff,
            url: "handoffs/h-1/".into(),
            file: "content/h-1.md".into(),
            line: 1,
            title: "Ledger cutover".into(),
            status: "in-progress".into(),
            people: vec!["ana".into()],
            teams: Vec::new(),
            tags: Vec::new(),
            date: Some("2026-12-01".into()),
            body: body.into(),
            trackers: Vec::new(),
        }
    }

    #[test]
    fn a_packed_document_unpacks_to_itself_and_then_holds_no_body() {
        // Multi-byte text, repeated so the compressor has runs to find.
        let body = "Décision: le basculement attend la réconciliation — 決定 ✓\n".repeat(200);
        for original in [doc(&body), doc("")] {
            let mut packed = PackedDoc::pack(original.clone());
            assert!(original.body.is_empty() || packed.body.len() < original.body.len() / 4);
            assert_eq!(packed.unpacked_copy(), original);
            assert_eq!(packed.unpack(), original);
            assert!(packed.body.is_empty(), "the packed bytes are let go");
            assert_eq!(packed.without_body(), SearchDoc { body: String::new(), ..original });
        }
    }
}
