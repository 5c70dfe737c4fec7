//! The panel's actions as one value handed to the components, and the requests behind them. Components call
//! `save`, `retry`… and never touch the network; each action reads the state, asks the pure
//! [`State::plan_save`] what to do, and reports back through the reducer and to the host.

use std::cell::RefCell;
use std::rc::Rc;

use rds_domain::api::{CheckDraft, CheckOutcome, CheckResult, ConnectionState, DataSource};
use serde::Serialize;
use wasm_bindgen::JsValue;
use yew::platform::spawn_local;
use yew::{hook, use_memo, use_mut_ref, UseReducerDispatcher, UseReducerHandle};

use crate::api::{to_js, ApiClient, Prefetched};
use crate::api_error::ApiError;
use crate::boot::resolve_url;
use crate::state::{Action, Confirmation, Intent, SavePlan, State, Test};
use crate::words::Words;

/// How often, and how long, a pending consent is polled.
const CONSENT_POLL_MS: u32 = 1_500;
const CONSENT_POLLS: u32 = 400;

#[derive(Clone)]
pub struct PanelHandle {
    pub client: ApiClient,
    pub dispatch: UseReducerDispatcher<State>,
    /// The state of the latest render, read when an action needs to plan a request. Held
    /// behind a stable pointer so that the context does not change on every render.
    pub latest: Rc<RefCell<Option<UseReducerHandle<State>>>>,
    /// The element that receives the panel's `change` and `error` events.
    pub host: Option<web_sys::Element>,
    /// Connection tests under way, by source, so that Cancel can abort them.
    tests: Rc<RefCell<Vec<(String, web_sys::AbortController)>>>,
}

impl PartialEq for PanelHandle {
    fn eq(&self, other: &Self) -> bool {
        self.client == other.client && Rc::ptr_eq(&self.latest, &other.latest) && self.host == other.host
    }
}

/// The `change` event's detail: what the console may want to know, and no secret.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ChangeDetail<'a> {
    id: &'a str,
    #[serde(rename = "type")]
    source_type: &'a str,
    upload_enabled: bool,
    #[serde(skip_serializing_if = "rds_domain::small_map::SmallMap::is_empty")]
    switches: &'a rds_domain::small_map::SmallMap<String, bool>,
    /// The state's name in the API, and its label in the reader's language.
    state: &'a str,
    status: String,
    version: u64,
}

/// The `error` event's detail.
#[derive(Serialize)]
struct ErrorDetail<'a> {
    id: Option<&'a str>,
    message: String,
}

impl PanelHandle {
    fn with_state(&self, f: impl FnOnce(&State)) {
        if let Some(h) = self.latest.borrow().as_ref() {
            f(h);
        }
    }

    /// Tells the host console what happened, as a DOM `CustomEvent` that bubbles out of any
    /// shadow root. The detail never carries a secret.
    pub fn emit(&self, kind: &str, detail: &JsValue) {
        let Some(host) = &self.host else { return };
        let init = web_sys::CustomEventInit::new();
        init.set_detail(detail);
        init.set_bubbles(true);
        init.set_composed(true);
        if let Ok(ev) = web_sys::CustomEvent::new_with_event_init_dict(kind, &init) {
            let _ = host.dispatch_event(&ev);
        }
    }

    fn changed(&self, s: &DataSource) {
        let mut status = String::new();
        self.with_state(|st| status = st.words.state(s.status.state));
        let detail = ChangeDetail {
            id: &s.id,
            source_type: &s.source_type,
            upload_enabled: s.upload_enabled,
            switches: &s.switches,
            state: s.status.state.key(),
            status,
            version: s.version,
        };
        self.emit("change", &to_js(&detail));
    }

    fn report_error(&self, id: Option<&str>, error: &ApiError) {
        let mut message = String::new();
        self.with_state(|s| message = error.message(&s.words));
        self.emit("error", &to_js(&ErrorDetail { id, message }));
    }

    pub fn dispatch(&self, action: Action) {
        self.dispatch.dispatch(action);
    }

