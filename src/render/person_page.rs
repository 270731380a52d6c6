//! `/owners/HANDLE/`: a person's page, in pages of `page_size` rows.
//!
//! A person's lists (what needs attention, what waits, what they own, review, handed off and
//! decided) grow with the whole base: at 100,000 handoffs among 40 people a single page was
//! 5.5 MB. So the lists are cut into pages side by side, as a team's are: page N shows the Nth
//! `page_size` rows of each, a list ends on the page where it runs out, and the header, the
//! count of open work and the shift wraps are on the first page only. [`person_order`] sorts a
//! person's rows once; a render keeps that order for all of the person's pages, and `serve`
//! compares it before and after a change to know whether rows moved. The `/owners/` index is
//! not here (see [`super::pages::owner_summary`]).

use super::pages::open_dependencies;
use super::pages::{AttentionItem, BlockedView, Pager, RECENT, attention_item, attention_order, blocked_view};
use super::pages::{newest_decisions, newest_handoffs};
use super::views::{DecisionRow, HandoffRow, PersonRef};
use crate::model::base::Involvement;
use crate::model::{Base, Handle, Id};
use crate::sitemap::catalog::{self, Paging};
use serde::Serialize;

/// A person's rows in the order their pages show them, and the count the first page shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonOrder {
    /// Their handoffs that need someone now, oldest problem first.
    pub problems: Vec<Id>,
    /// Their open handoffs that wait on unfinished work, in the owner index's order.
    pub waits_on: Vec<Id>,
    /// What they own, newest first.
    pub owns: Vec<Id>,
    /// What they review, newest first.
    pub reviews: Vec<Id>,
    /// What they handed off, newest first.
    pub handed_off: Vec<Id>,
    /// The decisions they took part in, newest first.
    pub decided: Vec<Id>,
    /// How many of what they own is open.
    pub open: usize,
}

impl PersonOrder {
    /// Every list, for finding where a row is shown.
    pub fn lists(&self) -> [&[Id]; 6] {
        [&self.problems, &self.waits_on, &self.owns, &self.reviews, &self.handed_off, &self.decided]
    }
}

/// Sorts the rows of `handle`'s page (see [`PersonOrder`]).
pub fn person_order(base: &Base, handle: &Handle) -> PersonOrder {
    let involvement = base.indexes.people.get(handle);
    let ids = |list: fn(&Involvement) -> &Vec<Id>| involvement.map(list).map(Vec::as_slice).unwrap_or_default();
    let handoffs = |list: fn(&Involvement) -> &Vec<Id>| -> Vec<Id> {
        let rows = ids(list).iter().filter_map(|id| base.handoffs.get(id));
        newest_handoffs(base, rows).into_iter().map(|h| h.id.clone()).collect()
    };
    let owned: Vec<_> = ids(|i| &i.owns).iter().filter_map(|id| base.handoffs.get(id)).collect();
    let open: Vec<_> = owned.iter().filter(|h| h.status.value.is_open()).collect();
    let decided = ids(|i| &i.decided).iter().filter_map(|id| base.decisions.get(id));
    PersonOrder {
        problems: attention_order(base, handle).into_iter().map(|h| h.id.clone()).collect(),
        waits_on: open.iter().filter(|h| !open_dependencies(base, h).is_empty()).map(|h| h.id.clone()).collect(),
        owns: handoffs(|i| &i.owns),
        reviews: handoffs(|i| &i.reviews),
        handed_off: handoffs(|i| &i.handed_off),
        decided: newest_decisions(decided).into_iter().map(|d| d.id.clone()).collect(),
        open: open.len(),
    }
}

/// The page (from 1) of each list of `order` that shows the row `id`, for `serve`.
pub fn pages_showing(order: &PersonOrder, paging: Paging, id: &Id) -> Vec<usize> {
    order.lists().iter().filter_map(|list| list.iter().position(|row| row == id)).map(|p| paging.page_of(p)).collect()
}

