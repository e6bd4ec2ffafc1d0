//! The `axum` feature: a handler takes the visitor's [`Verdict`] as an argument.
//!
//! Built on `axum-core` and `http` only (what axum re-exports), so a back end on axum 0.8 gets
//! the extractor without this crate pulling the router, hyper or tokio.

use core::convert::Infallible;
use std::time::{SystemTime, UNIX_EPOCH};

use axum_core::extract::{FromRef, FromRequestParts};
use http::request::Parts;

use crate::server::{Config, Verdict};

/// The visitor's verdict, read from the request's `Cookie` and `Sec-GPC` headers at the
/// current time, with the [`Config`] of the router's state (`Config: FromRef<S>`: the state
/// itself, or a field of it with `#[derive(FromRef)]`). It never rejects: no cookie, or an
/// unreadable one, is a verdict that asks and allows nothing.
///
/// ```ignore
/// // As in examples/backend (axum itself is not a dependency of this crate):
/// async fn page(verdict: biscotte::Verdict) -> String {
///     if verdict.allows("statistical") { "<script src=/stats.js></script>".into() } else { String::new() }
/// }
/// let app = axum::Router::new().route("/", axum::routing::get(page)).with_state(config);
/// ```
impl<S> FromRequestParts<S> for Verdict
where
    S: Send + Sync,
    Config: FromRef<S>,
{
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Verdict, Infallible> {
        Ok(Config::from_ref(state).read_headers(&parts.headers, unix_now()))
    }
}

/// Seconds since the Unix epoch; 0 on a clock set before it.
fn unix_now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use core::future::Future;
    use core::pin::pin;
    use core::task::{Context, Poll, RawWaker, RawWakerVTable, Waker};

    /// The extractor's future is ready at once: poll it once, no runtime needed.
    fn ready<F: Future>(future: F) -> F::Output {
        fn raw() -> RawWaker {
            fn clone(_: *const ()) -> RawWaker {
                raw()
            }
            fn noop(_: *const ()) {}
            static VTABLE: RawWakerVTable = RawWakerVTable::new(clone, noop, noop, noop);
            RawWaker::new(core::ptr::null(), &VTABLE)
        }
        // SAFETY: every function of the vtable ignores the (null) data pointer.
        let waker = unsafe { Waker::from_raw(raw()) };
        match pin!(future).poll(&mut Context::from_waker(&waker)) {
            Poll::Ready(output) => output,
            Poll::Pending => panic!("the extractor waited"),
        }
    }

    #[derive(Clone)]
    struct AppState {
        biscotte: Config,
    }

    impl FromRef<AppState> for Config {
        fn from_ref(state: &AppState) -> Config {
            state.biscotte.clone()
        }
    }

    fn extract(state: &AppState, headers: &[(&str, &str)]) -> Verdict {
        let mut request = http::Request::builder();
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let (mut parts, ()) = request.body(()).unwrap().into_parts();
        match ready(Verdict::from_request_parts(&mut parts, state)) {
            Ok(verdict) => verdict,
            Err(never) => match never {},
        }
    }

    fn state() -> AppState {
        AppState { biscotte: Config::from_json(r#"{ "revision": 4 }"#) }
    }

    #[test]
    fn reads_cookie_and_sec_gpc_from_the_request_with_the_state_config() {
        let now = unix_now();
        let cookie = format!("a=b; cookies_preferences=v1.4.q2Xo3mZb8kT1vLwA.{now}.{now}.necessary=1|statistical=1|third_party=0");
        let verdict = extract(&state(), &[("cookie", "sessionid=s"), ("cookie", &cookie), ("sec-gpc", "1")]);
        assert!(verdict.allows("statistical") && !verdict.allows("third_party") && verdict.gpc());
        let other_revision = cookie.replace("v1.4.", "v1.1.");
        let verdict = extract(&state(), &[("cookie", &other_revision)]);
        assert_eq!(verdict.ask_reason(), Some(crate::AskReason::Outdated));
        assert!(!verdict.gpc());
    }

    #[test]
    fn a_request_without_cookie_asks_and_allows_nothing() {
        let verdict = extract(&state(), &[("sec-gpc", "0")]);
        assert_eq!(verdict.ask_reason(), Some(crate::AskReason::NoRecord));
        assert!(!verdict.allows("statistical") && !verdict.gpc());
    }

    #[test]
    fn with_refuse_sec_gpc_is_a_refusal_without_a_cookie() {
        let state = AppState { biscotte: Config::from_json(r#"{ "globalPrivacyControl": "refuse" }"#) };
        let verdict = extract(&state, &[("sec-gpc", "1")]);
        assert_eq!(verdict.ask_reason(), None);
        assert!(verdict.gpc() && verdict.allows("necessary") && !verdict.allows("statistical"));
        assert_eq!(extract(&state, &[]).ask_reason(), Some(crate::AskReason::NoRecord));
    }

    #[test]
    fn the_clock_is_the_real_one() {
        let config = Config::from_json("{}");
        let long_ago = "cookies_preferences=v1.1.q2Xo3mZb8kT1vLwA.1000.1000.necessary=1|statistical=1|third_party=1";
        let state = AppState { biscotte: config };
        assert_eq!(extract(&state, &[("cookie", long_ago)]).ask_reason(), Some(crate::AskReason::Expired));
    }
}
