//! Rebuild when migrations change, so `embed_migrations!` always embeds the current set.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
