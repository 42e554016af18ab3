//! Where this device syncs to, checked before any request is made, and what
//! the Sync section says about it.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The user's sync settings, kept on this device only (never in backups
/// or exports).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncSettings {
    /// The server's address, e.g. `https://couch.example.org`.
    pub server: String,
    pub database: String,
    pub user: String,
    pub password: String,
    /// Sync runs on its own (after changes, on coming back online).
    pub on: bool,
    /// When the last run finished without error (ms since the epoch).
    #[serde(default)]
    pub last_synced: Option<i64>,
}

/// Why settings cannot be used yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SettingsError {
    NoServer,
    /// Not an `http://` or `https://` address with a host.
    BadAddress,
    /// Plain `http://` to another machine would send the password readable
    /// by anyone on the way.
    NotHttps,
    NoDatabase,
    /// CouchDB's rule: lower-case letter first, then lower-case letters,
    /// digits and `_$()+-`.
    BadDatabaseName,
    NoUser,
}

impl fmt::Display for SettingsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SettingsError::NoServer => "Enter the server's address.",
            SettingsError::BadAddress => {
                "The server address should look like https://couch.example.org."
            }
            SettingsError::NotHttps => {
                "Use an https:// address, so your password is not sent in the clear \
                 (http:// only works for a server on this device)."
            }
            SettingsError::NoDatabase => "Enter the database name.",
            SettingsError::BadDatabaseName => {
                "A database name starts with a lower-case letter and uses only lower-case \
                 letters, digits and _ $ ( ) + -."
            }
            SettingsError::NoUser => "Enter your user name on the server.",
        })
    }
}

impl SettingsError {
    /// The label of the field to put right, as the sync form names it.
    pub fn field(&self) -> &'static str {
        match self {
            SettingsError::NoServer | SettingsError::BadAddress | SettingsError::NotHttps => {
                "Server address"
            }
            SettingsError::NoDatabase | SettingsError::BadDatabaseName => "Database name",
            SettingsError::NoUser => "User name",
        }
    }
}

impl SyncSettings {
    /// The database's address without credentials, e.g.
    /// `https://couch.example.org/rapport-ada`.
    pub fn endpoint(&self) -> Result<String, SettingsError> {
        let server = self.server.trim().trim_end_matches('/');
        if server.is_empty() {
            return Err(SettingsError::NoServer);
        }
        let (scheme, rest) = server.split_once("://").ok_or(SettingsError::BadAddress)?;
        let scheme = scheme.to_ascii_lowercase();
        let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
        if host.is_empty() || host.contains('@') || rest.contains(['?', '#', ' ']) {
            return Err(SettingsError::BadAddress);
        }
        match scheme.as_str() {
            "https" => {}
            "http" if is_this_device(host) => {}
            "http" => return Err(SettingsError::NotHttps),
            _ => return Err(SettingsError::BadAddress),
        }
        // Phone keyboards capitalise the first letter; names are lower-case.
        let database = self.database.trim().to_ascii_lowercase();
        if database.is_empty() {
            return Err(SettingsError::NoDatabase);
        }
        let mut chars = database.chars();
        let first_ok = chars.next().is_some_and(|c| c.is_ascii_lowercase());
        if !first_ok
            || !chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_$()+-".contains(c))
        {
            return Err(SettingsError::BadDatabaseName);
        }
        if self.user.trim().is_empty() {
            return Err(SettingsError::NoUser);
        }
        Ok(format!("{scheme}://{rest}/{database}"))
    }

    /// The database this device has synced with, if it has: its records
    /// are on the server then, and what changes here reaches the other
    /// devices at the next sync.
    pub fn synced_with(&self) -> Option<String> {
        self.last_synced.and(self.endpoint().ok())
    }

    /// The `Authorization` header for HTTP basic authentication.
    pub fn authorization(&self) -> String {
        let pair = format!("{}:{}", self.user.trim(), self.password);
        format!("Basic {}", base64(pair.as_bytes()))
    }
}

