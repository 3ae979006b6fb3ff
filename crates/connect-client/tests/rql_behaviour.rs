//! Builder behaviour beyond the golden table: the deliberate differences from the Python client,
//! value rendering, equality, and inputs the reference rejects (nothing here may panic).

use std::collections::HashSet;

use connect_client::rql::{R, RqlValue};
use time::{Date, Month, OffsetDateTime, PlainDateTime, Time, UtcDateTime, UtcOffset};

fn kw(key: &str, value: i32) -> R {
    R::kwargs([(key, value)])
}

#[test]
fn negating_the_empty_query_gives_the_empty_query() {
    assert!((!R::new()).is_empty());
    assert_eq!((kw("a", 1) & !R::new()).to_string(), "eq(a,1)");
}

#[test]
fn double_negation_cancels() {
    assert_eq!(!!kw("a", 1), kw("a", 1));
    let or = kw("a", 1) | kw("b", 2);
    assert_eq!((!!or.clone()).to_string(), or.to_string());
    assert_eq!((!!!kw("a", 1)).to_string(), "not(eq(a,1))");
}

#[test]
fn negation_survives_composition_with_empty_or_equal_queries() {
    // Python drops `negated` when it copies: `~R(a=1) & R()` renders `eq(a,1)`.
    assert_eq!((!kw("a", 1) & R::new()).to_string(), "not(eq(a,1))");
    assert_eq!((R::new() | !kw("a", 1)).to_string(), "not(eq(a,1))");
    assert_eq!((!kw("a", 1) & !kw("a", 1)).to_string(), "not(eq(a,1))");
}

#[test]
fn flattening_deduplicates() {
    // Python: and(eq(a,1),eq(a,1),eq(b,2)).
    assert_eq!(
        (kw("a", 1) & (kw("a", 1) & kw("b", 2))).to_string(),
        "and(eq(a,1),eq(b,2))"
    );
    assert_eq!(
        (kw("a", 1) | (kw("b", 2) | kw("a", 1))).to_string(),
        "or(eq(a,1),eq(b,2))"
    );
    // Different operators are not flattened.
    assert_eq!(
        (kw("a", 1) & (kw("b", 2) | kw("c", 3))).to_string(),
        "and(eq(a,1),or(eq(b,2),eq(c,3)))"
    );
}

#[test]
fn keyword_null_and_empty_take_true_or_text_true() {
    assert_eq!(R::kwargs([("a__null", "true")]).to_string(), "eq(a,null())");
    assert_eq!(R::kwargs([("a__null", "TRUE")]).to_string(), "eq(a,null())");
    assert_eq!(
        R::kwargs([("a__empty", RqlValue::raw("True"))]).to_string(),
        "eq(a,empty())"
    );
    // Python's `is True`: anything else is `ne`.
    assert_eq!(R::kwargs([("a__null", "yes")]).to_string(), "ne(a,null())");
    assert_eq!(R::kwargs([("a__null", 1)]).to_string(), "ne(a,null())");
    assert_eq!(
        R::kwargs([("a__empty", RqlValue::list([true]))]).to_string(),
        "ne(a,empty())"
    );
}

#[test]
fn operators_after_operators_reuse_the_field_and_and() {
    let r = R::new().n("price").ge(10).le(20);
    assert_eq!(r.to_string(), "and(ge(price,10),le(price,20))");
    let r = R::new().n("a").eq(1).n("b").n("c").eq(2);
    assert_eq!(r.to_string(), "and(eq(a,1),eq(b.c,2))");
    let r = kw("x", 1).n("y").ne(2);
    assert_eq!(r.to_string(), "and(eq(x,1),ne(y,2))");
}

#[test]
fn empty_path_segments_are_skipped() {
    assert_eq!(
        R::new().n("a..b").n("").n(".c.").eq(1).to_string(),
        "eq(a.b.c,1)"
    );
}

#[test]
fn a_path_without_an_operator_is_not_part_of_the_query() {
    let r = R::new().n("dangling");
    assert!(r.is_empty());
    assert_eq!(r, R::new());
    assert_eq!((kw("a", 1) & R::new().n("x")).to_string(), "eq(a,1)");
}

