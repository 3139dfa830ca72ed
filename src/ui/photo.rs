//! Business-card photos from the tablet's camera: the picture is shrunk in the browser
//! (canvas, JPEG) before it is kept, and shown on the deal it was taken for.

use crate::domain::photos::{fitted, CardPhoto, Picture, MAX_DATA_CHARS};
use crate::domain::Locale;
use crate::ui::actions;
use crate::ui::components::{ConfirmDialog, Icon};
use crate::ui::i18n::{use_i18n, Key};
use crate::ui::state::use_app;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PhotoError {
    /// Not a picture this browser can read.
    NotAPicture,
    /// Still too large at the lowest quality tried.
    TooLarge,
}

impl PhotoError {
    pub fn text(self, lang: Locale) -> &'static str {
        match self {
            PhotoError::NotAPicture => Key::PhotoNotPicture.text(lang),
            PhotoError::TooLarge => Key::PhotoTooLarge.text(lang),
        }
    }
}

/// `file` shrunk to fit [`crate::domain::photos::MAX_SIDE`] and re-encoded as JPEG, at the
/// best quality that stays under the size cap.
pub async fn shrink(file: &web_sys::File) -> Result<Picture, PhotoError> {
    let bitmap: web_sys::ImageBitmap = JsFuture::from(window().create_image_bitmap_with_blob(file).map_err(|_| PhotoError::NotAPicture)?)
        .await
        .map_err(|_| PhotoError::NotAPicture)?
        .unchecked_into();
    let (full_w, full_h) = fitted(bitmap.width(), bitmap.height());
    // Smaller qualities first, then smaller sizes: a very detailed picture still fits.
    for scale in [1.0, 0.75, 0.5, 0.35] {
        let (width, height) = (((f64::from(full_w) * scale).round() as u32).max(1), ((f64::from(full_h) * scale).round() as u32).max(1));
        let canvas: web_sys::HtmlCanvasElement = document().create_element("canvas").map_err(|_| PhotoError::NotAPicture)?.unchecked_into();
        canvas.set_width(width);
        canvas.set_height(height);
        let context: web_sys::CanvasRenderingContext2d = canvas.get_context("2d").ok().flatten().ok_or(PhotoError::NotAPicture)?.unchecked_into();
        context.set_fill_style_str("#ffffff");
        context.fill_rect(0.0, 0.0, f64::from(width), f64::from(height));
        context.draw_image_with_image_bitmap_and_dw_and_dh(&bitmap, 0.0, 0.0, f64::from(width), f64::from(height)).map_err(|_| PhotoError::NotAPicture)?;
        for quality in [0.82, 0.7, 0.55] {
            let url = canvas.to_data_url_with_type_and_encoder_options("image/jpeg", &quality.into()).map_err(|_| PhotoError::NotAPicture)?;
            let Some(data) = url.strip_prefix("data:image/jpeg;base64,") else { return Err(PhotoError::NotAPicture) };
            if data.len() <= MAX_DATA_CHARS {
                bitmap.close();
                return Ok(Picture { mime: "image/jpeg".into(), data: data.to_string(), width, height });
            }
        }
    }
    bitmap.close();
    Err(PhotoError::TooLarge)
}

