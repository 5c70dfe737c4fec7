//! The `/api/v1` routes.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use rds_domain::api::{etag, ConsentStart, DataSource, NewSource, SourcePatch};
use rds_domain::if_match::IfMatch;
use serde::de::{Deserialize, DeserializeOwned, MapAccess, Visitor};

use crate::catalog::choose_locale;
use crate::problem::{redact_quoted, ApiProblem};
use crate::store::ChangeError;
use crate::AppState;

pub const MAX_BODY: usize = 64 * 1024;

type ApiResult = Result<Response, ApiProblem>;

fn not_found(raw: &str) -> ApiProblem {
    ApiProblem::not_found(&format!("data source \"{}\"", raw.escape_default()))
}

/// Runs blocking SQLite work off the async workers.
pub async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T, ApiProblem> {
    tokio::task::spawn_blocking(f).await.map_err(ApiProblem::storage)
}

fn with_etag(tag: &str, body: impl IntoResponse) -> Response {
    let mut res = body.into_response();
    res.headers_mut().insert(header::ETAG, HeaderValue::from_str(tag).expect("etag is ascii"));
    res
}

/// The body with its `ETag`, or a 304 when `If-None-Match` names that tag already: a page
/// that polls for changes made elsewhere pays for a body only when there is one.
fn unless_unchanged(headers: &HeaderMap, tag: &str, body: impl IntoResponse) -> Response {
    let res = if crate::web::unchanged(headers, tag) { StatusCode::NOT_MODIFIED.into_response() } else { body.into_response() };
    with_etag(tag, res)
}

/// The words of the language a request reads (`Accept-Language`, else English), and its tag.
pub fn reader_words<'a>(app: &'a AppState, headers: &HeaderMap) -> (&'a str, &'a rds_domain::Bundle) {
    app.catalog.words_for(headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()))
}

/// An answer whose words follow `Accept-Language`: caches must keep one per language.
fn varies(mut res: Response) -> Response {
    res.headers_mut().insert(header::VARY, HeaderValue::from_static("accept-language"));
    res
}

/// One connection in the reader's language; the list is read to name a lost prerequisite.
async fn in_reader_language(app: &AppState, headers: &HeaderMap, mut s: DataSource) -> Result<DataSource, ApiProblem> {
    let store = app.store.clone();
    let list = blocking(move || store.list()).await?.map_err(ApiProblem::storage)?;
    let (locale, words) = reader_words(app, headers);
    app.store.localized(std::slice::from_mut(&mut s), &list, words, locale);
    Ok(s)
}

async fn one_localized(app: &AppState, headers: &HeaderMap, s: DataSource) -> Result<Response, ApiProblem> {
    let s = in_reader_language(app, headers, s).await?;
    Ok(varies(with_etag(&etag(s.version), Json(s))))
}

/// The 412, with the stored connection in the reader's language.
async fn stale(app: &AppState, headers: &HeaderMap, current: DataSource) -> ApiProblem {
    match in_reader_language(app, headers, current).await {
        Ok(current) => ApiProblem::stale(current),
        Err(p) => p,
    }
}

pub async fn list(State(app): State<AppState>, headers: HeaderMap) -> ApiResult {
    let store = app.store.clone();
    let mut list = blocking(move || store.list()).await?.map_err(ApiProblem::storage)?;
    let (locale, words) = reader_words(&app, &headers);
    let mut sources = list.sources.clone();
    app.store.localized(&mut sources, &list, words, locale);
    list.sources = sources;
    let body = serde_json::to_vec(&list).map_err(ApiProblem::storage)?;
    let tag = crate::web::content_etag(&body);
    Ok(varies(unless_unchanged(&headers, &tag, ([(header::CONTENT_TYPE, "application/json")], body))))
}

pub async fn get_one(State(app): State<AppState>, Path(raw): Path<String>, headers: HeaderMap) -> ApiResult {
    let store = app.store.clone();
    let id = raw.clone();
    let s = blocking(move || store.get(&id)).await?.map_err(ApiProblem::storage)?.ok_or_else(|| not_found(&raw))?;
    one_localized(&app, &headers, s).await
}

/// `GET /api/v1/catalog`: every source type in the locale asked for (`?locale=`, else
/// `Accept-Language`, else English), with an `ETag`; `If-None-Match` gets a 304.
pub async fn catalog(State(app): State<AppState>, RawQuery(query): RawQuery, headers: HeaderMap) -> Response {
    let asked = query.as_deref().and_then(|q| q.split('&').find_map(|p| p.strip_prefix("locale=")));
    let accept = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
    let available: Vec<&str> = app.catalog.locales().collect();
    let served = app.catalog.document(choose_locale(asked, accept, &available));
    let mut res = unless_unchanged(&headers, &served.etag, ([(header::CONTENT_TYPE, "application/json")], served.body.clone()));
    let h = res.headers_mut();
    h.insert(header::CONTENT_LANGUAGE, HeaderValue::from_str(&served.locale).expect("locale is ascii"));
    h.insert(header::VARY, HeaderValue::from_static("accept-language"));
    res
}

