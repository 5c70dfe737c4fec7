//! SQLite storage. Every change runs in one immediate transaction that reads, checks the
//! rules and writes, so no state that breaks a rule is ever committed.

use rds_domain::small_map::SmallMap;
use std::path::Path;
use std::sync::Mutex;

use rds_domain::api::{ConnectionState, DataSource, SecretName, Settings, SourceList, SourcePatch, Status, World};
use rds_domain::catalog::Connection as Kind;
use rds_domain::rules::{self, Draft, Problem};
use rds_domain::{Region, SourceId};
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::clock::now_rfc3339;
use crate::config::WorldSeed;

const MIGRATIONS: [&str; 1] = ["
CREATE TABLE sources (
    id TEXT PRIMARY KEY,
    upload_enabled INTEGER NOT NULL DEFAULT 0,
    threat_detection_upload INTEGER NOT NULL DEFAULT 0,
    status_state TEXT NOT NULL DEFAULT 'notConnected',
    status_detail TEXT NOT NULL DEFAULT '',
    last_data_received_at TEXT,
    settings TEXT NOT NULL DEFAULT '{}',
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);
CREATE TABLE secrets (
    source_id TEXT NOT NULL REFERENCES sources(id),
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (source_id, name)
);
CREATE TABLE world (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    region TEXT NOT NULL DEFAULT 'us',
    internet_access_service_enabled INTEGER NOT NULL DEFAULT 0,
    cloud_app_security_connected INTEGER NOT NULL DEFAULT 0,
    can_edit INTEGER NOT NULL DEFAULT 1
);
INSERT INTO world (id) VALUES (1);
CREATE TABLE consents (
    token TEXT PRIMARY KEY,
    source_id TEXT NOT NULL REFERENCES sources(id),
    created_at TEXT NOT NULL
);
"];

#[derive(Debug)]
pub enum ChangeError {
    NotFound,
    ReadOnly,
    /// The caller's version is not the stored one; carries the stored source.
    Stale(Box<DataSource>),
    Invalid(Vec<Problem>),
    /// Turning off would strand these sources.
    Dependents(Vec<SourceId>),
    /// The change cannot happen in the source's present state.
    Conflict(String),
    Storage(String),
}

impl From<rusqlite::Error> for ChangeError {
    fn from(e: rusqlite::Error) -> Self {
        ChangeError::Storage(e.to_string())
    }
}

/// What the admin routes may change about a source.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StatusUpdate {
    pub state: Option<ConnectionState>,
    pub detail: Option<String>,
    pub last_data_received_at: Option<String>,
    pub updated_by: Option<String>,
}

pub struct Store {
    conn: Mutex<Connection>,
}

type Result<T, E = rusqlite::Error> = std::result::Result<T, E>;

impl Store {
    pub fn open(path: &Path, seed: &WorldSeed) -> Result<Store> {
        let mut conn = Connection::open(path)?;
        // WAL with FULL sync: an acknowledged write survives a kill -9 and a power cut.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        migrate(&mut conn)?;
        let tx = conn.transaction()?;
        let now = now_rfc3339();
        for id in SourceId::ALL {
            tx.execute(
                "INSERT OR IGNORE INTO sources (id, threat_detection_upload, updated_at, updated_by) VALUES (?1, 0, ?2, 'system')",
                params![id.as_str(), now],
            )?;
        }
        apply_world(&tx, seed)?;
        tx.commit()?;
        Ok(Store { conn: Mutex::new(conn) })
    }

