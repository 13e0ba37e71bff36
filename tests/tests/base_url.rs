//! A profile's base URL becomes the emitted `DEFAULT_BASE_URL`, which
//! `Client::with_default_base_url()` hands to the runtime's `Client::new`, expecting it to be
//! accepted. graphgen does not depend on the runtime, so it has a check of its own
//! (`generator/src/config/base_url.rs`, run by `Config::validate`); this runs one table of URLs
//! through both checks.

/// Whether graphgen's configuration check accepts `url` as a base URL (any other refusal is a
/// failure of this test).
fn generator_accepts(url: &str) -> bool {
    let mut config = graphgen::Config::new();
    config.profile(graphgen::Profile::new("v1_0", "graph.xml"));
    config.profiles[0].base_url = Some(url.to_owned());
    match config.validate() {
        Ok(()) => true,
        Err(graphgen::Error::InvalidBaseUrl { url: refused, .. }) => {
            assert_eq!(refused, url);
            false
        }
        Err(e) => panic!("{url}: not a base URL error: {e}"),
    }
}

/// Whether the runtime's `Client::new` accepts `url`.
fn runtime_accepts(url: &str) -> bool {
    match graphgen_runtime::Client::new(url) {
        Ok(_) => true,
        Err(graphgen_runtime::Error::InvalidBaseUrl { .. }) => false,
        Err(e) => panic!("{url}: not a base URL error: {e}"),
    }
}

/// Both accept these.
const ACCEPTED: &[&str] = &[
    "https://graph.microsoft.com/v1.0",
    "https://graph.microsoft.com/beta/",
    "https://graph.microsoft.com",
    "https://graph.microsoft.com/",
    "HTTPS://Graph.Microsoft.com/v1.0",
    "http://localhost:8080",
    "http://127.0.0.1:3000/v1.0",
    "https://[::1]/v1.0",
    "https://[2001:db8::1]:8443/v1.0",
    "https://graph.microsoft.com:/v1.0",
    "https://graph.microsoft.us/v1.0",
    "https://microsoftgraph.chinacloudapi.cn/v1.0",
    "https://graph.microsoft.com/v1.0/sites/contoso.sharepoint.com:/teams",
    "https://graph.microsoft.com/v1.0/a%20b/%2F",
    "https://host_name.example/v1.0;x=1/$batch/'a'(b)*+,!&~@",
];

/// Both refuse these.
const REFUSED: &[&str] = &[
    // The one the generator used to accept: `with_default_base_url()` panicked.
    "https://%zz/v1.0",
    "https://%41/v1.0",
    // No host.
    "https://",
    "https:///v1.0",
    "https://:443/v1.0",
    // User info.
    "https://user@graph.microsoft.com/v1.0",
    "https://user:secret@graph.microsoft.com/v1.0",
    "https://@graph.microsoft.com/v1.0",
    // Query or fragment.
    "https://graph.microsoft.com/v1.0?x=1",
    "https://graph.microsoft.com/v1.0?",
    "https://graph.microsoft.com/v1.0#top",
    "https://graph.microsoft.com#top",
    // Spaces and control characters.
    "https://graph.microsoft.com/v 1.0",
    "https://graph microsoft.com/v1.0",
    " https://graph.microsoft.com/v1.0",
    "https://graph.microsoft.com/v1.0 ",
    "https://graph.microsoft.com/v1.0\n",
    "https://graph.microsoft.com/v1.0\t",
    // Non-ASCII in the host.
    "https://grâph.microsoft.com/v1.0",
    // Not absolute, or not http(s).
    "",
    "graph.microsoft.com/v1.0",
    "//graph.microsoft.com/v1.0",
    "https:/graph.microsoft.com/v1.0",
    "https:graph.microsoft.com",
    "ftp://graph.microsoft.com/v1.0",
    "file:///v1.0",
    "ws://graph.microsoft.com/v1.0",
    "http+unix://graph.microsoft.com/v1.0",
    // Characters no URL has unencoded.
    "https://graph.microsoft.com/<v1.0>",
    "https://graph.microsoft.com/v1.0`",
    "https://graph.microsoft.com\\v1.0",
    "https://graph.microsoft.com:8080:8081/v1.0",
    // Brackets that do not close.
    "https://[::1/v1.0",
    "https://::1]/v1.0",
];

