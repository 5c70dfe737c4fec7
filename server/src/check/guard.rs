//! What a probe may reach. A check sends an administrator's credentials to a host typed
//! into a form, so it must not become a way into the server's own network: names resolve
//! here, and only to public addresses (unless the server is configured for tests); the
//! connection goes to the very addresses checked, so a name cannot change its answer
//! between the check and the connection.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use reqwest::dns::{Addrs, Name, Resolve, Resolving};

/// Why a name gave no address to connect to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The name has no address.
    Unresolved,
    /// Every address is loopback, private, link-local or otherwise not on the public Internet.
    Forbidden,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(match self {
            Refusal::Unresolved => "the name does not resolve",
            Refusal::Forbidden => "the name resolves only to addresses a probe may not reach",
        })
    }
}

impl std::error::Error for Refusal {}

/// Whether `ip` is an address on the public Internet.
pub fn public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => public_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => public_v4(v4),
            None => public_v6(v6),
        },
    }
}

fn public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    let special = ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || a == 0
        // Shared address space (carrier-grade NAT), IETF protocol assignments, benchmarking,
        // and the reserved block above multicast.
        || (a == 100 && (64..128).contains(&b))
        || (a == 192 && b == 0 && c == 0)
        || (a == 198 && (b == 18 || b == 19))
        || a >= 240;
    !special
}

fn public_v6(ip: Ipv6Addr) -> bool {
    let s = ip.segments();
    // Addresses that carry an IPv4 address inside are as public as that address.
    let embedded = |hi: u16, lo: u16| Ipv4Addr::new((hi >> 8) as u8, hi as u8, (lo >> 8) as u8, lo as u8);
    // NAT64's well-known prefix (64:ff9b::/96).
    if s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        return public_v4(embedded(s[6], s[7]));
    }
    // 6to4 (2002::/16).
    if s[0] == 0x2002 {
        return public_v4(embedded(s[1], s[2]));
    }
    // Only global unicast (2000::/3) is on the public Internet; everything else (loopback,
    // unique local, link-local, multicast, IPv4-mapped, -translated and -compatible forms,
    // NAT64's local-use prefix) is not. Inside it, Teredo (2001::/32) tunnels to an address
    // it hides, and 2001:db8::/32 is for documentation.
    let global_unicast = (s[0] & 0xe000) == 0x2000;
    global_unicast && !(s[0] == 0x2001 && (s[1] == 0 || s[1] == 0x0db8))
}

/// Resolves the names probes connect to, refusing what they may not reach.
#[derive(Clone, Debug, Default)]
pub struct Resolver {
    /// Fixed answers for tests; with them, no other name resolves.
    pub hosts: Option<Vec<(String, SocketAddr)>>,
    pub allow_private: bool,
}

impl Resolver {
    /// The addresses a probe may connect to for `host`, on port 443 unless fixed otherwise.
    pub async fn addresses(&self, host: &str) -> Result<Vec<SocketAddr>, Refusal> {
        let host = host.to_ascii_lowercase();
        let found: Vec<SocketAddr> = match &self.hosts {
            Some(fixed) => fixed.iter().filter(|(h, _)| *h == host).map(|(_, a)| *a).collect(),
            None => match tokio::net::lookup_host((host.as_str(), 443)).await {
                Ok(addrs) => addrs.collect(),
                Err(_) => Vec::new(),
            },
        };
        if found.is_empty() {
            return Err(Refusal::Unresolved);
        }
        let allowed: Vec<SocketAddr> = found.into_iter().filter(|a| self.allow_private || public(a.ip())).collect();
        if allowed.is_empty() {
            Err(Refusal::Forbidden)
        } else {
            Ok(allowed)
        }
    }
}

impl Resolve for Resolver {
    fn resolve(&self, name: Name) -> Resolving {
        let this = self.clone();
        Box::pin(async move {
            let addrs = this.addresses(name.as_str()).await?;
            Ok(Box::new(addrs.into_iter()) as Addrs)
        })
    }
}