/// Reads a JSON object body of type `T`. With `may_be_empty`, no body at all reads as
/// `T::default()`.
pub fn parse_body<T: DeserializeOwned + Default>(
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
    may_be_empty: bool,
) -> Result<T, ApiProblem> {
    let body = body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiProblem::new(StatusCode::PAYLOAD_TOO_LARGE, "Body too large", format!("Send at most {MAX_BODY} bytes."))
        } else {
            ApiProblem::new(StatusCode::BAD_REQUEST, "Unreadable body", "The request body could not be read.")
        }
    })?;
    if may_be_empty && body.is_empty() {
        return Ok(T::default());
    }
    let ctype = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let mime = ctype.split(';').next().unwrap_or("").trim();
    if mime != "application/json" && mime != "application/merge-patch+json" {
        return Err(ApiProblem::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Unsupported media type",
            "Send the body as application/json.",
        ));
    }
    read_object(&body).map_err(|e| {
        let detail = redact_quoted(&e.to_string());
        if e.is_data() {
            ApiProblem::new(StatusCode::UNPROCESSABLE_ENTITY, "The body does not match the contract", detail)
        } else {
            ApiProblem::new(StatusCode::BAD_REQUEST, "Malformed JSON", detail)
        }
    })
}

/// Reads a body that must be a JSON object: serde's derived reader would also take an
/// array, field by field in order, which the contract does not allow.
fn read_object<T: DeserializeOwned>(body: &[u8]) -> Result<T, serde_json::Error> {
    struct ObjectOnly<T>(std::marker::PhantomData<T>);
    impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectOnly<T> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::deserialize(serde::de::value::MapAccessDeserializer::new(map))
        }
    }
    let mut reader = serde_json::Deserializer::from_slice(body);
    let value = serde::Deserializer::deserialize_map(&mut reader, ObjectOnly(std::marker::PhantomData))?;
    reader.end()?;
    Ok(value)
}

/// The request's `If-Match`: 428 without one, 400 when it is not a list of entity tags.
fn if_match(headers: &HeaderMap) -> Result<IfMatch, ApiProblem> {
    let lines: Option<Vec<&str>> = headers.get_all(header::IF_MATCH).iter().map(|v| v.to_str().ok()).collect();
    match lines {
        Some(lines) if lines.is_empty() => {
            return Err(ApiProblem::new(
                StatusCode::PRECONDITION_REQUIRED,
                "If-Match required",
                "Send the source's ETag in If-Match, so that a change made elsewhere is not overwritten.",
            ))
        }
        Some(lines) => IfMatch::parse(lines),
        None => None,
    }
    .ok_or_else(|| {
        ApiProblem::new(
            StatusCode::BAD_REQUEST,
            "Bad If-Match",
            "If-Match must be the ETag of the source, such as \"3\", a list of ETags, or *.",
        )
    })
}

/// `POST /api/v1/data-sources`: another connection of a type that allows several.
pub async fn create(State(app): State<AppState>, headers: HeaderMap, body: Result<Bytes, BytesRejection>) -> ApiResult {
    let new: NewSource = parse_body(&headers, body, false)?;
    let store = app.store.clone();
    let user = app.config.user.clone();
    let words = reader_words(&app, &headers).1.clone();
    match blocking(move || store.create(&new, &user, &words)).await? {
        Ok(made) => {
            let location = format!("/api/v1/data-sources/{}", made.id);
            let mut res = one_localized(&app, &headers, made).await?;
            *res.status_mut() = StatusCode::CREATED;
            res.headers_mut().insert(header::LOCATION, HeaderValue::from_str(&location).expect("ids are URL-safe"));
            Ok(res)
        }
        Err(ChangeError::ReadOnly) => Err(read_only()),
        Err(ChangeError::Invalid(problems)) => Err(ApiProblem::invalid(problems)),
        Err(e) => Err(ApiProblem::storage(format!("{e:?}"))),
    }
}

