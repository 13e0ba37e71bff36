//! A local server for the tests of `fetch` and `update`: a `TcpListener` that answers each
//! connection with the next scripted reply and records the requests.

use std::io::{BufRead as _, BufReader, Write as _};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One scripted answer: wait, then send these bytes and close.
pub(crate) struct Reply {
    pub(crate) delay: Duration,
    pub(crate) bytes: Vec<u8>,
}

pub(crate) fn reply(status: &str, headers: &[&str], body: &[u8]) -> Reply {
    let mut bytes = format!("HTTP/1.1 {status}\r\nConnection: close\r\n").into_bytes();
    for h in headers {
        bytes.extend_from_slice(format!("{h}\r\n").as_bytes());
    }
    if !headers.iter().any(|h| h.starts_with("Content-Length")) {
        bytes.extend_from_slice(format!("Content-Length: {}\r\n", body.len()).as_bytes());
    }
    bytes.extend_from_slice(b"\r\n");
    bytes.extend_from_slice(body);
    Reply {
        delay: Duration::ZERO,
        bytes,
    }
}

/// Serves `replies` in order, one per connection: the base URL and the request heads seen.
pub(crate) fn serve(replies: Vec<Reply>) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    std::thread::spawn(move || {
        for r in replies {
            let Ok((mut stream, _)) = listener.accept() else {
                return;
            };
            let mut head = String::new();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                head.push_str(&line);
            }
            log.lock().unwrap().push(head);
            std::thread::sleep(r.delay);
            let _ = stream.write_all(&r.bytes);
        }
    });
    (url, seen)
}
