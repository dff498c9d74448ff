//! Synthetic titles, bodies and comments in Chinese or English, from [`super::words`].

use rand::RngExt;
use rand::rngs::SmallRng;
use rand::seq::IndexedRandom;

use super::words::*;

fn pick(rng: &mut SmallRng, list: &[&'static str]) -> &'static str {
    list.choose(rng).copied().unwrap_or("")
}

/// A title (at most 128 characters, as the column allows).
pub fn title(rng: &mut SmallRng, chinese: bool) -> String {
    let t = if chinese {
        format!(
            "{}{}{}",
            pick(rng, ZH_LEADS),
            pick(rng, ZH_TOPICS),
            pick(rng, ZH_TAILS)
        )
    } else {
        let tail = pick(rng, EN_TAILS);
        let mut t = format!("{} {}", pick(rng, EN_LEADS), pick(rng, EN_TOPICS));
        if !tail.is_empty() {
            t.push(' ');
            t.push_str(tail);
        }
        t
    };
    t.chars().take(128).collect()
}

fn sentence(rng: &mut SmallRng, chinese: bool) -> String {
    if chinese {
        format!(
            "{}{}{}{}。",
            pick(rng, ZH_SUBJECTS),
            pick(rng, ZH_VERBS),
            pick(rng, ZH_OBJECTS),
            pick(rng, ZH_CLAUSES)
        )
    } else {
        format!(
            "{} {} {}{}.",
            pick(rng, EN_SUBJECTS),
            pick(rng, EN_VERBS),
            pick(rng, EN_OBJECTS),
            pick(rng, EN_CLAUSES)
        )
    }
}

/// An HTML body: a few headed sections of a few sentences each.
pub fn body(rng: &mut SmallRng, chinese: bool) -> String {
    let mut html = String::with_capacity(1200);
    let sections = rng.random_range(2..=4);
    let headings = if chinese { ZH_HEADINGS } else { EN_HEADINGS };
    for heading in headings.iter().take(sections) {
        html.push_str("<h3>");
        html.push_str(heading);
        html.push_str("</h3><p>");
        for i in 0..rng.random_range(2..=4) {
            if i > 0 && !chinese {
                html.push(' ');
            }
            html.push_str(&sentence(rng, chinese));
        }
        html.push_str("</p>");
    }
    html
}

/// A top-level comment.
pub fn comment(rng: &mut SmallRng, chinese: bool) -> String {
    pick(rng, if chinese { ZH_COMMENTS } else { EN_COMMENTS }).to_owned()
}

/// A reply.
pub fn reply(rng: &mut SmallRng) -> String {
    pick(rng, REPLIES).to_owned()
}

/// A user name, unique through its sequence number (`·` keeps it apart from real names).
pub fn user_name(rng: &mut SmallRng, seq: u64) -> String {
    format!("{}·{seq}", pick(rng, NICKNAMES))
}

/// A self-introduction (None for some users).
pub fn intro(rng: &mut SmallRng) -> Option<String> {
    Some(pick(rng, INTROS).to_owned()).filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;

    use super::*;

    #[test]
    fn text_is_nonempty_and_fits_the_columns() {
        let mut rng = SmallRng::seed_from_u64(7);
        for chinese in [true, false] {
            for _ in 0..200 {
                let t = title(&mut rng, chinese);
                assert!(!t.is_empty() && t.chars().count() <= 128, "{t}");
                let b = body(&mut rng, chinese);
                assert!(b.starts_with("<h3>") && b.ends_with("</p>"), "{b}");
                let c = comment(&mut rng, chinese);
                assert!((1..=2000).contains(&c.chars().count()));
            }
        }
        assert!(user_name(&mut rng, 12).ends_with("·12"));
    }
}
