//! One sync: every referenced item asked for, politely, into a new cache.
//!
//! - At most [`IN_FLIGHT`] requests at once (worker threads taking items in turn).
//! - Conditional: an item with an ETag is asked with `If-None-Match`; a 304 keeps its entry and
//!   only moves its fetch time.
//! - Rate limits: a 429, or a 403 that says it is a limit (`Retry-After`, or GitHub's
//!   `X-RateLimit-Remaining: 0` with `X-RateLimit-Reset`), waits when the wait is at most
//!   [`MAX_WAIT`] and is tried again; a longer wait stops the sync with a message saying until
//!   when, keeping what was fetched. A `Remaining: 0` on a good answer holds back that tracker's
//!   next requests the same way.
//! - 404 (and 410) mark the item "not found"; 401 and other 403s name the token's environment
//!   variable (never the token) and skip that tracker's other items; a 5xx or a network error is
//!   tried three times with backoff; a body that is not the item is an error for that item.
//!
//! The policy is pure over a [`Client`] and a clock, so it is tested without a network; the
//! caller decides what to write ([`Outcome::writable`]) and prints.

use super::apis::{self, Credentials, Fetched};
use super::cache::{Cache, Entry, State, VERSION};
use super::refs::{Ref, Tracker};
use super::settings::TrackerSettings;
use jiff::Timestamp;
use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// Requests in flight at most.
pub const IN_FLIGHT: usize = 4;
/// The longest a rate limit is waited for; past it the sync stops.
pub const MAX_WAIT: Duration = Duration::from_secs(60);
/// Tries for a 5xx or a network error, the first included.
pub const TRIES: u32 = 3;
/// The wait before the second such try; doubled before the third.
pub const BACKOFF: Duration = Duration::from_secs(1);

/// What a server answered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Answer {
    /// HTTP status.
    pub status: u16,
    /// `ETag`.
    pub etag: Option<String>,
    /// `Retry-After`.
    pub retry_after: Option<String>,
    /// `X-RateLimit-Remaining`.
    pub rate_remaining: Option<String>,
    /// `X-RateLimit-Reset` (seconds since the epoch).
    pub rate_reset: Option<String>,
    /// The body.
    pub body: String,
}

/// Sends one GET.
pub trait Client: Sync {
    /// Sends `request`; a network failure is described in words, without the URL's credentials
    /// (there are none in it) or the headers.
    fn get(&self, request: &apis::Request) -> Result<Answer, String>;
}

/// Time as the sync sees it: read and waited on, so tests need no real clock.
pub trait Clock: Sync {
    /// Now.
    fn now(&self) -> Timestamp;
    /// Waits.
    fn sleep(&self, wait: Duration);
}

/// What a sync is asked to do.
pub struct SyncInput<'a> {
    /// The items, each once.
    pub items: &'a [Ref],
    /// The cache as it was.
    pub old: &'a Cache,
    /// `trackers:`.
    pub settings: &'a TrackerSettings,
    /// Tokens from the environment.
    pub credentials: &'a Credentials,
    /// Called after each item with (done, total).
    pub progress: &'a (dyn Fn(usize, usize) + Sync),
}

/// A state that changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// `GitHub pull request acme/ledger#12`.
    pub item: String,
    /// Before.
    pub from: State,
    /// Now.
    pub to: State,
}

/// What a sync did.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The new cache: the items asked for, fresh where fetched, as they were otherwise.
    pub cache: Cache,
    /// Items answered in full.
    pub fetched: usize,
    /// Items answered 304.
    pub not_modified: usize,
    /// Items the tracker does not know.
    pub not_found: usize,
    /// States that changed since the last sync.
    pub changes: Vec<Change>,
    /// One line per failure.
    pub errors: Vec<String>,
    /// Why the sync stopped early (a rate limit), if it did.
    pub stopped: Option<String>,
}

impl Outcome {
    /// Whether the new cache may replace the old one: nothing failed. A sync stopped by a rate
    /// limit keeps what it fetched; one with errors changes nothing.
    pub fn writable(&self) -> bool {
        self.errors.is_empty()
    }
}

/// What happened to one item.
enum Fate {
    Fresh(Fetched, Option<String>),
    NotFound,
    NotModified,
    Failed(String),
    /// Not asked: the sync stopped, or its tracker refused the token already.
    Skipped,
}

