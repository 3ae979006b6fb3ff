//! [`RqlValue`]: one operand of an RQL comparison, rendered like the Python client renders it.

use std::fmt;

use time::{Date, OffsetDateTime, PlainDateTime, Timestamp, UtcDateTime, UtcOffset};

use super::wire;

/// One value of an RQL comparison: text, a number, a boolean, a date or date-time, a preformatted
/// value, or a list of values (for `in` / `out`).
///
/// Values render exactly as `connect-openapi-client` renders them:
///
/// | Rust | rendered as |
/// |---|---|
/// | `&str`, `String` | the text itself (see [`R::to_query_component`] for how it travels) |
/// | `bool` | `true` / `false` |
/// | integers | decimal digits (`10`, `-3`) |
/// | `f64` | Python's `str(float)`: `10.678937`, `1.0`, `1e+16`, `-2.5e-07`, `nan`, `inf` |
/// | [`time::Date`] | `2024-05-17` |
/// | [`time::PlainDateTime`] (= `PrimitiveDateTime`) | `2024-05-17T13:45:30.123456` (fraction only when non-zero) |
/// | [`time::OffsetDateTime`] | `2020-01-02T03:04:05+00:00` (offset as `±HH:MM[:SS]`) |
/// | [`time::UtcDateTime`], [`time::Timestamp`] | like `OffsetDateTime` at `+00:00` |
/// | [`RqlValue::raw`] | the text itself, never quoted (decimals such as `1.10`, RQL constants) |
/// | [`RqlValue::list`], `Vec<T>` | `(v1,v2)` |
///
/// Date-times render like Python's `isoformat()`: Python has microsecond resolution, so any
/// nanoseconds beyond the microsecond are dropped (truncated, not rounded).
///
/// ```
/// use connect_client::rql::RqlValue;
///
/// assert_eq!(RqlValue::from(10.678937).to_string(), "10.678937");
/// assert_eq!(RqlValue::from(1.0).to_string(), "1.0");
/// assert_eq!(RqlValue::from(true).to_string(), "true");
/// assert_eq!(RqlValue::raw("32983.328238273").to_string(), "32983.328238273");
/// assert_eq!(RqlValue::list(["a", "b"]).to_string(), "(a,b)");
/// ```
///
/// [`R::to_query_component`]: super::R::to_query_component
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RqlValue(Repr);

/// How a value is stored: by how it travels.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Repr {
    /// Sent as is: numbers, booleans, dates, raw values, and text the grammar takes unquoted.
    Verbatim(String),
    /// Text that must be quoted on the wire (it holds characters the RQL grammar reserves).
    Text(String),
    /// A list, rendered `(v1,v2)`.
    List(Vec<RqlValue>),
}

impl RqlValue {
    /// A list of values, for `in` / `out` (rendered `(v1,v2)`).
    ///
    /// ```
    /// use connect_client::rql::RqlValue;
    ///
    /// assert_eq!(RqlValue::list([1, 2, 3]).to_string(), "(1,2,3)");
    /// ```
    pub fn list<I, V>(items: I) -> Self
    where
        I: IntoIterator<Item = V>,
        V: Into<RqlValue>,
    {
        Self(Repr::List(items.into_iter().map(Into::into).collect()))
    }

    /// A preformatted value, sent exactly as given and never quoted: decimals (`"1.10"`, where
    /// the trailing zero matters), or RQL constants such as `null()`. The text still gets
    /// percent-encoded in [`R::to_query_component`](super::R::to_query_component).
    ///
    /// ```
    /// use connect_client::rql::{R, RqlValue};
    ///
    /// let r = R::new().n("price").ge(RqlValue::raw("1.10"));
    /// assert_eq!(r.to_string(), "ge(price,1.10)");
    /// ```
    pub fn raw(text: impl Into<String>) -> Self {
        Self(Repr::Verbatim(text.into()))
    }

    /// Text: sent as is when the RQL grammar takes it unquoted, quoted on the wire otherwise.
    fn text(text: String) -> Self {
        if wire::is_plain_value(&text) {
            Self(Repr::Verbatim(text))
        } else {
            Self(Repr::Text(text))
        }
    }

    /// The items of a list; a single value becomes a one-item list.
    pub(crate) fn into_items(self) -> Vec<RqlValue> {
        match self.0 {
            Repr::List(items) => items,
            scalar => vec![Self(scalar)],
        }
    }

    /// Whether the value means `true` for the `__null` / `__empty` keyword lookups: the boolean
    /// `true`, or a text or raw value reading `true` (ASCII case-insensitive).
    pub(crate) fn is_true(&self) -> bool {
        matches!(&self.0, Repr::Verbatim(text) if text.eq_ignore_ascii_case("true"))
    }

    /// Writes the value: human-readable (`wire == false`) or as the server must parse it.
    pub(crate) fn render(&self, out: &mut String, wire: bool) {
        match &self.0 {
            Repr::Verbatim(text) => out.push_str(text),
            Repr::Text(text) if wire => wire::push_quoted(out, text),
            Repr::Text(text) => out.push_str(text),
            Repr::List(items) => {
                out.push('(');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.render(out, wire);
                }
                out.push(')');
            }
        }
    }
}

impl fmt::Display for RqlValue {
    /// The human-readable rendering (what the Python client would put in the query).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        self.render(&mut out, false);
        f.write_str(&out)
    }
}

impl From<&str> for RqlValue {
    fn from(text: &str) -> Self {
        Self::text(text.to_owned())
    }
}

impl From<String> for RqlValue {
    fn from(text: String) -> Self {
        Self::text(text)
    }
}

