//! Helpers for the open JSON parts of generated models.

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
/// use graphgen_runtime::odata_type;
///
/// let v = serde_json::json!({"@odata.type": "#microsoft.graph.group", "id": "1"});
/// assert_eq!(odata_type(&v), Some("microsoft.graph.group"));
/// assert_eq!(odata_type(&serde_json::json!({"id": "1"})), None);
/// ```
pub fn odata_type(value: &serde_json::Value) -> Option<&str> {
    let name = value.as_object()?.get("@odata.type")?.as_str()?;
    Some(name.strip_prefix('#').unwrap_or(name))
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