/// State the workers share.
struct Shared<'a> {
    input: &'a SyncInput<'a>,
    client: &'a dyn Client,
    clock: &'a dyn Clock,
    /// Per tracker: do not send before this instant (a used-up rate limit).
    hold_until: Mutex<BTreeMap<Tracker, Timestamp>>,
    /// Trackers that refused the credentials.
    refused: Mutex<Vec<Tracker>>,
    stopped: Mutex<Option<String>>,
}

/// Asks for every item of `input` through `client`.
pub fn sync(input: &SyncInput<'_>, client: &dyn Client, clock: &dyn Clock) -> Outcome {
    let started = clock.now();
    let shared = Shared {
        input,
        client,
        clock,
        hold_until: Mutex::new(BTreeMap::new()),
        refused: Mutex::new(Vec::new()),
        stopped: Mutex::new(None),
    };
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let fates: Mutex<Vec<Option<Fate>>> = Mutex::new((0..input.items.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..IN_FLIGHT.min(input.items.len()) {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::SeqCst);
                    let Some(item) = input.items.get(index) else { break };
                    let fate = shared.fate_of(item);
                    if let Ok(mut fates) = fates.lock() {
                        fates[index] = Some(fate);
                    }
                    (input.progress)(done.fetch_add(1, Ordering::SeqCst) + 1, input.items.len());
                }
            });
        }
    });
    let fates = fates.into_inner().unwrap_or_default();
    let mut outcome = Outcome {
        cache: Cache { version: VERSION, synced_at: Some(stamp(started)), items: BTreeMap::new() },
        stopped: shared.stopped.into_inner().ok().flatten(),
        ..Outcome::default()
    };
    for (item, fate) in input.items.iter().zip(fates) {
        outcome.file(item, fate.unwrap_or(Fate::Skipped), input.old.items.get(&item.key()), started);
    }
    outcome
}

impl Outcome {
    /// Files one item's fate into the new cache.
    fn file(&mut self, item: &Ref, fate: Fate, old: Option<&Entry>, now: Timestamp) {
        let entry = match fate {
            Fate::Fresh(fetched, etag) => {
                self.fetched += 1;
                Some(self.entry(item, old, fetched, etag, now))
            }
            Fate::NotFound => {
                self.not_found += 1;
                let fetched = Fetched {
                    state: State::NotFound,
                    status: None,
                    title: None,
                    assignee: None,
                    updated: None,
                    finished_at: None,
                };
                Some(self.entry(item, old, fetched, None, now))
            }
            Fate::NotModified => {
                self.not_modified += 1;
                old.cloned().map(|e| Entry { fetched_at: stamp(now), ..e })
            }
            Fate::Failed(error) => {
                self.errors.push(error);
                old.cloned()
            }
            Fate::Skipped => old.cloned(),
        };
        if let Some(entry) = entry {
            self.cache.items.insert(item.key(), entry);
        }
    }

    /// The entry for a full answer, carrying over or recording the last change of state.
    fn entry(
        &mut self,
        item: &Ref,
        old: Option<&Entry>,
        fetched: Fetched,
        etag: Option<String>,
        now: Timestamp,
    ) -> Entry {
        let state = fetched.state;
        let finished_at = fetched.finished_at.filter(|_| state.is_finished());
        let (previous, changed_at) = match old {
            Some(old) if old.state != state => {
                self.changes.push(Change { item: item.described(), from: old.state, to: state });
                (Some(old.state), Some(finished_at.unwrap_or_else(|| stamp(now))))
            }
            Some(old) => (old.previous, old.changed_at.clone()),
            None => (None, finished_at),
        };
        Entry {
            tracker: item.tracker,
            reference: item.compact(),
            kind: item.kind,
            url: item.url.clone(),
            state,
            status: fetched.status,
            title: fetched.title,
            assignee: fetched.assignee,
            updated: fetched.updated,
            fetched_at: stamp(now),
            etag,
            previous,
            changed_at,
        }
    }
}

