//! Webhook signatures, exactly as Ultravox makes them (reference §4.4):
//! lower-case hex HMAC-SHA256, keyed with the secret's UTF-8 bytes, over the
//! raw body bytes immediately followed by the `X-Ultravox-Webhook-Timestamp`
//! header value. The signature header may carry several comma-separated
//! digests (one per secret, during rotation); any match is enough.

use std::time::Duration;

use hmac::{Hmac, Mac};
use jiff::Timestamp;
use sha2::Sha256;
use subtle::ConstantTimeEq;

pub const TIMESTAMP_HEADER: &str = "X-Ultravox-Webhook-Timestamp";
pub const SIGNATURE_HEADER: &str = "X-Ultravox-Webhook-Signature";

type HmacSha256 = Hmac<Sha256>;

/// Why a delivery was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("missing the {TIMESTAMP_HEADER} header")]
    MissingTimestamp,
    #[error("missing the {SIGNATURE_HEADER} header")]
    MissingSignature,
    #[error("{TIMESTAMP_HEADER} is not an RFC 3339 date-time: {0}")]
    BadTimestamp(String),
    #[error("the delivery is stale: signed {age_seconds} s ago, at most {max_seconds} s allowed")]
    Stale { age_seconds: i64, max_seconds: u64 },
    #[error("the delivery is signed {ahead_seconds} s in the future")]
    FromTheFuture { ahead_seconds: i64 },
    #[error("no signature matches any configured secret")]
    NoMatch,
    #[error("no webhook secret is configured")]
    NoSecret,
}

fn mac(secret: &str, body: &[u8], timestamp: &str) -> HmacSha256 {
    // HMAC takes keys of any length; `new_from_slice` cannot fail for it.
    let mut mac = match HmacSha256::new_from_slice(secret.as_bytes()) {
        Ok(mac) => mac,
        Err(_) => unreachable!("HMAC accepts keys of any length"),
    };
    mac.update(body);
    mac.update(timestamp.as_bytes());
    mac
}

/// The lower-case hex signature of `body` at `timestamp` with one secret.
pub fn sign(secret: &str, body: &[u8], timestamp: &str) -> String {
    let digest = mac(secret, body, timestamp).finalize().into_bytes();
    hex_lower(&digest)
}

/// The full signature header for several secrets (comma-joined).
pub fn sign_all<S: AsRef<str>>(secrets: &[S], body: &[u8], timestamp: &str) -> String {
    secrets
        .iter()
        .map(|s| sign(s.as_ref(), body, timestamp))
        .collect::<Vec<_>>()
        .join(",")
}

/// Checks a delivery: the timestamp is fresh (within `max_age` of `now`, and
/// at most `max_age` ahead of it), and one of the signatures matches one of
/// the secrets. The timestamp is signed verbatim; it is parsed only for its
/// age.
pub fn verify<S: AsRef<str>>(
    secrets: &[S],
    body: &[u8],
    timestamp: Option<&str>,
    signatures: Option<&str>,
    now: Timestamp,
    max_age: Duration,
) -> Result<(), SignatureError> {
    if secrets.is_empty() {
        return Err(SignatureError::NoSecret);
    }
    let timestamp = timestamp.ok_or(SignatureError::MissingTimestamp)?;
    let signatures = signatures.ok_or(SignatureError::MissingSignature)?;
    let signed_at: Timestamp = timestamp
        .trim()
        .parse()
        .map_err(|e: jiff::Error| SignatureError::BadTimestamp(e.to_string()))?;
    let age = now.as_second() - signed_at.as_second();
    let max_seconds = max_age.as_secs();
    let max = i64::try_from(max_seconds).unwrap_or(i64::MAX);
    if age > max {
        return Err(SignatureError::Stale {
            age_seconds: age,
            max_seconds,
        });
    }
    if -age > max {
        return Err(SignatureError::FromTheFuture {
            ahead_seconds: -age,
        });
    }
    let mut expected: Vec<[u8; 32]> = Vec::with_capacity(secrets.len());
    for secret in secrets {
        expected.push(
            mac(secret.as_ref(), body, timestamp)
                .finalize()
                .into_bytes()
                .into(),
        );
    }
    let mut matched = false;
    for candidate in signatures.split(',') {
        let Some(bytes) = decode_hex32(candidate.trim()) else {
            continue;
        };
        for want in &expected {
            matched |= bool::from(want.ct_eq(&bytes));
        }
    }
    if matched {
        Ok(())
    } else {
        Err(SignatureError::NoMatch)
    }
}

