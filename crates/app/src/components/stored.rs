//! The imported environments kept in this browser: each a choice with its
//! name, date and size, with **Delete**; and how much storage Exempt uses.

use crate::components::dialog::ConfirmDialog;
use crate::components::labels::{size, thousands};
use crate::context::use_ctx;
use crate::protocol::ask;
use crate::protocol::EnvironmentChoice;
use crate::state::Action;
use crate::storage::{self, environments};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct StoredProps {
    /// Chooses an environment.
    pub choose: Callback<EnvironmentChoice>,
}

#[function_component(StoredEnvironments)]
pub fn stored_environments(props: &StoredProps) -> Html {
    let ctx = use_ctx();
    let revision = ctx.state.environments_revision;
    let list = use_memo(revision, |_| environments::list());
    let asking = use_state(|| None::<environments::Stored>);
    let usage = use_state(|| None::<(f64, f64)>);
    {
        let usage = usage.clone();
        use_effect_with(revision, move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                usage.set(environments::estimate().await);
            });
        });
    }
    let current = ctx.state.environment.clone();
    let delete = {
        let (ctx, asking) = (ctx.clone(), asking.clone());
        Callback::from(move |_: ()| {
            let Some(item) = (*asking).clone() else {
                return;
            };
            asking.set(None);
            let ctx = ctx.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if let Err(why) = environments::remove(item.id.clone()).await {
                    ctx.toast(format!("Not deleted: {why}"), false);
                    return;
                }
                let _ = ctx.engine.0.get(ask::forget(item.id.clone())).await;
                storage::remove(&storage::document_key(&item.id));
                ctx.state.dispatch(Action::EnvironmentsChanged);
                if ctx.state.environment == Some(EnvironmentChoice::Imported(item.id.clone())) {
                    let _ = storage::set_environment("demo");
                    ctx.state.dispatch(Action::Choose(EnvironmentChoice::Demo));
                }
                ctx.toast(
                    format!("“{}” was deleted from this browser.", item.name),
                    false,
                );
            });
        })
    };
    let close = {
        let asking = asking.clone();
        Callback::from(move |_: ()| asking.set(None))
    };
    let rows = list.iter().map(|e| {
        let choice = EnvironmentChoice::Imported(e.id.clone());
        let checked = current.as_ref() == Some(&choice);
        let id = format!("dataset-{}", e.id);
        let pick = props.choose.reform(move |_: Event| choice.clone());
        let ask = {
            let (asking, e) = (asking.clone(), e.clone());
            Callback::from(move |_: MouseEvent| asking.set(Some(e.clone())))
        };
        let date = e.imported_on.get(..10).unwrap_or(&e.imported_on).to_string();
        html! {
            <div class="stored-environment">
                <label class="radio" for={id.clone()}>
                    <input type="radio" id={id} name="environment" {checked} onchange={pick} />
                    <span class="wrap">{ e.name.clone() }</span>
                    <span class="muted small">{ format!(" · imported {date} · {} assessments, {} resources · {}",
                        thousands(e.assessments), thousands(e.resources), size(e.bytes as f64)) }</span>
                </label>
                <button class="link-button" onclick={ask} aria-label={format!("Delete {}", e.name)}>{ "Delete" }</button>
            </div>
        }
    });
    html! {
        <>
            { for rows }
            if let Some((used, quota)) = *usage {
                <p class="muted small" data-testid="storage-usage">
                    { format!("Exempt uses {} of the {} this browser allows it.", size(used), size(quota)) }
                </p>
            }
            if let Some(e) = &*asking {
                <ConfirmDialog title="Delete environment" confirm_label="Delete"
                    message={format!("Delete “{}” and its exemptions from this browser? Import its files again to get it back.", e.name)}
                    on_confirm={delete} on_cancel={close} />
            }
        </>
    }
}