/// One page of a person's page.
#[derive(Debug, Serialize)]
pub struct PersonPage<'a> {
    /// Who.
    pub person: PersonRef<'a>,
    /// This page's handoffs that need someone now, oldest problem first.
    pub problems: Vec<AttentionItem<'a>>,
    /// This page's open work waiting on others: (their handoff, the unfinished dependencies).
    pub waits_on: Vec<BlockedView<'a>>,
    /// This page of what they own, newest first.
    pub owns: Vec<HandoffRow<'a>>,
    /// This page of what they review.
    pub reviews: Vec<HandoffRow<'a>>,
    /// This page of what they handed off to someone else.
    pub handed_off: Vec<HandoffRow<'a>>,
    /// This page of the decisions they took part in.
    pub decided: Vec<DecisionRow<'a>>,
    /// How many of what they own is open.
    pub open: usize,
    /// Shift wraps they wrote or that were handed to them, newest first (first page).
    pub wraps: Vec<super::wraps::WrapView<'a>>,
    /// Which lists began on an earlier page: their headings say "(continued)".
    pub continued: Continued,
    /// Where this page sits among the person's pages.
    pub pager: Pager,
}

/// Which of a person's lists began on an earlier page and go on on this one.
#[derive(Debug, Serialize)]
pub struct Continued {
    /// What needs attention.
    pub problems: bool,
    /// What waits.
    pub waits_on: bool,
    /// What they own.
    pub owns: bool,
    /// What they review.
    pub reviews: bool,
    /// What they handed off.
    pub handed_off: bool,
    /// What they decided.
    pub decided: bool,
}

/// Builds page `page` (from 1) of `handle`'s page, whose rows are in the order `order` gives.
pub fn person_page<'a>(
    base: &'a Base,
    handle: &'a Handle,
    order: &PersonOrder,
    paging: Paging,
    page: usize,
) -> PersonPage<'a> {
    let first = page <= 1;
    let continues = |list: &[Id]| !first && !paging.rows(page, list.len()).is_empty();
    let found = |list: &[Id]| -> Vec<&'a crate::model::Handoff> {
        on_page(list, paging, page).iter().filter_map(|id| base.handoffs.get(id)).collect()
    };
    let handoffs =
        |list: &[Id]| -> Vec<HandoffRow<'a>> { found(list).into_iter().map(|h| HandoffRow::new(base, h)).collect() };
    let decided = on_page(&order.decided, paging, page);
    let wraps = base.indexes.people.get(handle).map(|i| i.wraps.as_slice()).unwrap_or_default();
    let pages = catalog::owner_pages(base, handle, paging);
    PersonPage {
        person: PersonRef::new(base, handle, None),
        problems: found(&order.problems).into_iter().map(|h| attention_item(base, h)).collect(),
        waits_on: found(&order.waits_on).into_iter().map(|h| blocked_view(base, h)).collect(),
        owns: handoffs(&order.owns),
        reviews: handoffs(&order.reviews),
        handed_off: handoffs(&order.handed_off),
        decided: decided.iter().filter_map(|id| base.decisions.get(id)).map(|d| DecisionRow::new(base, d)).collect(),
        open: order.open,
        wraps: if first { super::wraps::wrap_cards(base, wraps, RECENT) } else { Vec::new() },
        continued: Continued {
            problems: continues(&order.problems),
            waits_on: continues(&order.waits_on),
            owns: continues(&order.owns),
            reviews: continues(&order.reviews),
            handed_off: continues(&order.handed_off),
            decided: continues(&order.decided),
        },
        pager: Pager {
            page,
            pages,
            prev: (page > 1).then(|| catalog::owner_page_url(handle, page - 1)),
            next: (page < pages).then(|| catalog::owner_page_url(handle, page + 1)),
        },
    }
}

/// The rows of `list` on page `page` (from 1).
fn on_page(list: &[Id], paging: Paging, page: usize) -> &[Id] {
    &list[paging.rows(page, list.len())]
}