    /// Loads the catalog and the list together; `early` are requests the page made already.
    /// With `words`, the panel changes language instead: nothing shows as loading, words and
    /// catalog switch together so that no render mixes two languages, and the list is taken
    /// as a look for changes made elsewhere takes it. If that fails, the panel keeps its
    /// language and reports why.
    pub fn reload(&self, early_catalog: Prefetched, early_list: Prefetched, words: Option<Rc<Words>>) {
        let panel = self.clone();
        let mut locale = String::new();
        self.with_state(|s| locale = s.words.locale.clone());
        let was = locale.clone();
        match &words {
            Some(w) => {
                locale = w.locale.clone();
                // The list's status details, the server's own words, come in it too.
                panel.client.language.replace(locale.clone());
            }
            None => panel.dispatch(Action::Reload),
        }
        spawn_local(async move {
            let catalog = panel.client.catalog(&locale, early_catalog);
            // The whole list: this page may hold none yet.
            let list = panel.client.list(early_list, true);
            match futures::future::join(catalog, list).await {
                (Ok(c), Ok(l)) => {
                    let catalog = Rc::new(rds_domain::Catalog::trusted(c.sources));
                    panel.dispatch(match words {
                        Some(w) => Action::Language(w, catalog, l),
                        None => Action::Loaded(catalog, l),
                    });
                }
                (Err(e), _) | (_, Err(e)) => {
                    panel.report_error(None, &e);
                    match words {
                        None => panel.dispatch(Action::LoadFailed(e)),
                        Some(_) => {
                            panel.client.language.replace(was);
                        }
                    }
                }
            }
        });
    }

    /// Speaks `locale` once its words (from `assets`), the catalog in it and the list are in.
    pub fn set_language(&self, assets: String, locale: String) {
        let panel = self.clone();
        spawn_local(async move {
            match crate::boot::load_words(&assets, &locale, None).await {
                Ok(w) => panel.reload(None, None, Some(Rc::new(w))),
                Err(message) => web_sys::console::warn_1(&message.into()),
            }
        });
    }

    /// Saves, or moves a switch. Turning a testable source on tests its connection first,
    /// unless the user already chose to turn it on untested.
    pub fn save(&self, id: &str, intent: Intent, confirmation: Confirmation) {
        self.with_state(|s| {
            let test_first = intent == Intent::Upload(true)
                && confirmation == Confirmation::Ask
                && s.definition(id).is_some_and(|d| d.testable())
                && matches!(s.plan_save(id, &intent, confirmation), SavePlan::Send { .. });
            if test_first {
                self.test(id, true);
            } else {
                save(s, self.clone(), id.to_string(), intent, confirmation)
            }
        });
    }

    /// Tests the connection with the values on screen; nothing is stored. With `turn_on`,
    /// a passed test turns the source on, a failed one leaves it off with the results
    /// shown, and one that could not reach the service asks first.
    pub fn test(&self, id: &str, turn_on: bool) {
        let mut draft = None;
        self.with_state(|s| {
            if !matches!(s.ui(id).test, Some(Test::Running(_))) {
                draft = Some(s.check_draft(id));
            }
        });
        let (Some(draft), Ok(cancel)) = (draft, web_sys::AbortController::new()) else { return };
        let (panel, id) = (self.clone(), id.to_string());
        self.tests.borrow_mut().push((id.clone(), cancel.clone()));
        panel.dispatch(Action::TestStarted(id.clone(), turn_on));
        spawn_local(async move {
            let answer = panel.client.check(&id, &draft, &cancel).await;
            panel.tested(id, turn_on, &cancel, &draft, answer);
        });
    }

    /// Takes a test's answer, unless it was cancelled; see [`PanelHandle::test`]. A source
    /// turns on only with the values that passed: if they changed while the test ran, the
    /// result says so and nothing is saved.
    #[inline(never)]
    fn tested(&self, id: String, turn_on: bool, cancel: &web_sys::AbortController, sent: &CheckDraft, answer: Result<CheckResult, ApiError>) {
        let mut tests = self.tests.borrow_mut();
        let Some(at) = tests.iter().position(|(_, c)| c == cancel) else { return };
        tests.remove(at);
        drop(tests);
        let (mut stale, mut asking) = (true, true);
        self.with_state(|s| (stale, asking) = (s.check_draft(&id) != *sent, s.confirm.is_some()));
        let outcome = answer.as_ref().ok().map(|r| r.outcome).filter(|_| turn_on && !stale);
        self.dispatch(match answer {
            Ok(result) => Action::TestDone(id.clone(), result, stale),
            Err(e) => Action::TestFailed(id.clone(), e),
        });
        match outcome {
            Some(CheckOutcome::Passed) => self.with_state(|s| save(s, self.clone(), id, Intent::Upload(true), Confirmation::Given)),
            // Not over a dialog already open: that one's question comes first.
            Some(CheckOutcome::Unknown) if !asking => {
                self.dispatch(Action::AskConfirm(crate::state::Confirm { id, dependents: Vec::new(), ask: crate::state::Ask::TurnOnUntested, refused: None, busy: false }))
            }
            _ => {}
        }
    }

