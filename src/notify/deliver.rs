//! Posting a payload with the retry policy: three tries in all; a 429 waits as `Retry-After` says
//! (at most [`MAX_RETRY_AFTER`]); a 5xx or a network error waits with backoff; any other 4xx is
//! final. The policy ([`deliver`]) is pure over a [`Post`] and a sleeper, so it is tested without
//! a network or a clock; [`HttpPoster`] is the one thing here that does I/O.
//!
//! Nothing here formats a URL: failures carry a status or a kind of network error, and the caller
//! adds the route and host.

use std::time::Duration;

/// Tries in all, the first included.
pub const TRIES: u32 = 3;
/// The longest a `Retry-After` is honoured for.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);
/// How long one try may take.
pub const TIMEOUT: Duration = Duration::from_secs(10);
/// The wait before the second try after a 5xx or network error; doubled before the third.
pub const BACKOFF: Duration = Duration::from_secs(1);

/// What the server answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The HTTP status.
    pub status: u16,
    /// The `Retry-After` header, as sent.
    pub retry_after: Option<String>,
}

/// Sends one body once.
pub trait Post {
    /// Posts `body` (JSON); a network failure is described in words without the URL.
    fn post(&mut self, body: &str) -> Result<Reply, String>;
}

/// How a delivery went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// How many tries were made.
    pub tries: u32,
    /// `None` when delivered; else why not (`HTTP 404`, `timed out`).
    pub failure: Option<String>,
}

/// Posts `body` through `poster`, retrying as the module says; `sleep` waits between tries.
pub fn deliver(poster: &mut dyn Post, body: &str, sleep: &mut dyn FnMut(Duration)) -> Outcome {
    let mut tries = 0;
    loop {
        tries += 1;
        let (failure, wait) = match poster.post(body) {
            Ok(reply) if (200..300).contains(&reply.status) => return Outcome { tries, failure: None },
            Ok(reply) if reply.status == 429 => {
                ("HTTP 429".to_string(), Some(retry_after(reply.retry_after.as_deref()).unwrap_or(backoff(tries))))
            }
            Ok(reply) if reply.status >= 500 => (format!("HTTP {}", reply.status), Some(backoff(tries))),
            Ok(reply) => (format!("HTTP {}", reply.status), None),
            Err(network) => (network, Some(backoff(tries))),
        };
        match wait {
            Some(wait) if tries < TRIES => sleep(wait),
            _ => return Outcome { tries, failure: Some(failure) },
        }
    }
}

/// 1 s, then 2 s.
fn backoff(tries: u32) -> Duration {
    BACKOFF * 2u32.saturating_pow(tries.saturating_sub(1))
}

/// `Retry-After: 5` → 5 s, capped; an HTTP date or nonsense falls back to the backoff.
fn retry_after(header: Option<&str>) -> Option<Duration> {
    let seconds: u64 = header?.trim().parse().ok()?;
    Some(Duration::from_secs(seconds).min(MAX_RETRY_AFTER))
}

/// Posts over HTTP(S) with ureq, one timeout per try.
pub struct HttpPoster {
    agent: ureq::Agent,
    url: String,
}

impl HttpPoster {
    /// A poster to `url` whose tries each last at most `timeout`.
    pub fn new(url: String, timeout: Duration) -> Self {
        let config = ureq::Agent::config_builder().timeout_global(Some(timeout)).http_status_as_error(false).build();
        HttpPoster { agent: config.into(), url }
    }
}

impl Post for HttpPoster {
    fn post(&mut self, body: &str) -> Result<Reply, String> {
        let response = self
            .agent
            .post(&self.url)
            .header("Content-Type", "application/json")
            .send(body)
            .map_err(|e| network_error(&e))?;
        let retry_after = response.headers().get("retry-after").and_then(|v| v.to_str().ok()).map(str::to_string);
        Ok(Reply { status: response.status().as_u16(), retry_after })
    }
}

/// The kind of failure, in words: ureq's own messages may quote the URL, which is a secret
/// (a webhook's) or carry a token's context (a tracker's), so both say only this.
pub(crate) fn network_error(error: &ureq::Error) -> String {
    match error {
        ureq::Error::Timeout(_) => "timed out".into(),
        ureq::Error::HostNotFound => "host not found".into(),
        ureq::Error::ConnectionFailed => "connection failed".into(),
        ureq::Error::Io(io) => format!("network error ({})", io.kind()),
        ureq::Error::Tls(_) => "TLS error".into(),
        _ => "network error".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Script(Vec<Result<Reply, String>>, u32);

    impl Post for Script {
        fn post(&mut self, _body: &str) -> Result<Reply, String> {
            self.1 += 1;
            self.0.remove(0)
        }
    }

    fn status(status: u16, retry_after: Option<&str>) -> Result<Reply, String> {
        Ok(Reply { status, retry_after: retry_after.map(str::to_string) })
    }

    fn run(replies: Vec<Result<Reply, String>>) -> (Outcome, Vec<Duration>) {
        let mut waits = Vec::new();
        let outcome = deliver(&mut Script(replies, 0), "{}", &mut |d| waits.push(d));
        (outcome, waits)
    }

    #[test]
    fn success_first_time_does_not_wait() {
        assert_eq!(run(vec![status(200, None)]), (Outcome { tries: 1, failure: None }, vec![]));
    }

    #[test]
    fn too_many_requests_waits_as_retry_after_says_capped_at_a_minute() {
        let (outcome, waits) = run(vec![status(429, Some("7")), status(429, Some("3600")), status(204, None)]);
        assert_eq!(outcome, Outcome { tries: 3, failure: None });
        assert_eq!(waits, [Duration::from_secs(7), MAX_RETRY_AFTER]);
    }

    #[test]
    fn server_and_network_errors_back_off_and_stop_after_three_tries() {
        let (outcome, waits) = run(vec![status(503, None), Err("timed out".into()), status(500, None)]);
        assert_eq!(outcome, Outcome { tries: 3, failure: Some("HTTP 500".into()) });
        assert_eq!(waits, [Duration::from_secs(1), Duration::from_secs(2)]);
    }

    #[test]
    fn other_client_errors_are_final() {
        let (outcome, waits) = run(vec![status(404, None), status(200, None)]);
        assert_eq!(outcome, Outcome { tries: 1, failure: Some("HTTP 404".into()) });
        assert!(waits.is_empty());
    }

    #[test]
    fn a_retry_after_date_falls_back_to_the_backoff() {
        let (_, waits) = run(vec![status(429, Some("Wed, 21 Oct 2015 07:28:00 GMT")), status(200, None)]);
        assert_eq!(waits, [BACKOFF]);
    }
}
