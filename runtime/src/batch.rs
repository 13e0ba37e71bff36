//! JSON batching: many requests in one `POST /$batch`, each answered with its
//! own status, headers and body.
//!
//! A [`Batch`] takes the `http::Request`s that the generated `…_request`
//! methods make, gives each an id, and [`send`](Batch::send)s them as Graph's
//! JSON batch format, at most [`MAX_BATCH_SIZE`] to a `$batch` request
//! (requests tied by `dependsOn` stay in one). Parts answered `429`/`503`/`504`
//! are sent again, alone, after their own `Retry-After`, within the client's
//! [`RetryPolicy`](crate::RetryPolicy). The [`BatchResponse`] decodes each
//! part with the same [`decode`](crate::decode) shapes as a single call.

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, SystemTime};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use bytes::Bytes;
use http::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use http::{HeaderMap, HeaderName, HeaderValue, Method, Request, Response, StatusCode};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use serde_json::value::RawValue;

use crate::decode::{Decode, Json};
use crate::error::Exchange;
use crate::request::APPLICATION_JSON;
use crate::send::{Outgoing, service_error};
use crate::trace::UrlTemplate;
use crate::{Client, Error};

/// The most requests Graph takes in one `$batch`.
pub const MAX_BATCH_SIZE: usize = 20;

/// One request of a batch, as the wire format writes it.
#[derive(Clone, Debug)]
struct Part {
    id: String,
    method: Method,
    /// Relative to the service root: `/groups/1?$select=id`.
    url: String,
    /// Ordered, so that the same batch is the same bytes.
    headers: BTreeMap<String, String>,
    body: Option<Value>,
    depends_on: Vec<String>,
}

/// Requests to send together through `POST /$batch`.
///
/// [`add`](Self::add) takes a request made by a generated `…_request` method
/// (or by hand; its URL must be under the client's service root) and returns
/// its id (`"1"`, `"2"`, … in order); [`add_after`](Self::add_after) makes it
/// wait for earlier ones (`dependsOn`): if one of those fails, Graph answers
/// it `424 Failed Dependency` without running it.
///
/// Graph takes at most [`MAX_BATCH_SIZE`] requests in a `$batch`, so
/// [`send`](Self::send) sends as many as it takes, in order, keeping requests
/// tied by `dependsOn` (directly or through others) in the same one; a group
/// so tied that is larger than that is refused ([`Error::InvalidBatch`]).
/// [`plan`](Self::plan) shows the split. As within one `$batch` on Graph,
/// requests not tied by `dependsOn` have no order: a group of tied requests
/// goes to the first `$batch` with room for it, so a request may run before
/// others added ahead of it. Tie requests whose order matters.
///
/// ```
/// use graphgen_runtime::{Client, RequestTarget};
///
/// let client = Client::new("https://graph.microsoft.com/v1.0")?;
/// let groups = RequestTarget::root(&client).segment("groups");
/// let mut batch = client.batch();
/// for n in 0..45 {
///     batch.add(groups.key(&format!("g{n}")).request(http::Method::GET)?)?;
/// }
/// let renamed = batch.add(groups.key("g0").json_request(
///     http::Method::PATCH,
///     &serde_json::json!({"displayName": "Sales"}),
/// )?)?;
/// let read_back = batch.add_after(groups.key("g0").request(http::Method::GET)?, &[&renamed])?;
/// assert_eq!(read_back, "47");
/// // 47 requests: 20 + 20 + 7, the PATCH and the GET after it in the last one.
/// let plan = batch.plan()?;
/// assert_eq!(plan.iter().map(Vec::len).collect::<Vec<_>>(), [20, 20, 7]);
/// assert_eq!(plan[2][5..], ["46", "47"]);
/// # Ok::<(), graphgen_runtime::Error>(())
/// ```
#[derive(Clone, Debug)]
#[must_use = "a Batch sends nothing until `send` is awaited"]
pub struct Batch {
    client: Client,
    parts: Vec<Part>,
}

impl Client {
    /// An empty [`Batch`] of requests to send through this client.
    pub fn batch(&self) -> Batch {
        Batch {
            client: self.clone(),
            parts: Vec::new(),
        }
    }
}

impl Batch {
    /// Adds `request`; its id.
    ///
    /// Its headers go with it (not `Authorization`: the `$batch` request
    /// carries the token), and the client's default headers it does not set;
    /// a JSON body (`Content-Type: application/json`) is
    /// sent as JSON, any other body base64-encoded, as Graph wants.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidBatch`] when the URL is not under the client's service
    /// root or a JSON body does not parse.
    pub fn add(&mut self, request: Request<Vec<u8>>) -> Result<String, Error> {
        self.add_after(request, &[])
    }

