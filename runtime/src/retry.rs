//! When and how long to wait before retrying a throttled or unavailable
//! request.

use std::time::{Duration, SystemTime};

use http::{HeaderMap, StatusCode};

/// How the client retries `429 Too Many Requests`, `503 Service Unavailable`
/// and `504 Gateway Timeout`.
///
/// Before each retry it waits what `Retry-After` says (seconds or an HTTP
/// date), else an exponential backoff with jitter: attempt *n* waits a random
/// time between half and all of `initial_backoff × 2ⁿ⁻¹`, capped at
/// `max_backoff`. A `Retry-After` longer than `max_retry_after` is not waited
/// for: the error is returned at once. The request body is sent again as it
/// was, with a `Retry-Attempt` header.
///
/// ```
/// use std::time::Duration;
/// use graphgen_runtime::RetryPolicy;
///
/// let policy = RetryPolicy::default()
///     .max_attempts(5)
///     .initial_backoff(Duration::from_millis(200));
/// assert_eq!(policy.attempts(), 5);
/// assert_eq!(RetryPolicy::none().attempts(), 1);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
}

impl Default for RetryPolicy {
    /// 3 attempts, backoff from 1 s up to 30 s, `Retry-After` honoured up to
    /// 180 s.
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(30),
            max_retry_after: Duration::from_secs(180),
        }
    }
}

impl RetryPolicy {
    /// One attempt, no retries.
    pub fn none() -> Self {
        Self::default().max_attempts(1)
    }

    /// Attempts in all, counting the first (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The backoff before the first retry when there is no `Retry-After`.
    pub fn initial_backoff(mut self, delay: Duration) -> Self {
        self.initial_backoff = delay;
        self
    }

    /// The longest backoff.
    pub fn max_backoff(mut self, delay: Duration) -> Self {
        self.max_backoff = delay;
        self
    }

    /// The longest `Retry-After` the client waits for.
    pub fn max_retry_after(mut self, delay: Duration) -> Self {
        self.max_retry_after = delay;
        self
    }

    /// Attempts in all.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// How long to wait before attempt `attempt + 1`, after attempt `attempt`
    /// (1-based) got `status` with `headers`; `None` when the response is final.
    pub(crate) fn delay(
        &self,
        attempt: u32,
        status: StatusCode,
        headers: &HeaderMap,
        now: SystemTime,
    ) -> Option<Duration> {
        if attempt >= self.max_attempts || !retryable(status) {
            return None;
        }
        match retry_after(headers, now) {
            Some(wait) if wait > self.max_retry_after => None,
            Some(wait) => Some(wait),
            None => Some(self.backoff(attempt)),
        }
    }

    /// The jittered exponential backoff after attempt `attempt`.
    fn backoff(&self, attempt: u32) -> Duration {
        let exp = self
            .initial_backoff
            .saturating_mul(1_u32 << (attempt - 1).min(20))
            .min(self.max_backoff);
        let half = exp / 2;
        half + half.mul_f64(fastrand::f64())
    }
}

/// The statuses worth retrying.
pub(crate) fn retryable(status: StatusCode) -> bool {
    matches!(
        status,
        StatusCode::TOO_MANY_REQUESTS
            | StatusCode::SERVICE_UNAVAILABLE
            | StatusCode::GATEWAY_TIMEOUT
    )
}

/// `Retry-After` as a delay from `now`: delta-seconds, or an HTTP date (a date
/// in the past means no wait). `None` when absent or unreadable.
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let text = headers
        .get(http::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(seconds) = text.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = httpdate::parse_http_date(text).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(retry_after: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(http::header::RETRY_AFTER, retry_after.parse().unwrap());
        h
    }

    #[test]
    fn retry_after_seconds_and_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
        assert_eq!(
            retry_after(&headers("7"), now),
            Some(Duration::from_secs(7))
        );
        assert_eq!(retry_after(&headers(" 0 "), now), Some(Duration::ZERO));
        let later = httpdate::fmt_http_date(now + Duration::from_secs(12));
        assert_eq!(
            retry_after(&headers(&later), now),
            Some(Duration::from_secs(12))
        );
        let earlier = httpdate::fmt_http_date(now - Duration::from_secs(12));
        assert_eq!(retry_after(&headers(&earlier), now), Some(Duration::ZERO));
        assert_eq!(retry_after(&headers("soon"), now), None);
        assert_eq!(retry_after(&HeaderMap::new(), now), None);
    }

    #[test]
    fn only_throttling_and_unavailability_are_retried() {
        let p = RetryPolicy::default();
        let now = SystemTime::now();
        let none = HeaderMap::new();
        for status in [429, 503, 504] {
            let s = StatusCode::from_u16(status).unwrap();
            assert!(p.delay(1, s, &none, now).is_some(), "{status}");
            assert!(
                p.delay(3, s, &none, now).is_none(),
                "{status} past the bound"
            );
        }
        for status in [400, 401, 404, 500, 502] {
            let s = StatusCode::from_u16(status).unwrap();
            assert!(p.delay(1, s, &none, now).is_none(), "{status}");
        }
    }

    #[test]
    fn retry_after_wins_over_backoff_unless_too_long() {
        let p = RetryPolicy::default().max_retry_after(Duration::from_secs(10));
        let now = SystemTime::now();
        let s = StatusCode::TOO_MANY_REQUESTS;
        assert_eq!(
            p.delay(1, s, &headers("4"), now),
            Some(Duration::from_secs(4))
        );
        assert_eq!(p.delay(1, s, &headers("11"), now), None);
    }

    #[test]
    fn backoff_grows_with_jitter_and_is_capped() {
        let p = RetryPolicy::default()
            .max_attempts(10)
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_millis(350));
        for _ in 0..50 {
            let first = p.backoff(1);
            assert!(first >= Duration::from_millis(50) && first <= Duration::from_millis(100));
            let second = p.backoff(2);
            assert!(second >= Duration::from_millis(100) && second <= Duration::from_millis(200));
            let capped = p.backoff(9);
            assert!(capped >= Duration::from_millis(175) && capped <= Duration::from_millis(350));
        }
    }
}
