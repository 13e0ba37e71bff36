//! Request builders, parameter structs and the profile's `Client`.

use std::path::Path;

use super::fixture;
use super::{assert_has, assert_lacks, files, letter};

fn file(path: &str) -> String {
    let files = files(&fixture::model(), &fixture::selection());
    files
        .get(Path::new(path))
        .unwrap_or_else(|| panic!("no {path} in {:?}", files.keys().collect::<Vec<_>>()))
        .clone()
}

const RESULT: &str = "::std::result::Result<::http::Request<::std::vec::Vec<u8>>, \
                      ::graphgen_runtime::Error>";

#[test]
fn item_builder_has_the_selected_methods() {
    let a = letter("src/v1_0/requests", 'a');
    assert_has(
        &a,
        "#[derive(::std::clone::Clone, ::std::fmt::Debug)]
         pub struct AccessPackageItem { pub(super) target: ::graphgen_runtime::RequestTarget, }",
    );
    assert_has(
        &a,
        "pub fn new(target: ::graphgen_runtime::RequestTarget) -> Self { Self { target } }",
    );
    assert_has(
        &a,
        "pub fn target(&self) -> &::graphgen_runtime::RequestTarget { &self.target }",
    );
    assert_has(
        &a,
        &format!(
            "/// `GET …` — reads this `accessPackage`.
             #[inline] pub fn get_request(&self) -> {RESULT} {{ self.target.request(::http::Method::GET) }}"
        ),
    );
    assert_has(
        &a,
        &format!(
            "pub fn patch_request(&self, body: &super::super::models::AccessPackage) -> {RESULT} {{
                 self.target.json_request(::http::Method::PATCH, body)
             }}"
        ),
    );
    assert_has(&a, "pub fn delete_request(&self)");
    // Builder methods are thin wrappers: `#[inline]`, so a crate that generates the whole
    // service pays code generation only for the methods its users call.
    assert_has(&a, "#[inline] pub fn delete_request(&self)");
    // PUT is not selected.
    assert_lacks(&a, "pub fn put_request");
}

#[test]
fn navigation_methods_by_kind() {
    let a = letter("src/v1_0/requests", 'a');
    // Non-contained collection: the runtime's NavCollection (with `$ref` links).
    assert_has(
        &a,
        r#"/// `…/incompatibleGroups` — the related `group` entities (list, `$count`, `$ref` links).
           #[inline] pub fn incompatible_groups(&self)
               -> ::graphgen_runtime::NavCollection<super::super::models::Group> {
               ::graphgen_runtime::NavCollection::new(self.target.segment("incompatibleGroups"))
           }"#,
    );
    // Contained collection: a collection builder of its own (in the file of its element
    // type, `accessPackage`).
    let i = letter("src/v1_0/requests", 'i');
    assert_has(
        &i,
        r#"pub fn access_packages(&self)
               -> super::IdentityGovernanceAccessPackagesCollection {
               super::IdentityGovernanceAccessPackagesCollection::new(
                   self.target.segment("accessPackages"),
               )
           }"#,
    );
}

#[test]
fn collection_builder_methods() {
    // Placed with its element type, `accessPackage`.
    let i = letter("src/v1_0/requests", 'a');
    assert_has(
        &i,
        "pub struct IdentityGovernanceAccessPackagesCollection {",
    );
    assert_has(
        &i,
        &format!(
            "/// `GET …/accessPackages` — lists the `accessPackage` entities.
             #[inline] pub fn list_request(&self) -> {RESULT} {{ self.target.request(::http::Method::GET) }}"
        ),
    );
    assert_has(
        &i,
        &format!(
            "/// `POST …/accessPackages` — creates an `accessPackage` from `body`.
             #[inline] pub fn post_request(&self, body: &super::super::models::AccessPackage) -> {RESULT} {{
                 self.target.json_request(::http::Method::POST, body)
             }}"
        ),
    );
    assert_has(&i, "self.target.count_request()");
    assert_has(
        &i,
        "/// `…/accessPackages/{id}` — one `accessPackage` by its key.
         #[inline] pub fn by_id(&self, id: &str) -> AccessPackageItem {
             AccessPackageItem::new(self.target.key(id))
         }",
    );
    assert_has(
        &i,
        r#"/// `…/accessPackages(uniqueName=…)` — one `accessPackage` by an alternate key.
           #[inline] pub fn by_unique_name(&self, unique_name: &str) -> AccessPackageItem {
               AccessPackageItem::new(
                   self.target.key_parens(&[("uniqueName", ::graphgen_runtime::Literal::from(unique_name))]),
               )
           }"#,
    );
    let g = letter("src/v1_0/requests", 'g');
    assert_has(&g, "pub struct GroupsCollection {");
    assert_has(&g, "/// `GET /groups` — lists the `group` entities.");
}

