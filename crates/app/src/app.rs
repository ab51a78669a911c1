//! The root: starts the worker, opens the chosen environment, saves after
//! changes, hears other tabs, and renders the shell and the routes.

use crate::client::{Engine, EngineClient};
use crate::components::banners::Banners;
use crate::components::defer::{use_next_task_when, Later};
use crate::components::link::RouteLink;
use crate::components::status::{Status, WorkingIndicator};
use crate::components::toast::Toast;
use crate::context::{use_ctx, Ctx};
use crate::persist;
use crate::protocol::{EnvironmentChoice, Event, Request};
use crate::route::Route;
use crate::state::{Action, AppState, EngineStatus, Review, SaveStatus};
use crate::{embed, pages, storage};
use gloo_events::EventListener;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;
use yew_router::prelude::*;

fn on_event(state: UseReducerHandle<AppState>, review: UseStateHandle<Review>) -> Callback<Event> {
    Callback::from(move |event: Event| match event {
        Event::Ready => state.dispatch(Action::EngineReady),
        Event::Progress {
            id,
            label,
            done,
            total,
        } => {
            let label = if total > 0 {
                format!("{label} ({}%)", u64::from(done) * 100 / u64::from(total))
            } else {
                label
            };
            if id == 0 {
                review.set(Review(Some(label)));
            } else {
                state.dispatch(Action::Progress(label));
            }
        }
        Event::State(summary) => {
            if summary.status.findings_ready && summary.status.worth_ready {
                review.set(Review(None));
            }
            state.dispatch(Action::State(Rc::new(*summary)))
        }
        Event::Crashed(why) => state.dispatch(Action::EngineCrashed(why)),
    })
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(AppState::default);
    let review = use_state_eq(Review::default);
    let engine = use_state(|| None::<Engine>);

    // Start the worker, and choose the environment remembered in settings,
    // in a task after the first render's (see `components::defer`).
    {
        let state = state.clone();
        let engine = engine.clone();
        let review = review.clone();
        use_effect_with((), move |_| {
            let start = {
                let state = state.clone();
                gloo_timers::callback::Timeout::new(0, move || {
                    match EngineClient::start(on_event(state.clone(), review)) {
                        Ok(client) => engine.set(Some(Engine(client))),
                        Err(why) => state.dispatch(Action::EngineCrashed(why)),
                    }
                    if let Err(why) = storage::available() {
                        state.dispatch(Action::Unavailable(why));
                    }
                    if let Some(why) = embed::storage_kept_apart() {
                        state.dispatch(Action::NotKept(why));
                    }
                    let chosen = storage::environment()
                        .and_then(|e| EnvironmentChoice::from_key(&e))
                        .unwrap_or(EnvironmentChoice::Demo);
                    state.dispatch(Action::Choose(chosen));
                })
            };
            // A newer build was installed for offline use (see web/boot.js).
            let window = web_sys::window().expect("a window");
            let update = EventListener::new(&window, "exempt:update", move |_| {
                state.dispatch(Action::Notice(
                    "A new version of Exempt has been installed. Reload the page to use it.".into(),
                ))
            });
            move || {
                drop(start);
                drop(update);
            }
        });
    }
    // The shell shows one task after the worker listens (starting a worker
    // compiles its module beside the page, and the shell's first render
    // compiles much of the page's own code: apart, neither slows the
    // other), and the page inside it once the environment is open. The
    // router and the contexts come first, the shell itself a frame later:
    // each compiles a part of that code.
    let shell = use_next_task_when(state.engine == EngineStatus::Ready);
    // Open the chosen environment once the worker listens and the shell is
    // shown.
    {
        let state = state.clone();
        let engine = (*engine).clone();
        let ready = shell;
        use_effect_with(
            (ready, state.environment.clone(), state.open_generation),
            move |(ready, chosen, _)| {
                if let (true, Some(chosen), Some(engine)) = (*ready, chosen.clone(), engine) {
                    if state.opened.as_ref() != Some(&chosen) {
                        let may_write = !matches!(state.save, SaveStatus::NotKept(_));
                        let dispatch = Callback::from(move |a| state.dispatch(a));
                        wasm_bindgen_futures::spawn_local(persist::open(
                            engine, chosen, may_write, dispatch,
                        ));
                    }
                }
            },
        );
    }
    // Save whenever the worker holds changes storage does not; after a
    // failure, again only once something changes.
    {
        let saving = use_mut_ref(|| false);
        let attempted = use_mut_ref(|| u64::MAX);
        let state = state.clone();
        let engine = (*engine).clone();
        let dirty = state.summary.as_ref().is_some_and(|s| s.status.dirty);
        let key = (
            state.revision(),
            dirty,
            state.save.clone(),
            state.opened.clone(),
        );
        use_effect_with(key, move |(_, dirty, save, opened)| {
            let blocked = matches!(
                save,
                SaveStatus::Stopped(_) | SaveStatus::Unavailable(_) | SaveStatus::NotKept(_)
            );
            let revision = state.revision();
            let retry = !matches!(save, SaveStatus::Failed(_)) || *attempted.borrow() != revision;
            if let (true, false, true, Some(engine), Some(env)) =
                (*dirty, blocked, retry, engine, opened.clone())
            {
                if !*saving.borrow() {
                    *saving.borrow_mut() = true;
                    *attempted.borrow_mut() = revision;
                    let overwrite = state
                        .recovered
                        .as_ref()
                        .is_some_and(|r| r.backup.as_deref() == Some(""));
                    let dispatch = Callback::from(move |a| state.dispatch(a));
                    wasm_bindgen_futures::spawn_local(async move {
                        persist::save(engine, env, overwrite, dispatch).await;
                        *saving.borrow_mut() = false;
                    });
                }
            }
        });
    }
    // Other tabs' saves and settings. The listener lives across renders, so
    // it reads the environment shown through a cell kept current here.
    let opened = use_mut_ref(|| None::<EnvironmentChoice>);
    opened.borrow_mut().clone_from(&state.opened);
    {
        let state = state.clone();
        let engine = (*engine).clone();
        let opened = opened.clone();
        use_effect_with(engine.is_some(), move |_| {
            let listener = engine.map(|engine| {
                let window = web_sys::window().expect("window");
                EventListener::new(&window, "storage", move |event| {
                    let Some(event) = event.dyn_ref::<web_sys::StorageEvent>() else {
                        return;
                    };
                    let Some((key, text)) = storage::changed(event) else {
                        return;
                    };
                    // Cloned: a dispatch below may render, which updates the cell.
                    let current = opened.borrow().clone();
                    let hosted = current == Some(EnvironmentChoice::Hosted);
                    if key == storage::environments::ENVIRONMENTS_KEY {
                        state.dispatch(Action::EnvironmentsChanged);
                        // The environment shown was deleted in another tab.
                        if let Some(EnvironmentChoice::Imported(id)) = &current {
                            if !storage::environments::list().iter().any(|e| &e.id == id) {
                                state.dispatch(Action::Notice(
                                    "The environment shown was deleted in another tab: the demo environment is shown instead.".into(),
                                ));
                                state.dispatch(Action::Choose(EnvironmentChoice::Demo));
                            }
                        }
                    } else if key == storage::SETTINGS_KEY && !hosted {
                        if let Some(env) =
                            storage::environment().and_then(|e| EnvironmentChoice::from_key(&e))
                        {
                            state.dispatch(Action::Choose(env));
                        }
                    } else if let Some(env) = current.as_ref() {
                        if key == storage::document_key(env.key()) {
                            engine.0.ask(Request::External(text), |_| {});
                        }
                    }
                })
            });
            move || drop(listener)
        });
    }

    let booting = html! { <div class="boot">{ boot(&state.engine, None) }</div> };
    let engine = match (*engine).clone() {
        Some(engine) if shell => engine,
        _ => return booting,
    };
    let ctx = Ctx {
        state,
        engine: engine.clone(),
    };
    html! {
        <ContextProvider<Engine> context={engine}>
            <ContextProvider<Ctx> context={ctx}>
                <ContextProvider<Review> context={(*review).clone()}>
                    <HashRouter>
                        <Later fallback={booting}><Shell /></Later>
                    </HashRouter>
                </ContextProvider<Review>>
            </ContextProvider<Ctx>>
        </ContextProvider<Engine>>
    }
}