#[test]
fn lists_and_scalars_in_any_operator() {
    assert_eq!(R::new().n("a").in_([1, 2]).to_string(), "in(a,(1,2))");
    assert_eq!(
        R::new().n("a").out(Vec::<&str>::new()).to_string(),
        "out(a,())"
    );
    assert_eq!(R::kwargs([("a__in", "x")]).to_string(), "in(a,(x))");
    assert_eq!(R::kwargs([("a__out", 5)]).to_string(), "out(a,(5))");
    assert_eq!(
        R::kwargs([("a", RqlValue::list(["x", "y"]))]).to_string(),
        "eq(a,(x,y))"
    );
    let mixed = RqlValue::list([
        RqlValue::from("s"),
        1.into(),
        true.into(),
        RqlValue::list([2]),
    ]);
    assert_eq!(
        R::new().n("a").oneof([mixed]).to_string(),
        "in(a,((s,1,true,(2))))"
    );
    assert_eq!(RqlValue::from(vec![1, 2]).to_string(), "(1,2)");
}

#[test]
fn odd_keys_and_fields_never_panic() {
    assert_eq!(R::kwargs([("", 1)]).to_string(), "eq(,1)");
    assert_eq!(
        R::kwargs([("__in", RqlValue::list(["x"]))]).to_string(),
        "in(,(x))"
    );
    assert_eq!(R::kwargs([("a____b", 1)]).to_string(), "eq(a..b,1)");
    assert_eq!(R::kwargs([("a___in", 1)]).to_string(), "eq(a._in,1)");
    assert_eq!(R::kwargs([("a__oneof", 1)]).to_string(), "eq(a.oneof,1)");
    assert_eq!(R::kwargs([("__", 1)]).to_string(), "eq(.,1)");
    assert_eq!(R::new().eq("v").to_string(), "eq(,v)");
    assert!(R::kwargs(Vec::<(&str, i32)>::new()).is_empty());
    assert!(R::expr("").is_empty());
    // Duplicate keyword lookups collapse like any equal children.
    assert_eq!(R::kwargs([("a", 1), ("a__eq", 1)]).to_string(), "eq(a,1)");
}

#[test]
fn floats_render_like_python_str() {
    // Checked against CPython 3.11 `str(float)` (and, while writing this, 30 000 random ones).
    let cases: &[(f64, &str)] = &[
        (10.678937, "10.678937"),
        (1.5, "1.5"),
        (1.0, "1.0"),
        (100.0, "100.0"),
        (0.0, "0.0"),
        (-0.0, "-0.0"),
        (1e16, "1e+16"),
        (9999999999999998.0, "9999999999999998.0"),
        (1e15, "1000000000000000.0"),
        (1e-4, "0.0001"),
        (1e-5, "1e-05"),
        (123456789.123, "123456789.123"),
        (1.5e300, "1.5e+300"),
        (5e-324, "5e-324"),
        (0.1 + 0.2, "0.30000000000000004"),
        (-2.5e-7, "-2.5e-07"),
        (12345678901234567890.0, "1.2345678901234567e+19"),
        // An exact tie between two shortest candidates: Python takes the even one.
        (f64::from_bits(14053321682193634962), "-824305553132242.2"), // exactly -824305553132242.25
        (f64::NAN, "nan"),
        (f64::INFINITY, "inf"),
        (f64::NEG_INFINITY, "-inf"),
    ];
    for (value, python) in cases {
        assert_eq!(RqlValue::from(*value).to_string(), *python, "{value:e}");
    }
}

#[test]
fn integers_of_every_width() {
    assert_eq!(RqlValue::from(-3i64).to_string(), "-3");
    assert_eq!(RqlValue::from(u64::MAX).to_string(), "18446744073709551615");
    assert_eq!(RqlValue::from(7u32).to_string(), "7");
    assert_eq!(RqlValue::from(i128::MIN).to_string(), i128::MIN.to_string());
}