    fn with<T>(&self, f: impl FnOnce(&mut Connection) -> T) -> T {
        let mut guard = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut guard)
    }

    pub fn list(&self) -> Result<SourceList> {
        self.with(|c| read_list(c))
    }

    pub fn get(&self, id: SourceId) -> Result<DataSource> {
        self.with(|c| read_source(c, id))
    }

    /// Applies `patch` if `version` is current and every rule holds.
    pub fn change(&self, id: SourceId, version: u64, mut patch: SourcePatch, user: &str) -> Result<DataSource, ChangeError> {
        self.with(|c| {
            let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let list = read_list(&tx)?;
            if !list.world.can_edit {
                return Err(ChangeError::ReadOnly);
            }
            let current = list.get(id).ok_or(ChangeError::NotFound)?.clone();
            if current.version != version {
                return Err(ChangeError::Stale(Box::new(current)));
            }
            rules::normalize(id, &mut patch);
            if patch.upload_enabled == Some(false) && patch.threat_detection_upload.is_none() && current.threat_detection_upload.is_some() {
                patch.threat_detection_upload = Some(false);
            }
            let draft = Draft::apply(&current, &patch);
            let problems = rules::errors(rules::check(&draft, &list));
            if !problems.is_empty() {
                return Err(ChangeError::Invalid(problems));
            }
            let now = now_rfc3339();
            if current.upload_enabled && !draft.upload_enabled {
                let stranded = rules::dependents_on(id, &list);
                if !stranded.is_empty() && !patch.turn_off_dependents {
                    return Err(ChangeError::Dependents(stranded));
                }
                for d in stranded {
                    let dep = list.get(d).expect("catalog source");
                    write_source(&tx, dep, false, Some(false), &dep.settings, user, &now)?;
                }
            }
            write_source(&tx, &current, draft.upload_enabled, current.threat_detection_upload.map(|_| draft.threat_detection_upload), &draft.settings, user, &now)?;
            for (name, value) in &patch.secrets {
                match value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
                    Some(v) => tx.execute(
                        "INSERT INTO secrets (source_id, name, value) VALUES (?1, ?2, ?3)
                         ON CONFLICT (source_id, name) DO UPDATE SET value = excluded.value",
                        params![id.as_str(), name.key(), v],
                    )?,
                    None => tx.execute("DELETE FROM secrets WHERE source_id = ?1 AND name = ?2", params![id.as_str(), name.key()])?,
                };
            }
            let saved = read_source(&tx, id)?;
            tx.commit()?;
            Ok(saved)
        })
    }

    /// Starts the admin consent flow of a Microsoft source; returns the one-time token.
    pub fn start_consent(&self, id: SourceId, token: &str) -> Result<DataSource, ChangeError> {
        if id.spec().connection != Kind::Consent {
            return Err(ChangeError::NotFound);
        }
        self.with(|c| {
            let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let current = read_source(&tx, id)?;
            if !read_world(&tx)?.can_edit {
                return Err(ChangeError::ReadOnly);
            }
            if !current.upload_enabled {
                return Err(ChangeError::Conflict(format!("Turn on Data upload permission for {} first.", id.name())));
            }
            tx.execute("DELETE FROM consents WHERE source_id = ?1", [id.as_str()])?;
            tx.execute(
                "INSERT INTO consents (token, source_id, created_at) VALUES (?1, ?2, ?3)",
                params![token, id.as_str(), now_rfc3339()],
            )?;
            set_status(&tx, id, ConnectionState::Pending, "Waiting for admin consent in the Microsoft sign-in window.")?;
            let saved = read_source(&tx, id)?;
            tx.commit()?;
            Ok(saved)
        })
    }

    /// The source a consent token was issued for, if it is still open.
    pub fn consent_source(&self, token: &str) -> Result<Option<SourceId>> {
        self.with(|c| {
            c.query_row("SELECT source_id FROM consents WHERE token = ?1", [token], |r| r.get::<_, String>(0))
                .optional()
                .map(|s| s.and_then(|s| SourceId::parse(&s)))
        })
    }

    /// Uses up a consent token and marks its source connected.
    pub fn approve_consent(&self, token: &str) -> Result<Option<SourceId>> {
        self.with(|c| {
            let tx = c.transaction()?;
            let id = tx
                .query_row("DELETE FROM consents WHERE token = ?1 RETURNING source_id", [token], |r| r.get::<_, String>(0))
                .optional()?
                .and_then(|s| SourceId::parse(&s));
            if let Some(id) = id {
                set_status(&tx, id, ConnectionState::Connected, "Admin consent granted; the data connection is enabled.")?;
            }
            tx.commit()?;
            Ok(id)
        })
    }

    pub fn set_world(&self, seed: &WorldSeed) -> Result<World> {
        self.with(|c| {
            let tx = c.transaction()?;
            apply_world(&tx, seed)?;
            let w = read_world(&tx)?;
            tx.commit()?;
            Ok(w)
        })
    }

    /// Sets what the data pipeline would report about a source. Bumps the version, since
    /// the representation changed.
    pub fn set_status(&self, id: SourceId, u: &StatusUpdate) -> Result<DataSource> {
        self.with(|c| {
            let tx = c.transaction()?;
            let cur = read_source(&tx, id)?;
            tx.execute(
                "UPDATE sources SET status_state = ?2, status_detail = ?3, last_data_received_at = ?4, updated_by = ?5, version = version + 1 WHERE id = ?1",
                params![
                    id.as_str(),
                    state_key(u.state.unwrap_or(cur.status.state)),
                    u.detail.clone().unwrap_or(cur.status.detail),
                    u.last_data_received_at.clone().or(cur.last_data_received_at),
                    u.updated_by.clone().unwrap_or(cur.updated_by),
                ],
            )?;
            let s = read_source(&tx, id)?;
            tx.commit()?;
            Ok(s)
        })
    }
}

