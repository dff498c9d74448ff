//! Demo cover images: `{storage.public_url}demo/cover-{n}.png`, n in 1..=[`COUNT`],
//! gradients drawn at seed time and written through the storage backend (local or S3) so a
//! freshly seeded server shows its covers.

use bytes::Bytes;
use rand::RngExt;
use rand::rngs::SmallRng;
use rand::seq::index;
use serde_json::{Value, json};

use crate::storage::Storage;

/// How many demo cover images exist.
pub const COUNT: usize = 12;

const WIDTH: u32 = 480;
const HEIGHT: u32 = 270;

const COLORS: [([u8; 3], [u8; 3]); COUNT] = [
    ([0xff, 0x6b, 0x6b], [0xc9, 0x2a, 0x2a]),
    ([0xf5, 0x9f, 0x00], [0xe8, 0x59, 0x0c]),
    ([0x51, 0xcf, 0x66], [0x2b, 0x8a, 0x3e]),
    ([0x33, 0x9a, 0xf0], [0x18, 0x64, 0xab]),
    ([0x84, 0x5e, 0xf7], [0x5f, 0x3d, 0xc4]),
    ([0x22, 0xb8, 0xcf], [0x0b, 0x72, 0x85]),
    ([0xf0, 0x65, 0x95], [0xa6, 0x1e, 0x4d]),
    ([0x94, 0xd8, 0x2d], [0x5c, 0x94, 0x0d]),
    ([0xff, 0x92, 0x2b], [0xd9, 0x48, 0x0f]),
    ([0x5c, 0x7c, 0xfa], [0x36, 0x4f, 0xc7]),
    ([0x20, 0xc9, 0x97], [0x08, 0x7f, 0x5b]),
    ([0x86, 0x8e, 0x96], [0x34, 0x3a, 0x40]),
];

/// The object key of cover `n` (1-based).
pub fn key(n: usize) -> String {
    format!("demo/cover-{n}.png")
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

/// Cover `n` as a PNG: a diagonal gradient with a lighter disc, different for every n.
fn png(n: usize) -> anyhow::Result<Vec<u8>> {
    let (from, to) = COLORS[(n - 1) % COUNT];
    let (cx, cy, r) = (60 + (n as i64 * 73) % 360, 110_i64, 80_i64);
    let mut pixels = Vec::with_capacity((WIDTH * HEIGHT * 3) as usize);
    for y in 0..HEIGHT {
        for x in 0..WIDTH {
            let t = (x + y) as f32 / (WIDTH + HEIGHT) as f32;
            let (dx, dy) = (i64::from(x) - cx, i64::from(y) - cy);
            let lift = if dx * dx + dy * dy < r * r { 36.0 } else { 0.0 };
            for ch in 0..3 {
                let v = f32::from(from[ch]) * (1.0 - t) + f32::from(to[ch]) * t + lift;
                pixels.push(v.min(255.0) as u8);
            }
        }
    }
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, WIDTH, HEIGHT);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&pixels)?;
    writer.finish()?;
    Ok(out)
}

/// Stores the cover images that are missing.
pub async fn ensure_stored(storage: &Storage) -> anyhow::Result<()> {
    for n in 1..=COUNT {
        let key = key(n);
        if storage.get(&key).await?.is_none() {
            storage.put(&key, Bytes::from(png(n)?), "image/png").await?;
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
                    .all(|u| u.starts_with("http://h/media/demo/cover-") && u.ends_with(".png"))
            );
            seen.sort_unstable();
            seen.dedup();
            assert_eq!(seen.len(), kind);
        }
    }

    #[test]
    fn covers_are_real_distinct_pngs() {
        let a = png(1).unwrap();
        let b = png(2).unwrap();
        assert!(a.starts_with(b"\x89PNG\r\n\x1a\n"));
        assert_ne!(a, b);
        assert!(a.len() < 64 * 1024, "{} bytes", a.len());
    }
}
