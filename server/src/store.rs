//! SQLite storage. Every change runs in one immediate transaction that reads, checks the
//! rules and writes, so no state that breaks a rule is ever committed. A connection's
//! settings and secondary switches are JSON objects in its row; what they may hold is its
//! definition's business.

use std::path::Path;
use std::sync::{Arc, Mutex};

use rds_domain::api::{ConnectionState, DataSource, NewSource, SourceList, SourcePatch, Status, World};
use rds_domain::definition::ConnectionKind;
use rds_domain::if_match::IfMatch;
use rds_domain::rules::{self, Context, Draft, Problem};
use rds_domain::small_map::SmallMap;
use rds_domain::{Bundle, Catalog, Region, Settings};
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::clock::now_rfc3339;
use crate::config::WorldSeed;
use crate::secret_box::SecretBox;

const MIGRATIONS: [&str; 5] = [
    "
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
",
    // Sources as data: a connection names its type, its secondary switches are a JSON
    // object, and the console's facts are rows rather than columns.
    "
ALTER TABLE sources ADD COLUMN type TEXT NOT NULL DEFAULT '';
UPDATE sources SET type = id;
ALTER TABLE sources ADD COLUMN switches TEXT NOT NULL DEFAULT '{}';
UPDATE sources SET switches = '{\"threatDetectionUpload\":true}' WHERE id = 'office-365' AND threat_detection_upload = 1;
ALTER TABLE sources DROP COLUMN threat_detection_upload;
CREATE TABLE facts (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
INSERT INTO facts (name, value) SELECT 'internetAccessServiceEnabled', internet_access_service_enabled FROM world;
INSERT INTO facts (name, value) SELECT 'cloudAppSecurityConnected', cloud_app_security_connected FROM world;
ALTER TABLE world DROP COLUMN internet_access_service_enabled;
ALTER TABLE world DROP COLUMN cloud_app_security_connected;
",
    // Secrets at rest are sealed (secret_box.rs); this row proves the key at start-up.
    "
CREATE TABLE key_check (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    sealed TEXT NOT NULL
);
",
    // The status details the server writes are kept as the keys of their words, and read
    // out in the language asked for.
    "
UPDATE sources SET status_detail = 'status.uploadOff' WHERE status_detail = 'Data upload permission is off.';
UPDATE sources SET status_detail = 'status.uploadOn' WHERE status_detail = 'Data upload permission is on.';
UPDATE sources SET status_detail = 'status.onscreenSteps' WHERE status_detail = 'Follow the onscreen instructions to enable the data connection.';
UPDATE sources SET status_detail = 'status.consentPending' WHERE status_detail = 'Waiting for admin consent in the Microsoft sign-in window.';
UPDATE sources SET status_detail = 'status.consentGranted' WHERE status_detail = 'Admin consent granted; the data connection is enabled.';
UPDATE sources SET status_detail = 'status.prerequisitesMet' WHERE status_detail = 'The prerequisites are met again.';
UPDATE sources SET status_detail = 'status.prerequisiteLost' WHERE status_detail LIKE 'A prerequisite is no longer met: %';
",
    // Several connections of one type: each one added beside the first has a name, and the
    // order it was added in.
    "
ALTER TABLE sources ADD COLUMN name TEXT;
ALTER TABLE sources ADD COLUMN added INTEGER NOT NULL DEFAULT 0;
",
];

/// What the key check row holds, sealed.
const KEY_CHECK: &str = "risk-data-sources key check";

#[derive(Debug)]
pub enum ChangeError {
    NotFound,
    ReadOnly,
    /// The caller's version is not the stored one; carries the stored source.
    Stale(Box<DataSource>),
    Invalid(Vec<Problem>),
    /// Turning off would strand these connections.
    Dependents(Vec<String>),
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
    catalog: Arc<Catalog>,
    words: Bundle,
    secrets: SecretBox,
    /// Held while the store is open, so a key rotation cannot run beside the server.
    _lock: std::fs::File,
}

/// Why the store did not open.
#[derive(Debug)]
pub enum OpenError {
    Storage(rusqlite::Error),
    /// The secret key is missing, unreadable or not the one the secrets were sealed with.
    Key(String),
}

impl OpenError {
    /// What to tell whoever starts the server about the database at `db`.
    pub fn message(self, db: &Path) -> String {
        match self {
            OpenError::Key(why) => why,
            OpenError::Storage(e) => format!("cannot open {}: {e}", db.display()),
        }
    }
}

impl From<rusqlite::Error> for OpenError {
    fn from(e: rusqlite::Error) -> Self {
        OpenError::Storage(e)
    }
}

type Result<T, E = rusqlite::Error> = std::result::Result<T, E>;

impl Store {
    /// Opens (and migrates) the database, and makes one connection of every type in
    /// `catalog` that has none, with the type's id. Secrets are sealed with the key in
    /// `key_file`, which is made on the first start and must be the same on every later one;
    /// secrets an earlier release stored plain are sealed.
    pub fn open(path: &Path, key_file: &Path, seed: &WorldSeed, catalog: Arc<Catalog>, words: Bundle) -> Result<Store, OpenError> {
        let lock = lock_database(path, std::time::Duration::from_secs(5))?;
        let mut conn = open_connection(path)?;
        // The key is read and proved before anything is written, so a wrong one changes nothing.
        let secrets = key_for(&conn, key_file)?;
        migrate(&mut conn)?;
        seal_plain_secrets(&mut conn, &secrets)?;
        let store = Store { conn: Mutex::new(conn), catalog, words, secrets, _lock: lock };
        store.with(|c| {
            let tx = c.transaction()?;
            let now = now_rfc3339();
            for d in store.catalog.definitions() {
                let has_one: bool = tx.query_row("SELECT EXISTS (SELECT 1 FROM sources WHERE type = ?1)", [&d.id], |r| r.get(0))?;
                if !has_one {
                    tx.execute(
                        "INSERT INTO sources (id, type, updated_at, updated_by) VALUES (?1, ?1, ?2, 'system')",
                        params![d.id, now],
                    )?;
                }
            }
            store.apply_world(&tx, seed)?;
            tx.commit()
        })?;
        Ok(store)
    }

    fn with<T>(&self, f: impl FnOnce(&mut Connection) -> T) -> T {
        let mut guard = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut guard)
    }

    fn ctx<'a>(&'a self, list: &'a SourceList) -> Context<'a> {
        Context { catalog: &self.catalog, list, words: &self.words, locale: rds_domain::text::DEFAULT_LOCALE }
    }

    /// `sources` with the status details the server wrote put into `words`' language
    /// (`locale`); a detail written by someone else (the admin route) stays as it came. A
    /// prerequisite that no longer holds is named as the rules name it now, against `list`.
    pub fn localized(&self, sources: &mut [DataSource], list: &SourceList, words: &Bundle, locale: &str) {
        let ctx = Context { catalog: &self.catalog, list, words, locale };
        for s in sources {
            let key = s.status.detail.as_str();
            if key == detail::PREREQUISITE_LOST {
                let problem = broken_prerequisite(s, ctx).map(|p| format!("{} {}", p.message, p.fix)).unwrap_or_default();
                s.status.detail = words.format(key, &[("problem", &problem)]);
            } else if key.starts_with("status.") && words.0.contains_key(key) {
                s.status.detail = words.get(key).to_string();
            }
        }
    }

    pub fn list(&self) -> Result<SourceList> {
        self.with(|c| self.read_list(c))
    }

    pub fn get(&self, id: &str) -> Result<Option<DataSource>> {
        self.with(|c| self.read_source(c, id))
    }

    /// A stored secret in the clear, for a connection check; never for an answer.
    pub fn secret(&self, id: &str, name: &str) -> Result<Option<String>> {
        self.with(|c| {
            let sealed: Option<String> = c
                .query_row("SELECT value FROM secrets WHERE source_id = ?1 AND name = ?2", params![id, name], |r| r.get(0))
                .optional()?;
            Ok(sealed.and_then(|s| self.secrets.open(&s, &secret_context(id, name))))
        })
    }

    /// Applies `patch` if the source meets `precondition` and every rule holds. A change
    /// that changes nothing writes nothing and keeps the version, so other open panels
    /// holding it see no conflict.
    pub fn change(&self, id: &str, precondition: &IfMatch, mut patch: SourcePatch, user: &str) -> Result<DataSource, ChangeError> {
        self.with(|c| {
            let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let list = self.read_list(&tx)?;
            if !list.world.can_edit {
                return Err(ChangeError::ReadOnly);
            }
            let current = list.get(id).ok_or(ChangeError::NotFound)?.clone();
            if !precondition.holds(current.version) {
                return Err(ChangeError::Stale(Box::new(current)));
            }
            let definition = self.catalog.get(&current.source_type).ok_or(ChangeError::NotFound)?;
            rules::prepare(definition, &current, &mut patch);
            let draft = Draft::apply(&current, &patch);
            let problems = rules::errors(rules::check(&draft, self.ctx(&list)));
            if !problems.is_empty() {
                return Err(ChangeError::Invalid(problems));
            }
            // Only the definition's switches are kept (a stray one set off is no refusal).
            let switches: SmallMap<String, bool> =
                definition.switches.iter().map(|s| (s.key.clone(), draft.switch_on(&s.key))).collect();
            let name = draft.name.as_deref().and_then(rds_domain::api::fit_name);
            let unchanged = draft.upload_enabled == current.upload_enabled
                && switches == current.switches
                && draft.settings == current.settings
                && name.is_none_or(|n| current.name.as_deref() == Some(n))
                && !self.secrets_change(&tx, id, &patch.secrets)?;
            if unchanged {
                return Ok(current);
            }
            let now = now_rfc3339();
            if current.upload_enabled && !draft.upload_enabled {
                let stranded = rules::dependents_on(id, &self.catalog, &list);
                if !stranded.is_empty() && !patch.turn_off_dependents {
                    return Err(ChangeError::Dependents(stranded));
                }
                for d in stranded {
                    let dep = list.get(&d).expect("a listed connection");
                    let off = dep.switches.keys().map(|k| (k.clone(), false)).collect();
                    write_source(&tx, dep, false, &off, &dep.settings, user, &now, self.status_after_switch(dep, false))?;
                }
            }
            let status = self.status_after_switch(&current, draft.upload_enabled);
            write_source(&tx, &current, draft.upload_enabled, &switches, &draft.settings, user, &now, status)?;
            if let Some(n) = name {
                tx.execute("UPDATE sources SET name = ?2 WHERE id = ?1", params![id, n])?;
            }
            for (name, value) in &patch.secrets {
                match value.as_deref() {
                    Some(v) => tx.execute(
                        "INSERT INTO secrets (source_id, name, value) VALUES (?1, ?2, ?3)
                         ON CONFLICT (source_id, name) DO UPDATE SET value = excluded.value",
                        params![id, name, self.secrets.seal(v, &secret_context(id, name))],
                    )?,
                    None => tx.execute("DELETE FROM secrets WHERE source_id = ?1 AND name = ?2", params![id, name])?,
                };
            }
            let saved = self.read_source(&tx, id)?.ok_or(ChangeError::NotFound)?;
            tx.commit()?;
            Ok(saved)
        })
    }

    /// Adds a connection of a type whose definition allows more than one, with a new id.
    pub fn create(&self, new: &NewSource, user: &str, words: &Bundle) -> Result<DataSource, ChangeError> {
        self.with(|c| {
            let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let list = self.read_list(&tx)?;
            if !list.world.can_edit {
                return Err(ChangeError::ReadOnly);
            }
            let refuse = |code: &str, args: &[(&str, &str)]| ChangeError::Invalid(vec![rules::refusal(words, "/type", code, args)]);
            let Some(definition) = self.catalog.get(&new.source_type) else {
                return Err(refuse("unknown-type", &[("type", &new.source_type)]));
            };
            let held = list.sources.iter().filter(|s| s.source_type == definition.id).count();
            let max = definition.instances.max as usize;
            if held >= max {
                return Err(refuse("instance-limit", &[("max", &max.to_string())]));
            }
            if let Some(p) = rules::name_problem(words, &list, &definition.id, "", &new.name) {
                return Err(ChangeError::Invalid(vec![p]));
            }
            let name = rds_domain::api::fit_name(&new.name).expect("a name that fits");
            // Random (48 bits), so an id is not given again after a removal; drawn again in the
            // unlikely case it is in use.
            let mut fresh = None;
            for _ in 0..8 {
                let id = format!("{}-{}", definition.id, &crate::random_token()[..12]);
                let used: bool = tx.query_row("SELECT EXISTS (SELECT 1 FROM sources WHERE id = ?1)", [&id], |r| r.get(0))?;
                if !used {
                    fresh = Some(id);
                    break;
                }
            }
            let id = fresh.ok_or_else(|| ChangeError::Storage("no free id in eight draws".into()))?;
            tx.execute(
                "INSERT INTO sources (id, type, name, updated_at, updated_by, added)
                 VALUES (?1, ?2, ?3, ?4, ?5, (SELECT COALESCE(MAX(added), 0) + 1 FROM sources))",
                params![id, definition.id, name, now_rfc3339(), user],
            )?;
            let made = self.read_source(&tx, &id)?.ok_or(ChangeError::NotFound)?;
            tx.commit()?;
            Ok(made)
        })
    }

    /// Removes a connection added beside the first of its type, with its secrets and any
    /// open consent, unless others that are on need it.
    pub fn remove(&self, id: &str, precondition: &IfMatch, user: &str) -> Result<(), ChangeError> {
        self.with(|c| {
            let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let list = self.read_list(&tx)?;
            if !list.world.can_edit {
                return Err(ChangeError::ReadOnly);
            }
            let current = list.get(id).ok_or(ChangeError::NotFound)?;
            if !precondition.holds(current.version) {
                return Err(ChangeError::Stale(Box::new(current.clone())));
            }
            if current.id == current.source_type {
                return Err(ChangeError::Conflict(
                    "The first connection of a type stays; turn its data upload off instead.".into(),
                ));
            }
            if current.upload_enabled {
                let stranded = rules::dependents_on(id, &self.catalog, &list);
                if !stranded.is_empty() {
                    return Err(ChangeError::Dependents(stranded));
                }
            }
            // A connection field that chose it (an Office 365's tenant, off by now) is blank
            // again, which means its type's first connection, rather than one that is gone.
            let now = now_rfc3339();
            for s in &list.sources {
                let Some(d) = self.catalog.get(&s.source_type) else { continue };
                let mut settings = s.settings.clone();
                for r in d.requires.iter().filter(|r| rules::bound(r, &s.settings) == Some(id)) {
                    settings.0.remove(r.through.as_deref().unwrap_or_default());
                }
                if settings != s.settings {
                    write_source(&tx, s, s.upload_enabled, &s.switches, &settings, user, &now, None)?;
                }
            }
            tx.execute("DELETE FROM secrets WHERE source_id = ?1", [id])?;
            tx.execute("DELETE FROM consents WHERE source_id = ?1", [id])?;
            tx.execute("DELETE FROM sources WHERE id = ?1", [id])?;
            tx.commit()?;
            Ok(())
        })
    }

    /// Starts the admin consent flow of a source connected by consent.
    pub fn start_consent(&self, id: &str, token: &str) -> Result<DataSource, ChangeError> {
        self.with(|c| {
            let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let current = self.read_source(&tx, id)?.ok_or(ChangeError::NotFound)?;
            let kind = self.catalog.get(&current.source_type).map(|d| d.connection);
            if kind != Some(ConnectionKind::Consent) {
                return Err(ChangeError::NotFound);
            }
            if !read_can_edit(&tx)? {
                return Err(ChangeError::ReadOnly);
            }
            if !current.upload_enabled {
                return Err(ChangeError::Conflict(format!("Turn on Data upload permission for {} first.", self.name(&current))));
            }
            tx.execute("DELETE FROM consents WHERE source_id = ?1", [id])?;
            tx.execute("INSERT INTO consents (token, source_id, created_at) VALUES (?1, ?2, ?3)", params![token, id, now_rfc3339()])?;
            set_status(&tx, id, ConnectionState::Pending, detail::CONSENT_PENDING)?;
            let saved = self.read_source(&tx, id)?.ok_or(ChangeError::NotFound)?;
            tx.commit()?;
            Ok(saved)
        })
    }

    /// The connection a consent token was issued for, if it is still open.
    pub fn consent_source(&self, token: &str) -> Result<Option<DataSource>> {
        self.with(|c| {
            let id: Option<String> =
                c.query_row("SELECT source_id FROM consents WHERE token = ?1", [token], |r| r.get(0)).optional()?;
            match id {
                Some(id) => self.read_source(c, &id),
                None => Ok(None),
            }
        })
    }

    /// Uses up a consent token and marks its connection connected.
    pub fn approve_consent(&self, token: &str) -> Result<Option<DataSource>> {
        self.with(|c| {
            let tx = c.transaction()?;
            let id: Option<String> = tx
                .query_row("DELETE FROM consents WHERE token = ?1 RETURNING source_id", [token], |r| r.get(0))
                .optional()?;
            let Some(id) = id else { return Ok(None) };
            set_status(&tx, &id, ConnectionState::Connected, detail::CONSENT_GRANTED)?;
            let source = self.read_source(&tx, &id)?;
            tx.commit()?;
            Ok(source)
        })
    }

    /// How the server's English messages name a connection: its type's name, and its own
    /// name when it was added beside the first of its type.
    pub fn name(&self, source: &DataSource) -> String {
        rules::display_name(source, &self.catalog, &self.words, rds_domain::text::DEFAULT_LOCALE)
    }

    pub fn set_world(&self, seed: &WorldSeed) -> Result<World> {
        self.with(|c| {
            let tx = c.transaction()?;
            self.apply_world(&tx, seed)?;
            let w = self.read_list(&tx)?.world;
            tx.commit()?;
            Ok(w)
        })
    }

    /// Sets what the data pipeline would report about a source. Bumps the version, since
    /// the representation changed. `None` when there is no such connection.
    pub fn set_status(&self, id: &str, u: &StatusUpdate) -> Result<Option<DataSource>> {
        self.with(|c| {
            let tx = c.transaction()?;
            let Some(cur) = self.read_source(&tx, id)? else { return Ok(None) };
            tx.execute(
                "UPDATE sources SET status_state = ?2, status_detail = ?3, last_data_received_at = ?4, updated_by = ?5, version = version + 1 WHERE id = ?1",
                params![
                    id,
                    u.state.unwrap_or(cur.status.state).key(),
                    u.detail.clone().unwrap_or(cur.status.detail),
                    u.last_data_received_at.clone().or(cur.last_data_received_at),
                    u.updated_by.clone().unwrap_or(cur.updated_by),
                ],
            )?;
            let s = self.read_source(&tx, id)?;
            tx.commit()?;
            Ok(s)
        })
    }

    /// The status a connection has right after its upload switch moves.
    fn status_after_switch(&self, source: &DataSource, on: bool) -> Option<(ConnectionState, &'static str)> {
        if on == source.upload_enabled {
            return None;
        }
        let consent = self.catalog.get(&source.source_type).is_some_and(|d| d.connection == ConnectionKind::Consent);
        Some(match (on, consent) {
            (false, _) => (ConnectionState::NotConnected, detail::UPLOAD_OFF),
            (true, true) => (ConnectionState::Pending, detail::ONSCREEN_STEPS),
            (true, false) => (ConnectionState::Connected, detail::UPLOAD_ON),
        })
    }

    /// The console around a source can change under it (the Internet Access Service switched
    /// off, say). A source that is on but whose prerequisites no longer hold shows an error
    /// status naming what is missing, so risk analysis does not go blind unnoticed; it
    /// returns to connected when they hold again.
    fn flag_broken_prerequisites(&self, tx: &Connection) -> Result<()> {
        let list = self.read_list(tx)?;
        for source in list.sources.iter().filter(|s| s.upload_enabled) {
            match broken_prerequisite(source, self.ctx(&list)) {
                // Which one is said when the status is read, in the reader's language.
                Some(_) => set_status(tx, &source.id, ConnectionState::Error, detail::PREREQUISITE_LOST)?,
                None if source.status.detail == detail::PREREQUISITE_LOST => {
                    set_status(tx, &source.id, ConnectionState::Connected, detail::PREREQUISITES_MET)?
                }
                None => {}
            }
        }
        Ok(())
    }

    /// Sets what `seed` carries, then re-checks the sources the change may have stranded.
    fn apply_world(&self, tx: &Connection, seed: &WorldSeed) -> Result<()> {
        if let Some(r) = seed.region {
            tx.execute("UPDATE world SET region = ?1", [r.code()])?;
        }
        if let Some(v) = seed.can_edit {
            tx.execute("UPDATE world SET can_edit = ?1", [v])?;
        }
        for (name, value) in &seed.facts {
            tx.execute(
                "INSERT INTO facts (name, value) VALUES (?1, ?2) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                params![name, value],
            )?;
        }
        self.flag_broken_prerequisites(tx)
    }

    fn read_list(&self, c: &Connection) -> Result<SourceList> {
        let secrets = secret_names(c)?;
        let mut st = c.prepare_cached(&format!("SELECT {SOURCE_COLUMNS} FROM sources ORDER BY added, id"))?;
        let mut rows = st.query([])?;
        let mut sources = Vec::new();
        while let Some(r) = rows.next()? {
            sources.extend(self.row_to_source(r, &secrets)?);
        }
        // The catalog's order; within a type the first connection, then the others as added.
        let order = |s: &DataSource| (self.catalog.definitions().iter().position(|d| d.id == s.source_type), s.id != s.source_type);
        sources.sort_by_key(order);
        let mut list = SourceList { world: read_world(c)?, sources };
        list.world.capabilities = rules::capabilities(&self.catalog, &list);
        Ok(list)
    }

    fn read_source(&self, c: &Connection, id: &str) -> Result<Option<DataSource>> {
        let secrets = secret_names(c)?;
        let row = c
            .query_row(&format!("SELECT {SOURCE_COLUMNS} FROM sources WHERE id = ?1"), [id], |r| self.row_to_source(r, &secrets))
            .optional()?;
        Ok(row.flatten())
    }

    /// A stored row as its definition sees it: settings and switches it does not define are
    /// left out, and each of its secrets is reported set or not. A row whose type is not in
    /// the catalog is not reported (it stays stored, should the type come back).
    fn row_to_source(&self, r: &rusqlite::Row, secrets: &[(String, String)]) -> Result<Option<DataSource>> {
        let id: String = r.get(0)?;
        let source_type: String = r.get(1)?;
        let Some(definition) = self.catalog.get(&source_type) else { return Ok(None) };
        let stored: Settings = stored_json(r, 7)?;
        // What the definition no longer has, or holds as another type, is not reported (and
        // is dropped at the next change), so a changed definition never makes a source
        // unchangeable.
        let settings = Settings(stored.0.into_iter().filter(|(k, v)| definition.holds(k, v)).collect());
        let on: SmallMap<String, bool> = stored_json(r, 3)?;
        let switches = definition.switches.iter().map(|s| (s.key.clone(), on.get(&s.key).copied().unwrap_or(false))).collect();
        let secrets_set = definition
            .secret_fields()
            .map(|f| (f.key.clone(), secrets.iter().any(|(s, name)| *s == id && *name == f.key)))
            .collect();
        Ok(Some(DataSource {
            upload_enabled: r.get(2)?,
            switches,
            status: Status {
                state: ConnectionState::parse(&r.get::<_, String>(4)?).unwrap_or(ConnectionState::Error),
                detail: r.get(5)?,
            },
            last_data_received_at: r.get(6)?,
            settings,
            secrets_set,
            version: r.get::<_, i64>(8)? as u64,
            updated_at: r.get(9)?,
            updated_by: r.get(10)?,
            name: r.get(11)?,
            id,
            source_type,
        }))
    }
}