/// What shows until the environment is open: what is being done, or why
/// the engine stopped.
fn boot(engine: &EngineStatus, label: Option<String>) -> Html {
    if let EngineStatus::Crashed(why) = engine {
        return html! {
            <div class="booting" role="alert">
                <p><strong>{ "The engine stopped." }</strong>{ format!(" {why}. Reload the page to start again; your saved exemptions are kept.") }</p>
            </div>
        };
    }
    html! {
        <div class="booting" role="status" aria-live="polite">
            <div class="spinner" aria-hidden="true"></div>
            <p>{ format!("{}…", label.unwrap_or_else(|| "Starting the engine".into())) }</p>
        </div>
    }
}

#[function_component(Shell)]
fn shell() -> Html {
    let route = use_route::<Route>().unwrap_or(Route::Overview);
    use_effect_with(route.clone(), |route| {
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            doc.set_title(&format!("{} · Exempt", route.title()));
        }
    });
    if route.is_embed() {
        return html! { <EmbedShell route={route} /> };
    }
    let section = route.section();
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
                <WorkingIndicator />
                <Status />
            </header>
            <div class="layout">
                <nav class="sidenav" aria-label="Defender for Cloud">
                    <Later>
                        <ul>
                            { item(0, Route::Overview, "Overview", "◎") }
                            { item(1, Route::Recommendations, "Recommendations", "☰") }
                            { item(2, Route::Environments, "Environment settings", "⚙") }
                            { item(3, Route::Settings, "Settings", "✱") }
                        </ul>
                    </Later>
                </nav>
                <Later><PageMain class="content" /></Later>
            </div>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct PageMainProps {
    class: &'static str,
}

