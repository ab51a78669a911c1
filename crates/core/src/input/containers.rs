//! Management groups and subscriptions, in every shape Azure lists them:
//! Resource Graph rows, REST `GET`s with `$expand=children` (nested with
//! `$recurse`), ancestors or path, descendants, membership rows,
//! `GET /subscriptions` and `az account list`.

use super::kinds::{group_name, required, State};
use super::row::{text, Child, Lenient, Properties, Row};
use crate::error::Error;

impl State<'_> {
    pub(super) fn group(&mut self, row: &Row<'_>, p: &Properties<'_>) {
        let Some(name) = text(&row.name).map(str::trim).filter(|n| !n.is_empty()) else {
            return;
        };
        let details = p.details.get();
        // Nearest ancestor first, from whichever field the shape has.
        let mut chain: Vec<(&str, Option<&str>)> = details
            .and_then(|d| d.management_group_ancestors_chain.get())
            .into_iter()
            .flatten()
            .filter_map(|n| n.get())
            .filter_map(|n| Some((group_name(n)?, text(&n.display_name))))
            .collect();
        if chain.is_empty() {
            if let Some(path) = details.and_then(|d| d.path.get()) {
                chain = path
                    .iter()
                    .filter_map(|n| n.get())
                    .filter_map(|n| Some((group_name(n)?, text(&n.display_name))))
                    .filter(|(n, _)| !n.eq_ignore_ascii_case(name))
                    .rev()
                    .collect();
            }
        }
        let parent = details
            .and_then(|d| d.parent.get())
            .and_then(group_name)
            .or_else(|| p.parent.get().and_then(group_name))
            .or_else(|| chain.first().map(|(n, _)| *n));
        self.builder
            .add_management_group(name, text(&p.display_name), parent);
        for (i, (ancestor, display)) in chain.iter().enumerate() {
            let above = chain.get(i + 1).map(|(n, _)| *n);
            self.builder.add_management_group(ancestor, *display, above);
        }
        if let Some(children) = p.children.get() {
            self.children(name, text(&p.display_name), children);
        }
    }

    /// `$expand=children`, nested with `$recurse=true`.
    fn children(
        &mut self,
        parent: &str,
        parent_display: Option<&str>,
        children: &[Lenient<Child<'_>>],
    ) {
        for child in children.iter().filter_map(|c| c.get()) {
            let Some(name) =
                text(&child.name).or_else(|| text(&child.id).and_then(|i| i.rsplit('/').next()))
            else {
                continue;
            };
            let kind = text(&child.kind).unwrap_or("");
            if kind.eq_ignore_ascii_case("/subscriptions") {
                self.builder.add_subscription(
                    name,
                    text(&child.display_name),
                    &[(parent, parent_display)],
                );
            } else {
                self.builder
                    .add_management_group(name, text(&child.display_name), Some(parent));
                if let Some(grand) = child.children.get() {
                    self.children(name, text(&child.display_name), grand);
                }
            }
        }
    }

    pub(super) fn subscription(&mut self, row: &Row<'_>, p: &Properties<'_>) -> Result<(), Error> {
        let is_arg = text(&row.kind).is_some();
        let (id, display) = if let Some(id) = text(&row.subscription_id) {
            // Resource Graph names the subscription in `name`; REST in `displayName`.
            let display = if is_arg {
                text(&row.name)
            } else {
                text(&row.display_name)
            };
            (id, display)
        } else {
            // `az account list`: a bare GUID in `id`, the name in `name`.
            (required(text(&row.id), "id")?, text(&row.name))
        };
        let id = id.trim().trim_start_matches("/subscriptions/");
        let chain: Vec<(&str, Option<&str>)> = p
            .management_group_ancestors_chain
            .get()
            .into_iter()
            .flatten()
            .filter_map(|n| n.get())
            .filter_map(|n| Some((group_name(n)?, text(&n.display_name))))
            .collect();
        self.builder.add_subscription(id, display, &chain);
        Ok(())
    }
}
