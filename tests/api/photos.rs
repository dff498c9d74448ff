//! E09: multipart photo uploads to object storage (local directory and S3), and the local
//! backend serving stored objects back.

use reqwest::Method;
use reqwest::multipart::Form;
use serde_json::json;

use crate::fixtures_users::{
    JPEG, NOT_AN_IMAGE, PNG, S3_ACCESS_KEY, S3_SECRET_KEY, S3Server, file_form, file_part,
    patch_photo, stored_photo_key,
};
use crate::helpers::{json, spawn_app, spawn_app_with};

#[tokio::test]
async fn a_png_avatar_is_stored_by_key_and_served_back_under_the_public_url() {
    let app = spawn_app().await;
    let (tokens, id) = app.login_user("13800000001").await;
    let res = patch_photo(
        &app,
        &tokens.token,
        file_form("photo", "me.png", "image/png", PNG),
    )
    .await;
    assert_eq!(res.status(), 200);
    let body = json(res).await;
    assert_eq!(body["message"], "OK");
    let data = body["data"].as_object().unwrap();
    assert_eq!(data.len(), 2, "{data:?}");
    assert_eq!(data["id"], id);
    let url = data["photo"].as_str().unwrap();
    let public = &app.state.settings.storage.public_url;
    assert!(
        url.starts_with(&format!("{public}photos/")) && url.ends_with(".png"),
        "{url}"
    );

    // PostgreSQL keeps the key only; the URL is built from the configured prefix.
    let key = stored_photo_key(&app, id);
    assert_eq!(format!("{public}{key}"), url);
    assert!(app.storage_dir.join(&key).is_file());

    let fetched = app.client.get(url).send().await.unwrap();
    assert_eq!(fetched.status(), 200);
    assert_eq!(fetched.headers()["content-type"], "image/png");
    assert_eq!(fetched.headers()["x-content-type-options"], "nosniff");
    assert_eq!(fetched.bytes().await.unwrap().as_ref(), PNG);
    let me = json(app.get("/v1_0/user", Some(&tokens.token)).await).await["data"].clone();
    assert_eq!(me["photo"], url);
    let profile =
        json(app.get("/app/v1_0/user/profile", Some(&tokens.token)).await).await["data"].clone();
    assert_eq!(profile["photo"], url);
}

#[tokio::test]
async fn a_jpeg_and_all_four_photo_fields_can_be_uploaded_at_once() {
    let app = spawn_app().await;
    let (tokens, id) = app.login_user("13800000001").await;
    let form = Form::new()
        .text("unrelated", "ignored")
        .part("photo", file_part("a.jpg", "image/jpeg", JPEG))
        .part("id_card_front", file_part("f.png", "image/png", PNG))
        // The declared type and name do not matter, the bytes do.
        .part(
            "id_card_back",
            file_part("b.bin", "application/octet-stream", JPEG),
        )
        .part("id_card_handheld", file_part("h", "text/plain", PNG));
    let res = patch_photo(&app, &tokens.token, form).await;
    assert_eq!(res.status(), 200);
    let data = json(res).await["data"].clone();
    assert_eq!(data["id"], id);
    for (field, bytes, mime) in [
        ("photo", JPEG, "image/jpeg"),
        ("id_card_front", PNG, "image/png"),
        ("id_card_back", JPEG, "image/jpeg"),
        ("id_card_handheld", PNG, "image/png"),
    ] {
        let url = data[field].as_str().unwrap();
        let fetched = app.client.get(url).send().await.unwrap();
        assert_eq!(fetched.status(), 200, "{field}");
        assert_eq!(fetched.headers()["content-type"], mime, "{field}");
        assert_eq!(fetched.bytes().await.unwrap().as_ref(), bytes, "{field}");
    }
    assert_eq!(
        app.sql_count(&format!(
            "SELECT count(*) AS n FROM user_profile WHERE user_id = {id} AND id_card_front LIKE 'idcards/%' AND id_card_back LIKE 'idcards/%' AND id_card_handheld LIKE 'idcards/%'"
        )),
        1
    );
}

#[tokio::test]
async fn a_text_file_named_png_is_400_invalid_image_and_nothing_is_stored() {
    let app = spawn_app().await;
    let (tokens, id) = app.login_user("13800000001").await;
    let res = patch_photo(
        &app,
        &tokens.token,
        file_form("photo", "avatar.png", "image/png", NOT_AN_IMAGE),
    )
    .await;
    assert_eq!(res.status(), 400);
    assert_eq!(
        json(res).await,
        json!({"message": {"photo": "Invalid image."}, "data": null})
    );
    // A valid avatar next to an invalid ID-card photo: nothing is applied either.
    let form = Form::new()
        .part("photo", file_part("a.png", "image/png", PNG))
        .part(
            "id_card_front",
            file_part("f.jpg", "image/jpeg", b"GIF? no, text"),
        );
    let res = patch_photo(&app, &tokens.token, form).await;
    assert_eq!(
        json(res).await["message"],
        json!({"id_card_front": "Invalid image."})
    );
    assert_eq!(stored_photo_key(&app, id), "");
    assert!(!app.storage_dir.join("photos").exists());
}

