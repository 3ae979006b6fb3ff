//! A streaming walk over the YAML events of an OpenAPI document.
//!
//! Only what [`OpenApiSpecs`](super::OpenApiSpecs) needs is kept: `info.title`,
//! `info.version`, the `paths` keys in document order, the HTTP method keys of each path item
//! and the `operationId` of its `get` and `post` operations. Everything else is skipped event by
//! event, so no tree of the (multi-megabyte) document is ever built. The whole stream is still
//! scanned, so a syntax error anywhere is reported.

use std::borrow::Cow;
use std::collections::HashMap;

use saphyr_parser::{Event, Parser, Span, StrInput};

/// The HTTP method keys of an OpenAPI path item, in bit order.
pub(super) const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The bit of `get` in [`RawPath::methods`].
pub(super) const GET: u8 = 1;
/// The bit of `post` in [`RawPath::methods`].
pub(super) const POST: u8 = 1 << 2;

/// What the walk keeps of a document.
#[derive(Debug, Default)]
pub(super) struct RawDocument {
    /// `info.title`, when a scalar.
    pub(super) title: Option<String>,
    /// `info.version`, when a scalar.
    pub(super) version: Option<String>,
    /// The `paths` entries whose key starts with `/`, in document order.
    pub(super) paths: Vec<RawPath>,
}

/// What the walk keeps of one path item.
#[derive(Debug)]
pub(super) struct RawPath {
    /// The key, e.g. `/products/{id}`.
    pub(super) key: String,
    /// One bit per entry of [`METHODS`] present in the item.
    pub(super) methods: u8,
    /// `get.operationId`, when a scalar.
    pub(super) get_operation: Option<String>,
    /// `post.operationId`, when a scalar.
    pub(super) post_operation: Option<String>,
}

/// Reads an OpenAPI document. The error is a message with a position when one is known.
pub(super) fn parse(text: &str) -> Result<RawDocument, String> {
    let mut events = Events {
        parser: Parser::new_from_str(text),
    };
    let (first, span) = events.next()?;
    if !matches!(first, Event::StreamStart) {
        return Err(unexpected(&first, span, "the start of the stream"));
    }
    match events.next()? {
        (Event::DocumentStart(_), _) => {}
        (Event::StreamEnd, _) => return Err("the document is empty".to_owned()),
        (other, span) => return Err(unexpected(&other, span, "a document")),
    }
    let (root, span) = events.next()?;
    if !matches!(root, Event::MappingStart(..)) {
        return Err(format!("the document is not a mapping{}", at(span)));
    }
    let mut document = RawDocument::default();
    let mut seen_paths = false;
    while let Some(key) = events.key()? {
        match key.as_deref() {
            Some("info") => events.info(&mut document)?,
            Some("paths") => {
                events.paths(&mut document)?;
                seen_paths = true;
            }
            _ => events.skip_value()?,
        }
    }
    match events.next()? {
        (Event::DocumentEnd, _) => {}
        (other, span) => return Err(unexpected(&other, span, "the end of the document")),
    }
    match events.next()? {
        (Event::StreamEnd, _) => {}
        (_, span) => {
            return Err(format!(
                "expected a single document in the stream{}",
                at(span)
            ));
        }
    }
    if !seen_paths {
        return Err("the document has no `paths` mapping".to_owned());
    }
    Ok(document)
}

/// The event source.
struct Events<'a> {
    parser: Parser<'a, StrInput<'a>>,
}

impl<'a> Events<'a> {
    /// The next event; the end of the events or a scan error is an error.
    fn next(&mut self) -> Result<(Event<'a>, Span), String> {
        match self.parser.next() {
            Some(Ok(event)) => Ok(event),
            Some(Err(error)) => Err(error.to_string()),
            None => Err("unexpected end of the YAML stream".to_owned()),
        }
    }

    /// Skips the rest of the node that starts with `first`.
    fn skip(&mut self, first: &Event<'a>, span: Span) -> Result<(), String> {
        let mut depth: usize = match first {
            Event::MappingStart(..) | Event::SequenceStart(..) => 1,
            Event::Scalar(..) | Event::Alias(_) => 0,
            other => return Err(unexpected(other, span, "a node")),
        };
        while depth > 0 {
            match self.next()? {
                (Event::MappingStart(..) | Event::SequenceStart(..), _) => depth += 1,
                (Event::MappingEnd | Event::SequenceEnd, _) => depth -= 1,
                (Event::Scalar(..) | Event::Alias(_), _) => {}
                (other, span) => return Err(unexpected(&other, span, "a node")),
            }
        }
        Ok(())
    }

    /// Skips the next node (a mapping value).
    fn skip_value(&mut self) -> Result<(), String> {
        let (event, span) = self.next()?;
        self.skip(&event, span)
    }

