//! The `serde` feature: the configuration read from any serde format through the browser's own
//! validation, and the verdict, record and issues written for logs.
//!
//! Why not derives on the config structs: the configuration's rules (paths in every message,
//! a default kept for each bad value, nothing pre-granted) live in `config_parse`, which reads a
//! [`Json`] tree. So a deserialiser builds that tree and the same validation runs on it; a derive
//! would be a second, laxer reader. Hand-written impls also keep `serde_derive` out of the build.

use crate::prelude::*;

use core::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeStruct, Serializer};

use crate::core::config::Config as Rules;
use crate::core::config_parse::{ConfigIssue, Severity};
use crate::core::consent::{AskReason, Consent};
use crate::core::json::{Json, Number};
use crate::server::{Config, Verdict};
use crate::strings::num::push_u64;

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }

    fn visit_none<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Json, D::Error> {
        Json::deserialize(d)
    }

    fn visit_bool<E>(self, v: bool) -> Result<Json, E> {
        Ok(Json::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Json, E> {
        let mut text = String::new();
        if v < 0 {
            text.push('-');
        }
        push_u64(&mut text, v.unsigned_abs());
        Ok(Json::Num(Number::new(text)))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Json, E> {
        let mut text = String::new();
        push_u64(&mut text, v);
        Ok(Json::Num(Number::new(text)))
    }

    /// A fractional or huge number keeps a text that is not an integer, so the validation
    /// reports it where it wants one, as it does for `1.5` in the browser. (`to_string` on a
    /// float needs `core::fmt`: fine here, as the `serde` feature never enters a wasm build.)
    #[allow(clippy::disallowed_methods)]
    fn visit_f64<E>(self, v: f64) -> Result<Json, E> {
        Ok(Json::Num(Number::new(v.to_string())))
    }

    fn visit_str<E>(self, v: &str) -> Result<Json, E> {
        Ok(Json::Str(v.into()))
    }

    fn visit_string<E>(self, v: String) -> Result<Json, E> {
        Ok(Json::Str(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Json>()? {
            items.push(item);
        }
        Ok(Json::Arr(items))
    }

    /// A repeated key keeps its first place and its last value, as `JSON.parse` does.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut pairs: Vec<(String, Json)> = Vec::new();
        while let Some((key, value)) = map.next_entry::<String, Json>()? {
            match pairs.iter_mut().find(|(k, _)| *k == key) {
                Some(pair) => pair.1 = value,
                None => pairs.push((key, value)),
            }
        }
        Ok(Json::Obj(pairs))
    }
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Json, D::Error> {
        d.deserialize_any(JsonVisitor)
    }
}

/// The configuration through the browser's validation. Any error fails, naming every bad
/// field with its path (`invalid configuration: cookie.sameSite: …; categories[1].id: …`);
/// warnings do not, and stay in [`Config::issues`]. For the browser's leniency (run on the
/// defaults of the bad parts), use [`Config::from_json`].
impl<'de> Deserialize<'de> for Config {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Config, D::Error> {
        let tree = Json::deserialize(d)?;
        let (rules, issues) = Rules::from_value(&tree);
        let mut errors = String::new();
        for issue in issues.iter().filter(|i| i.severity == Severity::Error) {
            errors.push_str(if errors.is_empty() { "invalid configuration: " } else { "; " });
            errors.push_str(&issue.describe());
        }
        if !errors.is_empty() {
            return Err(de::Error::custom(errors));
        }
        Ok(Config::from_parts(rules, issues))
    }
}

/// Each reason's id in logs. A table, not a `match`: a reason added to the core serialises as
/// `other` until it gets its id here, instead of breaking the build of every back end.
/// The reason's id in logs. A match, so a new reason cannot go out unnamed.
fn reason_id(reason: AskReason) -> &'static str {
    match reason {
        AskReason::NoRecord => "no_record",
        AskReason::Unreadable => "unreadable",
        AskReason::Outdated => "outdated",
        AskReason::Expired => "expired",
        AskReason::Incomplete => "incomplete",
        AskReason::Future => "future",
        AskReason::Conflicting => "conflicting",
    }
}

impl Serialize for AskReason {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(reason_id(*self))
    }
}

struct Choices<'a>(&'a Consent);

impl Serialize for Choices<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.choices.len()))?;
        for choice in &self.0.choices {
            match &choice.service {
                Some(service) => map.serialize_entry(&[choice.category.as_str(), "/", service].concat(), &choice.granted)?,
                None => map.serialize_entry(&choice.category, &choice.granted)?,
            }
        }
        map.end()
    }
}

/// The record as the browser's proof of consent writes it, without the language and browser:
/// `{"id":…,"revision":…,"first":…,"last":…,"gpc":…,"choices":{"statistical":true,"statistical/matomo":false,…}}`.
impl Serialize for Consent {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut out = s.serialize_struct("Consent", 6)?;
        out.serialize_field("id", &self.id)?;
        out.serialize_field("revision", &self.revision)?;
        out.serialize_field("first", &self.first)?;
        out.serialize_field("last", &self.last)?;
        out.serialize_field("gpc", &self.gpc)?;
        out.serialize_field("choices", &Choices(self))?;
        out.end()
    }
}

struct Purposes<'a>(&'a Verdict);

impl Serialize for Purposes<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        for (name, allowed) in self.0.purposes() {
            map.serialize_entry(name, &allowed)?;
        }
        map.end()
    }
}