#[test]
fn actions_post_their_params_struct() {
    let a = letter("src/v1_0/requests", 'a');
    assert_has(
        &a,
        r#"/// Parameters of the `microsoft.graph.assign` action (bound to `microsoft.graph.accessPackage`).
           #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::default::Default,
                    ::std::cmp::PartialEq, ::serde::Serialize)]
           pub struct AssignParams {
               /// The `note` parameter (required).
               #[serde(rename = "note")]
               pub note: ::std::string::String,
               /// The `when` parameter (nullable; left out when `None`).
               #[serde(rename = "when", default, skip_serializing_if = "::std::option::Option::is_none")]
               pub when: ::std::option::Option<::chrono::DateTime<::chrono::FixedOffset>>,
           }"#,
    );
    assert_has(
        &a,
        &format!(
            r#"/// `POST …/assign` — calls the `microsoft.graph.assign` action.
               ///
               /// Assigns the package.
               #[inline] pub fn assign_request(&self, params: &super::AssignParams) -> {RESULT} {{
                   self.target.segment("assign").json_request(::http::Method::POST, params)
               }}"#
        ),
    );
    assert_has(
        &a,
        r#"pub fn reprocess_request(&self) -> ::std::result::Result<::http::Request<::std::vec::Vec<u8>>, ::graphgen_runtime::Error> {
               self.target.segment("reprocess").request(::http::Method::POST)
           }"#,
    );
}

#[test]
fn functions_write_params_as_literals() {
    // In the file named after the struct (`get_applicable.rs`), beside the builders of the
    // binding type's namespace, not in the binding type's own file.
    let g = letter("src/v1_0/requests", 'g');
    // A required enum parameter has no Default, so neither has the struct.
    assert_has(
        &g,
        "#[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, \
         ::serde::Serialize)] pub struct GetApplicableParams {",
    );
    let i = letter("src/v1_0/requests", 'a');
    assert_has(
        &i,
        r#"/// `GET …/accessPackages/getApplicable(state=…,top=…,policy=…,since=…)` — calls the `microsoft.graph.getApplicable` function."#,
    );
    assert_has(
        &i,
        r#"let mut args: ::std::vec::Vec<(&str, ::graphgen_runtime::Literal)> = ::std::vec::Vec::from([(
               "state",
               ::graphgen_runtime::Literal::from(::graphgen_runtime::WireEnum::as_wire(&params.state)),
           )]);
           if let ::std::option::Option::Some(value) = &params.top {
               args.push(("top", ::graphgen_runtime::Literal::from(*value)));
           }
           if let ::std::option::Option::Some(value) = &params.policy {
               args.push((
                   "policy",
                   ::graphgen_runtime::Literal::json(::serde_json::to_value(value).map_err(::graphgen_runtime::Error::Serialize)?),
               ));
           }
           match &params.since {
               ::std::option::Option::Some(value) => {
                   args.push(("since", ::graphgen_runtime::Literal::from(*value)));
               }
               ::std::option::Option::None => {
                   args.push(("since", ::graphgen_runtime::Literal::null()));
               }
           }
           ::std::result::Result::Ok(target.function_call("getApplicable", &args))"#,
    );
    // The request method builds through the sending one; a parameter that fails to encode
    // fails the call when it is awaited.
    assert_has(&i, "self.get_applicable(params).request()");
    assert_has(
        &i,
        "::std::result::Result::Err(e) => self.target.failed_call(e)",
    );
}