/// The refusal somewhere in the causes of `error`, if the resolver refused.
pub fn refusal(error: &(dyn std::error::Error + 'static)) -> Option<Refusal> {
    let mut at = Some(error);
    while let Some(e) = at {
        if let Some(r) = e.downcast_ref::<Refusal>() {
            return Some(*r);
        }
        at = e.source();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn only_public_addresses_are_public() {
        for inside in [
            "127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254", "0.0.0.0", "0.1.2.3",
            "100.64.0.1", "100.127.255.255", "192.0.0.8", "198.18.0.1", "198.19.1.1", "224.0.0.1", "240.0.0.1", "255.255.255.255",
            "192.0.2.1", "198.51.100.1", "203.0.113.1", "::1", "::", "fc00::1", "fd12::1", "fe80::1", "febf::1", "fec0::1",
            "ff02::1", "2001:db8::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "::127.0.0.1",
            "64:ff9b::a9fe:a9fe", "2002:a00:1::1", "2002:7f00:1::", "64:ff9b:1::a9fe:a9fe", "::ffff:0:a9fe:a9fe",
            "2001::a9fe:a9fe", "2001:0:4136:e378::1", "100::1", "fe00::1", "1fff:ffff::1", "4000::1", "e000::1",
        ] {
            assert!(!public(ip(inside)), "{inside} is not public");
        }
        for outside in [
            "8.8.8.8", "1.1.1.1", "100.63.255.255", "100.128.0.1", "172.15.255.255", "172.32.0.1", "192.0.1.1", "192.169.0.1",
            "198.17.255.255", "198.20.0.1", "223.255.255.255", "2606:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808",
            "2002:808:808::1", "64:ff9b::c000:108", "2002:c000:108::1", "2001:db9::1", "2001:1::1", "2400:cb00::1", "2a00:1450::1",
        ] {
            assert!(public(ip(outside)), "{outside} is public");
        }
    }

    #[tokio::test]
    async fn fixed_hosts_resolve_alone_and_inside_addresses_are_refused_unless_allowed() {
        let hosts = vec![
            ("acme.okta.com".to_string(), "127.0.0.1:8443".parse().unwrap()),
            ("metadata.okta.com".to_string(), "169.254.169.254:443".parse().unwrap()),
            ("public.okta.com".to_string(), "8.8.8.8:443".parse().unwrap()),
        ];
        let strict = Resolver { hosts: Some(hosts.clone()), allow_private: false };
        assert_eq!(strict.addresses("acme.okta.com").await, Err(Refusal::Forbidden));
        assert_eq!(strict.addresses("metadata.okta.com").await, Err(Refusal::Forbidden));
        assert_eq!(strict.addresses("Public.Okta.com").await, Ok(vec!["8.8.8.8:443".parse().unwrap()]));
        assert_eq!(strict.addresses("other.okta.com").await, Err(Refusal::Unresolved));
        let tests = Resolver { hosts: Some(hosts), allow_private: true };
        assert_eq!(tests.addresses("acme.okta.com").await, Ok(vec!["127.0.0.1:8443".parse().unwrap()]));
    }

    #[tokio::test]
    async fn the_system_resolver_refuses_loopback() {
        let strict = Resolver::default();
        assert_eq!(strict.addresses("localhost").await, Err(Refusal::Forbidden));
        assert_eq!(strict.addresses("name.invalid").await, Err(Refusal::Unresolved));
    }

    #[test]
    fn a_refusal_is_found_among_the_causes() {
        #[derive(Debug)]
        struct Wrapper(Refusal);
        impl std::fmt::Display for Wrapper {
            fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("connect error")
            }
        }
        impl std::error::Error for Wrapper {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                Some(&self.0)
            }
        }
        assert_eq!(refusal(&Wrapper(Refusal::Forbidden)), Some(Refusal::Forbidden));
        assert_eq!(refusal(&std::io::Error::other("x")), None);
        assert_eq!(Refusal::Unresolved.to_string(), "the name does not resolve");
    }
}