/// `DELETE /api/v1/data-sources/{id}` with `If-Match`: a connection added beside the first.
pub async fn remove(State(app): State<AppState>, Path(id): Path<String>, headers: HeaderMap) -> ApiResult {
    let precondition = if_match(&headers)?;
    let store = app.store.clone();
    let target = id.clone();
    let user = app.config.user.clone();
    match blocking(move || store.remove(&target, &precondition, &user)).await? {
        Ok(()) => Ok(StatusCode::NO_CONTENT.into_response()),
        Err(ChangeError::NotFound) => Err(not_found(&id)),
        Err(ChangeError::ReadOnly) => Err(read_only()),
        Err(ChangeError::Stale(current)) => Err(stale(&app, &headers, *current).await),
        Err(ChangeError::Dependents(deps)) => Err(dependents(&app, &id, deps, ApiProblem::needed).await?),
        Err(ChangeError::Conflict(detail)) => Err(ApiProblem::new(StatusCode::CONFLICT, "Not possible now", detail)),
        Err(e) => Err(ApiProblem::storage(format!("{e:?}"))),
    }
}

pub async fn patch(
    State(app): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult {
    let store = app.store.clone();
    let probe = id.clone();
    let Some(current) = blocking(move || store.get(&probe)).await?.map_err(ApiProblem::storage)? else {
        return Err(not_found(&id));
    };
    let precondition = if_match(&headers)?;
    // Preconditions before the content (RFC 9110, 13.2.1): a stale client hears 412, whatever
    // it sent. The store checks again inside its transaction.
    if !precondition.holds(current.version) {
        return Err(stale(&app, &headers, current).await);
    }
    let patch: SourcePatch = parse_body(&headers, body, false)?;
    let store = app.store.clone();
    let user = app.config.user.clone();
    let target = id.clone();
    match blocking(move || store.change(&target, &precondition, patch, &user)).await? {
        Ok(saved) => one_localized(&app, &headers, saved).await,
        Err(ChangeError::NotFound) => Err(not_found(&id)),
        Err(ChangeError::ReadOnly) => Err(read_only()),
        Err(ChangeError::Stale(current)) => Err(stale(&app, &headers, *current).await),
        Err(ChangeError::Invalid(problems)) => Err(ApiProblem::invalid(problems)),
        Err(ChangeError::Dependents(deps)) => Err(dependents(&app, &id, deps, ApiProblem::dependents).await?),
        Err(ChangeError::Conflict(detail)) => Err(ApiProblem::new(StatusCode::CONFLICT, "Not possible now", detail)),
        Err(ChangeError::Storage(e)) => Err(ApiProblem::storage(e)),
    }
}

/// The 409 naming, by their names, the connections that need `id`; `say` words it for a
/// change or a removal.
async fn dependents(
    app: &AppState,
    id: &str,
    deps: Vec<String>,
    say: fn(&str, Vec<(String, String)>) -> ApiProblem,
) -> Result<ApiProblem, ApiProblem> {
    let store = app.store.clone();
    let id = id.to_string();
    let named = blocking(move || -> Result<_, rusqlite::Error> {
        let name = |s: Option<DataSource>, fallback: &str| s.map_or_else(|| fallback.to_string(), |s| store.name(&s));
        let own = name(store.get(&id)?, &id);
        let deps = deps.into_iter().map(|d| Ok((d.clone(), name(store.get(&d)?, &d)))).collect::<Result<Vec<_>, rusqlite::Error>>()?;
        Ok((own, deps))
    })
    .await?
    .map_err(ApiProblem::storage)?;
    Ok(say(&named.0, named.1))
}

fn read_only() -> ApiProblem {
    ApiProblem::new(
        StatusCode::FORBIDDEN,
        "Read-only",
        "Your role can view data sources but not change them. Ask a console administrator.",
    )
}

pub async fn start_consent(State(app): State<AppState>, Path(id): Path<String>) -> ApiResult {
    let token = crate::random_token();
    let store = app.store.clone();
    let (t, target) = (token.clone(), id.clone());
    match blocking(move || store.start_consent(&target, &t)).await? {
        // Relative to this server; a production backend answers with Microsoft's absolute URL.
        Ok(_) => Ok((StatusCode::CREATED, Json(ConsentStart { authorization_url: format!("/consent/{token}") })).into_response()),
        Err(ChangeError::NotFound) => Err(ApiProblem::not_found(&format!("consent flow for \"{}\"", id.escape_default()))),
        Err(ChangeError::ReadOnly) => Err(read_only()),
        Err(ChangeError::Conflict(detail)) => Err(ApiProblem::new(StatusCode::CONFLICT, "Not possible now", detail)),
        Err(e) => Err(ApiProblem::storage(format!("{e:?}"))),
    }
}

pub async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], crate::OPENAPI).into_response()
}
