//! OData system query options (`$select`, `$filter`, …) and their encoding.

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

/// Characters encoded in a query option value: those that would end or
/// change the meaning of a query parameter (`&`, `=`, `#`, `+`, which some
/// servers read as a space), spaces and quotes, and everything non-ASCII.
/// `'`, `(`, `)`, `,`, `:`, `/`, `@` and `$` stay as they are, as OData
/// expressions use them.
const QUERY_VALUE: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'&')
    .add(b'+')
    .add(b'<')
    .add(b'=')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// Implemented by generated entity types (and their polymorphic `…Kind`
/// enums): the enum of their properties, for a typed `$select`.
pub trait Select {
    /// The property enum.
    type Field: Field;
}

/// A property of an entity type, as `$select` names it.
pub trait Field: Copy + 'static {
    /// The property's name on the wire (`displayName`).
    fn name(self) -> &'static str;
}

/// The query options of one request, written in a fixed order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct QueryOptions {
    pub(crate) select: Vec<&'static str>,
    pub(crate) expand: Vec<String>,
    pub(crate) filter: Option<String>,
    pub(crate) orderby: Vec<String>,
    pub(crate) search: Option<String>,
    pub(crate) count: Option<bool>,
    pub(crate) top: Option<u64>,
    pub(crate) skip: Option<u64>,
}

impl QueryOptions {
    /// Appends `?$select=…&…` (nothing when no option is set).
    pub(crate) fn append_to(&self, url: &mut String) {
        let mut sep = if url.contains('?') { '&' } else { '?' };
        let mut push = |name: &str, value: &str| {
            url.push(sep);
            sep = '&';
            url.push_str(name);
            url.push('=');
            url.extend(utf8_percent_encode(value, QUERY_VALUE));
        };
        if !self.select.is_empty() {
            push("$select", &self.select.join(","));
        }
        if !self.expand.is_empty() {
            push("$expand", &self.expand.join(","));
        }
        if let Some(filter) = &self.filter {
            push("$filter", filter);
        }
        if !self.orderby.is_empty() {
            push("$orderby", &self.orderby.join(","));
        }
        if let Some(search) = &self.search {
            push("$search", search);
        }
        if let Some(count) = self.count {
            push("$count", if count { "true" } else { "false" });
        }
        if let Some(top) = self.top {
            push("$top", &top.to_string());
        }
        if let Some(skip) = self.skip {
            push("$skip", &skip.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded(q: &QueryOptions) -> String {
        let mut url = "https://x.test/a".to_owned();
        q.append_to(&mut url);
        url
    }

    #[test]
    fn no_options_no_question_mark() {
        assert_eq!(encoded(&QueryOptions::default()), "https://x.test/a");
    }

    #[test]
    fn options_in_fixed_order_and_encoded() {
        let q = QueryOptions {
            select: vec!["id", "displayName"],
            expand: vec!["incompatibleGroups($select=id)".into()],
            filter: Some("displayName eq 'R&D + Sales' and isHidden eq false".into()),
            orderby: vec!["displayName desc".into(), "id".into()],
            search: Some("\"displayName:50% off\"".into()),
            count: Some(true),
            top: Some(100),
            skip: Some(200),
        };
        assert_eq!(
            encoded(&q),
            "https://x.test/a?$select=id,displayName\
             &$expand=incompatibleGroups($select%3Did)\
             &$filter=displayName%20eq%20'R%26D%20%2B%20Sales'%20and%20isHidden%20eq%20false\
             &$orderby=displayName%20desc,id\
             &$search=%22displayName:50%25%20off%22\
             &$count=true&$top=100&$skip=200"
        );
    }

    #[test]
    fn non_ascii_is_utf8_percent_encoded() {
        let q = QueryOptions {
            filter: Some("displayName eq 'Zoë'".into()),
            ..QueryOptions::default()
        };
        assert_eq!(
            encoded(&q),
            "https://x.test/a?$filter=displayName%20eq%20'Zo%C3%AB'"
        );
    }

    #[test]
    fn appends_to_an_existing_query() {
        let mut url = "https://x.test/a?x=1".to_owned();
        QueryOptions {
            top: Some(1),
            ..QueryOptions::default()
        }
        .append_to(&mut url);
        assert_eq!(url, "https://x.test/a?x=1&$top=1");
    }
}