impl Store {
    /// Whether writing `secrets` would change what is stored. A secret sent with a value is
    /// always a change (it is sealed anew): answering "unchanged" to the stored value would
    /// let a caller confirm a guess of a write-only secret. Clearing one that is not set is no
    /// change.
    fn secrets_change(&self, c: &Connection, id: &str, secrets: &SmallMap<String, Option<String>>) -> Result<bool> {
        let mut st = c.prepare_cached("SELECT EXISTS (SELECT 1 FROM secrets WHERE source_id = ?1 AND name = ?2)")?;
        for (name, value) in secrets {
            if value.is_some() || st.query_row(params![id, name], |r| r.get::<_, bool>(0))? {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

/// What a sealed secret is bound to: its connection and its name.
fn secret_context(source_id: &str, name: &str) -> String {
    format!("{source_id}/{name}")
}

fn open_connection(path: &Path) -> Result<Connection> {
    let conn = Connection::open(path)?;
    // WAL with FULL sync: an acknowledged write survives a kill -9 and a power cut.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // What is deleted or overwritten is zeroed on disk, so a secret replaced or sealed
    // leaves no copy in free pages.
    conn.pragma_update(None, "secure_delete", "ON")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(conn)
}

/// Takes the database's lock file (`<database>.lock`), waiting up to `patience` for a
/// server stopping in the same process to let it go.
fn lock_database(path: &Path, patience: std::time::Duration) -> Result<std::fs::File, OpenError> {
    let mut lock_path = path.as_os_str().to_owned();
    lock_path.push(".lock");
    let lock_path = std::path::PathBuf::from(lock_path);
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(|e| OpenError::Key(format!("cannot open the lock file {}: {e}", lock_path.display())))?;
    let deadline = std::time::Instant::now() + patience;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(std::fs::TryLockError::WouldBlock) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(50))
            }
            Err(_) => {
                return Err(OpenError::Key(format!(
                    "{} is in use by a running server (it holds {}): stop it first",
                    path.display(),
                    lock_path.display()
                )))
            }
        }
    }
}