#[test]
fn dates_render_like_python_isoformat() {
    let date = Date::from_calendar_date(2020, Month::January, 2).unwrap();
    let time = Time::from_hms_micro(3, 4, 5, 7).unwrap();
    let naive = PlainDateTime::new(date, time);
    let offset = |h, m, s| UtcOffset::from_hms(h, m, s).unwrap();
    let at = |o: UtcOffset| RqlValue::from(naive.assume_offset(o)).to_string();
    // Checked against CPython 3.11 `isoformat()`.
    assert_eq!(at(offset(5, 30, 0)), "2020-01-02T03:04:05.000007+05:30");
    assert_eq!(
        at(offset(-5, -30, -15)),
        "2020-01-02T03:04:05.000007-05:30:15"
    );
    assert_eq!(at(offset(0, 0, -30)), "2020-01-02T03:04:05.000007-00:00:30");
    let early = Date::from_calendar_date(999, Month::January, 2).unwrap();
    assert_eq!(
        RqlValue::from(early.midnight()).to_string(),
        "0999-01-02T00:00:00"
    );
    assert_eq!(
        RqlValue::from(Date::from_calendar_date(5, Month::January, 2).unwrap()).to_string(),
        "0005-01-02"
    );
    // Nanoseconds beyond the microsecond are truncated (Python has microseconds only).
    let nanos = PlainDateTime::new(date, Time::from_hms_nano(3, 4, 5, 123_456_789).unwrap());
    assert_eq!(
        RqlValue::from(nanos).to_string(),
        "2020-01-02T03:04:05.123456"
    );
    let sub_micro = PlainDateTime::new(date, Time::from_hms_nano(3, 4, 5, 999).unwrap());
    assert_eq!(RqlValue::from(sub_micro).to_string(), "2020-01-02T03:04:05");
    let utc = UtcDateTime::new(date, time);
    assert_eq!(
        RqlValue::from(utc).to_string(),
        "2020-01-02T03:04:05.000007+00:00"
    );
    assert_eq!(
        RqlValue::from(OffsetDateTime::UNIX_EPOCH).to_string(),
        "1970-01-01T00:00:00+00:00"
    );
    assert_eq!(
        RqlValue::from(time::Timestamp::UNIX_EPOCH).to_string(),
        "1970-01-01T00:00:00+00:00"
    );
}

#[test]
fn equality_and_hashing_are_structural() {
    let a = kw("a", 1) & kw("b", 2);
    let b = R::kwargs([("a", 1), ("b", 2)]);
    assert_eq!(a, b);
    assert_ne!(a, kw("b", 2) & kw("a", 1));
    let set: HashSet<R> = [a.clone(), b, a.clone() & R::new()].into_iter().collect();
    assert_eq!(set.len(), 1);
    // Text and raw values that render and travel alike are equal.
    assert_eq!(R::new().n("a").eq("10"), R::new().n("a").eq(10));
    assert_ne!(
        R::new().n("a").eq("x y"),
        R::new().n("a").eq(RqlValue::raw("x y"))
    );
}

#[test]
fn operators_on_references_and_assignments() {
    let a = kw("a", 1);
    let b = kw("b", 2);
    assert_eq!((&a & &b).to_string(), "and(eq(a,1),eq(b,2))");
    assert_eq!((&a | b.clone()).to_string(), "or(eq(a,1),eq(b,2))");
    assert_eq!((a.clone() & &b).to_string(), "and(eq(a,1),eq(b,2))");
    assert_eq!((!&a).to_string(), "not(eq(a,1))");
    let mut acc = R::new();
    acc &= &a;
    acc &= b.clone();
    assert_eq!(acc.to_string(), "and(eq(a,1),eq(b,2))");
    let mut any = R::new();
    any |= a;
    any |= &b;
    assert_eq!(any.to_string(), "or(eq(a,1),eq(b,2))");
}

#[test]
fn strings_convert_to_raw_expressions() {
    assert_eq!(R::from("eq(a,b)"), R::expr("eq(a,b)"));
    assert_eq!(R::from(String::from("ne(c,d)")).to_string(), "ne(c,d)");
    assert_eq!(
        (R::from("eq(a,b)") & R::from("eq(a,b)")).to_string(),
        "eq(a,b)"
    );
}

#[test]
fn borrowed_collections_work() {
    let ids = vec![String::from("PR-1"), String::from("PR-2")];
    assert_eq!(R::new().n("id").in_(&ids).to_string(), "in(id,(PR-1,PR-2))");
    let names: Vec<&str> = vec!["a", "b"];
    assert_eq!(
        R::new().n("n").out(names.iter()).to_string(),
        "out(n,(a,b))"
    );
    let numbers = [1u64, 2];
    assert_eq!(
        R::new().n("x").oneof(numbers.iter()).to_string(),
        "in(x,(1,2))"
    );
    let value = RqlValue::from(3);
    assert_eq!(R::new().n("y").eq(&value).to_string(), "eq(y,3)");
}
