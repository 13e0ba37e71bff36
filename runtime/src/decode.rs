//! How a [`Call`](crate::Call) turns a success response into a value: one
//! marker type per response shape, chosen by generated code.

use std::marker::PhantomData;

use bytes::Bytes;
use http::Response;
use serde::de::DeserializeOwned;

use crate::error::Exchange;
use crate::{Error, Page};

/// A response shape: the `Accept` header to send and how to read the body.
pub trait Decode: 'static {
    /// The value a successful call gives.
    type Output: Send + 'static;

    /// The `Accept` header value.
    const ACCEPT: &'static str = crate::request::APPLICATION_JSON;

    /// Whether the request needs `ConsistencyLevel: eventual` (which Graph requires to
    /// count directory objects and ignores elsewhere).
    const CONSISTENCY_LEVEL_EVENTUAL: bool = false;

    /// Reads the value from a success response.
    ///
    /// # Errors
    ///
    /// [`Error::Deserialize`] when the body does not match.
    fn decode(response: Response<Bytes>, exchange: &Exchange) -> Result<Self::Output, Error>;
}

/// The shapes that read entities of type `Entity`, on which `$select` and
/// `$expand` apply: [`Json`] (one) and [`List`] (a page).
pub trait Reads: Decode {
    /// The entity type read.
    type Entity;
}

impl<T: DeserializeOwned + Send + 'static> Reads for Json<T> {
    type Entity = T;
}

impl<T: DeserializeOwned + Send + 'static> Reads for List<T> {
    type Entity = T;
}

/// A JSON body that is one `T` (an entity, a complex value).
#[derive(Debug)]
pub struct Json<T>(PhantomData<fn() -> T>);

impl<T: DeserializeOwned + Send + 'static> Decode for Json<T> {
    type Output = T;

    fn decode(response: Response<Bytes>, exchange: &Exchange) -> Result<T, Error> {
        from_json(&response, exchange)
    }
}

/// A collection page, `{"value": [T…], "@odata.nextLink": …}`.
#[derive(Debug)]
pub struct List<T>(PhantomData<fn() -> T>);

impl<T: DeserializeOwned + Send + 'static> Decode for List<T> {
    type Output = Page<T>;

    fn decode(response: Response<Bytes>, exchange: &Exchange) -> Result<Page<T>, Error> {
        from_json(&response, exchange)
    }
}

/// A value wrapped as `{"value": T}`: what operations returning a primitive
/// or a collection send.
#[derive(Debug)]
pub struct Value<T>(PhantomData<fn() -> T>);

impl<T: DeserializeOwned + Send + 'static> Decode for Value<T> {
    type Output = T;

    fn decode(response: Response<Bytes>, exchange: &Exchange) -> Result<T, Error> {
        #[derive(serde::Deserialize)]
        struct Wrapped<T> {
            value: T,
        }
        from_json::<Wrapped<T>>(&response, exchange).map(|w| w.value)
    }
}

/// No value: `204 No Content`, or a body the caller does not need.
#[derive(Debug)]
pub struct Empty;

impl Decode for Empty {
    type Output = ();

    fn decode(_: Response<Bytes>, _: &Exchange) -> Result<(), Error> {
        Ok(())
    }
}

/// A `$count`: a `text/plain` number.
#[derive(Debug)]
pub struct Count;

impl Decode for Count {
    type Output = u64;
    const ACCEPT: &'static str = crate::request::TEXT_PLAIN;
    const CONSISTENCY_LEVEL_EVENTUAL: bool = true;

    fn decode(response: Response<Bytes>, exchange: &Exchange) -> Result<u64, Error> {
        let text = String::from_utf8_lossy(response.body());
        // A number is also valid JSON, so JSON's error message serves.
        from_json_bytes(text.trim().as_bytes(), response.status(), exchange)
    }
}

/// Deserializes the body; on failure, deserializes again through
/// `serde_path_to_error` to name the JSON path (so the common path pays
/// nothing for it).
pub(crate) fn from_json<T: DeserializeOwned>(
    response: &Response<Bytes>,
    exchange: &Exchange,
) -> Result<T, Error> {
    from_json_bytes(response.body(), response.status(), exchange)
}

fn from_json_bytes<T: DeserializeOwned>(
    body: &[u8],
    status: http::StatusCode,
    exchange: &Exchange,
) -> Result<T, Error> {
    let first = match serde_json::from_slice(body) {
        Ok(value) => return Ok(value),
        Err(e) => e,
    };
    let mut de = serde_json::Deserializer::from_slice(body);
    let (path, source) = match serde_path_to_error::deserialize::<_, T>(&mut de) {
        Ok(_) => (".".to_owned(), first),
        Err(e) => (e.path().to_string(), e.into_inner()),
    };
    Err(Error::Deserialize {
        exchange: Box::new(exchange.clone()),
        status,
        path,
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exchange() -> Exchange {
        Exchange {
            method: http::Method::GET,
            url: "https://x.test/a".into(),
            client_request_id: "c1".into(),
            attempts: 1,
        }
    }

    fn response(body: &'static str) -> Response<Bytes> {
        Response::new(Bytes::from_static(body.as_bytes()))
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Item {
        id: String,
        #[serde(rename = "createdDateTime")]
        created: Option<chrono::DateTime<chrono::FixedOffset>>,
    }

    #[test]
    fn a_bad_value_names_its_json_path() {
        let body = r#"{"value":[{"id":"1"},{"id":"2","createdDateTime":"yesterday"}]}"#;
        let err = List::<Item>::decode(response(body), &exchange()).unwrap_err();
        let Error::Deserialize { path, status, .. } = &err else {
            panic!("{err:?}")
        };
        assert_eq!(path, "value[1].createdDateTime");
        assert_eq!(*status, http::StatusCode::OK);
        let msg = err.to_string();
        assert!(msg.contains("GET https://x.test/a"), "{msg}");
        assert!(msg.contains("client-request-id c1"), "{msg}");
        assert!(msg.contains("`value[1].createdDateTime`"), "{msg}");
    }

    #[test]
    fn an_empty_body_where_json_is_expected_is_an_error() {
        let err = Json::<Item>::decode(response(""), &exchange()).unwrap_err();
        assert!(matches!(err, Error::Deserialize { .. }), "{err:?}");
    }

    #[test]
    fn values_counts_and_empties() {
        let v = Value::<Vec<bool>>::decode(response(r#"{"value":[true,false]}"#), &exchange());
        assert_eq!(v.unwrap(), vec![true, false]);
        assert_eq!(Count::decode(response("42\n"), &exchange()).unwrap(), 42);
        assert!(Count::decode(response("many"), &exchange()).is_err());
        assert!(Empty::decode(response("<html/>"), &exchange()).is_ok());
    }
}