    /// Adds a connection of the type the naming dialog is about, or renames the connection
    /// it is about, once the name passes the server's own rule here.
    pub fn submit_name(&self) {
        let mut job = None;
        self.with_state(|s| {
            let Some(n) = s.naming.clone().filter(|n| !n.busy) else { return };
            match s.name_problem(&n) {
                Some(why) => self.dispatch(Action::NameRefused(why)),
                None => job = Some((s.source(&n.target).map_or(0, |x| x.version), n)),
            }
        });
        let Some((version, n)) = job else { return };
        self.dispatch(Action::NameSent);
        let panel = self.clone();
        spawn_local(async move {
            let answer = panel.client.name(n.adding, &n.target, version, n.value).await;
            if let Ok(s) = &answer {
                panel.changed(s);
            }
            panel.dispatch(answer.map(if n.adding { Action::Added } else { Action::Renamed }).unwrap_or_else(|e| Action::NameRefused(panel.refused(&n.target, &e))));
        });
    }

    /// What a dialog says of a refusal of `id`'s request; the console hears of it too, and
    /// the list is read again, so that a changed version (412) lets asking again succeed.
    fn refused(&self, id: &str, e: &ApiError) -> String {
        let mut why = String::new();
        self.with_state(|s| why = e.first_detail(&s.words));
        self.report_error(Some(id), e);
        self.poll();
        why
    }

    /// Asks before `id` is removed, naming what is on and uses it.
    pub fn ask_remove(&self, id: &str) {
        let mut dependents = Vec::new();
        self.with_state(|s| dependents = s.list.as_ref().map(|l| rds_domain::rules::dependents_on(id, &s.catalog, l)).unwrap_or_default());
        let ask = crate::state::Ask::Remove;
        self.dispatch(Action::AskConfirm(crate::state::Confirm { id: id.to_string(), dependents, ask, refused: None, busy: false }));
    }

    /// Removes `id` (the dialog asked first); a refusal stays in the dialog.
    pub fn remove(&self, id: &str) {
        let mut version = None;
        self.with_state(|s| version = s.source(id).map(|x| x.version).filter(|_| !s.confirm.as_ref().is_some_and(|c| c.busy)));
        let (Some(version), panel, id) = (version, self.clone(), id.to_string()) else { return };
        self.dispatch(Action::RemoveSent);
        spawn_local(async move {
            let action = match panel.client.remove(&id, version).await {
                // Gone already (removed elsewhere): what was asked for holds.
                Ok(()) | Err(ApiError::NotFound) => Action::Removed(id),
                Err(e) => {
                    let why = panel.refused(&id, &e);
                    Action::RemoveRefused(id, why)
                }
            };
            panel.dispatch(action);
        });
    }

    /// Stops the connection test of `id`: its request is aborted and nothing is shown of it.
    pub fn cancel_test(&self, id: &str) {
        let mut tests = self.tests.borrow_mut();
        if let Some(at) = tests.iter().position(|(t, _)| t == id) {
            tests.remove(at).1.abort();
            drop(tests);
            self.dispatch(Action::TestCancelled(id.to_string()));
        }
    }

    /// Repeats the last save of `id` exactly as the user asked for it.
    pub fn retry(&self, id: &str) {
        self.with_state(|s| {
            let (intent, confirmation) = s.ui(id).last_intent.unwrap_or((Intent::Save, Confirmation::Ask));
            save(s, self.clone(), id.to_string(), intent, confirmation)
        });
    }

