//! Rust bindings of `js/voice_glue.js`: speech synthesis and recognition
//! for the local demo agent, and the `ultravox-client` SDK.
//!
//! The functions exist only in the browser; the server never calls them.

use wasm_bindgen::prelude::*;

/// Where `cargo xtask` puts the bundled Ultravox SDK.
pub const ULTRAVOX_SDK_URL: &str = "/pkg/ultravox-sdk.js";

#[wasm_bindgen(module = "/js/voice_glue.js")]
extern "C" {
    /// Says `text` with the browser's speech synthesis; false when there is none.
    pub fn speak(text: &str) -> bool;

    #[wasm_bindgen(js_name = stopSpeaking)]
    pub fn stop_speaking();

    #[wasm_bindgen(js_name = hasRecognition)]
    pub fn has_recognition() -> bool;

    /// `on_text(String)` per final phrase, `on_end(String)` with an error name or "".
    #[wasm_bindgen(js_name = startRecognition)]
    pub fn start_recognition(on_text: &JsValue, on_end: &JsValue) -> bool;

    #[wasm_bindgen(js_name = stopRecognition)]
    pub fn stop_recognition();

    /// `on_status(String)`, `on_transcripts(String /* JSON */)`, `on_end()`.
    #[wasm_bindgen(js_name = ultravoxJoin, catch)]
    pub async fn ultravox_join(
        join_url: &str,
        sdk_url: &str,
        on_status: &JsValue,
        on_transcripts: &JsValue,
        on_end: &JsValue,
    ) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_name = ultravoxLeave)]
    pub async fn ultravox_leave();

    #[wasm_bindgen(js_name = ultravoxMute)]
    pub fn ultravox_mute(muted: bool);

    #[wasm_bindgen(js_name = ultravoxSendText)]
    pub fn ultravox_send_text(text: &str);
}

/// A JS function from a Rust closure, owned by JS from then on.
pub fn callback<F>(f: F) -> JsValue
where
    F: FnMut(String) + 'static,
{
    Closure::<dyn FnMut(String)>::new(f).into_js_value()
}

/// A JS function without arguments, owned by JS from then on.
pub fn callback0<F>(f: F) -> JsValue
where
    F: FnMut() + 'static,
{
    Closure::<dyn FnMut()>::new(f).into_js_value()
}
