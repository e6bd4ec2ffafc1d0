//! From a `Cookie` header to "may this purpose run?": the one reader shared
//! by the browser layer (`document.cookie`) and Rust back ends (the HTTP header).
//!
//! ```
//! # #[cfg(feature = "internals")] { // `core` is crate-private otherwise: the public face is `biscotte::Config::read`
//! use biscotte::core::{config::Config, reader};
//! let header = "csrftoken=t; cookies_preferences=v1.1.q2Xo3mZb8kT1vLwA.1763895000.1763895000.necessary=1|statistical=1|third_party=0";
//! let verdict = reader::read(&Config::default(), header, 1_763_900_000);
//! assert!(verdict.allows("statistical"));
//! assert!(!verdict.allows("third_party"));
//! assert!(!reader::read(&Config::default(), "", 0).allows("statistical"));
//! # }
//! ```

use crate::core::codec::{decode, DecodeError};
use crate::core::config::Config;
use crate::core::consent::{status, Status};
use crate::core::cookie::values;

/// The consent state read from a request or page, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// Decided, or why to ask.
    pub status: Status,
    /// What was wrong with an unreadable cookie, for logs.
    pub error: Option<DecodeError>,
}

impl Verdict {
    /// Whether `category` may run. Necessary categories always may; the rest only with a valid record.
    pub fn allows(&self, category: &str) -> bool {
        self.status.consent().is_some_and(|c| c.allows(category))
    }

    /// Whether `service` of `category` may run.
    pub fn allows_service(&self, category: &str, service: &str) -> bool {
        self.status.consent().is_some_and(|c| c.allows_service(category, service))
    }
}

/// Reads the consent cookie named in `config` from a `Cookie` header at time `now` (Unix seconds).
///
/// When the name appears more than once, the first readable value wins (browsers
/// send the most specific path first). No readable value means "ask".
pub fn read(config: &Config, header: &str, now: u64) -> Verdict {
    let mut error = None;
    let mut record = None;
    for value in values(header, &config.cookie.name) {
        match decode(value) {
            Ok(c) => {
                record = Some(c);
                break;
            }
            Err(e) => error = error.or(Some(e)),
        }
    }
    let unreadable = record.is_none() && error.is_some();
    let error = if record.is_some() { None } else { error };
    Verdict { status: status(config, record, unreadable, now), error }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::consent::AskReason;

    const GOOD: &str = "v1.1.q2Xo3mZb8kT1vLwA.1000.1000.necessary=1|statistical=1|third_party=0";

    #[test]
    fn reads_a_valid_cookie_among_others() {
        let header = ["sessionid=s; django_language=fr; cookies_preferences=", GOOD].concat();
        let v = read(&Config::default(), &header, 2000);
        assert!(v.allows("statistical") && v.allows("necessary") && !v.allows("third_party"));
        assert_eq!(v.error, None);
    }

    #[test]
    fn a_corrupt_cookie_means_ask_and_says_why() {
        let v = read(&Config::default(), "cookies_preferences=%7B%22all%22%3Atrue%7D", 2000);
        assert_eq!(v.status, Status::Ask(AskReason::Unreadable));
        assert_eq!(v.error, Some(DecodeError::Foreign));
        assert!(!v.allows("statistical") && !v.allows("necessary"));
    }

    #[test]
    fn the_first_readable_value_wins() {
        let header = ["cookies_preferences=garbage; cookies_preferences=", GOOD].concat();
        assert!(read(&Config::default(), &header, 2000).allows("statistical"));
    }

    #[test]
    fn honours_a_configured_cookie_name() {
        let mut config = Config::default();
        config.cookie.name = "consent".into();
        let header = ["cookies_preferences=", GOOD].concat();
        assert_eq!(read(&config, &header, 2000).status, Status::Ask(AskReason::NoRecord));
    }
}
