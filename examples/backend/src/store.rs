//! The consent log: an append-only SQLite table, and its export as JSON or CSV.
//!
//! Append-only is the database's rule, not only this code's: triggers abort any `UPDATE` or
//! `DELETE`, so a record, once acknowledged, stays as received (docs/adr/011-consent-log-sqlite.md).
//! SQLite calls block, so they run on tokio's blocking threads, one connection behind a mutex.

use std::path::Path;
use std::sync::{Arc, Mutex};

use rusqlite::{params, Connection};
use serde_json::{json, Map, Value};

use crate::beacon::Record;

const SCHEMA: &str = "
PRAGMA journal_mode = WAL;
CREATE TABLE IF NOT EXISTS consent_log (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    received   INTEGER NOT NULL,
    consent_id TEXT    NOT NULL,
    revision   INTEGER NOT NULL,
    first      INTEGER NOT NULL,
    last       INTEGER NOT NULL,
    language   TEXT    NOT NULL,
    browser    TEXT    NOT NULL,
    choices    TEXT    NOT NULL,
    gpc        INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX IF NOT EXISTS consent_log_by_id ON consent_log (consent_id, seq);
CREATE INDEX IF NOT EXISTS consent_log_by_time ON consent_log (received);
CREATE TRIGGER IF NOT EXISTS consent_log_no_update BEFORE UPDATE ON consent_log
    BEGIN SELECT RAISE(ABORT, 'consent_log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS consent_log_no_delete BEFORE DELETE ON consent_log
    BEGIN SELECT RAISE(ABORT, 'consent_log is append-only'); END;
";

/// Which records to export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// Every record of one consent id, oldest first.
    Consent(String),
    /// Every record received in `from..to` (Unix seconds), oldest first.
    Period { from: u64, to: u64 },
}

/// A stored record and when it arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Order of arrival.
    pub seq: i64,
    /// Unix time the server received it.
    pub received: u64,
    /// The record as validated.
    pub record: Record,
}

/// The database, shared by the handlers.
#[derive(Clone)]
pub struct Store(Arc<Mutex<Connection>>);

/// A database error, or a blocking task that did not finish.
pub type Error = String;

impl Store {
    /// Opens (creating if needed) the database file at `path`.
    pub fn open(path: &Path) -> Result<Store, rusqlite::Error> {
        let connection = Connection::open(path)?;
        connection.execute_batch(SCHEMA)?;
        // A log created before the column existed gets it (ADR 016); its rows read "no signal".
        let has_gpc: bool = connection.query_row("SELECT COUNT(*) FROM pragma_table_info('consent_log') WHERE name = 'gpc'", [], |r| r.get(0))?;
        if !has_gpc {
            connection.execute_batch("ALTER TABLE consent_log ADD COLUMN gpc INTEGER NOT NULL DEFAULT 0")?;
        }
        Ok(Store(Arc::new(Mutex::new(connection))))
    }

    async fn run<T: Send + 'static>(&self, job: impl FnOnce(&Connection) -> rusqlite::Result<T> + Send + 'static) -> Result<T, Error> {
        let shared = Arc::clone(&self.0);
        let done = tokio::task::spawn_blocking(move || {
            let connection = shared.lock().map_err(|_| "the database lock is poisoned".to_string())?;
            job(&connection).map_err(|e| e.to_string())
        });
        done.await.map_err(|e| e.to_string())?
    }

    /// Appends `record`, received at `now`.
    pub async fn append(&self, record: Record, now: u64) -> Result<(), Error> {
        self.run(move |db| {
            db.execute(
                "INSERT INTO consent_log (received, consent_id, revision, first, last, language, browser, choices, gpc)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![signed(now), record.id, record.revision, signed(record.first), signed(record.last), record.language, record.browser, choices_text(&record.choices), record.gpc],
            )
            .map(drop)
        })
        .await
    }

    /// The records of `selection`, oldest first.
    pub async fn select(&self, selection: Selection) -> Result<Vec<Row>, Error> {
        self.run(move |db| {
            let columns = "seq, received, consent_id, revision, first, last, language, browser, choices, gpc";
            let (mut statement, bound): (_, Vec<Box<dyn rusqlite::ToSql>>) = match selection {
                Selection::Consent(id) => (
                    db.prepare(&format!("SELECT {columns} FROM consent_log WHERE consent_id = ?1 ORDER BY seq"))?,
                    vec![Box::new(id)],
                ),
                Selection::Period { from, to } => (
                    db.prepare(&format!("SELECT {columns} FROM consent_log WHERE received >= ?1 AND received < ?2 ORDER BY seq"))?,
                    vec![Box::new(signed(from)), Box::new(signed(to))],
                ),
            };
            let rows = statement.query_map(rusqlite::params_from_iter(bound.iter()), |row| {
                let choices: String = row.get(8)?;
                Ok(Row {
                    seq: row.get(0)?,
                    received: unsigned(row.get(1)?),
                    record: Record {
                        id: row.get(2)?,
                        revision: row.get(3)?,
                        first: unsigned(row.get(4)?),
                        last: unsigned(row.get(5)?),
                        language: row.get(6)?,
                        browser: row.get(7)?,
                        gpc: row.get(9)?,
                        choices: parse_choices(&choices),
                    },
                })
            })?;
            rows.collect()
        })
        .await
    }
}

/// SQLite integers are signed; Unix times fit, and a larger bound means "no end".
fn signed(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn unsigned(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

/// `name=1|name=0`, the cookie's grammar: the record's order kept, no JSON inside a column.
fn choices_text(choices: &[(String, bool)]) -> String {
    let list: Vec<String> = choices.iter().map(|(name, granted)| format!("{name}={}", u8::from(*granted))).collect();
    list.join("|")
}

fn parse_choices(text: &str) -> Vec<(String, bool)> {
    text.split('|').filter_map(|pair| pair.split_once('=')).map(|(name, granted)| (name.to_owned(), granted == "1")).collect()
}

fn row_json(row: &Row) -> Value {
    let r = &row.record;
    let choices: Map<String, Value> = r.choices.iter().map(|(name, granted)| (name.clone(), Value::Bool(*granted))).collect();
    json!({
        "seq": row.seq, "received": row.received, "id": r.id, "revision": r.revision, "first": r.first,
        "last": r.last, "language": r.language, "browser": r.browser, "gpc": r.gpc, "choices": choices,
    })
}

/// The rows as a JSON array of records, each with `seq` and `received`.
pub fn to_json(rows: &[Row]) -> String {
    Value::Array(rows.iter().map(row_json).collect()).to_string()
}

/// The rows as CSV (RFC 4180): one line per record, `choices` as `name=1|name=0`.
pub fn to_csv(rows: &[Row]) -> String {
    let mut out = String::from("seq,received,id,revision,first,last,language,browser,choices,gpc\r\n");
    for row in rows {
        let r = &row.record;
        let fields = [
            row.seq.to_string(),
            row.received.to_string(),
            r.id.clone(),
            r.revision.to_string(),
            r.first.to_string(),
            r.last.to_string(),
            r.language.clone(),
            r.browser.clone(),
            choices_text(&r.choices),
            r.gpc.to_string(),
        ];
        let quoted: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&quoted.join(","));
        out.push_str("\r\n");
    }
    out
}

/// Quotes a field when it needs it (every stored field comes from a closed alphabet, so this
/// is defence in depth).
fn csv_field(field: &str) -> String {
    if field.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}
