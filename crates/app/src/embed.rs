//! An embedded view and its host page. The host names its origin in the
//! URL (`?origin=<url-encoded origin>`); the app posts only to that origin
//! and accepts only messages from it whose source is the frame's parent.
//! Without `origin`, or outside a frame, nothing is sent or accepted.
//!
//! Messages are plain objects with a `type`: the app sends `exempt:ready`,
//! `exempt:changed` (after loading and after every change) and
//! `exempt:error`; the host sends `exempt:load` (export files),
//! `exempt:exemptions` (an exemption file) and `exempt:open` (a compact
//! view's route).

use crate::context::use_ctx;
use crate::nav::use_embedded;
use crate::protocol::ask;
use crate::route::Route;
use crate::state::Action;
use exempt_core::Score;
use gloo_events::EventListener;
use js_sys::{Object, Reflect, JSON};
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;
use yew_router::prelude::*;

/// The host page: its origin, and the frame's parent window.
#[derive(Clone, PartialEq)]
pub struct Host {
    origin: String,
    parent: web_sys::Window,
}

impl Host {
    /// The host named by `?origin=`, when the app runs in a frame and the
    /// value is an origin (a trailing `/` is allowed).
    pub fn from_location() -> Option<Host> {
        let window = web_sys::window()?;
        let parent = window.parent().ok().flatten()?;
        if Object::is(&parent, &window) {
            return None;
        }
        let search = window.location().search().ok()?;
        let given = web_sys::UrlSearchParams::new_with_str(&search)
            .ok()?
            .get("origin")?;
        let origin = web_sys::Url::new(&given).ok()?.origin();
        (origin != "null" && given.trim_end_matches('/') == origin)
            .then_some(Host { origin, parent })
    }

    fn post(&self, message: &ToHost) {
        let serializer = serde_wasm_bindgen::Serializer::json_compatible();
        if let Ok(value) = message.serialize(&serializer) {
            // Never "*": only the named origin may read what the app says.
            let _ = self.parent.post_message(&value, &self.origin);
        }
    }

    /// Whether a message event comes from the host: its origin, and its
    /// source the parent window.
    fn sent(&self, event: &web_sys::MessageEvent) -> bool {
        event.origin() == self.origin
            && event
                .source()
                .is_some_and(|s| Object::is(&s, self.parent.as_ref()))
    }
}