/// The runtime lets these through and graphgen refuses them: what RFC 3986 says a URL cannot
/// hold (characters it must percent-encode, a `%` that encodes nothing, a port that is no
/// port number, an IPv6 zone identifier, a host around a bracketed address). Refusing more
/// is safe (the emitted client never gets a URL the runtime refuses), and a service root has
/// none of them.
const REFUSED_BY_GRAPHGEN_ONLY: &[&str] = &[
    "https://graph.microsoft.com/vé",
    "https://graph.microsoft.com/%zz",
    "https://graph.microsoft.com/v1.0%",
    "https://graph.microsoft.com/{v1.0}",
    "https://graph.microsoft.com/v1.0|beta",
    "https://graph.microsoft.com/\"v1.0\"",
    "https://graph.microsoft.com/v1.0^",
    "https://graph.microsoft.com/[v1.0]",
    "https://graph.microsoft.com:https/v1.0",
    "https://graph.microsoft.com:65536/v1.0",
    "https://[fe80::1%25eth0]/v1.0",
    "https://a[::1]/v1.0",
    "https://[::1]a/v1.0",
    "https://[graph]/v1.0",
];

#[test]
fn the_generator_and_the_runtime_accept_and_refuse_the_same_base_urls() {
    let mut wrong = Vec::new();
    for (urls, generator, runtime) in [
        (ACCEPTED, true, true),
        (REFUSED, false, false),
        (REFUSED_BY_GRAPHGEN_ONLY, false, true),
    ] {
        for url in urls {
            let got = (generator_accepts(url), runtime_accepts(url));
            if got != (generator, runtime) {
                wrong.push(format!(
                    "{url:?}: generator {}, runtime {}; expected {generator}, {runtime}",
                    got.0, got.1
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Beyond the table: every URL made of these pieces that graphgen accepts, the runtime
/// accepts too, so no emitted `with_default_base_url()` can panic.
#[test]
fn no_url_graphgen_accepts_is_refused_by_the_runtime() {
    let schemes = ["https://", "HTTP://", "ftp://", "https:/", "", "https://u@"];
    let hosts = [
        "graph.microsoft.com",
        "localhost:8080",
        "h:",
        "[::1]",
        "[::1]:443",
        "[::1]x",
        "%zz",
        "a%41",
        "",
        ":80",
        "a b",
        "grâph",
        "h:x",
        "h:1:2",
        "[fe80::1%25en0]",
        "a[::1]",
        "h_~!$&'()*+,;=",
        "h\\",
        "h\"",
    ];
    let paths = [
        "",
        "/",
        "/v1.0",
        "/v1.0/",
        "//",
        "/a%20b",
        "/%zz",
        "/%",
        "/é",
        "/a b",
        "/a?b",
        "/a#b",
        "/{x}",
        "/a|b",
        "/$metadata",
        "/a;b=c",
        "/a@b:c",
        "/a\"b",
        "/a^b",
        "/a`b",
        "/a<b>",
        "/a\u{0}",
        "/a\\b",
    ];
    let (mut both, mut runtime_only) = (0, 0);
    let mut wrong = Vec::new();
    for scheme in schemes {
        for host in hosts {
            for path in paths {
                let url = format!("{scheme}{host}{path}");
                match (generator_accepts(&url), runtime_accepts(&url)) {
                    (true, true) => both += 1,
                    (true, false) => wrong.push(url),
                    (false, true) => runtime_only += 1,
                    (false, false) => {}
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "graphgen accepts, the runtime refuses:\n{}",
        wrong.join("\n")
    );
    // The pieces make URLs of every kind, so the containment above is not vacuous.
    assert!(both >= 100, "{both} accepted by both");
    assert!(runtime_only > 0);
}