/// Borrowed values (`&String`, `&&str`, `&i64`, `&Date`, `&RqlValue`, …), as when iterating a
/// borrowed collection: `R::new().n("id").in_(&ids)`.
impl<T: Clone + Into<RqlValue>> From<&T> for RqlValue {
    fn from(value: &T) -> Self {
        value.clone().into()
    }
}

impl From<bool> for RqlValue {
    fn from(value: bool) -> Self {
        Self::raw(if value { "true" } else { "false" })
    }
}

macro_rules! from_integer {
    ($($t:ty),*) => {$(
        impl From<$t> for RqlValue {
            fn from(value: $t) -> Self {
                Self::raw(value.to_string())
            }
        }
    )*};
}
from_integer!(
    i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize
);

impl From<f64> for RqlValue {
    fn from(value: f64) -> Self {
        Self::raw(python_float(value))
    }
}

impl<T: Into<RqlValue>> From<Vec<T>> for RqlValue {
    fn from(items: Vec<T>) -> Self {
        Self::list(items)
    }
}

impl From<Date> for RqlValue {
    fn from(date: Date) -> Self {
        Self::raw(iso_date(date))
    }
}

impl From<PlainDateTime> for RqlValue {
    fn from(dt: PlainDateTime) -> Self {
        Self::raw(iso_datetime(
            dt.date(),
            dt.hour(),
            dt.minute(),
            dt.second(),
            dt.microsecond(),
        ))
    }
}

impl From<OffsetDateTime> for RqlValue {
    fn from(dt: OffsetDateTime) -> Self {
        let mut text = iso_datetime(
            dt.date(),
            dt.hour(),
            dt.minute(),
            dt.second(),
            dt.microsecond(),
        );
        push_offset(&mut text, dt.offset());
        Self::raw(text)
    }
}

impl From<UtcDateTime> for RqlValue {
    fn from(dt: UtcDateTime) -> Self {
        let mut text = iso_datetime(
            dt.date(),
            dt.hour(),
            dt.minute(),
            dt.second(),
            dt.microsecond(),
        );
        push_offset(&mut text, UtcOffset::UTC);
        Self::raw(text)
    }
}

impl From<Timestamp> for RqlValue {
    fn from(ts: Timestamp) -> Self {
        Self::from(ts.to_utc())
    }
}

/// `date.isoformat()`: `YYYY-MM-DD` (years outside 0..=9999, which Python lacks, keep their sign).
fn iso_date(date: Date) -> String {
    let year = date.year();
    let (month, day) = (u8::from(date.month()), date.day());
    if year < 0 {
        format!("{year:05}-{month:02}-{day:02}")
    } else {
        format!("{year:04}-{month:02}-{day:02}")
    }
}

/// `datetime.isoformat()` without the offset: the fraction only when the microsecond is non-zero.
fn iso_datetime(date: Date, hour: u8, minute: u8, second: u8, micro: u32) -> String {
    let mut text = format!("{}T{hour:02}:{minute:02}:{second:02}", iso_date(date));
    if micro != 0 {
        text.push_str(&format!(".{micro:06}"));
    }
    text
}

/// Python's `utcoffset` rendering: `+HH:MM`, with `:SS` only when the seconds are non-zero.
fn push_offset(text: &mut String, offset: UtcOffset) {
    let total = offset.whole_seconds();
    let sign = if total < 0 { '-' } else { '+' };
    let total = total.unsigned_abs();
    let (hours, minutes, seconds) = (total / 3600, total / 60 % 60, total % 60);
    text.push_str(&format!("{sign}{hours:02}:{minutes:02}"));
    if seconds != 0 {
        text.push_str(&format!(":{seconds:02}"));
    }
}

/// Python's `str(float)` (= `repr`): the shortest round-tripping digits, positional for decimal
/// exponents -4..16 (always with a fraction, `1.0`), scientific otherwise (`1e+16`, `1e-05`).
fn python_float(value: f64) -> String {
    if value.is_nan() {
        return "nan".to_owned();
    }
    if value.is_infinite() {
        return if value > 0.0 { "inf" } else { "-inf" }.to_owned();
    }
    // `{:e}` gives the shortest round-tripping digit count (`-1.2345e-7`, `1e16`, `0e0`). When
    // two candidates of that length round-trip, Python takes the one nearest the exact value,
    // ties to even: that is the exact rounding `{:.N$e}` does.
    let shortest = format!("{value:e}");
    let digit_count = shortest
        .split('e')
        .next()
        .unwrap_or("")
        .chars()
        .filter(char::is_ascii_digit)
        .count();
    let sci = format!("{value:.*e}", digit_count.saturating_sub(1));
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((sci.as_str(), "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let mut out = String::from(sign);
    if (-4..16).contains(&exponent) {
        if exponent < 0 {
            out.push_str("0.");
            out.push_str(&"0".repeat(exponent.unsigned_abs() as usize - 1));
            out.push_str(&digits);
        } else {
            let int_len = exponent as usize + 1;
            if digits.len() > int_len {
                out.push_str(&digits[..int_len]);
                out.push('.');
                out.push_str(&digits[int_len..]);
            } else {
                out.push_str(&digits);
                out.push_str(&"0".repeat(int_len - digits.len()));
                out.push_str(".0");
            }
        }
    } else {
        let (first, rest) = digits.split_at(digits.len().min(1));
        out.push_str(first);
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        let exp_sign = if exponent < 0 { '-' } else { '+' };
        out.push_str(&format!("e{exp_sign}{:02}", exponent.unsigned_abs()));
    }
    out
}
