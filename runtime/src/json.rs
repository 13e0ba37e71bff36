//! The open JSON parts of generated models: [`AdditionalData`] (API: a field of every model)
//! and the helpers of polymorphic values (`crate::__private`).

/// Properties a generated model does not know, kept so that they survive a
/// round trip. Generated structs hold one under `#[serde(flatten)]`.
///
/// A `BTreeMap` keeps serialization order stable.
pub type AdditionalData = std::collections::BTreeMap<String, serde_json::Value>;

/// The `@odata.type` annotation of a JSON object, with a leading `#`
/// removed: the type name used to pick the variant of a polymorphic value.
///
/// `None` if `value` is not an object or has no string `@odata.type`.
///
/// # Examples
///
/// ```
/// use graphgen_runtime::__private::odata_type;
///
/// let v = serde_json::json!({"@odata.type": "#microsoft.graph.group", "id": "1"});
/// assert_eq!(odata_type(&v), Some("microsoft.graph.group"));
/// assert_eq!(odata_type(&serde_json::json!({"id": "1"})), None);
/// ```
pub fn odata_type(value: &serde_json::Value) -> Option<&str> {
    let name = value.as_object()?.get("@odata.type")?.as_str()?;
    Some(name.strip_prefix('#').unwrap_or(name))
}

/// Serializes one variant of a generated polymorphic (`<Type>Kind`) value: `value`
/// as it is when it names its type itself (`has_type`, its `odata_type` is set), else
/// with `"@odata.type": odata_type` added, so the service knows which derived type it
/// receives.
///
/// ```
/// #[derive(serde::Serialize)]
/// struct User { id: &'static str }
///
/// let json = serde_json::to_value(SerializeWith(&User { id: "1" })).unwrap();
/// assert_eq!(json, serde_json::json!({"id": "1", "@odata.type": "#microsoft.graph.user"}));
///
/// struct SerializeWith<'a>(&'a User);
/// impl serde::Serialize for SerializeWith<'_> {
///     fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
///         graphgen_runtime::__private::serialize_tagged(self.0, false, "#microsoft.graph.user", s)
///     }
/// }
/// ```
///
/// # Errors
///
/// Whatever serializing `value` fails with.
pub fn serialize_tagged<T, S>(
    value: &T,
    has_type: bool,
    odata_type: &'static str,
    serializer: S,
) -> Result<S::Ok, S::Error>
where
    T: serde::Serialize + ?Sized,
    S: serde::Serializer,
{
    if has_type {
        return value.serialize(serializer);
    }
    let mut json = serde_json::to_value(value).map_err(<S::Error as serde::ser::Error>::custom)?;
    if let serde_json::Value::Object(map) = &mut json {
        map.insert(
            "@odata.type".to_owned(),
            serde_json::Value::from(odata_type),
        );
    }
    serde::Serialize::serialize(&json, serializer)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn odata_type_table() {
        let table = [
            (
                json!({"@odata.type": "#microsoft.graph.user"}),
                Some("microsoft.graph.user"),
            ),
            (
                json!({"@odata.type": "microsoft.graph.user"}),
                Some("microsoft.graph.user"),
            ),
            (json!({"@odata.type": "##x"}), Some("#x")),
            (json!({"@odata.type": ""}), Some("")),
            (json!({"@odata.type": 3}), None),
            (json!({"type": "x"}), None),
            (json!(["@odata.type"]), None),
            (json!("#microsoft.graph.user"), None),
        ];
        for (value, expected) in table {
            assert_eq!(odata_type(&value), expected, "{value}");
        }
    }

    #[test]
    fn additional_data_round_trips_in_flatten() {
        #[derive(serde::Serialize, serde::Deserialize)]
        struct Model {
            id: Option<String>,
            #[serde(flatten)]
            additional_data: AdditionalData,
        }
        let json = r#"{"id":"1","newProperty":{"a":[1,2]},"zeta":null}"#;
        let model: Model = serde_json::from_str(json).unwrap();
        assert_eq!(model.additional_data.len(), 2);
        assert_eq!(serde_json::to_string(&model).unwrap(), json);
    }
}