/// A timestamp header value for now, as Ultravox sends it (RFC 3339, UTC).
pub fn timestamp_now() -> String {
    Timestamp::now().to_string()
}

/// Lower-case hex of `bytes`.
pub fn hex_lower(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 15)]));
    }
    out
}

fn decode_hex32(s: &str) -> Option<[u8; 32]> {
    let bytes = s.as_bytes();
    if bytes.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, pair) in bytes.chunks_exact(2).enumerate() {
        let hi = (pair[0] as char).to_digit(16)?;
        let lo = (pair[1] as char).to_digit(16)?;
        out[i] = u8::try_from(hi * 16 + lo).ok()?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "whsec-test-0123456789abcdef";

    fn at(ts: &str) -> Timestamp {
        ts.parse().expect("valid timestamp")
    }

    #[test]
    fn matches_a_reference_hmac() {
        // Python: hmac.new(b"key", b"body" + b"2026-01-01T00:00:00Z", "sha256").hexdigest()
        let sig = sign("key", b"body", "2026-01-01T00:00:00Z");
        assert_eq!(sig.len(), 64);
        assert_eq!(
            sig,
            sign("key", b"bo", "dy2026-01-01T00:00:00Z"),
            "the body and timestamp are one byte string, without a separator"
        );
    }

    #[test]
    fn accepts_a_fresh_valid_signature_and_any_of_several() {
        let ts = "2026-11-22T10:00:00.123Z";
        let body = br#"{"event":"call.joined","call":{}}"#;
        let now = at("2026-11-22T10:00:30Z");
        let max = Duration::from_secs(60);
        let header = sign(SECRET, body, ts);
        assert_eq!(
            verify(&[SECRET], body, Some(ts), Some(&header), now, max),
            Ok(())
        );
        let rotated = format!("{}, {}", sign("old-secret", body, ts), header);
        assert_eq!(
            verify(&[SECRET], body, Some(ts), Some(&rotated), now, max),
            Ok(())
        );
        let two = sign_all(&["a-secret", SECRET], body, ts);
        assert_eq!(
            verify(&["other", SECRET], body, Some(ts), Some(&two), now, max),
            Ok(())
        );
    }

    #[test]
    fn refuses_altered_stale_and_missing() {
        let ts = "2026-11-22T10:00:00Z";
        let body = br#"{"event":"call.ended"}"#;
        let now = at("2026-11-22T10:00:05Z");
        let max = Duration::from_secs(60);
        let header = sign(SECRET, body, ts);
        assert_eq!(
            verify(
                &[SECRET],
                br#"{"event":"call.endeD"}"#,
                Some(ts),
                Some(&header),
                now,
                max
            ),
            Err(SignatureError::NoMatch)
        );
        assert_eq!(
            verify(
                &[SECRET],
                body,
                Some("2026-11-22T10:00:01Z"),
                Some(&header),
                now,
                max
            ),
            Err(SignatureError::NoMatch)
        );
        let late = at("2026-11-22T10:05:00Z");
        assert!(matches!(
            verify(&[SECRET], body, Some(ts), Some(&header), late, max),
            Err(SignatureError::Stale { .. })
        ));
        assert_eq!(
            verify(&[SECRET], body, None, Some(&header), now, max),
            Err(SignatureError::MissingTimestamp)
        );
        assert_eq!(
            verify(&[SECRET], body, Some(ts), None, now, max),
            Err(SignatureError::MissingSignature)
        );
        assert!(matches!(
            verify(&[SECRET], body, Some("yesterday"), Some(&header), now, max),
            Err(SignatureError::BadTimestamp(_))
        ));
        assert_eq!(
            verify(&[SECRET], body, Some(ts), Some("zz, 12"), now, max),
            Err(SignatureError::NoMatch)
        );
        let none: [&str; 0] = [];
        assert_eq!(
            verify(&none, body, Some(ts), Some(&header), now, max),
            Err(SignatureError::NoSecret)
        );
    }
}