/// The key in `key_file`, proved on the key check row when the database has one. On a
/// database that has never sealed anything, a missing key file is made. Writes nothing to
/// the database.
fn key_for(conn: &Connection, key_file: &Path) -> Result<SecretBox, OpenError> {
    let has_table: bool =
        conn.query_row("SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'key_check')", [], |r| r.get(0))?;
    let check: Option<String> =
        if has_table { conn.query_row("SELECT sealed FROM key_check", [], |r| r.get(0)).optional()? } else { None };
    let shown = key_file.display();
    if check.is_none() && !key_file.exists() {
        create_key_file(key_file)?;
    }
    let secrets = SecretBox::from_key_file(key_file).map_err(|e| match &check {
        Some(_) if !key_file.exists() => OpenError::Key(format!(
            "the secret key {shown} is missing, and this database's secrets were sealed with it: restore the file (nothing was changed)"
        )),
        _ => OpenError::Key(e),
    })?;
    if let Some(sealed) = &check {
        if secrets.open(sealed, "key_check").as_deref() != Some(KEY_CHECK) {
            return Err(OpenError::Key(format!(
                "the secret key {shown} is not the one this database's secrets were sealed with (nothing was changed)"
            )));
        }
    }
    Ok(secrets)
}

fn create_key_file(path: &Path) -> Result<(), OpenError> {
    SecretBox::create_key_file(path).map_err(|e| OpenError::Key(format!("cannot create the secret key {}: {e}", path.display())))
}