    /// The next key of the mapping being read: `None` at its end, `Some(None)` for a key that is
    /// not a scalar (already skipped; the caller skips the value).
    fn key(&mut self) -> Result<Option<Option<Cow<'a, str>>>, String> {
        match self.next()? {
            (Event::MappingEnd, _) => Ok(None),
            (Event::Scalar(text, ..), _) => Ok(Some(Some(text))),
            (other, span) => {
                self.skip(&other, span)?;
                Ok(Some(None))
            }
        }
    }

    /// The next node as text when it is a scalar; any other node is skipped.
    fn scalar(&mut self) -> Result<Option<String>, String> {
        match self.next()? {
            (Event::Scalar(text, ..), _) => Ok(Some(text.into_owned())),
            (other, span) => {
                self.skip(&other, span)?;
                Ok(None)
            }
        }
    }

    /// Whether the next node starts a mapping; any other node is skipped.
    fn mapping(&mut self) -> Result<bool, String> {
        match self.next()? {
            (Event::MappingStart(..), _) => Ok(true),
            (other, span) => {
                self.skip(&other, span)?;
                Ok(false)
            }
        }
    }

    /// `info`: its `title` and `version`.
    fn info(&mut self, document: &mut RawDocument) -> Result<(), String> {
        if !self.mapping()? {
            return Ok(());
        }
        while let Some(key) = self.key()? {
            match key.as_deref() {
                Some("title") => document.title = self.scalar()?,
                Some("version") => document.version = self.scalar()?,
                _ => self.skip_value()?,
            }
        }
        Ok(())
    }

    /// `paths`: a mapping of path keys to path items.
    fn paths(&mut self, document: &mut RawDocument) -> Result<(), String> {
        let (event, span) = self.next()?;
        if !matches!(event, Event::MappingStart(..)) {
            return Err(format!("`paths` is not a mapping{}", at(span)));
        }
        let mut seen: HashMap<String, usize> = HashMap::new();
        while let Some(key) = self.key()? {
            let Some(key) = key.filter(|key| key.starts_with('/')) else {
                // Extensions (`x-…`) and keys that are no paths.
                self.skip_value()?;
                continue;
            };
            let item = self.path_item(key.into_owned())?;
            // A repeated key keeps its first position and its last value, as PyYAML does.
            match seen.get(&item.key) {
                Some(&index) => document.paths[index] = item,
                None => {
                    seen.insert(item.key.clone(), document.paths.len());
                    document.paths.push(item);
                }
            }
        }
        Ok(())
    }

    /// One path item: its method keys and the `operationId` of `get` and `post`.
    fn path_item(&mut self, key: String) -> Result<RawPath, String> {
        let mut item = RawPath {
            key,
            methods: 0,
            get_operation: None,
            post_operation: None,
        };
        if !self.mapping()? {
            return Ok(item);
        }
        while let Some(name) = self.key()? {
            let position = name
                .as_deref()
                .and_then(|name| METHODS.iter().position(|method| *method == name));
            let Some(position) = position else {
                self.skip_value()?;
                continue;
            };
            let bit = 1u8 << position;
            item.methods |= bit;
            match bit {
                GET => item.get_operation = self.operation_id()?,
                POST => item.post_operation = self.operation_id()?,
                _ => self.skip_value()?,
            }
        }
        Ok(item)
    }

    /// The `operationId` of the operation that comes next.
    fn operation_id(&mut self) -> Result<Option<String>, String> {
        if !self.mapping()? {
            return Ok(None);
        }
        let mut id = None;
        while let Some(key) = self.key()? {
            match key.as_deref() {
                Some("operationId") => id = self.scalar()?,
                _ => self.skip_value()?,
            }
        }
        Ok(id)
    }
}

/// ` at line L, column C` for a span.
fn at(span: Span) -> String {
    format!(
        " at line {} column {}",
        span.start.line(),
        span.start.col() + 1
    )
}

/// The message for an event that should not come here.
fn unexpected(event: &Event<'_>, span: Span, wanted: &str) -> String {
    let found = match event {
        Event::Nothing => "nothing",
        Event::StreamStart => "the start of the stream",
        Event::StreamEnd => "the end of the stream",
        Event::DocumentStart(_) => "the start of a document",
        Event::DocumentEnd => "the end of a document",
        Event::Alias(_) => "an alias",
        Event::Scalar(..) => "a scalar",
        Event::SequenceStart(..) => "a sequence",
        Event::SequenceEnd => "the end of a sequence",
        Event::MappingStart(..) => "a mapping",
        Event::MappingEnd => "the end of a mapping",
    };
    format!("expected {wanted}, found {found}{}", at(span))
}