/// `2026-11-20T06:00:00Z`.
pub fn stamp(at: Timestamp) -> String {
    at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

impl Shared<'_> {
    fn fate_of(&self, item: &Ref) -> Fate {
        let settings = self.input.settings;
        let Some(mut request) = apis::request(item, settings, self.input.credentials) else {
            return Fate::Failed(format!("{}: no `trackers.jira` in baton.yaml", item.described()));
        };
        let old = self.input.old.items.get(&item.key());
        if let Some(etag) = old.and_then(|e| e.etag.clone()) {
            request.headers.push(("If-None-Match", etag));
        }
        let mut tries = 0;
        loop {
            if self.is_stopped() || self.refused(item.tracker) || !self.wait_for_limit(item) {
                return Fate::Skipped;
            }
            tries += 1;
            let answer = match self.client.get(&request) {
                Ok(answer) => answer,
                Err(_) if tries < TRIES => {
                    self.clock.sleep(backoff(tries));
                    continue;
                }
                Err(network) => return Fate::Failed(format!("{}: {network} (after {tries} tries)", item.described())),
            };
            self.note_limit(item.tracker, &answer);
            match answer.status {
                200..=299 => {
                    return match apis::read_answer(item, &answer.body) {
                        Ok(fetched) => Fate::Fresh(fetched, answer.etag),
                        Err(why) => Fate::Failed(format!(
                            "{}: {} answered HTTP {} but {why}",
                            item.described(),
                            item.tracker.name(),
                            answer.status
                        )),
                    };
                }
                304 if old.is_some() => return Fate::NotModified,
                404 | 410 => return Fate::NotFound,
                403 | 429 if self.is_rate_limit(&answer) => {
                    if tries >= TRIES {
                        self.stop(item, &format!("still refuses after {tries} tries"));
                        return Fate::Skipped;
                    }
                    if !self.wait_out(item, &answer) {
                        return Fate::Skipped;
                    }
                }
                401 | 403 => return self.refuse(item, answer.status),
                500..=599 if tries < TRIES => self.clock.sleep(backoff(tries)),
                status => {
                    let tries = if tries == 1 { String::new() } else { format!(" (after {tries} tries)") };
                    return Fate::Failed(format!(
                        "{}: {} answered HTTP {status}{tries}",
                        item.described(),
                        item.tracker.name()
                    ));
                }
            }
        }
    }

    fn is_stopped(&self) -> bool {
        self.stopped.lock().map(|s| s.is_some()).unwrap_or(true)
    }

    fn refused(&self, tracker: Tracker) -> bool {
        self.refused.lock().map(|r| r.contains(&tracker)).unwrap_or(true)
    }

    /// 401, or a 403 that is not a rate limit: the credentials, named by their variables.
    fn refuse(&self, item: &Ref, status: u16) -> Fate {
        let first = self.refused.lock().is_ok_and(|mut refused| {
            let first = !refused.contains(&item.tracker);
            refused.push(item.tracker);
            first
        });
        if !first {
            return Fate::Skipped;
        }
        let settings = self.input.settings;
        let (name, vars) = match item.tracker {
            Tracker::GitHub => ("github", settings.github.token_env.iter().cloned().collect::<Vec<_>>()),
            Tracker::GitLab => ("gitlab", settings.gitlab.token_env.iter().cloned().collect()),
            Tracker::Jira => {
                let jira = settings.jira.as_ref();
                ("jira", jira.map(|j| j.user_env.iter().chain(&j.token_env).cloned().collect()).unwrap_or_default())
            }
        };
        let sent = match item.tracker {
            Tracker::GitHub => self.input.credentials.github.is_some(),
            Tracker::GitLab => self.input.credentials.gitlab.is_some(),
            Tracker::Jira => self.input.credentials.jira.is_some(),
        };
        let advice = if sent {
            format!("the credentials in {} were refused or may not see it", vars.join(" and "))
        } else if vars.is_empty() {
            format!("no credentials were sent: set trackers.{name}.token_env in baton.yaml and that variable")
        } else {
            format!("no credentials were sent: {} is not set", vars.join(" or "))
        };
        let tracker = item.tracker.name();
        Fate::Failed(format!(
            "{}: {tracker} answered HTTP {status}: {advice}; its other items were not asked",
            item.described()
        ))
    }

    fn is_rate_limit(&self, answer: &Answer) -> bool {
        answer.status == 429 || answer.retry_after.is_some() || answer.rate_remaining.as_deref() == Some("0")
    }

    /// Holds back a tracker whose answer says its rate limit is used up.
    fn note_limit(&self, tracker: Tracker, answer: &Answer) {
        if answer.rate_remaining.as_deref() != Some("0") {
            return;
        }
        let reset = answer.rate_reset.as_deref().and_then(|r| r.trim().parse::<i64>().ok());
        if let (Some(reset), Ok(mut hold)) =
            (reset.and_then(|r| Timestamp::from_second(r).ok()), self.hold_until.lock())
        {
            let until = hold.entry(tracker).or_insert(reset);
            *until = (*until).max(reset);
        }
    }

    /// Waits out a rate-limit answer: `Retry-After`, else the reset. False when the wait is too
    /// long (the sync stops).
    fn wait_out(&self, item: &Ref, answer: &Answer) -> bool {
        let retry_after = answer.retry_after.as_deref().and_then(|r| r.trim().parse::<u64>().ok());
        let reset = self.hold_until.lock().ok().and_then(|h| h.get(&item.tracker).copied());
        let (wait, why) = match (retry_after, reset) {
            (Some(seconds), _) => (Duration::from_secs(seconds), format!("asks to wait {seconds}s (Retry-After)")),
            (None, Some(until)) => {
                (self.until(until), format!("resets at {} (X-RateLimit-Reset)", super::cache::as_of(until)))
            }
            // A limit with no word on how long: wait the backoff.
            (None, None) => (BACKOFF, String::new()),
        };
        if wait > MAX_WAIT {
            self.stop(item, &why);
            return false;
        }
        self.clock.sleep(wait);
        true
    }

    /// Before a request: wait for the tracker's held-back limit, or stop when it is too far.
    fn wait_for_limit(&self, item: &Ref) -> bool {
        let Some(until) = self.hold_until.lock().ok().and_then(|h| h.get(&item.tracker).copied()) else {
            return true;
        };
        let wait = self.until(until);
        if wait.is_zero() {
            return true;
        }
        if wait > MAX_WAIT {
            self.stop(item, &format!("resets at {} (X-RateLimit-Reset)", super::cache::as_of(until)));
            return false;
        }
        self.clock.sleep(wait);
        true
    }

    fn until(&self, at: Timestamp) -> Duration {
        let seconds = at.duration_since(self.clock.now()).as_secs();
        Duration::from_secs(u64::try_from(seconds).unwrap_or(0))
    }

    fn stop(&self, item: &Ref, why: &str) {
        if let Ok(mut stopped) = self.stopped.lock()
            && stopped.is_none()
        {
            *stopped = Some(format!(
                "{}'s rate limit is used up: it {why}; stopped, keeping what was fetched — run `baton sync` again later \
                 (baton waits at most {}s)",
                item.tracker.name(),
                MAX_WAIT.as_secs()
            ));
        }
    }
}