    /// Adds `request` to run after the requests `depends_on` (ids that
    /// [`add`](Self::add) returned) succeed; its id.
    ///
    /// # Errors
    ///
    /// As [`add`](Self::add), and [`Error::InvalidBatch`] for an id not in
    /// the batch.
    pub fn add_after(
        &mut self,
        request: Request<Vec<u8>>,
        depends_on: &[&str],
    ) -> Result<String, Error> {
        let id = (self.parts.len() + 1).to_string();
        for dependency in depends_on {
            if !self.parts.iter().any(|p| p.id == *dependency) {
                return Err(invalid(format!(
                    "request {id} depends on `{dependency}`, which is not in the batch"
                )));
            }
        }
        let (head, body) = request.into_parts();
        let uri = head.uri.to_string();
        let url = match self.client.path_under_base(&uri) {
            Some(rest) if rest.starts_with('/') => rest.to_owned(),
            Some(rest) => format!("/{rest}"),
            None => {
                return Err(invalid(format!(
                    "`{uri}` is not under the client's service root `{}`",
                    self.client.base_url()
                )));
            }
        };
        let mut headers = BTreeMap::<String, String>::new();
        for (name, value) in &head.headers {
            if name == AUTHORIZATION {
                continue;
            }
            let value = String::from_utf8_lossy(value.as_bytes());
            headers
                .entry(name.as_str().to_owned())
                .and_modify(|v| {
                    v.push_str(", ");
                    v.push_str(&value);
                })
                .or_insert_with(|| value.into_owned());
        }
        // The client's default headers go to every request, as they would alone.
        for (name, value) in self.client.default_headers() {
            headers
                .entry(name.as_str().to_owned())
                .or_insert_with(|| String::from_utf8_lossy(value.as_bytes()).into_owned());
        }
        let body = if body.is_empty() {
            None
        } else if is_json(headers.get(CONTENT_TYPE.as_str()).map(String::as_str)) {
            Some(serde_json::from_slice(&body).map_err(|e| {
                invalid(format!("the JSON body of request {id} does not parse: {e}"))
            })?)
        } else {
            Some(Value::String(STANDARD.encode(&body)))
        };
        self.parts.push(Part {
            id: id.clone(),
            method: head.method,
            url,
            headers,
            body,
            depends_on: depends_on.iter().map(|d| (*d).to_owned()).collect(),
        });
        Ok(id)
    }

    /// How many requests the batch holds.
    pub fn len(&self) -> usize {
        self.parts.len()
    }

    /// Whether the batch holds no request.
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// The ids of the `$batch` requests [`send`](Self::send) makes (before
    /// retries), in the order it sends them: each at most
    /// [`MAX_BATCH_SIZE`], the requests in each in the order they were
    /// added, a request with the ones it depends on.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidBatch`] when `dependsOn` ties more than
    /// [`MAX_BATCH_SIZE`] requests together.
    pub fn plan(&self) -> Result<Vec<Vec<String>>, Error> {
        Ok(self
            .split()?
            .into_iter()
            .map(|chunk| chunk.iter().map(|&i| self.parts[i].id.clone()).collect())
            .collect())
    }

