//! The Web Locks API: one lock per document, shared by every tab of the
//! origin, held from reading the stored text to writing the merged one.

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    /// `navigator.locks`.
    type LockManager;

    #[wasm_bindgen(method, js_name = request)]
    fn request(this: &LockManager, name: &str, callback: &js_sys::Function) -> js_sys::Promise;

    #[wasm_bindgen(method, catch, js_name = request)]
    fn request_with(
        this: &LockManager,
        name: &str,
        options: &JsValue,
        callback: &js_sys::Function,
    ) -> Result<js_sys::Promise, JsValue>;
}

fn manager() -> Option<LockManager> {
    let navigator = web_sys::window()?.navigator();
    let locks = js_sys::Reflect::get(&navigator, &"locks".into()).ok()?;
    (!locks.is_undefined()).then(|| locks.unchecked_into())
}

/// Runs `work` holding the lock `name`; other tabs' work under the same name
/// waits until it is done. Without the API (an old browser), or if the lock
/// is refused, runs it as is.
pub async fn with_lock<F, T>(name: &str, work: F) -> T
where
    F: Future<Output = T> + 'static,
    T: 'static,
{
    let Some(locks) = manager() else {
        return work.await;
    };
    let slot = Rc::new(RefCell::new(Some(work)));
    let (tx, mut rx) = futures_channel::oneshot::channel::<T>();
    let mut tx = Some(tx);
    let taken = slot.clone();
    let callback = Closure::<dyn FnMut(JsValue) -> js_sys::Promise>::new(move |_lock: JsValue| {
        let work = taken.borrow_mut().take();
        let tx = tx.take();
        wasm_bindgen_futures::future_to_promise(async move {
            if let (Some(work), Some(tx)) = (work, tx) {
                let _ = tx.send(work.await);
            }
            Ok(JsValue::UNDEFINED)
        })
    });
    // Settles once the callback's promise has: the work is done by then.
    let granted = locks.request(name, callback.as_ref().unchecked_ref());
    let _ = wasm_bindgen_futures::JsFuture::from(granted).await;
    drop(callback);
    if let Ok(Some(done)) = rx.try_recv() {
        return done;
    }
    let unrun = slot.borrow_mut().take();
    match unrun {
        Some(work) => work.await,
        None => rx
            .await
            .expect("the work ran under the lock and sent its result"),
    }
}

/// Takes the lock `name` for as long as this page lives, unless another
/// page holds it: says whether it was taken. Without the API, or when the
/// browser refuses, says it was (nothing can be told apart then).
pub async fn hold_for_page(name: &str) -> bool {
    let Some(locks) = manager() else {
        return true;
    };
    let (tx, rx) = futures_channel::oneshot::channel::<bool>();
    let tx = Rc::new(RefCell::new(Some(tx)));
    let answer = tx.clone();
    let callback = Closure::<dyn FnMut(JsValue) -> js_sys::Promise>::new(move |lock: JsValue| {
        let taken = !lock.is_null();
        if let Some(tx) = answer.borrow_mut().take() {
            let _ = tx.send(taken);
        }
        if taken {
            // Never settles: the lock goes only with the page.
            js_sys::Promise::new(&mut |_, _| {})
        } else {
            js_sys::Promise::resolve(&JsValue::UNDEFINED)
        }
    });
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"ifAvailable".into(), &JsValue::TRUE);
    let Ok(request) = locks.request_with(name, &options, callback.as_ref().unchecked_ref()) else {
        return true;
    };
    // The page may hold the lock until it closes, so the callback must live
    // as long.
    callback.forget();
    wasm_bindgen_futures::spawn_local(async move {
        // Settles without a call to the callback only when refused.
        if wasm_bindgen_futures::JsFuture::from(request).await.is_err() {
            if let Some(tx) = tx.borrow_mut().take() {
                let _ = tx.send(true);
            }
        }
    });
    rx.await.unwrap_or(true)
}