/// Every stored secret as (connection, name, stored value), sealed or not.
fn stored_secrets(c: &Connection) -> Result<Vec<(String, String, String)>> {
    c.prepare("SELECT source_id, name, value FROM secrets")?.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect()
}

fn set_stored_secret(c: &Connection, id: &str, name: &str, sealed: &str) -> Result<()> {
    c.execute("UPDATE secrets SET value = ?1 WHERE source_id = ?2 AND name = ?3", params![sealed, id, name])?;
    Ok(())
}

/// Seals what an earlier release stored plain and writes the key check row, in one
/// transaction. The first time (an upgrade, or a new database) the file is then rebuilt and
/// the WAL emptied: an earlier release freed pages without zeroing them, so a replaced or
/// cleared secret could still sit in them.
fn seal_plain_secrets(conn: &mut Connection, secrets: &SecretBox) -> Result<()> {
    let tx = conn.transaction()?;
    let first: bool = tx.query_row("SELECT NOT EXISTS (SELECT 1 FROM key_check)", [], |r| r.get(0))?;
    if first {
        tx.execute("INSERT INTO key_check (id, sealed) VALUES (1, ?1)", [secrets.seal(KEY_CHECK, "key_check")])?;
    }
    let rows = stored_secrets(&tx)?;
    let plain: Vec<_> = rows.iter().filter(|(_, _, v)| !SecretBox::is_sealed(v)).collect();
    for (id, name, value) in &plain {
        set_stored_secret(&tx, id, name, &secrets.seal(value, &secret_context(id, name)))?;
    }
    tx.commit()?;
    if first || !plain.is_empty() {
        conn.execute_batch("VACUUM")?;
        checkpoint(conn)?;
    }
    Ok(())
}