#[test]
fn client_has_one_method_per_root() {
    let root = file("src/v1_0/mod.rs");
    assert_has(&root, "pub mod models; pub mod requests;");
    assert_has(
        &root,
        r#"pub const DEFAULT_BASE_URL: &str = "https://graph.microsoft.com/v1.0";"#,
    );
    assert_has(
        &root,
        "#[derive(::std::clone::Clone, ::std::fmt::Debug)]
         pub struct Client { inner: ::graphgen_runtime::Client, }",
    );
    assert_has(
        &root,
        "pub fn new(base_url: impl ::std::convert::Into<::std::string::String>,)
         -> ::std::result::Result<Self, ::graphgen_runtime::Error>",
    );
    assert_has(&root, "pub fn with_default_base_url() -> Self {");
    // The builder builds this profile's `Client`, not the runtime's.
    assert_has(
        &root,
        "pub fn builder() -> ::graphgen_runtime::ClientBuilder<Self> {
         ::graphgen_runtime::ClientBuilder::new(DEFAULT_BASE_URL) }",
    );
    assert_has(&root, "This cannot fail");
    assert_has(
        &root,
        "pub fn from_runtime(inner: ::graphgen_runtime::Client) -> Self { Self { inner } }",
    );
    assert_has(
        &root,
        "pub fn runtime(&self) -> &::graphgen_runtime::Client { &self.inner }",
    );
    assert_has(
        &root,
        r#"pub fn groups(&self) -> requests::GroupsCollection {
               requests::GroupsCollection::new(
                   ::graphgen_runtime::RequestTarget::root(&self.inner).segment("groups"),
               )
           }"#,
    );
    assert_has(
        &root,
        r#"pub fn identity_governance(&self) -> requests::IdentityGovernanceItem {"#,
    );
    assert_has(
        &root,
        r#"pub fn alerts(&self) -> requests::security::AlertsCollection {"#,
    );
}

#[test]
fn typed_and_composite_keys() {
    // The collection is placed with its element type, beside the item builder.
    let g = letter("src/v1_0/requests", 'b');
    assert_has(
        &g,
        "/// `/guids/{guid}` — one `byGuid` by its key.
         #[inline] pub fn by_id(&self, id: ::uuid::Uuid) -> ByGuidItem {
             ByGuidItem::new(
                 self.target.key(&::std::string::ToString::to_string(&id)),
             )
         }",
    );
    let p = letter("src/v1_0/requests", 'p');
    assert_has(
        &p,
        r#"/// `/pairs(left=…,right=…)` — one `pair` by its composite key.
           #[inline] pub fn by_id(&self, left: &str, right: i32) -> PairItem {
               PairItem::new(
                   self.target.key_parens(&[
                       ("left", ::graphgen_runtime::Literal::from(left)),
                       ("right", ::graphgen_runtime::Literal::from(right)),
                   ]),
               )
           }"#,
    );
    // PUT is selected on byGuid.
    let b = letter("src/v1_0/requests", 'b');
    assert_has(
        &b,
        "pub fn put_request(&self, body: &super::super::models::ByGuid)",
    );
}

#[test]
fn method_names_never_shadow_the_builder_or_std_traits() {
    let i = letter("src/v1_0/requests", 'i');
    assert_has(
        &i,
        r#"pub fn target_2(&self) -> ::graphgen_runtime::NavSingle<super::super::models::Group> {
               ::graphgen_runtime::NavSingle::new(self.target.segment("target"))
           }"#,
    );
    assert_has(&i, r#"pub fn clone_2(&self)"#);
    assert_has(&i, r#"self.target.segment("clone")"#);
    let a = letter("src/v1_0/requests", 'a');
    assert_has(
        &a,
        r#"#[allow(clippy::wrong_self_convention)]
           #[inline] pub fn from_template_request(&self)"#,
    );
}