/// `{"decided":true,"reason":null,"unreadable":null,"gpc":false,"purposes":{"necessary":true,…},"consent":{…}}`;
/// `reason` says why the visitor is asked (`expired`…), `consent` is the record (or `null`).
impl Serialize for Verdict {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut out = s.serialize_struct("Verdict", 6)?;
        out.serialize_field("decided", &self.consent().is_some())?;
        out.serialize_field("reason", &self.ask_reason())?;
        out.serialize_field("unreadable", &self.unreadable())?;
        out.serialize_field("gpc", &self.gpc())?;
        out.serialize_field("purposes", &Purposes(self))?;
        out.serialize_field("consent", &self.consent())?;
        out.end()
    }
}

/// `error` or `warning`.
impl Serialize for Severity {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// `{"path":"cookie.sameSite","message":"…","severity":"error"}`.
impl Serialize for ConfigIssue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut out = s.serialize_struct("ConfigIssue", 3)?;
        out.serialize_field("path", &self.path)?;
        out.serialize_field("message", &self.message)?;
        out.serialize_field("severity", &self.severity)?;
        out.end()
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    const CONFIG: &str = r#"{ "revision": 2, "lifetimeDays": 90, "consentLogUrl": "/consent-log",
        "categories": [{ "id": "necessary", "necessary": true },
                       { "id": "statistical", "services": [{ "preset": "matomo" }] }, { "id": "third_party" }] }"#;
    const COOKIE: &str = "cookies_preferences=v1.2.q2Xo3mZb8kT1vLwA.1000.1000.necessary=1|statistical=1|statistical/matomo=0|third_party=0";

    #[test]
    fn deserialises_as_from_json_does() {
        let config: Config = serde_json::from_str(CONFIG).unwrap();
        assert_eq!(config, Config::from_json(CONFIG));
        assert_eq!((config.revision(), config.lifetime_days(), config.consent_log_url()), (2, 90, Some("/consent-log")));
        let value: serde_json::Value = serde_json::from_str(CONFIG).unwrap();
        assert_eq!(serde_json::from_value::<Config>(value).unwrap(), config);
    }

    #[test]
    fn every_error_fails_with_its_path() {
        let bad = r#"{ "revision": 1.5, "cookie": { "sameSite": "Sometimes" }, "categories": [{ "id": "Bad Id" }] }"#;
        let message = serde_json::from_str::<Config>(bad).unwrap_err().to_string();
        assert!(message.starts_with("invalid configuration: revision: "), "{message}");
        assert!(message.contains("; cookie.sameSite: "), "{message}");
        assert!(message.contains("; categories[0].id: "), "{message}");
        let pre_ticked = r#"{ "categories": [{ "id": "statistical", "enabled": true }] }"#;
        assert!(serde_json::from_str::<Config>(pre_ticked).is_err());
    }

    #[test]
    fn numbers_read_as_the_browser_reads_them() {
        let read = |json: &str| serde_json::from_str::<Config>(json).map(|c| c.lifetime_days()).map_err(|e| e.to_string());
        assert_eq!(read(r#"{ "lifetimeDays": 90 }"#), Ok(90));
        assert_eq!(read(r#"{ "lifetimeDays": 90.0 }"#), Ok(90), "a whole double is whole, as in JavaScript");
        assert!(read(r#"{ "lifetimeDays": -5 }"#).is_err_and(|e| e.contains("lifetimeDays")));
        assert!(read(r#"{ "lifetimeDays": 1.5 }"#).is_err_and(|e| e.contains("lifetimeDays")));
    }

    #[test]
    fn warnings_pass_and_stay_readable() {
        let config: Config = serde_json::from_str(r#"{ "colour": "red", "revision": 3, "revision": 4 }"#).unwrap();
        assert_eq!(config.revision(), 4);
        let issues = serde_json::to_string(config.issues()).unwrap();
        assert!(issues.starts_with(r#"[{"path":"colour","message":"#), "{issues}");
        assert!(issues.contains(r#""severity":"warning"}"#), "{issues}");
    }

    #[test]
    fn each_reason_to_ask_has_its_id() {
        let config: Config = serde_json::from_str(CONFIG).unwrap();
        let reason = |cookie: &str, now: u64| serde_json::to_value(config.read([cookie], None, now)).unwrap()["reason"].clone();
        assert_eq!(reason("", 2000), "no_record");
        assert_eq!(reason("cookies_preferences=junk", 2000), "unreadable");
        assert_eq!(reason(&COOKIE.replace("v1.2.", "v1.1."), 2000), "outdated");
        assert_eq!(reason(COOKIE, 1000 + 91 * 86_400), "expired");
        assert_eq!(reason(&COOKIE.replace("|third_party=0", ""), 2000), "incomplete");
    }

    #[test]
    fn the_verdict_serialises_for_logs() {
        let config: Config = serde_json::from_str(CONFIG).unwrap();
        let verdict = config.read([COOKIE], Some("1"), 2000);
        assert_eq!(
            serde_json::to_string(&verdict).unwrap(),
            concat!(
                r#"{"decided":true,"reason":null,"unreadable":null,"gpc":true,"#,
                r#""purposes":{"necessary":true,"statistical":true,"statistical/matomo":false,"third_party":false},"#,
                r#""consent":{"id":"q2Xo3mZb8kT1vLwA","revision":2,"first":1000,"last":1000,"gpc":false,"#,
                r#""choices":{"necessary":true,"statistical":true,"statistical/matomo":false,"third_party":false}}}"#
            )
        );
        let asked = serde_json::to_value(config.read(["cookies_preferences=junk"], None, 2000)).unwrap();
        assert_eq!(asked["reason"], "unreadable");
        assert_eq!(asked["unreadable"], "not a Biscotte value");
        assert_eq!(asked["consent"], serde_json::Value::Null);
        assert_eq!(asked["purposes"]["statistical"], false);
    }
}