const PREREQUISITE_LOST: &str = "A prerequisite is no longer met: ";

/// The console around a source can change under it (the Internet Access Service switched
/// off, say). A source that is on but whose prerequisites no longer hold shows an error
/// status naming what is missing, so risk analysis does not go blind unnoticed; it returns
/// to connected when they hold again.
fn flag_broken_prerequisites(tx: &Connection) -> Result<()> {
    let list = read_list(tx)?;
    for source in list.sources.iter().filter(|s| s.upload_enabled) {
        let draft = Draft::apply(source, &SourcePatch::default());
        let broken = rules::check(&draft, &list).into_iter().find(|p| p.blocks == rules::Blocks::Upload);
        match broken {
            Some(p) => set_status(tx, source.id, ConnectionState::Error, &format!("{PREREQUISITE_LOST}{} {}", p.message, p.fix))?,
            None if source.status.detail.starts_with(PREREQUISITE_LOST) => {
                set_status(tx, source.id, ConnectionState::Connected, "The prerequisites are met again.")?
            }
            None => {}
        }
    }
    Ok(())
}

/// Sets what `seed` carries, then re-checks the sources the change may have stranded.
fn apply_world(tx: &Connection, seed: &WorldSeed) -> Result<()> {
    if let Some(r) = seed.region {
        tx.execute("UPDATE world SET region = ?1", [r.code()])?;
    }
    for (col, v) in [
        ("internet_access_service_enabled", seed.internet_access_service_enabled),
        ("cloud_app_security_connected", seed.cloud_app_security_connected),
        ("can_edit", seed.can_edit),
    ] {
        if let Some(v) = v {
            tx.execute(&format!("UPDATE world SET {col} = ?1"), [v])?;
        }
    }
    flag_broken_prerequisites(tx)
}

fn migrate(conn: &mut Connection) -> Result<()> {
    let have: usize = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(have) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", i + 1)?;
        tx.commit()?;
    }
    Ok(())
}

