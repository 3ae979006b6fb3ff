//! How an RQL query travels: RQL quoting for values, then percent-encoding for the URL.
//!
//! Connect's RQL servers (`django-rql` on top of `lib-rql`) percent-decode the **whole** query
//! string once and then parse the result with the RQL grammar. Percent-encoding alone therefore
//! cannot protect `,`, `(`, `)`, `&` or `=` inside a value: after decoding they are syntax again.
//! What protects them is RQL quoting: a value in `"…"` or `'…'` may hold anything but its own
//! quote character, and the server strips the quotes. So the wire form quotes every value the
//! grammar would not take bare, and then percent-encodes the whole text so that it survives the
//! URL (`#`, `&`, `%`, `+`, spaces, quotes and non-ASCII bytes become `%XX`).

/// The RQL constants that must stay bare (quoted they would be plain text on the server).
const CONSTANTS: [&str; 2] = ["null()", "empty()"];

/// Stands in front of anything RQL cannot express (a value holding both quote characters, a
/// field that is not an RQL property name). The server decodes `%00` to NUL, which no RQL token
/// can hold, so it rejects the query with a parse error instead of reading a different query.
pub(crate) const REJECT: char = '\0';

/// Whether the server's grammar reads `text` as one bare value, exactly as given.
///
/// Conservative ASCII subset of lib-rql's `UNQUOTED_VAL` (`[\w\-*+\\][\w.\s\-:+@*\\]*`): no
/// whitespace, no non-ASCII. Besides those: the constants `null()` / `empty()`, and text that is
/// already one quoted RQL string (`"…"` or `'…'`, as the Connect docs quote by hand). `t` alone
/// is quoted because lib-rql lexes it as the tuple keyword.
pub(crate) fn is_plain_value(text: &str) -> bool {
    if CONSTANTS.contains(&text) || is_quoted(text) {
        return true;
    }
    if text == "t" {
        return false;
    }
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let bare_first =
        |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '*' | '+' | '\\');
    let bare_rest = |c: char| bare_first(c) || matches!(c, '.' | ':' | '@');
    bare_first(first) && chars.all(bare_rest)
}

/// Whether `text` is one complete quoted RQL string: `"…"` without inner `"`, or `'…'` without
/// inner `'`.
fn is_quoted(text: &str) -> bool {
    ['"', '\''].into_iter().any(|quote| {
        text.len() >= 2
            && text.starts_with(quote)
            && text.ends_with(quote)
            && !text[1..text.len() - 1].contains(quote)
    })
}

/// Whether `field` is a property name the grammar accepts (`[A-Za-z][\w\-.]*`, ASCII).
pub(crate) fn is_property(field: &str) -> bool {
    let mut chars = field.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// Writes `text` as one quoted RQL string: `"…"`, or `'…'` when it holds a `"`. Text holding
/// both quote characters cannot be expressed in RQL; it is written after [`REJECT`].
pub(crate) fn push_quoted(out: &mut String, text: &str) {
    let quote = match (text.contains('"'), text.contains('\'')) {
        (false, _) => '"',
        (true, false) => '\'',
        (true, true) => {
            out.push(REJECT);
            '"'
        }
    };
    out.push(quote);
    out.push_str(text);
    out.push(quote);
}

/// Percent-encodes RQL text for a URL query: everything but `A-Z a-z 0-9 - . _ ~` and the RQL
/// punctuation `( ) , * : @` becomes `%XX` (UTF-8 bytes, upper-case hex).
pub(crate) fn percent_encode(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(text.len());
    for &byte in text.as_bytes() {
        if byte.is_ascii_alphanumeric()
            || matches!(
                byte,
                b'-' | b'.' | b'_' | b'~' | b'(' | b')' | b',' | b'*' | b':' | b'@'
            )
        {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0x0F)]));
        }
    }
    out
}
