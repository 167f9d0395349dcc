//! Cursor pagination as Ultravox's lists do it (reference §1.2): `cursor`
//! and `pageSize` in, `{next, previous, results, total}` out, with `next`
//! and `previous` as absolute URLs that keep the other query parameters.
//!
//! The cursor is opaque to clients (hex of `o=<offset>`); a cursor that
//! does not decode is a 404 `Invalid cursor`, as in DRF.

use std::collections::BTreeMap;

use serde_json::{Value, json};
use url::Url;

use crate::api::ApiError;

const MAX_PAGE_SIZE: usize = 1000;

/// One page of `items`, for the list at `url` (no query).
pub fn page(
    items: Vec<Value>,
    query: &BTreeMap<String, String>,
    default_size: u32,
    url: Url,
) -> Result<Value, ApiError> {
    let offset = match query.get("cursor") {
        Some(c) => decode(c).ok_or(ApiError::BadCursor)?,
        None => 0,
    };
    let size = query
        .get("pageSize")
        .and_then(|s| s.parse::<usize>().ok())
        .unwrap_or(usize::try_from(default_size).unwrap_or(5))
        .clamp(1, MAX_PAGE_SIZE);
    let total = items.len();
    let end = offset.saturating_add(size).min(total);
    let results: Vec<Value> = items
        .into_iter()
        .skip(offset)
        .take(end.saturating_sub(offset))
        .collect();
    let next = (end < total).then(|| link(&url, query, Some(end)));
    let previous = (offset > 0).then(|| {
        let back = offset.saturating_sub(size);
        link(&url, query, (back > 0).then_some(back))
    });
    Ok(json!({"next": next, "previous": previous, "results": results, "total": total}))
}

fn link(url: &Url, query: &BTreeMap<String, String>, offset: Option<usize>) -> String {
    let mut url = url.clone();
    {
        let mut pairs = url.query_pairs_mut();
        pairs.clear();
        for (k, v) in query {
            if k != "cursor" {
                pairs.append_pair(k, v);
            }
        }
        if let Some(o) = offset {
            pairs.append_pair("cursor", &encode(o));
        }
    }
    if url.query() == Some("") {
        url.set_query(None);
    }
    url.to_string()
}

fn encode(offset: usize) -> String {
    format!("o={offset}")
        .bytes()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn decode(cursor: &str) -> Option<usize> {
    if !cursor.len().is_multiple_of(2) || !cursor.is_ascii() {
        return None;
    }
    let bytes: Option<Vec<u8>> = (0..cursor.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(cursor.get(i..i + 2)?, 16).ok())
        .collect();
    let text = String::from_utf8(bytes?).ok()?;
    text.strip_prefix("o=")?.parse().ok()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn pages_follow_next_until_the_end() {
        let items: Vec<Value> = (0..7).map(|i| json!(i)).collect();
        let url = Url::parse("http://h.test/p/api/calls/x/messages").unwrap();
        let mut query = BTreeMap::from([("mode".to_owned(), "in_call".to_owned())]);
        let first = page(items.clone(), &query, 3, url.clone()).unwrap();
        assert_eq!(first["results"], json!([0, 1, 2]));
        assert_eq!(first["total"], 7);
        assert!(first["previous"].is_null());
        let next = Url::parse(first["next"].as_str().unwrap()).unwrap();
        assert_eq!(next.path(), "/p/api/calls/x/messages");
        let cursor = next
            .query_pairs()
            .find(|(k, _)| k == "cursor")
            .unwrap()
            .1
            .to_string();
        query.insert("cursor".into(), cursor);
        let second = page(items.clone(), &query, 3, url.clone()).unwrap();
        assert_eq!(second["results"], json!([3, 4, 5]));
        assert!(
            second["previous"]
                .as_str()
                .unwrap()
                .contains("mode=in_call")
        );
        query.insert("cursor".into(), "zz".into());
        assert!(matches!(
            page(items, &query, 3, url),
            Err(ApiError::BadCursor)
        ));
    }
}