/// What the app tells its host.
#[derive(Serialize)]
#[serde(tag = "type")]
enum ToHost {
    #[serde(rename = "exempt:ready")]
    Ready { version: &'static str },
    #[serde(rename = "exempt:changed", rename_all = "camelCase")]
    Changed {
        secure_score: Score,
        secure_score_without_exemptions: Score,
        exemptions: u64,
    },
    #[serde(rename = "exempt:error")]
    Error { message: String },
}

/// What the host asks.
#[derive(Debug, PartialEq)]
enum FromHost {
    Load(Vec<(String, String)>),
    Exemptions(String),
    Open(String),
}

/// JSON text of a value the host sent as text or as parsed JSON.
fn text_of(value: &JsValue) -> Option<String> {
    value
        .as_string()
        .or_else(|| JSON::stringify(value).ok()?.as_string())
        .filter(|_| !value.is_undefined() && !value.is_null())
}

/// Reads a message: `Ok(None)` for messages not meant for the app (other
/// scripts use `postMessage` too), `Err` for one of its types used wrongly.
fn read(data: &JsValue) -> Result<Option<FromHost>, String> {
    let field = |name: &str| Reflect::get(data, &name.into()).unwrap_or(JsValue::UNDEFINED);
    let Some(kind) = data
        .is_object()
        .then(|| field("type").as_string())
        .flatten()
    else {
        return Ok(None);
    };
    match kind.as_str() {
        "exempt:load" => {
            let files = field("files");
            let Some(files) = files.dyn_ref::<js_sys::Array>() else {
                return Err("exempt:load needs files: an array of export files, each its text or its parsed JSON".into());
            };
            files
                .iter()
                .enumerate()
                .map(|(i, f)| {
                    text_of(&f)
                        .map(|t| (format!("files[{i}]"), t))
                        .ok_or_else(|| format!("exempt:load: files[{i}] is neither text nor JSON"))
                })
                .collect::<Result<Vec<_>, _>>()
                .map(|f| Some(FromHost::Load(f)))
        }
        "exempt:exemptions" => text_of(&field("file"))
            .map(|t| Some(FromHost::Exemptions(t)))
            .ok_or_else(|| "exempt:exemptions needs file: an exemption file ({exemptions: [...]})".into()),
        "exempt:open" => field("route")
            .as_string()
            .map(|r| Some(FromHost::Open(r)))
            .ok_or_else(|| "exempt:open needs route: a string such as \"#/embed/score\"".into()),
        other if other.starts_with("exempt:") => Err(format!(
            "unknown message type \"{}\"; the app accepts exempt:load, exempt:exemptions and exempt:open",
            exempt_core::text::quote(other)
        )),
        _ => Ok(None),
    }
}

/// A compact view's route from `#/embed/...`.
fn embed_route(hash: &str) -> Option<Route> {
    Route::recognize(hash.strip_prefix('#')?).filter(Route::is_embed)
}

/// Why nothing may be written here: the app is framed by a page of another
/// origin, whose storage the browser keeps apart (or blocks), so what is
/// kept would not be the user's own. The host page owns the data.
pub fn storage_kept_apart() -> Option<String> {
    let window = web_sys::window()?;
    let top = window.top().ok().flatten()?;
    if Object::is(&top, &window) {
        return None;
    }
    // Reading another origin's location throws.
    let top_origin = Reflect::get(&top, &"location".into())
        .and_then(|l| Reflect::get(&l, &"origin".into()))
        .ok()
        .and_then(|o| o.as_string());
    let ours = window.location().origin().ok();
    (top_origin.is_none() || top_origin != ours).then(|| {
        "This view is embedded in a page of another origin, where the browser keeps storage apart"
            .to_string()
    })
}

/// Says `ready` and every change to the host, and acts on its messages.
/// Renders nothing.
#[function_component(HostBridge)]
pub fn host_bridge() -> Html {
    let ctx = use_ctx();
    let host = use_memo((), |_| Host::from_location());
    let navigator = use_navigator();
    let embedded = use_embedded();
    {
        let host = host.clone();
        use_effect_with((), move |_| {
            if let Some(h) = host.as_ref() {
                h.post(&ToHost::Ready {
                    version: env!("CARGO_PKG_VERSION"),
                });
            }
        });
    }
    let summary = ctx.state.summary.clone();
    {
        let host = host.clone();
        let key = summary.as_ref().map(|s| {
            (
                s.status.revision,
                s.status.exemptions,
                s.status.score.current.to_bits(),
            )
        });
        use_effect_with(key, move |_| {
            if let (Some(h), Some(s)) = (host.as_ref(), summary) {
                h.post(&ToHost::Changed {
                    secure_score: s.status.score,
                    secure_score_without_exemptions: s.status.without,
                    exemptions: s.status.exemptions,
                });
            }
        });
    }
    {
        let host = host.clone();
        use_effect_with(embedded, move |_| {
            let listener = (*host).clone().map(|h| {
                let window = web_sys::window().expect("a window");
                EventListener::new(&window, "message", move |event| {
                    let Some(event) = event.dyn_ref::<web_sys::MessageEvent>() else {
                        return;
                    };
                    if !h.sent(event) {
                        return;
                    }
                    match read(&event.data()) {
                        Ok(Some(message)) => act(&ctx, &h, navigator.as_ref(), message),
                        Ok(None) => {}
                        Err(message) => h.post(&ToHost::Error { message }),
                    }
                })
            });
            move || drop(listener)
        });
    }
    html! {}
}

fn act(ctx: &crate::context::Ctx, host: &Host, navigator: Option<&Navigator>, m: FromHost) {
    let failed = {
        let host = host.clone();
        let state = ctx.state.clone();
        move |what: &str, e: exempt_core::Error| {
            let message = format!("{what}: {e}");
            state.dispatch(Action::Notice(format!("The host page's {message}")));
            host.post(&ToHost::Error { message });
        }
    };
    match m {
        FromHost::Load(files) => {
            let state = ctx.state.clone();
            ctx.engine.0.ask(ask::load(files), move |answer| match answer {
                Ok(()) => state.dispatch(Action::Hosted),
                Err(e) => failed("files could not be loaded", e),
            });
        }
        FromHost::Exemptions(text) => {
            ctx.engine
                .0
                .ask(ask::host_exemptions(text), move |answer| {
                    if let Err(e) = answer {
                        failed("exemptions could not be shown", e);
                    }
                });
        }
        FromHost::Open(route) => match (embed_route(&route), navigator) {
            (Some(r), Some(n)) => n.replace(&r),
            _ => host.post(&ToHost::Error {
                message: format!(
                    "exempt:open accepts the compact views' routes (#/embed/score, #/embed/exemptions, #/embed/exemptions/new, #/embed/recommendations/<assessment key>), not \"{}\"",
                    exempt_core::text::quote(&route)
                ),
            }),
        },
    }
}