/// The page itself, the same in the portal shell and in a frame. The page
/// comes one task after the environment is open (see `components::defer`).
#[function_component(PageMain)]
fn page_main(props: &PageMainProps) -> Html {
    let ctx = use_ctx();
    let ready = ctx.state.ready();
    let page = use_next_task_when(ready);
    // Tells web/boot.js the first page is shown.
    use_effect_with(page, |&page| {
        if page {
            if let (Some(w), Ok(e)) = (web_sys::window(), web_sys::Event::new("exempt:shown")) {
                let _ = w.dispatch_event(&e);
            }
        }
    });
    html! {
        <main id="main" class={props.class} tabindex="-1" aria-busy={(!page).then_some("true")}>
            if ready {
                <embed::HostBridge />
            }
            <Banners />
            if page {
                <Switch<Route> render={pages::switch} />
            } else {
                { boot(&ctx.state.engine, ctx.state.opening.clone()) }
            }
            <Toast />
        </main>
    }
}

#[derive(Properties, PartialEq)]
struct EmbedShellProps {
    route: Route,
}

/// A compact view for an iframe: no portal shell, a link to the full app.
#[function_component(EmbedShell)]
fn embed_shell(props: &EmbedShellProps) -> Html {
    html! {
        <div class="embed">
            <header class="embed-bar">
                <span class="brand">{ "Exempt" }</span>
                <WorkingIndicator />
                <Status />
                <a class="embed-open" href={crate::nav::full_url(&props.route)} target="_blank" rel="noopener"
                    aria-label="Open in Exempt (opens a new tab)">{ "Open in Exempt ↗" }</a>
            </header>
            <Later><PageMain class="embed-content" /></Later>
        </div>
    }
}
