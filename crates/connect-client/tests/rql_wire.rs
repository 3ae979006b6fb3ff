//! `R::to_query_component`: values reach the server intact.
//!
//! `server_reads` imitates Connect's RQL servers (django-rql / lib-rql): percent-decode the whole
//! query string once, parse it with the RQL grammar, strip the quotes of quoted values. Every
//! value must come back exactly as given; what RQL cannot express must be rejected, never read
//! as a different query.

use connect_client::rql::{R, RqlValue};

/// What the server understood.
#[derive(Debug, PartialEq)]
enum Q {
    /// `op(prop,value)`; `None` is the `null()` / `empty()` constant.
    Cmp(String, String, Option<String>),
    /// `in` / `out` with the values.
    List(String, String, Vec<String>),
    /// `and` / `or` / `not` with the children.
    Logic(String, Vec<Q>),
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

struct Parser {
    chars: Vec<char>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn expect(&mut self, c: char) -> Option<()> {
        (self.peek()? == c).then(|| self.at += 1)
    }

    fn word(&mut self) -> String {
        let start = self.at;
        while self.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
            self.at += 1;
        }
        self.chars[start..self.at].iter().collect()
    }

    fn term(&mut self) -> Option<Q> {
        let op = self.word();
        self.expect('(')?;
        let q = match op.as_str() {
            "and" | "or" | "not" => {
                let mut children = vec![self.term()?];
                while self.peek() == Some(',') && op != "not" {
                    self.at += 1;
                    children.push(self.term()?);
                }
                Q::Logic(op, children)
            }
            "in" | "out" => {
                let prop = self.prop()?;
                self.expect(',')?;
                self.expect('(')?;
                let mut values = vec![self.value()?];
                while self.peek() == Some(',') {
                    self.at += 1;
                    values.push(self.value()?);
                }
                self.expect(')')?;
                Q::List(op, prop, values.into_iter().collect::<Option<_>>()?)
            }
            "eq" | "ne" | "lt" | "le" | "gt" | "ge" | "like" | "ilike" => {
                let prop = self.prop()?;
                self.expect(',')?;
                Q::Cmp(op, prop, self.value()?)
            }
            _ => return None,
        };
        self.expect(')')?;
        Some(q)
    }

    /// `PROP: /[a-zA-Z]/ /[\w\-\.]/*`
    fn prop(&mut self) -> Option<String> {
        let start = self.at;
        if !self.peek()?.is_ascii_alphabetic() {
            return None;
        }
        while self
            .peek()
            .is_some_and(|c| c.is_alphanumeric() || "_-.".contains(c))
        {
            self.at += 1;
        }
        Some(self.chars[start..self.at].iter().collect())
    }

    /// A quoted value (quotes stripped), a bare value, or a constant (`Some(None)`).
    fn value(&mut self) -> Option<Option<String>> {
        let rest: String = self.chars[self.at..].iter().collect();
        for constant in ["null()", "empty()"] {
            if rest.starts_with(constant) {
                self.at += constant.chars().count();
                return Some(None);
            }
        }
        let first = self.peek()?;
        if first == '"' || first == '\'' {
            let len = rest[1..].find(first)?;
            let inner: String = rest[1..1 + len].to_owned();
            self.at += inner.chars().count() + 2;
            return Some(Some(inner));
        }
        // UNQUOTED_VAL: /[\w\-\*\+\\]/ /[\w\.\s\-\:\+\@\*\\]/*
        if !(first.is_alphanumeric() || "_-*+\\".contains(first)) {
            return None;
        }
        let start = self.at;
        self.at += 1;
        while self
            .peek()
            .is_some_and(|c| c.is_alphanumeric() || c.is_whitespace() || "_.-:+@*\\".contains(c))
        {
            self.at += 1;
        }
        Some(Some(self.chars[start..self.at].iter().collect()))
    }
}

/// The query the server reads from a query-string component, or `None` when it rejects it.
fn server_reads(component: &str) -> Option<Q> {
    let decoded = percent_decode(component)?;
    let mut parser = Parser {
        chars: decoded.chars().collect(),
        at: 0,
    };
    let q = parser.term()?;
    (parser.at == parser.chars.len()).then_some(q)
}

fn cmp(op: &str, prop: &str, value: &str) -> Q {
    Q::Cmp(op.into(), prop.into(), Some(value.into()))
}

const TRICKY: &[&str] = &[
    "plain",
    "x,y",
    "a&b=c#d?e+f",
    "(paren)",
    "x y",
    " leading",
    "trailing ",
    "100%",
    "%41",
    "%2C",
    "ünïcödé",
    "€ 5",
    "日本語",
    "it's",
    "say \"hi\"",
    "",
    "t",
    "tab\there",
    "line\nbreak",
    "a;b|c",
    "semi;",
    "back\\slash",
    "*wild*",
    "a/b",
    "[x]",
    "{y}",
    "<z>",
    "`tick`",
    "^caret",
    "~tilde",
    "2024-05-17T13:45:30+00:00",
    "-5",
    "+5",
    "e@mail.com",
    "and(eq(a,1))",
    "),or(eq(b,2",
    "\u{0}nul",
    "null",
    "empty",
    "true",
    "*",
    "=",
    "&",
    "#",
];

#[test]
fn every_tricky_value_arrives_intact() {
    for value in TRICKY {
        let r = R::new().n("name").eq(*value);
        let component = r.to_query_component();
        assert_eq!(
            server_reads(&component),
            Some(cmp("eq", "name", value)),
            "{value:?} sent as {component}"
        );
    }
}

#[test]
fn lists_arrive_intact() {
    let r = R::new().n("a.b").out(TRICKY.iter().copied());
    let expected = Q::List(
        "out".into(),
        "a.b".into(),
        TRICKY.iter().map(|v| v.to_string()).collect(),
    );
    assert_eq!(server_reads(&r.to_query_component()), Some(expected));
}

