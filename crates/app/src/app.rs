//! The root: state, storage effects, environment, analysis, and the shell.

use crate::analysis::Analysis;
use crate::components::banners::Banners;
use crate::components::link::RouteLink;
use crate::components::toast::UndoToast;
use crate::context::Ctx;
use crate::data::World;
use crate::route::Route;
use crate::state::{Action, AppState, Banner};
use crate::{clock, pages, storage};
use gloo_events::EventListener;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;
use yew_router::prelude::*;

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(AppState::default);

    // Read storage once.
    {
        let state = state.clone();
        use_effect_with((), move |_| {
            let action = match storage::load() {
                storage::Loaded::Ready {
                    document,
                    migrated_from,
                } => Action::Loaded(document, migrated_from.map(Banner::Migrated), false),
                storage::Loaded::Recovered {
                    reason,
                    raw,
                    backup,
                } => {
                    let read_only = backup.is_none();
                    let banner = Banner::Recovered {
                        reason,
                        raw,
                        backup,
                    };
                    Action::Loaded(Default::default(), Some(banner), read_only)
                }
                storage::Loaded::Unavailable(why) => {
                    Action::Loaded(Default::default(), Some(Banner::Unavailable(why)), false)
                }
            };
            state.dispatch(action);
        });
    }
    // Save after every local change.
    {
        let state = state.clone();
        use_effect_with(state.saved_revision, move |&revision| {
            if revision > 0 && !state.read_only {
                if let Err(message) = storage::save(&state.document()) {
                    state.dispatch(Action::SaveFailed(message));
                }
            }
        });
    }
    // Another tab's changes.
    {
        let state = state.clone();
        use_effect_with((), move |_| {
            let window = web_sys::window().expect("window");
            let listener = EventListener::new(&window, "storage", move |event| {
                if let Some(event) = event.dyn_ref::<web_sys::StorageEvent>() {
                    if let Some(document) = storage::changed_elsewhere(event) {
                        state.dispatch(Action::External(document));
                    }
                }
            });
            move || drop(listener)
        });
    }

    // The environment: rebuilt when the setting changes. The large one takes
    // a moment, so the "loading" state is painted first.
    let world = use_state(|| None::<Rc<World>>);
    {
        let world = world.clone();
        let dataset = state.document_settings.dataset;
        let loaded = state.loaded;
        use_effect_with((dataset, loaded), move |&(dataset, loaded)| {
            let current = world.as_ref().map(|w| w.dataset);
            let timer = (loaded && current != Some(dataset)).then(|| {
                world.set(None);
                gloo_timers::callback::Timeout::new(30, move || {
                    world.set(Some(Rc::new(World::new(dataset))))
                })
            });
            move || drop(timer)
        });
    }

    let analysis = {
        let records = state.records.clone();
        let world = (*world).clone();
        use_memo((world, records), |(world, records)| {
            world
                .as_ref()
                .map(|w| Rc::new(Analysis::new(w, records, clock::now())))
        })
    };

    let (Some(world), Some(analysis)) = ((*world).clone(), (*analysis).clone()) else {
        return html! {
            <div class="boot" role="status" aria-live="polite">
                <div class="spinner" aria-hidden="true"></div>
                <p>{ "Loading the environment…" }</p>
            </div>
        };
    };
    let ctx = Ctx {
        state,
        world,
        analysis,
    };
    html! {
        <ContextProvider<Ctx> context={ctx}>
            <HashRouter>
                <Shell />
            </HashRouter>
        </ContextProvider<Ctx>>
    }
}

#[function_component(Shell)]
fn shell() -> Html {
    let route = use_route::<Route>().unwrap_or(Route::Overview);
    let section = match route {
        Route::Overview => 0,
        Route::Recommendations | Route::Recommendation { .. } => 1,
        Route::Environments
        | Route::Exemptions
        | Route::NewExemption
        | Route::EditExemption { .. }
        | Route::History => 2,
        Route::Settings => 3,
        Route::NotFound => 9,
    };
    let item = |i: usize, to: Route, label: &str, icon: &str| {
        html! {
            <li>
                <RouteLink to={to} class="nav-link" current={section == i}>
                    <span class="nav-icon" aria-hidden="true">{ icon.to_string() }</span>
                    { label.to_string() }
                </RouteLink>
            </li>
        }
    };
    html! {
        <div class="shell">
            <a class="skip-link" href="#main">{ "Skip to content" }</a>
            <header class="topbar">
                <span class="brand">{ "Microsoft Defender for Cloud" }</span>
                <span class="brand-sub">{ "· Exempt" }</span>
            </header>
            <div class="layout">
                <nav class="sidenav" aria-label="Defender for Cloud">
                    <ul>
                        { item(0, Route::Overview, "Overview", "◎") }
                        { item(1, Route::Recommendations, "Recommendations", "☰") }
                        { item(2, Route::Environments, "Environment settings", "⚙") }
                        { item(3, Route::Settings, "Settings", "✱") }
                    </ul>
                </nav>
                <main id="main" class="content" tabindex="-1">
                    <Banners />
                    <Switch<Route> render={pages::switch} />
                    <UndoToast />
                </main>
            </div>
        </div>
    }
}