    /// Asks for the list again, if it changed: another administrator may have changed a
    /// source. What changed shows in place, and a draft it touched says so. Quiet on
    /// failure: the next look asks again.
    pub fn poll(&self) {
        // Not while the first list is on its way: this answer's ETag would then stand for
        // a list the page never took.
        let mut ready = false;
        self.with_state(|s| ready = s.load == crate::state::Load::Ready);
        if !ready {
            return;
        }
        let panel = self.clone();
        spawn_local(async move {
            if let Ok(list) = panel.client.list(None, false).await {
                panel.dispatch(Action::Refreshed(list));
            }
        });
    }

    pub fn consent(&self, id: &str) {
        start_consent(self.clone(), id.to_string());
    }
}

fn save(state: &State, panel: PanelHandle, id: String, intent: Intent, confirmation: Confirmation) {
    match state.plan_save(&id, &intent, confirmation) {
        SavePlan::Nothing => {}
        SavePlan::Blocked(problems) => panel.dispatch(Action::ShowProblems(id, intent, problems)),
        SavePlan::Confirm(c) => panel.dispatch(Action::AskConfirm(c)),
        SavePlan::Send { patch, version } => {
            let refresh_all = patch.turn_off_dependents;
            panel.dispatch(Action::SaveStarted(id.clone(), patch.clone(), intent, confirmation));
            spawn_local(async move {
                match panel.client.patch(&id, version, &patch).await {
                    Ok(saved) => {
                        panel.changed(&saved);
                        panel.dispatch(Action::Saved(id, saved));
                        if refresh_all {
                            panel.poll();
                        }
                    }
                    Err(e) => {
                        panel.report_error(Some(&id), &e);
                        // Sources that need this one were turned on elsewhere: read the list,
                        // so that Retry asks about them by name.
                        if matches!(&e, ApiError::Conflict { .. }) {
                            panel.poll();
                        }
                        panel.dispatch(Action::SaveFailed(id, e));
                    }
                }
            });
        }
    }
}

/// Opens the consent page and follows the source until the backend reports the outcome.
fn start_consent(panel: PanelHandle, id: String) {
    spawn_local(async move {
        let url = match panel.client.start_consent(&id).await {
            Ok(s) => resolve_against(&panel.client.base, &s.authorization_url).ok_or(ApiError::Decode),
            Err(e) => Err(e),
        };
        let url = match url {
            Ok(url) => url,
            Err(e) => {
                panel.report_error(Some(&id), &e);
                return panel.dispatch(Action::SaveFailed(id, e));
            }
        };
        if let Some(w) = web_sys::window() {
            // A blocked pop-up is fine: the link beside the button opens the same page.
            let _ = w.open_with_url_and_target(&url, "_blank");
        }
        panel.dispatch(Action::ConsentOpened(id.clone(), url));
        for _ in 0..CONSENT_POLLS {
            gloo_timers::future::TimeoutFuture::new(CONSENT_POLL_MS).await;
            // The whole list, not a 304: a look for changes made elsewhere may have taken
            // the outcome in already, and this loop still has to tell of it.
            let Ok(list) = panel.client.list(None, true).await else { continue };
            let Some(source) = list.get(&id).cloned() else { return };
            panel.dispatch(Action::Refreshed(list));
            if source.status.state != ConnectionState::Pending {
                panel.changed(&source);
                return panel.dispatch(Action::ConsentDone(id, source.status.state));
            }
        }
    });
}

/// The backend may answer with a URL relative to its own origin. Only a web page is
/// opened or linked: a `javascript:` or `data:` URL from a broken backend is refused.
fn resolve_against(api_base: &str, url: &str) -> Option<String> {
    let u = web_sys::Url::new_with_base(url, &resolve_url(api_base)).ok()?;
    matches!(u.protocol().as_str(), "https:" | "http:").then(|| u.href())
}

/// Builds the actions of the panel whose reducer is `state`, talking to `client`.
#[hook]
pub fn use_panel_handle(client: ApiClient, host: Option<web_sys::Element>, state: &UseReducerHandle<State>) -> PanelHandle {
    let latest = use_mut_ref(|| None);
    *latest.borrow_mut() = Some(state.clone());
    let dispatch = state.dispatcher();
    let handle = use_memo((client, host), move |(client, host)| PanelHandle {
        client: client.clone(),
        dispatch,
        latest,
        host: host.clone(),
        tests: Rc::default(),
    });
    (*handle).clone()
}