    /// Sends the batch and reads every answer.
    ///
    /// A part answered `429`, `503` or `504` is sent again in a `$batch` of
    /// the parts to retry (with the parts that got `424` because of it), after
    /// the longest `Retry-After` among them (or the policy's backoff), until
    /// the client's [`RetryPolicy`](crate::RetryPolicy) gives up; then its
    /// last answer stays. A throttled `$batch` request itself is retried as
    /// any request is.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), graphgen_runtime::Error> {
    /// use graphgen_runtime::{Client, RequestTarget};
    ///
    /// #[derive(serde::Deserialize)]
    /// struct Group {
    ///     #[serde(rename = "displayName")]
    ///     display_name: Option<String>,
    /// }
    ///
    /// let client = Client::builder("https://graph.microsoft.com/v1.0")
    ///     .bearer_token("…")
    ///     .build()?;
    /// let groups = RequestTarget::root(&client).segment("groups");
    /// let mut batch = client.batch();
    /// let sales = batch.add(groups.key("1").request(http::Method::GET)?)?;
    /// let gone = batch.add(groups.key("2").request(http::Method::DELETE)?)?;
    /// let answers = batch.send().await?;
    /// let group: Group = answers.get(&sales)?;
    /// answers.decode::<graphgen_runtime::decode::Empty>(&gone)?;
    /// println!("{:?} in {} round trip(s)", group.display_name, answers.round_trips());
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::InvalidBatch`] as for [`plan`](Self::plan); any error of
    /// sending a `$batch` request (the ones before it are then lost);
    /// [`Error::MalformedBatchResponse`] when its answer is not a batch
    /// response. A part's own error status is no error here: it is reported
    /// by [`BatchResponse::decode`].
    pub async fn send(self) -> Result<BatchResponse, Error> {
        let chunks = self.split()?;
        let mut out = BatchResponse {
            answers: Vec::with_capacity(self.parts.len()),
            index: BTreeMap::new(),
            round_trips: 0,
        };
        for chunk in chunks {
            self.send_chunk(chunk, &mut out).await?;
        }
        let order: BTreeMap<&str, usize> = self
            .parts
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.as_str(), i))
            .collect();
        out.answers
            .sort_by_key(|a| order.get(a.id.as_str()).copied());
        out.index = out
            .answers
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.clone(), i))
            .collect();
        Ok(out)
    }

    /// The parts' indices in `$batch` requests: groups tied by `dependsOn`
    /// (in the order of their first request) each in the first with room,
    /// none split.
    fn split(&self) -> Result<Vec<Vec<usize>>, Error> {
        let index: BTreeMap<&str, usize> = self
            .parts
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.as_str(), i))
            .collect();
        // Union-find: every part points towards the first part of its group.
        let mut leader: Vec<usize> = (0..self.parts.len()).collect();
        fn find(leader: &mut [usize], mut i: usize) -> usize {
            while leader[i] != i {
                leader[i] = leader[leader[i]];
                i = leader[i];
            }
            i
        }
        for (i, part) in self.parts.iter().enumerate() {
            for dependency in &part.depends_on {
                let j = index[dependency.as_str()];
                let (a, b) = (find(&mut leader, i), find(&mut leader, j));
                leader[a.max(b)] = a.min(b);
            }
        }
        let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for i in 0..self.parts.len() {
            let root = find(&mut leader, i);
            groups.entry(root).or_default().push(i);
        }
        // First fit, groups in the order of their first request: as few `$batch`
        // requests as that order allows.
        let mut chunks: Vec<Vec<usize>> = Vec::new();
        for group in groups.into_values() {
            if group.len() > MAX_BATCH_SIZE {
                return Err(invalid(format!(
                    "dependsOn ties {} requests together (request {} and the ones it is \
                     linked with); one $batch holds at most {MAX_BATCH_SIZE}",
                    group.len(),
                    self.parts[group[0]].id
                )));
            }
            match chunks
                .iter_mut()
                .find(|chunk| chunk.len() + group.len() <= MAX_BATCH_SIZE)
            {
                Some(chunk) => chunk.extend(group),
                None => chunks.push(group),
            }
        }
        for chunk in &mut chunks {
            chunk.sort_unstable();
        }
        Ok(chunks)
    }

    /// Sends one `$batch` worth of parts, then again the parts to retry.
    async fn send_chunk(&self, chunk: Vec<usize>, out: &mut BatchResponse) -> Result<(), Error> {
        let policy = self.client.retry_policy();
        let mut pending = chunk;
        let mut attempt = 0_u32;
        while !pending.is_empty() {
            attempt += 1;
            let (answers, exchange) = self.post(&pending).await?;
            out.round_trips += 1;
            let now = SystemTime::now();
            let mut wait = Duration::ZERO;
            let mut retry = BTreeSet::new();
            for (&i, answer) in pending.iter().zip(&answers) {
                if let Some(delay) = policy.delay(attempt, answer.status, &answer.headers, now) {
                    wait = wait.max(delay);
                    retry.insert(i);
                }
            }
            // A part that failed because a part now retried did goes again with it
            // (dependencies come first, so one pass in order finds chains).
            for (&i, answer) in pending.iter().zip(&answers) {
                let blocked = answer.status == StatusCode::FAILED_DEPENDENCY
                    && self.parts[i]
                        .depends_on
                        .iter()
                        .any(|d| retry.iter().any(|&r| self.parts[r].id == *d));
                if blocked {
                    retry.insert(i);
                }
            }
            for (&i, answer) in pending.iter().zip(answers) {
                if retry.contains(&i) {
                    continue;
                }
                let part = &self.parts[i];
                out.answers.push(Answer {
                    id: part.id.clone(),
                    exchange: Exchange {
                        method: part.method.clone(),
                        url: format!("{}{}", self.client.base_url(), part.url),
                        client_request_id: exchange.client_request_id.clone(),
                        attempts: attempt,
                    },
                    status: answer.status,
                    headers: answer.headers,
                    body: answer.body,
                });
            }
            pending = retry.into_iter().collect();
            if !pending.is_empty() {
                tokio::time::sleep(wait).await;
            }
        }
        Ok(())
    }

    /// One `POST /$batch` of the parts `indices`; their answers in the same
    /// order, and the exchange.
    async fn post(&self, indices: &[usize]) -> Result<(Vec<PartAnswer>, Exchange), Error> {
        let ids: BTreeSet<&str> = indices.iter().map(|&i| self.parts[i].id.as_str()).collect();
        let requests: Vec<WireRequest<'_>> = indices
            .iter()
            .map(|&i| {
                let p = &self.parts[i];
                WireRequest {
                    id: &p.id,
                    method: p.method.as_str(),
                    url: &p.url,
                    headers: &p.headers,
                    body: p.body.as_ref(),
                    // Dependencies answered in an earlier round are met already.
                    depends_on: p
                        .depends_on
                        .iter()
                        .filter(|d| ids.contains(d.as_str()))
                        .map(String::as_str)
                        .collect(),
                }
            })
            .collect();
        let body = serde_json::to_vec(&WireBatch { requests }).map_err(Error::Serialize)?;
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(APPLICATION_JSON));
        headers.insert(ACCEPT, HeaderValue::from_static(APPLICATION_JSON));
        let mut template = UrlTemplate::default();
        template.segment("$batch");
        let outgoing = Outgoing {
            method: Method::POST,
            url: format!("{}/$batch", self.client.base_url()),
            headers,
            body: Bytes::from(body),
            template,
        };
        let (response, exchange) = self.client.execute(outgoing).await?;
        let malformed = |reason: String| Error::MalformedBatchResponse {
            exchange: Box::new(exchange.clone()),
            reason,
        };
        let wire: WireResponses = serde_json::from_slice(response.body())
            .map_err(|e| malformed(format!("the body is not {{\"responses\": [...]}}: {e}")))?;
        let mut by_id: BTreeMap<String, PartAnswer> = BTreeMap::new();
        for answer in wire.responses {
            let id = answer.id.clone();
            if !ids.contains(id.as_str()) {
                return Err(malformed(format!(
                    "an answer for id `{id}`, which was not sent"
                )));
            }
            let answer = answer.into_answer().map_err(|reason| {
                malformed(format!("the answer for id `{id}` is not valid: {reason}"))
            })?;
            if by_id.insert(id.clone(), answer).is_some() {
                return Err(malformed(format!("two answers for id `{id}`")));
            }
        }
        let mut answers = Vec::with_capacity(indices.len());
        for &i in indices {
            let id = &self.parts[i].id;
            let answer = by_id
                .remove(id)
                .ok_or_else(|| malformed(format!("no answer for id `{id}`")))?;
            answers.push(answer);
        }
        Ok((answers, exchange))
    }
}

/// The answers to a [`Batch`]: per id, the status, headers and body, decoded
/// on demand with the same [`Decode`] shapes as a single call.
///
/// ```
/// # fn check(answers: graphgen_runtime::BatchResponse) -> Result<(), graphgen_runtime::Error> {
/// use graphgen_runtime::decode;
///
/// let page = answers.decode::<decode::List<serde_json::Value>>("1")?; // a collection page
/// let count = answers.decode::<decode::Count>("2")?; // a `$count`
/// let group: serde_json::Value = answers.get("3")?; // decode::Json
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
pub struct BatchResponse {
    /// In the order the requests were added.
    answers: Vec<Answer>,
    index: BTreeMap<String, usize>,
    round_trips: usize,
}

/// One part's final answer.
#[derive(Debug)]
struct Answer {
    id: String,
    exchange: Exchange,
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl BatchResponse {
    /// The ids answered, in the order their requests were added.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.answers.iter().map(|a| a.id.as_str())
    }

