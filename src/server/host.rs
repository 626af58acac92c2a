//! Which `Host` headers the server answers, against DNS rebinding: a web page on a name its
//! author controls makes that name resolve to 127.0.0.1, and the visitor's browser then reaches
//! the server, and reads its answers, with that name in `Host`. A rebinding needs a name, so an
//! IP address is always answered, as are `localhost` and the names under it (which resolve to
//! loopback only), the `--listen` host and the names the operator allows with `--allow-host`.

use std::net::{Ipv4Addr, Ipv6Addr};

/// The host names a server answers besides IP addresses and localhost.
#[derive(Debug, Clone, Default)]
pub struct AllowedHosts {
    /// Lower case, without a trailing dot.
    names: Vec<String>,
    /// `--allow-host '*'`: every name.
    any: bool,
}

/// What a `Host` header names.
#[derive(Debug, PartialEq, Eq)]
enum Host<'a> {
    Ip,
    Name(&'a str),
}

impl AllowedHosts {
    /// The host of `--listen` (`HOST:PORT`) and every `--allow-host`.
    pub fn new(listen: &str, allowed: &[String]) -> AllowedHosts {
        let mut names: Vec<String> = allowed.iter().map(|name| normal(name)).collect();
        let any = names.iter().any(|name| name == "*");
        if let Some((host, _port)) = listen.rsplit_once(':') {
            names.push(normal(host));
        }
        AllowedHosts { names, any }
    }

    /// Whether to answer a request whose `Host` header is `header`.
    pub fn allows(&self, header: &str) -> bool {
        match host_of(header) {
            _ if self.any => true,
            Some(Host::Ip) => true,
            Some(Host::Name(name)) => {
                let name = normal(name);
                name == "localhost" || name.ends_with(".localhost") || self.names.contains(&name)
            }
            None => false,
        }
    }
}

fn normal(name: &str) -> String {
    name.strip_suffix('.').unwrap_or(name).to_ascii_lowercase()
}

/// The host of a `Host` header: `name`, `name:port`, `1.2.3.4:port`, `[::1]:port`. None when the
/// header is none of these.
fn host_of(header: &str) -> Option<Host<'_>> {
    let is_port = |port: &str| port.is_empty() || port.parse::<u16>().is_ok();
    if let Some(rest) = header.strip_prefix('[') {
        let (inside, after) = rest.split_once(']')?;
        let port_ok = after.is_empty() || after.strip_prefix(':').is_some_and(is_port);
        return (port_ok && inside.parse::<Ipv6Addr>().is_ok()).then_some(Host::Ip);
    }
    let (host, port) = header.split_once(':').unwrap_or((header, ""));
    if host.is_empty() || !is_port(port) {
        return None;
    }
    if host.parse::<Ipv4Addr>().is_ok() {
        return Some(Host::Ip);
    }
    let is_name = host
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.' || b == b'_');
    is_name.then_some(Host::Name(host))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_host_header_is_read_with_or_without_its_port() {
        for (header, host) in [
            ("127.0.0.1:4599", Some(Host::Ip)),
            ("10.0.0.5", Some(Host::Ip)),
            ("[::1]:4599", Some(Host::Ip)),
            ("[::1]", Some(Host::Ip)),
            ("localhost:4599", Some(Host::Name("localhost"))),
            ("localhost:", Some(Host::Name("localhost"))),
            ("Example.COM", Some(Host::Name("Example.COM"))),
            ("", None),
            (":4599", None),
            ("localhost:http", None),
            ("localhost:4599:1", None),
            ("[::g]:1", None),
            ("[::1]x", None),
            ("a b", None),
            ("évil.example", None),
        ] {
            assert_eq!(host_of(header), host, "{header:?}");
        }
    }

    #[test]
    fn ip_addresses_localhost_the_listen_host_and_allowed_names_are_answered() {
        let hosts = AllowedHosts::new("proton.lan:4599", &["Build.Internal".to_string()]);
        for header in [
            "127.0.0.1:4599",
            "192.0.2.7:4599",
            "[::1]:4599",
            "localhost:4599",
            "LOCALHOST",
            "localhost.:4599",
            "app.localhost:4599",
            "proton.lan:4599",
            "build.internal",
        ] {
            assert!(hosts.allows(header), "{header}");
        }
        for header in [
            "evil.example:4599",
            "localhost.evil.example",
            "evillocalhost",
            "proton.lan.evil.example",
            "",
            "[::1",
        ] {
            assert!(!hosts.allows(header), "{header}");
        }
        assert!(AllowedHosts::new("0.0.0.0:0", &["*".to_string()]).allows("evil.example"));
        assert!(!AllowedHosts::new("[::]:0", &[]).allows("evil.example"));
    }
}