/// 1 s, then 2 s.
fn backoff(tries: u32) -> Duration {
    BACKOFF * 2u32.saturating_pow(tries.saturating_sub(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trackers::refs::Recognizer;

    /// Answers by URL from a table; records requests and waits.
    struct Table {
        answers: Mutex<BTreeMap<String, Vec<Result<Answer, String>>>>,
        seen: Mutex<Vec<apis::Request>>,
    }

    impl Client for Table {
        fn get(&self, request: &apis::Request) -> Result<Answer, String> {
            self.seen.lock().unwrap().push(request.clone());
            let mut answers = self.answers.lock().unwrap();
            let list = answers.get_mut(&request.url).expect("an answer for this URL");
            if list.len() > 1 { list.remove(0) } else { list[0].clone() }
        }
    }

    struct Fixed(Mutex<Vec<Duration>>);

    impl Clock for Fixed {
        fn now(&self) -> Timestamp {
            "2026-11-20T06:00:00Z".parse().unwrap()
        }
        fn sleep(&self, wait: Duration) {
            self.0.lock().unwrap().push(wait);
        }
    }

    fn ok(body: &str, etag: &str) -> Result<Answer, String> {
        Ok(Answer { status: 200, etag: Some(etag.into()), body: body.into(), ..Answer::default() })
    }

    fn status(status: u16) -> Result<Answer, String> {
        Ok(Answer { status, ..Answer::default() })
    }

    fn run(
        urls: &[&str],
        old: &Cache,
        table: Vec<(&str, Vec<Result<Answer, String>>)>,
    ) -> (Outcome, Table, Vec<Duration>) {
        let settings = TrackerSettings::default();
        let recognizer = Recognizer::new(&settings);
        let items: Vec<Ref> = urls.iter().map(|u| recognizer.recognize(u).unwrap()).collect();
        let client = Table {
            answers: Mutex::new(table.into_iter().map(|(u, a)| (u.to_string(), a)).collect()),
            seen: Mutex::new(Vec::new()),
        };
        let clock = Fixed(Mutex::new(Vec::new()));
        let credentials = Credentials::default();
        let input =
            SyncInput { items: &items, old, settings: &settings, credentials: &credentials, progress: &|_, _| {} };
        let outcome = sync(&input, &client, &clock);
        let waits = clock.0.into_inner().unwrap();
        (outcome, client, waits)
    }

    const PR: &str = "https://github.com/acme/ledger/pull/12";
    const PR_API: &str = "https://api.github.com/repos/acme/ledger/pulls/12";

    #[test]
    fn a_change_of_state_is_recorded_with_the_previous_state_and_a_304_keeps_the_entry() {
        let open = r#"{"state":"open","title":"Retry","updated_at":"2026-11-18T09:00:00Z"}"#;
        let (first, _, _) = run(&[PR], &Cache::default(), vec![(PR_API, vec![ok(open, "\"e1\"")])]);
        assert!(first.writable() && first.changes.is_empty());
        let merged = r#"{"state":"closed","merged":true,"merged_at":"2026-11-19T16:00:00Z","title":"Retry"}"#;
        let (second, client, _) = run(&[PR], &first.cache, vec![(PR_API, vec![ok(merged, "\"e2\"")])]);
        let sent = client.seen.into_inner().unwrap();
        assert!(sent[0].headers.contains(&("If-None-Match", "\"e1\"".into())));
        assert_eq!(
            second.changes,
            [Change { item: "GitHub pull request acme/ledger#12".into(), from: State::Open, to: State::Merged }]
        );
        let entry = &second.cache.items["github:acme/ledger#12"];
        assert_eq!((entry.previous, entry.changed_at.as_deref()), (Some(State::Open), Some("2026-11-19T16:00:00Z")));
        let (third, _, _) = run(&[PR], &second.cache, vec![(PR_API, vec![status(304)])]);
        assert_eq!(third.not_modified, 1);
        assert_eq!(third.cache.items["github:acme/ledger#12"], *entry);
    }

    #[test]
    fn rate_limits_wait_when_short_and_stop_when_long() {
        let body = r#"{"state":"open"}"#;
        let retry = Ok(Answer { status: 429, retry_after: Some("7".into()), ..Answer::default() });
        let (outcome, _, waits) = run(&[PR], &Cache::default(), vec![(PR_API, vec![retry, ok(body, "e")])]);
        assert_eq!((outcome.fetched, waits), (1, vec![Duration::from_secs(7)]));
        let reset = (Fixed(Mutex::new(Vec::new())).now().as_second() + 3600).to_string();
        let limited =
            Ok(Answer { status: 403, rate_remaining: Some("0".into()), rate_reset: Some(reset), ..Answer::default() });
        let (outcome, _, _) = run(&[PR], &Cache::default(), vec![(PR_API, vec![limited])]);
        assert!(outcome.writable());
        assert!(
            outcome.stopped.as_deref().unwrap().contains("GitHub's rate limit is used up"),
            "{:?}",
            outcome.stopped
        );
    }

    #[test]
    fn a_used_up_limit_holds_back_the_next_request_until_its_reset() {
        let now = Fixed(Mutex::new(Vec::new())).now().as_second();
        let used_up = |in_seconds: i64| {
            Ok(Answer {
                status: 503,
                rate_remaining: Some("0".into()),
                rate_reset: Some((now + in_seconds).to_string()),
                ..Answer::default()
            })
        };
        let (outcome, _, waits) =
            run(&[PR], &Cache::default(), vec![(PR_API, vec![used_up(30), ok(r#"{"state":"open"}"#, "e")])]);
        assert_eq!(outcome.fetched, 1);
        assert_eq!(waits, [BACKOFF, Duration::from_secs(30)]);
        let (outcome, client, _) = run(&[PR], &Cache::default(), vec![(PR_API, vec![used_up(3600)])]);
        assert_eq!(client.seen.into_inner().unwrap().len(), 1);
        assert!(
            outcome.stopped.as_deref().unwrap().contains("resets at 2026-11-20 07:00 UTC"),
            "{:?}",
            outcome.stopped
        );
    }

    #[test]
    fn not_found_refused_and_malformed_answers() {
        let (outcome, _, _) = run(&[PR], &Cache::default(), vec![(PR_API, vec![status(404)])]);
        assert_eq!(outcome.cache.items["github:acme/ledger#12"].state, State::NotFound);
        let (outcome, _, _) = run(&[PR], &Cache::default(), vec![(PR_API, vec![status(401)])]);
        assert!(!outcome.writable());
        assert!(outcome.errors[0].contains("HTTP 401: no credentials were sent"), "{:?}", outcome.errors);
        let (outcome, _, waits) =
            run(&[PR], &Cache::default(), vec![(PR_API, vec![status(502), ok("{\"nope\":1}", "e")])]);
        assert_eq!(waits, [BACKOFF]);
        assert!(outcome.errors[0].contains("no `state`"), "{:?}", outcome.errors);
    }
}