/// Copies the WAL into the database and empties it; fails if a reader kept it from finishing.
fn checkpoint(conn: &Connection) -> Result<()> {
    let busy: i64 = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
    if busy != 0 {
        return Err(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
            Some("the WAL could not be emptied: another connection is reading".into()),
        ));
    }
    Ok(())
}

/// Seals every secret of the database at `path` with the key in `new_key_file` (made when it
/// does not exist) instead of the one in `key_file`, in one transaction. Refused while a
/// server has the database open; start it again with `RDS_SECRET_KEY_FILE` naming the new
/// file.
pub fn rotate_key(path: &Path, key_file: &Path, new_key_file: &Path) -> Result<usize, OpenError> {
    if !path.exists() {
        return Err(OpenError::Key(format!("there is no database at {} (check RDS_DATA_DIR)", path.display())));
    }
    let _lock = lock_database(path, std::time::Duration::ZERO)?;
    let mut conn = open_connection(path)?;
    let old = key_for(&conn, key_file)?;
    migrate(&mut conn)?;
    seal_plain_secrets(&mut conn, &old)?;
    if !new_key_file.exists() {
        create_key_file(new_key_file)?;
    }
    let new = SecretBox::from_key_file(new_key_file).map_err(OpenError::Key)?;
    let tx = conn.transaction()?;
    let rows = stored_secrets(&tx)?;
    for (id, name, value) in &rows {
        let context = secret_context(id, name);
        let plain = old
            .open(value, &context)
            .ok_or_else(|| OpenError::Key(format!("the secret {context} does not open with the current key (nothing was changed)")))?;
        set_stored_secret(&tx, id, name, &new.seal(&plain, &context))?;
    }
    tx.execute("UPDATE key_check SET sealed = ?1", [new.seal(KEY_CHECK, "key_check")])?;
    tx.commit()?;
    checkpoint(&conn)?;
    Ok(rows.len())
}

