//! The embedded store as a replica of the shared log (Redis mode): what a
//! transaction changed (row images, captured with SQLite's update hook),
//! where the replica is in the log, applying entries in log order, and the
//! whole state as images (the snapshot the log is compacted into).
//!
//! Replicas apply the same entries in the same order onto the same state,
//! so rowids agree everywhere and a row image (the whole row after the
//! transaction, or its absence) is enough to reproduce a change.

use std::sync::{Arc, Mutex};

use rusqlite::{
    Connection, OptionalExtension, Transaction, hooks::Action, params_from_iter, types::Value,
};
use serde::{Deserialize, Serialize};

use crate::business::{
    BackendError,
    embedded::schema::REPLICATED_TABLES,
    shared_log::{LogEntry, stream_id},
};

/// One row as a transaction left it: its columns, or `None` when deleted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RowImage {
    pub table: String,
    pub rowid: i64,
    pub columns: Option<Vec<(String, serde_json::Value)>>,
}

/// The rows touched while it is installed (tables of the log only).
pub type Touched = Arc<Mutex<Vec<(String, i64)>>>;

/// Installs the update hook that records touched rows.
pub fn watch(conn: &mut Connection) -> Result<Touched, BackendError> {
    let touched: Touched = Arc::default();
    let sink = touched.clone();
    conn.update_hook(Some(
        move |_: Action, _db: &str, table: &str, rowid: i64| {
            if REPLICATED_TABLES.contains(&table) {
                let mut rows = sink.lock().unwrap_or_else(|e| e.into_inner());
                if !rows.iter().any(|(t, r)| t == table && *r == rowid) {
                    rows.push((table.to_owned(), rowid));
                }
            }
        },
    ))?;
    Ok(touched)
}

pub fn unwatch(conn: &mut Connection) -> Result<(), BackendError> {
    conn.update_hook(None::<fn(Action, &str, &str, i64)>)?;
    Ok(())
}

/// The images of the touched rows, read inside the transaction.
pub fn images(conn: &Connection, touched: &Touched) -> Result<Vec<RowImage>, BackendError> {
    let rows = touched.lock().unwrap_or_else(|e| e.into_inner()).clone();
    let mut out = Vec::with_capacity(rows.len());
    for (table, rowid) in rows {
        // `table` is one of REPLICATED_TABLES (checked by the hook).
        let mut stmt =
            conn.prepare_cached(&format!("SELECT * FROM \"{table}\" WHERE rowid = ?1"))?;
        let names: Vec<String> = stmt.column_names().map(str::to_owned).collect();
        let columns = stmt
            .query_row([rowid], |r| {
                (0..names.len())
                    .map(|i| r.get::<_, Value>(i).map(|v| (names[i].clone(), to_json(v))))
                    .collect::<Result<Vec<_>, _>>()
            })
            .optional()?;
        out.push(RowImage {
            table,
            rowid,
            columns,
        });
    }
    Ok(out)
}

/// The last entry applied (`0-0` before the first).
pub fn position(conn: &Connection) -> Result<String, BackendError> {
    Ok(conn
        .prepare_cached("SELECT position FROM replica WHERE id = 1")?
        .query_row([], |r| r.get::<_, String>(0))
        .optional()?
        .unwrap_or_else(|| "0-0".to_owned()))
}

/// Every row of the replicated tables, as images: the whole shared state
/// (a snapshot of the log up to [`position`]).
pub fn dump(conn: &Connection) -> Result<Vec<RowImage>, BackendError> {
    let mut out = Vec::new();
    for table in REPLICATED_TABLES {
        let mut stmt = conn.prepare(&format!(
            "SELECT rowid AS \"__rowid\", * FROM \"{table}\" ORDER BY rowid"
        ))?;
        let names: Vec<String> = stmt.column_names().map(str::to_owned).collect();
        let rows = stmt.query_map([], |r| {
            let rowid: i64 = r.get(0)?;
            let columns = (1..names.len())
                .map(|i| r.get::<_, Value>(i).map(|v| (names[i].clone(), to_json(v))))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(RowImage {
                table: (*table).to_owned(),
                rowid,
                columns: Some(columns),
            })
        })?;
        for row in rows {
            out.push(row?);
        }
    }
    Ok(out)
}