#[tokio::test]
async fn a_file_over_the_default_5_mb_limit_is_413_in_the_envelope() {
    let app = spawn_app().await;
    let (tokens, id) = app.login_user("13800000001").await;
    assert_eq!(app.state.settings.storage.max_upload_bytes, 5 * 1024 * 1024);
    let mut big = PNG.to_vec();
    big.resize(5 * 1024 * 1024 + 1, 0);
    let res = patch_photo(
        &app,
        &tokens.token,
        file_form("photo", "big.png", "image/png", &big),
    )
    .await;
    assert_eq!(res.status(), 413);
    let body = json(res).await;
    assert!(
        body["message"].as_str().unwrap().contains("photo"),
        "{body}"
    );
    assert_eq!(body["data"], json!(null));
    assert_eq!(stored_photo_key(&app, id), "");
}

#[tokio::test]
async fn the_upload_limit_is_configurable_and_inclusive() {
    let app = spawn_app_with(|s| s.storage.max_upload_bytes = 1024).await;
    let (tokens, _) = app.login_user("13800000001").await;
    let mut exact = PNG.to_vec();
    exact.resize(1024, 0);
    let res = patch_photo(
        &app,
        &tokens.token,
        file_form("photo", "a.png", "image/png", &exact),
    )
    .await;
    assert_eq!(res.status(), 200);
    exact.push(0);
    let res = patch_photo(
        &app,
        &tokens.token,
        file_form("id_card_back", "a.png", "image/png", &exact),
    )
    .await;
    assert_eq!(res.status(), 413);
    assert!(
        json(res).await["message"]
            .as_str()
            .unwrap()
            .contains("id_card_back")
    );
    // The base64 route of E08 has the same limit.
    let b64 = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, &exact);
    let res = app
        .send_json(
            Method::PATCH,
            "/v1_0/user/profile",
            Some(&tokens.token),
            &json!({"photo": b64}),
        )
        .await;
    assert_eq!(res.status(), 413);
}

#[tokio::test]
async fn a_new_avatar_replaces_the_old_object() {
    let app = spawn_app().await;
    let (tokens, _) = app.login_user("13800000001").await;
    let first = json(
        patch_photo(
            &app,
            &tokens.token,
            file_form("photo", "a.png", "image/png", PNG),
        )
        .await,
    )
    .await;
    let first = first["data"]["photo"].as_str().unwrap().to_owned();
    let second = json(
        patch_photo(
            &app,
            &tokens.token,
            file_form("photo", "b.jpg", "image/jpeg", JPEG),
        )
        .await,
    )
    .await;
    let second = second["data"]["photo"].as_str().unwrap().to_owned();
    assert_ne!(first, second);
    assert_eq!(app.client.get(&second).send().await.unwrap().status(), 200);
    assert_eq!(app.client.get(&first).send().await.unwrap().status(), 404);
}

