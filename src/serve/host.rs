//! Which `Host` a request may name: the guard against DNS rebinding.
//!
//! A web page in another tab can make its own host name resolve to 127.0.0.1 and then read
//! whatever `serve` answers, drafts and `/api/search` included: the browser sees one origin.
//! What gives it away is the `Host` header, which still names the page's host. So `serve`
//! answers only requests addressed to `localhost`, a loopback address (`127.0.0.0/8`, `[::1]`),
//! the `--bind` address, or a name given with `--allow-host` (`*` accepts any), with any port.
//! An HTTP/1.0 request may carry no `Host` at all; no browser sends one like that, so it is
//! answered. This module only decides; `http` turns a refusal into a response.

use std::collections::BTreeSet;
use std::net::{IpAddr, Ipv6Addr};

/// The hosts `serve` answers to.
#[derive(Debug, Clone)]
pub struct AllowedHosts {
    /// The `--bind` address.
    bind: IpAddr,
    /// `--allow-host` names and addresses, lower case, without port or brackets.
    names: BTreeSet<String>,
    /// `--allow-host '*'`: any host at all.
    any: bool,
}

/// Why a request was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The `Host` names a host this server does not answer to (shown as sent).
    Misdirected(String),
    /// No `Host` on an HTTP/1.1 request, or more than one.
    BadHost,
}

impl AllowedHosts {
    /// Loopback, `bind` and the `--allow-host` values (`name`, `name:port`, `[::1]`, `*`).
    pub fn new(bind: IpAddr, allowed: &[String]) -> Self {
        let any = allowed.iter().any(|a| a.trim() == "*");
        let names = allowed.iter().filter_map(|a| host_name(a.trim())).collect();
        AllowedHosts { bind, names, any }
    }

    /// Whether a request with these `Host` header values (as sent) is answered. `http10` says
    /// the request came as HTTP/1.0, where `Host` is optional.
    pub fn check<'a>(&self, hosts: impl IntoIterator<Item = &'a [u8]>, http10: bool) -> Result<(), Refusal> {
        let values: Vec<&[u8]> = hosts.into_iter().take(2).collect();
        let host = match values.as_slice() {
            [] if http10 => return Ok(()),
            [host] => *host,
            _ => return Err(Refusal::BadHost),
        };
        // Shown in the answer, cut: it is only there to tell a person which name was refused.
        let shown = || String::from_utf8_lossy(host).chars().take(100).collect::<String>();
        let name = std::str::from_utf8(host).ok().and_then(host_name).ok_or_else(|| Refusal::Misdirected(shown()))?;
        if self.any || self.allows(&name) { Ok(()) } else { Err(Refusal::Misdirected(shown())) }
    }

    fn allows(&self, name: &str) -> bool {
        if name == "localhost" || self.names.contains(name) {
            return true;
        }
        match name.parse::<IpAddr>() {
            Ok(ip) => is_loopback(ip) || ip == self.bind,
            Err(_) => false,
        }
    }
}

/// A `Host` value without its port, lower case, brackets and one trailing dot removed;
/// `None` when it is not a host name or address at all (empty, a user name, a path).
fn host_name(value: &str) -> Option<String> {
    let name = if let Some(rest) = value.strip_prefix('[') {
        let (inside, after) = rest.split_once(']')?;
        if !(after.is_empty() || after.strip_prefix(':').is_some_and(is_port)) {
            return None;
        }
        inside.parse::<Ipv6Addr>().ok()?;
        inside
    } else {
        match value.rsplit_once(':') {
            Some((name, port)) if is_port(port) => name,
            Some(_) => return None,
            None => value,
        }
    };
    let name = name.strip_suffix('.').unwrap_or(name).to_ascii_lowercase();
    let valid = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | ':');
    (!name.is_empty() && name.chars().all(valid)).then_some(name)
}

fn is_port(text: &str) -> bool {
    !text.is_empty() && text.len() <= 5 && text.bytes().all(|b| b.is_ascii_digit())
}

/// `127.0.0.0/8`, `::1`, and `::ffff:127.x.y.z` (how a browser writes a mapped loopback).
fn is_loopback(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4.is_loopback(),
        IpAddr::V6(v6) => v6.is_loopback() || v6.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allowed(bind: &str, names: &[&str]) -> AllowedHosts {
        let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        AllowedHosts::new(bind.parse().unwrap(), &names)
    }

    fn check(hosts: &AllowedHosts, host: &str) -> Result<(), Refusal> {
        hosts.check([host.as_bytes()], false)
    }

    #[test]
    fn localhost_and_loopback_are_answered_with_or_without_a_port() {
        let hosts = allowed("127.0.0.1", &[]);
        for host in [
            "localhost",
            "localhost:1111",
            "LocalHost:80",
            "localhost.",
            "127.0.0.1",
            "127.0.0.1:1111",
            "127.1.2.3:8080",
            "[::1]",
            "[::1]:1111",
            "[::ffff:7f00:1]:1111",
        ] {
            assert_eq!(check(&hosts, host), Ok(()), "{host}");
        }
    }

    #[test]
    fn other_hosts_are_misdirected() {
        let hosts = allowed("127.0.0.1", &[]);
        for host in [
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "127.0.0.1.evil.example",
            "0.0.0.0:1111",
            "192.168.1.5",
            "[::2]:1111",
            "[::1",
            "::1",
            "localhost:abc",
            "user@localhost",
            "",
            "2130706433",
        ] {
            assert_eq!(check(&hosts, host), Err(Refusal::Misdirected(host.to_string())), "{host}");
        }
    }

    #[test]
    fn the_bind_address_and_allowed_names_are_answered() {
        let hosts = allowed("192.168.1.5", &["Handoffs.Local", "box:8080", "[fe80::1]"]);
        for host in ["192.168.1.5:1111", "handoffs.local", "HANDOFFS.LOCAL:1111", "box", "box:1111", "[fe80::1]:1"] {
            assert_eq!(check(&hosts, host), Ok(()), "{host}");
        }
        assert!(check(&hosts, "evil.example").is_err());
        assert!(check(&allowed("0.0.0.0", &[]), "0.0.0.0:1111").is_ok(), "the bind address, as bound");
    }

    #[test]
    fn a_star_answers_any_host() {
        let hosts = allowed("127.0.0.1", &["*"]);
        assert_eq!(check(&hosts, "evil.example:1111"), Ok(()));
    }

    #[test]
    fn a_missing_host_is_answered_only_over_http_1_0_and_two_are_refused() {
        let hosts = allowed("127.0.0.1", &[]);
        assert_eq!(hosts.check([], true), Ok(()));
        assert_eq!(hosts.check([], false), Err(Refusal::BadHost));
        assert_eq!(hosts.check([&b"localhost"[..], &b"evil.example"[..]], false), Err(Refusal::BadHost));
        assert_eq!(hosts.check([&b"localhost"[..], &b"evil.example"[..]], true), Err(Refusal::BadHost));
    }
}
