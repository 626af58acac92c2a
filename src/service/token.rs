//! Page tokens for the lists (connections, a resource's tags): where the next page starts (the keyset position), signed with the
//! database's own secret and bound to the query that produced them, so that a token from another
//! query, a forged one or a mangled one is refused rather than trusted.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::domain::{PageKey, Timestamp};

const MAC_BYTES: usize = 16;

fn mac(secret: &[u8], query: &str, payload: &str) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes a key of any length");
    mac.update(query.as_bytes());
    mac.update(&[0]);
    mac.update(payload.as_bytes());
    mac.finalize().into_bytes()[..MAC_BYTES].to_vec()
}

/// Standard base64, which the model's token pattern `^[A-Za-z0-9+=/]+$` admits.
pub fn encode(secret: &[u8], query: &str, key: &PageKey) -> String {
    sign(
        secret,
        query,
        &format!("{}:{}", key.requested_at.millis(), key.id),
    )
}

/// The position a token stands for, if this database made it for this very query.
pub fn decode(secret: &[u8], query: &str, token: &str) -> Option<PageKey> {
    let payload = verify(secret, query, token)?;
    let (millis, id) = payload.split_once(':')?;
    Some(PageKey {
        requested_at: Timestamp::from_millis(millis.parse().ok()?),
        id: id.to_string(),
    })
}

/// A token for any position written as text (a tag list's last key), signed for `query`.
pub fn sign(secret: &[u8], query: &str, payload: &str) -> String {
    let mut bytes = payload.as_bytes().to_vec();
    bytes.push(b'.');
    bytes.extend(mac(secret, query, payload));
    STANDARD.encode(bytes)
}

/// The text a token made by `sign` for this very query carries; `None` for any other token.
pub fn verify(secret: &[u8], query: &str, token: &str) -> Option<String> {
    let bytes = STANDARD.decode(token).ok()?;
    let split = bytes.len().checked_sub(MAC_BYTES + 1)?;
    let (payload, tail) = bytes.split_at(split);
    if tail[0] != b'.' {
        return None;
    }
    let payload = std::str::from_utf8(payload).ok()?;
    let expected = mac(secret, query, payload);
    // Compared in constant time, as a signature should be.
    let differs = expected
        .iter()
        .zip(&tail[1..])
        .fold(0u8, |acc, (a, b)| acc | (a ^ b));
    if differs != 0 {
        return None;
    }
    Some(payload.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> PageKey {
        PageKey {
            requested_at: Timestamp::from_millis(1_619_651_630_847),
            id: "abcdef01234567890".into(),
        }
    }

    #[test]
    fn a_token_reads_back_for_its_own_query_only() {
        let token = encode(b"secret", "q1", &key());
        assert!(token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+=/".contains(&b)));
        assert_eq!(decode(b"secret", "q1", &token), Some(key()));
        assert_eq!(decode(b"secret", "q2", &token), None);
        assert_eq!(decode(b"other secret", "q1", &token), None);
    }

    #[test]
    fn forged_and_mangled_tokens_are_refused() {
        let token = encode(b"secret", "q1", &key());
        let forged = STANDARD.encode(b"0:abcdef01234567890.0123456789abcdef");
        for bad in [
            forged.as_str(),
            "",
            "x",
            "!!!",
            "b2Zmc2V0OjI=",
            &token[..token.len() - 4],
        ] {
            assert_eq!(decode(b"secret", "q1", bad), None, "{bad:?}");
        }
    }

    use proptest::prelude::*;

    proptest! {
        /// Any text, and any bytes in base64, is refused or read: never a panic.
        #[test]
        fn any_token_is_refused_or_read_without_a_panic(text in ".{0,64}", bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            let _ = decode(b"secret", "query", &text);
            let _ = decode(b"secret", "query", &STANDARD.encode(&bytes));
        }

        /// Any text signed reads back, for its own query only.
        #[test]
        fn signed_text_round_trips_for_its_query_only(payload in ".{0,40}", query in ".{0,20}") {
            let token = sign(b"secret", &query, &payload);
            prop_assert_eq!(verify(b"secret", &query, &token), Some(payload));
            prop_assert_eq!(verify(b"secret", &format!("{query}x"), &token), None);
        }

        /// A token reads back as the key it was made from, for its own query only.
        #[test]
        fn tokens_round_trip_for_their_query_only(millis in any::<i64>(), id in "[0-9a-f:-]{0,36}", query in ".{0,20}") {
            let key = PageKey { requested_at: Timestamp::from_millis(millis), id };
            let token = encode(b"secret", &query, &key);
            prop_assert_eq!(decode(b"secret", &query, &token), Some(key));
            prop_assert_eq!(decode(b"secret", &format!("{query}x"), &token), None);
            prop_assert_eq!(decode(b"other", &query, &token), None);
        }
    }
}
