//! Moving a CHANGELOG's `## [Unreleased]` section under its release heading.

use super::Res;
use super::version::Version;

/// Checks that `date` looks like `YYYY-MM-DD`.
pub(crate) fn check_date(date: &str) -> Res<()> {
    let parts: Vec<&str> = date.split('-').collect();
    let digits = |s: &&str| s.bytes().all(|b| b.is_ascii_digit());
    let ok = matches!(parts[..], [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2)
        && parts.iter().all(digits)
        && ("01"..="12").contains(&parts[1])
        && ("01"..="31").contains(&parts[2]);
    if !ok {
        bail!("invalid release date `{date}`: expected YYYY-MM-DD");
    }
    Ok(())
}

/// Moves the `## [Unreleased]` content under a new `## [version] - date` heading placed
/// right below a fresh, empty `## [Unreleased]`. The trailing block of link-reference
/// definitions (`[x]: url`) stays untouched. Refuses a missing or empty Unreleased
/// section (only whitespace or bare `###` headings) and an already released version.
pub(crate) fn release_changelog(text: &str, version: &Version, date: &str) -> Res<String> {
    check_date(date)?;
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let lines: Vec<&str> = text.lines().collect();
    let is_h2 = |l: &str| l.starts_with("## ");
    let unreleased = |l: &&str| l.trim_end().eq_ignore_ascii_case("## [unreleased]");
    let Some(start) = lines.iter().position(unreleased) else {
        bail!("CHANGELOG.md has no `## [Unreleased]` section");
    };
    let heading = format!("[{version}]");
    let released = |l: &&str| {
        l.strip_prefix("## ")
            .is_some_and(|h| h.starts_with(&heading))
    };
    if lines.iter().any(released) {
        bail!("CHANGELOG.md already has a `## {heading}` section");
    }
    // The footer is the trailing run of link-reference definitions and blank lines.
    let in_footer = |l: &str| l.trim().is_empty() || (l.starts_with('[') && l.contains("]:"));
    let mut footer = lines.len();
    while footer > start + 1 && in_footer(lines[footer - 1]) {
        footer -= 1;
    }
    while footer < lines.len() && lines[footer].trim().is_empty() {
        footer += 1;
    }
    let next = lines[start + 1..].iter().position(|l| is_h2(l));
    let end = next.map_or(lines.len(), |i| start + 1 + i).min(footer);
    let body = &lines[start + 1..end];
    let blank = |l: &&str| l.trim().is_empty();
    let first = body.iter().position(|l| !blank(l));
    let (Some(first), Some(last)) = (first, body.iter().rposition(|l| !blank(l))) else {
        bail!("the `## [Unreleased]` section of CHANGELOG.md is empty; nothing to release");
    };
    if body
        .iter()
        .all(|l| blank(l) || l.trim_start().starts_with("###"))
    {
        bail!("the `## [Unreleased]` section of CHANGELOG.md has only empty subsections");
    }
    let new_heading = format!("## {heading} - {date}");
    let mut out: Vec<&str> = lines[..=start].to_vec();
    out.extend(["", &new_heading, ""]);
    out.extend_from_slice(&body[first..=last]);
    if end < lines.len() {
        out.push("");
        out.extend_from_slice(&lines[end..]);
    }
    Ok(out.join(newline) + newline)
}

/// Whether the `## [Unreleased]` section has entries (text other than blank lines and bare
/// `###` headings).
pub(crate) fn has_unreleased(text: &str) -> bool {
    let mut lines = text.lines();
    let unreleased = |l: &str| l.trim_end().eq_ignore_ascii_case("## [unreleased]");
    if !lines.any(unreleased) {
        return false;
    }
    let in_footer = |l: &str| l.starts_with('[') && l.contains("]:");
    lines
        .take_while(|l| !l.starts_with("## "))
        .any(|l| !l.trim().is_empty() && !l.trim_start().starts_with("###") && !in_footer(l))
}