/// The stored form of a state is its API name, so the two cannot drift apart.
fn state_key(s: ConnectionState) -> String {
    serde_json::to_value(s).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

fn parse_state(s: &str) -> ConnectionState {
    serde_json::from_value(serde_json::Value::from(s)).unwrap_or(ConnectionState::Error)
}

/// The status a source has right after its upload switch moves.
fn status_after_switch(id: SourceId, on: bool) -> (ConnectionState, &'static str) {
    match (on, id.spec().connection) {
        (false, _) => (ConnectionState::NotConnected, "Data upload permission is off."),
        (true, Kind::Consent) => (ConnectionState::Pending, "Follow the onscreen instructions to enable the data connection."),
        (true, _) => (ConnectionState::Connected, "Data upload permission is on."),
    }
}

fn write_source(
    tx: &Transaction,
    cur: &DataSource,
    upload: bool,
    threat_detection: Option<bool>,
    settings: &Settings,
    user: &str,
    now: &str,
) -> Result<()> {
    let settings_json = serde_json::to_string(settings).expect("settings serialise");
    tx.execute(
        "UPDATE sources SET upload_enabled = ?2, threat_detection_upload = ?3, settings = ?4,
         version = version + 1, updated_at = ?5, updated_by = ?6 WHERE id = ?1",
        params![cur.id.as_str(), upload, threat_detection.unwrap_or(false), settings_json, now, user],
    )?;
    if upload != cur.upload_enabled {
        let (state, detail) = status_after_switch(cur.id, upload);
        set_status(tx, cur.id, state, detail)?;
        if !upload {
            tx.execute("DELETE FROM consents WHERE source_id = ?1", [cur.id.as_str()])?;
        }
    }
    Ok(())
}

fn set_status(tx: &Connection, id: SourceId, state: ConnectionState, detail: &str) -> Result<()> {
    tx.execute(
        "UPDATE sources SET status_state = ?2, status_detail = ?3 WHERE id = ?1",
        params![id.as_str(), state_key(state), detail],
    )?;
    Ok(())
}

fn read_world(c: &Connection) -> Result<World> {
    let (region, ias, cas, can_edit): (String, bool, bool, bool) = c.query_row(
        "SELECT region, internet_access_service_enabled, cloud_app_security_connected, can_edit FROM world WHERE id = 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    let qualys_on: bool = c.query_row("SELECT upload_enabled FROM sources WHERE id = 'qualys'", [], |r| r.get(0))?;
    Ok(World {
        region: Region::parse(&region).unwrap_or(Region::Us),
        internet_access_service_enabled: ias,
        cloud_app_security_connected: cas,
        vulnerability_source: if qualys_on { SourceId::Qualys } else { SourceId::EndpointSensor },
        can_edit,
    })
}

const SOURCE_COLUMNS: &str = "id, upload_enabled, threat_detection_upload, status_state, status_detail,
    last_data_received_at, settings, version, updated_at, updated_by";

fn row_to_source(r: &rusqlite::Row, secrets: &[(String, String)]) -> Result<Option<DataSource>> {
    let Some(id) = SourceId::parse(&r.get::<_, String>(0)?) else { return Ok(None) };
    let settings: String = r.get(6)?;
    let secrets_set: SmallMap<SecretName, bool> = SecretName::of(id)
        .iter()
        .map(|&n| (n, secrets.iter().any(|(s, name)| s == id.as_str() && name == n.key())))
        .collect();
    Ok(Some(DataSource {
        id,
        upload_enabled: r.get(1)?,
        threat_detection_upload: (id == SourceId::Office365).then_some(r.get(2)?),
        status: Status { state: parse_state(&r.get::<_, String>(3)?), detail: r.get(4)? },
        last_data_received_at: r.get(5)?,
        settings: serde_json::from_str(&settings).unwrap_or_default(),
        secrets_set,
        version: r.get::<_, i64>(7)? as u64,
        updated_at: r.get(8)?,
        updated_by: r.get(9)?,
    }))
}

/// (source id, secret name) of every stored secret; the values are never read here.
fn secret_names(c: &Connection) -> Result<Vec<(String, String)>> {
    let mut st = c.prepare_cached("SELECT source_id, name FROM secrets")?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

fn read_list(c: &Connection) -> Result<SourceList> {
    let secrets = secret_names(c)?;
    let mut st = c.prepare_cached(&format!("SELECT {SOURCE_COLUMNS} FROM sources"))?;
    let mut rows = st.query([])?;
    let mut sources = Vec::new();
    while let Some(r) = rows.next()? {
        sources.extend(row_to_source(r, &secrets)?);
    }
    sources.sort_by_key(|s| SourceId::ALL.iter().position(|i| *i == s.id));
    Ok(SourceList { world: read_world(c)?, sources })
}

fn read_source(c: &Connection, id: SourceId) -> Result<DataSource> {
    let secrets = secret_names(c)?;
    c.query_row(&format!("SELECT {SOURCE_COLUMNS} FROM sources WHERE id = ?1"), [id.as_str()], |r| {
        row_to_source(r, &secrets)?.ok_or(rusqlite::Error::QueryReturnedNoRows)
    })
}
