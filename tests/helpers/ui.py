"""Helpers shared by the Pilot tests."""

from __future__ import annotations

import unicodedata

from textual.widgets import Input

from app.session import Session, SessionConfig
from app.ui.app import InspectorApp
from app.ui.inspector.field_row import FieldRow
from app.ui.inspector.hierarchy import HierarchyPane
from app.ui.inspector.inspector import Inspector
from tests.helpers.common import LOCAL, wait_until


async def select_slot(pilot, path: str, focus_tree: bool = False) -> None:
    """Select a slot in the hierarchy and wait until the inspector shows it, in view."""
    app = pilot.app
    app.query_one(HierarchyPane).select(app.session.scene.find_slot(path))
    inspector = app.query_one(Inspector)
    await wait_until(lambda: app.slot_panel.slot.path == path and shown_in_view(inspector))
    if focus_tree:
        app.query_one(HierarchyPane).tree.focus()
    await pilot.pause()


def shown_in_view(inspector: Inspector) -> bool:
    """The inspector's shown panel is up to date and scrolled into view."""
    panel = inspector.current
    return panel.is_attached and panel.panel_in_view and bool(panel.region) and panel.region.y == inspector.region.y


def url_app(paths, url: str, **config) -> InspectorApp:
    """The app as `ws-inspector URL` starts it (`config`: more SessionConfig, e.g. retry_interval)."""
    return InspectorApp(Session(SessionConfig(paths=paths, local_user=LOCAL, url=url, **config)))


async def connected_client(pilot):
    """The URL's client, once connected, with its slot shown."""
    client = next(pilot.app.session.scene.components())
    await wait_until(lambda: client["IsConnected"])
    await select_slot(pilot, "Root/Command line")
    return client


def app_with_scene(paths, scene: str, grant: int | None = None, **config) -> InspectorApp:
    """The app on a scene file with this text; `grant`: a port on 127.0.0.1 allowed for the run;
    `config`: more SessionConfig (e.g. record)."""
    paths.scene_file.parent.mkdir(parents=True, exist_ok=True)
    paths.scene_file.write_text(scene)
    session = Session(SessionConfig(paths=paths, local_user=LOCAL, **config))
    if grant is not None:
        session.access.grant_for_run(f"127.0.0.1:{grant}")
    return InspectorApp(session)


def chat_client(url: str) -> str:
    """A scene file's WebsocketClient on Root/Chat, retrying every 0.2 s."""
    return f'[[component]]\nslot = "Root/Chat"\ntype = "WebsocketClient"\nURL = "{url}"\nConnectRetryInterval = 0.2\n'


def field_row(app: InspectorApp, name: str) -> FieldRow:
    """The row of a field in the shown slot's (first) card."""
    return next(r for r in app.slot_panel.query(FieldRow) if r.spec.name == name)


def unsafe(text: str) -> list[str]:
    """Characters that must never reach the terminal raw."""
    return [ch for ch in text if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp")]


async def type_into(pilot, widget: Input, text: str) -> None:
    """Focus a field, type into it from empty, press Enter."""
    widget.focus()
    await pilot.pause()
    widget.value = ""
    await pilot.press(*text)
    await pilot.press("enter")
    await pilot.pause()


def drawn_text(app: InspectorApp) -> str:
    """Everything the current screen draws (toasts and dialogs included), as the terminal gets it."""
    update = app.screen._compositor.render_full_update()
    return "\n".join("".join(segment.text for segment in strip) for strip in update.strips)


def unsafe_drawn(app: InspectorApp) -> list[str]:
    """Control characters anywhere in what the app draws or names: the screen, every widget's own
    render, toasts and titles."""
    found = unsafe(drawn_text(app).replace("\n", "")) + unsafe(app.title) + unsafe(app.sub_title)
    for notification in app._notifications:
        found += unsafe(notification.message) + unsafe(notification.title)
    for widget in app.screen.walk_children(with_self=False):
        if widget.display and widget.size.area:
            for strip in widget.render_lines(widget.size.region):
                found += unsafe(strip.text)
    return found


async def answer_host_access(pilot, key: str) -> None:
    """Press a/o/d once the Host Access dialog takes letter keys (shown a moment, typing paused)."""
    from app.ui.dialogs.host_access_screen import HostAccessDialog

    app = pilot.app
    await wait_until(lambda: isinstance(app.screen, HostAccessDialog) and app.screen.accepts_keys())
    await pilot.press(key)


def one_client_scene(url: str = "", enabled: bool = True) -> str:
    """A scene file's text: one WebsocketClient in the slot Root/A."""
    lines = ["format = 1", "[[component]]", 'slot = "Root/A"', 'type = "WebsocketClient"', f'URL = "{url}"']
    return "\n".join([*lines, *([] if enabled else ["Enabled = false"])]) + "\n"