/// "Business card photo": the camera (or a picture) on a tablet, a file on a desktop; calls
/// `on_pick` with the shrunk picture, or says why not next to the button.
#[component]
pub fn PhotoButton(
    id: &'static str,
    on_pick: Callback<Picture>,
    #[prop(into)] label: Signal<String>,
    /// True while a picture is being prepared (a form waits for it before saving).
    #[prop(optional)]
    busy: Option<RwSignal<bool>>,
    /// The picture is saved at once: picking it is not unsaved typing in the dialog around.
    #[prop(optional)]
    saved_at_once: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let problem = RwSignal::new(None::<PhotoError>);
    let busy = busy.unwrap_or_else(|| RwSignal::new(false));
    let input = NodeRef::<leptos::html::Input>::new();
    let picked = move |_| {
        let Some(el) = input.get_untracked() else { return };
        let Some(file) = el.files().and_then(|f| f.get(0)) else { return };
        // The same picture can be picked again after a failure.
        el.set_value("");
        busy.set(true);
        problem.set(None);
        spawn_local(async move {
            let result = shrink(&file).await;
            // The dialog may have closed meanwhile: then nothing is left to tell.
            if busy.try_set(false).is_some() {
                return;
            }
            match result {
                Ok(s) => {
                    on_pick.try_run(s);
                }
                Err(e) => {
                    problem.try_set(Some(e));
                }
            }
        });
    };
    view! {
        <div class="photo-button">
            <input id=id type="file" accept="image/*" capture="environment" class="visually-hidden" node_ref=input on:change=picked
                on:input=move |ev| if saved_at_once { ev.stop_propagation() } />
            <label for=id class="btn" class:disabled=move || busy.get() role="button" tabindex="0"
                on:keydown=move |ev| if ev.key() == "Enter" || ev.key() == " " { ev.prevent_default(); if let Some(i) = input.get_untracked() { i.click(); } }>
                <Icon name="camera" />{move || if busy.get() { i18n.t(Key::PhotoShrinking).to_string() } else { label.get() }}
            </label>
            {move || problem.get().map(|e| view! { <span class="field-error" role="alert">{e.text(i18n.get())}</span> })}
        </div>
    }
}

/// A deal's business-card photos, with a button to add one and a delete (asked first, undone
/// from the toast).
#[component]
pub fn DealPhotos(deal_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app();
    let photos = crate::ui::components::live({
        let deal_id = deal_id.clone();
        move |s| {
            let deal_id = deal_id.clone();
            async move { s.deal_photos(&deal_id).await }
        }
    });
    let deleting = RwSignal::new(None::<CardPhoto>);
    let confirm = RwSignal::new(false);
    let add = Callback::new(move |picture: Picture| {
        let lang = i18n.lang.get_untracked();
        let photo = CardPhoto::of(crate::service::new_id("photo"), deal_id.clone(), picture, chrono::Utc::now());
        spawn_local(async move {
            actions::save(state, lang, photo).await;
        });
    });
    view! {
        <h3 class="section-title">{move || i18n.t(Key::CardPhotos)}</h3>
        <div class="card-photos" data-testid="card-photos">
            {move || photos.get().and_then(Result::ok).map(|list| list.into_iter().map(|p| {
                let (src, shown) = (p.src(), p.clone());
                view! {
                    <figure class="card-photo">
                        <img src=src alt=move || i18n.t(Key::CardPhotoAlt) width=p.width height=p.height loading="lazy" />
                        <figcaption>
                            <span class="muted">{p.created_at.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M").to_string()}</span>
                            <button type="button" class="btn btn-small btn-danger-outline" on:click=move |_| { deleting.set(Some(shown.clone())); confirm.set(true); }>
                                <Icon name="trash" />{move || i18n.t(Key::Delete)}
                            </button>
                        </figcaption>
                    </figure>
                }
            }).collect_view())}
        </div>
        <PhotoButton id="deal-photo" on_pick=add saved_at_once=true label=Signal::derive(move || i18n.t(Key::AddCardPhoto).to_string()) />
        <ConfirmDialog
            open=confirm
            danger=true
            title=Signal::derive(move || i18n.t(Key::DeleteCardPhotoTitle).to_string())
            body=Signal::derive(move || i18n.t(Key::DeleteCardPhotoBody).to_string())
            confirm_label=Signal::derive(move || i18n.t(Key::Delete).to_string())
            cancel_label=Signal::derive(move || i18n.t(Key::Cancel).to_string())
            on_confirm=Callback::new(move |_| {
                let lang = i18n.lang.get_untracked();
                if let Some(p) = deleting.get_untracked() {
                    spawn_local(async move { actions::delete_photo(state, lang, p).await; });
                }
            })
        />
    }
}