    /// How many parts were answered.
    pub fn len(&self) -> usize {
        self.answers.len()
    }

    /// Whether no part was answered (an empty batch).
    pub fn is_empty(&self) -> bool {
        self.answers.is_empty()
    }

    /// How many `POST /$batch` requests the batch took, retries of parts
    /// included (not retries of a whole `$batch` request).
    pub fn round_trips(&self) -> usize {
        self.round_trips
    }

    /// The status of the part `id`.
    pub fn status(&self, id: &str) -> Option<StatusCode> {
        self.answer(id).map(|a| a.status)
    }

    /// The part `id`'s answer as a response: status, headers and body (JSON
    /// as JSON, a base64 body decoded).
    pub fn response(&self, id: &str) -> Option<Response<Bytes>> {
        self.answer(id).map(Answer::response)
    }

    /// The part `id` decoded as `D` ([`decode::Json`](crate::decode::Json),
    /// [`decode::List`](crate::decode::List), [`decode::Empty`](crate::decode::Empty),
    /// [`decode::Count`](crate::decode::Count), …), as a single call would.
    ///
    /// # Errors
    ///
    /// [`Error::Service`] when the part's status is an error (`424` when a
    /// request it depended on failed), with the part's method and URL and
    /// the `$batch` request's `client-request-id`; [`Error::Deserialize`]
    /// when the body does not match; [`Error::InvalidBatch`] for an id that
    /// was not in the batch.
    pub fn decode<D: Decode>(&self, id: &str) -> Result<D::Output, Error> {
        let answer = self
            .answer(id)
            .ok_or_else(|| invalid(format!("no request with id `{id}` in the batch")))?;
        let response = answer.response();
        if !answer.status.is_success() {
            return Err(service_error(answer.exchange.clone(), &response));
        }
        D::decode(response, &answer.exchange)
    }

