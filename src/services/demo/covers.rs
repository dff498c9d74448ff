//! Demo cover images: `{storage.public_url}demo/cover-{n}.svg`, n in 1..=[`COUNT`]. With the
//! local storage backend the seeder also writes the SVG files under `storage.local_root`,
//! so that a freshly seeded dev server shows its covers.

use std::path::Path;

use rand::RngExt;
use rand::rngs::SmallRng;
use rand::seq::index;
use serde_json::{Value, json};

use crate::config::StorageSettings;

/// How many demo cover images exist.
pub const COUNT: usize = 12;

const COLORS: [(&str, &str); COUNT] = [
    ("#ff6b6b", "#c92a2a"),
    ("#f59f00", "#e8590c"),
    ("#51cf66", "#2b8a3e"),
    ("#339af0", "#1864ab"),
    ("#845ef7", "#5f3dc4"),
    ("#22b8cf", "#0b7285"),
    ("#f06595", "#a61e4d"),
    ("#94d82d", "#5c940d"),
    ("#ff922b", "#d9480f"),
    ("#5c7cfa", "#364fc7"),
    ("#20c997", "#087f5b"),
    ("#868e96", "#343a40"),
];

/// The object key of cover `n` (1-based).
pub fn key(n: usize) -> String {
    format!("demo/cover-{n}.svg")
}

/// A random cover: type 0 (none), 1 (one image) or 3 (three distinct images).
pub fn random_cover(rng: &mut SmallRng, public_url: &str) -> Value {
    let kind = match rng.random_range(0..10) {
        0..=2 => 0,
        3..=7 => 1,
        _ => 3,
    };
    let images: Vec<String> = index::sample(rng, COUNT, kind)
        .into_iter()
        .map(|i| format!("{public_url}{}", key(i + 1)))
        .collect();
    json!({ "type": kind, "images": images })
}

fn svg(n: usize) -> String {
    let (from, to) = COLORS[(n - 1) % COUNT];
    let cx = 120 + (n * 97) % 400;
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="640" height="360" viewBox="0 0 640 360"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="{from}"/><stop offset="1" stop-color="{to}"/></linearGradient></defs><rect width="640" height="360" fill="url(#g)"/><circle cx="{cx}" cy="150" r="110" fill="#fff" fill-opacity="0.14"/><text x="32" y="328" font-family="sans-serif" font-size="28" fill="#fff" fill-opacity="0.85">toutiao demo {n}</text></svg>"##
    )
}

/// Writes the cover files the local backend serves, when missing. Other backends are
/// left alone (upload them once if you want covers there).
pub fn ensure_local_files(storage: &StorageSettings) -> std::io::Result<()> {
    if storage.backend != "local" {
        return Ok(());
    }
    let dir = Path::new(&storage.local_root).join("demo");
    std::fs::create_dir_all(&dir)?;
    for n in 1..=COUNT {
        let path = dir.join(format!("cover-{n}.svg"));
        if !path.exists() {
            std::fs::write(path, svg(n))?;
        }
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use rand::SeedableRng;

    use super::*;

    #[test]
    fn covers_have_as_many_distinct_absolute_images_as_their_type() {
        let mut rng = SmallRng::seed_from_u64(1);
        for _ in 0..100 {
            let c = random_cover(&mut rng, "http://h/media/");
            let kind = c["type"].as_u64().unwrap() as usize;
            let images = c["images"].as_array().unwrap();
            assert!([0, 1, 3].contains(&kind));
            assert_eq!(images.len(), kind);
            let mut seen: Vec<&str> = images.iter().map(|i| i.as_str().unwrap()).collect();
            assert!(
                seen.iter()
                    .all(|u| u.starts_with("http://h/media/demo/cover-"))
            );
            seen.sort_unstable();
            seen.dedup();
            assert_eq!(seen.len(), kind);
        }
        assert!(svg(3).starts_with("<svg"));
    }
}