#[tokio::test]
async fn uploads_need_a_login_and_a_body_without_files_changes_nothing() {
    let app = spawn_app().await;
    let res = app
        .request(Method::PATCH, "/v1_0/user/photo", None)
        .multipart(file_form("photo", "a.png", "image/png", PNG))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    let (tokens, id) = app.login_user("13800000001").await;
    let res = patch_photo(&app, &tokens.token, Form::new().text("photo", "")).await;
    assert_eq!(res.status(), 400);
    let res = app
        .send_json(
            Method::PATCH,
            "/v1_0/user/photo",
            Some(&tokens.token),
            &json!({"photo": "x"}),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(json(res).await["data"], json!({"id": id}));
    let res = app
        .request(Method::PATCH, "/v1_0/user/photo", Some(&tokens.token))
        .header("Content-Type", "multipart/form-data; boundary=xyz")
        .body("--xyz\r\nbroken")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
}

#[tokio::test]
async fn users_without_an_avatar_get_a_default_url_that_serves_a_png() {
    let app = spawn_app().await;
    let (tokens, _) = app.login_user("13800000001").await;
    let me = json(app.get("/v1_0/user", Some(&tokens.token)).await).await["data"].clone();
    let url = me["photo"].as_str().unwrap();
    let s = &app.state.settings.storage;
    assert_eq!(url, format!("{}{}", s.public_url, s.default_photo_key));
    let res = app.client.get(url).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/png");
    assert_eq!(&res.bytes().await.unwrap()[..8], b"\x89PNG\r\n\x1a\n");
}

#[tokio::test]
async fn the_media_route_serves_only_stored_keys() {
    let app = spawn_app().await;
    std::fs::write(app.storage_dir.join("secret.txt"), "top secret").unwrap();
    std::fs::create_dir_all(app.storage_dir.join("photos/sub")).unwrap();
    for path in [
        "/media/photos",
        "/media/photos/sub",
        "/media/photos/missing.png",
        "/media/%2e%2e/Cargo.toml",
        "/media/photos/..%2f..%2fCargo.toml",
        "/media/.secret",
        "/media/photos%2f..%2f..%2fCargo.toml",
    ] {
        let res = app.get(path, None).await;
        assert_eq!(res.status(), 404, "{path}");
        let body = json(res).await;
        assert!(
            body["message"]
                .as_str()
                .unwrap()
                .starts_with("The requested URL was not found")
        );
    }
    // A stored non-image is served as opaque bytes, never as HTML or text.
    let res = app.get("/media/secret.txt", None).await;
    assert_eq!(res.headers()["content-type"], "application/octet-stream");
}

#[tokio::test]
async fn the_s3_backend_stores_uploads_in_an_s3_compatible_server() {
    let s3 = S3Server::start("avatars").await;
    let endpoint = s3.endpoint.clone();
    let app = spawn_app_with(|s| {
        s.storage.backend = "s3".into();
        s.storage.public_url = format!("{endpoint}/avatars/");
        s.storage.s3.endpoint = endpoint.clone();
        s.storage.s3.bucket = "avatars".into();
        s.storage.s3.access_key = S3_ACCESS_KEY.into();
        s.storage.s3.secret_key = secrecy::SecretString::from(S3_SECRET_KEY);
        s.storage.s3.allow_http = true;
    })
    .await;
    let (tokens, id) = app.login_user("13800000001").await;
    let res = patch_photo(
        &app,
        &tokens.token,
        file_form("photo", "me.jpg", "image/jpeg", JPEG),
    )
    .await;
    assert_eq!(res.status(), 200);
    let url = json(res).await["data"]["photo"]
        .as_str()
        .unwrap()
        .to_owned();
    let key = stored_photo_key(&app, id);
    assert_eq!(url, format!("{}/avatars/{key}", s3.endpoint));
    // The object arrived in the bucket, and reads back through the store.
    assert_eq!(
        std::fs::read(s3.object_path("avatars", &key)).unwrap(),
        JPEG
    );
    let read = app.state.storage.get(&key).await.unwrap().unwrap();
    assert_eq!(read.as_ref(), JPEG);
    // The default avatar is written to the bucket so that its URL resolves there too.
    app.state.storage.ensure_default_photo().await.unwrap();
    let default_key = &app.state.settings.storage.default_photo_key;
    assert_eq!(
        &std::fs::read(s3.object_path("avatars", default_key)).unwrap()[..8],
        b"\x89PNG\r\n\x1a\n"
    );
    // Objects of an S3 store are not served by this server.
    assert_eq!(app.get(&format!("/media/{key}"), None).await.status(), 404);
}

#[tokio::test]
async fn a_failing_store_is_507_with_the_contract_text() {
    let dead = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = format!("http://{}", dead.local_addr().unwrap());
    drop(dead);
    let app = spawn_app_with(|s| {
        s.storage.backend = "s3".into();
        s.storage.s3.endpoint = endpoint;
        s.storage.s3.bucket = "avatars".into();
        s.storage.s3.access_key = "k".into();
        s.storage.s3.secret_key = secrecy::SecretString::from("s");
        s.storage.s3.allow_http = true;
    })
    .await;
    let (tokens, id) = app.login_user("13800000001").await;
    let res = patch_photo(
        &app,
        &tokens.token,
        file_form("photo", "me.png", "image/png", PNG),
    )
    .await;
    assert_eq!(res.status(), 507);
    assert_eq!(
        json(res).await,
        json!({"message": "Uploading profile photo image failed.", "data": null})
    );
    let res = patch_photo(
        &app,
        &tokens.token,
        file_form("id_card_handheld", "h.png", "image/png", PNG),
    )
    .await;
    assert_eq!(
        json(res).await["message"],
        "Uploading id_card_handheld image failed."
    );
    assert_eq!(stored_photo_key(&app, id), "");
}