    /// The part `id` as one `T` (an entity): [`decode`](Self::decode) with
    /// [`decode::Json`](crate::decode::Json).
    ///
    /// # Errors
    ///
    /// As [`decode`](Self::decode).
    pub fn get<T: DeserializeOwned + Send + 'static>(&self, id: &str) -> Result<T, Error> {
        self.decode::<Json<T>>(id)
    }

    fn answer(&self, id: &str) -> Option<&Answer> {
        self.index.get(id).map(|&i| &self.answers[i])
    }
}

impl Answer {
    fn response(&self) -> Response<Bytes> {
        let mut response = Response::new(self.body.clone());
        *response.status_mut() = self.status;
        response.headers_mut().clone_from(&self.headers);
        response
    }
}

/// `{"requests": [...]}`.
#[derive(Serialize)]
struct WireBatch<'a> {
    requests: Vec<WireRequest<'a>>,
}

#[derive(Serialize)]
struct WireRequest<'a> {
    id: &'a str,
    method: &'a str,
    url: &'a str,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    headers: &'a BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    body: Option<&'a Value>,
    #[serde(rename = "dependsOn", skip_serializing_if = "Vec::is_empty")]
    depends_on: Vec<&'a str>,
}

/// `{"responses": [...]}`.
#[derive(Deserialize)]
struct WireResponses {
    responses: Vec<WireResponse>,
}

#[derive(Deserialize)]
struct WireResponse {
    id: String,
    status: u16,
    #[serde(default)]
    headers: BTreeMap<String, String>,
    #[serde(default)]
    body: Option<Box<RawValue>>,
}

/// A part's answer, read.
struct PartAnswer {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl WireResponse {
    fn into_answer(self) -> Result<PartAnswer, String> {
        let status = StatusCode::from_u16(self.status)
            .map_err(|_| format!("status {} is not an HTTP status", self.status))?;
        let mut headers = HeaderMap::new();
        for (name, value) in &self.headers {
            let name = HeaderName::try_from(name.as_str())
                .map_err(|_| format!("`{name}` is not a header name"))?;
            let value = HeaderValue::try_from(value.as_str())
                .map_err(|_| format!("the value of `{name}` is not a header value"))?;
            headers.insert(name, value);
        }
        let json = is_json(
            headers
                .get(CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .or(Some(APPLICATION_JSON)),
        );
        let body = match self.body {
            None => Bytes::new(),
            // Graph base64-encodes bodies that are not JSON.
            Some(raw) if !json && raw.get().starts_with('"') => {
                let text: String = serde_json::from_str(raw.get()).map_err(|e| e.to_string())?;
                match STANDARD.decode(&text) {
                    Ok(bytes) => Bytes::from(bytes),
                    Err(_) => Bytes::from(text),
                }
            }
            // The part's JSON as it came, for its own typed decoding.
            Some(raw) => Bytes::from(String::from(Box::<str>::from(raw))),
        };
        Ok(PartAnswer {
            status,
            headers,
            body,
        })
    }
}

/// Whether a `Content-Type` is JSON (`None`: no content type).
fn is_json(content_type: Option<&str>) -> bool {
    content_type.is_some_and(|t| {
        let t = t.trim_start().to_ascii_lowercase();
        t.starts_with(APPLICATION_JSON) || (t.starts_with("application/") && t.contains("+json"))
    })
}

fn invalid(reason: String) -> Error {
    Error::InvalidBatch { reason }
}

#[cfg(test)]
mod tests;