/// A JSON column of a row; a column that does not read is a storage error, never quietly
/// emptied (the next write would make the loss permanent).
fn stored_json<T: serde::de::DeserializeOwned>(r: &rusqlite::Row, column: usize) -> Result<T> {
    let text: String = r.get(column)?;
    serde_json::from_str(&text).map_err(|e| {
        let id: String = r.get(0).unwrap_or_default();
        let name = r.as_ref().column_name(column).unwrap_or("?");
        let why = format!("the {name} of source {id} are not the JSON this server writes ({e}); repair or remove the row");
        rusqlite::Error::FromSqlConversionFailure(column, rusqlite::types::Type::Text, why.into())
    })
}

/// The status details the server writes itself: the keys of their words, stored as such and
/// put into the reader's language when read ([`Store::localized`]).
pub mod detail {
    pub const UPLOAD_OFF: &str = "status.uploadOff";
    pub const UPLOAD_ON: &str = "status.uploadOn";
    pub const ONSCREEN_STEPS: &str = "status.onscreenSteps";
    pub const CONSENT_PENDING: &str = "status.consentPending";
    pub const CONSENT_GRANTED: &str = "status.consentGranted";
    pub const PREREQUISITES_MET: &str = "status.prerequisitesMet";
    /// Said with the prerequisite that is not met: `{problem}`.
    pub const PREREQUISITE_LOST: &str = "status.prerequisiteLost";
}