/// Replaces the replicated tables with a snapshot taken at log entry `at`
/// (a replica that fell behind the trimmed part of the log, or a new one).
pub fn restore(tx: &Transaction<'_>, rows: &[RowImage], at: &str) -> Result<(), BackendError> {
    if stream_id(&position(tx)?) >= stream_id(at) {
        // A concurrent catch-up got here first: never move a replica back.
        return Ok(());
    }
    for table in REPLICATED_TABLES {
        tx.execute(&format!("DELETE FROM \"{table}\""), [])?;
    }
    for image in rows {
        apply_image(tx, image)?;
    }
    set_position(tx, at)
}

fn set_position(tx: &Transaction<'_>, at: &str) -> Result<(), BackendError> {
    tx.prepare_cached(
        "INSERT INTO replica (id, position) VALUES (1, ?1)
         ON CONFLICT(id) DO UPDATE SET position = excluded.position",
    )?
    .execute([at])?;
    Ok(())
}

/// Applies the entries after the current position, in order, and moves it
/// (entries a concurrent catch-up already applied are skipped).
pub fn apply(tx: &Transaction<'_>, entries: &[LogEntry]) -> Result<(), BackendError> {
    let mut at = stream_id(&position(tx)?);
    for entry in entries {
        let id = stream_id(&entry.id);
        if id <= at {
            continue;
        }
        for image in &entry.rows {
            apply_image(tx, image).map_err(|e| {
                BackendError::Shared(format!(
                    "shared log entry {} cannot be applied to this replica: {e} (was it \
                     written by a newer build?)",
                    entry.id
                ))
            })?;
        }
        set_position(tx, &entry.id)?;
        at = id;
    }
    Ok(())
}

fn apply_image(tx: &Transaction<'_>, image: &RowImage) -> Result<(), BackendError> {
    let table = image.table.as_str();
    if !REPLICATED_TABLES.contains(&table) {
        return Err(BackendError::Shared(format!(
            "log entry names table {table:?}, which is not replicated"
        )));
    }
    match &image.columns {
        None => {
            tx.prepare_cached(&format!("DELETE FROM \"{table}\" WHERE rowid = ?1"))?
                .execute([image.rowid])?;
        }
        Some(columns) => {
            let names: Vec<String> = columns
                .iter()
                .map(|(n, _)| format!("\"{}\"", n.replace('"', "")))
                .collect();
            let marks: Vec<String> = (1..=columns.len() + 1).map(|i| format!("?{i}")).collect();
            let sql = format!(
                "INSERT OR REPLACE INTO \"{table}\" (rowid, {}) VALUES ({})",
                names.join(", "),
                marks.join(", ")
            );
            let values = std::iter::once(Value::Integer(image.rowid))
                .chain(columns.iter().map(|(_, v)| from_json(v)));
            tx.prepare_cached(&sql)?.execute(params_from_iter(values))?;
        }
    }
    Ok(())
}

fn to_json(value: Value) -> serde_json::Value {
    match value {
        Value::Null => serde_json::Value::Null,
        Value::Integer(i) => i.into(),
        Value::Real(f) => {
            serde_json::Number::from_f64(f).map_or(serde_json::Value::Null, Into::into)
        }
        Value::Text(s) => s.into(),
        // The schema has no blobs; kept as a byte array all the same.
        Value::Blob(b) => b.into(),
    }
}

fn from_json(value: &serde_json::Value) -> Value {
    match value {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Integer(i64::from(*b)),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Real(n.as_f64().unwrap_or(0.0)),
        },
        serde_json::Value::String(s) => Value::Text(s.clone()),
        serde_json::Value::Array(items) => Value::Blob(
            items
                .iter()
                .filter_map(|i| i.as_u64())
                .map(|b| b as u8)
                .collect(),
        ),
        serde_json::Value::Object(_) => Value::Text(value.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_survive_the_trip_through_json() {
        for v in [
            Value::Null,
            Value::Integer(-7),
            Value::Real(2.5),
            Value::Text("Pizzas \"&\" sides".into()),
        ] {
            assert_eq!(from_json(&to_json(v.clone())), v);
        }
    }
}