/// Loopback only: the one place plain HTTP cannot be read on the way.
fn is_this_device(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => host.rsplit_once(':').map_or(host, |(h, _)| h),
    };
    let loopback_v4 = name
        .parse::<std::net::Ipv4Addr>()
        .is_ok_and(|ip| ip.is_loopback());
    name.eq_ignore_ascii_case("localhost") || loopback_v4 || name == "::1"
}

/// Standard base64 with padding, as HTTP basic authentication uses.
pub fn base64(bytes: &[u8]) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(TABLE[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(server: &str, database: &str) -> SyncSettings {
        SyncSettings {
            server: server.into(),
            database: database.into(),
            user: "ada".into(),
            password: "pw".into(),
            ..SyncSettings::default()
        }
    }

    #[test]
    fn endpoints_join_server_and_database() {
        assert_eq!(
            settings(" https://couch.example.org/ ", "rapport-ada").endpoint(),
            Ok("https://couch.example.org/rapport-ada".into())
        );
        assert_eq!(
            settings("HTTPS://couch.example.org:6984/db-root", "r1").endpoint(),
            Ok("https://couch.example.org:6984/db-root/r1".into())
        );
        assert_eq!(
            settings("http://127.0.0.1:5984", "r").endpoint(),
            Ok("http://127.0.0.1:5984/r".into())
        );
        assert_eq!(
            settings("http://localhost:5984", "r").endpoint(),
            Ok("http://localhost:5984/r".into())
        );
    }

    #[test]
    fn unusable_settings_say_why() {
        assert_eq!(settings("", "r").endpoint(), Err(SettingsError::NoServer));
        assert_eq!(
            settings("couch.example.org", "r").endpoint(),
            Err(SettingsError::BadAddress)
        );
        assert_eq!(
            settings("ftp://couch.example.org", "r").endpoint(),
            Err(SettingsError::BadAddress)
        );
        assert_eq!(
            settings("https://ada:pw@couch.example.org", "r").endpoint(),
            Err(SettingsError::BadAddress)
        );
        assert_eq!(
            settings("http://couch.example.org", "r").endpoint(),
            Err(SettingsError::NotHttps)
        );
        assert_eq!(
            settings("http://127.0.0.1.example.org", "r").endpoint(),
            Err(SettingsError::NotHttps)
        );
        assert_eq!(
            settings("https://c.org", " ").endpoint(),
            Err(SettingsError::NoDatabase)
        );
        assert_eq!(
            settings("https://c.org", "Rapport-Ada").endpoint(),
            Ok("https://c.org/rapport-ada".into())
        );
        for bad in ["1rapport", "rap port", "rap/port", "<script>", "éa"] {
            assert_eq!(
                settings("https://c.org", bad).endpoint(),
                Err(SettingsError::BadDatabaseName),
                "{bad}"
            );
        }
        let mut no_user = settings("https://c.org", "r");
        no_user.user = " ".into();
        assert_eq!(no_user.endpoint(), Err(SettingsError::NoUser));
    }

    #[test]
    fn only_a_device_that_has_synced_is_synced_with_a_database() {
        let mut s = settings("https://couch.example.org", "rapport");
        assert_eq!(s.synced_with(), None, "set up but never run");
        s.last_synced = Some(5);
        assert_eq!(
            s.synced_with().as_deref(),
            Some("https://couch.example.org/rapport")
        );
        s.on = false;
        s.password.clear();
        assert!(
            s.synced_with().is_some(),
            "turned off, its records stay on the server"
        );
    }

    #[test]
    fn basic_authentication_is_standard_base64() {
        // RFC 7617's example.
        let s = SyncSettings {
            user: "Aladdin".into(),
            password: "open sesame".into(),
            ..SyncSettings::default()
        };
        assert_eq!(s.authorization(), "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64("é".as_bytes()), "w6k=");
    }
}