/// The first prerequisite of `source`'s data upload that no longer holds.
fn broken_prerequisite(source: &DataSource, ctx: Context) -> Option<rules::Problem> {
    let draft = Draft::apply(source, &SourcePatch::default());
    rules::check(&draft, ctx).into_iter().find(|p| p.blocks == rules::Blocks::Upload)
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

#[allow(clippy::too_many_arguments)]
fn write_source(
    tx: &Transaction,
    cur: &DataSource,
    upload: bool,
    switches: &SmallMap<String, bool>,
    settings: &Settings,
    user: &str,
    now: &str,
    status: Option<(ConnectionState, &str)>,
) -> Result<()> {
    tx.execute(
        "UPDATE sources SET upload_enabled = ?2, switches = ?3, settings = ?4,
         version = version + 1, updated_at = ?5, updated_by = ?6 WHERE id = ?1",
        params![
            cur.id,
            upload,
            serde_json::to_string(switches).expect("switches serialise"),
            serde_json::to_string(settings).expect("settings serialise"),
            now,
            user
        ],
    )?;
    if let Some((state, detail)) = status {
        set_status(tx, &cur.id, state, detail)?;
        if !upload {
            tx.execute("DELETE FROM consents WHERE source_id = ?1", [&cur.id])?;
        }
    }
    Ok(())
}

fn set_status(tx: &Connection, id: &str, state: ConnectionState, detail: &str) -> Result<()> {
    tx.execute("UPDATE sources SET status_state = ?2, status_detail = ?3 WHERE id = ?1", params![id, state.key(), detail])?;
    Ok(())
}

fn read_can_edit(c: &Connection) -> Result<bool> {
    c.query_row("SELECT can_edit FROM world WHERE id = 1", [], |r| r.get(0))
}

fn read_world(c: &Connection) -> Result<World> {
    let (region, can_edit): (String, bool) =
        c.query_row("SELECT region, can_edit FROM world WHERE id = 1", [], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let mut st = c.prepare_cached("SELECT name, value FROM facts")?;
    let facts = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, bool>(1)?)))?.collect::<Result<_>>()?;
    Ok(World { region: Region::parse(&region).unwrap_or(Region::Us), facts, capabilities: SmallMap::new(), can_edit })
}

const SOURCE_COLUMNS: &str = "id, type, upload_enabled, switches, status_state, status_detail,
    last_data_received_at, settings, version, updated_at, updated_by, name";

/// (connection id, secret name) of every stored secret; the values are never read here.
fn secret_names(c: &Connection) -> Result<Vec<(String, String)>> {
    let mut st = c.prepare_cached("SELECT source_id, name FROM secrets")?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}