#[test]
fn composed_queries_arrive_intact() {
    let r = (R::kwargs([("name__ilike", "*a,b*"), ("x", "1 2")]) | !R::new().n("y").null(true))
        & R::kwargs([("z__in", RqlValue::list(["p&q", "r"]))]);
    let expected = Q::Logic(
        "and".into(),
        vec![
            Q::Logic(
                "or".into(),
                vec![
                    Q::Logic(
                        "and".into(),
                        vec![cmp("ilike", "name", "*a,b*"), cmp("eq", "x", "1 2")],
                    ),
                    Q::Logic("not".into(), vec![Q::Cmp("eq".into(), "y".into(), None)]),
                ],
            ),
            Q::List("in".into(), "z".into(), vec!["p&q".into(), "r".into()]),
        ],
    );
    assert_eq!(server_reads(&r.to_query_component()), Some(expected));
}

/// A deterministic pseudo-random sweep over strings built from the characters that matter.
#[test]
fn random_values_arrive_intact_or_are_rejected() {
    let pool: Vec<char> = "aZ09_-.:@*+\\ ,()&=#%?/;|'\"\t\né€日\u{0}~[]{}<>!$"
        .chars()
        .collect();
    let mut state: u64 = 0x5EED;
    let mut next = move |bound: usize| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as usize % bound
    };
    for _ in 0..3000 {
        let len = next(8);
        let value: String = (0..len).map(|_| pool[next(pool.len())]).collect();
        let read = server_reads(&R::new().n("f").eq(value.as_str()).to_query_component());
        let prequoted = value.len() >= 2
            && ['"', '\''].iter().any(|&q| {
                value.starts_with(q) && value.ends_with(q) && !value[1..value.len() - 1].contains(q)
            });
        if prequoted {
            // Quoted by hand as the Connect docs show: the server strips the quotes.
            assert_eq!(
                read,
                Some(cmp("eq", "f", &value[1..value.len() - 1])),
                "{value:?}"
            );
        } else if value.contains('"') && value.contains('\'') {
            assert_eq!(
                read, None,
                "{value:?} cannot be expressed in RQL and must be rejected"
            );
        } else {
            assert_eq!(read, Some(cmp("eq", "f", &value)), "{value:?}");
        }
    }
}

#[test]
fn component_holds_only_url_safe_characters() {
    let r = R::new().n("name").in_(TRICKY.iter().copied()) & R::expr("eq(a,\"x y\")");
    let component = r.to_query_component();
    let allowed = |c: char| c.is_ascii_alphanumeric() || "-._~(),*:@%".contains(c);
    assert!(component.chars().all(allowed), "{component}");
}

#[test]
fn plain_values_are_sent_as_displayed() {
    let r = R::kwargs([
        ("id", RqlValue::from("PRD-000")),
        ("n", 1.5.into()),
        ("ok", true.into()),
    ]) & R::new().n("asset.id").ilike("*value*")
        & R::new()
            .n("t")
            .ge(RqlValue::raw("2024-05-17T13:45:30.123456"));
    assert_eq!(r.to_query_component(), r.to_string());
}

#[test]
fn wire_forms() {
    let eq = |v: &str| R::new().n("a").eq(v).to_query_component();
    assert_eq!(eq("x,y"), "eq(a,%22x,y%22)");
    assert_eq!(eq("x y"), "eq(a,%22x%20y%22)");
    assert_eq!(eq("say \"hi\""), "eq(a,%27say%20%22hi%22%27)");
    assert_eq!(eq(""), "eq(a,%22%22)");
    assert_eq!(eq("t"), "eq(a,%22t%22)");
    // Quoted by hand (docs/querying_collections.md): sent as is.
    assert_eq!(eq("\"*saas services*\""), "eq(a,%22*saas%20services*%22)");
    // The constants stay bare (quoted they would be text).
    assert_eq!(eq("null()"), "eq(a,null())");
    assert_eq!(
        R::new().n("a").null(false).to_query_component(),
        "ne(a,null())"
    );
    // `+` is percent-encoded: some layers read a bare `+` as a space.
    let t = R::new()
        .n("t")
        .eq(RqlValue::raw("2020-01-02T03:04:05+00:00"));
    assert_eq!(t.to_query_component(), "eq(t,2020-01-02T03:04:05%2B00:00)");
    // Raw values are never quoted, only encoded.
    assert_eq!(
        R::new()
            .n("a")
            .eq(RqlValue::raw("x y"))
            .to_query_component(),
        "eq(a,x%20y)"
    );
    // Raw expressions: only encoded.
    assert_eq!(
        R::expr("eq(a,\"x y\")").to_query_component(),
        "eq(a,%22x%20y%22)"
    );
    // A `%` in a raw expression is literal.
    assert_eq!(R::expr("eq(a,100%)").to_query_component(), "eq(a,100%25)");
    assert_eq!(R::new().to_query_component(), "");
}

#[test]
fn what_rql_cannot_express_is_rejected() {
    let both_quotes = R::new().n("a").eq("x\"),eq(b,'1'),eq(c,\"z");
    assert_eq!(server_reads(&both_quotes.to_query_component()), None);
    assert!(both_quotes.to_query_component().contains("%00"));
    for field in ["", "a b", "a,b),or(eq(c", "1abc", "é"] {
        let r = R::new().n(field).eq("v");
        assert_eq!(
            server_reads(&r.to_query_component()),
            None,
            "field {field:?}"
        );
    }
    let r = R::kwargs([("a,b),or(eq(c", "1")]);
    assert_eq!(server_reads(&r.to_query_component()), None);
}
