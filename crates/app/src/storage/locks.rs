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
