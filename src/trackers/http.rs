//! The one part of sync that touches the network: GETs over HTTP(S) with ureq, one timeout per
//! request. Errors are described by kind, never with the URL or headers (the headers carry the
//! token).

use super::apis::Request;
use super::sync::{Answer, Client};
use crate::notify::deliver::network_error;
use std::io::Read as _;
use std::time::Duration;

/// How long one request may take.
pub const TIMEOUT: Duration = Duration::from_secs(10);
/// The largest body read: an item's JSON is a few kilobytes; more is not an item.
const MAX_BODY: u64 = 4 << 20;

/// A ureq agent with a timeout.
pub struct HttpClient {
    agent: ureq::Agent,
}

impl HttpClient {
    /// A client whose requests each last at most `timeout`.
    pub fn new(timeout: Duration) -> Self {
        let config = ureq::Agent::config_builder().timeout_global(Some(timeout)).http_status_as_error(false).build();
        HttpClient { agent: config.into() }
    }
}

impl Client for HttpClient {
    fn get(&self, request: &Request) -> Result<Answer, String> {
        let mut builder = self.agent.get(&request.url);
        for (name, value) in &request.headers {
            builder = builder.header(*name, value);
        }
        let response = builder.call().map_err(|e| network_error(&e))?;
        let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
        let mut answer = Answer {
            status: response.status().as_u16(),
            etag: header("etag"),
            retry_after: header("retry-after"),
            rate_remaining: header("x-ratelimit-remaining"),
            rate_reset: header("x-ratelimit-reset"),
            body: String::new(),
        };
        let mut body = response.into_body();
        let mut reader = body.as_reader().take(MAX_BODY);
        reader.read_to_string(&mut answer.body).map_err(|e| match e.kind() {
            std::io::ErrorKind::TimedOut => "timed out".to_string(),
            std::io::ErrorKind::InvalidData => "the answer is not UTF-8 text".to_string(),
            kind => format!("network error ({kind})"),
        })?;
        Ok(answer)
    }
}
